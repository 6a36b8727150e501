"""Marks shared by the claim modules."""

import pytest


def refuted(reason: str):
    """A claim that did not reproduce: kept, with its assertion intact, as a strict xfail.

    ``reason`` carries the measured evidence. Only an ``AssertionError`` counts as the
    refutation: a crash inside the claim is reported as an error, never as "refuted"; and
    ``strict`` makes CI notice if the claim ever starts to hold.
    """
    return pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason)
