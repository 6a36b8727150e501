"""The checkpoint cache: one folder per entry, ``model.weights.h5`` plus ``meta.json``.

``cached(folder, identity, build, train)`` returns the entry's model if it is sound, else
trains and stores it. Sound means: both files present, ``meta.json`` parses, its
``identity`` (config and code version) equals the one asked for, and the weights' sha256
matches the one recorded. Anything else is reported as a :class:`CacheWarning` and
retrained, never loaded. Entries are written to a temporary folder and renamed into place,
and a file lock beside the folder makes parallel processes train an entry once.
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

WEIGHTS, META = "model.weights.h5", "meta.json"


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
        return model, _store(folder, model, {"identity": identity, **meta}), False


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
