"""Preconditions of a verdict, and the one every claim about a trained model has: convergence.

A claim may only be *refuted* when its setting meets the claim's preconditions (CLAIMS.md,
"How to read a claim"); when one is not met, the verdict is *inconclusive* and names it.
A :class:`Precondition` is a plain record, ``{"name", "met", "value", "rule"}`` in the report.

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

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Precondition:
    """One precondition of a verdict: what, whether it holds, the measured value, the rule."""

    name: str
    met: bool
    value: object
    rule: str

    def as_dict(self) -> dict:
        return asdict(self)


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
