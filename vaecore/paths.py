"""Where data and caches live: explicit argument, else environment, else user folders.

>>> import os; os.environ["VAECLAIMS_DATA"] = "/data"; str(data_root())
'/data'
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_ENV = "VAECLAIMS_DATA"
CACHE_ENV = "VAECLAIMS_CACHE"
_APP = "vaeclaims"


def data_root(root: str | os.PathLike | None = None) -> Path:
    """The data root: ``root`` if given, else ``$VAECLAIMS_DATA``, else the user data folder."""
    if root is not None:
        return Path(root).expanduser()
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    return default_data_root()


def default_data_root() -> Path:
    """The user data folder, the only place the loaders download into."""
    return Path(platformdirs.user_data_dir(_APP))


def is_default_root(root: Path) -> bool:
    return root.resolve() == default_data_root().resolve()


def cache_dir(*parts: str) -> Path:
    """A folder below ``$VAECLAIMS_CACHE`` (default: the user cache dir), created on demand."""
    base = os.environ.get(CACHE_ENV) or platformdirs.user_cache_dir(_APP)
    path = Path(base).expanduser().joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path
