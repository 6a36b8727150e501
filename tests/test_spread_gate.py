"""The one gate "beyond the measured spread" (vaecore.rules.spread.beyond_2se), on known answers.

CLAIMS.md, "Reading the posts' words": "clearly above / below: beyond 2 SE of the measured spread";
"Spreads are measured" (>= 3 seeds of our own setting); "Symmetric gates". A value is decided against
its bar when |value - bar| > 2 SE, SE = SD over the seeds (ddof 1) / sqrt(runs averaged into it).
"""

import doctest

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vaecore import spreads
from vaecore.rules import km4, spread
from vaecore.rules.spread import AS_REPORTED, RunSpread, beyond_2se
from vaecore.rules.verdict import judgement

SD_ONE = RunSpread.of([1.0, 2.0, 3.0], "synthetic seeds")  # SD 1 by hand: deviations -1, 0, 1 over n - 1 = 2


def test_run_spread_of_three_values_is_their_sample_sd():
    # Check by hand: 1, 2, 3 have SD 1 (ddof 1); 2, 4, 6, 8 have SD sqrt(20 / 3) = 2.582.
    assert SD_ONE.sd == pytest.approx(1.0)
    assert RunSpread.of([2.0, 4.0, 6.0, 8.0]).sd == pytest.approx(np.sqrt(20 / 3))


@pytest.mark.parametrize("distance, runs, met", [
    (2.5, 1, True),    # one seed: 2 SE = 2, 2.5 away decides
    (1.5, 1, False),   # 1.5 away: within 2 SE
    (2.0, 1, False),   # exactly 2 SE: not beyond
    (1.5, 4, True),    # a mean of 4 seeds: SE = 1 / 2, 2 SE = 1
    (0.9, 4, False),
    (1.2, 3, True),    # a mean of 3: 2 SE = 2 / sqrt(3) = 1.155
    (1.1, 3, False),
], ids=["one-2.5", "one-1.5", "one-2.0", "mean4-1.5", "mean4-0.9", "mean3-1.2", "mean3-1.1"])
def test_beyond_2se_uses_the_se_of_the_runs_averaged(distance, runs, met):
    # Check the known answers: SD 1; decided when |value - bar| > 2 SD / sqrt(runs), on either side.
    assert beyond_2se("x", 10.0 + distance, 10.0, SD_ONE, runs=runs).met is met
    assert beyond_2se("x", 10.0 - distance, 10.0, SD_ONE, runs=runs).met is met


def test_beyond_2se_without_a_measured_spread_decides_nothing():
    # Check "Spreads are measured": two seeds are no spread (fewer than 3), nor is a missing one;
    # the precondition says so, whatever the distance.
    two = RunSpread.of([1.0, 2.0])
    assert two.sd is None and "fewer than 3 seeds" in two.source
    for s in (two, RunSpread(None, "results/spreads/x.json (absent)")):
        gate = beyond_2se("x", 1e6, 0.0, s)
        assert not gate.met and "not measured" in gate.value


def test_beyond_2se_judges_the_posts_figures_as_reported():
    # Check that the post's one run judged as reported (AS_REPORTED, marked so) decides at any distance,
    # on the bar too, and whatever resolution the gate is given.
    assert AS_REPORTED.as_reported and not SD_ONE.as_reported
    assert beyond_2se("x", 0.951, 0.95, AS_REPORTED).met
    assert beyond_2se("x", 0.95, 0.95, AS_REPORTED).met
    assert beyond_2se("peak", 16.01, 16.0, AS_REPORTED, resolution=0.5).met


# A binned peak measured on three seeds that land in one 0.5 bin: SD 0, floored at 0.5 / sqrt(12) = 0.144,
# so 2 SE of one run = 0.289 (the SD of a uniform rounding error at the bin).
SAME_BIN = [16.0, 16.0, 16.0]


@pytest.mark.parametrize("distance, met", [(0.2, False), (0.3, True)], ids=["0.2-inside-0.289", "0.3-beyond"])
def test_a_measured_sd_of_0_on_a_binned_peak_is_floored_at_the_bin(distance, met):
    # Check the floor: 0.2 from the bar is within 2 x 0.5 / sqrt(12) = 0.289 (not decided), 0.3 beyond it
    # (decided), on either side, whether the resolution comes with the spread or with the gate.
    assert 2 * 0.5 / np.sqrt(12) == pytest.approx(0.2887, abs=1e-4)
    binned = RunSpread.of(SAME_BIN, "synthetic seeds in one bin", resolution=0.5)
    assert binned.sd == 0 and not binned.as_reported and binned.floor == pytest.approx(0.5 / np.sqrt(12))
    for value in (16.0 + distance, 16.0 - distance):
        assert beyond_2se("peak", value, 16.0, binned).met is met
        assert beyond_2se("peak", value, 16.0, RunSpread.of(SAME_BIN), resolution=0.5).met is met


