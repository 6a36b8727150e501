"""The claims' judges of decoded images, one call per question, the same for every model.

"Recognisable" (or "meaningful"): the digit CNN of :mod:`vaecore.quality` is at least 90 % sure
of one digit, or OpenCV's Haar cascade finds a face. "Distorted": the CNN's "not a digit" class
wins, or no face is found. Which judge reads an image follows from its data set. (A module of
its own: :mod:`vaecore.quality`'s source keys the digit CNN's cache.)

A judge stands in for a word of the posts ("distorted"), so it is shown to separate examples of
the word from its opposite before its reading decides (CLAIMS.md, "Reading the posts' words":
Proxies): :func:`proxy_examples` makes both from real images, :func:`proxy_rates` runs a judge on
them, :func:`proxy_separates` and :func:`proxy_orders` turn the rates into preconditions.

>>> import numpy as np
>>> recognisable_share(np.zeros((4, 64, 64, 3)), "celeba")       # doctest: +SKIP
0.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np

from .convergence import Precondition
from .rules.lexicon import CLEARLY_SE, MANY, VAST_MAJORITY

DATASETS = ("mnist", "celeba")
NOT_A_DIGIT = 10  # the digit CNN's extra class
# The proxy bars, fixed before the judges' rates on these examples were measured (lexicon rows):
PROXY_HIT = VAST_MAJORITY  # "the vast majority" (>= 0.80) of every kind of distorted example read as distorted
PROXY_FALSE_ALARM = MANY  # "a few" (< 0.2) of every kind of intact example read as distorted
PROXY_SE = CLEARLY_SE  # "orders": distorted examples read as distorted more often, beyond 2 SE of the gap (clearly above)
DISTORTIONS = ("elastic warp", "patch shuffle", "background blend")  # the post: "distorted, dominated by
INTACT = ("real", "blurred")                                          # background structures"; decodes blur


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


# --- the judge as a proxy for "distorted": shown to separate distorted from intact images -------

def proxy_examples(images, seed: int = 0) -> dict[str, np.ndarray]:
    """Examples of "distorted" and of its opposite, made from real ``images`` (N x H x W x C in
    [0, 1]): ``{kind: images}`` for the kinds of :data:`DISTORTIONS` and :data:`INTACT`.

    * ``real``: the images themselves; ``blurred``: a mild Gaussian blur (sigma 1 px), as decodes are;
    * ``elastic warp``: a smooth random displacement field (Gaussian-smoothed noise of width 1/10 of
      the side, RMS displacement 1/8 of the side) moves the parts of the image against each other;
    * ``patch shuffle``: the image cut into 4 x 4 patches put back in a random order (for the digit
      CNN one of its "not a digit" training kinds, so it tests recall, not transfer);
    * ``background blend``: 0.4 x the image + 0.6 x a smooth random texture (Gaussian-smoothed noise of
      width 1/16 of the side, per channel, stretched to [0, 1]): "dominated by background structures".

    >>> x = np.random.default_rng(0).random((3, 16, 16, 1))
    >>> ex = proxy_examples(x)
    >>> sorted(ex) == sorted(DISTORTIONS + INTACT), all(v.shape == x.shape for v in ex.values())
    (True, True)
    """
    from scipy import ndimage

    x = np.asarray(images, np.float32)
    if x.ndim == 3:
        x = x[..., None]
    n, h, w, c = x.shape
    rng = np.random.default_rng(seed)
    out = {"real": x.copy(),
           "blurred": np.stack([ndimage.gaussian_filter(im, (1.0, 1.0, 0)) for im in x])}
    warped = np.empty_like(x)
    rows, cols = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
    for i, im in enumerate(x):
        field = ndimage.gaussian_filter(rng.normal(size=(2, h, w)), (0, h / 10, w / 10))
        field *= (min(h, w) / 8) / np.sqrt(np.mean(field ** 2))
        coords = [rows + field[0], cols + field[1]]
        for ch in range(c):
            warped[i, ..., ch] = ndimage.map_coordinates(im[..., ch], coords, order=1, mode="reflect")
    out["elastic warp"] = warped
    ph, pw = h // 4, w // 4
    shuffled = x.copy()
    for i, im in enumerate(x):
        patches = [im[a * ph:(a + 1) * ph, b * pw:(b + 1) * pw] for a in range(4) for b in range(4)]
        for k, j in enumerate(rng.permutation(16)):
            a, b = divmod(k, 4)
            shuffled[i, a * ph:(a + 1) * ph, b * pw:(b + 1) * pw] = patches[j]
    out["patch shuffle"] = shuffled
    texture = ndimage.gaussian_filter(rng.normal(size=x.shape), (0, h / 16, w / 16, 0))
    lo, hi = texture.min(axis=(1, 2), keepdims=True), texture.max(axis=(1, 2), keepdims=True)
    out["background blend"] = 0.4 * x + 0.6 * (texture - lo) / np.maximum(hi - lo, 1e-12)
    return {k: np.clip(v, 0.0, 1.0).astype(np.float32) for k, v in out.items()}


def proxy_rates(judge: Callable, images, seed: int = 0) -> dict:
    """The share of each kind of :func:`proxy_examples` that ``judge`` (images -> bool per image,
    True = distorted) reads as distorted: ``{"distorted": {kind: rate}, "intact": {kind: rate}, "n": n}``."""
    examples = proxy_examples(images, seed)
    rate = {kind: float(np.mean(np.asarray(judge(examples[kind]), bool))) for kind in examples}
    return {"distorted": {k: rate[k] for k in DISTORTIONS}, "intact": {k: rate[k] for k in INTACT},
            "n": int(len(examples["real"]))}


def _rates_text(rates: Mapping) -> str:
    return (", ".join(f"{k} {v:.3f}" for k, v in rates["distorted"].items()) + " (distorted); "
            + ", ".join(f"{k} {v:.3f}" for k, v in rates["intact"].items()) + f" (intact); n = {rates['n']} each")


def proxy_separates(rates: Mapping, word: str = "distorted") -> Precondition:
    """The judge stands in for ``word``: it reads the vast majority (>= :data:`PROXY_HIT`) of every kind
    of example of the word as the word, and only a few (< :data:`PROXY_FALSE_ALARM`) of every kind of
    its opposite. Then a share read by the judge is on the word's side of a bar of 0.5 ("mostly")
    whenever the true share is beyond 0.5 by more than the judge's misses: the reading is
    f + (h - f) p for a true share p, h the hit and f the false-alarm rate, within 0.2 of p.
    Per kind, because the decodes' mix of distortions is not known: a judge blind to one kind
    can read any share for a mix of it. ``rates``: :func:`proxy_rates`.

    >>> ok = {"distorted": {"warp": 0.9, "blend": 0.85}, "intact": {"real": 0.02, "blurred": 0.1}, "n": 300}
    >>> proxy_separates(ok).met, proxy_separates({**ok, "distorted": {"warp": 0.9, "blend": 0.4}}).met
    (True, False)
    """
    hit = min(rates["distorted"].values())
    false_alarm = max(rates["intact"].values())
    return Precondition(f"the judge separates {word} from intact images",
                        bool(hit >= PROXY_HIT and false_alarm < PROXY_FALSE_ALARM), _rates_text(rates),
                        f"every kind of {word} example read as {word} >= {PROXY_HIT:g} ('the vast majority') and "
                        f"every kind of intact one < {PROXY_FALSE_ALARM:g} ('a few'), so the judge's share "
                        "stands in for the word's (lexicon: Proxies)")


def proxy_orders(rates: Mapping, word: str = "distorted") -> Precondition:
    """The judge orders images by ``word``: it reads the examples of the word (all kinds pooled) as the
    word more often than the intact ones (pooled), by more than :data:`PROXY_SE` standard errors of the
    gap. A reading f + (h - f) p then rises with the true share p, so a fall (or no fall) of the judge's
    share across settings is one of the word's: enough for a direction, not for a level ("mostly").

    >>> r = {"distorted": {"warp": 0.3, "blend": 0.3}, "intact": {"real": 0.02, "blurred": 0.04}, "n": 300}
    >>> proxy_orders(r).met, proxy_separates(r).met
    (True, False)
    """
    n = rates["n"]
    d, i = np.mean(list(rates["distorted"].values())), np.mean(list(rates["intact"].values()))
    nd, ni = n * len(rates["distorted"]), n * len(rates["intact"])
    se = math.sqrt(max(d * (1 - d), 1 / nd) / nd + max(i * (1 - i), 1 / ni) / ni)
    gap = (d - i) / se
    return Precondition(f"the judge orders {word} above intact images", bool(gap > PROXY_SE),
                        f"pooled {d:.3f} vs {i:.3f}, {gap:+.1f} SE; " + _rates_text(rates),
                        f"{word} examples read as {word} more often than intact ones by > {PROXY_SE:g} SE, so the "
                        "judge's share rises with the word's (a direction; lexicon: Proxies)")
