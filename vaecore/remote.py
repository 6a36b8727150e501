"""An optional mirror of the checkpoint cache on any filesystem fsspec reaches.

``VAECLAIMS_CACHE_REMOTE`` names it by URL (``file:///shared/cache``, ``s3://bucket/cache``,
``memory://cache`` in tests); unset, there is no mirror. An entry ``<cache>/models/<name>/`` is
mirrored at ``<remote>/models/<name>/`` with the same two files. This module only moves files:
:mod:`vaecore.checkpoints` decides when, and checks what it pulls (identity and sha256) before
anything is loaded.

A push writes the weights first and ``meta.json`` last, after taking down the old ``meta.json``:
``meta.json`` is the commit marker, so a reader never takes a half-written upload for an entry,
and one that went wrong anyway (two hosts pushing at once, a truncated copy) fails the sha256
check on pull and is retrained and pushed again.

>>> url()                                   # doctest: +SKIP
'file:///shared/cache'
"""

from __future__ import annotations

import os
from pathlib import Path

REMOTE_ENV = "VAECLAIMS_CACHE_REMOTE"


def url() -> str | None:
    """The mirror's fsspec URL, or None when ``$VAECLAIMS_CACHE_REMOTE`` is unset."""
    return os.environ.get(REMOTE_ENV) or None


def where(folder: Path) -> str:
    """The remote folder of the entry at ``folder`` (its kind folder and its name), as a URL."""
    return f"{url().rstrip('/')}/{folder.parent.name}/{folder.name}"


def pull(folder: Path, names: tuple[str, ...], dest: Path) -> bool:
    """Copy the remote files ``names`` of the entry at ``folder`` into ``dest``; False when the
    remote has no committed copy (its last name, the commit marker, is missing)."""
    fs, base = _filesystem(where(folder))
    if not fs.exists(f"{base}/{names[-1]}"):
        return False
    for name in names:  # the marker first would not help: what is read is checked anyway
        fs.get_file(f"{base}/{name}", str(dest / name))
    return True


def push(folder: Path, names: tuple[str, ...]) -> None:
    """Upload the files ``names`` of the entry at ``folder``, the last one (the commit marker) last."""
    fs, base = _filesystem(where(folder))
    fs.makedirs(base, exist_ok=True)
    marker = f"{base}/{names[-1]}"
    if fs.exists(marker):
        fs.rm_file(marker)  # an older copy is uncommitted before its files are replaced
    for name in names:
        fs.put_file(str(folder / name), f"{base}/{name}")


def _filesystem(target: str):
    try:
        import fsspec
    except ImportError as err:  # the optional extra
        from .errors import CacheError

        raise CacheError(f"{REMOTE_ENV}={url()} needs fsspec: pip install -e '.[remote]'") from err
    return fsspec.core.url_to_fs(target)