def test_the_floor_applies_to_measured_spreads_from_results_spreads():
    # Check RunSpread.measured's resolution: a peak kept at one bin over three seeds is floored too.
    s = spreads.Spreads({"seeds": [0, 1, 2], "quantities": {
        "a[x]/peak": {"seeds": [0, 1, 2], "values": SAME_BIN, "min": 16.0, "max": 16.0}}}, "synthetic")
    binned = RunSpread.measured(s, "a[x]/peak", resolution=0.5)
    assert binned.sd == 0 and binned.resolution == 0.5
    assert not beyond_2se("peak", 16.2, 16.0, binned).met and beyond_2se("peak", 16.3, 16.0, binned).met


def test_a_measured_sd_of_0_without_a_resolution_decides_only_off_the_bar():
    # Check a measured SD of 0 with no known resolution: not the post's figures judged as reported, so a
    # value on the bar is not decided; any value off it is (the floor is 0).
    zero = RunSpread.of(SAME_BIN, "synthetic seeds")
    assert zero.sd == 0 and not zero.as_reported and zero.floor == 0
    assert not beyond_2se("x", 16.0, 16.0, zero).met
    assert beyond_2se("x", 16.01, 16.0, zero).met and beyond_2se("x", 15.99, 16.0, zero).met


def test_the_floor_does_not_narrow_a_larger_measured_sd():
    # Check that the floor is a floor: an SD of 1 read at a 0.5 bin keeps its 2 SE of 2.
    coarse = RunSpread.of([1.0, 2.0, 3.0], resolution=0.5)
    assert not beyond_2se("x", 11.9, 10.0, coarse).met and beyond_2se("x", 12.1, 10.0, coarse).met


def test_beyond_2se_needs_every_bar_outside():
    # Check a band's two edges: 2.5 from the lower edge, 0.5 from the upper one is not decided.
    assert not beyond_2se("x", 12.5, (10.0, 13.0), SD_ONE).met
    assert beyond_2se("x", 12.5, (10.0, 15.0), SD_ONE).met


@pytest.mark.parametrize("value, verdict", [(12.5, "holds"), (11.5, "inconclusive"), (8.5, "inconclusive"),
                                            (7.5, "refuted")], ids=["pass-far", "pass-near", "miss-near", "miss-far"])
def test_beyond_2se_blocks_holds_and_refuted_alike(value, verdict):
    # Check "Symmetric gates": a check "value > 10" with SD 1 is decided only beyond 2 from 10,
    # a pass as much as a miss.
    out = judgement({"value > 10": value > 10.0}, [beyond_2se("value", value, 10.0, SD_ONE)])
    assert out.verdict == verdict


def test_run_spread_measured_reads_the_sd_from_results_spreads():
    # Check that a rule's spread comes from the spreads data: one quantity, or several combined per seed.
    data = {"quantities": {"a[x]/gap": {"seeds": [0, 1, 2], "values": [1.0, 2.0, 3.0], "min": 1.0, "max": 3.0},
                           "a[x]/other": {"seeds": [0, 1, 2], "values": [2.0, 2.0, 2.0], "min": 2.0, "max": 2.0}}}
    s = spreads.Spreads(data, "results/spreads/x.json")
    assert RunSpread.measured(s, "a[x]/gap").sd == pytest.approx(1.0)
    assert RunSpread.measured(s, "a[x]/gap", "a[x]/other", combine=lambda a, b: a / b).sd == pytest.approx(0.5)
    absent = RunSpread.measured(s, "a[x]/missing")
    assert absent.sd is None and "not measured" in absent.source


def test_km4_seed_spread_is_the_gate_on_a_mean():
    # Check that the mean-over-seeds gate of km4 / km5 is the same helper with runs = n.
    values = [1.0, 2.0, 3.0, 4.0]          # SD 1.291, mean 2.5: 2 SE of the mean = 1.291
    assert km4.seed_spread("x", values, 1.15).met and not km4.seed_spread("x", values, 1.25).met
    assert km4.seed_spread("x", values, 1.15).met == beyond_2se("x", 2.5, 1.15, RunSpread.of(values), runs=4).met
    assert not km4.seed_spread("x", [1.0, 2.0], 100.0).met   # two runs: no measured spread


def test_spread_module_examples_hold():
    # Check that the worked examples in the helper's docstring still give what they show.
    assert doctest.testmod(spread, raise_on_error=False).failed == 0


@settings(max_examples=60, derandomize=True, deadline=None)
@given(values=st.lists(st.floats(-100, 100), min_size=3, max_size=8), value=st.floats(-300, 300),
       bar=st.floats(-300, 300), c=st.floats(0.01, 100), shift=st.floats(-100, 100), runs=st.integers(1, 8))
def test_beyond_2se_is_unchanged_by_the_quantitys_units_and_origin(values, value, bar, c, shift, runs):
    # Check the law: measuring value, bar and the seeds' values in other units (x c) or from another
    # origin (+ shift) decides the same; away from the exact 2 SE boundary, where rounding could tip it.
    base = RunSpread.of(values)
    assume(base.sd > 1e-6)
    half = 2 * base.sd / np.sqrt(runs)
    assume(abs(abs(value - bar) - half) > 1e-6 * (1 + half))
    moved = RunSpread.of([c * v + shift for v in values])
    assert beyond_2se("x", value, bar, base, runs).met == beyond_2se("x", c * value + shift, c * bar + shift, moved, runs).met
