"""KMeans as a classifier: cluster, then give each cluster its members' majority label.

>>> from sklearn.cluster import KMeans
>>> clf = ClusterClassifier(KMeans(n_clusters=11, n_init=10, random_state=0))
>>> clf.fit(X_train, y_train).score(X_test, y_test)          # doctest: +SKIP
0.988
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.cluster import KMeans
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data


class ClusterClassifier(ClassifierMixin, BaseEstimator):
    """Cluster-then-label classifier around any clusterer with ``fit``/``predict``.

    Parameters
    ----------
    clusterer : estimator, default=None
        Cloned before fitting; ``None`` means ``KMeans(n_clusters=8, n_init=10, random_state=0)``.

    Attributes
    ----------
    clusterer_ : the fitted clone.
    classes_ : the sorted labels seen in ``fit``.
    cluster_label_ : (n_clusters,) majority label of each cluster's training members.
    cluster_sizes_ : (n_clusters,) number of training members per cluster.
    cluster_purity_ : (n_clusters,) share of the majority label (nan for an empty cluster).
    cluster_counts_ : (n_clusters, n_classes) training members per cluster and class.
    """

    def __init__(self, clusterer=None):
        self.clusterer = clusterer

    def fit(self, X, y):
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        self.classes_, y_index = np.unique(y, return_inverse=True)
        base = self.clusterer if self.clusterer is not None else KMeans(n_init=10, random_state=0)
        self.clusterer_ = clone(base).fit(X)
        members = self._clusters_of(X)
        n_clusters = int(getattr(self.clusterer_, "n_clusters", members.max() + 1))
        counts = np.zeros((n_clusters, len(self.classes_)), dtype=np.int64)
        np.add.at(counts, (members, y_index), 1)
        self.cluster_counts_ = counts
        self.cluster_sizes_ = counts.sum(axis=1)
        majority = np.where(self.cluster_sizes_ > 0, counts.argmax(axis=1), np.bincount(y_index).argmax())
        self.cluster_label_ = self.classes_[majority]
        with np.errstate(invalid="ignore", divide="ignore"):
            self.cluster_purity_ = counts.max(axis=1) / self.cluster_sizes_
        return self

    def predict(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return self.cluster_label_[self.clusterer_.predict(X)]

    def _clusters_of(self, X):
        labels = getattr(self.clusterer_, "labels_", None)
        return np.asarray(labels if labels is not None else self.clusterer_.predict(X))
