"""The claims report plugin: verdicts from outcomes, one report also under xdist."""

import json
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]
ROOT = Path(__file__).resolve().parents[1]

CLAIMS = '''
import pytest

@pytest.mark.fast
@pytest.mark.claim("demo.holds", reported={"x": 1})
def test_holds(claim):
    """A claim that holds."""
    claim.measure(x=1.0)
    claim.tolerance("exact", "a constant")
    assert True

@pytest.mark.fast
@pytest.mark.xfail(strict=True, reason="measured x=2, post says 1")
@pytest.mark.claim("demo.refuted")
def test_refuted(claim):
    """A claim that does not hold."""
    claim.measure(x=2.0)
    assert False

@pytest.mark.fast
@pytest.mark.claim("demo.skipped")
def test_skipped(claim):
    """A claim without data."""
    pytest.skip("set VAECLAIMS_DATA")

@pytest.mark.slow
@pytest.mark.claim("demo.slow")
def test_slow(claim):
    """A slow claim."""

@pytest.mark.fast
@pytest.mark.claim("demo.error")
def test_error(claim):
    """A broken claim."""
    assert 1 == 2, "boom"

@pytest.mark.fast
@pytest.mark.claim("demo.nodata")
def test_nodata(claim):
    """A claim whose body finds its data missing."""
    from vaecore.errors import DataNotFoundError
    raise DataNotFoundError("MNIST not found: set VAECLAIMS_DATA")

def test_plain():
    pass
'''


@pytest.fixture
def suite(pytester, monkeypatch):
    pytester.makeconftest((ROOT / "conftest.py").read_text())
    pytester.makeini((ROOT / "pytest.ini").read_text().replace("testpaths = tests claims", ""))
    pytester.makepyfile(test_claims=CLAIMS)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    return pytester


@pytest.mark.parametrize("xdist", [[], ["-p", "xdist", "-n", "2"]], ids=["plain", "xdist"])
def test_report_has_one_verdict_per_claim(suite, xdist):
    # Check that holds/refuted/skipped/error come from the outcomes, tiers are honoured,
    # unmarked tests stay out, and xdist still writes one report.
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", *xdist)
    data = json.loads((suite.path / "reports" / "claims.json").read_text())
    verdicts = {c["id"]: c["verdict"] for c in data["claims"]}
    assert verdicts == {"demo.holds": "holds", "demo.refuted": "refuted", "demo.skipped": "skipped",
                        "demo.slow": "skipped", "demo.error": "error", "demo.nodata": "skipped"}
    by_id = {c["id"]: c for c in data["claims"]}
    assert by_id["demo.holds"]["measured"] == {"x": 1.0}
    assert by_id["demo.holds"]["statement"] == "A claim that holds."
    assert "measured x=2" in by_id["demo.refuted"]["reason"]
    assert "--slow" in by_id["demo.slow"]["reason"]
    assert "boom" in by_id["demo.error"]["reason"]
    assert "VAECLAIMS_DATA" in by_id["demo.nodata"]["reason"]
    assert {"python", "tensorflow-cpu", "keras", "numpy", "scikit-learn", "device"} <= set(data["environment"])
    html = (suite.path / "reports" / "claims.html").read_text()
    assert "demo.refuted" in html and html.rstrip().endswith("</html>")
    result.assert_outcomes(passed=2, xfailed=1, skipped=3, failed=1)
