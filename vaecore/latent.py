"""Latent-space metrics as pure functions on arrays of z-points, returning named values.

>>> rng = np.random.default_rng(0)
>>> radius_peak(radius(rng.normal(size=(100_000, 256))))        # ~ sqrt(255)   # doctest: +SKIP
15.75
"""

from __future__ import annotations

import numpy as np

RADIUS_BIN = 0.5  # the posts' histogram bins


def radius(z_points: np.ndarray) -> np.ndarray:
    """Euclidean norm of each latent vector (rows)."""
    return np.linalg.norm(np.asarray(z_points, dtype=np.float64), axis=-1)


def radius_histogram(radii: np.ndarray, bin_width: float = RADIUS_BIN, r_max: float | None = None):
    """``(counts, edges)`` over ``0 <= R < r_max`` in bins of ``bin_width`` (the posts: 0.5)."""
    radii = np.asarray(radii, dtype=np.float64)
    top = r_max if r_max is not None else bin_width * (np.floor(radii.max() / bin_width) + 2)
    edges = np.arange(0.0, top + bin_width / 2, bin_width)
    counts, edges = np.histogram(radii, bins=edges)
    return counts, edges


def radius_peak(radii: np.ndarray, bin_width: float = RADIUS_BIN) -> float:
    """Centre of the most populated radius bin."""
    counts, edges = radius_histogram(radii, bin_width)
    i = int(np.argmax(counts))
    return float((edges[i] + edges[i + 1]) / 2)


def shell_fraction(radii: np.ndarray, lo: float, hi: float) -> float:
    """Share of points with ``lo <= R <= hi``."""
    radii = np.asarray(radii)
    return float(np.mean((radii >= lo) & (radii <= hi)))


def radius_summary(z_points: np.ndarray) -> dict:
    """Peak, mean, spread and the extremes of the radius distribution."""
    r = radius(z_points)
    return {"radius_peak": radius_peak(r), "radius_mean": float(r.mean()), "radius_std": float(r.std()),
            "radius_min": float(r.min()), "radius_max": float(r.max())}


def latent_scale(z_points: np.ndarray) -> float:
    """The typical width of the latent axes: the median over axes of the points' standard deviation
    along each (its own dtype, no conversion). N(0, s^2 I_k) points give ~s.

    >>> latent_scale(np.random.default_rng(0).normal(scale=3.0, size=(20_000, 8)))   # doctest: +SKIP
    3.0
    """
    z = np.asarray(z_points)
    if z.ndim != 2:
        raise ValueError(f"z_points has shape {z.shape}; it should be (n_points, z_dim).")
    return float(np.median(z.std(axis=0)))


# --- per-axis densities -----------------------------------------------------------------------

def axis_fits(z_points: np.ndarray, broad: float = 2.5, off_centre: float = 1.0) -> dict:
    """Per-axis Gaussian fits of the z-points' number density, and which axes stand out.

    For each axis j: ``centre`` (mean), ``width`` (standard deviation) and ``ks``, the
    Kolmogorov-Smirnov distance of the standardised values from N(0, 1) (0 for an exact
    Gaussian; ~0.01 sampling noise for 10,000 points). The typical axis has the median
    width; an axis is *broad* when its width exceeds ``broad`` times that, and *off-centre*
    when its |centre| exceeds ``off_centre`` typical widths.

    >>> z = np.random.default_rng(0).normal(size=(5000, 8)); z[:, 3] = 6 * z[:, 3] + 4
    >>> f = axis_fits(z); f["broad_axes"], f["off_centre_axes"], round(f["typical_width"], 1)
    ([3], [3], 1.0)
    """
    from scipy import stats

    z = _as_points(z_points)
    centre, width = z.mean(axis=0), z.std(axis=0)
    safe = np.where(width > 0, width, 1.0)
    standardised = np.sort((z - centre) / safe, axis=0)
    cdf = stats.norm.cdf(standardised)
    n = len(z)
    ks = np.maximum(np.arange(1, n + 1)[:, None] / n - cdf, cdf - np.arange(n)[:, None] / n).max(axis=0)
    typical = float(np.median(width))
    broad_axes = np.flatnonzero(width > broad * typical)
    off_axes = np.flatnonzero(np.abs(centre) > off_centre * typical)
    return {"centre": centre, "width": width, "ks": ks,
            "typical_width": typical, "typical_abs_centre": float(np.median(np.abs(centre))),
            "median_ks": float(np.median(ks)), "max_ks": float(ks.max()),
            "n_broad": int(len(broad_axes)), "broad_axes": broad_axes.tolist(),
            "n_off_centre": int(len(off_axes)), "off_centre_axes": off_axes.tolist(),
            "max_width_over_typical": float(width.max() / typical) if typical > 0 else float("inf")}


