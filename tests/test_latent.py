"""Radius metrics on synthetic ground truth."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaecore.latent import radius, radius_histogram, radius_peak, shell_fraction


@settings(max_examples=12, derandomize=True, deadline=None)
@given(k=st.sampled_from([16, 64, 256]), s=st.sampled_from([0.5, 1.0, 2.0]))
def test_radius_peak_of_gaussian_vectors_is_s_sqrt_k_minus_1(k, s):
    # Check that the radius of N(0, s^2 I_k) vectors peaks at the chi mode s*sqrt(k-1).
    z = np.random.default_rng(k).normal(scale=s, size=(60_000, k))
    assert radius_peak(radius(z), bin_width=0.05 * s) == pytest.approx(s * np.sqrt(k - 1), rel=0.04)


def test_radius_histogram_uses_half_unit_bins_from_zero():
    # Check the posts' binning: edges 0, 0.5, 1, ... and every point counted once.
    counts, edges = radius_histogram(np.array([0.1, 0.6, 0.7, 3.2]))
    assert edges[0] == 0.0 and np.allclose(np.diff(edges), 0.5)
    assert counts.sum() == 4 and counts[1] == 2


def test_shell_fraction_counts_inclusive_bounds():
    # Check that 14 <= R <= 19 includes both ends.
    assert shell_fraction(np.array([13.9, 14.0, 16.0, 19.0, 19.1]), 14, 19) == pytest.approx(0.6)
