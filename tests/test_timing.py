"""The KMeans / MiniBatchKMeans cost comparison of vaecore.timing on a tiny synthetic data set."""

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

from vaecore.timing import COST_KMEANS, described, time_kmeans_vs_minibatch, timed


@pytest.fixture(scope="module")
def blobs():
    X, _ = make_blobs(n_samples=600, centers=4, n_features=5, cluster_std=0.5, random_state=0)
    return X.astype(np.float32)


def test_timed_returns_the_fitted_estimator_and_its_cpu_and_wall_seconds(blobs):
    # Check that the fitted estimator comes back with non-negative CPU and wall times.
    (fitted, cpu), wall = timed(KMeans(n_clusters=4, random_state=0, **COST_KMEANS), blobs)
    assert fitted.cluster_centers_.shape == (4, 5)
    assert cpu >= 0 and wall >= 0


def test_time_kmeans_vs_minibatch_times_one_kmeans_and_one_minibatch_fit_per_seed(blobs):
    # Check the shape of the answer (one KMeans time per k, one MiniBatchKMeans time per seed) and
    # that each speedup is the KMeans time over that seed's time, the reported one their mean.
    cost = time_kmeans_vs_minibatch(blobs, ks=(2, 4), seeds=range(3))
    assert sorted(cost["kmeans_s"]) == sorted(cost["minibatch_s"]) == sorted(cost["rows"]) == [2, 4]
    for k, row in cost["rows"].items():
        assert len(cost["minibatch_s"][k]) == 3 and len(row["wall_s_kmeans_then_minibatch_per_seed"]) == 4
        assert row["speedup_per_seed"] == pytest.approx([cost["kmeans_s"][k] / t for t in cost["minibatch_s"][k]])
        assert row["speedup"] == pytest.approx(np.mean(row["speedup_per_seed"]))
        assert row["minibatch_n_init_1_s"] >= 0 and row["minibatch_general_settings_s"] >= 0
        assert row["kmeans_iterations"] >= 1 and row["minibatch_steps_seed_2"] >= 1


def test_time_kmeans_vs_minibatch_finds_the_same_clusters_on_separated_blobs(blobs):
    # Check the inertia ratio: on 4 well separated blobs both estimators find them, ratio ~1.
    row = time_kmeans_vs_minibatch(blobs, ks=(4,), seeds=(0, 1))["rows"][4]
    assert row["inertia_ratio_minibatch_to_kmeans"] == pytest.approx(1.0, rel=0.05)


def test_described_names_the_seeds_of_the_fits():
    # Check that the setting names KMeans's seed (the first) and the MiniBatchKMeans seed range.
    d = described(range(5, 8))
    assert d["kmeans"] == "KMeans(n_init=10, max_iter=50, tol=1e-3, random_state=5)"
    assert d["minibatch"].endswith("random_state=5..7)")
