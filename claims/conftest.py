"""Session-scoped access to trained models: each config trains once per session (and once
per machine, through the checkpoint cache); missing data turns into a skip."""

import pytest

from vaecore.errors import DataNotFoundError


@pytest.fixture(scope="session")
def trained(request):
    """``trained(config) -> vaecore.train.Trained``, memoised for the session.

    A config that ``settings.KEEP_EPOCHS`` keeps on the way comes from its longer run.
    Training prints one progress line per epoch straight to the terminal (pytest's output
    capture is lifted while a model trains), so a cold run never looks hung.
    """
    from settings import KEEP_EPOCHS

    from vaecore.train import is_cached, train_or_load

    capture = request.config.pluginmanager.getplugin("capturemanager")
    kept_by = {run.prefix(e): run for run, epochs in KEEP_EPOCHS.items() for e in epochs}
    memo = {}

    def get(config):
        if config not in memo:
            if config in kept_by and not is_cached(config):
                get(kept_by[config])  # the longer run caches this one on the way
            try:
                with capture.global_and_fixture_disabled():
                    memo[config] = train_or_load(config, keep_epochs=KEEP_EPOCHS.get(config, ()))
            except DataNotFoundError as err:
                pytest.skip(str(err))
        return memo[config]

    return get


@pytest.fixture(scope="session")
def test_images():
    """``test_images(dataset, n=None, size=None, seed=0) -> (images, labels)`` in [0, 1]."""
    from vaecore.images import load_images

    memo = {}

    def get(dataset, n=None, size=None, seed=0):
        key = (dataset, n, size, seed)
        if key not in memo:
            try:
                memo[key] = load_images(dataset, "test", n=n, size=size, seed=seed)
            except DataNotFoundError as err:
                pytest.skip(str(err))
        return memo[key]

    return get
