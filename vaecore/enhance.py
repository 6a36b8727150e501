"""Image enhancement as the vae11 post applied it to generated faces: PIL's ``ImageEnhance``."""

from __future__ import annotations

import numpy as np


def sharpen(images, factor: float) -> np.ndarray:
    """PIL ``ImageEnhance.Sharpness(factor)`` on each image: float [0, 1] in (N, H, W, C), the same out.

    >>> x = np.full((1, 4, 4, 1), 0.5, np.float32)
    >>> bool(np.allclose(sharpen(x, 7), x, atol=1 / 255))   # a flat image has nothing to sharpen
    True
    """
    from PIL import Image, ImageEnhance

    out = []
    for im in np.clip(np.rint(np.asarray(images) * 255), 0, 255).astype(np.uint8):
        pil = Image.fromarray(im[..., 0] if im.shape[-1] == 1 else im)
        out.append(np.asarray(ImageEnhance.Sharpness(pil).enhance(factor), np.float32) / 255)
    out = np.stack(out)
    return out[..., None] if out.ndim == 3 else out
