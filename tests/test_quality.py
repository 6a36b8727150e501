"""Image-quality scores on synthetic inputs with known answers (seconds, no real training),
and the judges' targets on real data (CelebA faces, MNIST digits; skipped without VAECLAIMS_DATA)."""

import contextlib
import json
import os

import cv2
import numpy as np
import pytest

from vaecore.checkpoints import CacheWarning
from vaecore.errors import DataNotFoundError
from vaecore.images import load_images
from vaecore.quality import (DigitCNN, digit_classifier, digit_confidence_score,
                             face_detection_rate, laplacian_sharpness, not_digit_images)
from vaecore.reconstruction import psnr

TINY = DigitCNN(filters=(2,), dense=4, n_train=None, epochs=1, batch_size=32)


def _tiny_digits(n=64, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, 28, 28, 1)).astype("float32"), rng.integers(0, 10, n)


def _synthetic_face(side=96):
    # A bright oval face, two dark eyes with brows, a nose shadow and a mouth on a dark background.
    img = np.full((side, side), 40, np.uint8)
    c, s = side // 2, side / 96
    cv2.ellipse(img, (c, int(c + 4 * s)), (int(30 * s), int(40 * s)), 0, 0, 360, 200, -1)
    for dx in (-13, 13):
        cv2.ellipse(img, (int(c + dx * s), int(c - 6 * s)), (int(6 * s), int(3 * s)), 0, 0, 360, 30, -1)
        cv2.line(img, (int(c + (dx - 7) * s), int(c - 14 * s)), (int(c + (dx + 7) * s), int(c - 14 * s)), 60,
                 max(1, int(2 * s)))
    cv2.line(img, (c, int(c - 2 * s)), (c, int(c + 12 * s)), 150, max(1, int(3 * s)))
    cv2.ellipse(img, (c, int(c + 22 * s)), (int(12 * s), int(4 * s)), 0, 0, 360, 70, -1)
    return np.repeat(cv2.GaussianBlur(img, (0, 0), 1.5 * s)[..., None], 3, axis=-1)


def test_face_detection_rate_is_zero_on_blurred_noise():
    # Check that smooth random textures (float input in [0, 1]) are not taken for faces.
    rng = np.random.default_rng(0)
    noise = np.stack([cv2.GaussianBlur(rng.random((64, 64, 3)), (0, 0), 2.0) for _ in range(20)])
    out = face_detection_rate(noise)
    assert out["n"] == 20
    assert out["detection_rate"] <= 0.05


def test_face_detection_rate_finds_a_drawn_face_in_uint8_and_float_input():
    # Check that a cartoon frontal face is found, whatever the dtype, and a flat image is not.
    face = _synthetic_face()
    flat = np.full_like(face, 128)
    as_uint8 = face_detection_rate(np.stack([face, flat]))
    as_float = face_detection_rate(np.stack([face, flat]).astype("float32") / 255.0)
    assert as_uint8["detected"].tolist() == [True, False]
    assert as_float["detected"].tolist() == [True, False]
    assert as_uint8["detection_rate"] == pytest.approx(0.5)


def test_laplacian_sharpness_orders_sharp_above_blurred():
    # Check sharp > blurred > flat, and the grey-value scale 0..255 for float input.
    rng = np.random.default_rng(1)
    sharp = (rng.random((3, 32, 32, 3)) > 0.5).astype("float32")
    blurred = np.stack([cv2.GaussianBlur(im, (0, 0), 2.0) for im in sharp])
    flat = np.full_like(sharp, 0.5)
    v_sharp, v_blur, v_flat = (laplacian_sharpness(x)["laplacian_var_mean"] for x in (sharp, blurred, flat))
    assert v_sharp > 10 * v_blur > 0
    assert v_flat == pytest.approx(0.0, abs=1e-9)
    # A single-pixel impulse of 255 on 0 has Laplacian values -4*255 and 4 x 255 (ksize 1 kernel).
    impulse = np.zeros((1, 9, 9, 1), np.uint8)
    impulse[0, 4, 4, 0] = 255
    lap = np.zeros((9, 9))
    lap[4, 4], lap[3, 4], lap[5, 4], lap[4, 3], lap[4, 5] = -4 * 255, 255, 255, 255, 255
    assert laplacian_sharpness(impulse)["laplacian_var_mean"] == pytest.approx(lap.var())


def test_digit_classifier_trains_once_then_loads_from_cache():
    # Check that a second call loads the stored weights and predicts the same probabilities.
    x, y = _tiny_digits()
    first = digit_classifier(TINY, images=x, labels=y)
    second = digit_classifier(TINY, images=x, labels=y)
    assert not first.from_cache and second.from_cache
    assert first.path == second.path and first.path.name.endswith(TINY.key)
    np.testing.assert_allclose(first.predict_proba(x[:8]), second.predict_proba(x[:8]), atol=1e-6)
    assert not [p for p in first.path.parent.iterdir() if p.name.startswith(".")]  # no temp leftovers


