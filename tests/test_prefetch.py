"""Prefetch: the missing models of a tier trained in parallel (local processes, Ray, submitit), each once."""

import io
import os
import stat
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tests.test_train import TINY, tiny_images
from vaecore import prefetch as pf
from vaecore.registry import Model
from vaecore.train import _entry

ROOT = Path(__file__).resolve().parents[1]
TWO = [Model(TINY), Model(replace(TINY, z_dim=2))]


def tiny_task(job):
    """The prefetch task on 64 random 8x8 images (no data set needed)."""
    return pf.train_job(job, images=tiny_images())


@pytest.fixture
def importable(monkeypatch):
    """Workers in other processes import this module (their task) under pytest's name for it, as this one did."""
    paths = [str(Path(sys.modules[__name__].__file__).parent), str(ROOT), os.environ.get("PYTHONPATH", "")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))


def _assert_trained_once(landed, models):
    assert sorted(r.name for r in landed) == sorted(m.name for m in models)
    assert all(r.trained and r.error is None for r in landed), landed
    for m in models:
        assert (_entry(m.config)[0] / "meta.json").is_file()


def test_plan_lists_the_missing_models_with_cores_split_among_workers(monkeypatch):
    # Check that cached models are left out and that 8 cores over 2 workers give 4 threads each.
    monkeypatch.setattr(pf, "cores", lambda: 8)
    monkeypatch.setattr("vaecore.train.is_cached", lambda config: config == TINY)
    monkeypatch.setenv("VAECLAIMS_DATA", "/data/here")
    [job] = pf.plan(TWO, workers=2)
    assert job.model == TWO[1] and job.threads == 4
    assert ("VAECLAIMS_DATA", "/data/here") in job.env
    assert pf.plan(TWO, workers=3, threads=1)[0].threads == 1
    with pytest.raises(ValueError, match="workers=0"):
        pf.plan(TWO, workers=0)


def test_local_launcher_reports_each_model_as_it_lands_and_a_failure_by_name():
    # Check the local engine: one model trains, one that cannot (3-channel CelebA net on 1-channel
    # images) is reported with its error, and the run goes on.
    broken = Model(replace(TINY, dataset="celeba"))
    out = io.StringIO()
    landed = pf.prefetch([TWO[0], broken], "local", workers=2, task=tiny_task, quiet=True, out=out)
    by_name = {r.name: r for r in landed}
    assert by_name[TINY.name].trained and by_name[TINY.name].threads >= 1
    assert by_name[broken.name].error and not by_name[broken.name].trained
    text = out.getvalue()
    assert "2 of 2 models to train on local" in text and f"{broken.name} FAILED" in text


def test_ray_two_workers_train_two_models_into_one_cache_each_once(importable):
    # Check the Ray engine on this machine: two workers, two tiny models, each trained once with
    # 1 thread of the 2 cores; a second prefetch finds both cached and trains nothing.
    pytest.importorskip("ray")
    landed = pf.prefetch(TWO, "ray", workers=2, threads=1, task=tiny_task, quiet=True, out=io.StringIO())
    _assert_trained_once(landed, TWO)
    assert {r.threads for r in landed} == {1}
    out = io.StringIO()
    assert pf.prefetch(TWO, "ray", workers=2, task=tiny_task, quiet=True, out=out) == []
    assert "0 of 2 models to train: all cached" in out.getvalue()


def test_submitit_local_executor_trains_the_job_array(importable, tmp_path):
    # Check the submitit path with its local executor: the array's two jobs land, each trained once.
    pytest.importorskip("submitit")
    landed = pf.prefetch(TWO, "submitit", workers=2, threads=1, task=tiny_task, quiet=True, out=io.StringIO(),
                         cluster="local", folder=tmp_path / "logs", timeout_min=10)
    _assert_trained_once(landed, TWO)


def test_slurm_submission_is_one_array_with_its_parallelism_gpus_and_partition(tmp_path, monkeypatch):
    # Check the recorded sbatch script of a 3-model array on Slurm: 2 at a time, a GPU each, 4 cpus.
    pytest.importorskip("submitit")
    from vaecore.launchers import submitit_executor

    record = tmp_path / "sbatch-script.sh"
    sbatch = tmp_path / "bin" / "sbatch"
    sbatch.parent.mkdir()
    sbatch.write_text(f'#!/bin/sh\ncp "$1" {record}\necho "Submitted batch job 4242"\n')
    srun = sbatch.with_name("srun")  # submitit looks for it; the array's tasks would run through it
    srun.write_text("#!/bin/sh\nexit 1\n")
    for tool in (sbatch, srun):
        tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{sbatch.parent}{os.pathsep}{os.environ['PATH']}")
    executor = submitit_executor(tmp_path / "logs", workers=2, cpus_per_task=4, gpus_per_task=1,
                                 cluster="slurm", partition="gpu")
    jobs = [pf.Job(m, threads=4) for m in (*TWO, Model(replace(TINY, z_dim=4)))]
    submitted = executor.map_array(tiny_task, jobs)
    assert [j.job_id for j in submitted] == ["4242_0", "4242_1", "4242_2"]
    script = record.read_text()
    for line in ("#SBATCH --array=0-2%2", "#SBATCH --gres=gpu:1", "#SBATCH --cpus-per-task=4",
                 "#SBATCH --partition=gpu"):
        assert line in script, script


def test_prefetch_cli_rejects_a_model_not_in_the_tier(tmp_path, capsys):
    # Check that --only names the unknown model and the command that lists the tier.
    settings = tmp_path / "settings.py"
    settings.write_text("from tests.test_train import TINY\nTIER_MODELS = {'fast': (TINY,)}\n")
    sys.path.insert(0, str(ROOT))
    with pytest.raises(SystemExit):
        pf.main(["--tier", "fast", "--from", str(settings), "--only", "nope"])
    err = capsys.readouterr().err
    assert "nope" in err and "vaecore.registry list --tier fast" in err
    assert pf.main(["--tier", "fast", "--from", str(settings), "--dry-run"]) == 0
    assert capsys.readouterr().out.strip() == TINY.name


def test_bench_trains_serially_then_in_parallel_into_two_empty_caches(tmp_path, monkeypatch):
    # Check scripts/bench_prefetch.py on two tiny models (local engine, 2 workers): both sides train
    # every model into their own cache and the ratio is serial / parallel wall time.
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_prefetch", ROOT / "scripts" / "bench_prefetch.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    monkeypatch.setenv("VAECLAIMS_CACHE", str(tmp_path / "untouched"))  # bench sets it per side
    out = io.StringIO()
    times = bench.bench(TWO, tmp_path / "caches", launcher="local", workers=2, task=tiny_task, out=out)
    assert times["ratio"] == pytest.approx(times["serial_s"] / times["local_s"])
    for side in ("serial", "local"):
        for m in TWO:
            monkeypatch.setenv("VAECLAIMS_CACHE", str(tmp_path / "caches" / side))
            assert (_entry(m.config)[0] / "meta.json").is_file()
    assert "ratio" in out.getvalue()
