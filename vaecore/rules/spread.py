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
(:data:`AS_REPORTED`, SD 0) stay decided.

>>> seeds = RunSpread.of([1.0, 2.0, 3.0])                  # SD 1: one seed's 2 SE is 2
>>> beyond_2se("x", 2.5, 0.0, seeds).met, beyond_2se("x", 1.5, 0.0, seeds).met
(True, False)
>>> beyond_2se("x", 1.5, 0.0, seeds, runs=4).met          # a mean of 4 seeds: SE = SD / 2, 2 SE = 1
True
>>> beyond_2se("x", 9.0, 0.0, RunSpread.of([1.0, 2.0])).met, beyond_2se("x", 0.1, 0.0, AS_REPORTED).met
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
    ``sd`` None: not measured (decides nothing); 0: runs that do not differ, or the post's figures
    judged as reported."""

    sd: float | None
    source: str

    @classmethod
    def of(cls, values, source: str = "") -> "RunSpread":
        """The spread of one run's ``values`` over seeds (None below ``MIN_SEEDS`` of them)."""
        values = [float(v) for v in values]
        shown = source or f"{len(values)} seeds"
        if len(values) < MIN_SEEDS:
            shown += f": fewer than {MIN_SEEDS} seeds"
        return cls(seed_sd(values), shown)

    @classmethod
    def measured(cls, spreads: Spreads, *keys: str, combine=None) -> "RunSpread":
        """The spread of quantity ``keys[0]`` (or of ``combine`` of several, seed by seed) as kept in
        ``results/spreads`` (:meth:`vaecore.spreads.Spreads.sd`)."""
        sd = spreads.sd(*keys, combine=combine)
        return cls(sd, ("SD over the seeds of " if sd is not None else "") + spreads.describe(*keys))


AS_REPORTED = RunSpread(0.0, "the post's own figures, judged as reported (a reported run carries no spread of its "
                             "own: the post-figure tests only; claims pass spreads measured on seeds)")


def beyond_2se(name: str, value: float, bars, spread: RunSpread, runs: int = 1,
               kind: str = "run-to-run") -> Precondition:
    """Precondition: ``value`` lies more than ``CLEARLY_SE`` (2) standard errors from every bar in
    ``bars`` (one number or several: a band's two edges), ``SE = spread.sd / sqrt(runs)``. Met when
    the spread is 0 (judged as reported); unmet when it is not measured. ``kind`` names the spread
    in the precondition ("run-to-run" for one seed, "seed-to-seed" or "split-to-split" for a mean)."""
    bars = tuple(float(b) for b in (bars if isinstance(bars, (tuple, list)) else (bars,)))
    shown_bars = " / ".join(f"{b:.4g}" for b in bars)
    if spread.sd is None:
        met, shown = False, f"{value:.4g} (bar {shown_bars}); spread not measured: {spread.source}"
    else:
        half = CLEARLY_SE * spread.sd / math.sqrt(runs)
        met = spread.sd == 0 or all(abs(value - b) > half for b in bars)
        per = "one run" if runs == 1 else f"a mean of {runs}"
        shown = (f"{value:.4g} (bar {shown_bars}), 2 SE {half:.3g} (SD {spread.sd:.3g}, {per}): {spread.source}"
                 if spread.sd else f"{value:.4g} (bar {shown_bars}): {spread.source}")
    rule = (f"|value - bar| > {CLEARLY_SE:g} SE, SE = the SD of one run over >= {MIN_SEEDS} seeds of the setting / "
            "sqrt(runs averaged into the value), on either side of the bar; a spread not measured decides nothing "
            "(lexicon: clearly above / below; Spreads are measured; Symmetric gates)")
    return Precondition(f"{name} outside the {kind} spread", bool(met), shown, rule)
