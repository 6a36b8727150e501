"""The verdict of a decision rule, shared by every post's rules: a typed :class:`Judgement`.

``judgement(checks, preconditions, noise)`` -> :class:`Judgement`: ``checks`` name each part of
the tolerance with its measured value (``{"KL / reco = 3.9e-06 < 4e-06": True}``); an unmet
:class:`vaecore.convergence.Precondition` makes the verdict ``inconclusive`` whatever the checks
say (CLAIMS.md, "How to read a claim"). A share measured on ``n`` images decides its bar only from
``NOISE_SE`` binomial standard errors away (:func:`sample_decides`): refuted needs the effect
outside the sampling spread.

The verdict is a pure function of the judgement's checks and preconditions, and the trained
models' convergence joins it through the same function (:meth:`Judgement.using`), so the
post-figure tests check exactly the verdict that reaches the report.

>>> judgement({"a >= 1": True}).verdict
'holds'
>>> from vaecore.convergence import Precondition
>>> judgement({"a >= 1": False}, [Precondition("ae converged", False, "3 %", "< 1 %")]).verdict
'inconclusive'
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from vaecore.convergence import Precondition

NOISE_SE = 2.0  # within 2 binomial standard errors a share (or a gap) is within the sampling noise
DECIDED = ("holds", "refuted")


@dataclass(frozen=True)
class Judgement(Mapping):
    """What a decision rule concluded: its checks (each named with its measured value), the
    preconditions they need, the rule's derived values, and the verdict that follows.

    It reads like the dict rules used to return (``j["verdict"]``, ``j["checks"]``,
    ``j["preconditions"]``, ``j["bound"]`` for a derived value), so callers can index it.
    """

    checks: Mapping = field(default_factory=dict)
    preconditions: tuple = ()
    values: Mapping = field(default_factory=dict)  # the rule's derived numbers (a ratio, a bound)
    tolerance: str = ""
    rationale: str = ""

    @property
    def verdict(self) -> str:
        """inconclusive if a precondition is unmet, else holds if every check passes, else refuted."""
        if not all(p.met for p in self.preconditions):
            return "inconclusive"
        return "holds" if all(self.checks.values()) else "refuted"

    def unmet(self) -> list[Precondition]:
        return [p for p in self.preconditions if not p.met]

    def failed(self) -> list[str]:
        return [what for what, ok in self.checks.items() if not ok]

    def using(self, *sources) -> "Judgement":
        """This judgement with more preconditions: the trained models it measured (``Trained``
        runs: their convergence preconditions) or :class:`Precondition` records. A precondition
        already present by name keeps the unmet one of the two."""
        extra = [p for s in sources for p in (s.preconditions if hasattr(s, "preconditions")
                                                and not isinstance(s, Judgement) else (s,))]
        kept: dict[str, Precondition] = {}
        for p in (*self.preconditions, *extra):
            if p.name not in kept or kept[p.name].met:
                kept[p.name] = p
        return dataclasses.replace(self, preconditions=tuple(kept.values()))

    def joined(self, other: "Judgement") -> "Judgement":
        """Two rules' judgements of one claim as one: every check and precondition of both."""
        return dataclasses.replace(self, checks={**self.checks, **other.checks},
                                   values={**self.values, **other.values},
                                   tolerance="; ".join(t for t in (self.tolerance, other.tolerance) if t),
                                   rationale="; ".join(t for t in (self.rationale, other.rationale) if t)
                                   ).using(*other.preconditions)

    def with_values(self, **values) -> "Judgement":
        """The judgement with derived numbers attached (read back as ``j[name]``)."""
        return dataclasses.replace(self, values={**self.values, **values})

    def described(self, tolerance: str, rationale: str = "") -> "Judgement":
        return dataclasses.replace(self, tolerance=tolerance, rationale=rationale)

    # Mapping: the verdict, the checks, the preconditions and the derived values by name.
    def __getitem__(self, key):
        if key in ("verdict", "checks", "preconditions"):
            return getattr(self, key) if key != "preconditions" else list(self.preconditions)
        return self.values[key]

    def __iter__(self):
        return iter(("verdict", "checks", "preconditions", *self.values))

    def __len__(self) -> int:
        return 3 + len(self.values)


def judgement(checks: dict, preconditions=(), noise=()) -> Judgement:
    """The :class:`Judgement` of ``checks`` under ``preconditions``: inconclusive if one is unmet.

    ``noise``: the checks that compare a share of ``n`` images with a bar, as
    ``(check, label, share, bar, n)`` (or ``(check, label, z)``); they add the precondition that the sample decides the
    verdict (:func:`sample_decides`).
    """
    preconditions = list(preconditions)
    if noise:
        preconditions.append(sample_decides(checks, noise))
    return Judgement(dict(checks), tuple(preconditions))


