"""Convolutional encoders/decoders parameterised like the posts, and the AE / VAE models.

The nets:

* ``MNIST_NET`` (post vae2): Conv2D 32/64/128, kernels 3, strides 1/2/2, LeakyReLU,
  Dense(z_dim); the decoder mirrors it with Conv2DTranspose and a sigmoid output.
* ``CELEBA_NET`` (posts vae11/vae13): Conv2D 32/64/128/256, kernels 3, strides 2.

``AE`` and ``VAE`` train through Keras 3's own hooks, so the same code runs on TensorFlow,
JAX and PyTorch: ``call`` returns the reconstruction and the codes as a dict, and
``compute_loss`` returns total = reco + KL and updates three ``Mean`` trackers named as they
are logged: ``total_loss``, ``reco_loss``, ``kl_loss``. Reconstruction is BCE (or MSE)
summed over pixels, KL is weighted by ``fact`` (see :mod:`vaecore.losses`); both are batch
means. ``fit(x)`` reconstructs ``x``; ``fit(x_in, x_target)`` trains a denoiser.

Precision: with ``precision="mixed_bfloat16"`` the convolution stacks (and the decoder's
Dense) compute in bfloat16 with float32 variables; the latent layers (``mu``, ``logvar``,
``z``), the sampling, the sigmoid output and the losses stay float32, so ``z - mu`` at 1e-3
and logvar near -13 are not rounded away and the BCE of x_hat near 0 or 1 keeps its precision.
The decoder's first Dense layer computes in bf16 too, so z enters the decoder rounded to ~3
significant digits: encodings are exact, decoded images of z points closer than that are not
told apart (no claim decodes such differences).
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
from keras import layers, ops

from .losses import bce_per_sample, kl_per_sample, mse_per_sample
from .sampling import Sampling


@dataclass(frozen=True)
class ConvNet:
    """Encoder layers (the decoder mirrors them); hashable, so it can key the cache."""

    filters: tuple[int, ...]
    kernels: tuple[int, ...]
    strides: tuple[int, ...]
    batch_norm: bool = False
    leaky_relu: float = 0.2

    def __post_init__(self):
        if not len(self.filters) == len(self.kernels) == len(self.strides):
            raise ValueError(f"filters={self.filters}, kernels={self.kernels} and strides="
                             f"{self.strides} should have the same length.")


MNIST_NET = ConvNet(filters=(32, 64, 128), kernels=(3, 3, 3), strides=(1, 2, 2))
CELEBA_NET = ConvNet(filters=(32, 64, 128, 256), kernels=(3, 3, 3, 3), strides=(2, 2, 2, 2))
CELEBA_AE_1600 = ConvNet(filters=(64, 64, 128, 128), kernels=(5, 5, 3, 3), strides=(2, 2, 2, 2))

_LOSSES = {"bce": bce_per_sample, "mse": mse_per_sample}
PRECISIONS = ("float32", "mixed_bfloat16")


def _check_precision(precision: str) -> str:
    if precision not in PRECISIONS:
        raise ValueError(f"precision={precision!r} should be one of {PRECISIONS}.")
    return precision


def build_encoder(net: ConvNet, input_shape: tuple[int, int, int], z_dim: int, variational: bool,
                  precision: str = "float32"):
    """Conv stack -> Flatten -> Dense(z_dim); a VAE's encoder outputs ``[mu, logvar]``.

    The conv stack computes in ``precision``; the latent Dense layers always in float32.
    """
    dtype = _check_precision(precision)
    x_in = keras.Input(input_shape, name="image")
    x = x_in
    for i, (f, k, s) in enumerate(zip(net.filters, net.kernels, net.strides)):
        x = layers.Conv2D(f, k, strides=s, padding="same", name=f"conv{i}", dtype=dtype)(x)
        if net.batch_norm:
            x = layers.BatchNormalization(name=f"bn{i}", dtype=dtype)(x)
        x = layers.LeakyReLU(net.leaky_relu, name=f"lrelu{i}", dtype=dtype)(x)
    x = layers.Flatten(dtype=dtype)(x)
    if variational:
        outputs = [layers.Dense(z_dim, name="mu", dtype="float32")(x),
                   layers.Dense(z_dim, name="logvar", dtype="float32")(x)]
    else:
        outputs = layers.Dense(z_dim, name="z", dtype="float32")(x)
    return keras.Model(x_in, outputs, name="encoder")


def build_decoder(net: ConvNet, output_shape: tuple[int, int, int], z_dim: int, precision: str = "float32"):
    """Dense -> Reshape -> mirrored Conv2DTranspose stack ending in ``channels`` sigmoids.

    The stack computes in ``precision``; the sigmoid is applied in float32.
    """
    dtype = _check_precision(precision)
    side = output_shape[0]
    for s in net.strides:
        if side % s:
            raise ValueError(f"image size {output_shape[0]} is not divisible by the strides {net.strides}.")
        side //= s
    filters = list(reversed(net.filters[:-1])) + [output_shape[-1]]
    z_in = keras.Input((z_dim,), name="z")
    x = layers.Dense(side * side * net.filters[-1], name="dense", dtype=dtype)(z_in)
    x = layers.Reshape((side, side, net.filters[-1]), dtype=dtype)(x)
    mirrored = list(zip(filters, reversed(net.kernels), reversed(net.strides)))
    for i, (f, k, s) in enumerate(mirrored):
        x = layers.Conv2DTranspose(f, k, strides=s, padding="same", name=f"deconv{i}", dtype=dtype)(x)
        if i < len(mirrored) - 1:
            if net.batch_norm:
                x = layers.BatchNormalization(name=f"bn{i}", dtype=dtype)(x)
            x = layers.LeakyReLU(net.leaky_relu, name=f"lrelu{i}", dtype=dtype)(x)
    x = layers.Activation("sigmoid", name="x_hat", dtype="float32")(x)
    return keras.Model(z_in, x, name="decoder")


class _Autoencoder(keras.Model):
    """Shared training loop: subclasses say how to encode and what the KL term is."""

    def __init__(self, encoder, decoder, loss: str = "bce", **kwargs):
        super().__init__(**kwargs)
        if loss not in _LOSSES:
            raise ValueError(f"loss={loss!r} should be one of {sorted(_LOSSES)}.")
        self.encoder, self.decoder, self.loss_name = encoder, decoder, loss
        self.total_loss_tracker = keras.metrics.Mean(name="total_loss")
        self.reco_loss_tracker = keras.metrics.Mean(name="reco_loss")
        self.kl_loss_tracker = keras.metrics.Mean(name="kl_loss")

    @property
    def metrics(self):
        return [self.total_loss_tracker, self.reco_loss_tracker, self.kl_loss_tracker]

    def call(self, x, training=False):
        """``{"x_hat", "z"}`` (a VAE adds ``"mu"``, ``"logvar"``): what ``compute_loss`` needs."""
        codes = self.encode(x, training=training)
        return {"x_hat": self.decoder(codes[-1], training=training), **self._named(codes)}

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """total = reco + KL, batch means; the target is ``y`` when given (a denoiser), else ``x``."""
        target = x if y is None else y
        reco = ops.mean(_LOSSES[self.loss_name](target, y_pred["x_hat"]))
        kl = self._kl_term(y_pred)
        total = reco + kl
        self.total_loss_tracker.update_state(total)
        self.reco_loss_tracker.update_state(reco)
        self.kl_loss_tracker.update_state(kl)
        return total


class AE(_Autoencoder):
    """Plain autoencoder: the encoder outputs z; ``kl_loss`` is reported as 0."""

    def encode(self, x, training=False):
        return (self.encoder(x, training=training),)

    @staticmethod
    def _named(codes):
        return {"z": codes[0]}

    def _kl_term(self, outputs):
        return ops.convert_to_tensor(0.0)


class VAE(_Autoencoder):
    """VAE with KL weight ``fact``; the encoder outputs ``[mu, logvar]``, sampling adds eps."""

    def __init__(self, encoder, decoder, fact: float = 1.0, loss: str = "bce",
                 eps_clip: float | None = None, seed: int = 0, **kwargs):
        super().__init__(encoder, decoder, loss=loss, **kwargs)
        self.fact = fact
        self.sampling = Sampling(eps_clip=eps_clip, seed=seed, name="sampling", dtype="float32")

    def encode(self, x, training=False):
        mu, logvar = self.encoder(x, training=training)
        return mu, logvar, self.sampling([mu, logvar])

    @staticmethod
    def _named(codes):
        return dict(zip(("mu", "logvar", "z"), codes))

    def _kl_term(self, outputs):
        return ops.mean(kl_per_sample(outputs["mu"], outputs["logvar"], self.fact))
