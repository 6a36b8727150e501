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


# --- framework claims: the backend they are about -------------------------------------------

def backend() -> str:
    """The Keras backend of this process (``KERAS_BACKEND`` or ``~/.keras/keras.json``)."""
    import keras

    return keras.backend.backend()


def tensorflow_only():
    """Skip mark of a framework claim about TensorFlow/Keras when Keras runs on another backend.

    The claims of vae3, vae8, vae14 and tensors are about how TensorFlow and its Keras behave
    (eager execution, ``tf.GradientTape``, compiled predict functions, ``tf.Tensor``); on JAX or
    NumPy they would test something else. Their TensorFlow code stays as it is.
    """
    import pytest

    name = backend()
    return pytest.mark.skipif(name != "tensorflow", reason=(
        "framework claim about TensorFlow/Keras: runs with KERAS_BACKEND=tensorflow; "
        f"this run uses {name}"))


# --- running a recipe stage by stage ------------------------------------------------------------

def run_recipe(stages) -> dict:
    """Run ``(stage, thunk)`` pairs in order; report how far they got and what raised.

    ``{"trains", "fails_at", "exception_type", "message_first_line", "message_key_line"}``, and
    ``final_loss`` when the last stage (a ``fit``) returned its History.
    """
    import re

    import keras

    keras.utils.set_random_seed(0)
    outcome = {"trains": False, "fails_at": None, "exception_type": None,
               "message_first_line": None, "message_key_line": None}
    result = None
    for stage, thunk in stages:
        try:
            result = thunk()
        except Exception as err:  # the claims are about which stage fails and how: catch them all
            text = re.sub(r"\x1b\[[0-9;]*m", "", str(err))  # Keras bolds parts of messages
            lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
            key = next((ln for ln in lines if re.search(r"add_loss|symbolic|KerasTensor|eager", ln)), None)
            outcome.update(fails_at=stage, exception_type=type(err).__name__,
                           message_first_line=lines[0] if lines else "(empty message)",
                           message_key_line=key)
            return outcome
    outcome.update(trains=True, final_loss=float(result.history["loss"][-1]))
    return outcome


def fit_stage(model: dict, y: bool):
    """The ``fit`` stage: one epoch on the 64 fixed vectors, batch 32 (targets x when ``y``)."""
    x = vectors()
    return lambda: model["vae"].fit(x, x if y else None, epochs=1, batch_size=32, shuffle=False, verbose=0)


def book_recipe(from_scope: bool = True):
    """The old book recipe (vae3.symbolic_loss_fails) as ``(stage, thunk)`` pairs.

    A custom layer called on ``[x, x_hat]`` whose ``call()`` computes the BCE + KL loss and
    passes it to ``self.add_loss``, with mu/logvar taken from the enclosing scope: the
    functional model's symbolic tensors (``from_scope=True``, the book), or passed as layer
    inputs ``[x, x_hat, mu, logvar]`` (the fix). ``compile(loss=None)``; ``fit(x, None)``.
    The book's ``add_loss(..., inputs=)`` argument does not exist in Keras 3 and is left out.
    """
    import keras
    from keras import layers, ops

    model = {}

    def build():
        inputs, mu, logvar, z = encoder_tensors(AttributeSampler(seed=0))
        x_hat = decoder_output(z)

        class CustomVariationalLayer(layers.Layer):
            def call(self, args):
                x, x_hat_, mu_, logvar_ = (*args, mu, logvar) if from_scope else args
                bce = keras.losses.binary_crossentropy(x[..., None], x_hat_[..., None])
                reco = ops.sum(bce, axis=-1)
                kl = -0.5 * ops.sum(1 + logvar_ - ops.square(mu_) - ops.exp(logvar_), axis=-1)
                self.add_loss(ops.mean(reco + kl))
                return x

        args = [inputs, x_hat] if from_scope else [inputs, x_hat, mu, logvar]
        model["vae"] = keras.Model(inputs, CustomVariationalLayer()(args))

    def compile_():
        model["vae"].compile(optimizer="adam", loss=None)

    return [("build", build), ("compile", compile_), ("fit", fit_stage(model, y=False))]


_GRAPH_MODE = """
import json, sys
sys.path.insert(0, {claims!r})
import tensorflow as tf
tf.compat.v1.disable_eager_execution()
from _recipes import book_recipe, run_recipe
out = {{"executing_eagerly": tf.executing_eagerly()}}
for name, from_scope in (("book_recipe", True), ("mu_logvar_as_layer_inputs", False)):
    out[name] = run_recipe(book_recipe(from_scope))
print("RESULT " + json.dumps(out))
"""


def graph_mode_outcomes(timeout: float = 300) -> dict:
    """The book recipe and its fix after ``tf.compat.v1.disable_eager_execution()`` (the post's
    remedy on TF 2.8), in a subprocess so that the global switch cannot leak into this one.

    ``{"executing_eagerly", "book_recipe": outcome, "mu_logvar_as_layer_inputs": outcome}``, or
    ``{"error": ...}`` when the subprocess itself broke.
    """
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = _GRAPH_MODE.format(claims=str(Path(__file__).resolve().parent))
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_BACKEND": "tensorflow"}
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"no result within {timeout:g} s"}
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        return {"error": f"exit {done.returncode}: {(done.stderr.strip().splitlines() or ['?'])[-1][:300]}"}
    return json.loads(line.removeprefix("RESULT "))
