"""Our own runs' readings, read from the committed files they were written to (``results/``).

A post-figure test that feeds a rule a number one of our runs measured reads it here, by its key,
instead of typing it in: a measured number is data, not code (README, "Open"). Numbers a test only
needs of the right kind are synthetic, and the test says so (``# synthetic: ...``).

>>> fast("vae2.recon_z16[fast-mnist-12k-15ep]/same_digit")            # seed 0 of the fast spreads
0.949
>>> reference("slow-cpu", "test_radius_peaks_at_sqrt_zdim[slow-mnist-z64]")["measured"]["radius_peak"]
30.75
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[1] / "results"
FAST_SPREADS = "spreads/fast-mnist.json"


@cache
def _read(name: str) -> dict:
    return json.loads((RESULTS / name).read_text())


def fast(key: str, seed: int | None = 0):
    """``key``'s value at ``seed`` in the fast tier's seed spreads (``results/spreads/fast-mnist.json``,
    keys ``<claim id>[<param>]/<quantity>``); ``seed=None``: its values over every seed measured."""
    quantities = _read(FAST_SPREADS)["quantities"]
    if key not in quantities:
        raise KeyError(f"{key!r} is not in results/{FAST_SPREADS}: rerun the fast seeds "
                       "(python -m vaecore.spreads) or correct the key")
    q = quantities[key]
    return list(q["values"]) if seed is None else q["values"][q["seeds"].index(seed)]


def reference(run: str, test: str) -> dict:
    """The claim record of ``test`` (its test id, ``test_name[param]``) in ``results/<run>/claims.json``."""
    claims = _read(f"{run}/claims.json")["claims"]
    found = [c for c in claims if c.get("nodeid", "").split("::", 1)[-1] == test]
    if len(found) != 1:
        raise KeyError(f"{test!r} names {len(found)} claims in results/{run}/claims.json, expected 1")
    return found[0]


def precondition(run: str, test: str, name: str):
    """The recorded precondition ``name`` of ``test`` in ``results/<run>/claims.json``, as a
    :class:`vaecore.convergence.Precondition`."""
    from vaecore.convergence import Precondition

    records = [p for p in reference(run, test)["preconditions"] if p["name"] == name]
    if len(records) != 1:
        raise KeyError(f"{name!r} names {len(records)} preconditions of {test!r} in results/{run}/claims.json")
    return Precondition.from_dict(records[0])
