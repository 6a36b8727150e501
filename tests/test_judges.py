"""The "distorted" judge as a proxy (:mod:`vaecore.judges`): the examples it is validated on and the
preconditions its rates give, checked with stub judges whose answers are known (no OpenCV, no CNN)."""

import numpy as np
import pytest

from vaecore.judges import (DISTORTIONS, INTACT, PROXY_FALSE_ALARM, PROXY_HIT, proxy_examples, proxy_orders,
                            proxy_rates, proxy_separates)


def _faces(n=40, size=32, seed=0):
    """Smooth random colour images in [0, 1], stand-ins for real faces."""
    from scipy import ndimage

    x = ndimage.gaussian_filter(np.random.default_rng(seed).random((n, size, size, 3)), (0, 3, 3, 0))
    return (x - x.min()) / (x.max() - x.min())


def _oracle(images, seed=0):
    """A stub judge that knows the answer: distorted unless the image is one of the intact examples."""
    examples = proxy_examples(images, seed)
    intact = {im.tobytes() for kind in INTACT for im in examples[kind]}
    return lambda x: np.array([im.tobytes() not in intact for im in np.asarray(x, np.float32)])


def test_proxy_examples_keep_shape_and_range_and_change_the_distorted_kinds():
    # Check every kind's shape and [0, 1] range; the real kind is the images, blurred ones stay close,
    # and every distorted kind moves the pixels far more than the blur does.
    x = _faces()
    ex = proxy_examples(x, seed=1)
    assert set(ex) == set(DISTORTIONS + INTACT)
    assert all(v.shape == x.shape and v.min() >= 0 and v.max() <= 1 for v in ex.values())
    np.testing.assert_allclose(ex["real"], x, atol=1e-6)
    blur = np.abs(ex["blurred"] - x).mean()
    assert all(np.abs(ex[k] - x).mean() > 2 * blur for k in DISTORTIONS)
    assert np.allclose(np.sort(ex["patch shuffle"].ravel()), np.sort(x.astype(np.float32).ravel()))


def test_proxy_examples_of_grey_digits_keep_their_channel():
    # Check 28x28 single-channel images (the digit judge's) keep their shape.
    x = np.random.default_rng(2).random((5, 28, 28, 1))
    assert all(v.shape == (5, 28, 28, 1) for v in proxy_examples(x).values())


def test_an_oracle_judge_separates_and_orders():
    # Check the known answer: a judge that reads every distorted example as distorted and no intact
    # one has rates 1 and 0, and both preconditions are met.
    x = _faces()
    rates = proxy_rates(_oracle(x), x)
    assert rates["n"] == len(x)
    assert set(rates["distorted"].values()) == {1.0} and set(rates["intact"].values()) == {0.0}
    assert proxy_separates(rates).met and proxy_orders(rates).met


@pytest.mark.parametrize("judge, orders", [
    (lambda x: np.zeros(len(x), bool), False),                                  # never distorted: blind
    (lambda x: np.ones(len(x), bool), False),                                   # always distorted
    (lambda x: np.random.default_rng(0).random(len(x)) < 0.5, False),           # a coin
], ids=["never", "always", "coin"])
def test_judges_without_information_neither_separate_nor_order(judge, orders):
    # Check that judges that do not look at the image meet neither precondition.
    x = _faces(n=200)
    rates = proxy_rates(judge, x)
    assert not proxy_separates(rates).met
    assert proxy_orders(rates).met is orders


def test_a_judge_blind_to_one_kind_orders_but_does_not_separate():
    # Check the per-kind bar: an oracle that misses every background blend (as the face detector finds
    # most blended faces) still orders distorted above intact (2 of 3 kinds), but does not separate.
    x = _faces(n=100)
    oracle, blends = _oracle(x), {im.tobytes() for im in proxy_examples(x)["background blend"]}
    rates = proxy_rates(lambda b: oracle(b) & np.array([im.tobytes() not in blends for im in b]), x)
    assert rates["distorted"]["background blend"] == 0.0
    assert proxy_orders(rates).met and not proxy_separates(rates).met


@pytest.mark.parametrize("hit, false_alarm, met", [
    (PROXY_HIT, PROXY_FALSE_ALARM - 0.01, True),
    (PROXY_HIT - 0.01, 0.0, False),
    (1.0, PROXY_FALSE_ALARM, False),
], ids=["at-the-bars", "hit-short", "false-alarm-at-bar"])
def test_proxy_separates_bars(hit, false_alarm, met):
    # Check the bars: >= 0.8 of every distorted kind, < 0.2 of every intact kind.
    rates = {"distorted": {k: hit for k in DISTORTIONS}, "intact": {k: false_alarm for k in INTACT}, "n": 300}
    assert proxy_separates(rates).met is met
