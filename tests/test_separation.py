"""Separation metrics of vaecore.separation on synthetic inputs with known answers."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

from vaecore.separation import (doubling_ladder, elbow_sharpness, map_separation, radial_share,
                                top_confusions)


def test_radial_share_is_zero_on_a_sphere_and_one_on_a_ray():
    # Check the two extremes: centres of equal norm differ only by direction, centres on one
    # ray through the origin only by norm.
    rng = np.random.default_rng(0)
    sphere = rng.normal(size=(50, 30))
    sphere *= 7.0 / np.linalg.norm(sphere, axis=1, keepdims=True)
    ray = np.outer(rng.uniform(1, 5, 20), rng.normal(size=30))
    assert radial_share(sphere)["radial_share"] == pytest.approx(0.0, abs=1e-12)
    assert radial_share(sphere)["norm_cv"] == pytest.approx(0.0, abs=1e-12)
    assert radial_share(ray)["radial_share"] == pytest.approx(1.0, rel=1e-9)


def test_radial_share_by_hand():
    # Check a = (1, 0), b = (0, 2): |a - b|^2 = 5, (|a| - |b|)^2 = 1, so the radial share is 1/5.
    out = radial_share(np.array([[1.0, 0.0], [0.0, 2.0]]))
    assert out["radial_share"] == pytest.approx(0.2)
    assert out["angular_share"] == pytest.approx(0.8)
    assert out["median_pair_radial_share"] == pytest.approx(0.2)


def test_doubling_ladder_halves_down_from_the_top():
    # Check the grid of the km5 elbow: 250 halved (rounded) down to 2.
    assert doubling_ladder(250) == [2, 4, 8, 16, 31, 62, 125, 250]
    assert doubling_ladder(16, k_min=4) == [4, 8, 16]


def test_elbow_sharpness_is_one_for_a_power_law():
    # Check that inertia ~ k^-0.3 has constant log-log slopes 0.3 and no slope drop.
    ks = np.array(doubling_ladder(250))
    out = elbow_sharpness(ks, 5e6 * ks ** -0.3)
    assert_allclose(out["slopes"], 0.3)
    assert out["max_slope_drop"] == pytest.approx(1.0)


def test_elbow_sharpness_finds_the_elbow_of_ten_blobs():
    # Check that KMeans inertia on 10 well-separated blobs drops steeply up to k = 10 and
    # flattens after: the slope falls by far more than a factor 2, at k = 10.
    centers = 20.0 * np.eye(10, 12)
    X, _ = make_blobs(n_samples=1000, centers=centers, cluster_std=1.0, random_state=0)
    ks = np.array([2, 5, 10, 20, 40])
    inertia = [KMeans(k, n_init=3, random_state=0).fit(X).inertia_ for k in ks]
    out = elbow_sharpness(ks, inertia)
    assert out["max_slope_drop"] > 5
    assert out["elbow_k"] == 10


def test_top_confusions_ranks_symmetric_pairs_by_hand():
    # Check that C[a, b] + C[b, a] ranks the pairs: (0, 2) 5 + 1 = 6, (1, 2) 0 + 4 = 4, (0, 1) 1 + 2 = 3.
    c = np.array([[9, 1, 5], [2, 9, 0], [1, 4, 9]])
    assert top_confusions(c) == [(0, 2, 6), (1, 2, 4), (0, 1, 3)]
    assert top_confusions(c, n=1, labels="abc") == [("a", "c", 6)]


def test_map_separation_scores_blobs_high_and_shuffled_labels_low():
    # Check ranges with a fixed seed: separated 2-d blobs give kNN accuracy ~1 and a high
    # silhouette; the same points with shuffled labels give chance accuracy (~0.2) and ~0.
    X, y = make_blobs(n_samples=500, centers=5, cluster_std=0.5, random_state=0)
    good = map_separation(X, y)
    shuffled = map_separation(X, np.random.default_rng(0).permutation(y))
    assert 0.98 <= good["knn_accuracy"] <= 1.0
    assert good["silhouette"] > 0.7
    assert 0.1 <= shuffled["knn_accuracy"] <= 0.3
    assert -0.1 <= shuffled["silhouette"] <= 0.05


@pytest.mark.parametrize("call, pattern", [
    (lambda: radial_share(np.ones(3)), r"centers of shape \(3,\)"),
    (lambda: elbow_sharpness([2, 4], [3.0, 2.0]), r"ks \(2,\) and inertia \(2,\)"),
    (lambda: elbow_sharpness([4, 2, 8], [3.0, 2.0, 1.0]), r"ks=\[4.0, 2.0, 8.0\] should increase"),
    (lambda: top_confusions(np.ones((2, 3))), r"confusion of shape \(2, 3\)"),
], ids=["centers-1d", "short-grid", "unsorted-grid", "non-square"])
def test_separation_errors_name_the_values(call, pattern):
    # Check that malformed inputs fail with a message naming the offending value.
    with pytest.raises(ValueError, match=pattern):
        call()


# --- explained variance (eta squared) -----------------------------------------------------------

from vaecore.separation import explained_variance  # noqa: E402


def test_explained_variance_by_hand():
    # Check eta^2 = between-group over total sum of squares: values 1, 3 | 5, 7 have mean 4, group
    # means 2 and 6: between 4 x 4 = 16, total 9 + 1 + 1 + 9 = 20, so 0.8.
    assert explained_variance(np.array([1.0, 3.0, 5.0, 7.0]), np.array([0, 0, 1, 1])) == pytest.approx(0.8)


def test_explained_variance_is_one_for_constant_groups_and_near_zero_for_random_ones():
    # Check the extremes: groups that hold one value each explain all, random groups ~1/n of it.
    rng = np.random.default_rng(0)
    groups = rng.integers(0, 5, 10_000)
    assert explained_variance(groups * 2.0 + 1.0, groups) == pytest.approx(1.0)
    assert explained_variance(rng.normal(size=10_000), groups) == pytest.approx(0.0, abs=0.002)


def test_explained_variance_names_mismatched_shapes():
    with pytest.raises(ValueError, match=r"values \(3,\) and groups \(2,\)"):
        explained_variance(np.zeros(3), np.zeros(2, dtype=int))
