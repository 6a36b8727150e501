"""Reconstruction quality as pure functions: one metric for every model, whatever its loss.

>>> x = np.full((1, 2, 2, 1), 0.5); psnr(x, x + 0.1)        # 10 log10(1 / 0.01)
array([20.])
"""

from __future__ import annotations

import numpy as np


def psnr(x: np.ndarray, x_hat: np.ndarray) -> np.ndarray:
    """Peak signal-to-noise ratio in dB per image, for pixels in [0, 1]."""
    x, x_hat = np.asarray(x, np.float64), np.asarray(x_hat, np.float64)
    mse = np.mean((x - x_hat) ** 2, axis=tuple(range(1, x.ndim)))
    return 10.0 * np.log10(1.0 / np.maximum(mse, 1e-12))


def reconstruction_scores(x: np.ndarray, x_hat: np.ndarray, eps: float = 1e-7) -> dict:
    """Mean PSNR (dB), BCE per pixel and squared error per pixel over a batch of images."""
    x, x_hat = np.asarray(x, np.float64), np.clip(np.asarray(x_hat, np.float64), eps, 1 - eps)
    bce = -(x * np.log(x_hat) + (1 - x) * np.log(1 - x_hat))
    return {"psnr_db": float(psnr(x, x_hat).mean()), "bce_per_pixel": float(bce.mean()),
            "mse_per_pixel": float(np.mean((x - x_hat) ** 2))}