def axis_fits_bootstrap(z_points: np.ndarray, broad: float = 2.5, off_centre: float = 1.0, n_boot: int = 100,
                        seed: int = 0) -> dict:
    """:func:`axis_fits`' counted quantities over ``n_boot`` bootstrap resamples of the points:
    per resample the typical (median) width, the number of broad axes, the number of broad axes
    that are off-centre, and the share of axes peaked within ``off_centre`` typical widths of 0.
    Another draw of the same data moves them this much (the KS shape statistic is not resampled).

    >>> z = np.random.default_rng(0).normal(size=(5000, 8)); z[:, 3] = 6 * z[:, 3] + 4
    >>> b = axis_fits_bootstrap(z, n_boot=20); sorted(set(b["n_broad"].tolist())), round(float(b["typical_width"].std()), 2)
    ([1], 0.01)
    """
    z = _as_points(z_points)
    rng = np.random.default_rng(seed)
    out = {"typical_width": [], "n_broad": [], "n_broad_off_centre": [], "share_peaked_near_zero": []}
    for _ in range(n_boot):
        s = z[rng.integers(0, len(z), len(z))]
        centre, width = s.mean(axis=0), s.std(axis=0)
        typical = float(np.median(width))
        is_broad, is_off = width >= broad * typical, np.abs(centre) > off_centre * typical  # as the rule reads them
        out["typical_width"].append(typical)
        out["n_broad"].append(int(is_broad.sum()))
        out["n_broad_off_centre"].append(int((is_broad & is_off).sum()))
        out["share_peaked_near_zero"].append(float(np.mean(~is_off)))
    return {k: np.asarray(v) for k, v in out.items()}


# --- the radius law ---------------------------------------------------------------------------

def radius_law(z_points: np.ndarray, bin_width: float | None = RADIUS_BIN) -> dict:
    """Radius peak against sqrt(sum of per-axis second moments) and against sqrt(z_dim).

    For roughly Gaussian coordinates R^2 is a sum of many terms with mean
    ``law^2 = sum_j E[z_j^2]``, so R concentrates near ``law`` (for N(0, s^2 I_k) the mode
    is ``s * sqrt(k - 1)`` and ``law = s * sqrt(k)``). The posts' special case is
    ``E[z_j^2] = 1``, i.e. a peak at sqrt(z_dim). ``bin_width=None`` uses law / 40. Since
    ``sum_j E[z_j^2] = E[R^2]`` for any points, the law's content is the concentration of R:
    ``radius_q05`` / ``radius_q95`` (5th / 95th percentiles) give its spread, ``flank_ratio``
    (q95 - median) / (median - q05) its skew (> 1: the flank towards larger radii is broader).

    >>> z = np.random.default_rng(0).normal(scale=2.0, size=(50_000, 64))
    >>> d = radius_law(z, bin_width=None); round(d["radius_law"], 1), round(d["peak_over_law"], 2)
    (16.0, 0.99)
    """
    z = _as_points(z_points)
    r = radius(z)
    law = float(np.sqrt(np.sum(np.mean(z**2, axis=0))))
    width = bin_width if bin_width is not None else law / 40
    peak = radius_peak(r, width)
    k = z.shape[1]
    q05, median, q95 = (float(q) for q in np.percentile(r, [5, 50, 95]))
    return {"radius_peak": peak, "radius_law": law, "sqrt_zdim": float(np.sqrt(k)),
            "peak_over_law": peak / law, "peak_over_sqrt_zdim": peak / float(np.sqrt(k)),
            "rms_per_axis": law / float(np.sqrt(k)), "radius_mean": float(r.mean()),
            "radius_std": float(r.std()), "bin_width": float(width),
            "radius_q05": q05, "radius_median": median, "radius_q95": q95,
            "flank_ratio": (q95 - median) / (median - q05) if median > q05 else float("inf")}


