"""Cluster structure of latent points: KMeans inertia curves and their elbow, t-SNE maps and
how strongly they cluster, and how far two maps agree.

Pure functions on arrays (scikit-learn fits seeded by ``seed``), returning arrays or dicts of
named floats; tested on synthetic points with known answers in ``tests/test_maps.py``.

>>> round(elbow([2, 4, 8, 16, 32, 64, 128, 256], [2.0 ** -k for k in range(8)])["slope_ratio"], 6)   # a power law
1.0
"""

from __future__ import annotations

import numpy as np


def inertia_curve(points, ks, seed: int = 0) -> np.ndarray:
    """MiniBatchKMeans inertia (batch 1024, one initialisation) of ``points`` for each k of ``ks``."""
    from sklearn.cluster import MiniBatchKMeans
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # 40x faster on a shared 2-core CPU than oversubscribed threads
        return np.array([MiniBatchKMeans(k, batch_size=1024, n_init=1, random_state=seed).fit(points).inertia_
                         for k in ks])


def elbow(ks, inertia) -> dict:
    """The forced elbow of an inertia curve and how pronounced it is.

    ``forced_k``: the kneedle point, the largest vertical gap below the chord of the curve
    scaled to [0, 1]^2 (``knee_gap``). ``slope_ratio``: the best two-segment fit of log(inertia)
    against log(k) (break at ``break_k``); the slope before the break over the slope after it.
    A cluster-free cloud gives a power law k^(-2/d), a straight line, ratio ~1; a pronounced
    elbow (steep, then flat) a large ratio. Needs at least 7 points.
    """
    ks, inertia = np.asarray(ks, float), np.asarray(inertia, float)
    if len(ks) < 7 or len(ks) != len(inertia):
        raise ValueError(f"len(ks)={len(ks)} and len(inertia)={len(inertia)} should be equal and >= 7.")
    x = (ks - ks[0]) / (ks[-1] - ks[0])
    y = (inertia - inertia.min()) / (inertia.max() - inertia.min())
    gap = 1 - x - y
    lk, li = np.log(ks), np.log(inertia)
    best = None
    for b in range(3, len(ks) - 3):
        parts = (slice(0, b + 1), slice(b, None))
        fits = [np.polyfit(lk[s], li[s], 1) for s in parts]
        sse = sum(np.sum((np.polyval(f, lk[s]) - li[s]) ** 2) for f, s in zip(fits, parts))
        if best is None or sse < best[0]:
            best = (sse, ks[b], fits[0][0], fits[1][0])
    return {"forced_k": int(ks[int(np.argmax(gap))]), "knee_gap": float(gap.max()), "break_k": int(best[1]),
            "slope_before": float(best[2]), "slope_after": float(best[3]),
            "slope_ratio": float(best[2] / best[3])}


def curve_shape_gap(a, b) -> float:
    """How far two curves differ in shape: the largest |log(a / a[0]) - log(b / b[0])|, each curve
    normalised by its first value (a constant factor between them gives 0; 0.1 is ~10 %).

    >>> curve_shape_gap([4.0, 2.0, 1.0], [40.0, 20.0, 10.0])
    0.0
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"curves of shapes {a.shape} and {b.shape} should be equal 1-d arrays.")
    return float(np.max(np.abs(np.log(a / a[0]) - np.log(b / b[0]))))


def tsne_map(points, seed: int = 0, **kwargs) -> np.ndarray:
    """The 2-d t-SNE map of ``points`` (perplexity 30, PCA initialisation; ``kwargs`` to ``TSNE``)."""
    from sklearn.manifold import TSNE

    return TSNE(2, perplexity=30, init="pca", random_state=seed, **kwargs).fit_transform(points)


def map_scores(latent, tsne, labels=None, n_clusters: int = 10, seed: int = 0) -> dict:
    """How strongly a t-SNE map clusters: ``silhouette`` of KMeans(``n_clusters``) on the map,
    ``trustworthiness`` of the map (10 neighbours) against the ``latent`` points, and with
    ``labels`` the map's ``knn10_class_accuracy`` (10-NN, 5-fold CV)."""
    from sklearn.cluster import KMeans
    from sklearn.manifold import trustworthiness
    from sklearn.metrics import silhouette_score

    found = KMeans(n_clusters, n_init=4, random_state=seed).fit_predict(tsne)
    out = {"silhouette": float(silhouette_score(tsne, found)),
           "trustworthiness": float(trustworthiness(latent, tsne, n_neighbors=10))}
    if labels is not None:
        from .separation import map_separation

        out["knn10_class_accuracy"] = map_separation(tsne, labels, k=10, folds=5)["knn_accuracy"]
    return out


def neighbour_overlap(a, b, k: int = 10) -> float:
    """Mean share of each point's ``k`` nearest neighbours in map ``a`` that are also among its
    ``k`` nearest in map ``b`` (the same points, row by row): 1 for identical maps, about
    k / (n - 1) for unrelated ones."""
    from sklearn.neighbors import NearestNeighbors

    if len(a) != len(b):
        raise ValueError(f"len(a)={len(a)} should equal len(b)={len(b)}: the maps place the same points.")
    na, nb = (NearestNeighbors(n_neighbors=k + 1).fit(m).kneighbors(m, return_distance=False)[:, 1:] for m in (a, b))
    return float(np.mean([len(set(p) & set(q)) / k for p, q in zip(na, nb)]))
