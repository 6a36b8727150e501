"""Training and test images as float32 in [0, 1] with a channel axis, as the nets expect."""

from __future__ import annotations

import numpy as np

from .data import load_celeba, load_mnist


def load_images(dataset: str, split: str = "train", n: int | None = None, size: int | None = None,
                seed: int = 0, root=None):
    """``(images, labels)``: a seeded random subset of ``n`` (all when None) of one split.

    MNIST: 28x28x1 with digit labels. CelebA: ``size`` x ``size`` x 3, labels None; it has
    no official split here, so the last 10 % of the files (by name) are the test split.
    """
    if dataset == "mnist":
        (x_tr, y_tr), (x_te, y_te) = load_mnist(root)
        x, y = (x_tr, y_tr) if split == "train" else (x_te, y_te)
        x = x[..., None]
    elif dataset == "celeba":
        x = load_celeba(size=size or 64, root=root)
        cut = int(round(0.9 * len(x)))
        x, y = (x[:cut], None) if split == "train" else (x[cut:], None)
    else:
        raise ValueError(f"dataset={dataset!r} should be 'mnist' or 'celeba'.")
    if split not in ("train", "test"):
        raise ValueError(f"split={split!r} should be 'train' or 'test'.")
    if n is not None and n < len(x):
        pick = np.sort(np.random.default_rng(seed).permutation(len(x))[:n])
        x, y = x[pick], (None if y is None else y[pick])
    return x.astype(np.float32) / 255.0, y
