"""Our own runs' readings, read from the files they were written to.

A post-figure test that feeds a rule a number one of our runs measured reads it here, by its key,
instead of typing it in: a measured number is data, not code (README, "Open"). Numbers a test only
needs of the right kind are synthetic, and the test says so (``# synthetic: ...``).

The reference runs' readings come from frozen copies under ``tests/data``, not from ``results/``:
a new run replaces ``results/<run>/claims.json`` (new values, new verdicts, a new schema version),
and a test that asserts a verdict on a run's readings must keep reading the run it was written
against. Each copy is named for the run it is: schema version, folder, commit of the run.

* :data:`SLOW_REFERENCE_2026_11_21`: the 2026-11-21 slow reference run (commit d38f8eb, a version-1
  report; ``results/slow-cpu/claims.json`` as committed in c09e773);
* :data:`POSTSTEPS_2026_11_29`: the 2026-11-29 post-steps run (commit b3fb906, a version-2 report;
  ``results/poststeps-cpu/claims.json`` as committed in 5510856).

>>> fast("vae2.recon_z16[fast-mnist-12k-15ep]/same_digit")            # seed 0 of the fast spreads
0.949
>>> reference("test_radius_peaks_at_sqrt_zdim[slow-mnist-z64]")["measured"]["radius_peak"]  # of the 2026-11-21 run
30.75
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[1] / "results"
DATA = Path(__file__).resolve().parent / "data"
FAST_SPREADS = "spreads/fast-mnist.json"
# The 2026-11-21 slow reference run: commit d38f8eb, schema version 1 (frozen copy of results/slow-cpu/claims.json).
SLOW_REFERENCE_2026_11_21 = DATA / "claims-v1-slow-cpu-d38f8eb.json"
# The 2026-11-29 post-steps run: commit b3fb906, schema version 2 (frozen copy of results/poststeps-cpu/claims.json).
POSTSTEPS_2026_11_29 = DATA / "claims-v2-poststeps-cpu-b3fb906.json"


@cache
def _read(path: Path) -> dict:
    return json.loads(Path(path).read_text())


def fast(key: str, seed: int | None = 0):
    """``key``'s value at ``seed`` in the fast tier's seed spreads (``results/spreads/fast-mnist.json``,
    keys ``<claim id>[<param>]/<quantity>``); ``seed=None``: its values over every seed measured."""
    quantities = _read(RESULTS / FAST_SPREADS)["quantities"]
    if key not in quantities:
        raise KeyError(f"{key!r} is not in results/{FAST_SPREADS}: rerun the fast seeds "
                       "(python -m vaecore.spreads) or correct the key")
    q = quantities[key]
    return list(q["values"]) if seed is None else q["values"][q["seeds"].index(seed)]


def reference(test: str, report: Path = SLOW_REFERENCE_2026_11_21) -> dict:
    """The claim record of ``test`` (its test id, ``test_name[param]``) in the frozen ``report``
    (default: :data:`SLOW_REFERENCE_2026_11_21`, the 2026-11-21 slow reference run)."""
    claims = _read(report)["claims"]
    found = [c for c in claims if c.get("nodeid", "").split("::", 1)[-1] == test]
    if len(found) != 1:
        raise KeyError(f"{test!r} names {len(found)} claims in {Path(report).name}, expected 1")
    return found[0]


def precondition(test: str, name: str, report: Path = SLOW_REFERENCE_2026_11_21):
    """The recorded precondition ``name`` of ``test`` in the frozen ``report`` (default: the 2026-11-21
    slow reference run), as a :class:`vaecore.convergence.Precondition`."""
    from vaecore.convergence import Precondition

    records = [p for p in reference(test, report)["preconditions"] if p["name"] == name]
    if len(records) != 1:
        raise KeyError(f"{name!r} names {len(records)} preconditions of {test!r} in {Path(report).name}")
    return Precondition.from_dict(records[0])
