"""``train_or_load(config)``: train an AE/VAE once, then load it from the checkpoint cache.

A :class:`TrainConfig` (frozen dataclass) plus :data:`CODE_VERSION` hashes to the cache
key. An entry is a folder ``$VAECLAIMS_CACHE/models/<name>-<key>/`` holding
``model.weights.h5`` and ``meta.json`` (config, history per epoch, wall time, versions,
sha256 of the weights). Entries are written to a temporary folder and renamed into
place; a file lock makes parallel workers train a given model once; an entry whose
checksum, metadata or weights do not load is reported (``CacheWarning``) and retrained.

>>> cfg = TrainConfig(dataset="mnist", n_train=10_000, kind="vae", fact=1e-5, z_dim=16, epochs=3)
>>> trained = train_or_load(cfg)          # doctest: +SKIP
>>> latents = encode(trained.model, x_test)   # mu, logvar, z as numpy arrays

The backend (``KERAS_BACKEND``: TensorFlow, JAX or PyTorch) and the precision change the
weights, so both key the cache and are recorded in ``meta.json``; the ``.weights.h5`` file
itself loads on any backend (``tests/test_backends.py``).

An interrupted run (killed, out of time, machine gone) continues from its last completed epoch
on the next ``train_or_load`` of the same config: the weights, the optimizer state and the
sampling seed are kept after every epoch (``<entry>.partial/``), and the data order of an
epoch is a function of the seed and the epoch (:func:`epoch_order`), so the finished weights are
bit-identical to an uninterrupted run's on the same machine and backend. A longer config
continues from the longest cached shorter run of the same setting. ``meta.json`` records the
epochs at which the run was resumed (``resumed_at``).

A run can also cache its first epochs: ``train_or_load(cfg, keep_epochs=(1,))`` stores the
model after epoch 1 as the entry of ``cfg.prefix(1)``. Training is seeded, deterministic and
has no learning-rate schedule, so that entry is exactly what training ``cfg.prefix(1)``
would give (``tests/test_train.py`` checks weights and optimizer state bit for bit).
"""

from __future__ import annotations

import dataclasses
import math
import platform
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import keras
import numpy as np

from .checkpoints import (CacheWarning, cached, config_key, discard_partial, keep, load_entry, load_partial,
                          partial_epoch, save_partial)
from .errors import CacheError
from .corruption import Corruption
from .models import MNIST_NET, PRECISIONS, ConvNet
from .paths import cache_dir