def radius_peak_bootstrap(z_points: np.ndarray, bin_width: float | None = RADIUS_BIN, n_boot: int = 100,
                          seed: int = 0) -> np.ndarray:
    """Radius peaks of ``n_boot`` bootstrap resamples of the points (bins as in :func:`radius_law`).

    The peak of a histogram is a noisy statistic: for a broad, skewed radius distribution of
    10,000 points it moves by several bins between resamples. Its bootstrap spread says how far
    the measured peak can be trusted.

    >>> z = np.random.default_rng(0).normal(size=(20_000, 64))
    >>> float(np.std(radius_peak_bootstrap(z, bin_width=None, n_boot=20)) / 8) < 0.03
    True
    """
    r = radius(_as_points(z_points))
    width = bin_width if bin_width is not None else float(np.sqrt(np.mean(r**2))) / 40
    rng = np.random.default_rng(seed)
    return np.array([radius_peak(r[rng.integers(0, len(r), len(r))], width) for _ in range(n_boot)])


def core_and_shell(z_points: np.ndarray, core: float = 0.5, outer: float = 2.0) -> dict:
    """Share of points in the core ``R < core * law`` and beyond ``R > outer * law``.

    ``law`` is the radius law's sqrt(sum_j E[z_j^2]); for the posts (law = 16) the
    defaults are R < 8 and R > 32. For N(0, I_k) with k >= 16 both shares are ~0.
    """
    z = _as_points(z_points)
    r = radius(z)
    law = float(np.sqrt(np.mean(r**2)))
    return {"radius_law": law, "core_radius": core * law, "outer_radius": outer * law,
            "core_fraction": float(np.mean(r < core * law)),
            "outer_fraction": float(np.mean(r > outer * law)),
            "radius_min": float(r.min()), "radius_max": float(r.max()),
            "min_over_law": float(r.min() / law), "max_over_law": float(r.max() / law)}


# --- PCA spectrum -----------------------------------------------------------------------------

def pca_spectrum(z_points: np.ndarray, flat: float = 0.05, spike: float = 2.0) -> dict:
    """Explained-variance ratios, the dominance of the first component and where it flattens.

    ``flatten_index``: the number of leading components before the curve (as plotted, on a
    linear scale) has done all but ``flat`` of its total drop, i.e. the first index k with
    ``ev[k] - ev[-1] <= flat * (ev[0] - ev[-1])``. ``n_above_median``: how many components
    carry more than ``spike`` times the median component's variance. For k equal spikes on
    a flat floor both are k.
    """
    z = _as_points(z_points)
    ev = _principal_axes(z)[0]
    ratio = ev / ev.sum()
    drop = ratio - ratio[-1]
    flatten = int(np.argmax(drop <= flat * drop[0])) if drop[0] > 0 else 0
    return {"explained_variance_ratio": ratio, "first": float(ratio[0]),
            "first_over_second": float(ratio[0] / ratio[1]) if ratio[1] > 0 else float("inf"),
            "cumulative_10": float(ratio[:10].sum()), "flatten_index": flatten,
            "n_above_median": int(np.sum(ev > spike * np.median(ev)))}


# --- filaments and voids against a Gaussian with the same covariance ---------------------------

def matched_gaussian(z_points: np.ndarray, n: int | None = None, seed: int = 0) -> np.ndarray:
    """``n`` (default: as many) samples of the Gaussian with the points' mean and covariance."""
    z = _as_points(z_points)
    return _matched(z, *_principal_axes(z), n or len(z), seed)


def _principal_axes(z: np.ndarray):
    """Covariance eigenvalues (descending, round-off of a rank-deficient cov set to 0) and axes."""
    vals, vecs = np.linalg.eigh(np.cov(z, rowvar=False))
    vals, vecs = vals[::-1], vecs[:, ::-1]
    return np.where(vals > 1e-10 * vals.max(), vals, 0.0), vecs


def _matched(z, vals, vecs, n, seed):
    eps = np.random.default_rng(seed).normal(size=(n, z.shape[1]))
    return z.mean(axis=0) + eps @ (vecs * np.sqrt(vals)).T


def cell_occupancy(a: np.ndarray, b: np.ndarray, cells: int | None = None, span: float = 3.0) -> dict:
    """Occupied small grid cells of 2-d points ``a`` relative to a reference ``b``.

    One grid of ``cells`` x ``cells`` over ``a``'s mean +- ``span`` standard deviations
    per axis (default cells: sqrt(n), a few reference points per central cell). Points on
    thin lines around voids fill far fewer cells than a Gaussian cloud: ``ratio`` << 1;
    two samples of one distribution: ``ratio`` ~ 1.
    """
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    cells = cells or max(4, int(np.sqrt(min(len(a), len(b)))))
    lo = a.mean(axis=0) - span * a.std(axis=0)
    size = 2 * span * a.std(axis=0) / cells

    def occupied(p):
        idx = np.floor((p - lo) / size).astype(np.int64)
        inside = np.all((idx >= 0) & (idx < cells), axis=1)
        return len(np.unique(idx[inside, 0] * cells + idx[inside, 1]))

    n = min(len(a), len(b))
    occ_a, occ_b = occupied(a[:n]), occupied(b[:n])
    return {"occupied": occ_a, "occupied_reference": occ_b, "ratio": occ_a / max(occ_b, 1),
            "cells": cells}


