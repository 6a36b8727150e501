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
                  batch_size=128, learning_rate=5e-4, seed=0, eval_n=1_000)

MNIST_AE_Z16 = TrainConfig(kind="ae", z_dim=16, **FAST_MNIST)
MNIST_TINY_KL_VAE = TrainConfig(kind="vae", fact=1e-5, z_dim=16, **FAST_MNIST)

# --- curse1 / curse2 / vae2 (issue 6) ------------------------------------------------------
# curse2 transfer: "many dimensions" on MNIST, an AE whose latent space is far larger than
# the digits' intrinsic dimension (~10), like the posts' 256 for faces.
MNIST_AE_Z64 = TrainConfig(kind="ae", z_dim=64, **FAST_MNIST)
# Issue 6 may add at most 2 minutes cold to the fast tier beyond the models above; one
# 12,000-digit epoch takes 7-10 s on the 2-core CI machine and the claims' measurements ~20 s,
# so its own runs get 9 epochs in all. They are the first epochs of the fast setting (same
# digits, seed and data order): the z_dim sweep of curse1.mnist_small_zdim and vae2's BCE
# against MSE its first 2, vae2's z 2 against z 16 its first 3 (at 2 epochs z 16 is only
# 1.7 dB ahead of z 2 and still rising: the comparison needs z 16 to have used its room; its
# test PSNR is 14.1 dB after 2 epochs, 16.7 after 3, 18.6 after 5). The z 16 BCE runs are the
# first epochs of MNIST_AE_Z16 and the 2-epoch z 2 run the first of the 3-epoch one, kept on
# the way (KEEP_EPOCHS): only z 2 (3 epochs), z 4, z 12 and the z 16 MSE twin (2 each) train.
MNIST_AE_2EP = {z: TrainConfig(kind="ae", z_dim=z, **{**FAST_MNIST, "epochs": 2}) for z in (2, 4, 12, 16)}
MNIST_AE_3EP = {z: TrainConfig(kind="ae", z_dim=z, **{**FAST_MNIST, "epochs": 3}) for z in (2, 16)}
MNIST_AE_Z16_MSE_2EP = TrainConfig(kind="ae", z_dim=16, loss="mse", **{**FAST_MNIST, "epochs": 2})
# The vae2 post's own setting (gpu tier): all 60,000 training digits, 40 epochs.
POST_MNIST = {**FAST_MNIST, "n_train": None, "epochs": 40}
POST_MNIST_AE = {z: TrainConfig(kind="ae", z_dim=z, **POST_MNIST) for z in (2, 4, 12, 16)}
POST_MNIST_AE_Z16_MSE = TrainConfig(kind="ae", z_dim=16, loss="mse", **POST_MNIST)

# Runs that also cache their first epochs (vaecore.train.train_or_load(keep_epochs=...)); the
# ``trained`` fixture trains the longer run first when a kept config is asked for.
KEEP_EPOCHS = {MNIST_AE_Z16: (2, 3), MNIST_AE_3EP[2]: (2,)}

# --- vae11 / vae13 (issue 4) ------------------------------------------------------------------
# The "working" VAE of the fast tier: the standard ELBO (fact = 1), the one KL weight that
# needs no tuning (any other value would be chosen by looking at results). Its KL share on
# MNIST (~19 %) is not the post's ~3 %: that share belongs to fact = 5 on 96x96x3 CelebA,
# whose reconstruction sum runs over 9,216 pixels. The vae11 transfer claims need a VAE
# whose prior is used; tiny-KL (1e-5) and this one bracket the post's fact range.
MNIST_VAE = TrainConfig(kind="vae", fact=1.0, z_dim=16, **FAST_MNIST)

# The CelebA settings of vae11/vae13: the posts' net (4 x Conv2D 32..256, k3, s2), z_dim 256,
# BCE, Adam 5e-4, batch 128, 24 epochs, on our 14,151-image training split (the posts had
# 170,000). slow: 64x64 on CPU; gpu: the posts' 96x96. Per tier: the AE, the tiny-KL VAE
# (fact 1e-5, vae13), the working VAE (fact 5, vae11) and vae11's z_dim-1600 AE.
def _celeba_models(image_size):
    from vaecore.models import CELEBA_AE_1600, CELEBA_NET

    base = dict(dataset="celeba", image_size=image_size, net=CELEBA_NET, n_train=None, epochs=24,
                batch_size=128, learning_rate=5e-4, seed=0)
    return {"ae": TrainConfig(kind="ae", z_dim=256, **base),
            "tiny_kl_vae": TrainConfig(kind="vae", fact=1e-5, z_dim=256, **base),
            "vae": TrainConfig(kind="vae", fact=5.0, z_dim=256, **base),
            "ae_1600": TrainConfig(kind="ae", z_dim=1600, **{**base, "net": CELEBA_AE_1600})}


CELEBA64 = _celeba_models(64)
CELEBA96 = _celeba_models(96)
# vae13.runs_land_near_16 (gpu): the tiny-KL VAE at 96x96 with seeds 0..3, without and
# with |eps| <= 5 clipping; seed 0 without clipping is CELEBA96["tiny_kl_vae"] itself.
CELEBA96_TINY_KL_RUNS = {(seed, clip): TrainConfig(**{**CELEBA96["tiny_kl_vae"].__dict__, "seed": seed,
                                                      "eps_clip": clip})
                         for clip in (None, 5.0) for seed in range(4)}
