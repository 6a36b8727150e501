"""The reparameterisation ``z = mu + exp(logvar / 2) * eps`` as a layer that owns its randomness.

Two details the posts learned the hard way:

* ``eps_clip`` clips eps element-wise (``|eps| <= 5`` was the vae13 fix for runs that
  jumped to a radius peak at R = 66);
* the seed generator's state is saved with the weights (``save_own_variables``), so a run
  resumed from a checkpoint draws the same eps as one that never stopped;
* the eps scale lives in a non-trainable variable, not a Python attribute, so switching
  z to mu at inference (``set_eps_scale(0.0)``) takes effect at once: a compiled
  ``predict`` reads the variable, it does not bake a constant in (the vae14 pitfall).

>>> layer = Sampling(eps_clip=5.0, seed=1)
>>> layer.set_eps_scale(0.0)        # z == mu from now on, no recompiling
"""

from __future__ import annotations

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="vaecore")
class Sampling(keras.layers.Layer):
    """Draw ``z`` from ``N(mu, exp(logvar))``; called on ``[mu, logvar]``."""

    def __init__(self, eps_clip: float | None = None, seed: int = 0, **kwargs):
        super().__init__(**kwargs)
        if eps_clip is not None and eps_clip <= 0:
            raise ValueError(f"eps_clip={eps_clip} should be > 0 (or None for no clipping).")
        self.eps_clip = eps_clip
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.eps_scale = self.add_weight(shape=(), initializer="ones", trainable=False, name="eps_scale")

    def call(self, inputs):
        mu, logvar = inputs
        eps = keras.random.normal(ops.shape(mu), seed=self.seed_generator)
        if self.eps_clip is not None:
            eps = ops.clip(eps, -self.eps_clip, self.eps_clip)
        return mu + ops.exp(0.5 * logvar) * eps * ops.cast(self.eps_scale, mu.dtype)

    def set_eps_scale(self, value: float) -> None:
        """1 samples z (training), 0 returns mu; effective immediately, also in compiled functions."""
        self.eps_scale.assign(float(value))

    def save_own_variables(self, store):
        """The eps scale and the seed generator's state: a resumed run draws the eps it would have."""
        super().save_own_variables(store)
        store["seed_state"] = self.seed_generator.state

    def load_own_variables(self, store):
        self.eps_scale.assign(store["0"])
        self.seed_generator.state.assign(store["seed_state"])

    def get_config(self):
        return {**super().get_config(), "eps_clip": self.eps_clip, "seed": self.seed}
