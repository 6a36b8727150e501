"""The claims report: the plugin's verdicts (also under xdist) and the rendered page."""

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from vaecore import report
from vaecore.report import VERDICTS, load_references, precisions_run, run_info, tiers_run, validate, write_report

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
@pytest.mark.expect("refuted")
@pytest.mark.claim("demo.refuted")
def test_refuted(claim):
    """A claim that does not hold."""
    claim.measure(x=2.0)
    assert False, "measured x=2, post says 1"

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


def _suite(pytester, monkeypatch, claims: str):
    """A pytester project with this repository's plugins, ini and ``claims`` as its test module."""
    pytester.makeconftest((ROOT / "conftest.py").read_text())
    pytester.makeini((ROOT / "pytest.ini").read_text().replace("testpaths = tests claims", ""))
    pytester.makepyfile(test_claims=claims)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    return pytester


@pytest.fixture
def suite(pytester, monkeypatch):
    return _suite(pytester, monkeypatch, CLAIMS)


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
    validate(data, "claims.json")
    assert data["run"]["tiers"] == ["fast"] and data["run"]["smoke"] is False
    assert data["run"]["wall_time_s"] >= 0 and data["run"]["commit"]
    assert "Run here:" in html
    lines = [json.loads(ln) for ln in (suite.path / "reports" / "records.jsonl").read_text().splitlines()]
    assert [next(iter(ln)) for ln in lines] == ["run"] + ["claim"] * 6 + ["end"]  # one writer, also under xdist
    assert {ln["claim"]["id"]: ln["claim"]["verdict"] for ln in lines[1:-1]} == verdicts


# --- the page, from synthetic reports ---------------------------------------------------------

HOSTILE = "<script>alert('x')</script>"


def _claim(verdict, tier="fast", **extra):
    claim = {"id": f"demo.{verdict}", "post": "demo", "statement": f"A claim that ends {verdict}.",
             "post_reported": {"x": 1.0}, "measured": {"x": 1.5, "per_seed": [1.4, 1.6]},
             "tolerance": "|x - 1| < 1", "rationale": "seed spread 0.1", "setting": {"seed": 0},
             "tier": tier, "verdict": verdict, "reason": "", "preconditions": [], "duration_s": 0.5,
             "figures": [], "nodeid": f"claims/test_demo.py::test_{verdict}"}
    return {**claim, **extra}


def _claims():
    return [
        _claim("holds", figures=[{"title": "a figure", "path": "figures/dot.png"}]),
        _claim("refuted", reason="measured x=3"),
        _claim("inconclusive", reason="inconclusive: precondition not met",
               preconditions=[{"name": "vae.converged", "met": False, "value": 0.02, "rule": "< 0.005"},
                              {"name": "n_samples", "met": True, "value": 5000, "rule": ">= 1000"}]),
        _claim("smoke"),
        _claim("skipped", tier="slow", reason="slow tier: run with --slow", measured={}),
        _claim("error", statement=HOSTILE, reason=f'call failed: E "{HOSTILE}"'),
    ]


def _reference(tmp_path, name="slow-cpu", verdict="holds"):
    """A reference run under tmp_path/results/<name> that ran the slow tier."""
    claims = [{**_claim("skipped", tier="slow"), "verdict": verdict, "measured": {"x": 1.1}}]
    data = {"run": {**run_info(["slow"], 100.0, smoke=False, precision="mixed_bfloat16"), "commit": "feedc0ffee1234567"},
            "environment": {"python": "3.11"}, "claims": claims}
    (tmp_path / "results" / name).mkdir(parents=True)
    (tmp_path / "results" / name / "claims.json").write_text(json.dumps(data))
    return data


