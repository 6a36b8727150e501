"""Engines that run prefetch tasks in parallel, each yielding the tasks' results as they land.

``local(task, jobs, workers)``: fresh spawned processes on this machine (one per job).
``ray(task, jobs, workers, ...)``: Ray tasks with ``num_cpus`` / ``num_gpus`` each, on a local Ray
instance (``ray.init()``) or a cluster (``address="auto"`` where ``ray start`` ran), one fresh worker
process per task (``max_calls=1``). ``submitit(task, jobs, workers, ...)``: a Slurm job array
(``slurm_array_parallelism`` = workers, ``gres=gpu:N`` when GPUs are asked for); ``cluster="local"``
runs the same jobs as local processes, ``"debug"`` in this process (submitit's own executors).

Ray and submitit are optional (``pip install -e ".[ray]"`` / ``".[slurm]"``) and imported on use.
A job the engine loses (a killed worker, a failed array task) comes back as ``failed(job, error)``.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path


def local(task, jobs, workers: int, failed):
    """Run ``task(job)`` in ``workers`` spawned processes, a fresh one per job."""
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), max_tasks_per_child=1) as pool:
        futures = {pool.submit(task, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as err:  # the process died: report the job, keep the others going
                yield failed(futures[future], err)


def ray(task, jobs, workers: int, failed, cpus_per_task: int = 1, gpus_per_task: float = 0,
        address: str | None = None):
    """Run ``task(job)`` as Ray tasks; a local Ray instance sized to ``workers`` tasks at once unless
    ``address`` names a running cluster (``"auto"``: the one ``ray start`` made on this host)."""
    import ray as ray_

    started = not ray_.is_initialized()
    if started:
        if address:
            ray_.init(address=address)
        else:
            ray_.init(num_cpus=workers * cpus_per_task, num_gpus=workers * gpus_per_task or None,
                      include_dashboard=False)
    remote = ray_.remote(num_cpus=cpus_per_task, num_gpus=gpus_per_task, max_calls=1, max_retries=0)(task)
    pending = {remote.remote(job): job for job in jobs}
    try:
        while pending:
            [ref], _ = ray_.wait(list(pending), num_returns=1)
            job = pending.pop(ref)
            try:
                yield ray_.get(ref)
            except ray_.exceptions.RayError as err:
                yield failed(job, err)
    finally:
        if started:
            ray_.shutdown()


def submitit_executor(folder, workers: int, cpus_per_task: int = 1, gpus_per_task: int = 0,
                      cluster: str | None = None, partition: str | None = None, timeout_min: int = 24 * 60):
    """submitit's ``AutoExecutor`` for a job array of prefetch tasks (Slurm when ``cluster`` is None
    and sbatch is here, or ``"slurm"``; ``"local"`` / ``"debug"`` on this machine)."""
    import submitit

    executor = submitit.AutoExecutor(folder=Path(folder), cluster=cluster)
    params = {"name": "vaecore-prefetch", "timeout_min": timeout_min, "cpus_per_task": cpus_per_task,
              "slurm_array_parallelism": workers}
    if gpus_per_task:
        params["slurm_gres"] = f"gpu:{gpus_per_task}"
    if partition:
        params["slurm_partition"] = partition
    executor.update_parameters(**params)
    return executor


def submitit(task, jobs, workers: int, failed, cpus_per_task: int = 1, gpus_per_task: int = 0,
             cluster: str | None = None, partition: str | None = None, folder=None, timeout_min: int = 24 * 60):
    """Run ``task(job)`` as one submitit job array; its logs go to ``folder``."""
    import submitit as submitit_

    folder = folder or os.path.join("reports", "prefetch-logs", "%j")
    executor = submitit_executor(folder, workers, cpus_per_task, gpus_per_task, cluster, partition, timeout_min)
    submitted = executor.map_array(task, list(jobs))
    by_id = {id(j): job for j, job in zip(submitted, jobs)}
    for j in submitit_.helpers.as_completed(submitted, poll_frequency=2):
        try:
            yield j.result()
        except Exception as err:  # a failed or cancelled array task: its log is in ``folder``
            yield failed(by_id[id(j)], err)
