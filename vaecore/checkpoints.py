"""The checkpoint cache: one folder per entry, ``model.weights.h5`` plus ``meta.json``.

``cached(folder, identity, build, train)`` returns the entry's model if it is sound, else
trains and stores it. Sound means: both files present, ``meta.json`` parses, its
``identity`` (config and code version) equals the one asked for, and the weights' sha256
matches the one recorded. Anything else is reported as a :class:`CacheWarning` and
retrained, never loaded. ``meta.json`` also records the ``host`` and ``device`` that stored it.

Entries are written to a temporary folder and renamed into place. Two hosts that do not share
a lock may finish the same entry: the second rename finds a folder there, and if that entry is
sound the second host discards its own copy and loads the first one's, so both go on with the
same weights (an unsound one is replaced).

A lock file beside the folder (``<entry>.softlock``) makes parallel processes train an entry
once. It is filelock's ``SoftFileLock`` (the lock is the file's existence), always: an fcntl lock
(``FileLock``) may not exclude processes on other hosts of an NFS mount, while creating a file
exclusively does on any filesystem. The price of a soft lock is that a crashed holder leaves its
file behind; the file names the holder's host and pid (filelock >= 3.22 writes them) and its
modification time is refreshed after every epoch (:func:`save_partial`), so a waiting process
breaks it, with a :class:`CacheWarning` naming the file, host and pid, when its holder on this
host is gone or it has not been refreshed for ``$VAECLAIMS_LOCK_STALE_S`` seconds (default 6 h).

With ``$VAECLAIMS_CACHE_REMOTE`` set (an fsspec URL, :mod:`vaecore.remote`), a local miss is
looked up in that mirror first: its files are copied into a temporary folder and checked like a
local entry (a partial or corrupt upload is reported and retrained), and every entry stored here
is pushed there, ``meta.json`` last.

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
import platform
import shutil
import tempfile
import time
import uuid
import warnings
from contextlib import contextmanager
from pathlib import Path

from filelock import SoftFileLock, Timeout

from . import remote
from .data import sha256_file  # one file hash for data files and checkpoints
from .errors import CacheError

WEIGHTS, META, PARTIAL_STATE = "model.weights.h5", "meta.json", "state.json"
LOCK_STALE_ENV = "VAECLAIMS_LOCK_STALE_S"
LOCK_STALE_S = 6 * 3600.0  # default: a holder that has not refreshed its lock for 6 h is gone
LOCK_POLL_S = 2.0  # a waiting process looks for a stale lock this often
_UNUSABLE = (CacheError, OSError, ValueError, KeyError)  # what a damaged entry raises on loading


class CacheWarning(UserWarning):
    """A cache entry (or its lock, or its remote copy) could not be used; it is retrained or broken."""


def cached(folder: Path, identity: dict, build, train):
    """``(model, meta, from_cache)`` for the entry at ``folder``.

    ``build()`` returns a fresh model with its variables (and optimizer) built, ready for
    ``load_weights``; ``train()`` returns ``(model, meta)`` for a fresh entry. ``from_cache`` is
    True when the model returned was loaded: from this cache, from the remote mirror, or from
    the entry another host stored while this one trained.
    """
    identity = _plain(identity)
    with entry_lock(folder):
        found = _load_local(folder, identity, build) or _pull(folder, identity, build)
        if found is not None:
            return (*found, True)
        model, meta = train()
        meta, stored = _store(folder, model, {"identity": identity, **meta})
        if not stored:  # another host finished first: go on with its weights
            model, meta = _load(folder, identity, build)
        shutil.rmtree(partial_folder(folder), ignore_errors=True)
        return model, meta, not stored


def keep(folder: Path, identity: dict, model, meta: dict) -> bool:
    """Store ``model`` as the entry at ``folder`` unless one is there; True if it was stored.

    For snapshots taken on the way (a run's first epochs are the entry of a shorter run). An
    entry already there is left alone: if it is unsound, loading it reports and retrains it.
    """
    with entry_lock(folder):
        if folder.exists():
            return False
        return _store(folder, model, {"identity": _plain(identity), **meta})[1]


def lock_path(folder: Path) -> Path:
    """The soft lock file of the entry at ``folder`` (not ``.lock``: ``FileLock`` left those behind)."""
    return folder.with_name(folder.name + ".softlock")


@contextmanager
def entry_lock(folder: Path):
    """Hold the lock of the entry at ``folder``: wait while a live holder has it, break a stale one."""
    path = lock_path(folder)
    lock = SoftFileLock(str(path))
    while True:
        _break_if_stale(path)
        try:
            lock.acquire(timeout=LOCK_POLL_S)
            break
        except Timeout:
            continue
    try:
        yield
    finally:
        lock.release()


def touch_lock(folder: Path) -> None:
    """Refresh the lock of the entry at ``folder`` (a run in progress, after each epoch), so
    waiting processes do not take it for a stale one."""
    try:
        os.utime(lock_path(folder))
    except FileNotFoundError:
        pass


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
    touch_lock(folder)


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


def _load_local(folder: Path, identity: dict, build):
    """``(model, meta)`` of the sound entry at ``folder``; None when there is none (an unsound
    one is reported and removed)."""
    if not folder.exists():
        return None
    try:
        return _load(folder, identity, build)
    except _UNUSABLE as err:
        warnings.warn(f"cache entry {folder} is unusable ({err}); retraining", CacheWarning, stacklevel=4)
        shutil.rmtree(folder, ignore_errors=True)
        return None


def _pull(folder: Path, identity: dict, build):
    """``(model, meta)`` of the remote mirror's copy of the entry, checked and placed at ``folder``;
    None without a mirror or a committed copy there (an unusable copy is reported)."""
    if remote.url() is None:
        return None
    tmp = _temp_folder(folder)
    try:
        try:
            if not remote.pull(folder, (WEIGHTS, META), tmp):
                return None
            found = _load(tmp, identity, build)
        except _UNUSABLE as err:
            warnings.warn(f"remote copy {remote.where(folder)} of cache entry {folder.name} is unusable ({err}); "
                          "rejected, retraining", CacheWarning, stacklevel=4)
            return None
        return found if _place(tmp, folder, identity) else _load(folder, identity, build)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _store(folder: Path, model, meta: dict) -> tuple[dict, bool]:
    """Write ``model`` as the entry at ``folder`` and push it to the mirror: ``(meta, True)``; or
    ``(its meta, False)`` when a sound entry got there first (ours is discarded)."""
    tmp = _temp_folder(folder)
    try:
        meta = _write(tmp, model, meta)
        if not _place(tmp, folder, meta["identity"]):
            return _check(folder, meta["identity"]), False
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _push(folder)
    return meta, True


def _write(tmp: Path, model, meta: dict) -> dict:
    """Save the weights and ``meta.json`` (with the weights' sha256, host and device) into ``tmp``."""
    model.save_weights(tmp / WEIGHTS)
    meta = _plain({**meta, "host": platform.node(), "device": _device(),
                   "weights_sha256": sha256_file(tmp / WEIGHTS)})
    (tmp / META).write_text(json.dumps(meta, indent=2))
    return meta


def _place(tmp: Path, folder: Path, identity: dict) -> bool:
    """Rename ``tmp`` onto ``folder``; False, leaving both alone, when a sound entry is already
    there (another host finished first). An unsound one there is reported and replaced."""
    try:
        os.replace(tmp, folder)
        return True
    except OSError:
        if not folder.is_dir():
            raise
    try:
        _check(folder, identity)
        return False
    except _UNUSABLE as err:
        warnings.warn(f"cache entry {folder} is unusable ({err}); replaced by the one just made", CacheWarning,
                      stacklevel=4)
    _remove_dir(folder)
    os.replace(tmp, folder)
    return True


def _push(folder: Path) -> None:
    """Upload the entry at ``folder`` to the mirror, if there is one; a failure is reported only."""
    if remote.url() is None:
        return
    try:
        remote.push(folder, (WEIGHTS, META))
    except (CacheError, OSError, ValueError) as err:
        warnings.warn(f"cache entry {folder} was not pushed to {remote.where(folder)} ({err})", CacheWarning,
                      stacklevel=4)


def _check(folder: Path, identity: dict) -> dict:
    """The ``meta.json`` of a sound entry; raises :class:`CacheError` naming what is wrong otherwise."""
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
    return meta


def _load(folder: Path, identity: dict, build):
    meta = _check(folder, identity)
    model = build()
    model.load_weights(folder / WEIGHTS)
    return model, meta


def _temp_folder(folder: Path) -> Path:
    return Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-"))


def _remove_dir(folder: Path) -> None:
    """Remove ``folder``, first renaming it out of the way so that no one loads it half deleted."""
    aside = folder.with_name(f".{folder.name}-old-{uuid.uuid4().hex[:8]}")
    try:
        os.replace(folder, aside)
    except FileNotFoundError:
        return
    shutil.rmtree(aside, ignore_errors=True)


def _break_if_stale(path: Path) -> None:
    """Remove the lock file ``path`` if its holder is gone, with a :class:`CacheWarning` naming it."""
    try:
        seen = path.stat()
        host, pid = _lock_holder(path.read_text(errors="replace"))
    except FileNotFoundError:
        return
    why = _stale_reason(host, pid, time.time() - seen.st_mtime)
    if why is None:
        return
    warnings.warn(f"lock {path} held by pid {pid} on host {host} is stale ({why}); broken", CacheWarning,
                  stacklevel=4)
    try:
        now = path.stat()
        if (now.st_ino, now.st_mtime_ns) == (seen.st_ino, seen.st_mtime_ns):  # still the file judged stale
            path.unlink()
    except FileNotFoundError:
        pass


def _lock_holder(text: str) -> tuple[str | None, int | None]:
    """``(host, pid)`` a soft lock file records: filelock's ``filelock/2`` marker (``pid=``,
    ``host=`` lines) or its older ``pid\nhost\n`` one; ``(None, None)`` for an empty one."""
    lines = text.split()
    fields = dict(line.split("=", 1) for line in lines if "=" in line)
    pid, host = (fields.get("pid"), fields.get("host")) if "pid" in fields else \
        ((lines[0], lines[1]) if len(lines) >= 2 and lines[0].isdigit() else (None, None))
    return host, (int(pid) if pid and pid.isdigit() else None)


def _stale_reason(host: str | None, pid: int | None, age_s: float) -> str | None:
    """Why a lock of ``pid`` on ``host``, last refreshed ``age_s`` ago, is stale; None if it is not."""
    if host == platform.node() and pid is not None and not _alive(pid):
        return "its process is gone"
    limit = _lock_stale_s()
    if age_s > limit:
        return f"not refreshed for {age_s:.0f} s, over {LOCK_STALE_ENV}={limit:g}"
    return None


def _lock_stale_s() -> float:
    text = os.environ.get(LOCK_STALE_ENV)
    if not text:
        return LOCK_STALE_S
    try:
        return float(text)
    except ValueError:
        raise CacheError(f"{LOCK_STALE_ENV}={text!r} should be a number of seconds, e.g. 21600") from None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _device() -> str:
    from .device import describe

    return describe()


def _plain(d):
    return json.loads(json.dumps(d))
