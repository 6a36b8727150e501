"""The checkpoint cache: one folder per entry, ``model.weights.h5`` plus ``meta.json``.

``cached(folder, identity, build, train)`` returns the entry's model if it is sound, else
trains and stores it. Sound means: both files present, ``meta.json`` parses, its
``identity`` (config and code version) equals the one asked for, and the weights' sha256
matches the one recorded. Anything else is reported as a :class:`CacheWarning` and
retrained, never loaded. Entries are written to a temporary folder and renamed into place,
and a file lock beside the folder makes parallel processes train an entry once.

A run in progress keeps its state after every epoch in ``<entry>.partial/`` (weights with the
optimizer and sampling-seed state, plus ``state.json``: the epochs done and their history), so an
interrupted run continues where it stopped (:func:`save_partial`, :func:`load_partial`). The
weights file is written first and ``state.json`` last, each by an atomic rename, so a kill at
any moment leaves the previous epoch's state intact; its sha256 is checked before it is used.
The partial folder is removed once the finished entry is stored.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path

from filelock import FileLock

from .data import sha256_file  # one file hash for data files and checkpoints
from .errors import CacheError

WEIGHTS, META, PARTIAL_STATE = "model.weights.h5", "meta.json", "state.json"


class CacheWarning(UserWarning):
    """A cache entry could not be used and is being retrained."""


def cached(folder: Path, identity: dict, build, train):
    """``(model, meta, from_cache)`` for the entry at ``folder``.

    ``build()`` returns a fresh model with its variables (and optimizer) built, ready for
    ``load_weights``; ``train()`` returns ``(model, meta)`` for a fresh entry.
    """
    identity = _plain(identity)
    with FileLock(str(folder) + ".lock"):
        if folder.exists():
            try:
                return (*_load(folder, identity, build), True)
            except (CacheError, OSError, ValueError, KeyError) as err:
                warnings.warn(f"cache entry {folder} is unusable ({err}); retraining", CacheWarning,
                              stacklevel=3)
                shutil.rmtree(folder, ignore_errors=True)
        model, meta = train()
        meta = _store(folder, model, {"identity": identity, **meta})
        shutil.rmtree(partial_folder(folder), ignore_errors=True)
        return model, meta, False


def keep(folder: Path, identity: dict, model, meta: dict) -> bool:
    """Store ``model`` as the entry at ``folder`` unless one is there; True if it was stored.

    For snapshots taken on the way (a run's first epochs are the entry of a shorter run). An
    entry already there is left alone: if it is unsound, loading it reports and retrains it.
    """
    with FileLock(str(folder) + ".lock"):
        if folder.exists():
            return False
        _store(folder, model, {"identity": _plain(identity), **meta})
        return True


def partial_folder(folder: Path) -> Path:
    """Where the run that will become the entry at ``folder`` keeps its state between epochs."""
    return folder.with_name(folder.name + ".partial")


def save_partial(folder: Path, identity: dict, model, progress: dict) -> None:
    """Keep ``model`` (weights, optimizer, sampling seed) and ``progress`` (``epoch``: epochs
    done, their ``history``...) as the state to resume the run of the entry at ``folder`` from."""
    part = partial_folder(folder)
    part.mkdir(parents=True, exist_ok=True)
    name = f"epoch-{progress['epoch']}.weights.h5"
    tmp = part / f".tmp-{name}"
    model.save_weights(tmp)
    os.replace(tmp, part / name)
    state = {"identity": _plain(identity), "weights": name, "weights_sha256": sha256_file(part / name),
             **progress}
    (part / ".tmp-state.json").write_text(json.dumps(_plain(state), indent=1))
    os.replace(part / ".tmp-state.json", part / PARTIAL_STATE)
    for old in part.glob("epoch-*.weights.h5"):
        if old.name != name:
            old.unlink()


def partial_epoch(folder: Path) -> int:
    """The epochs done by the partial state of the entry at ``folder`` (0 when it has none or
    it does not read; :func:`load_partial` checks it fully)."""
    try:
        return int(json.loads((partial_folder(folder) / PARTIAL_STATE).read_text())["epoch"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def load_partial(folder: Path, identity: dict, build):
    """``(model, progress)`` from the partial state of the entry at ``folder``; raises
    :class:`CacheError` when it is missing, describes another run or fails its checksum."""
    part = partial_folder(folder)
    try:
        state = json.loads((part / PARTIAL_STATE).read_text())
    except (OSError, json.JSONDecodeError) as err:
        raise CacheError(f"{part / PARTIAL_STATE} does not read: {err}") from err
    if state.get("identity") != _plain(identity):
        raise CacheError(f"{part / PARTIAL_STATE} describes another config or code version")
    weights = part / str(state.get("weights"))
    if not weights.is_file() or sha256_file(weights) != state.get("weights_sha256"):
        raise CacheError(f"{weights} is missing or its checksum differs from {PARTIAL_STATE}")
    model = build()
    model.load_weights(weights)
    return model, {k: v for k, v in state.items() if k not in ("identity", "weights", "weights_sha256")}


def discard_partial(folder: Path, why: str) -> None:
    """Report an unusable partial state (``CacheWarning``) and remove it."""
    warnings.warn(f"partial state {partial_folder(folder)} is unusable ({why}); discarded", CacheWarning,
                  stacklevel=3)
    shutil.rmtree(partial_folder(folder), ignore_errors=True)


def load_entry(folder: Path, identity: dict, build):
    """``(model, meta)`` of a sound entry; raises :class:`CacheError` (or the loader's error) otherwise."""
    return _load(folder, _plain(identity), build)


def config_key(config, version: str) -> str:
    """16 hex digits of sha256 over a code-version tag and a frozen dataclass's fields."""
    text = json.dumps({"code": version, **dataclasses.asdict(config)}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _store(folder: Path, model, meta: dict) -> dict:
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-"))
    try:
        model.save_weights(tmp / WEIGHTS)
        meta = {**meta, "weights_sha256": sha256_file(tmp / WEIGHTS)}
        (tmp / META).write_text(json.dumps(_plain(meta), indent=2))
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return meta


def _load(folder: Path, identity: dict, build):
    meta_path, weights = folder / META, folder / WEIGHTS
    if not meta_path.is_file() or not weights.is_file():
        raise CacheError(f"missing {META} or {WEIGHTS}")
    try:
        meta = json.loads(meta_path.read_text())
    except json.JSONDecodeError as err:
        raise CacheError(f"{META} does not parse: {err}") from err
    if meta.get("identity") != identity:
        raise CacheError(f"{META} describes another config or code version")
    if sha256_file(weights) != meta.get("weights_sha256"):
        raise CacheError("weights checksum differs from meta.json (truncated or modified)")
    model = build()
    model.load_weights(weights)
    return model, meta


def _plain(d):
    return json.loads(json.dumps(d))
