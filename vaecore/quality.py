"""Objective image-quality scores: "is this a digit / a face / sharp?" as numbers.

The posts judge generated images by looking at them ("meaningful", "recognisable
faces", "sharper"). These functions replace the look by a score that treats every
model the same way; each returns a dict of named values.

* :func:`digit_confidence_score`: the share of images a small MNIST CNN classifies
  with max softmax >= ``threshold``, next to the same share on real test digits. Trained
  with blurred digits too, it judges digit-ness, not sharpness.
  The CNN trains once (about half a minute) and is cached under ``$VAECLAIMS_CACHE/classifiers``.
* :func:`face_detection_rate`: the share of images in which OpenCV's Haar frontal-face
  cascade (shipped with opencv-python-headless) finds a face, on the image with a mirrored
  border, so a face that fills the frame counts as one in a wider frame.
* :func:`laplacian_sharpness`: the variance of the Laplacian (grey values 0..255).

``JUDGE_NOTES`` holds the measured rates of the two judges (before/after their settings).

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> face_detection_rate(rng.random((4, 64, 64, 3)))["detection_rate"]     # doctest: +SKIP
0.0
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .checkpoints import cached, config_key
from .paths import cache_dir

CLASSIFIER_VERSION = "digit-cnn-3"  # bump when the classifier code changes what a spec produces
# The sources that decide the trained classifier (the training in this file, its MNIST subset from
# images.py) and their digest when CLASSIFIER_VERSION was last decided (tests/test_code_version.py).
CLASSIFIER_FILES = ("quality.py", "images.py")
CLASSIFIER_DIGEST = "ac1c2c86d18789ab"
FACE_CASCADE = "haarcascade_frontalface_alt2.xml"  # ships with opencv-python-headless (cv2.data)
FACE_MIN_SIDE = 64  # images are upscaled (integer factor) to at least this side: the cascade's window is 20 px
FACE_PAD = 0.15  # mirrored border on each edge, as a share of the image side
FACE_MIN_SIZE = 0.35  # smallest face searched for, as a share of the image side
FACE_MIN_NEIGHBORS = 2

# Measured figures behind the settings above and the DigitCNN defaults (the report prints them).
JUDGE_NOTES = {
    "face": (
        "OpenCV Haar cascade haarcascade_frontalface_alt2 on the grey image (upscaled to at least 64 px) "
        "with a mirrored border of 15 % of the side on each edge, faces at least 35 % of the side wide, "
        "minNeighbors 2, scaleFactor 1.1; picked among the default/alt/alt2 cascades, borders of 0-25 % "
        "(mirrored, replicated, mean grey), minSize 20-40 % and minNeighbors 2-10 by the targets alone "
        "(>= 95 % on CelebA framing, >= 90 % on tight crops, <= 2 % on noise). Detection rates on the "
        "1,572 CelebA test faces at 64x64, before (frontalface_default, upscaled to 128 px, no border, "
        "minSize 1/4, minNeighbors 3) -> after: CelebA framing 98.0 -> 96.6 %; tight crops (central 70 % "
        "of each side resized back to 64 px) 83.8 -> 98.5 %; uniform noise 0.0 -> 0.0 %; smoothed noise "
        "(uniform noise Gaussian-blurred, sigma 2 / 2.5 / 3 px, rescaled to [0, 1]) 2.5 / 1.8 / 1.5 -> "
        "0.2 / 0.0 / 0.3 %. At 32x32: framing 96.2 -> 93.7 %, tight crops 77.5 -> 96.2 %, noise <= 2.0 -> "
        "<= 0.3 %. 1,000 faces at 64x64 take 3.3 s of CPU (8.3 s before)."
    ),
    "digit": (
        "The digit CNN trains with half of its real training digits Gaussian-blurred (sigma uniform in "
        "0.8-2.5 px, labels kept), on 24,000 digits for 2 epochs in batches of 16 (before: 12,000 "
        "digits, 3 epochs, batches of 64, no blur); the 'not a digit' class is unchanged. Share of the "
        "10,000 MNIST test digits classified as a digit with softmax >= 0.9, before -> after: sharp "
        "87.8 -> 94.8 %; blurred to a mean PSNR of 16 dB (sigma 1.50 px) 8.0 -> 88.3 % (ratio to sharp "
        "0.09 -> 0.93; before, 40 % went to 'not a digit'), 18 dB (sigma 1.13 px) 49.9 -> 92.3 % "
        "(0.57 -> 0.97), 20 dB (sigma 0.89 px) 71.5 -> 93.7 % (0.81 -> 0.99). The longer training "
        "without blur gives 0.04 at 16 dB: the blur does it. 1,000 synthetic non-digits: 'not a digit' "
        "97.8 -> 98.1 %, confident digit 0.8 -> 1.1 %. Test accuracy 96.0 -> 97.6 %. Training: 36 s "
        "of CPU (18 s before)."
    ),
}


@dataclass(frozen=True)
class DigitCNN:
    """The digit classifier's architecture and training; its hash keys the cache.

    With ``not_digits`` > 0 the CNN has an 11th class, "not a digit", trained on that many
    synthetic non-digits per real digit (outlier exposure, Hendrycks et al. 2019): overlays
    of two digits, patch-shuffled digits, thresholded smooth-noise blobs, noise and flat
    images. Without it, a softmax CNN is confidently wrong on saturated blobs, the very
    images a decoder produces far from its training data.

    With ``blur_augment`` > 0 that share of the real training digits is Gaussian-blurred
    with a sigma drawn uniformly from ``blur_sigma`` (pixels) and keeps its label, so the
    CNN judges digit-ness, not sharpness: sigma 0.9 / 1.1 / 1.5 px takes MNIST test digits
    to a mean PSNR of 20 / 18 / 16 dB, the range of our autoencoders' reconstructions.
    """

    filters: tuple[int, ...] = (16, 32)
    dense: int = 64
    n_train: int | None = 24_000
    epochs: int = 2
    batch_size: int = 16
    seed: int = 0
    not_digits: float = 0.5
    blur_augment: float = 0.5
    blur_sigma: tuple[float, float] = (0.8, 2.5)

    @property
    def key(self) -> str:
        return config_key(self, CLASSIFIER_VERSION)


@dataclass
class DigitClassifier:
    """A trained digit CNN with its spec and cache metadata (test accuracy when known)."""

    model: object
    spec: DigitCNN
    meta: dict = field(default_factory=dict)
    from_cache: bool = False
    path: Path | None = None
    _real_digits: dict = field(default_factory=dict, repr=False)  # (threshold, root) -> score

    def predict_proba(self, images, batch_size: int = 1024) -> np.ndarray:
        """Softmax probabilities, one row per image (28x28, values in [0, 1]): digits 0-9,
        then "not a digit" when the spec has that class."""
        x = _as_digit_batch(images)
        if not len(x):
            return np.zeros((0, 11 if self.spec.not_digits else 10))
        return np.concatenate([np.asarray(self.model(x[s:s + batch_size], training=False))
                               for s in range(0, len(x), batch_size)])


def digit_classifier(spec: DigitCNN = DigitCNN(), images=None, labels=None, root=None) -> DigitClassifier:
    """Load the cached classifier of ``spec`` or train it on MNIST (once, also across processes).

    ``images``/``labels`` override the MNIST training data (tests pass tiny arrays; the
    cache key is the spec alone). Entries are written to a temporary folder and renamed
    into place; a weights checksum mismatch or unreadable entry warns and retrains.
    """
    folder = cache_dir("classifiers") / f"digits-{spec.key}"
    if images is None and labels is None and folder in _LOADED:
        return _LOADED[folder]  # loaded once per process: claims score images many times
    identity = {"version": CLASSIFIER_VERSION, "spec": dataclasses.asdict(spec)}
    model, meta, hit = cached(folder, identity, lambda: _build_cnn(spec),
                              lambda: _train_classifier(spec, images, labels, root))
    clf = DigitClassifier(model, spec, meta, from_cache=hit, path=folder)
    if images is None and labels is None:
        _LOADED[folder] = clf
    return clf


_LOADED: dict[Path, DigitClassifier] = {}  # cache folder -> classifier trained on MNIST


def digit_confidence_score(images, threshold: float = 0.9, reference=True, classifier=None,
                           root=None) -> dict:
    """Share of ``images`` the digit CNN classifies as a digit with softmax >= ``threshold``.

    Returns ``confident_fraction``, ``mean_max_prob`` (the largest digit probability),
    ``not_digit_fraction`` (argmax is the "not a digit" class), ``n`` and the histogram
    of predicted digits ``class_fractions``; with ``reference`` (True: 2,000 real MNIST test
    digits, or an array of digits) also ``reference_confident_fraction`` and
    ``reference_mean_max_prob``, so a score can be read against real digits.
    """
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold={threshold} should be in (0, 1).")
    clf = classifier or digit_classifier(root=root)
    out = _confidence(clf.predict_proba(images), threshold)
    if reference is not False and reference is not None:
        if reference is True:
            ref = _real_digits_score(clf, threshold, root)
        else:
            ref = _confidence(clf.predict_proba(reference), threshold)
        out.update(reference_confident_fraction=ref["confident_fraction"],
                   reference_mean_max_prob=ref["mean_max_prob"], reference_n=ref["n"])
    out["threshold"] = threshold
    return out


def _real_digits_score(clf: DigitClassifier, threshold: float, root) -> dict:
    """The score of 2,000 real MNIST test digits (seed 1), computed once per classifier object."""
    key = (threshold, str(root))
    if key not in clf._real_digits:
        from .images import load_images

        reference, _ = load_images("mnist", "test", n=2000, seed=1, root=root)
        clf._real_digits[key] = _confidence(clf.predict_proba(reference), threshold)
    return clf._real_digits[key]


def face_detection_rate(images, scale_factor: float = 1.1, min_neighbors: int = FACE_MIN_NEIGHBORS,
                        min_size: float = FACE_MIN_SIZE, pad: float = FACE_PAD) -> dict:
    """Share of images (float in [0, 1] or uint8, HxWx3 or HxW) with a Haar-cascade face.

    Each image is converted to grey, upscaled to at least ``FACE_MIN_SIDE`` pixels, given a
    mirrored border of ``pad`` times its side on every edge (a face filling the frame becomes
    a face in a frame: the cascade's windows need some context around the face) and searched
    with OpenCV's ``FACE_CASCADE`` for faces at least ``min_size`` of the image side wide,
    kept when ``min_neighbors`` overlapping windows agree. ``JUDGE_NOTES["face"]`` gives the
    rates of this setting on CelebA framing, tight crops and noise.
    """
    import cv2

    cascade = _cascade()
    detected = []
    for im in _as_uint8(images):
        grey = _grey_upscaled(im, cv2)
        side = min(grey.shape[:2])
        p = int(round(pad * side))
        if p:
            grey = cv2.copyMakeBorder(grey, p, p, p, p, cv2.BORDER_REFLECT_101)
        m = max(1, int(round(min_size * side)))
        faces = cascade.detectMultiScale(grey, scaleFactor=scale_factor, minNeighbors=min_neighbors, minSize=(m, m))
        detected.append(len(faces) > 0)
    detected = np.array(detected, dtype=bool)
    n = len(detected)
    return {"detection_rate": float(detected.mean()) if n else float("nan"),
            "n_detected": int(detected.sum()), "n": n, "detected": detected, "cascade": FACE_CASCADE}


def laplacian_sharpness(images) -> dict:
    """Variance of the Laplacian per image (grey 0..255): its mean and median, and all values."""
    import cv2

    values = np.array([cv2.Laplacian(cv2.cvtColor(im, cv2.COLOR_RGB2GRAY) if im.ndim == 3 and im.shape[-1] == 3
                                     else im.reshape(im.shape[:2]), cv2.CV_64F).var()
                       for im in _as_uint8(images)])
    return {"laplacian_var_mean": float(values.mean()), "laplacian_var_median": float(np.median(values)),
            "n": len(values), "per_image": values}


# --- helpers -----------------------------------------------------------------------------

def _confidence(proba: np.ndarray, threshold: float) -> dict:
    top = proba[:, :10].max(axis=1)
    winner = proba.argmax(axis=1)
    classes = np.bincount(winner[winner < 10], minlength=10) / max(len(proba), 1)
    return {"confident_fraction": float(np.mean(top >= threshold)), "mean_max_prob": float(top.mean()),
            "not_digit_fraction": float(np.mean(winner == 10)), "n": int(len(proba)),
            "class_fractions": classes}


def not_digit_images(digits: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """``n`` synthetic non-digits (28x28x1 in [0, 1]) made from real ``digits``, in five kinds."""
    from scipy import ndimage

    rng = np.random.default_rng(seed)
    x = np.asarray(digits, np.float32).reshape(-1, 28, 28)
    kind = rng.integers(0, 5, n)
    out = np.empty((n, 28, 28), np.float32)
    for i, k in enumerate(kind):
        if k == 0:  # two digits on top of each other, shifted
            a, b = x[rng.integers(len(x), size=2)]
            out[i] = np.maximum(a, np.roll(b, rng.integers(-6, 7, 2), axis=(0, 1)))
        elif k == 1:  # a digit cut into 7x7 patches, shuffled
            patches = x[rng.integers(len(x))].reshape(4, 7, 4, 7).transpose(0, 2, 1, 3).reshape(16, 7, 7)
            out[i] = patches[rng.permutation(16)].reshape(4, 4, 7, 7).transpose(0, 2, 1, 3).reshape(28, 28)
        elif k == 2:  # blobs: smooth noise, thresholded, softened
            field = ndimage.gaussian_filter(rng.normal(size=(28, 28)), rng.uniform(1.5, 4.0))
            level = np.quantile(field, rng.uniform(0.4, 0.9))
            out[i] = ndimage.gaussian_filter((field > level).astype(np.float32), rng.uniform(0.0, 1.2))
        elif k == 3:  # noise, smoothed or not, of random contrast
            out[i] = ndimage.gaussian_filter(rng.random((28, 28)), rng.uniform(0.0, 2.0)) * rng.uniform(0.2, 1.0)
        else:  # flat grey
            out[i] = rng.uniform(0.0, 1.0)
    return np.clip(out, 0.0, 1.0)[..., None]


def _blur_share(images: np.ndarray, share: float, sigma: tuple[float, float], seed: int) -> np.ndarray:
    """A copy of ``images`` (N x 28 x 28 x 1) with a random ``share`` Gaussian-blurred, sigma ~ U(sigma)."""
    from scipy import ndimage

    rng = np.random.default_rng([seed, 1])  # a stream of its own: the non-digits stay as without blur
    out = np.array(images, np.float32, copy=True)
    pick = np.flatnonzero(rng.random(len(out)) < share)
    for i, s in zip(pick, rng.uniform(*sigma, len(pick))):
        out[i, ..., 0] = ndimage.gaussian_filter(out[i, ..., 0], s)
    return out


def _as_digit_batch(images) -> np.ndarray:
    raw = np.asarray(images)
    x = raw.astype(np.float32) / 255.0 if raw.dtype == np.uint8 else raw.astype(np.float32)
    if x.ndim == 3:
        x = x[..., None]
    if x.shape[1:] != (28, 28, 1):
        raise ValueError(f"digit images have shape {x.shape[1:]}, should be (28, 28, 1) or (28, 28).")
    return x


def _as_uint8(images) -> np.ndarray:
    x = np.asarray(images)
    if x.dtype != np.uint8:
        x = np.clip(np.rint(np.asarray(x, np.float64) * 255.0), 0, 255).astype(np.uint8)
    if x.ndim == 4 and x.shape[-1] == 1:
        x = x[..., 0]
    return x


def _grey_upscaled(image: np.ndarray, cv2) -> np.ndarray:
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    side = min(grey.shape[:2])
    if side < FACE_MIN_SIDE:
        f = int(np.ceil(FACE_MIN_SIDE / side))
        grey = cv2.resize(grey, (grey.shape[1] * f, grey.shape[0] * f), interpolation=cv2.INTER_LINEAR)
    return grey


_CASCADES: dict = {}


def _cascade():
    import cv2

    if "face" not in _CASCADES:
        path = os.path.join(cv2.data.haarcascades, FACE_CASCADE)
        cascade = cv2.CascadeClassifier(path)
        if cascade.empty():
            raise FileNotFoundError(f"OpenCV Haar cascade {path} did not load: reinstall opencv-python-headless.")
        _CASCADES["face"] = cascade
    return _CASCADES["face"]


def _build_cnn(spec: DigitCNN):
    import keras
    from keras import layers

    x_in = keras.Input((28, 28, 1))
    x = x_in
    for f in spec.filters:
        x = layers.Conv2D(f, 3, padding="same", activation="relu")(x)
        x = layers.MaxPooling2D(2)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(spec.dense, activation="relu")(x)
    classes = 11 if spec.not_digits else 10
    model = keras.Model(x_in, layers.Dense(classes, activation="softmax")(x), name="digit_cnn")
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.optimizer.build(model.trainable_variables)  # so the stored optimizer state loads too
    return model


def _train_classifier(spec, images, labels, root):
    from .images import load_images

    test = None
    if images is None:
        images, labels = load_images("mnist", "train", n=spec.n_train, seed=spec.seed, root=root)
        test = load_images("mnist", "test", root=root)
    images, labels = _as_digit_batch(images), np.asarray(labels)
    n_extra = int(round(spec.not_digits * len(images)))  # the non-digits are made from the sharp digits
    extra = not_digit_images(images, n_extra, seed=spec.seed) if spec.not_digits else None
    if spec.blur_augment:
        images = _blur_share(images, spec.blur_augment, spec.blur_sigma, seed=spec.seed)
    if extra is not None:
        images, labels = np.concatenate([images, extra]), np.concatenate([labels, np.full(len(extra), 10)])
    from .train import seed_everything

    seed_everything(spec.seed)  # seeds and deterministic ops: the same spec gives the same weights
    model = _build_cnn(spec)
    history = model.fit(images, labels, epochs=spec.epochs,
                        batch_size=spec.batch_size, shuffle=True, verbose=0)
    test_accuracy = None if test is None else float(model.evaluate(*test, batch_size=1024, verbose=0)[1])
    meta = {"history": {k: [float(v) for v in vals] for k, vals in history.history.items()},
            "test_accuracy": test_accuracy, "n_train": int(len(images))}
    return model, meta

