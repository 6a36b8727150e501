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
