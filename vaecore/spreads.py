"""Run-to-run spreads of measured quantities, from reports of one setting run on several seeds.

A one-seed comparison can refute (or hold) only when its effect lies farther from the bar than
runs of the same setting differ (CLAIMS.md, "Reading the posts' words": Spreads are measured).
That spread is data, not a constant: run the tier on seeds (``pytest claims -m fast
--claims-seed N --claims-report DIR_N``), then

    python -m vaecore.spreads --out results/spreads/fast-mnist.json DIR_0/claims.json DIR_1/claims.json ...

keeps, per measured scalar of every claim test (``<claim id>[<param>]/<quantity>``), the values
per seed, their mean, min, max and ``spread`` (max - min, for reading). Rules read the standard
deviation of one run over the seeds, :meth:`Spreads.sd` (``load(name).sd(key)``), through
:class:`vaecore.rules.spread.RunSpread`; a quantity measured on fewer than ``MIN_SEEDS`` seeds has
no spread.

>>> reports = [{"run": {"seed": s}, "claims": [{"id": "a.b", "nodeid": "t.py::test[fast]", "verdict": "holds",
...             "measured": {"x": 1.0 + s}}]} for s in range(3)]
>>> Spreads(collect(reports)).sd("a.b[fast]/x")
1.0
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import diff

MIN_SEEDS = 3  # the lexicon: a spread comes from >= 3 seeds of our own setting
RESULTS = Path(__file__).resolve().parents[1] / "results" / "spreads"


def seed_sd(values) -> float | None:
    """The standard deviation (ddof 1) of one run's ``values`` over seeds: None below ``MIN_SEEDS`` values
    (no spread measured).

    >>> seed_sd([1.0, 2.0, 3.0]), seed_sd([1.0, 2.0])
    (1.0, None)
    """
    v = [float(x) for x in values]
    return statistics.stdev(v) if len(v) >= MIN_SEEDS else None


def key(claim: dict, quantity: str) -> str:
    """``<claim id>[<test parameter>]/<quantity>``: one measured scalar of one claim test (a model
    name's seed in the parameter written ``-s*-``, as :func:`vaecore.diff.key` does, so seeds match)."""
    param = diff.key(claim).partition("[")[2].rstrip("]")
    return f"{claim['id']}[{param}]/{quantity}"


def collect(reports: list[dict]) -> dict:
    """Per measured scalar: the value of each seed's report (claims that ran: not skipped or broken)."""
    values: dict[str, dict[int, float]] = defaultdict(dict)
    seeds = set()
    for report in reports:
        seed = int(report["run"].get("seed", 0))
        seeds.add(seed)
        for claim in report["claims"]:
            if claim["verdict"] in ("skipped", "error", "smoke"):
                continue
            for quantity, v in claim.get("measured", {}).items():
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    values[key(claim, quantity)][seed] = float(v)
    quantities = {}
    for k, by_seed in sorted(values.items()):
        v = [by_seed[s] for s in sorted(by_seed)]
        quantities[k] = {"seeds": sorted(by_seed), "values": v, "mean": sum(v) / len(v), "min": min(v),
                         "max": max(v), "spread": max(v) - min(v)}
    return {"seeds": sorted(seeds), "quantities": quantities}


@dataclass(frozen=True)
class Spreads:
    """The spreads of one setting (``collect``'s output, as kept under ``results/spreads``)."""

    data: dict
    source: str = "results/spreads"

    def sd(self, *keys: str, combine=None) -> float | None:
        """The standard deviation (ddof 1) of one run over the seeds (:func:`seed_sd`): of the quantity
        ``keys[0]``, or of ``combine(*values)`` of several quantities seed by seed (:meth:`per_seed`);
        None when fewer than ``MIN_SEEDS`` seeds measured them (then no one-seed comparison is decided).

        >>> s = Spreads({"quantities": {"a": {"seeds": [0, 1, 2], "values": [1.0, 2.0, 3.0]},
        ...                             "b": {"seeds": [0, 1, 2], "values": [1.0, 1.0, 1.0]}}})
        >>> s.sd("a"), s.sd("a", "b", combine=lambda a, b: a - b), s.sd("c")
        (1.0, 1.0, None)
        """
        if len(keys) != 1 and combine is None:
            raise ValueError(f"Spreads.sd of {len(keys)} quantities {keys} needs combine= (how one seed's values "
                             "make the judged value); each quantity judged alone takes its own sd(key)")
        rows = self.per_seed(*keys)
        if rows is None:
            return None
        return seed_sd([combine(*r) if combine else r[0] for r in rows])

    def per_seed(self, *keys: str) -> list[tuple[float, ...]] | None:
        """The values of ``keys`` per seed, for the seeds that measured all of them (>= ``MIN_SEEDS``),
        so that a rule can combine them seed by seed; None when fewer seeds measured them all.

        >>> s = Spreads({"quantities": {"a": {"seeds": [0, 1, 2], "values": [1.0, 2.0, 3.0]},
        ...                             "b": {"seeds": [0, 1, 2], "values": [4.0, 5.0, 6.0]}}})
        >>> s.per_seed("a", "b"), s.per_seed("a", "c")
        ([(1.0, 4.0), (2.0, 5.0), (3.0, 6.0)], None)
        """
        found = [self.data.get("quantities", {}).get(k) for k in keys]
        if not found or any(q is None for q in found):
            return None
        common = sorted(set.intersection(*(set(q["seeds"]) for q in found)))
        if len(common) < MIN_SEEDS:
            return None
        return [tuple(q["values"][q["seeds"].index(seed)] for q in found) for seed in common]

    def describe(self, *keys: str) -> str:
        parts = []
        for k in keys:
            q = self.data.get("quantities", {}).get(k)
            parts.append(f"{k}: not measured on >= {MIN_SEEDS} seeds" if q is None or len(q["seeds"]) < MIN_SEEDS
                         else f"{k}: {q['min']:.4g} .. {q['max']:.4g} over seeds {q['seeds']}")
        return f"{self.source}: " + "; ".join(parts)


def load(name: str, folder: Path | None = None) -> Spreads:
    """The spreads of setting ``name`` (``results/spreads/<name>.json``, looked up in the current
    directory, then in the repository holding this package); empty when not measured."""
    if folder is None:
        here = Path.cwd() / "results" / "spreads"
        folder = here if here.is_dir() else RESULTS
    path = folder / f"{name}.json"
    data = json.loads(path.read_text()) if path.is_file() else {}
    return Spreads(data, f"results/spreads/{name}.json" if data else f"results/spreads/{name}.json (absent)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Spreads of measured quantities over seed reports.")
    parser.add_argument("reports", nargs="+", help="claims.json of one setting, one per seed")
    parser.add_argument("--out", required=True, help="the JSON to write (results/spreads/<setting>.json)")
    args = parser.parse_args(argv)
    reports = [json.loads(Path(p).read_text()) for p in args.reports]
    data = collect(reports)
    data["made"] = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "commits": sorted({r["run"].get("commit", "?") for r in reports}),
                    "command": "python -m vaecore.spreads " + " ".join(sys.argv[1:] if argv is None else argv)}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(data, indent=1) + "\n")
    print(f"{args.out}: {len(data['quantities'])} quantities over seeds {data['seeds']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