def nn_distances(points: np.ndarray, k: int = 2) -> np.ndarray:
    """Distances of each point to its ``k`` nearest other points, ``(n, k)``, ascending."""
    from sklearn.neighbors import NearestNeighbors

    p = _as_points(points)
    dist, _ = NearestNeighbors(n_neighbors=k + 1).fit(p).kneighbors(p)
    return dist[:, 1:]


def twonn_dimension(points: np.ndarray, discard: float = 0.1) -> float:
    """TwoNN intrinsic-dimension estimate (Facco et al. 2017) from r2 / r1 ratios.

    The ratios mu = r2 / r1 follow a Pareto law with exponent d, so
    ``-log(1 - F(mu)) = d log(mu)``; d is the slope through the origin, fitted on all but
    the largest ``discard`` share of the ratios. Duplicate points (r1 = 0) are dropped.
    ~1 on a curve; on a Gaussian it grows with the dimension (and saturates below it at
    finite n).
    """
    return _twonn(nn_distances(points, k=2), discard)


def _twonn(d: np.ndarray, discard: float) -> float:
    d = d[d[:, 0] > 0]
    mu = np.sort(d[:, 1] / d[:, 0])
    n = len(mu)
    keep = int(np.floor(n * (1 - discard)))
    x = np.log(mu[:keep])
    y = -np.log(1 - np.arange(1, keep + 1) / n)
    return float(np.dot(x, y) / np.dot(x, x))


def filament_stats(z_points: np.ndarray, seed: int = 0, planes=((0, 1), (2, 3), (4, 5)),
                   cells: int | None = None) -> dict:
    """Three independent statistics of "filaments and voids" against the matched Gaussian.

    * ``occupancy_ratio``: occupied small cells of 2-d projections onto planes of the
      points' PCA axes, divided by the same count for the Gaussian with the same
      covariance (mean over ``planes``); fragments and filaments leave voids: << 1.
    * ``nn_ratio``: median nearest-neighbour distance in the full space, points over
      Gaussian; points crowded on thin structures have much closer neighbours: << 1.
    * ``id_ratio``: TwoNN intrinsic dimension, points over Gaussian; a filament is
      locally one-dimensional: << 1.

    Gaussian points give ~1 on all three (sampling noise: a few per cent).
    """
    z = _as_points(z_points)
    vals, vecs = _principal_axes(z)
    g = _matched(z, vals, vecs, len(z), seed)
    centre = z.mean(axis=0)
    pz, pg = (z - centre) @ vecs, (g - centre) @ vecs
    planes = [p for p in planes if max(p) < pz.shape[1]]
    occ = [cell_occupancy(pz[:, list(p)], pg[:, list(p)], cells) for p in planes]
    d_z, d_g = nn_distances(z, 2), nn_distances(g, 2)
    nn_z, nn_g = float(np.median(d_z[:, 0])), float(np.median(d_g[:, 0]))
    id_z, id_g = _twonn(d_z, 0.1), _twonn(d_g, 0.1)
    return {"occupancy_ratio": float(np.mean([o["ratio"] for o in occ])),
            "occupancy_ratio_per_plane": [float(o["ratio"]) for o in occ],
            "cells": occ[0]["cells"] if occ else 0,
            "nn_median": nn_z, "nn_median_gaussian": nn_g, "nn_ratio": nn_z / nn_g,
            "twonn": id_z, "twonn_gaussian": id_g, "id_ratio": id_z / id_g}


