"""What TensorFlow sees: asked once per process (importing TensorFlow takes seconds)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def gpu_names() -> tuple[str, ...]:
    import tensorflow as tf

    return tuple(d.name for d in tf.config.list_physical_devices("GPU"))


def describe() -> str:
    gpus = gpu_names()
    return f"GPU: {', '.join(gpus)}" if gpus else "CPU (TensorFlow sees no GPU)"
