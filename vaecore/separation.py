"""How well a clustering or a 2-d map separates classes: pure array functions, named floats.

>>> import numpy as np
>>> ring = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])      # one radius
>>> radial_share(ring)["radial_share"]
0.0
>>> radial_share(np.array([[1.0, 0.0], [3.0, 0.0]]))["radial_share"]        # one direction
1.0
>>> ks = np.array([2, 4, 8, 16]); round(elbow_sharpness(ks, 100.0 * ks ** -0.5)["max_slope_drop"], 6)
1.0
"""

from __future__ import annotations

import itertools

import numpy as np

__all__ = ["radial_share", "explained_variance", "elbow_sharpness", "doubling_ladder", "top_confusions",
           "map_separation"]


def radial_share(centers: np.ndarray) -> dict:
    """How much of the separation of cluster centres is distance from the origin.

    For two centres ``a``, ``b`` with norms ``r_a``, ``r_b`` and angle ``t`` between them,
    ``|a - b|^2 = (r_a - r_b)^2 + 2 r_a r_b (1 - cos t)``: a radial and an angular part,
    both >= 0. Returns the radial part's share of the summed squared distances over all
    pairs (``radial_share``; 0: all centres on one sphere, 1: all on one ray through the
    origin), its complement ``angular_share``, the median per-pair share, and the spread
    of the centres' norms (``norm_cv``: standard deviation / mean).
    """
    c = np.asarray(centers, dtype=np.float64)
    if c.ndim != 2 or len(c) < 2:
        raise ValueError(f"centers of shape {c.shape} should be (n_clusters >= 2, n_features).")
    r = np.linalg.norm(c, axis=1)
    i, j = np.triu_indices(len(c), 1)
    total = np.sum((c[i] - c[j]) ** 2, axis=1)
    radial = (r[i] - r[j]) ** 2
    share = float(radial.sum() / total.sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        per_pair = np.where(total > 0, radial / total, np.nan)
    return {"radial_share": share, "angular_share": 1.0 - share,
            "median_pair_radial_share": float(np.nanmedian(per_pair)),
            "norm_cv": float(r.std() / r.mean())}


def explained_variance(values: np.ndarray, groups: np.ndarray) -> float:
    """The share of the variance of ``values`` that the group means explain (eta squared):
    ``sum((mean of the value's group - overall mean)^2) / sum((value - overall mean)^2)``; 1 when
    every group holds one value, ~0 when the groups are drawn at random. ``groups`` are indices
    ``0..g-1`` (e.g. cluster labels).

    >>> explained_variance(np.array([1.0, 1.0, 3.0, 3.0]), np.array([0, 0, 1, 1]))
    1.0
    >>> explained_variance(np.array([1.0, 3.0, 1.0, 3.0]), np.array([0, 0, 1, 1]))
    0.0
    """
    values = np.asarray(values, dtype=np.float64)
    groups = np.asarray(groups)
    if values.shape != groups.shape or values.ndim != 1:
        raise ValueError(f"values {values.shape} and groups {groups.shape} should be equal 1-d arrays.")
    means = np.bincount(groups, values) / np.bincount(groups)
    return float(np.sum((means[groups] - values.mean()) ** 2) / np.sum((values - values.mean()) ** 2))


def doubling_ladder(k_max: int, k_min: int = 2) -> list[int]:
    """``k_max, k_max/2, ...`` rounded, down to ``k_min``, ascending: ``250 -> [2, 4, 8, 16, 31, 62, 125, 250]``."""
    ks, k = [], float(k_max)
    while round(k) >= k_min:
        ks.append(int(round(k)))
        k /= 2
    return sorted(set(ks))


def elbow_sharpness(ks, inertia) -> dict:
    """How abruptly the returns of more clusters diminish along an inertia curve.

    ``slopes`` are the local log-log slopes ``-d log(inertia) / d log(k)`` between
    neighbouring grid points; a power law ``inertia ~ k^-a`` has all slopes ``a``. An
    elbow at ``k*`` is a slope that collapses after ``k*``: ``max_slope_drop`` is the
    largest ratio of a slope to the next one (1 for a power law, >> 1 for an elbow), at
    ``elbow_k`` (the grid point between the two slopes).
    """
    k = np.asarray(ks, dtype=np.float64)
    inertia = np.asarray(inertia, dtype=np.float64)
    if k.shape != inertia.shape or k.ndim != 1 or len(k) < 3:
        raise ValueError(f"ks {k.shape} and inertia {inertia.shape} should be equal 1-d grids of >= 3 points.")
    if np.any(np.diff(k) <= 0) or np.any(inertia <= 0):
        raise ValueError(f"ks={k.tolist()} should increase and inertia should be > 0.")
    slopes = -np.diff(np.log(inertia)) / np.diff(np.log(k))
    with np.errstate(divide="ignore", invalid="ignore"):
        drops = slopes[:-1] / slopes[1:]
    drops = np.where(slopes[1:] > 0, drops, np.inf)
    at = int(np.argmax(drops))
    return {"slopes": slopes.tolist(), "slope_drops": drops.tolist(),
            "max_slope_drop": float(drops[at]), "elbow_k": float(k[at + 1])}


def top_confusions(confusion: np.ndarray, n: int | None = None, labels=None) -> list[tuple]:
    """Class pairs ranked by symmetric confusion ``C[a, b] + C[b, a]``: ``[(a, b, count), ...]``."""
    c = np.asarray(confusion)
    if c.ndim != 2 or c.shape[0] != c.shape[1]:
        raise ValueError(f"confusion of shape {c.shape} should be square (n_classes, n_classes).")
    names = list(range(len(c))) if labels is None else list(labels)
    pairs = [(names[a], names[b], c[a, b] + c[b, a]) for a, b in itertools.combinations(range(len(c)), 2)]
    pairs.sort(key=lambda p: p[2], reverse=True)
    return pairs[:n] if n is not None else pairs


def map_separation(points: np.ndarray, labels: np.ndarray, k: int = 5, folds: int = 10) -> dict:
    """Class separation of points (e.g. a 2-d t-SNE map): ``knn_accuracy`` (``k``-NN,
    ``folds``-fold cross-validated, stratified, unshuffled) and ``silhouette`` by class."""
    from sklearn.metrics import silhouette_score
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier

    points, labels = np.asarray(points), np.asarray(labels)
    knn = cross_val_score(KNeighborsClassifier(k), points, labels, cv=StratifiedKFold(folds))
    return {"knn_accuracy": float(knn.mean()), "silhouette": float(silhouette_score(points, labels))}
