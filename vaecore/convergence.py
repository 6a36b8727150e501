"""Preconditions of a verdict, and the one every claim about a trained model has: convergence.

A claim may only be *refuted* when its setting meets the claim's preconditions (CLAIMS.md,
"How to read a claim"); when one is not met, the verdict is *inconclusive* and names it.
A :class:`Precondition` is a plain record, ``{"name", "met", "value", "rule", "needed",
"why_not_needed"}`` in the report. ``met`` is what the verdict reads: an unmet precondition blocks
it. A precondition the verdict does not rest on (a refutation decided by another part of the
rule) stays in the record, marked ``needed=False`` with its reason (:meth:`Precondition.not_needed`):
it blocks nothing, and the report shows it as "not needed", not as met.

:class:`Converged` is the criterion a model setting states for its runs: over the last
epoch, a held-out loss moved by less than ``rel_change`` of its value, so more training
could not carry a claim's measurement across its bar.

>>> criterion = Converged("test_mse_per_pixel", rel_change=0.02)
>>> criterion.check({"test_mse_per_pixel": [0.10, 0.05, 0.0495]}, model="ae").met
True
>>> criterion.check({"test_mse_per_pixel": [0.10, 0.05]}, model="ae").met   # still falling 50 %
False
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace


@dataclass(frozen=True)
class Precondition:
    """One precondition of a verdict: what, whether it holds, the measured value, the rule; and
    whether the verdict rests on it (``needed``; if not, ``why_not_needed`` says why).

    >>> p = Precondition("the judge separates", False, "blend 0.32", "every distorted kind >= 0.8")
    >>> p.status, p.not_needed("decided by the miss of 'falls'").status
    ('not met', 'not needed')
    >>> q = p.not_needed("decided by the miss of 'falls'")
    >>> q.met, q.value, q.rule == p.rule    # blocks nothing; the measurement and the rule unchanged
    (True, 'blend 0.32', True)
    """

    name: str
    met: bool
    value: object
    rule: str
    needed: bool = True
    why_not_needed: str = ""

    def __post_init__(self):
        if not self.needed and not (self.met and self.why_not_needed):
            raise ValueError(f"precondition {self.name!r}: needed=False with met={self.met!r} and "
                             f"why_not_needed={self.why_not_needed!r}: use .not_needed(why), which sets both.")

    @property
    def status(self) -> str:
        """``"met"``, ``"not met"`` or ``"not needed"``: what the report shows."""
        return "not needed" if not self.needed else "met" if self.met else "not met"

    def not_needed(self, why: str) -> "Precondition":
        """This precondition kept in the record as one the verdict does not rest on: it blocks no
        verdict (``met``), and the report shows it as "not needed", with ``why``."""
        return replace(self, met=True, needed=False, why_not_needed=why)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, record: dict) -> "Precondition":
        """A precondition from its report record (one of a version-1 or -2 report has no ``needed``:
        it was needed)."""
        return cls(**{f.name: record[f.name] for f in fields(cls) if f.name in record})


@dataclass(frozen=True)
class Converged:
    """A model setting's convergence criterion, checked on a run's per-epoch history.

    ``metric``: a history key, best a held-out score (``test_*``, logged by
    ``TrainConfig.eval_n``); ``rel_change``: the largest relative change the last epoch may
    make, ``|m[-1] - m[-2]| / |m[-2]|``; ``why``: the one-line rationale of the threshold.
    A run of a single epoch, or one without the metric, has not shown it converged.
    """

    metric: str = "total_loss"
    rel_change: float = 0.01
    why: str = ""

    def __post_init__(self):
        if not 0 < self.rel_change < 1:
            raise ValueError(f"rel_change={self.rel_change} should be in (0, 1).")

    def last_change(self, history: dict) -> float | None:
        """The relative change of ``metric`` over the last epoch (None if it cannot be told)."""
        values = history.get(self.metric) or []
        if len(values) < 2 or values[-2] == 0:
            return None
        return abs(values[-1] - values[-2]) / abs(values[-2])

    def check(self, history: dict, model: str = "model") -> Precondition:
        change = self.last_change(history)
        rule = (f"{self.metric} moved < {self.rel_change:.1%} over the last epoch"
                + (f" ({self.why})" if self.why else ""))
        value = ("not measurable: fewer than 2 epochs of " + self.metric if change is None
                 else f"{change:.2%} (epoch {len(history[self.metric])}: {history[self.metric][-1]:.5g})")
        return Precondition(f"{model} converged", change is not None and change < self.rel_change, value, rule)


@dataclass(frozen=True)
class HeldOutBest:
    """Not overfitting: a run's held-out loss at its last epoch is within ``rel_rise`` of its best
    epoch's. Many passes over a small training set (vae13's 288 epochs of 14,151 faces, where the
    post made 24 over 170,000) can start to cost held-out quality; a model past that point is not
    the model the post measured.

    >>> HeldOutBest("test_bce_per_pixel").check({"test_bce_per_pixel": [0.52, 0.50, 0.503]}).met
    True
    >>> HeldOutBest("test_bce_per_pixel").check({"test_bce_per_pixel": [0.52, 0.50, 0.51]}).met  # 2 % above its best
    False
    """

    metric: str = "test_bce_per_pixel"
    rel_rise: float = 0.01
    why: str = ""

    def check(self, history: dict, model: str = "model") -> Precondition:
        values = history.get(self.metric) or []
        rule = (f"{self.metric} at the last epoch within {self.rel_rise:.1%} of its best epoch's"
                + (f" ({self.why})" if self.why else ""))
        if not values:
            return Precondition(f"{model} not overfitting", False, f"not measurable: no {self.metric}", rule)
        best = min(range(len(values)), key=values.__getitem__)
        rise = (values[-1] - values[best]) / abs(values[best]) if values[best] else 0.0
        value = (f"{values[-1]:.5g} at epoch {len(values)}, best {values[best]:.5g} at epoch {best + 1} "
                 f"({rise:+.2%})")
        return Precondition(f"{model} not overfitting", rise < self.rel_rise, value, rule)
