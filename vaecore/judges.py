"""The claims' judges of decoded images, one call per question, the same for every model.

"Recognisable" (or "meaningful"): the digit CNN of :mod:`vaecore.quality` is at least 90 % sure
of one digit, or OpenCV's Haar cascade finds a face. "Distorted": the CNN's "not a digit" class
wins, or no face is found. Which judge reads an image follows from its data set. (A module of
its own: :mod:`vaecore.quality`'s source keys the digit CNN's cache.)

>>> import numpy as np
>>> recognisable_share(np.zeros((4, 64, 64, 3)), "celeba")       # doctest: +SKIP
0.0
"""

from __future__ import annotations

import numpy as np

DATASETS = ("mnist", "celeba")
NOT_A_DIGIT = 10  # the digit CNN's extra class


def _check(dataset: str) -> None:
    if dataset not in DATASETS:
        raise ValueError(f"dataset={dataset!r} should be one of {DATASETS}: the judge reads digits or faces.")


def recognisable_share(images, dataset: str) -> float:
    """Share of ``images`` the judge of ``dataset`` recognises: confident digits (digit CNN,
    max softmax >= 0.9) for ``"mnist"``, Haar-detected faces for ``"celeba"``."""
    from . import quality

    _check(dataset)
    if dataset == "mnist":
        return quality.digit_confidence_score(images, reference=False)["confident_fraction"]
    return quality.face_detection_rate(images)["detection_rate"]


def scrambled(images, seed: int = 0) -> np.ndarray:
    """A null control for a judge: each image with its pixels (all channels of a pixel together) put
    in a random order, so that its colours and grey levels stay and any arrangement (a face, a digit)
    is gone. The judge's rate on these is its false-alarm rate on images like ``images`` without
    content (CLAIMS.md, "Reading the posts' words": none, a share read by a judge).

    >>> x = np.arange(2 * 2 * 3 * 1, dtype=float).reshape(2, 2, 3, 1)
    >>> y = scrambled(x, seed=1)
    >>> bool((np.sort(y.reshape(2, -1), axis=1) == x.reshape(2, -1)).all()), bool((y != x).any())
    (True, True)
    """
    x = np.asarray(images)
    n, h, w = x.shape[:3]
    flat = x.reshape(n, h * w, -1)
    order = np.argsort(np.random.default_rng(seed).random((n, h * w)), axis=1)
    return np.take_along_axis(flat, order[..., None], axis=1).reshape(x.shape)


def distorted(images, dataset: str) -> np.ndarray:
    """Per image, whether it is distorted: the digit CNN's "not a digit" class wins (``"mnist"``),
    or no face is found (``"celeba"``)."""
    from . import quality

    _check(dataset)
    if dataset == "mnist":
        return quality.digit_classifier().predict_proba(images).argmax(axis=1) == NOT_A_DIGIT
    return ~quality.face_detection_rate(images)["detected"]
