"""Marks shared by the claim modules: a tier and the verdict its run is expected to give."""

import pytest


def tier(name: str, expect: str = "holds") -> list:
    """The marks of one tier's param: the tier marker (``fast``, ``slow``, ``gpu``, ``poststeps``)
    and, where that tier's run refutes the claim, ``expect("refuted")``. The evidence is what the
    run measures (the judgement's failed checks), never text in the mark; a decided verdict other
    than the expected one fails the test naming both, so CI notices a flip."""
    marks = [getattr(pytest.mark, name)]
    return marks + [pytest.mark.expect(expect)] if expect != "holds" else marks