def _page(tmp_path, claims=None, run=None, notes=None, references=None) -> str:
    out = tmp_path / "reports"
    (out / "figures").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 4), "red").save(out / "figures" / "dot.png")
    claims = _claims() if claims is None else claims
    run = run or {**run_info(tiers_run(claims), 1.0, smoke=False), "commit": "abc"}
    _, html_path = write_report(out, claims, {"python": "3.11"}, run=run, notes=notes, references=references)
    return html_path.read_text()


class _Tags(HTMLParser):
    """Start tags with their attributes, and the visible text."""

    def __init__(self, page):
        super().__init__()
        self.tags, self.text = [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def test_page_shows_every_verdict_with_its_own_colour_and_count(tmp_path):
    # Check that each verdict has a badge class with a colour, and one claim each is counted.
    page = _page(tmp_path)
    tags = _Tags(page)
    for verdict in VERDICTS:
        assert f".b-{verdict}{{background:{report.COLOURS[verdict]}}}" in page
        assert ("span", {"class": f"badge b-{verdict}"}) in tags.tags
    summary = page[page.index('<p class="summary">'):page.index("<h2>Claims matrix")]
    assert all(f'b-{v}">{v}</span>1' in summary for v in VERDICTS)
    assert len(set(report.COLOURS.values())) == len(VERDICTS)


def test_page_escapes_hostile_strings(tmp_path):
    # Check that a statement, a reason and a note holding <script> come out as text.
    page = _page(tmp_path, notes={"judges": {"face": HOSTILE}})
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert HOSTILE in _Tags(page).visible()


def test_cards_fold_and_open_only_for_error_and_refuted(tmp_path):
    # Check that every claim is a <details> card and only error and refuted ones start open.
    cards = [a for t, a in _Tags(_page(tmp_path)).tags if t == "details"]
    assert len(cards) == len(VERDICTS)
    opened = sorted(a["class"].split()[-1] for a in cards if "open" in a)
    assert opened == ["c-error", "c-refuted"]


def test_card_highlights_unmet_preconditions(tmp_path):
    # Check that a met precondition is a plain row and an unmet one is highlighted.
    page = _page(tmp_path)
    assert '<tr class="unmet"><td>vae.converged</td><td>NOT MET</td><td>0.02</td>' in page
    assert "<tr><td>n_samples</td><td>yes</td><td>5000</td>" in page


NOT_NEEDED = {"name": "the judge separates", "met": True, "value": "blend 0.40", "rule": "every kind >= 0.8",
              "needed": False, "why_not_needed": "decided by the miss of 'falls', a direction"}


def test_card_shows_a_precondition_that_is_not_needed_as_not_needed(tmp_path):
    # Check that a precondition the verdict does not rest on reads "not needed" with its reason,
    # neither "yes" nor "NOT MET", beside a met one written with needed (version 3) and the
    # version-1 / -2 records without it (_claims).
    met = {"name": "vae converged", "met": True, "value": "0.5 %", "rule": "< 1 %", "needed": True,
           "why_not_needed": ""}
    claims = [*_claims(), _claim("refuted", id="demo.not_needed", nodeid="claims/test_demo.py::test_not_needed",
                                 preconditions=[met, NOT_NEEDED])]
    page = _page(tmp_path, claims=claims)
    assert ('<tr class="unneeded"><td>the judge separates</td><td>not needed: decided by the miss of '
            "&#39;falls&#39;, a direction</td><td>blend 0.40</td>") in page
    assert "<tr><td>vae converged</td><td>yes</td><td>0.5 %</td>" in page
    assert '<tr class="unmet"><td>vae.converged</td><td>NOT MET</td>' in page
    assert page.count("not needed:") == 1


@pytest.mark.parametrize("broken, field", [
    ({"why_not_needed": ""}, "field 'why_not_needed'"),
    ({"met": False}, "field 'met'"),
    ({"needed": "no"}, "field 'needed'"),
], ids=["no-reason", "unmet", "not-a-boolean"])
def test_a_not_needed_precondition_needs_its_reason_and_blocks_nothing(broken, field):
    # Check the schema: needed false comes with a reason and met true (it blocks no verdict).
    data = {"run": run_info(["fast"], 1.0, smoke=False), "environment": {},
            "claims": [_claim("refuted", preconditions=[{**NOT_NEEDED, **broken}])]}
    validate({**data, "claims": [_claim("refuted", preconditions=[NOT_NEEDED])]}, "claims.json")
    with pytest.raises(ValueError, match=rf"claims.json: claim 'demo.refuted': field 'preconditions'\[0\]: {field}"):
        validate(data, "claims.json")


def test_figures_are_inlined_as_base64_png(tmp_path):
    # Check that the page holds the figure itself and names no external file.
    tags = _Tags(_page(tmp_path)).tags
    sources = [a["src"] for t, a in tags if t == "img"]
    assert len(sources) == 1 and sources[0].startswith("data:image/png;base64,iVBOR")
    assert not [a for t, a in tags if t in ("link", "script") or (t == "a" and "//" in a.get("href", ""))]


def test_matrix_shows_the_reference_verdict_of_a_claim_not_run_here(tmp_path):
    # Check that the slow claim skipped here shows "not run here" with the reference's verdict,
    # labelled as coming from the reference, and a column for the reference run.
    _reference(tmp_path)
    page = _page(tmp_path, references=load_references(tmp_path / "results"))
    matrix = _Tags(page[page.index("<h2>Claims matrix"):page.index("<h2>By post")]).visible()
    assert "slow-cpu (reference)" in matrix
    # id | the post's x | here: not run, the reference's verdict | the reference's column
    assert "demo.skipped x=1 not run here (slow tier) slow-cpu reference: holds holds x=1.1" in matrix
    assert "demo.refuted x=1 refuted x=1.5 —" in matrix  # measured here only


def test_banner_lists_tiers_run_here_and_from_references(tmp_path):
    # Check that the banner says fast ran here, slow comes from the reference (with its commit,
    # machine and precision) and gpu ran nowhere.
    _reference(tmp_path)
    claims = _claims() + [_claim("skipped", tier="gpu", id="demo.gpu", nodeid="x::gpu")]
    page = _page(tmp_path, claims=claims, references=load_references(tmp_path / "results"))
    banner = _Tags(page[page.index('<div class="banner">'):page.index('<p class="summary">')]).visible()
    assert banner.startswith("Run here: fast — commit abc")
    assert "slow: not run here; from reference slow-cpu" in banner
    assert "gpu: not run here, no reference run" in banner
    assert "results/slow-cpu slow feedc0ffee12" in banner
    assert "precision no trained model measured" in banner  # the run here: its claims used no model
    assert "tensorflow mixed_bfloat16 100 s" in banner  # the reference's backend, precision, wall time


def test_smoke_run_says_so_in_a_banner(tmp_path):
    # Check that a --smoke report warns that nothing was judged, and a normal one does not.
    smoke = [_claim("smoke")]
    assert "Smoke run (--smoke)" in _page(tmp_path, smoke, run={**run_info(["fast"], 1.0, True)})
    assert "Smoke run" not in _page(tmp_path)


def test_run_info_follows_the_contract():
    # Check that run_info gives the contract's keys, tiers in tier order, and passes validate.
    run = run_info(["slow", "fast"], 12.345, smoke=False)
    assert set(run) == {"commit", "date", "machine", "backend", "precision", "tiers", "wall_time_s", "smoke", "seed"}
    assert run["tiers"] == ["fast", "slow"] and run["wall_time_s"] == 12.3 and run["seed"] == 0
    validate({"run": run, "environment": {}, "claims": _claims()}, "run.json", reference=True)


def test_tiers_run_leaves_out_tiers_with_only_skipped_claims():
    # Check that a tier counts as run here when one claim of it was not skipped.
    assert tiers_run(_claims()) == ["fast"]
    assert tiers_run([_claim("skipped"), _claim("inconclusive", tier="gpu")]) == ["gpu"]


def test_judge_notes_come_from_quality_when_it_has_them(tmp_path, monkeypatch):
    # Check that JUDGE_NOTES becomes notes["judges"], its absence no notes, and the page shows them.
    from vaecore import quality

    monkeypatch.delattr(quality, "JUDGE_NOTES", raising=False)
    assert report.judge_notes() == {}
    monkeypatch.setattr(quality, "JUDGE_NOTES", {"face": "Haar cascade", "digit": "MNIST CNN"}, raising=False)
    notes = report.judge_notes()
    assert notes == {"judges": {"face": "Haar cascade", "digit": "MNIST CNN"}}
    assert "Notes: judges face Haar cascade digit MNIST CNN" in _Tags(_page(tmp_path, notes=notes)).visible()


PRECONDITION_CLAIMS = '''
import pytest

@pytest.mark.fast
@pytest.mark.expect("refuted")
@pytest.mark.claim("demo.unmet_fails")
def test_unmet_fails(claim):
    """Unmet precondition, failing assertion, refuted mark."""
    claim.precondition("model converged", False, "3 %", "< 1 %")
    assert False, "x = 2"

@pytest.mark.fast
@pytest.mark.expect("refuted")
@pytest.mark.claim("demo.unmet_holds")
def test_unmet_holds(claim):
    """Unmet precondition, passing assertion, refuted mark: no XPASS."""
    claim.precondition("model converged", False, "3 %", "< 1 %")

@pytest.mark.fast
@pytest.mark.claim("demo.recorded_twice")
def test_recorded_twice(claim):
    """An unmet precondition recorded again as met stays unmet."""
    claim.precondition("the sample decides the bars", False, "-1.0 SE", ">= 2 SE")
    claim.precondition("the sample decides the bars", True, "+3.0 SE", ">= 2 SE")

@pytest.mark.fast
@pytest.mark.expect("refuted")
@pytest.mark.claim("demo.met_refuted")
def test_met_refuted(claim):
    """Every precondition met and the assertion fails: refuted, citing them."""
    claim.precondition("model converged", True, "0.5 %", "< 1 %")
    assert False

@pytest.mark.fast
@pytest.mark.expect("refuted")
@pytest.mark.claim("demo.unmet_crash")
def test_unmet_crash(claim):
    """A crash stays an error, preconditions or not."""
    claim.precondition("model converged", False, "3 %", "< 1 %")
    raise RuntimeError("broken claim")
'''


@pytest.fixture
def precondition_suite(pytester, monkeypatch):
    return _suite(pytester, monkeypatch, PRECONDITION_CLAIMS)


@pytest.mark.parametrize("smoke", [False, True], ids=["judged", "smoke"])
def test_unmet_preconditions_make_a_claim_inconclusive_whatever_the_assertion(precondition_suite, smoke):
    # Check the verdict rules: an unmet precondition gives inconclusive (whatever is expected), an unmet
    # one recorded again as met stays unmet, refuted cites the met ones, a crash stays an error;
    # under --smoke assertions are not judged and a crash is still an error.
    args = ["-p", "no:cacheprovider"] + (["--smoke"] if smoke else [])
    result = precondition_suite.runpytest_subprocess(*args)
    data = json.loads((precondition_suite.path / "reports" / "claims.json").read_text())
    by_id = {c["id"]: c for c in data["claims"]}
    verdicts = {k: c["verdict"] for k, c in by_id.items()}
    if smoke:
        assert verdicts == {"demo.unmet_fails": "smoke", "demo.unmet_holds": "smoke", "demo.recorded_twice": "smoke",
                            "demo.met_refuted": "smoke", "demo.unmet_crash": "error"}
        result.assert_outcomes(passed=4, failed=1)
        return
    assert verdicts == {"demo.unmet_fails": "inconclusive", "demo.unmet_holds": "inconclusive",
                        "demo.recorded_twice": "inconclusive", "demo.met_refuted": "refuted",
                        "demo.unmet_crash": "error"}
    assert "model converged = 3 %" in by_id["demo.unmet_fails"]["reason"]
    assert "the test's assertions hold: yes" in by_id["demo.unmet_holds"]["reason"]
    assert "preconditions met: model converged = 0.5 %" in by_id["demo.met_refuted"]["reason"]
    assert [p["met"] for p in by_id["demo.recorded_twice"]["preconditions"]] == [False]
    result.assert_outcomes(skipped=3, xfailed=1, failed=1)


def test_precisions_run_lists_the_precisions_of_the_models_measured():
    # Check that the run's precision comes from the models the claims used, once each.
    claims = [_claim("holds", models={"a": {"precision": "mixed_bfloat16"}, "b": {"precision": "float32"}}),
              _claim("refuted", models={"c": {"precision": "mixed_bfloat16"}}), _claim("skipped")]
    assert precisions_run(claims) == "float32, mixed_bfloat16"
    assert precisions_run([_claim("holds")]) == "no trained model measured"


# --- baseline, records.jsonl and a killed run, selecting by claim id ---------------------------

SMALL_CLAIMS = '''
import pytest

@pytest.mark.fast
@pytest.mark.claim("demo.holds")
def test_holds(claim):
    """A claim that holds."""
    claim.measure(x=1.0)

@pytest.mark.fast
@pytest.mark.expect("refuted")
@pytest.mark.claim("demo.refuted")
def test_refuted(claim):
    """A claim that does not hold."""
    claim.measure(x=2.0)
    assert False
'''


def _baseline(path: Path, **verdicts) -> Path:
    """A report in which each test_<name> of SMALL_CLAIMS got the given verdict."""
    claims = [{**_claim(v), "id": f"demo.{name}", "measured": {"x": 0.5}, "nodeid": f"test_claims.py::test_{name}"}
              for name, v in verdicts.items()]
    run = {"commit": "abc", "date": "2026-11-20T10:00:00+00:00", "machine": "Linux, 2 CPUs", "backend": "tensorflow",
           "precision": "float32", "tiers": ["fast"], "wall_time_s": 1.0, "smoke": False}  # run_info imports
    data = {"schema_version": 2, "run": run, "environment": {}, "claims": claims}  # Keras, pytester unloads it
    path.write_text(json.dumps(data))
    return path


def test_baseline_flip_fails_the_run_and_is_marked_in_the_report(pytester, monkeypatch):
    # Check that --claims-baseline lists a decided flip in the terminal, fails a green run, stores
    # each claim's baseline verdict in claims.json, and marks the row in the matrix; and that
    # records.jsonl holds the run, each finished claim and the end.
    suite = _suite(pytester, monkeypatch, SMALL_CLAIMS)
    baseline = _baseline(suite.path / "old.json", holds="refuted", refuted="refuted")
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", "--claims-baseline", str(baseline))
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=1, xfailed=1)
    result.stdout.fnmatch_lines([f"claims baseline {baseline}: 1 verdict changed, 1 decided verdict flipped",
                                 "FLIP demo.holds: refuted -> holds", "    test:   test_holds",
                                 "    before: x=0.5", "    after:  x=1"])
    data = json.loads((suite.path / "reports" / "claims.json").read_text())
    by_id = {c["id"]: c for c in data["claims"]}
    assert by_id["demo.holds"]["baseline"] == {"verdict": "refuted", "changed": True, "flipped": True}
    assert by_id["demo.refuted"]["baseline"] == {"verdict": "refuted", "changed": False, "flipped": False}
    assert data["schema_version"] == report.SCHEMA_VERSION and data["run"]["baseline"] == str(baseline)
    page = (suite.path / "reports" / "claims.html").read_text()
    rows = [a for t, a in _Tags(page).tags if t == "tr" and "changed" in a.get("class", "")]
    assert rows == [{"class": "changed flipped"}]
    assert "1 verdict changed, 1 decided verdict flipped" in _Tags(page).visible()
    lines = [json.loads(ln) for ln in (suite.path / "reports" / "records.jsonl").read_text().splitlines()]
    assert [next(iter(ln)) for ln in lines] == ["run", "claim", "claim", "end"]
    assert [ln["claim"]["verdict"] for ln in lines[1:3]] == ["holds", "refuted"]


