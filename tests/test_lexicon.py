"""The lexicon's readings are stated once (vaecore.rules.lexicon) and the rules read them from there.

Moving the numbers into one module is a refactor: every threshold a rule compares with keeps its
value. The expected values below are the lexicon's table (CLAIMS.md, "Reading the posts' words")
and the rules' constants as they were before the move, typed by hand.
"""

import doctest
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaecore import judges
from vaecore.rules import curse1, curse2, km4, km5, lexicon, vae2, vae11, vae13


@pytest.mark.parametrize("name, value", [
    ("ALMOST_ALL", 0.95), ("VAST_MAJORITY", 0.80), ("MOST", 0.5), ("MANY", 0.2), ("ABOUT", 0.10),
    ("FLOOR", 0.9), ("CEILING", 1.1), ("WITHIN_ABOUT", 1.5), ("COMPARABLE", 0.10), ("COMPARABLE_W1", 0.1),
    ("CLEARLY_SE", 2.0), ("CLEARLY_REL", 0.01), ("MUCH_LARGER", 1.5), ("JUDGE_SE", 2.0),
])
def test_lexicon_constant_is_the_tables_number(name, value):
    # Check each constant against the lexicon's table, typed from CLAIMS.md.
    assert getattr(lexicon, name) == value


@pytest.mark.parametrize("got, was", [
    (vae13.AE_LOSS_REL, 0.10), (vae13.LOSS_CLOSE, 0.015), (vae13.CLOSE, 0.10), (vae13.CLOSE_W1, 0.1),
    (vae13.SIMILAR, 0.10), (vae13.ALMOST_ALL, 0.95), (vae13.NOT_MEANINGFUL_SE, 2.0), (vae13.NEAR_16, (14.4, 17.6)),
    (vae11.CLEARLY_ABOVE, 0.01), (vae11.MOSTLY, 0.5), (vae11.FAR_BETTER, 1 / 1.5), (vae11.KL_SHARE, (0.03 - 0.01, 0.03 + 0.01)),
    (curse2.MOST, 0.5), (curse2.BROAD, 1.5), (curse2.SIGMA_BAND, (0.9, 2.2)), (curse2.PEAK_REL, 0.1),
    (curse2.NEAR_LAW, 0.1), (curse2.OUTER, 1.1 * 2.0),
    (curse2.FLAT_AFTER, (10 - max(0.1 * 10, 2 * 10 ** 0.5), 10 + max(0.1 * 10, 2 * 10 ** 0.5))),
    (km4.FLOOR, 0.9), (km5.CEILING, 1.1), (km5.VAST, 0.80), (km5.ABOUT_AS_MUCH, (0.9, 1.1)), (km5.RADIAL, 0.5),
    (curse1.WELL, 0.95), (curse1.ACCEPTABLY, 0.80), (curse1.MOST, 0.5), (vae2.ALMOST_PERFECT_DIGITS, 0.95),
    (judges.PROXY_HIT, 0.80), (judges.PROXY_FALSE_ALARM, 0.20), (judges.PROXY_SE, 2.0),
])
def test_rule_constants_keep_their_values_after_the_move(got, was):
    # Check the refactor: each rule's threshold is exactly what it was before it read the lexicon module.
    assert got == was


def test_band_functions_give_what_the_rules_gave():
    # Check the band functions against the values the rules' own copies gave (and their doctests show).
    assert [vae13.about_band(x) for x in (16.75, 16.0, 2.0)] == [1.675, 1.6, 0.5]
    assert [lexicon.about_count(2, 43_520_000, n) for n in (43_520_000, 402_432)] == [4, 0]
    assert lexicon.about_count(5, 43_500_000, 43_500_000) == 9
    assert [round(lexicon.share_band(x), 6) for x in (0.03, 0.5, 0.85, 0.9, 0.98)] == [0.01, 0.05, 0.015, 0.01, 0.01]


def test_lexicon_examples_hold():
    # Check that the worked examples in the lexicon module's docstrings still give what they show.
    assert doctest.testmod(lexicon, raise_on_error=False).failed == 0


@settings(max_examples=50, derandomize=True, deadline=None)
@given(x=st.floats(0.001, 0.999))
def test_share_band_reads_a_share_and_its_complement_alike(x):
    # Check the law of "about ~X (a share)": the band of X is the band of 1 - X, and never below 0.01.
    assert lexicon.share_band(x) == pytest.approx(lexicon.share_band(1 - x))
    assert lexicon.share_band(x) >= 0.01


@settings(max_examples=50, derandomize=True, deadline=None)
@given(x=st.floats(-1e3, 1e3), c=st.floats(0.01, 100))
def test_about_band_scales_with_the_magnitude(x, c):
    # Check the law of "about X (a magnitude)" without a bin: +-10 % of c X is c times +-10 % of X.
    assert lexicon.about_band(c * x) == pytest.approx(c * lexicon.about_band(x))


def test_count_band_is_two_sqrt_n_for_small_counts_and_ten_percent_for_large():
    # Check "about N": max(0.1 N, 2 sqrt(N)) switches at N = 400 (0.1 N = 2 sqrt(N) = 40).
    assert lexicon.count_band(100) == pytest.approx(20.0)
    assert lexicon.count_band(400) == pytest.approx(40.0)
    assert lexicon.count_band(10_000) == pytest.approx(1_000.0)
    assert lexicon.count_band(0) == 0 and math.isclose(lexicon.count_band(1), 2.0)
