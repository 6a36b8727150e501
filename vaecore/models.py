"""Convolutional encoders/decoders parameterised like the posts, and the AE / VAE models.

The nets:

* ``MNIST_NET`` (post vae2): Conv2D 32/64/128, kernels 3, strides 1/2/2, LeakyReLU,
  Dense(z_dim); the decoder mirrors it with Conv2DTranspose and a sigmoid output.
* ``CELEBA_NET`` (posts vae11/vae13): Conv2D 32/64/128/256, kernels 3, strides 2.

``AE`` and ``VAE`` override ``train_step`` (under ``tf.GradientTape``) and report three
``Mean`` trackers named exactly as they are returned: ``total_loss``, ``reco_loss``,
``kl_loss``. Reconstruction is BCE (or MSE) summed over pixels, KL is weighted by
``fact`` (see :mod:`vaecore.losses`); both are batch means and total = reco + KL.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import tensorflow as tf
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


def build_encoder(net: ConvNet, input_shape: tuple[int, int, int], z_dim: int, variational: bool):
    """Conv stack -> Flatten -> Dense(z_dim); a VAE's encoder outputs ``[mu, logvar]``."""
    x_in = keras.Input(input_shape, name="image")
    x = x_in
    for i, (f, k, s) in enumerate(zip(net.filters, net.kernels, net.strides)):
        x = layers.Conv2D(f, k, strides=s, padding="same", name=f"conv{i}")(x)
        if net.batch_norm:
            x = layers.BatchNormalization(name=f"bn{i}")(x)
        x = layers.LeakyReLU(net.leaky_relu, name=f"lrelu{i}")(x)
    x = layers.Flatten()(x)
    if variational:
        outputs = [layers.Dense(z_dim, name="mu")(x), layers.Dense(z_dim, name="logvar")(x)]
    else:
        outputs = layers.Dense(z_dim, name="z")(x)
    return keras.Model(x_in, outputs, name="encoder")


def build_decoder(net: ConvNet, output_shape: tuple[int, int, int], z_dim: int):
    """Dense -> Reshape -> mirrored Conv2DTranspose stack ending in ``channels`` sigmoids."""
    side = output_shape[0]
    for s in net.strides:
        if side % s:
            raise ValueError(f"image size {output_shape[0]} is not divisible by the strides {net.strides}.")
        side //= s
    filters = list(reversed(net.filters[:-1])) + [output_shape[-1]]
    z_in = keras.Input((z_dim,), name="z")
    x = layers.Dense(side * side * net.filters[-1], name="dense")(z_in)
    x = layers.Reshape((side, side, net.filters[-1]))(x)
    mirrored = list(zip(filters, reversed(net.kernels), reversed(net.strides)))
    for i, (f, k, s) in enumerate(mirrored):
        last = i == len(mirrored) - 1
        x = layers.Conv2DTranspose(f, k, strides=s, padding="same", name=f"deconv{i}",
                                   activation="sigmoid" if last else None)(x)
        if not last:
            if net.batch_norm:
                x = layers.BatchNormalization(name=f"bn{i}")(x)
            x = layers.LeakyReLU(net.leaky_relu, name=f"lrelu{i}")(x)
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
        return self.decoder(self.encode(x, training=training)[-1], training=training)

    def _loss_terms(self, x, training):
        *codes, z = self.encode(x, training=training)
        x_hat = self.decoder(z, training=training)
        reco = ops.mean(_LOSSES[self.loss_name](x, x_hat))
        kl = self._kl_term(*codes)
        return reco + kl, reco, kl

    def _update_trackers(self, total, reco, kl):
        self.total_loss_tracker.update_state(total)
        self.reco_loss_tracker.update_state(reco)
        self.kl_loss_tracker.update_state(kl)
        return {m.name: m.result() for m in self.metrics}

    def train_step(self, data):
        x = data[0] if isinstance(data, tuple) else data
        with tf.GradientTape() as tape:
            total, reco, kl = self._loss_terms(x, training=True)
        grads = tape.gradient(total, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        return self._update_trackers(total, reco, kl)

    def test_step(self, data):
        x = data[0] if isinstance(data, tuple) else data
        return self._update_trackers(*self._loss_terms(x, training=False))


class AE(_Autoencoder):
    """Plain autoencoder: the encoder outputs z; ``kl_loss`` is reported as 0."""

    def encode(self, x, training=False):
        return (self.encoder(x, training=training),)

    def _kl_term(self):
        return ops.convert_to_tensor(0.0)


class VAE(_Autoencoder):
    """VAE with KL weight ``fact``; the encoder outputs ``[mu, logvar]``, sampling adds eps."""

    def __init__(self, encoder, decoder, fact: float = 1.0, loss: str = "bce",
                 eps_clip: float | None = None, seed: int = 0, **kwargs):
        super().__init__(encoder, decoder, loss=loss, **kwargs)
        self.fact = fact
        self.sampling = Sampling(eps_clip=eps_clip, seed=seed, name="sampling")

    def encode(self, x, training=False):
        mu, logvar = self.encoder(x, training=training)
        return mu, logvar, self.sampling([mu, logvar])

    def _kl_term(self, mu, logvar):
        return ops.mean(kl_per_sample(mu, logvar, self.fact))
