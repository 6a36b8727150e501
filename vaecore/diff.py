"""Verdict changes between two claims reports (``python -m vaecore.report diff OLD NEW``).

Claims are matched by their test (the record's ``nodeid``: claim id and test parameter;
the claim id when a record has none). Only verdict changes are listed, claims present in
one report only included. A *decided* verdict flipped when ``holds`` and ``refuted`` swap,
or a decided claim now breaks (``holds``/``refuted`` -> ``error``); changes to or from
``inconclusive``, ``skipped`` or ``smoke`` are listed without failing anything.

>>> old = {"claims": [{"id": "km4.pca2", "verdict": "holds", "measured": {"purity": 0.81}}]}
>>> new = {"claims": [{"id": "km4.pca2", "verdict": "refuted", "measured": {"purity": 0.42}}]}
>>> [change] = diff(old, new)
>>> change.flipped
True
>>> print(format_change(change))
FLIP km4.pca2: holds -> refuted
    before: purity=0.81
    after:  purity=0.42
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .report import _natural

DECIDED = ("holds", "refuted")
_WIDTH = 100  # characters of measured values shown per side


@dataclass(frozen=True)
class Change:
    """One claim test whose verdict differs; ``None``: not in that report."""

    key: str
    id: str
    test: str  # the test as the newer report names it (its nodeid), else the claim id
    before: str | None
    after: str | None
    measured_before: str
    measured_after: str

    @property
    def flipped(self) -> bool:
        """A decided verdict flipped: holds <-> refuted, or holds/refuted -> error."""
        return self.before in DECIDED and self.after in (*DECIDED, "error") and self.before != self.after


def diff(old: dict, new: dict) -> list[Change]:
    """The verdict changes from report ``old`` to report ``new``, in claim order."""
    before, after = _by_key(old), _by_key(new)
    changes = []
    for key in sorted(before.keys() | after.keys(), key=_natural):
        a, b = before.get(key), after.get(key)
        verdict_a, verdict_b = (a or {}).get("verdict"), (b or {}).get("verdict")
        if verdict_a != verdict_b:
            m_a, m_b = (a or {}).get("measured") or {}, (b or {}).get("measured") or {}
            moved = [k for k in {**m_a, **m_b} if m_a.get(k) != m_b.get(k)]
            record = b or a
            changes.append(Change(key=key, id=record["id"], test=record.get("nodeid") or record["id"],
                                  before=verdict_a, after=verdict_b,
                                  measured_before=shorten(m_a, first=moved) if a else "",
                                  measured_after=shorten(m_b, first=moved) if b else ""))
    return changes


def baseline_of(claim: dict, old: dict) -> dict:
    """What ``claims[i]["baseline"]`` records: the claim's verdict in ``old`` (``None``: absent)."""
    verdict = (_by_key(old).get(key(claim)) or {}).get("verdict")
    change = Change(key(claim), claim["id"], claim.get("nodeid") or claim["id"], verdict, claim["verdict"], "", "")
    return {"verdict": verdict, "changed": verdict != claim["verdict"], "flipped": change.flipped}


def format_change(change: Change) -> str:
    """``FLIP`` for a decided flip, the claim id and its verdicts; below, the test (when the
    report names it) and the measured values before and after, those that moved first."""
    lines = [f"{'FLIP ' if change.flipped else ''}{change.id}: {change.before or 'absent'} -> "
             f"{change.after or 'absent'}"]
    if change.test != change.id:
        lines.append(f"    test:   {change.test.split('::', 1)[-1]}")
    lines.append(f"    before: {change.measured_before or '-'}")
    lines.append(f"    after:  {change.measured_after or '-'}")
    return "\n".join(lines)


def summary(changes: list[Change]) -> str:
    """``3 verdicts changed, 1 decided verdict flipped`` (or that none changed)."""
    if not changes:
        return "no verdict changed"
    flips = sum(c.flipped for c in changes)
    return (f"{len(changes)} verdict{'s' * (len(changes) != 1)} changed, "
            f"{flips} decided verdict{'s' * (flips != 1)} flipped")


def shorten(measured: dict, width: int = _WIDTH, first=()) -> str:
    """``name=value, ...`` (the names in ``first`` first) with floats to 4 significant digits,
    cut at ``width`` characters.

    >>> shorten({"peak": 16.2512, "per_seed": [1.0, 2.5], "rates": {"0.5": 0.003}}, first=["rates"])
    'rates={0.5=0.003}, peak=16.25, per_seed=[1, 2.5]'
    """
    names = [k for k in first if k in measured] + [k for k in measured if k not in first]
    text = ", ".join(f"{k}={_value(measured[k])}" for k in names)
    return text if len(text) <= width else text[: width - 3] + "..."


_SEED = re.compile(r"-s\d+-")


def key(claim: dict) -> str:
    """The claim test: its ``nodeid``, else its claim id. The seed part of a model name in a test
    parameter (``-s<N>-``) is left out, so that runs on other seeds (``--claims-seed``) match.

    >>> key({"id": "a.b", "nodeid": "t.py::test[fast-mnist28-ae-z16-bce-e15-s2-bf16]"})
    't.py::test[fast-mnist28-ae-z16-bce-e15-s*-bf16]'
    """
    return _SEED.sub("-s*-", claim.get("nodeid") or claim["id"])


def _by_key(report: dict) -> dict[str, dict]:
    return {key(c): c for c in report["claims"]}


def _value(v) -> str:
    if isinstance(v, float):
        return f"{v:.4g}" if math.isfinite(v) else str(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}={_value(x)}" for k, x in v.items()) + "}"
    return str(v)
