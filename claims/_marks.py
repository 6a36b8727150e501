"""Marks shared by the claim modules."""

import pytest


def refuted(reason: str):
    """A claim that did not reproduce: kept, with its assertion intact, as a strict xfail.

    ``reason`` carries the measured evidence. Only an ``AssertionError`` counts as the
    refutation: a crash inside the claim is reported as an error, never as "refuted"; and
    ``strict`` makes CI notice if the claim ever starts to hold.
    """
    return pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason)


def tier(name: str, refuted_by: str | None = None) -> list:
    """The marks of one tier's param: the tier marker (``fast``, ``slow``, ``gpu``), plus
    :func:`refuted` when that tier's run refuted the claim (``refuted_by``: the evidence)."""
    return [getattr(pytest.mark, name)] + ([refuted(refuted_by)] if refuted_by else [])
