"""What the Keras backend sees (asked once per process), and one GPU per pytest-xdist worker.

``gpu_names()`` asks the backend Keras runs on (``KERAS_BACKEND``: TensorFlow, JAX or
PyTorch), so the gpu tier runs wherever that backend has a GPU: a host with JAX and CUDA
but no TensorFlow included.

``worker_gpu(worker_id, visible, count)`` is the CUDA device an xdist worker gets under
``pytest -n N`` on a host with several GPUs: worker ``gwK`` takes the K-th of the GPUs the
user made visible (``CUDA_VISIBLE_DEVICES``, else all ``count``), round robin when there are
more workers than GPUs. It must be set before the first framework import of the worker.

>>> worker_gpu("gw1", visible="4,5,6", count=None)
'5'
>>> worker_gpu("gw3", visible=None, count=2)
'1'
>>> worker_gpu("master", visible=None, count=2) is None   # not an xdist worker: leave it alone
True
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import lru_cache


@lru_cache(maxsize=1)
def gpu_names() -> tuple[str, ...]:
    import keras

    backend = keras.backend.backend()
    if backend == "jax":
        import jax

        return tuple(f"{d.platform}:{d.id} {getattr(d, 'device_kind', '')}".strip()
                     for d in jax.devices() if d.platform in ("gpu", "cuda", "rocm"))
    if backend == "torch":
        import torch

        return tuple(f"cuda:{i} {torch.cuda.get_device_name(i)}" for i in range(torch.cuda.device_count()))
    import tensorflow as tf

    return tuple(d.name for d in tf.config.list_physical_devices("GPU"))


def describe() -> str:
    import keras

    gpus = gpu_names()
    backend = keras.backend.backend()
    return f"GPU ({backend}): {', '.join(gpus)}" if gpus else f"CPU ({backend} sees no GPU)"


def worker_gpu(worker_id: str | None, visible: str | None, count: int | None) -> str | None:
    """The ``CUDA_VISIBLE_DEVICES`` value for an xdist worker, or None to leave it unset."""
    match = re.fullmatch(r"gw(\d+)", worker_id or "")
    if match is None:
        return None
    devices = [d.strip() for d in visible.split(",") if d.strip()] if visible else \
        [str(i) for i in range(count or 0)]
    if not devices:
        return None
    return devices[int(match.group(1)) % len(devices)]


def visible_gpu_count() -> int:
    """GPUs on this host as ``nvidia-smi -L`` lists them (0 without the tool); no framework import."""
    tool = shutil.which("nvidia-smi")
    if tool is None:
        return 0
    try:
        out = subprocess.run([tool, "-L"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return 0
    return sum(1 for line in out.splitlines() if line.startswith("GPU "))


def pin_worker_gpu(worker_id: str | None) -> str | None:
    """Set ``CUDA_VISIBLE_DEVICES`` for this xdist worker (before any framework import)."""
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if visible is not None and not visible.strip():
        return None  # the user hid every GPU
    count = None if visible else visible_gpu_count()
    device = worker_gpu(worker_id, visible, count)
    if device is not None:
        os.environ["CUDA_VISIBLE_DEVICES"] = device
    return device
