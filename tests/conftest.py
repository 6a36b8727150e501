"""Unit tests of vaecore: each test gets its own empty cache and no data root."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("VAECLAIMS_CACHE", str(tmp_path / "cache"))
