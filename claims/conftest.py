"""Session-scoped access to trained models: each config trains once per session (and once
per machine, through the checkpoint cache); missing data turns into a skip."""

from typing import NamedTuple

import numpy as np
import pytest

from vaecore.errors import DataNotFoundError


@pytest.fixture(scope="session")
def trained(request):
    """``trained(config) -> vaecore.train.Trained``, memoised for the session.

    A config that ``settings.KEEP_EPOCHS`` keeps on the way comes from its longer run.
    Training prints one progress line per epoch straight to the terminal (pytest's output
    capture is lifted while a model trains), so a cold run never looks hung. Each run
    carries its setting's preconditions (``settings.preconditions``: converged, not overfitting), which
    ``claim.uses(run)`` puts on the verdict.
    """
    from settings import KEEP_EPOCHS, preconditions

    from vaecore.train import is_cached, train_or_load

    capture = request.config.pluginmanager.getplugin("capturemanager")
    smoke = request.config.getoption("--smoke", False)
    kept_by = {} if smoke else {run.prefix(e): run for run, epochs in KEEP_EPOCHS.items() for e in epochs}
    memo = {}

    def get(config):
        if config not in memo:
            if config in kept_by and not is_cached(config):
                get(kept_by[config])  # the longer run caches this one on the way
            try:
                with capture.global_and_fixture_disabled():
                    if smoke:
                        from fixtures.smoke import shrink

                        run = train_or_load(shrink(config))
                    else:
                        run = train_or_load(config, keep_epochs=KEEP_EPOCHS.get(config, ()))
            except DataNotFoundError as err:
                pytest.skip(str(err))
            run.preconditions = preconditions(config, run.history)
            memo[config] = run
        return memo[config]

    return get


@pytest.fixture(scope="session")
def images(request):
    """``images(dataset, split="test", n=None, size=None, seed=0) -> (images, labels)`` in [0, 1],
    memoised; under ``--smoke`` a small subset at the smoke image size (``fixtures.smoke``)."""
    from vaecore.images import load_images

    smoke = request.config.getoption("--smoke", False)
    memo = {}

    def get(dataset, split="test", n=None, size=None, seed=0):
        if smoke:
            from fixtures import smoke as shrunk

            n = shrunk.cap(n, shrunk.TRAIN_N if split == "train" else shrunk.TEST_N)
            size = shrunk.size(dataset, size)
        key = (dataset, split, n, size, seed)
        if key not in memo:
            try:
                memo[key] = load_images(dataset, split, n=n, size=size, seed=seed)
            except DataNotFoundError as err:
                pytest.skip(str(err))
        return memo[key]

    return get


@pytest.fixture(scope="session")
def test_images(images):
    """``test_images(dataset, n=None, size=None, seed=0) -> (images, labels)`` of the test split."""
    return lambda dataset, n=None, size=None, seed=0: images(dataset, "test", n=n, size=size, seed=seed)



class Codes(NamedTuple):
    """A trained model's codes of a split's images: the run (for ``claim.uses``), the images and
    their labels (None for faces), and ``z``, ``mu`` (= z for an AE) and ``logvar`` (None for an AE)."""

    run: object
    x: np.ndarray
    y: np.ndarray | None
    z: np.ndarray
    mu: np.ndarray
    logvar: np.ndarray | None


@pytest.fixture(scope="session")
def codes(trained, images):
    """``codes(config, split="test", n=None, seed=0) -> Codes``: the trained model of a setting and
    its codes of ``n`` seeded images of the split (all when None), encoded once per session."""
    from vaecore.train import encode

    memo = {}

    def get(config, split="test", n=None, seed=0):
        key = (config, split, n, seed)
        if key not in memo:
            run = trained(config)
            x, y = images(config.dataset, split, n=n, size=config.image_size, seed=seed)
            c = encode(run.model, x)
            memo[key] = Codes(run, x, y, c["z"], c["mu"], c.get("logvar"))
        return memo[key]

    return get


@pytest.fixture(scope="module")
def one_thread():
    """One OpenMP/BLAS thread for the module's scikit-learn work (``threadpoolctl``); a module asks
    for it with ``pytestmark = pytest.mark.usefixtures("one_thread")``."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


def pytest_collection_modifyitems(items):
    """A claim no tier has decided so far carries what decides it (``settings.DECIDED_BY``) to the report."""
    from settings import DECIDED_BY

    for item in items:
        marker = item.get_closest_marker("claim")
        if marker and marker.args[0] in DECIDED_BY:
            item.add_marker(pytest.mark.decided_by(DECIDED_BY[marker.args[0]]))
