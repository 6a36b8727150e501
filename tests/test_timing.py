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
    # Check the shape of the answer (one KMeans and one MiniBatchKMeans time per seed and k) and that
    # each speedup is that seed's KMeans time over the same seed's MiniBatchKMeans time (paired), the
    # reported one their mean; the recorded-not-judged speedups are against seeds[0]'s KMeans fit.
    cost = time_kmeans_vs_minibatch(blobs, ks=(2, 4), seeds=range(3))
    assert sorted(cost["kmeans_s"]) == sorted(cost["minibatch_s"]) == sorted(cost["rows"]) == [2, 4]
    for k, row in cost["rows"].items():
        assert len(cost["kmeans_s"][k]) == len(cost["minibatch_s"][k]) == 3
        assert row["kmeans_s_per_seed"] == cost["kmeans_s"][k] and row["minibatch_s_per_seed"] == cost["minibatch_s"][k]
        assert len(row["wall_s_kmeans_and_minibatch_per_seed"]) == 3
        assert all(len(pair) == 2 for pair in row["wall_s_kmeans_and_minibatch_per_seed"])
        assert row["speedup_per_seed"] == pytest.approx([f / t for f, t in zip(cost["kmeans_s"][k],
                                                                                cost["minibatch_s"][k])])
        assert row["speedup"] == pytest.approx(np.mean(row["speedup_per_seed"]))
        assert row["speedup_vs_n_init_1"] == pytest.approx(cost["kmeans_s"][k][0] / row["minibatch_n_init_1_s"])
        assert row["minibatch_n_init_1_s"] >= 0 and row["minibatch_general_settings_s"] >= 0
        assert len(row["kmeans_iterations_per_seed"]) == len(row["minibatch_steps_per_seed"]) == 3
        assert min(row["kmeans_iterations_per_seed"]) >= 1 and min(row["minibatch_steps_per_seed"]) >= 1


def test_time_kmeans_vs_minibatch_fits_full_kmeans_with_each_seed(blobs, monkeypatch):
    # Check the pairing itself: KMeans is fitted once per seed with random_state = that seed (not once
    # with seeds[0]), each directly before the MiniBatchKMeans fit of the same seed.
    import sklearn.cluster
    calls = []

    def recording(name, cls):
        def make(**kwargs):
            calls.append((name, kwargs["random_state"], kwargs["n_init"]))
            return cls(**kwargs)
        return make

    for name in ("KMeans", "MiniBatchKMeans"):
        monkeypatch.setattr(sklearn.cluster, name, recording(name, getattr(sklearn.cluster, name)))
    time_kmeans_vs_minibatch(blobs, ks=(2,), seeds=(5, 6, 7))
    assert calls[:6] == [("KMeans", 5, 10), ("MiniBatchKMeans", 5, 10), ("KMeans", 6, 10),
                         ("MiniBatchKMeans", 6, 10), ("KMeans", 7, 10), ("MiniBatchKMeans", 7, 10)]
    assert [c[0] for c in calls[6:]] == ["MiniBatchKMeans", "MiniBatchKMeans"] and {c[1] for c in calls[6:]} == {5}


def test_time_kmeans_vs_minibatch_finds_the_same_clusters_on_separated_blobs(blobs):
    # Check the inertia ratio: on 4 well separated blobs both estimators find them, ratio ~1.
    row = time_kmeans_vs_minibatch(blobs, ks=(4,), seeds=(0, 1))["rows"][4]
    assert row["inertia_ratio_minibatch_to_kmeans"] == pytest.approx(1.0, rel=0.05)


def test_described_names_the_seeds_of_the_fits():
    # Check that the setting names the seed range of both estimators (one fit of each per seed,
    # paired) and seeds[0] for the recorded-not-judged timings.
    d = described(range(5, 8))
    assert d["kmeans"] == "KMeans(n_init=10, max_iter=50, tol=1e-3, random_state=5..7)"
    assert d["minibatch"].endswith("random_state=5..7)")
    assert "per seed" in d["pairing"] and "random_state=5" in d["recorded_not_judged"]
