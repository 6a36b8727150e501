"""The models each tier of claims trains, listable: ``python -m vaecore.registry list --tier slow``.

A claim suite declares them in its settings module: ``TIER_MODELS = {tier: (TrainConfig, ...)}``, and
``KEEP_EPOCHS = {TrainConfig: (epoch, ...)}`` for the runs that cache their first epochs on the way
(those shorter runs are not listed: their longer run makes them). :func:`load` reads such a module
by file path or by module name (``claims/settings.py``, the default, or ``claims.settings``); vaecore
itself knows no claims, and :meth:`Registry.of` builds a registry from any mapping.

>>> from vaecore.train import TrainConfig
>>> a, b = TrainConfig(epochs=2), TrainConfig(epochs=3)
>>> reg = Registry.of({"fast": (a, b, a)}, keep_epochs={b: (1,)})
>>> [(m.name, m.keep_epochs) for m in reg.models("fast")]      # duplicates dropped, order kept
[('mnist28-ae-z16-bce-e2-s0', ()), ('mnist28-ae-z16-bce-e3-s0', (1,))]
>>> round(estimate_s(a))                                        # 2 epochs x 60,000 digits at 800/s
150

Cost: a cached model's training time from its ``meta.json``; otherwise epochs x training images /
:data:`CPU_SAMPLES_PER_S`, the rates the slow reference run (``results/slow-cpu``, bf16, 2-core CPU)
measured, per data set at its reference image size and scaled by pixels for others; a run in
progress counts only its epochs left.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import RegistryError

TIERS = ("fast", "slow", "poststeps", "gpu")
DEFAULT_SOURCE = "claims/settings.py"
# samples/s of one training run on the 2-core CPU of results/slow-cpu (the median of its models), at
# the image size given; training images when a config takes them all (n_train=None).
CPU_SAMPLES_PER_S = {"mnist": (800.0, 28), "celeba": (700.0, 64)}
TRAIN_IMAGES = {"mnist": 60_000, "celeba": 14_151}


@dataclass(frozen=True)
class Model:
    """One model to train: its config and the epochs its run also caches on the way."""

    config: object  # a vaecore.train.TrainConfig
    keep_epochs: tuple[int, ...] = ()

    @property
    def name(self) -> str:
        return self.config.name


@dataclass(frozen=True)
class Registry:
    """The models of each tier, read from ``source``."""

    tiers: dict = field(default_factory=dict)  # tier -> tuple[Model, ...]
    source: str = "<mapping>"

    @classmethod
    def of(cls, tier_models: dict, keep_epochs: dict | None = None, source: str = "<mapping>") -> "Registry":
        keep_epochs = keep_epochs or {}
        tiers = {tier: tuple(Model(c, tuple(keep_epochs.get(c, ()))) for c in dict.fromkeys(configs))
                 for tier, configs in tier_models.items()}
        return cls(tiers, source)

    def models(self, tier: str) -> tuple[Model, ...]:
        if tier not in self.tiers:
            raise RegistryError(f"tier={tier!r} is not in {self.source}: it declares {sorted(self.tiers)}.")
        return self.tiers[tier]


def load(source: str = DEFAULT_SOURCE) -> Registry:
    """The registry a settings module declares: a ``.py`` file path, else a module name."""
    if source.endswith(".py"):
        path = Path(source)
        if not path.is_file():
            raise RegistryError(f"{source}: no such settings file; run from the repository root or pass "
                                f"--from PATH/settings.py (or a module name such as claims.settings).")
        spec = importlib.util.spec_from_file_location(f"_vaecore_registry_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, str(path.parent.resolve()))  # so that it imports its siblings as the claims do
        try:
            spec.loader.exec_module(module)
        finally:
            sys.path.remove(str(path.parent.resolve()))
    else:
        module = importlib.import_module(source)
    if not isinstance(getattr(module, "TIER_MODELS", None), dict):
        raise RegistryError(f"{source} declares no TIER_MODELS = {{tier: (TrainConfig, ...)}}.")
    return Registry.of(module.TIER_MODELS, getattr(module, "KEEP_EPOCHS", {}), source)


@dataclass(frozen=True)
class Status:
    """Where a model stands in this cache: cached, or the epochs a run in progress has kept; its cost
    in seconds, measured (``meta.json``) or estimated."""

    cached: bool
    epochs_done: int
    seconds: float
    measured: bool


def status(model: Model) -> Status:
    """The model's :class:`Status` in the cache ``$VAECLAIMS_CACHE`` names."""
    from .checkpoints import META, partial_epoch
    from .train import _entry

    folder = _entry(model.config)[0]
    try:
        return Status(True, model.config.epochs, float(json.loads((folder / META).read_text())["wall_time_s"]), True)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    done = partial_epoch(folder)
    left = estimate_s(model.config) * (model.config.epochs - done) / model.config.epochs
    return Status(folder.exists(), done, left, False)


def estimate_s(config) -> float:
    """Seconds to train ``config`` on the reference 2-core CPU (see :data:`CPU_SAMPLES_PER_S`)."""
    if config.dataset not in CPU_SAMPLES_PER_S:
        raise RegistryError(f"dataset={config.dataset!r} has no rate in CPU_SAMPLES_PER_S "
                            f"({sorted(CPU_SAMPLES_PER_S)}) to estimate its cost from.")
    rate, size = CPU_SAMPLES_PER_S[config.dataset]
    n = config.n_train or TRAIN_IMAGES[config.dataset]
    return config.epochs * n / (rate * (size / config.image_size) ** 2)


def clock(seconds: float) -> str:
    """``1:35:02`` for hours, ``4:07`` for minutes."""
    m, s = divmod(int(round(seconds)), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def table(models) -> str:
    """One line per model: name, cache key, cached or not, cost; and a total line."""
    rows, left = [], 0.0
    for model in models:
        st = status(model)
        state = "yes" if st.cached else (f"no (epoch {st.epochs_done}/{model.config.epochs})" if st.epochs_done
                                         else "no")
        cost = clock(st.seconds) if st.measured else f"~{clock(st.seconds)} (est.)"
        left += 0 if st.cached else st.seconds
        rows.append((model.name, model.config.key, state, cost))
    width = max((len(r[0]) for r in rows), default=4)
    lines = [f"{'name':<{width}}  {'key':<16}  {'cached':<18}  cost"]
    lines += [f"{n:<{width}}  {k:<16}  {c:<18}  {t}" for n, k, c, t in rows]
    missing = sum(1 for r in rows if r[2] != "yes")
    lines.append(f"{len(rows)} models, {missing} to train: ~{clock(left)} on the reference 2-core CPU, one at a time")
    return "\n".join(lines)


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m vaecore.registry", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="name, cache key, cached or not and cost of each model of a tier")
    listing.add_argument("--tier", choices=TIERS, action="append",
                         help="a tier (repeatable; default: every tier the settings declare)")
    listing.add_argument("--from", dest="source", default=DEFAULT_SOURCE, metavar="SETTINGS",
                         help=f"settings file or module declaring TIER_MODELS (default: {DEFAULT_SOURCE})")
    args = parser.parse_args(argv)
    try:
        registry = load(args.source)
        for tier in args.tier or list(registry.tiers):
            print(f"tier {tier} ({registry.source}):")
            print(table(registry.models(tier)))
    except RegistryError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
