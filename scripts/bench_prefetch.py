"""Serial training against ``prefetch --launcher ray`` on 2 workers: the wall time of each and the ratio.

    VAECLAIMS_DATA=../shared/data python scripts/bench_prefetch.py --tier slow \\
        mnist28-ae-z2-bce-e15-s0-bf16 mnist28-ae-z4-bce-e15-s0-bf16 \\
        mnist28-ae-z12-bce-e15-s0-bf16 mnist28-ae-z64-bce-e15-s0-bf16

Both sides train the named models of the tier (``python -m vaecore.registry list --tier slow``) into
an empty cache of their own (folders under ``--caches``, default a fresh temporary folder): first
serially (``--launcher local --workers 1``: one model at a time, each in a fresh process with every
core), then on the engine asked for (default ``ray``) with ``--workers`` (default 2) at cores // workers
threads each. Afterwards ``VAECLAIMS_CACHE=<the ray cache> pytest claims ...`` finds them all cached.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def bench(models, caches: Path, launcher: str = "ray", workers: int = 2, task=None, out=None) -> dict:
    """``{"serial_s", "<launcher>_s", "ratio"}``: each side's wall time into its own empty cache."""
    import os

    from vaecore.prefetch import prefetch, train_job

    out = out or sys.stdout
    times = {}
    for side, engine, n in (("serial", "local", 1), (launcher, launcher, workers)):
        cache = caches / side
        if cache.exists() and any(cache.iterdir()):
            raise SystemExit(f"{cache} is not empty: the benchmark trains into empty caches (pass --caches DIR)")
        os.environ["VAECLAIMS_CACHE"] = str(cache)
        print(f"[bench] {side}: {len(models)} models, {n} worker(s), cache {cache}", file=out, flush=True)
        t0 = time.perf_counter()
        landed = prefetch(models, engine, n, task=task or train_job, quiet=True, out=out)
        times[f"{side}_s"] = time.perf_counter() - t0
        bad = [r.name for r in landed if r.error or not r.trained]
        if bad:
            raise SystemExit(f"[bench] {side}: not trained here: {bad}")
    times["ratio"] = times["serial_s"] / times[f"{launcher}_s"]
    print(f"[bench] serial {times['serial_s']:.1f} s, {launcher} x{workers} {times[f'{launcher}_s']:.1f} s: "
          f"ratio {times['ratio']:.2f}", file=out, flush=True)
    return times


def main(argv=None) -> int:
    from vaecore.registry import DEFAULT_SOURCE, TIERS, load

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="+", help="models of the tier (at least 4 for the issue's measurement)")
    parser.add_argument("--tier", choices=TIERS, default="slow")
    parser.add_argument("--from", dest="source", default=DEFAULT_SOURCE, metavar="SETTINGS")
    parser.add_argument("--launcher", choices=("ray", "submitit", "local"), default="ray")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--caches", type=Path, help="folder for the two caches (default: a new temporary one)")
    args = parser.parse_args(argv)
    by_name = {m.name: m for m in load(args.source).models(args.tier)}
    unknown = [n for n in args.names if n not in by_name]
    if unknown:
        parser.error(f"{unknown}: not models of the {args.tier} tier in {args.source}")
    caches = args.caches or Path(tempfile.mkdtemp(prefix="bench-prefetch-"))
    bench([by_name[n] for n in args.names], caches, args.launcher, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