def post_window(z_points: np.ndarray, half_width: float, rms_per_axis: float, cells: int | None = None,
                span: float = 3.0) -> dict:
    """How the grid of :func:`filament_stats` sees a +-``half_width`` square of the PC1-PC2 plane around
    the points' mean, ``half_width`` in units where the RMS per axis is ``rms_per_axis`` (the post's:
    0.25 at 16.5 / sqrt(256)), scaled to the points' own RMS per axis, sqrt(mean |z|^2 / z_dim).

    Returns ``half_width`` (in the points' units), ``cell_side`` (PC1, PC2: the grid of
    :func:`cell_occupancy`, ``cells`` per side over the mean +- ``span`` SD), ``window_cells`` (cells
    across the window along PC1, PC2) and ``window_points`` (points inside it).

    >>> z = np.random.default_rng(0).normal(size=(10_000, 4)) * [4.0, 2.0, 1.0, 1.0]
    >>> w = post_window(z, 0.25, 1.0)          # RMS per axis sqrt(5.5) = 2.35: half-width 0.59
    >>> round(w["half_width"], 2), [round(c, 1) for c in w["window_cells"]]   # cells of 0.24 and 0.12
    (0.59, [4.9, 9.8])
    """
    z = _as_points(z_points)
    vals, vecs = _principal_axes(z)
    p = (z - z.mean(axis=0)) @ vecs[:, :2]
    n_cells = cells or max(4, int(np.sqrt(len(z))))
    h = half_width * float(np.sqrt(np.mean(np.sum(z ** 2, axis=1)) / z.shape[1])) / rms_per_axis
    side = 2 * span * p.std(axis=0) / n_cells
    inside = np.all(np.abs(p) <= h, axis=1)
    return {"half_width": h, "cell_side": [float(v) for v in side], "cells": n_cells,
            "window_cells": [float(2 * h / v) for v in side], "window_points": int(inside.sum())}


def synthetic_filaments(z_points: np.ndarray, n_curves: int, width: float, n: int | None = None,
                        seed: int = 0) -> np.ndarray:
    """``n`` points (default: as many as ``z_points``) on ``n_curves`` smooth random closed curves with
    isotropic Gaussian thickness ``width`` (in the points' units), with the points' mean and covariance
    (in expectation): finite-width filaments to test a statistic's power against the matched Gaussian.

    Each curve is a random Fourier curve in z_dim dimensions (harmonics 1..H, amplitudes 1/k, enough
    harmonics that the curves together span every axis) around a random centre. The set's own
    principal axes, in order, are mapped onto the points' (PC k of the curves to PC k of the points),
    each rescaled to the points' variance less the thickness's (the thickness along an axis is at most
    1/sqrt(2) of its spread): the curves' smooth, wide harmonics land on the leading PCs, where the
    planes are looked at, as a curve's own PCA would show it.
    """
    z = _as_points(z_points)
    n, d = n or len(z), z.shape[1]
    vals, vecs = _principal_axes(z)
    rng = np.random.default_rng(seed)
    harmonics = max(6, int(np.ceil(d / (2 * n_curves))) + 1)
    k = np.arange(1, harmonics + 1)[:, None]
    parts = []
    for m in np.diff(np.linspace(0, n, n_curves + 1).astype(int)):
        t = rng.uniform(0, 2 * np.pi, m)
        a, b = rng.normal(size=(2, harmonics, d)) / k
        parts.append(np.cos(k * t).T @ a + np.sin(k * t).T @ b + rng.normal(size=d))
    c = np.concatenate(parts)
    ev, ax = _principal_axes(c)
    c = (c - c.mean(axis=0)) @ ax / np.sqrt(np.maximum(ev, 1e-12 * ev.max()))  # the curves' own PCs, whitened
    thick = np.minimum(width, np.sqrt(vals / 2))
    curve_sd = np.sqrt(vals - thick ** 2)
    return z.mean(axis=0) + (c * curve_sd + rng.normal(size=(n, d)) * thick) @ vecs.T


def fragmentation(z_points: np.ndarray, seed: int = 0) -> dict:
    """:func:`filament_stats` of the points, with the nearest-neighbour ratio's sampling spread:
    ``nn_ratio_halves`` (the ratio of the even and of the odd rows) and ``nn_ratio_half_spread``
    (their absolute difference). Gaussian points give ``nn_ratio`` ~1 and a spread of a few per cent.
    """
    z = _as_points(z_points)
    full = filament_stats(z, seed=seed)
    halves = [filament_stats(h, seed=seed)["nn_ratio"] for h in (z[0::2], z[1::2])]
    return {**full, "nn_ratio_halves": halves, "nn_ratio_half_spread": abs(halves[0] - halves[1])}


def _as_points(z_points) -> np.ndarray:
    z = np.asarray(z_points, dtype=np.float64)
    if z.ndim != 2:
        raise ValueError(f"z_points has shape {z.shape}; it should be (n_points, z_dim).")
    return z
