"""The posts' losses in ``keras.ops``: KL weighted by ``fact``, BCE or MSE summed over pixels.

Per sample, with ``fact`` the KL weight (CLAIMS.md notation)::

    kl   = -0.5 * fact * sum_j (1 + logvar_j - mu_j**2 - exp(logvar_j))
    reco = sum over pixels of BCE (mean over colour channels)

Both are averaged over the batch by the models; ``total = reco + kl``.
"""

from __future__ import annotations

from keras import ops


def kl_per_sample(mu, logvar, fact: float = 1.0):
    """KL divergence of N(mu, exp(logvar)) from N(0, I), times ``fact``, one value per row."""
    return -0.5 * fact * ops.sum(1.0 + logvar - ops.square(mu) - ops.exp(logvar), axis=-1)


def bce_per_sample(x, x_hat, eps: float = 1e-7):
    """Binary cross-entropy summed over pixels (mean over channels), one value per image."""
    x_hat = ops.clip(x_hat, eps, 1.0 - eps)
    bce = -(x * ops.log(x_hat) + (1.0 - x) * ops.log(1.0 - x_hat))
    return ops.sum(ops.mean(bce, axis=-1), axis=tuple(range(1, len(bce.shape) - 1)))


def mse_per_sample(x, x_hat):
    """Squared error summed over pixels (mean over channels), one value per image."""
    se = ops.square(x - x_hat)
    return ops.sum(ops.mean(se, axis=-1), axis=tuple(range(1, len(se.shape) - 1)))
