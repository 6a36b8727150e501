"""Benchmark: our VAE training (Keras 3 ``compute_loss``, fp32 and bf16) vs the plain fp32
Keras-example VAE loop (``tf.GradientTape``), and XLA on/off, side by side in one process.

Not a test. Run:  VAECLAIMS_DATA=../shared/data python benchmarks/train_step.py [--n 12000] [--repeats 2]

Each variant trains the same MNIST net (vae2) for ``--epochs`` epochs on the same data; the
first epoch includes tracing/compilation, the fastest of the later ones is the steady state
we compare (single epochs on this shared 2-core machine swing by +-30 %).
Variants are interleaved and the best of ``--repeats`` is kept, so that background load
hurts all variants alike. The target (issue 12): ours (the precision the fast tier uses)
/ the plain fp32 loop >= 1.4.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers, ops  # noqa: E402

from vaecore.images import load_images  # noqa: E402
from vaecore.models import MNIST_NET, build_decoder, build_encoder  # noqa: E402
from vaecore.train import TrainConfig, build_model  # noqa: E402


class ExampleSampling(layers.Layer):
    """The keras.io VAE example's sampling layer."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(1337)

    def call(self, inputs):
        z_mean, z_log_var = inputs
        epsilon = keras.random.normal(shape=ops.shape(z_mean), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon


class ExampleVAE(keras.Model):
    """The keras.io VAE example's model (TensorFlow backend), unchanged in substance."""

    def __init__(self, encoder, decoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder, self.decoder = encoder, decoder
        self.sampling = ExampleSampling()
        self.total_loss_tracker = keras.metrics.Mean(name="total_loss")
        self.reconstruction_loss_tracker = keras.metrics.Mean(name="reconstruction_loss")
        self.kl_loss_tracker = keras.metrics.Mean(name="kl_loss")

    @property
    def metrics(self):
        return [self.total_loss_tracker, self.reconstruction_loss_tracker, self.kl_loss_tracker]

    def train_step(self, data):
        with tf.GradientTape() as tape:
            z_mean, z_log_var = self.encoder(data)
            z = self.sampling([z_mean, z_log_var])
            reconstruction = self.decoder(z)
            reconstruction_loss = ops.mean(
                ops.sum(keras.losses.binary_crossentropy(data, reconstruction), axis=(1, 2)))
            kl_loss = -0.5 * (1 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var))
            kl_loss = ops.mean(ops.sum(kl_loss, axis=1))
            total_loss = reconstruction_loss + kl_loss
        grads = tape.gradient(total_loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        self.total_loss_tracker.update_state(total_loss)
        self.reconstruction_loss_tracker.update_state(reconstruction_loss)
        self.kl_loss_tracker.update_state(kl_loss)
        return {"loss": self.total_loss_tracker.result(),
                "reconstruction_loss": self.reconstruction_loss_tracker.result(),
                "kl_loss": self.kl_loss_tracker.result()}


class EpochTimer(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.t0 = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds = getattr(self, "seconds", []) + [time.perf_counter() - self.t0]


KINDS = {"ours-bf16": "mixed_bfloat16", "ours-fp32": "float32", "example": "float32"}


def run(kind: str, jit: bool, x: np.ndarray, batch_size: int = 128, epochs: int = 3) -> tuple[float, float]:
    keras.utils.set_random_seed(0)
    if kind == "example":
        enc = build_encoder(MNIST_NET, (28, 28, 1), 16, variational=True)
        dec = build_decoder(MNIST_NET, (28, 28, 1), 16)
        model = ExampleVAE(enc, dec)
        model.compile(optimizer=keras.optimizers.Adam(5e-4), jit_compile=jit)
    else:  # exactly what train_or_load builds
        model = build_model(TrainConfig(kind="vae", fact=1.0, z_dim=16, batch_size=batch_size,
                                        jit_compile=jit, precision=KINDS[kind]))
    timer = EpochTimer()
    model.fit(x, epochs=epochs, batch_size=batch_size, shuffle=True, verbose=0, callbacks=[timer])
    return len(x) / timer.seconds[0], len(x) / min(timer.seconds[1:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=12_000)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=3, help="epochs per variant (>= 2; the first is tracing)")
    parser.add_argument("--jit", choices=["both", "off", "on"], default="off",
                        help="which jit_compile settings to time (default: off, the engine's default)")
    args = parser.parse_args()
    x, _ = load_images("mnist", "train", n=args.n)
    jits = {"both": (False, True), "off": (False,), "on": (True,)}[args.jit]
    variants = [(kind, jit) for jit in jits for kind in KINDS]
    best: dict = {}
    for r in range(args.repeats):
        for kind, jit in variants:
            first, steady = run(kind, jit, x, epochs=max(args.epochs, 2))
            key = (kind, jit)
            best[key] = max(best.get(key, (0, 0)), (steady, first))
            print(f"repeat {r}: {kind:9s} jit_compile={jit!s:5s} epoch1 {first:7.0f} samples/s, "
                  f"best later epoch {steady:7.0f} samples/s", flush=True)
    print(f"\nbest steady-state samples/s over {args.repeats} repeats, n={args.n}, "
          f"cores={os.cpu_count()}, tensorflow {tf.__version__}, keras {keras.__version__}")
    for (kind, jit), (steady, first) in best.items():
        print(f"  {kind:9s} jit_compile={jit!s:5s} {steady:7.0f}  (first epoch {first:7.0f})")
    for jit in jits:
        for kind in ("ours-bf16", "ours-fp32"):
            ratio = best[(kind, jit)][0] / best[("example", jit)][0]
            print(f"  {kind} / plain fp32 example (jit_compile={jit}): {ratio:.3f}")
    if len(jits) == 2:
        for kind in KINDS:
            print(f"  {kind}: XLA / no XLA = {best[(kind, True)][0] / best[(kind, False)][0]:.3f}")


if __name__ == "__main__":
    main()