def post_framework(versions: Mapping, post_tensorflow=("2.7", "2.8")) -> Precondition:
    """Precondition of a claim about a named framework version (CLAIMS.md, "Reading the posts'
    words": Versions): met on the post's TensorFlow with its bundled Keras 2, else the claim is not
    judged (inconclusive, blocking holds and refuted alike) and today's behaviour is reported as
    measured. ``versions``: ``{"tensorflow": "2.21.0", "keras": "3.15.1"}``."""
    tf, keras = str(versions.get("tensorflow", "?")), str(versions.get("keras", "?"))
    met = tf.startswith(tuple(f"{v}." for v in post_tensorflow)) and keras.startswith("2.")
    return Precondition("the post's framework version", met, f"TensorFlow {tf}, Keras {keras}",
                        f"the post ran TensorFlow {' / '.join(post_tensorflow)} with Keras 2: a claim about "
                        "that version is judged on it (lexicon: Versions)")


def binomial_z(share: float, bar: float, n: int) -> float:
    """How many binomial standard errors of ``n`` images (under the bar) ``share`` lies above ``bar``.

    >>> round(binomial_z(0.93, 0.9, 1_000), 2)                 # SE sqrt(0.9 x 0.1 / 1000) = 0.0095
    3.16
    """
    p = min(max(bar, 1.0 / n), 1.0 - 1.0 / n)
    return (share - bar) / math.sqrt(p * (1 - p) / n)


def mean_gap_z(high, low, n: int) -> float:
    """How many standard errors the mean of the shares ``high`` lies above the mean of ``low``, each
    share measured on ``n`` images (independent binomial shares; each share's variance floored at that
    of 1 image in ``n``, as :func:`binomial_z` floors its bar).

    >>> round(mean_gap_z([0.9, 0.9, 0.9], [0.5, 0.5, 0.5], 1_000), 1)   # SE sqrt((3 x 0.09 + 3 x 0.25) / 9 / 1000)
    37.6
    """
    var = lambda q: max(q * (1 - q), (1 - 1 / n) / n)  # noqa: E731  p(1 - p) at p = 1 / n at least
    se = math.sqrt((sum(var(q) for q in high) / len(high) ** 2 + sum(var(q) for q in low) / len(low) ** 2) / n)
    return (float(sum(high)) / len(high) - float(sum(low)) / len(low)) / se


def sample_decides(checks: dict, noise) -> Precondition:
    """A share measured on ``n`` images decides its bar only when it lies >= ``NOISE_SE`` binomial
    SE from it. The verdict is decided when one check is missed decisively (a check without
    sampling noise, or a share >= 2 SE on the wrong side of its bar: refuted whatever the rest
    say), or when every share is >= 2 SE from its bar; else a share within the noise could flip
    it. ``noise``: ``(check, label, share, bar, n)`` per noisy check (``check`` a key of ``checks``),
    or ``(check, label, z)`` where the check's distance from its bar in standard errors is computed
    otherwise (e.g. :func:`mean_gap_z`)."""
    z = {entry[0]: (entry[1], entry[2] if len(entry) == 3 else binomial_z(*entry[2:])) for entry in noise}
    missed = any(not ok and (check not in z or abs(z[check][1]) >= NOISE_SE) for check, ok in checks.items())
    clear = all(abs(v) >= NOISE_SE for _, v in z.values())
    return Precondition("the sample decides the bars", bool(missed or clear),
                        ", ".join(f"{label} {v:+.1f} SE" for label, v in z.values()),
                        f"every share >= {NOISE_SE:g} binomial SE of its images from its bar, or one bar missed "
                        "by that much (or a bar without sampling noise missed)")


def decided_by_any_miss(checks: dict, closeness: dict, also=()) -> list:
    """The run-spread preconditions of several checks of one claim: a check missed beyond the
    spread refutes the claim whatever the others say, so it decides the rest too (as a share
    missed by 2 SE does in :func:`sample_decides`), and so does a missed check without a gate (a
    check of ``checks`` not in ``closeness``); the others' preconditions stay in the record, marked
    not needed (:meth:`vaecore.convergence.Precondition.not_needed`). ``also``: further preconditions
    that such a miss makes unneeded as well (e.g. one that a check's reading presupposes); returned
    first, then ``closeness``'s."""
    decisive = [k for k, ok in checks.items() if not ok and (k not in closeness or closeness[k].met)]
    pre = [*also, *closeness.values()]
    if not decisive:
        return pre
    return [p if p.met else p.not_needed(f"decided by the miss of {decisive[0]!r}") for p in pre]


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

