"""Claim records as they finish, so that a killed run still leaves a report.

``<report dir>/records.jsonl`` holds one JSON object a line, each written and flushed at once:
``{"run": ..., "environment": ...}`` when the run's first claim test finishes (the file is
started afresh then), one ``{"claim": record}`` per finished claim test, and
``{"end": {"wall_time_s": ...}}`` when the session ends. :func:`render` rebuilds
``claims.json`` and ``claims.html`` from it (``python -m vaecore.report render DIR``); a run
without its ``end`` line is marked ``run["partial"] = true``.

A run made in parts (say a tier's claims run as their models finish training) is joined by
:func:`merge` (``python -m vaecore.report render PART1 PART2 ... --out DIR``): the parts' lines in
order, so a later record of a test replaces an earlier one and the last part's run line heads the
report, and one ``end`` line with the parts' summed wall time when every part ended.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .report import judge_notes, load_references, precisions_run, tiers_run, write_report

FILE = "records.jsonl"


class Records:
    """The writer of one run's ``records.jsonl`` in ``folder`` (one writer: the xdist controller)."""

    def __init__(self, folder):
        self.path = Path(folder) / FILE
        self.started = False

    def start(self, run: dict, env: dict) -> None:
        """Begin the file afresh with what ran (``vaecore.report.run_info``, ``environment``)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._write({"run": run, "environment": env}, mode="w")
        self.started = True

    def claim(self, record: dict) -> None:
        """A finished claim test's record, with its verdict, ``nodeid`` and ``duration_s``."""
        self._write({"claim": record})

    def end(self, wall_time_s: float) -> None:
        self._write({"end": {"wall_time_s": round(float(wall_time_s), 1)}})

    def _write(self, entry: dict, mode: str = "a") -> None:
        with self.path.open(mode) as f:
            f.write(json.dumps(entry, default=_jsonable) + "\n")
            f.flush()
            os.fsync(f.fileno())


def _path(source) -> Path:
    source = Path(source)
    return source / FILE if source.is_dir() else source


def _entries(path: Path):
    """The JSON objects of a records file in order; a torn last line, from a run killed while
    writing it, is left out, any other broken line names the file and line."""
    lines = path.read_text().splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as err:
            if n == len(lines):
                return
            raise ValueError(f"{path}:{n}: not JSON ({err})") from err


def read(path) -> tuple[dict, list[dict], dict | None]:
    """The header, the claim records (the last one of each test) and the end line (``None``:
    the run did not end). A torn last line, from a run killed while writing it, is left out."""
    path = Path(path)
    head, claims, end = None, {}, None
    for entry in _entries(path):
        if "run" in entry:
            head = entry
        elif "claim" in entry:
            record = entry["claim"]
            claims[record.get("nodeid") or record["id"]] = record
        elif "end" in entry:
            end = entry["end"]
    if head is None:
        raise ValueError(f"{path}: no run line: not a records file written by the claims report")
    return head, list(claims.values()), end


def merge(sources, out) -> Path:
    """Write ``<out>/records.jsonl`` from the records of the parts of one run, in order (see the
    module docstring); a part without its ``end`` line leaves the merged run without one (partial)."""
    entries, ends = [], []
    for source in sources:
        path = _path(source)
        read(path)  # a part that is not a records file fails here, naming it
        for entry in _entries(path):
            if "end" in entry:
                ends.append(entry["end"]["wall_time_s"])
            else:
                entries.append(entry)
    if len(ends) == len(sources):
        entries.append({"end": {"wall_time_s": round(sum(ends), 1)}})
    target = Path(out) / FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("".join(json.dumps(e) + "\n" for e in entries))
    return target


def render(source, out=None, references="results") -> tuple[Path, Path]:
    """Write ``claims.json`` and ``claims.html`` into ``out`` (default: the records' folder)
    from ``source``, a ``records.jsonl`` or the folder holding one. ``references``: the folder
    of reference runs shown beside (``None``: none). Returns the two paths."""
    path = _path(source)
    head, claims, end = read(path)
    run = {**head["run"], "tiers": tiers_run(claims), "precision": precisions_run(claims),
           "wall_time_s": end["wall_time_s"] if end else round(sum(c.get("duration_s", 0.0) for c in claims), 1)}
    if end is None:
        run["partial"] = True
    refs = load_references(references) if references else {}
    return write_report(Path(out) if out else path.parent, claims, head["environment"], run=run,
                        notes=judge_notes(), references=refs)


def _jsonable(v):
    if hasattr(v, "tolist"):
        return v.tolist()
    return str(v)