def test_digit_classifier_retrains_on_a_corrupt_cache_entry():
    # Check that modified weights fail the checksum, warn, and are replaced by a fresh training.
    x, y = _tiny_digits()
    first = digit_classifier(TINY, images=x, labels=y)
    with open(first.path / "model.weights.h5", "ab") as f:
        f.write(b"garbage")
    with pytest.warns(CacheWarning, match="checksum"):
        again = digit_classifier(TINY, images=x, labels=y)
    assert not again.from_cache
    meta = json.loads((again.path / "meta.json").read_text())
    assert meta["identity"]["spec"]["filters"] == [2]
    assert digit_classifier(TINY, images=x, labels=y).from_cache


def test_the_mnist_classifier_loads_once_per_process_and_cache_folder():
    # Check that claims scoring many image sets share one loaded classifier, and that a
    # classifier trained on passed-in images is never handed out as the MNIST one.
    x, y = _tiny_digits()
    trained_on_x = digit_classifier(TINY, images=x, labels=y)
    loaded = digit_classifier(TINY)  # the entry is keyed by the spec, so this loads it
    assert loaded is not trained_on_x and loaded.from_cache
    assert digit_classifier(TINY) is loaded


def test_digit_classifier_cache_key_changes_with_the_spec():
    # Check that two specs never share an entry.
    assert TINY.key != DigitCNN(filters=(2,), dense=4, n_train=None, epochs=2, batch_size=32).key
    assert TINY.key == DigitCNN(filters=(2,), dense=4, n_train=None, epochs=1, batch_size=32).key


def test_digit_confidence_score_counts_images_above_threshold():
    # Check the score against a stand-in classifier with known probabilities.
    class StandIn:
        def predict_proba(self, images):
            top = np.asarray(images).reshape(len(images), -1)[:, 0]
            rest = (1 - top) / 9
            return np.concatenate([top[:, None], np.repeat(rest[:, None], 9, axis=1)], axis=1)

    imgs = np.zeros((4, 28, 28, 1), "float32")
    imgs[:, 0, 0, 0] = [0.95, 0.91, 0.5, 0.2]
    ref = np.zeros((2, 28, 28, 1), "float32")
    ref[:, 0, 0, 0] = [0.99, 0.1]
    out = digit_confidence_score(imgs, threshold=0.9, reference=ref, classifier=StandIn())
    assert out["confident_fraction"] == pytest.approx(0.5)
    assert out["mean_max_prob"] == pytest.approx((0.95 + 0.91 + 0.5 + 0.2) / 4)
    assert out["reference_confident_fraction"] == pytest.approx(0.5)
    assert out["n"] == 4 and out["reference_n"] == 2
    with pytest.raises(ValueError, match="threshold=1.5"):
        digit_confidence_score(imgs, threshold=1.5, classifier=StandIn())


def test_not_digit_images_have_the_digit_format_and_differ_from_the_digits():
    # Check shape, range and determinism of the synthetic non-digits of the reject class.
    from vaecore.quality import not_digit_images

    digits, _ = _tiny_digits(16)
    a, b = not_digit_images(digits, 40, seed=3), not_digit_images(digits, 40, seed=3)
    assert a.shape == (40, 28, 28, 1) and a.dtype == np.float32
    assert 0.0 <= a.min() and a.max() <= 1.0
    np.testing.assert_array_equal(a, b)


def test_digit_classifier_has_a_not_a_digit_class_by_default():
    # Check 11 outputs with outlier exposure, 10 without, and the score's reject share.
    x, y = _tiny_digits()
    with_reject = digit_classifier(TINY, images=x, labels=y)
    plain = digit_classifier(DigitCNN(filters=(2,), dense=4, n_train=None, epochs=1, batch_size=32, not_digits=0),
                             images=x, labels=y)
    assert with_reject.predict_proba(x[:3]).shape == (3, 11)
    assert plain.predict_proba(x[:3]).shape == (3, 10)
    out = digit_confidence_score(x[:8], classifier=with_reject, reference=False)
    assert 0.0 <= out["not_digit_fraction"] <= 1.0 and "reference_n" not in out


# --- the judges on real data ---------------------------------------------------------------
# The default digit CNN and the decoded CelebA faces are what the claims use: these tests load
# them from the run's own cache (VAECLAIMS_CACHE as the run started, read at import, before the
# per-test empty cache of conftest.py), so a run trains and decodes them once, not once more here.

_RUN_CACHE = os.environ.get("VAECLAIMS_CACHE")