def test_baseline_with_only_an_inconclusive_change_keeps_the_run_green(pytester, monkeypatch):
    # Check that a change from inconclusive is listed but does not fail the run.
    suite = _suite(pytester, monkeypatch, SMALL_CLAIMS)
    baseline = _baseline(suite.path / "old.json", holds="inconclusive", refuted="refuted")
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", "--claims-baseline", str(baseline))
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines([f"claims baseline {baseline}: 1 verdict changed, 0 decided verdicts flipped",
                                 "demo.holds: inconclusive -> holds"])


KILLED_CLAIMS = '''
import os
import signal

import pytest

@pytest.mark.fast
@pytest.mark.claim("demo.first")
def test_first(claim):
    """A claim that holds before the run is killed."""
    claim.measure(x=1.0)

@pytest.mark.fast
@pytest.mark.claim("demo.second")
def test_second(claim):
    """The run is killed here."""
    os.kill(os.getpid(), signal.SIGKILL)

@pytest.mark.fast
@pytest.mark.claim("demo.third")
def test_third(claim):
    """Never reached."""
'''


def test_a_killed_run_leaves_records_that_render_a_partial_report(pytester, monkeypatch):
    # Check that SIGKILL in the 2nd claim leaves no claims.json but a records.jsonl from which
    # `render` rebuilds a report holding the finished claim, marked partial.
    suite = _suite(pytester, monkeypatch, KILLED_CLAIMS)
    result = suite.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == -9
    reports = suite.path / "reports"
    assert not (reports / "claims.json").exists()
    assert report.main(["render", str(reports), "--references", ""]) == 0
    data = json.loads((reports / "claims.json").read_text())
    assert [(c["id"], c["verdict"]) for c in data["claims"]] == [("demo.first", "holds")]
    assert data["run"]["partial"] is True and data["run"]["tiers"] == ["fast"]
    assert data["claims"][0]["measured"] == {"x": 1.0}
    assert "Partial report" in (reports / "claims.html").read_text()
    out = suite.path / "elsewhere"
    assert report.main(["render", str(reports / "records.jsonl"), "--out", str(out), "--references", ""]) == 0
    assert json.loads((out / "claims.json").read_text())["claims"] == data["claims"]


