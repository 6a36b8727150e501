"""Train a tier's missing models in parallel before its claims run.

    python -m vaecore.prefetch --tier slow --launcher ray --workers 2
    pytest claims --slow            # every model is then a cache hit

The expensive unit of a tier is training a model, and many claims share one; under ``pytest -n N``
the workers that need a model wait on its lock. Here each missing model of the tier
(:mod:`vaecore.registry`) is one task that calls :func:`vaecore.train.train_or_load`, which locks
and caches: a model that another worker or host is training is waited for and loaded, never trained
twice. The tasks run on an engine (:mod:`vaecore.launchers`): ``local`` processes, ``ray`` tasks or
a ``submitit`` job array on Slurm. One line per model is printed as it lands.

Threads: with N workers on C cores, each task's framework gets C // N threads (``--threads``
overrides), set before TensorFlow starts (``TF_NUM_INTRAOP_THREADS``, ``TF_NUM_INTEROP_THREADS``,
``OMP_NUM_THREADS``). The ``VAECLAIMS_*`` variables and ``KERAS_BACKEND`` of this process travel with
each task, so the workers train into the cache this process looks at (on a cluster: a shared
filesystem, or a ``VAECLAIMS_CACHE_REMOTE`` mirror).
"""

from __future__ import annotations

import os
import platform
import re
import sys
import time
from dataclasses import dataclass

from . import launchers
from .errors import RegistryError
from .registry import DEFAULT_SOURCE, TIERS, Model, clock, load

LAUNCHERS = ("local", "ray", "submitit")


@dataclass(frozen=True)
class Job:
    """One model to train in a worker, with its thread budget and this process's settings."""

    model: Model
    threads: int
    env: tuple[tuple[str, str], ...] = ()
    quiet: bool = False


@dataclass(frozen=True)
class Landed:
    """What became of a job: trained there, or loaded (another worker, host or the mirror was first)."""

    name: str
    trained: bool
    seconds: float
    host: str = ""
    threads: int | None = None  # TensorFlow's intra-op threads in that process (None on other backends)
    error: str | None = None

    def line(self, done: int, total: int) -> str:
        where = f" on {self.host}" if self.host else ""
        if self.error:
            return f"[prefetch] {done}/{total} {self.name} FAILED{where}: {self.error}"
        what = "trained" if self.trained else "loaded (stored by another worker first)"
        threads = f", {self.threads} threads" if self.threads else ""
        return f"[prefetch] {done}/{total} {self.name} {what} in {clock(self.seconds)}{where}{threads}"


def train_job(job: Job, images=None) -> Landed:
    """The task: train (or load) one model in this process. ``images`` as for ``train_or_load``."""
    os.environ.update(dict(job.env))
    limit_threads(job.threads)
    t0 = time.perf_counter()
    try:
        from .train import train_or_load

        run = train_or_load(job.model.config, images=images, quiet=job.quiet, keep_epochs=job.model.keep_epochs)
    except Exception as err:  # reported per model; the other jobs go on
        return failed(job, err, time.perf_counter() - t0)
    return Landed(job.model.name, not run.from_cache, time.perf_counter() - t0, platform.node(), _intra_threads())


def failed(job: Job, err: BaseException, seconds: float = 0.0) -> Landed:
    """A job that raised, or that its engine lost: the error's type and its last line (an engine's
    error ends with the task's own, ``RuntimeError: ...``)."""
    lines = [ln.strip() for ln in re.sub(r"\x1b\[[0-9;]*m", "", str(err)).splitlines() if ln.strip()]
    return Landed(job.model.name, False, seconds, platform.node(),
                  error=f"{type(err).__name__}: {(lines or [''])[-1][:300]}")


