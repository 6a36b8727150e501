"""Kept runs: each reference or nightly run's verdicts, compact, by commit.

    python -m vaecore.report history results/slow-cpu/claims.json       # -> results/history/slow-cpu/<commit>.json
    python -m vaecore.report history --show --name slow-cpu             # a claim's verdict over the kept runs
    python -m vaecore.report diff "$(python -m vaecore.report history --last --name gpu-nightly)" reports/gpu/claims.json

A kept run is ``<root>/<name>/<commit>.json`` (root ``results/history``, name the report's folder):
the run's commit, date, machine, backend, precision, tiers and wall time, and per claim test its
id, test (``nodeid``), parameter, tier, verdict and scalar measured values (floats to 4 significant
digits); no figures, statements or preconditions. ``vaecore.report diff`` reads it like a report.

>>> compact_claim({"id": "km4.pca2", "nodeid": "t.py::test_pca[fast-2]", "tier": "fast", "verdict": "holds",
...                "measured": {"purity": 0.812345, "per_k": [1, 2], "note": "ok"}, "figures": []})
{'id': 'km4.pca2', 'nodeid': 't.py::test_pca[fast-2]', 'param': 'fast-2', 'tier': 'fast', 'verdict': 'holds', 'measured': {'purity': 0.8123, 'note': 'ok'}}
"""

from __future__ import annotations

import json
import math
from pathlib import Path

KIND = "vaeclaims-history"  # the "kind" of a kept run, which report readers tell from a claims.json
ROOT = Path("results") / "history"
_RUN_FIELDS = ("commit", "date", "machine", "backend", "precision", "tiers", "wall_time_s", "smoke", "seed")
_TEXT = 60  # longest measured string kept


def compact_claim(claim: dict) -> dict:
    """A claim record reduced to what a verdict history needs."""
    nodeid = claim.get("nodeid") or claim["id"]
    param = nodeid.rsplit("[", 1)[1].rstrip("]") if nodeid.endswith("]") else ""
    measured = {k: _scalar(v) for k, v in (claim.get("measured") or {}).items() if _scalar(v) is not None}
    return {"id": claim["id"], "nodeid": nodeid, "param": param, "tier": claim.get("tier"),
            "verdict": claim["verdict"], "measured": measured}


def compact(report: dict) -> dict:
    """A whole report as a kept run."""
    run = {k: report["run"][k] for k in _RUN_FIELDS if k in report["run"]}
    return {"kind": KIND, "run": run, "claims": [compact_claim(c) for c in report["claims"]]}


def keep(report_path, name: str | None = None, root=ROOT) -> Path:
    """Write the report at ``report_path`` as ``<root>/<name>/<commit>.json`` (name: its folder's)."""
    from .report import read_report

    report_path = Path(report_path)
    kept = compact(read_report(report_path))
    name = name or report_path.resolve().parent.name
    commit = kept["run"].get("commit") or "unknown"
    path = Path(root) / name / f"{commit}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(kept, indent=1) + "\n")
    return path


def runs(name: str, root=ROOT) -> list[tuple[Path, dict]]:
    """The kept runs of ``name``, oldest first (by the run's date)."""
    folder = Path(root) / name
    found = [(p, read(p)) for p in folder.glob("*.json")]
    return sorted(found, key=lambda pr: (pr[1]["run"].get("date", ""), pr[0].name))


def names(root=ROOT) -> list[str]:
    return sorted(p.name for p in Path(root).iterdir() if p.is_dir()) if Path(root).is_dir() else []


def last(name: str, root=ROOT) -> Path:
    """The latest kept run of ``name``."""
    kept = runs(name, root)
    if not kept:
        raise ValueError(f"{Path(root) / name}: no kept run (python -m vaecore.report history CLAIMS.json "
                         f"--name {name} keeps one)")
    return kept[-1][0]


def read(path) -> dict:
    """A kept run, or any claims report (checked as :func:`vaecore.report.read_report` does)."""
    from .report import read_json, validate

    data = read_json(path)
    if isinstance(data, dict) and data.get("kind") == KIND:
        if not isinstance(data.get("claims"), list) or not isinstance(data.get("run"), dict):
            raise ValueError(f"{path}: a kept run needs 'run' and 'claims'")
    else:
        validate(data, path)
    return data


def table(name: str, root=ROOT, claim: str | None = None) -> str:
    """Each claim test's verdict over the kept runs of ``name`` (columns oldest first)."""
    from .diff import key

    kept = runs(name, root)
    if not kept:
        return f"{name}: no kept runs in {root}"
    columns = [data["run"].get("commit", path.stem)[:8] for path, data in kept]
    rows: dict[str, list[str]] = {}
    for i, (_, data) in enumerate(kept):
        for c in data["claims"]:
            if claim and c["id"] != claim:
                continue
            test = key(c)
            label = f"{c['id']} [{test.rsplit('[', 1)[1]}" if test.endswith("]") else c["id"]
            rows.setdefault(label, ["-"] * len(kept))[i] = c["verdict"]
    width = max([len(k) for k in rows] + [10])
    lines = [f"{name}: {len(kept)} kept runs ({', '.join(d['run'].get('date', '?')[:10] for _, d in kept)})",
             f"{'claim test':<{width}}  " + "  ".join(f"{c:<12}" for c in columns)]
    lines += [f"{k:<{width}}  " + "  ".join(f"{v:<12}" for v in vs) for k, vs in sorted(rows.items())]
    return "\n".join(lines)


def _scalar(v):
    if isinstance(v, int):  # bools too
        return v
    if isinstance(v, float):
        return float(f"{v:.4g}") if math.isfinite(v) else str(v)
    if isinstance(v, str) and len(v) <= _TEXT:
        return v
    return None