SELECTED_CLAIMS = '''
import pytest

@pytest.mark.claim("km4.pca2")
@pytest.mark.parametrize("k", [9, 10])
def test_two_pcs(claim, k):
    """Two PCs."""

@pytest.mark.claim("km4.pca3_k11")
def test_three_pcs(claim):
    """Three PCs."""

@pytest.mark.claim("km5.ae_codes")
def test_codes(claim):
    """AE codes."""

@pytest.mark.claim("km5.ae_codes_k100")
def test_codes_k100(claim):
    """AE codes, k=100."""
'''


@pytest.mark.parametrize("args, selected", [
    (["-k", "km4.pca2"], ["test_two_pcs[9]", "test_two_pcs[10]"]),
    (["-k", "km4.pca2 or km4.pca3_k11"], ["test_two_pcs[9]", "test_two_pcs[10]", "test_three_pcs"]),
    (["-k", "km5.ae_codes"], ["test_codes", "test_codes_k100"]),  # -k matches substrings
    (["--claim", "km5.ae_codes"], ["test_codes"]),
    (["--claim", "km4.pca2", "--claim", "km5.ae_codes_k100"],
     ["test_two_pcs[9]", "test_two_pcs[10]", "test_codes_k100"]),
], ids=["k-dotted-id", "k-or", "k-substring", "claim-exact", "claim-twice"])
def test_claim_id_selects_its_tests(pytester, monkeypatch, args, selected):
    # Check that the claim id, dots and all, is a -k keyword of its tests, and that --claim
    # selects exactly that id.
    suite = _suite(pytester, monkeypatch, SELECTED_CLAIMS)
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", "--collect-only", "-q", *args)
    assert [ln.split("::", 1)[1] for ln in result.outlines if ln.startswith("test_claims.py::")] == selected


