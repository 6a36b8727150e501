"""Cluster-structure metrics (vaecore.maps) and the latent scale on synthetic ground truth."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from vaecore.latent import latent_scale
from vaecore.maps import elbow, inertia_curve, map_scores, neighbour_overlap, tsne_map

KS = np.arange(2, 81, 2)


def _blobs(n_per=100, k=10, dim=8, spread=0.05, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=10.0, size=(k, dim))
    labels = np.repeat(np.arange(k), n_per)
    return centres[labels] + rng.normal(scale=spread, size=(len(labels), dim)), labels


def test_elbow_of_a_power_law_is_not_pronounced():
    # Check that a pure power law k^(-2/d) (a cluster-free cloud) is a straight log-log line: ratio 1.
    e = elbow(KS, KS ** (-2 / 16))
    assert e["slope_ratio"] == pytest.approx(1.0, abs=1e-6)


def test_elbow_of_a_kinked_curve_is_pronounced_at_the_kink():
    # Check that a curve falling as k^-2 up to k = 20 and as k^-0.1 after it gives its break at 20
    # and a slope ratio of 2 / 0.1 = 20, worked out by hand.
    inertia = np.where(KS <= 20, KS ** -2.0, 20.0 ** -1.9 * KS ** -0.1)
    e = elbow(KS, inertia)
    assert e["break_k"] == 20
    assert_allclose([e["slope_before"], e["slope_after"], e["slope_ratio"]], [-2.0, -0.1, 20.0], rtol=1e-6)
    assert 2 <= e["forced_k"] <= 20


def test_elbow_names_its_lengths_when_too_short():
    # Check that a curve too short for two segments is refused with both lengths in the message.
    with pytest.raises(ValueError, match="len\\(ks\\)=3"):
        elbow([2, 4, 8], [3.0, 2.0, 1.0])


def test_inertia_curve_of_ten_blobs_drops_to_the_noise_at_k_10():
    # Check that 10 tight blobs leave almost no inertia from k = 10 on, and that the curve falls.
    points, _ = _blobs()
    curve = inertia_curve(points, [2, 6, 10, 14], seed=0)
    assert np.all(np.diff(curve) <= 0)
    assert curve[2] / curve[0] < 0.01


def test_map_scores_of_well_separated_blobs_are_high():
    # Check that ten well-separated blobs mapped by t-SNE give a high silhouette, a trustworthy map
    # and a 10-NN class accuracy of ~1.
    points, labels = _blobs(n_per=40)
    tsne = tsne_map(points, seed=0)
    s = map_scores(points, tsne, labels, seed=0)
    assert s["silhouette"] > 0.7
    assert s["trustworthiness"] > 0.9
    assert s["knn10_class_accuracy"] >= 0.98


def test_map_scores_of_a_gaussian_cloud_show_no_structure():
    # Check that one Gaussian cloud (no clusters) scores below the blobs' silhouette, in the
    # Kaufman-Rousseeuw 'weak or none' range, and omits the class accuracy without labels.
    points = np.random.default_rng(1).normal(size=(400, 8))
    s = map_scores(points, tsne_map(points, seed=0), seed=0)
    assert s["silhouette"] < 0.5
    assert "knn10_class_accuracy" not in s


def test_neighbour_overlap_of_identical_maps_is_one_and_of_unrelated_maps_chance():
    # Check overlap 1 for the same points, and ~k / (n - 1) for independent random maps.
    rng = np.random.default_rng(2)
    a = rng.normal(size=(500, 2))
    assert neighbour_overlap(a, a.copy()) == pytest.approx(1.0)
    assert neighbour_overlap(a, rng.normal(size=(500, 2))) == pytest.approx(10 / 499, abs=0.02)


def test_neighbour_overlap_is_invariant_to_rotation_and_scale():
    # Check that a rotated, scaled copy of a map keeps every neighbourhood.
    a = np.random.default_rng(3).normal(size=(300, 2))
    turn = np.array([[0.0, -1.0], [1.0, 0.0]])
    assert neighbour_overlap(a, 5 * a @ turn) == pytest.approx(1.0)


@pytest.mark.parametrize("s", [0.5, 1.0, 4.0], ids=["s0.5", "s1", "s4"])
def test_latent_scale_of_gaussian_points_is_their_sigma(s):
    # Check that N(0, s^2 I) points give a typical axis width of s, whatever their offset.
    z = np.random.default_rng(4).normal(loc=3.0, scale=s, size=(20_000, 16))
    assert latent_scale(z) == pytest.approx(s, rel=0.02)


def test_latent_scale_is_the_median_axis_width():
    # Check the median over axes: one very broad axis among five does not move it.
    z = np.random.default_rng(5).normal(size=(20_000, 5)) * np.array([1.0, 1.0, 1.0, 2.0, 50.0])
    assert latent_scale(z) == pytest.approx(1.0, rel=0.03)


def test_curve_shape_gap_ignores_a_constant_factor_and_measures_the_largest_log_gap():
    # Check that proportional curves give 0 and one point 10 % high gives log(1.1).
    from vaecore.maps import curve_shape_gap

    a = np.array([8.0, 4.0, 2.0, 1.0])
    assert curve_shape_gap(a, 3 * a) == pytest.approx(0.0, abs=1e-12)
    b = a.copy()
    b[2] *= 1.1
    assert curve_shape_gap(a, b) == pytest.approx(np.log(1.1))
    with pytest.raises(ValueError, match=r"\(4,\) and \(3,\)"):
        curve_shape_gap(a, a[:3])
