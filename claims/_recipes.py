"""The posts' own small Keras recipes, shared by the vae3, vae8 and vae14 claims.

These claims are about how TensorFlow/Keras *behave* (eager execution, metric logging,
traced constants), not about what a model learns: tiny nets on a fixed, seeded data set
are enough and keep every claim at a few seconds on a CPU.
"""

from __future__ import annotations

import numpy as np

POST_TENSORFLOW = "2.8"  # the version the posts ran (with its bundled Keras 2.8)


def versions() -> dict:
    """The post's TensorFlow version beside the installed TensorFlow and Keras."""
    import keras
    import tensorflow as tf

    return {"post_tensorflow": POST_TENSORFLOW, "tensorflow": tf.__version__,
            "keras": keras.__version__, "executing_eagerly": tf.executing_eagerly()}


def vectors(n: int = 64, dim: int = 16, seed: int = 0) -> np.ndarray:
    """``n`` fixed pseudo-random "images" of ``dim`` pixels in [0, 1), float32."""
    return np.random.default_rng(seed).random((n, dim), dtype=np.float32)


class AttributeSampler:
    """The posts' sampling function for a ``Lambda`` layer, called on ``[mu, logvar]``.

    ``z = mu + exp(logvar / 2) * eps_factor * eps`` with ``eps_factor`` a plain Python
    attribute (1 for training, 0 to output mu): whatever value it has when the function
    is traced is what a compiled function keeps.
    """

    def __init__(self, eps_factor: float = 1.0, seed: int = 0):
        import keras

        self.eps_factor = eps_factor
        self.seed_generator = keras.random.SeedGenerator(seed)

    def __call__(self, args):
        import keras
        from keras import ops

        mu, logvar = args
        eps = keras.random.normal(ops.shape(mu), seed=self.seed_generator)
        return mu + ops.exp(logvar / 2) * self.eps_factor * eps


def encoder_tensors(sampler, dim: int = 16, z_dim: int = 2):
    """Symbolic tensors of a functional encoder: ``inputs -> Dense(8) -> mu, logvar -> z``.

    ``sampler`` is a Keras layer called on ``[mu, logvar]``, or a function for a ``Lambda``.
    """
    import keras
    from keras import layers

    inputs = keras.Input((dim,), name="x")
    hidden = layers.Dense(8, activation="relu")(inputs)
    mu = layers.Dense(z_dim, name="mu")(hidden)
    logvar = layers.Dense(z_dim, name="logvar")(hidden)
    if not isinstance(sampler, layers.Layer):
        sampler = layers.Lambda(sampler, name="z")
    z = sampler([mu, logvar])
    return inputs, mu, logvar, z


def decoder_output(z, dim: int = 16):
    """A functional decoder on ``z``: ``Dense(8) -> Dense(dim, sigmoid)``."""
    from keras import layers

    hidden = layers.Dense(8, activation="relu")(z)
    return layers.Dense(dim, activation="sigmoid", name="x_hat")(hidden)
