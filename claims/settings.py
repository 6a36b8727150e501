"""Shared model settings of the claim suite: one TrainConfig per model, reused by many claims.

A config trains once per machine (the checkpoint cache) and once per session (the
``trained`` fixture). Claims that need the same model must use the same config object,
so that the fast tier stays within its time budget.
"""

from vaecore.models import MNIST_NET
from vaecore.train import TrainConfig

# Fast tier on MNIST (the vae2 net): a subset and few epochs, so that a cold run of all
# fast claims stays within minutes on a 2-core CPU. Same subset, seed and optimiser for
# every model, so that AE and VAE differ only in what the claim compares.
FAST_MNIST = dict(dataset="mnist", image_size=28, net=MNIST_NET, n_train=12_000, epochs=5,
                  batch_size=128, learning_rate=5e-4, seed=0)

MNIST_AE = {z: TrainConfig(kind="ae", z_dim=z, **FAST_MNIST) for z in (2, 4, 12, 16)}
MNIST_AE_Z16 = MNIST_AE[16]
MNIST_TINY_KL_VAE = TrainConfig(kind="vae", fact=1e-5, z_dim=16, **FAST_MNIST)
