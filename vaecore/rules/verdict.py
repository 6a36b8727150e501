"""The verdict of a decision rule, shared by every post's rules.

``judgement(checks, preconditions, noise)`` -> ``{"verdict": "holds" | "refuted" | "inconclusive",
"checks": {what: bool}, "preconditions": [...]}``: ``checks`` name each part of the tolerance
with its measured value; an unmet :class:`vaecore.convergence.Precondition` makes the verdict
``inconclusive`` whatever the checks say (CLAIMS.md, "How to read a claim"). A share measured
on ``n`` images decides its bar only from ``NOISE_SE`` binomial standard errors away
(:func:`sample_decides`): refuted needs the effect outside the sampling spread.

>>> judgement({"a >= 1": True})["verdict"]
'holds'
>>> from vaecore.convergence import Precondition
>>> judgement({"a >= 1": False}, [Precondition("ae converged", False, "3 %", "< 1 %")])["verdict"]
'inconclusive'
"""

from __future__ import annotations

import math

from vaecore.convergence import Precondition

NOISE_SE = 2.0  # within 2 binomial standard errors a share (or a gap) is within the sampling noise


def judgement(checks: dict, preconditions=(), noise=()) -> dict:
    """``{"verdict", "checks", "preconditions"}``: inconclusive if a precondition is unmet.

    ``noise``: the checks that compare a share of ``n`` images with a bar, as
    ``(check, label, share, bar, n)``; they add the precondition that the sample decides the
    verdict (:func:`sample_decides`).
    """
    preconditions = list(preconditions)
    if noise:
        preconditions.append(sample_decides(checks, noise))
    if not all(p.met for p in preconditions):
        verdict = "inconclusive"
    else:
        verdict = "holds" if all(checks.values()) else "refuted"
    return {"verdict": verdict, "checks": dict(checks), "preconditions": preconditions}


def binomial_z(share: float, bar: float, n: int) -> float:
    """How many binomial standard errors of ``n`` images (under the bar) ``share`` lies above ``bar``.

    >>> round(binomial_z(0.93, 0.9, 1_000), 2)                 # SE sqrt(0.9 x 0.1 / 1000) = 0.0095
    3.16
    """
    p = min(max(bar, 1.0 / n), 1.0 - 1.0 / n)
    return (share - bar) / math.sqrt(p * (1 - p) / n)


def sample_decides(checks: dict, noise) -> Precondition:
    """A share measured on ``n`` images decides its bar only when it lies >= ``NOISE_SE`` binomial
    SE from it. The verdict is decided when one check is missed decisively (a check without
    sampling noise, or a share >= 2 SE on the wrong side of its bar: refuted whatever the rest
    say), or when every share is >= 2 SE from its bar; else a share within the noise could flip
    it. ``noise``: ``(check, label, share, bar, n)`` per noisy check (``check`` a key of ``checks``)."""
    z = {check: (label, binomial_z(share, bar, n)) for check, label, share, bar, n in noise}
    missed = any(not ok and (check not in z or abs(z[check][1]) >= NOISE_SE) for check, ok in checks.items())
    clear = all(abs(v) >= NOISE_SE for _, v in z.values())
    return Precondition("the sample decides the bars", bool(missed or clear),
                        ", ".join(f"{label} {v:+.1f} SE" for label, v in z.values()),
                        f"every share >= {NOISE_SE:g} binomial SE of its images from its bar, or one bar missed "
                        "by that much (or a bar without sampling noise missed)")


def bootstrap_decides(name: str, value: float, boot, *bars: float) -> Precondition:
    """Precondition: every bar lies outside ``value +- 2 SD`` of its bootstrap resamples ``boot``
    (another draw of the same data moves the value that much; inside that spread the comparison
    with a bar cannot decide)."""
    import numpy as np

    b = np.asarray(boot, dtype=np.float64)
    half = 2 * float(b.std())
    shown = ", ".join(f"{x:.4g}" for x in bars)
    return Precondition(f"{name} outside its bootstrap spread", all(abs(value - x) > half for x in bars),
                        f"{value:.4g} +- {half:.2g} (2 SD over {len(b)} bootstrap resamples; "
                        f"range {b.min():.4g} .. {b.max():.4g})",
                        f"the bars {shown} lie outside the value +- 2 SD of its bootstrap resamples")
