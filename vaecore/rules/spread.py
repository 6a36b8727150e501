"""The one gate of a value against its bar "beyond the measured spread", for every rule.

CLAIMS.md, "Reading the posts' words": "clearly above / below: beyond 2 SE of the measured spread"
(:data:`vaecore.rules.lexicon.CLEARLY_SE`), "Spreads are measured" (seeds of our own setting, >= 3, or
the post's replicate runs of its setting) and "Symmetric gates". A value judged against a bar is
decided when ``|value - bar| > 2 SE``, with ``SE = SD / sqrt(runs)``:

* ``SD``: the standard deviation (ddof 1) of one run of the quantity over the measured seeds
  (:class:`RunSpread`; from ``results/spreads/<setting>.json`` through
  :meth:`vaecore.spreads.Spreads.sd`, or from the per-seed values a rule is given);
* ``runs``: how many runs are averaged into the value: 1 for a one-seed comparison, n for a mean
  over n seeds.

The gate blocks holds and refuted alike. Fewer than ``MIN_SEEDS`` seeds is no measured spread and
decides nothing (inconclusive, "not measured"); the post's own figures judged as reported
(:data:`AS_REPORTED`, marked ``as_reported``) stay decided at any distance from the bar.

A measured SD has a floor where the rule knows the measurement's resolution (``resolution``: the
step a value is read at, e.g. a radius peak at the 0.5 histogram bin): ``resolution / sqrt(12)``,
the SD of a uniform rounding error, so that seeds landing in the same bin (SD 0) do not decide at
any distance. A measured SD of 0 without a known resolution decides only a value that differs from
its bar (``|value - bar| > 0``).

>>> seeds = RunSpread.of([1.0, 2.0, 3.0])                  # SD 1: one seed's 2 SE is 2
>>> beyond_2se("x", 2.5, 0.0, seeds).met, beyond_2se("x", 1.5, 0.0, seeds).met
(True, False)
>>> beyond_2se("x", 1.5, 0.0, seeds, runs=4).met          # a mean of 4 seeds: SE = SD / 2, 2 SE = 1
True
>>> beyond_2se("x", 9.0, 0.0, RunSpread.of([1.0, 2.0])).met, beyond_2se("x", 0.1, 0.0, AS_REPORTED).met
(False, True)
>>> same_bin = RunSpread.of([16.0, 16.0, 16.0], resolution=0.5)  # SD 0, floor 0.5 / sqrt(12): 2 SE 0.289
>>> beyond_2se("peak", 16.2, 16.0, same_bin).met, beyond_2se("peak", 16.3, 16.0, same_bin).met
(False, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from vaecore.convergence import Precondition
from vaecore.rules.lexicon import CLEARLY_SE
from vaecore.spreads import MIN_SEEDS, Spreads, seed_sd


@dataclass(frozen=True)
class RunSpread:
    """How much one run of a measured quantity moves from seed to seed of one setting: ``sd``, the
    standard deviation (ddof 1) over >= ``MIN_SEEDS`` seeds, and ``source``, where it was measured.
    ``sd`` None: not measured (decides nothing). ``resolution``: the step the quantity is read at
    (a histogram bin), where known; the gate floors the SD at ``resolution / sqrt(12)``.
    ``as_reported``: the post's own figures judged as reported (:data:`AS_REPORTED` only), decided
    at any distance; a measured ``sd`` of 0 is not that (see the module's docstring)."""

    sd: float | None
    source: str
    resolution: float | None = None
    as_reported: bool = False

    @property
    def floor(self) -> float:
        """The least SD of one run the measurement's resolution allows: ``resolution / sqrt(12)`` (0 if
        the resolution is not known)."""
        return rounding_sd(self.resolution)

    @classmethod
    def of(cls, values, source: str = "", resolution: float | None = None) -> "RunSpread":
        """The spread of one run's ``values`` over seeds (None below ``MIN_SEEDS`` of them), read at
        ``resolution`` where known."""
        values = [float(v) for v in values]
        shown = source or f"{len(values)} seeds"
        if len(values) < MIN_SEEDS:
            shown += f": fewer than {MIN_SEEDS} seeds"
        return cls(seed_sd(values), shown, resolution)

    @classmethod
    def measured(cls, spreads: Spreads, *keys: str, combine=None, resolution: float | None = None) -> "RunSpread":
        """The spread of quantity ``keys[0]`` (or of ``combine`` of several, seed by seed) as kept in
        ``results/spreads`` (:meth:`vaecore.spreads.Spreads.sd`), read at ``resolution`` where known
        (a radius peak: the 0.5 histogram bin)."""
        sd = spreads.sd(*keys, combine=combine)
        return cls(sd, ("SD over the seeds of " if sd is not None else "") + spreads.describe(*keys), resolution)


def rounding_sd(resolution: float | None) -> float:
    """The SD of a uniform rounding error at step ``resolution``: ``resolution / sqrt(12)`` (0 if None).

    >>> round(rounding_sd(0.5), 4), rounding_sd(None)
    (0.1443, 0.0)
    """
    return float(resolution) / math.sqrt(12) if resolution else 0.0


AS_REPORTED = RunSpread(0.0, "the post's own figures, judged as reported (a reported run carries no spread of its "
                             "own: the post-figure tests only; claims pass spreads measured on seeds)",
                        as_reported=True)


def beyond_2se(name: str, value: float, bars, spread: RunSpread, runs: int = 1,
               kind: str = "run-to-run", resolution: float | None = None) -> Precondition:
    """Precondition: ``value`` lies more than ``CLEARLY_SE`` (2) standard errors from every bar in
    ``bars`` (one number or several: a band's two edges), ``SE = SD / sqrt(runs)``, ``SD`` the
    spread's, floored at ``resolution / sqrt(12)`` (the larger of ``resolution`` and the spread's own,
    where known). Met at any distance when the spread is :data:`AS_REPORTED` (the post's figures
    judged as reported); unmet when it is not measured; a measured SD of 0 without a known resolution
    decides only a value that differs from every bar. ``kind`` names the spread in the precondition
    ("run-to-run" for one seed, "seed-to-seed" or "split-to-split" for a mean)."""
    bars = tuple(float(b) for b in (bars if isinstance(bars, (tuple, list)) else (bars,)))
    shown_bars = " / ".join(f"{b:.4g}" for b in bars)
    if spread.as_reported:
        met, shown = True, f"{value:.4g} (bar {shown_bars}): {spread.source}"
    elif spread.sd is None:
        met, shown = False, f"{value:.4g} (bar {shown_bars}); spread not measured: {spread.source}"
    else:
        step = max(spread.resolution or 0.0, resolution or 0.0)
        sd = max(spread.sd, rounding_sd(step))
        half = CLEARLY_SE * sd / math.sqrt(runs)
        met = all(abs(value - b) > half for b in bars)
        per = "one run" if runs == 1 else f"a mean of {runs}"
        floored = f", floored at the resolution {step:g} / sqrt(12)" if sd > spread.sd else ""
        shown = f"{value:.4g} (bar {shown_bars}), 2 SE {half:.3g} (SD {spread.sd:.3g}{floored}, {per}): {spread.source}"
    rule = (f"|value - bar| > {CLEARLY_SE:g} SE, SE = the SD of one run over >= {MIN_SEEDS} seeds of the setting "
            "(at least the measurement's resolution / sqrt(12), where known) / sqrt(runs averaged into the value), "
            "on either side of the bar; a spread not measured decides nothing; the post's figures judged as reported "
            "are decided (lexicon: clearly above / below; Spreads are measured; Symmetric gates)")
    return Precondition(f"{name} outside the {kind} spread", bool(met), shown, rule)
