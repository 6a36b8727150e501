"""Data loaders: MNIST, UCI wifi localization and CelebA JPEG folders.

The data root comes from :func:`vaecore.paths.data_root` (argument, ``$VAECLAIMS_DATA``,
else the user data folder). Only the user data folder is ever downloaded into, and only
MNIST and wifi: CelebA must be put in place by hand. A ``SHA256SUMS`` file in the root (or
in ``celeba/``) is honoured: a file whose sha256 differs is reported by name.

>>> (x_train, y_train), (x_test, y_test) = load_mnist()      # doctest: +SKIP
>>> x_train.shape, x_train.dtype
((60000, 28, 28), dtype('uint8'))
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import ChecksumError, DataNotFoundError
from .paths import DATA_ENV, cache_dir, data_root, is_default_root

MNIST_FILE = "mnist/mnist.npz"
MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"

WIFI_FILE = "wifi/wifi_localization.txt"
WIFI_URL = "https://archive.ics.uci.edu/ml/machine-learning-databases/00422/wifi_localization.txt"
WIFI_SHA256 = "76121abf412b961f474e72baa8a802241f3032e85590c6680dd5280b1af8e0ab"

CELEBA_DIR = "celeba/img_align_celeba"
_CELEBA_CACHE_VERSION = "1"


def load_mnist(root=None):
    """MNIST as ``(x_train, y_train), (x_test, y_test)``, uint8 images 28x28, int labels."""
    path = _locate(data_root(root), MNIST_FILE, "MNIST", MNIST_URL, MNIST_SHA256)
    with np.load(path) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])


def load_wifi(root=None):
    """UCI wifi localization: ``(signals, room)``, 2000 x 7 dBm ints and rooms 1..4."""
    path = _locate(data_root(root), WIFI_FILE, "UCI wifi localization", WIFI_URL, WIFI_SHA256)
    table = np.loadtxt(path, dtype=np.int64)
    return table[:, :7], table[:, 7]


def load_celeba(size: int = 64, root=None, limit: int | None = None) -> np.ndarray:
    """CelebA faces as uint8 ``(n, size, size, 3)``: centre-cropped square, resized.

    Files are taken in name order (``limit`` keeps the first ones). The decoded array is
    cached under ``$VAECLAIMS_CACHE/celeba`` keyed by folder, file list and size, so the
    second load is a single ``np.load``.
    """
    root = data_root(root)
    folder = root / CELEBA_DIR
    files = sorted(folder.glob("*.jpg")) if folder.is_dir() else []
    if not files:
        raise DataNotFoundError(
            f"CelebA not found: no *.jpg in {folder}. CelebA is never downloaded (research-only "
            f"licence): put the aligned-and-cropped faces in {CELEBA_DIR}/ below a data folder "
            f"and set {DATA_ENV} to that folder (currently {root})."
        )
    if limit is not None:
        files = files[:limit]
    key = _celeba_key(folder, files, size)
    cached = cache_dir("celeba") / f"{key}.npy"
    if cached.exists():
        try:
            images = np.load(cached)
            if images.shape == (len(files), size, size, 3):
                return images
        except (OSError, ValueError):
            pass  # a truncated cache entry: decode again below
    sums = _read_sums(folder.parent / "SHA256SUMS")
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        images = np.stack(list(pool.map(lambda p: _decode_face(p, size, sums), files)))
    _atomic_save(cached, images)
    return images


def square_crop_resize(image, size: int):
    """Centre-crop a PIL image to a square and resize it to ``size`` x ``size`` RGB."""
    from PIL import Image

    w, h = image.size
    side = min(w, h)
    left, top = (w - side) // 2, (h - side) // 2
    square = image.convert("RGB").crop((left, top, left + side, top + side))
    return square.resize((size, size), Image.Resampling.BICUBIC, reducing_gap=2.0)


def sha256_file(path: Path) -> str:
    return _sha256_cached(str(path), *_stat_key(path))


def _decode_face(path: Path, size: int, sums: dict[str, str]) -> np.ndarray:
    from PIL import Image

    raw = path.read_bytes()
    expected = sums.get(path.name)
    if expected is not None and hashlib.sha256(raw).hexdigest() != expected:
        raise ChecksumError(f"{path}: sha256 differs from {path.parent.parent / 'SHA256SUMS'}")
    import io

    with Image.open(io.BytesIO(raw)) as image:
        image.draft("RGB", (2 * size, 2 * size))  # JPEG decodes at a reduced scale: fast
        return np.asarray(square_crop_resize(image, size), dtype=np.uint8)


def _celeba_key(folder: Path, files: list[Path], size: int) -> str:
    h = hashlib.sha256(f"{_CELEBA_CACHE_VERSION}|{folder.resolve()}|{size}".encode())
    for p in files:
        h.update(f"|{p.name}:{p.stat().st_size}".encode())
    return f"{size}px-{len(files)}-{h.hexdigest()[:16]}"


def _locate(root: Path, rel: str, name: str, url: str, sha256: str) -> Path:
    path = root / rel
    if not path.exists():
        if is_default_root(root):
            _download(url, path, sha256)
        else:
            raise DataNotFoundError(
                f"{name} not found at {path}: set {DATA_ENV} to the folder holding "
                f"{rel} (currently {root})"
            )
    expected = _read_sums(root / "SHA256SUMS").get(rel)
    if expected is None and is_default_root(root):
        expected = sha256  # downloaded by us: the published file
    if expected is not None and sha256_file(path) != expected:
        raise ChecksumError(f"{path}: sha256 {sha256_file(path)} differs from the expected {expected}")
    return path


def _download(url: str, dest: Path, sha256: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, suffix=".part")
    os.close(fd)
    try:
        print(f"vaecore: downloading {url} -> {dest}", flush=True)
        urllib.request.urlretrieve(url, tmp)  # noqa: S310 (fixed https URLs)
        got = _sha256_cached(tmp, *_stat_key(Path(tmp)))
        if got != sha256:
            raise ChecksumError(f"{dest.name} downloaded from {url}: sha256 {got} != {sha256}")
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _read_sums(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    sums = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2:
            sums[parts[1].lstrip("*")] = parts[0].lower()
    return sums


def _stat_key(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


@lru_cache(maxsize=64)
def _sha256_cached(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _atomic_save(path: Path, array: np.ndarray) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npy.part")
    try:
        with os.fdopen(fd, "wb") as f:
            np.save(f, array)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