def test_an_undecided_claim_says_what_decides_it_until_it_is_decided(tmp_path):
    # Check that "decided by" shows on an inconclusive claim's card and matrix row, not on a decided one.
    claims = [_claim("inconclusive", decided_by="the gpu tier's 96x96 run"),
              _claim("holds", decided_by="a run that has since decided it")]
    page = _page(tmp_path, claims=claims)
    assert page.count("decided by: the gpu tier&#39;s 96x96 run") + page.count("decided by:</b> the gpu tier&#39;s") == 2
    assert "a run that has since decided it" not in page


def _records(path, run_commit, claims, wall=None):
    lines = [{"run": {"commit": run_commit, "date": "2026-11-29", "machine": "m", "backend": "tensorflow",
                      "precision": "bf16", "tiers": [], "wall_time_s": 0.0, "smoke": False, "seed": 0},
              "environment": {"python": "3.11"}}]
    lines += [{"claim": {"id": cid, "post": cid.split(".")[0], "statement": "s", "post_reported": {}, "decided_by": "",
                         "nodeid": f"t.py::test[{cid}]", "verdict": v, "reason": "", "tier": "slow", "setting": {},
                         "tolerance": "", "rationale": "", "measured": {}, "checks": {}, "preconditions": [],
                         "figures": [], "models": {}, "duration_s": 1.0}} for cid, v in claims]
    if wall is not None:
        lines.append({"end": {"wall_time_s": wall}})
    path.mkdir(parents=True, exist_ok=True)
    (path / "records.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    return path


def test_the_parts_of_a_run_render_as_one_report(tmp_path):
    # Check that `render PART1 PART2 --out DIR` merges a run made in parts: the later part's record of
    # a test replaces the earlier one, the last part's run line heads it, the wall times add up, and
    # the merged records.jsonl re-renders to the same claims.
    first = _records(tmp_path / "a", "aaa", [("km4.pca2", "holds"), ("km5.elbow", "error")], wall=100.0)
    second = _records(tmp_path / "b", "bbb", [("km5.elbow", "refuted")], wall=7.5)
    out = tmp_path / "merged"
    assert report.main(["render", str(first), str(second), "--out", str(out), "--references", ""]) == 0
    data = json.loads((out / "claims.json").read_text())
    assert sorted((c["id"], c["verdict"]) for c in data["claims"]) == [("km4.pca2", "holds"), ("km5.elbow", "refuted")]
    assert data["run"]["commit"] == "bbb" and data["run"]["wall_time_s"] == 107.5
    assert not data["run"].get("partial")
    again = tmp_path / "again"
    assert report.main(["render", str(out / "records.jsonl"), "--out", str(again), "--references", ""]) == 0
    assert json.loads((again / "claims.json").read_text())["claims"] == data["claims"]
    # a part that did not end leaves the merged run partial
    killed = _records(tmp_path / "c", "ccc", [("km4.pca3_k11", "holds")])
    assert report.main(["render", str(first), str(killed), "--out", str(tmp_path / "p"), "--references", ""]) == 0
    assert json.loads((tmp_path / "p" / "claims.json").read_text())["run"]["partial"] is True
    with pytest.raises(SystemExit):
        report.main(["render", str(first), str(second), "--references", ""])