CODE_VERSION = "engine-3"  # 3: data order by (seed, epoch) and the sampling seed saved, for resuming  # bump when training code changes what a config produces
# The sources that decide what a config trains to, and their digest when CODE_VERSION was last decided;
# tests/test_code_version.py fails when they change: bump CODE_VERSION if the weights change, then update
# the digest (checkpoints.py only stores them; data.py's loaders are pinned by the data files' sha256).
CODE_FILES = ("models.py", "losses.py", "sampling.py", "corruption.py", "images.py", "train.py")
CODE_DIGEST = "e96589a3a32c0df4"


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides the trained weights; its hash keys the cache."""

    dataset: str = "mnist"
    n_train: int | None = None
    image_size: int = 28
    net: ConvNet = MNIST_NET
    kind: str = "ae"  # "ae" or "vae"
    z_dim: int = 16
    fact: float = 0.0  # KL weight (VAE only)
    loss: str = "bce"  # "bce" or "mse"
    epochs: int = 10
    batch_size: int = 128
    learning_rate: float = 5e-4
    seed: int = 0
    eps_clip: float | None = None
    jit_compile: bool = False  # XLA was slower on CPU for these nets (benchmarks/train_step.py)
    eval_n: int = 0  # > 0: after each epoch, score this many test images (history "test_*")
    precision: str = "float32"  # or "mixed_bfloat16": bf16 convolutions, fp32 latents and losses
    corruption: Corruption | None = None  # a denoiser: obscured images in, clean images as target

    def __post_init__(self):
        if self.kind not in ("ae", "vae"):
            raise ValueError(f"kind={self.kind!r} should be 'ae' or 'vae'.")
        if self.kind == "ae" and (self.fact or self.eps_clip):
            raise ValueError(f"an AE has no KL term: fact={self.fact}, eps_clip={self.eps_clip} should be 0/None.")
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision={self.precision!r} should be one of {PRECISIONS}.")

    @property
    def key(self) -> str:
        """The cache key: this config, the code version and the Keras backend."""
        return config_key(self, f"{CODE_VERSION}/{keras.backend.backend()}")

    def prefix(self, epochs: int) -> "TrainConfig":
        """This run stopped after ``epochs`` epochs: the config of its first epochs."""
        if not 1 <= epochs <= self.epochs:
            raise ValueError(f"epochs={epochs} should be between 1 and this run's {self.epochs}.")
        return dataclasses.replace(self, epochs=epochs)

    @property
    def name(self) -> str:
        fact = f"-fact{self.fact:g}" if self.kind == "vae" else ""
        clip = f"-clip{self.eps_clip:g}" if self.eps_clip else ""
        denoise = f"-dn{self.corruption.name}" if self.corruption else ""
        bf16 = "-bf16" if self.precision == "mixed_bfloat16" else ""
        return (f"{self.dataset}{self.image_size}-{self.kind}{fact}{clip}{denoise}-z{self.z_dim}-{self.loss}"
                f"-e{self.epochs}-s{self.seed}{bf16}")


@dataclass
class Trained:
    """A trained model with its config, per-epoch history and cache metadata."""

    model: object
    config: TrainConfig
    history: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)
    from_cache: bool = False
    path: Path | None = None
    preconditions: tuple = ()  # e.g. its setting's convergence criterion, checked on the history

    @property
    def steps(self) -> int:
        """Optimizer steps of the run: batches per epoch (a partial last batch counts) x epochs, on
        the training images it saw (``meta["n_train"]``, else the config's ``n_train``)."""
        n = self.meta.get("n_train") or self.config.n_train
        return math.ceil(n / self.config.batch_size) * self.config.epochs


def build_model(config: TrainConfig):
    """The compiled (untrained) AE or VAE a config describes, variables and optimizer built."""
    from .models import AE, VAE, build_decoder, build_encoder

    channels = 1 if config.dataset == "mnist" else 3
    shape = (config.image_size, config.image_size, channels)
    variational = config.kind == "vae"
    encoder = build_encoder(config.net, shape, config.z_dim, variational, precision=config.precision)
    decoder = build_decoder(config.net, shape, config.z_dim, precision=config.precision)
    if variational:
        model = VAE(encoder, decoder, fact=config.fact, loss=config.loss, eps_clip=config.eps_clip,
                    seed=config.seed)
    else:
        model = AE(encoder, decoder, loss=config.loss)
    model.compile(optimizer=keras.optimizers.Adam(config.learning_rate), jit_compile=config.jit_compile)
    model(np.zeros((1, *shape), np.float32))  # build all variables
    model.optimizer.build(model.trainable_variables)  # so cached optimizer state loads too
    return model


def seed_everything(seed: int) -> None:
    """Seed Python, numpy and the backend; on TensorFlow also make its ops deterministic.

    JAX on CPU is deterministic as it is; on a GPU, set ``XLA_FLAGS=--xla_gpu_deterministic_ops=true``
    (README: what is and is not bit-identical per backend).
    """
    keras.utils.set_random_seed(seed)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()


def train_or_load(config: TrainConfig, images=None, quiet: bool = False, root=None,
                  eval_images=None, keep_epochs=()) -> Trained:
    """Load the cached model of ``config``, or train it (once, also across processes) and cache it.

    ``images`` (and ``eval_images``) override the data the config names (tests pass tiny
    arrays); the cache key is the config alone, so pass them only with a config that names them.
    With ``config.eval_n > 0`` the history also holds, per epoch, ``test_psnr_db``,
    ``test_bce_per_pixel`` and ``test_mse_per_pixel`` of ``eval_n`` test images: one common
    yardstick for models trained with different losses.
    ``keep_epochs``: when this call trains, it also caches the model after each of these
    epochs as the entry of ``config.prefix(epoch)``, so shorter runs of the same setting
    come free (a cache hit stores nothing).
    """
    folder, identity = _entry(config)
    model, meta, hit = cached(folder, identity, lambda: build_model(config),
                              lambda: _train(config, images, eval_images, quiet, root, keep_epochs))
    return Trained(model, config, meta["history"], meta, from_cache=hit, path=folder)


def is_cached(config: TrainConfig) -> bool:
    """Whether the cache holds an entry for ``config`` (loading it still checks it is sound)."""
    return _entry(config)[0].exists()


def _entry(config: TrainConfig) -> tuple[Path, dict]:
    """The cache folder of a config and the identity its ``meta.json`` must record."""
    return (cache_dir("models") / f"{config.name}-{config.key}",
            {"code_version": CODE_VERSION, "backend": keras.backend.backend(),
             "config": dataclasses.asdict(config)})


def encode(model, x, batch_size: int = 1024) -> dict:
    """Encode ``x`` in batches: ``{"mu", "logvar", "z"}`` for a VAE, ``{"z"}`` (and mu = z) for an AE."""
    parts: dict[str, list] = {}
    for start in range(0, len(x), batch_size):
        codes = [keras.ops.convert_to_numpy(c) for c in model.encode(x[start:start + batch_size], training=False)]
        names = ("mu", "logvar", "z") if len(codes) == 3 else ("z",)
        for name, c in zip(names, codes):
            parts.setdefault(name, []).append(c)
    out = {k: np.concatenate(v) for k, v in parts.items()}
    out.setdefault("mu", out["z"])
    return out


def evaluate_losses(model, x, batch_size: int = 500) -> dict:
    """The compiled losses of ``model`` on the images ``x`` (``model.evaluate``), as floats by name."""
    ev = model.evaluate(x, batch_size=batch_size, verbose=0, return_dict=True)
    return {k: float(v) for k, v in ev.items()}


def decode(model, z, batch_size: int = 1024) -> np.ndarray:
    """Decode latent points in batches to images in [0, 1]."""
    return np.concatenate([keras.ops.convert_to_numpy(model.decoder(z[s:s + batch_size], training=False))
                           for s in range(0, len(z), batch_size)])


def epoch_order(seed: int, epoch: int, n: int) -> np.ndarray:
    """The order in which epoch ``epoch`` (0-based) of a run seeded ``seed`` visits its ``n`` images.

    A function of (seed, epoch) alone, so a run resumed at any epoch sees the data in the order
    an uninterrupted run would, and a longer run's first epochs are the shorter run's.
    """
    return np.random.default_rng([seed, epoch]).permutation(n)


@dataclass
class _Progress:
    """A run's epochs so far: what a resumed run continues from and what ``meta.json`` records."""

    epoch: int = 0
    history: dict = field(default_factory=dict)
    epoch_seconds: list = field(default_factory=list)
    resumed_at: list = field(default_factory=list)  # the epochs at which a later process took over
    resumed_from: str | None = None  # None (a partial state), or the cached shorter run continued

    def add(self, logs: dict, seconds: float) -> None:
        for k, v in logs.items():
            self.history.setdefault(k, []).append(float(v))
        self.epoch_seconds.append(seconds)
        self.epoch += 1

    def state(self) -> dict:
        return {"epoch": self.epoch, "history": self.history, "epoch_seconds": self.epoch_seconds,
                "resumed_at": self.resumed_at}


def _train(config, images, eval_images, quiet, root, keep_epochs=()):
    from .images import load_images

    if images is None:
        images, _ = load_images(config.dataset, "train", n=config.n_train, size=config.image_size,
                                seed=config.seed, root=root)
    scores = None
    if config.eval_n:
        if eval_images is None:
            eval_images, _ = load_images(config.dataset, "test", n=config.eval_n, size=config.image_size,
                                         seed=0, root=root)
        scores = TestScores(eval_images, config.corruption)
    model, run = _start(config)
    folder, identity = _entry(config)
    progress = EpochProgress(config, quiet, n_train=len(images))
    progress.begin(run)
    inputs = images if config.corruption is None else config.corruption.apply(images, seed=config.seed)
    targets = None if config.corruption is None else images
    for epoch in range(run.epoch, config.epochs):
        t0 = time.perf_counter()
        order = epoch_order(config.seed, epoch, len(images))
        fit = model.fit(inputs[order], None if targets is None else targets[order], batch_size=config.batch_size,
                        initial_epoch=epoch, epochs=epoch + 1, shuffle=False, verbose=0)
        logs = {k: float(v[-1]) for k, v in fit.history.items()}
        if scores is not None:
            logs.update(scores(model))
        run.add(logs, time.perf_counter() - t0)
        progress.epoch_end(run)
        if run.epoch < config.epochs:
            if run.epoch in keep_epochs:
                _keep(config.prefix(run.epoch), model, run, len(images), folder.name, quiet)
            save_partial(folder, identity, model, run.state())
    meta = _meta(run.history, run.epoch_seconds, sum(run.epoch_seconds), len(images),
                 resumed_at=run.resumed_at, resumed_from=run.resumed_from)
    return model, meta


def _start(config: TrainConfig):
    """``(model, progress)``: the furthest sound state of this run, else a fresh model.

    Candidates, furthest first: the cached entry of a shorter run of the same setting (a kept
    prefix, or a run asked for with fewer epochs), and this run's own partial state. One that
    does not load is reported (``CacheWarning``) and passed over; a partial state that does not
    load is removed.
    """
    folder, identity = _entry(config)
    done = partial_epoch(folder)
    for epochs in range(config.epochs - 1, done, -1):
        shorter, shorter_identity = _entry(config.prefix(epochs))
        if shorter.exists():
            try:
                model, meta = load_entry(shorter, shorter_identity, lambda: build_model(config))
            except (CacheError, OSError, ValueError, KeyError) as err:
                warnings.warn(f"cache entry {shorter} is unusable to continue from ({err})", CacheWarning)
                continue
            return model, _Progress(epochs, meta["history"], list(meta["epoch_seconds"]),
                                    list(meta.get("resumed_at", [])) + [epochs], resumed_from=shorter.name)
    if done:
        try:
            model, state = load_partial(folder, identity, lambda: build_model(config))
            return model, _Progress(state["epoch"], state["history"], state["epoch_seconds"],
                                    state.get("resumed_at", []) + [state["epoch"]])
        except (CacheError, OSError, ValueError, KeyError) as err:
            discard_partial(folder, str(err))
    seed_everything(config.seed)
    return build_model(config), _Progress()


def _keep(prefix: TrainConfig, model, run: _Progress, n_train: int, kept_from: str, quiet: bool) -> None:
    """Cache the model after ``prefix.epochs`` epochs as the entry of ``prefix`` (a shorter run)."""
    meta = _meta(run.history, run.epoch_seconds, sum(run.epoch_seconds), n_train, kept_from=kept_from,
                 resumed_at=run.resumed_at, resumed_from=run.resumed_from)
    if keep(*_entry(prefix), model, meta) and not quiet:
        print(f"[vaecore] kept {prefix.name} (epoch {prefix.epochs} of {kept_from})", file=sys.stderr, flush=True)


def _meta(history: dict, epoch_seconds: list, wall_time_s: float, n_train: int, **extra) -> dict:
    return {"history": history, "epoch_seconds": list(epoch_seconds), "wall_time_s": wall_time_s,
            "n_train": int(n_train), "samples_per_s": n_train * len(epoch_seconds) / max(wall_time_s, 1e-9),
            "backend": keras.backend.backend(), "versions": _versions(), **extra}


class TestScores:
    """Reconstruction scores of held-out images after an epoch, logged as ``test_*``.

    A VAE is scored through mu, not a sampled z: evaluation must not draw from the sampling
    layer's seed generator, or the eps sequence of later training steps (and so the trained
    weights) would depend on whether scores were asked for. A denoiser is scored on obscured
    test images (their own seeded corruption) against the clean ones.
    """

    def __init__(self, images, corruption: Corruption | None = None, batch_size: int = 1000):
        self.images, self.batch_size = images, batch_size
        self.inputs = images if corruption is None else corruption.apply(images, seed=1)

    def __call__(self, model) -> dict:
        from .reconstruction import reconstruction_scores

        x_hat = np.concatenate([keras.ops.convert_to_numpy(self._reconstruct(model, self.inputs[s:s + self.batch_size]))
                                for s in range(0, len(self.images), self.batch_size)])
        return {f"test_{k}": v for k, v in reconstruction_scores(self.images, x_hat).items()}

    @staticmethod
    def _reconstruct(model, x):
        codes = model.encoder(x, training=False)
        z = codes[0] if isinstance(codes, (list, tuple)) else codes  # a VAE's mu, an AE's z
        return model.decoder(z, training=False)


class EpochProgress:
    """Progress lines on stderr: where the run starts (fresh or resumed), then per epoch the
    logged values, the epoch's seconds, the rate and the time left at this session's pace."""

    def __init__(self, config: TrainConfig, quiet: bool = False, n_train: int = 0):
        self.config, self.quiet, self.n_train = config, quiet, n_train
        self.first = 0

    def begin(self, run: _Progress) -> None:
        self.first = run.epoch
        if self.quiet:
            return
        if run.epoch:
            source = f" from {run.resumed_from}" if run.resumed_from else ""
            print(f"\n[vaecore] {self.config.name}: resumed at epoch {run.epoch} of {self.config.epochs}{source}",
                  file=sys.stderr, flush=True)
        else:
            print(f"\n[vaecore] training {self.config.name} (cache miss)", file=sys.stderr, flush=True)

    def epoch_end(self, run: _Progress) -> None:
        if self.quiet:
            return
        seconds = run.epoch_seconds[-1]
        recent = run.epoch_seconds[self.first:][-5:]
        eta = (self.config.epochs - run.epoch) * sum(recent) / len(recent)
        values = " ".join(f"{k}={v[-1]:.4g}" for k, v in sorted(run.history.items()))
        print(f"[vaecore] {self.config.name}: epoch {run.epoch}/{self.config.epochs} {values} "
              f"({seconds:.1f} s, {self.n_train / max(seconds, 1e-9):,.0f} samples/s, ETA {_clock(eta)})",
              file=sys.stderr, flush=True)


def _clock(seconds: float) -> str:
    """``1:35:02`` for hours, ``4:07`` for minutes."""
    m, s = divmod(int(round(seconds)), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _versions() -> dict:
    from importlib import metadata

    out = {"python": platform.python_version(), "keras": keras.__version__, "numpy": np.__version__}
    for name in ("tensorflow", "tensorflow-cpu", "jax", "jaxlib", "torch"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return out


