"""The cluster-then-label classifier: scikit-learn conventions and hand-worked answers."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import DBSCAN, KMeans, MiniBatchKMeans
from sklearn.datasets import make_blobs
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import train_test_split
from sklearn.utils.estimator_checks import parametrize_with_checks

from vaecore.cluster import ClusterClassifier


class _Bins(ClusterMixin, BaseEstimator):
    """A deterministic clusterer for hand-worked answers: cluster = bin of feature 0."""

    def __init__(self, edges=(5.0, 15.0), shift=0):
        self.edges = edges
        self.shift = shift

    def fit(self, X, y=None):
        self.labels_ = self.predict(X)
        self.n_clusters_ = len(self.edges) + 1
        return self

    def predict(self, X):
        return np.digitize(np.asarray(X)[:, 0], self.edges) + self.shift


# 1-d points in three bins (< 5, 5..15, >= 15) with hand-counted classes:
#   bin 0: a a a b     -> size 4, majority a, purity 3/4
#   bin 1: b b         -> size 2, majority b, purity 1
#   bin 2: c a c b c   -> size 5, majority c, purity 3/5
TINY_X = np.array([0, 1, 2, 3, 10, 11, 20, 21, 22, 23, 24], dtype=float)[:, None]
TINY_Y = np.array(list("aaab" "bb" "cacbc"))


@parametrize_with_checks([ClusterClassifier(),
                          ClusterClassifier(MiniBatchKMeans(n_clusters=8, n_init=3, random_state=0))])
def test_cluster_classifier_is_a_scikit_learn_estimator(estimator, check):
    # Check every scikit-learn estimator convention (none needs an expected failure: the one
    # borderline property, the accuracy on overlapping blobs, is declared as poor_score).
    check(estimator)


@pytest.mark.parametrize("clusterer", [KMeans(n_clusters=8, n_init=10, random_state=0),
                                       MiniBatchKMeans(n_clusters=8, n_init=3, random_state=0)],
                         ids=["KMeans", "MiniBatchKMeans"])
def test_cluster_classifier_scores_one_on_separated_blobs(clusterer):
    # Check that 4 blobs 10 standard deviations apart are classified (almost) perfectly on
    # held-out data, with more clusters than classes.
    centers = 10.0 * np.eye(4, 5)
    X, y = make_blobs(n_samples=800, centers=centers, cluster_std=1.0, random_state=3)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.5, random_state=0)
    clf = ClusterClassifier(clusterer).fit(X_tr, y_tr)
    assert 0.99 <= clf.score(X_te, y_te) <= 1.0
    assert np.nanmin(clf.cluster_purity_) >= 0.95


def test_cluster_classifier_counts_sizes_and_purity_by_hand():
    # Check sizes, purity, majority labels and the count table against the hand count above.
    clf = ClusterClassifier(_Bins()).fit(TINY_X, TINY_Y)
    assert_array_equal(clf.classes_, ["a", "b", "c"])
    assert_array_equal(clf.cluster_counts_, [[3, 1, 0], [0, 2, 0], [1, 1, 3]])
    assert_array_equal(clf.cluster_sizes_, [4, 2, 5])
    assert_allclose(clf.cluster_purity_, [3 / 4, 1.0, 3 / 5])
    assert_array_equal(clf.cluster_label_, ["a", "b", "c"])
    assert_array_equal(clf.predict([[-1.0], [12.0], [99.0]]), ["a", "b", "c"])
    assert clf.score(TINY_X, TINY_Y) == pytest.approx((3 + 2 + 3) / 11)


def test_cluster_classifier_empty_cluster_gets_overall_majority_and_nan_purity():
    # Check that a cluster without training members has size 0, purity nan and the label
    # most frequent overall (a: 4 of 11 above, vs. b: 4 -> tie goes to the first class).
    clf = ClusterClassifier(_Bins(edges=(5.0, 15.0, 50.0))).fit(TINY_X, TINY_Y)
    assert_array_equal(clf.cluster_sizes_, [4, 2, 5, 0])
    assert np.isnan(clf.cluster_purity_[3])
    assert clf.predict([[60.0]])[0] == "a"


def test_cluster_classifier_is_invariant_to_renaming_the_labels():
    # Check that permuting the class names (or writing them as text) permutes the
    # predictions the same way and leaves the accuracy unchanged.
    X, y = make_blobs(n_samples=300, centers=5, cluster_std=2.0, random_state=1)
    ref = ClusterClassifier(KMeans(n_clusters=7, n_init=5, random_state=0)).fit(X, y)
    perm = np.array([3, 0, 4, 1, 2])
    renamed = ClusterClassifier(KMeans(n_clusters=7, n_init=5, random_state=0)).fit(X, perm[y])
    assert_array_equal(renamed.predict(X), perm[ref.predict(X)])
    assert renamed.score(X, perm[y]) == pytest.approx(ref.score(X, y))
    as_text = ClusterClassifier(KMeans(n_clusters=7, n_init=5, random_state=0)).fit(X, np.array(list("vwxyz"))[y])
    assert_array_equal(as_text.predict(X), np.array(list("vwxyz"))[ref.predict(X)])


def test_cluster_classifier_ignores_cluster_numbering():
    # Check that a clusterer numbering the same bins in reverse yields the same predictions.
    class Reversed(_Bins):
        def predict(self, X):
            return len(self.edges) - super().predict(X)

    forward = ClusterClassifier(_Bins()).fit(TINY_X, TINY_Y)
    backward = ClusterClassifier(Reversed()).fit(TINY_X, TINY_Y)
    grid = np.linspace(-5, 30, 50)[:, None]
    assert_array_equal(forward.predict(grid), backward.predict(grid))
    assert_allclose(np.sort(forward.cluster_purity_), np.sort(backward.cluster_purity_))


@pytest.mark.parametrize("clusterer, error, pattern", [
    ("kmeans", TypeError, r"clusterer='kmeans' has no fit and predict"),
    (DBSCAN(), TypeError, r"clusterer=DBSCAN\(\) has no fit and predict"),
    (KMeans(n_clusters=20, n_init=1), ValueError, r"n_samples=11 should be >= n_clusters=20"),
    (_Bins(shift=-1), ValueError, r"marked samples as noise \(label -1\)"),
], ids=["string", "no-predict", "too-few-samples", "noise-labels"])
def test_cluster_classifier_errors_name_the_values(clusterer, error, pattern):
    # Check that a bad clusterer or too few samples fails with a message naming the values.
    with pytest.raises(error, match=pattern):
        ClusterClassifier(clusterer).fit(TINY_X, TINY_Y)


def test_cluster_classifier_rejects_a_cluster_unseen_in_fit():
    # Check that a predicted cluster index outside those seen in fit names the index.
    clf = ClusterClassifier(_Bins()).fit(TINY_X, TINY_Y)
    clf.clusterer_.shift = 5
    with pytest.raises(ValueError, match=r"predicted cluster 5, but fit saw clusters 0\.\.2"):
        clf.predict([[0.0]])


def test_cluster_classifier_predict_before_fit_raises_not_fitted():
    # Check the scikit-learn NotFittedError before fit.
    with pytest.raises(NotFittedError):
        ClusterClassifier().predict(TINY_X)


# --- fits along k and pure shares ---------------------------------------------------------------

from vaecore.cluster import fits_along_k, pure_shares  # noqa: E402


def test_pure_shares_by_hand():
    # Check with the hand-counted bins: purities 3/4, 1, 3/5; above 0.7 are the first two
    # clusters (2 of 3), holding 4 + 2 of the 11 members.
    clf = ClusterClassifier(_Bins()).fit(TINY_X, TINY_Y)
    shares = pure_shares(clf, 0.7)
    assert shares["clusters"] == pytest.approx(2 / 3)
    assert shares["members"] == pytest.approx(6 / 11)
    assert pure_shares(clf, 0.99) == pytest.approx({"clusters": 1 / 3, "members": 2 / 11})


def test_fits_along_k_inertia_falls_and_accuracy_reaches_one_at_the_number_of_blobs():
    # Check that on 4 well separated blobs the inertia per sample falls with k and the cluster
    # classifier is (almost) perfect from k = 4 on.
    X, y = make_blobs(n_samples=800, centers=10.0 * np.eye(4, 5), cluster_std=1.0, random_state=3)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.5, random_state=0)
    curve = fits_along_k(X_tr, y_tr, X_te, y_te, ks=[2, 4, 8], seed=0)
    assert np.all(np.diff(curve["inertia_per_sample"]) < 0)
    assert curve["test_accuracy"][0] <= 0.75
    assert min(curve["test_accuracy"][1:]) >= 0.99