def limit_threads(n: int) -> None:
    """Give this process's framework ``n`` threads (before TensorFlow starts, else as far as it still can)."""
    for var in ("OMP_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
        os.environ[var] = str(n)
    if "tensorflow" in sys.modules:
        import tensorflow as tf

        try:
            tf.config.threading.set_intra_op_parallelism_threads(n)
            tf.config.threading.set_inter_op_parallelism_threads(n)
        except RuntimeError:  # its runtime already started: the variables above act in fresh workers only
            pass


def _intra_threads() -> int | None:
    if "tensorflow" not in sys.modules:
        return None
    import tensorflow as tf

    return tf.config.threading.get_intra_op_parallelism_threads() or None


def cores() -> int:
    """CPU cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def plan(models, workers: int, threads: int | None = None, quiet: bool = False) -> list[Job]:
    """The jobs for the ``models`` this cache lacks, each with ``threads`` (default cores // workers)."""
    from .train import is_cached

    if workers < 1:
        raise ValueError(f"workers={workers} should be >= 1.")
    threads = threads or max(1, cores() // workers)
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("VAECLAIMS_") or k == "KERAS_BACKEND"))
    return [Job(m, threads, env, quiet) for m in models if not is_cached(m.config)]


def prefetch(models, launcher: str = "local", workers: int = 2, threads: int | None = None, task=train_job,
             quiet: bool = False, out=None, **engine) -> list[Landed]:
    """Train the missing ``models`` on ``launcher`` with ``workers`` at once; print each as it lands.

    ``engine``: ``gpus_per_task`` and ``address`` (Ray), ``gpus_per_task``, ``cluster``, ``partition``,
    ``folder`` and ``timeout_min`` (submitit). ``task(job) -> Landed`` runs in the workers.
    """
    out = out or sys.stdout
    if launcher not in LAUNCHERS:
        raise ValueError(f"launcher={launcher!r} should be one of {LAUNCHERS}.")
    models = list(models)
    jobs = plan(models, workers, threads, quiet)
    print(f"[prefetch] {len(jobs)} of {len(models)} models to train"
          + (f" on {launcher}, {workers} workers x {jobs[0].threads} threads" if jobs else ": all cached"),
          file=out, flush=True)
    if not jobs:
        return []
    if launcher == "local":
        landing = launchers.local(task, jobs, workers, failed)
    elif launcher == "ray":
        landing = launchers.ray(task, jobs, workers, failed, cpus_per_task=jobs[0].threads, **engine)
    else:
        landing = launchers.submitit(task, jobs, workers, failed, cpus_per_task=jobs[0].threads, **engine)
    landed = []
    for result in landing:
        landed.append(result)
        print(result.line(len(landed), len(jobs)), file=out, flush=True)
    return landed


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m vaecore.prefetch", description=__doc__.splitlines()[0])
    parser.add_argument("--tier", choices=TIERS, required=True, help="the tier whose models to train")
    parser.add_argument("--from", dest="source", default=DEFAULT_SOURCE, metavar="SETTINGS",
                        help=f"settings file or module declaring TIER_MODELS (default: {DEFAULT_SOURCE})")
    parser.add_argument("--only", action="append", metavar="NAME", help="only this model of the tier (repeatable)")
    parser.add_argument("--launcher", choices=LAUNCHERS, default="local")
    parser.add_argument("--workers", type=int, default=2, help="models trained at once (default 2)")
    parser.add_argument("--threads", type=int, help="framework threads per worker (default: cores // workers)")
    parser.add_argument("--gpus-per-task", type=float, default=0, help="Ray num_gpus / Slurm gres=gpu:N per model")
    parser.add_argument("--address", help="ray: a running cluster ('auto': the one `ray start` made); "
                                          "default: a local Ray instance")
    parser.add_argument("--cluster", choices=("slurm", "local", "debug"),
                        help="submitit: where the job array runs (default: Slurm if sbatch is here, else local)")
    parser.add_argument("--partition", help="submitit: the Slurm partition")
    parser.add_argument("--timeout-min", type=int, default=24 * 60, help="submitit: time limit per model (min)")
    parser.add_argument("--logs", default=None, help="submitit: log folder (default reports/prefetch-logs/%%j)")
    parser.add_argument("--dry-run", action="store_true", help="list the models that would train, train none")
    parser.add_argument("--quiet", action="store_true", help="no per-epoch lines from the workers")
    args = parser.parse_args(argv)

    try:
        models = load(args.source).models(args.tier)
    except RegistryError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.only:
        unknown = set(args.only) - {m.name for m in models}
        if unknown:
            parser.error(f"--only {sorted(unknown)}: not models of the {args.tier} tier in {args.source} "
                         f"(python -m vaecore.registry list --tier {args.tier})")
        models = [m for m in models if m.name in args.only]
    if args.dry_run:
        for job in plan(models, args.workers, args.threads):
            print(job.model.name)
        return 0
    engine = {}
    if args.launcher == "ray":
        engine = {"gpus_per_task": args.gpus_per_task, "address": args.address}
    elif args.launcher == "submitit":
        engine = {"gpus_per_task": int(args.gpus_per_task), "cluster": args.cluster, "partition": args.partition,
                  "folder": args.logs, "timeout_min": args.timeout_min}
    t0 = time.perf_counter()
    landed = prefetch(models, args.launcher, args.workers, args.threads, quiet=args.quiet, **engine)
    bad = [r for r in landed if r.error]
    print(f"[prefetch] {args.tier}: {sum(r.trained for r in landed)} trained, {len(bad)} failed, "
          f"wall {clock(time.perf_counter() - t0)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