@contextlib.contextmanager
def _run_cache():
    with pytest.MonkeyPatch.context() as mp:
        if _RUN_CACHE:
            mp.setenv("VAECLAIMS_CACHE", _RUN_CACHE)
        else:
            mp.delenv("VAECLAIMS_CACHE", raising=False)
        yield


def _real(load):
    try:
        with _run_cache():
            return load()
    except DataNotFoundError as err:  # its message names VAECLAIMS_DATA and the expected path
        pytest.skip(f"real data absent (set VAECLAIMS_DATA): {err}")


@pytest.fixture(scope="module")
def celeba_faces():
    return _real(lambda: load_images("celeba", "test", n=400, size=64, seed=0)[0])


@pytest.fixture(scope="module")
def mnist_digits():
    return _real(lambda: load_images("mnist", "test", n=500, seed=0)[0])


@pytest.fixture(scope="module")
def digit_judge(mnist_digits):
    return _real(digit_classifier)


def _resize(images, side, crop=0.0):
    c = int(round(crop * images.shape[1]))
    return np.stack([cv2.resize(im[c:im.shape[0] - c, c:im.shape[1] - c], (side, side), interpolation=cv2.INTER_AREA)
                     for im in images])


def _smoothed_noise(n, side, sigma, seed):
    rng = np.random.default_rng(seed)
    blurred = np.stack([cv2.GaussianBlur(rng.random((side, side, 3)), (0, 0), sigma) for _ in range(n)])
    lo, hi = blurred.min(axis=(1, 2, 3), keepdims=True), blurred.max(axis=(1, 2, 3), keepdims=True)
    return (blurred - lo) / (hi - lo)


def _blur_to_psnr(digits, db):
    """Gaussian-blurred ``digits`` whose mean PSNR against the originals is ``db`` (sigma by bisection)."""
    from scipy import ndimage, optimize

    def blur(s):
        return ndimage.gaussian_filter(digits, (0, s, s, 0))

    sigma = optimize.brentq(lambda s: psnr(digits, blur(s)).mean() - db, 0.3, 4.0, xtol=1e-3)
    return blur(sigma), sigma


def test_face_judge_finds_faces_whatever_the_crop_and_none_in_noise(celeba_faces):
    # Check >= 95 % on CelebA framing, >= 90 % on tight crops (the central 70 % of each side,
    # resized back: the face fills the frame), <= 2 % on uniform and on smoothed noise (sigma
    # 2 and 3 px, rescaled to [0, 1]); 32x32 input (upscaled inside) too.
    tight = _resize(celeba_faces, 64, crop=0.15)
    assert tight.shape == celeba_faces.shape
    assert face_detection_rate(celeba_faces)["detection_rate"] >= 0.95
    assert face_detection_rate(tight)["detection_rate"] >= 0.90
    assert face_detection_rate(_resize(celeba_faces, 32))["detection_rate"] >= 0.90
    uniform = np.random.default_rng(0).random((300, 64, 64, 3))
    assert face_detection_rate(uniform)["detection_rate"] <= 0.02
    for sigma, seed in ((2.0, 1), (3.0, 2)):
        assert face_detection_rate(_smoothed_noise(300, 64, sigma, seed))["detection_rate"] <= 0.02
    assert face_detection_rate(_smoothed_noise(300, 32, 1.25, 3))["detection_rate"] <= 0.02


def test_digit_judge_accepts_blurred_digits_as_often_as_sharp_ones(digit_judge, mnist_digits):
    # Check that real test digits blurred to the PSNR of our MNIST autoencoders' reconstructions
    # (16, 18, 20 dB) are confident digits at least 90 % as often as the sharp ones.
    sharp = digit_confidence_score(mnist_digits, classifier=digit_judge, reference=False)["confident_fraction"]
    assert sharp >= 0.9
    for db in (16.0, 18.0, 20.0):
        blurred, sigma = _blur_to_psnr(mnist_digits, db)
        assert psnr(mnist_digits, blurred).mean() == pytest.approx(db, abs=0.05) and 0.5 < sigma < 2.0
        out = digit_confidence_score(blurred, classifier=digit_judge, reference=False)
        assert out["confident_fraction"] >= 0.9 * sharp, (db, sigma, out["confident_fraction"], sharp)


def test_digit_judge_still_rejects_synthetic_non_digits(digit_judge, mnist_digits):
    # Check that the blur-augmented CNN still puts the five kinds of non-digits (made from test
    # digits, a seed unlike training's) in its "not a digit" class, and is rarely confident on them.
    out = digit_confidence_score(not_digit_images(mnist_digits, 500, seed=11), classifier=digit_judge,
                                 reference=False)
    assert out["not_digit_fraction"] >= 0.95
    assert out["confident_fraction"] <= 0.03
