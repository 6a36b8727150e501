"""Verdict changes between two claims reports: vaecore.diff and ``python -m vaecore.report diff``."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from vaecore.diff import Change, baseline_of, diff, format_change, shorten, summary
from vaecore.report import SCHEMA_VERSION, load_references, main, read_report, schema, validate

ROOT = Path(__file__).resolve().parents[1]
# Frozen copies of committed reports (tests/data), so that a new run in results/ does not move these tests:
# the 2026-11-21 slow reference run (commit d38f8eb, schema version 1, results/slow-cpu/claims.json of c09e773)
# and the 2026-11-29 post-steps run (commit b3fb906, schema version 2, results/poststeps-cpu/claims.json of 5510856).
SLOW_CPU = ROOT / "tests" / "data" / "claims-v1-slow-cpu-d38f8eb.json"
POSTSTEPS_CPU = ROOT / "tests" / "data" / "claims-v2-poststeps-cpu-b3fb906.json"
# The committed runs as they are now, whatever their schema version.
COMMITTED = sorted(ROOT.glob("results/*/claims.json"))


def _claim(verdict, name="test_a", **extra):
    return {"id": "demo.a", "post": "demo", "statement": "A claim.", "post_reported": {}, "measured": {"x": 1.0},
            "tolerance": "", "rationale": "", "setting": {}, "tier": "fast", "verdict": verdict, "reason": "",
            "preconditions": [], "duration_s": 0.1, "figures": [], "nodeid": f"claims/test_demo.py::{name}",
            **extra}


def _report(*claims):
    run = {"commit": "abc", "date": "2026-11-20T10:00:00+00:00", "machine": "Linux, 2 CPUs", "backend": "tensorflow",
           "precision": "float32", "tiers": ["fast"], "wall_time_s": 1.0, "smoke": False}
    return {"schema_version": SCHEMA_VERSION, "run": run, "environment": {}, "claims": list(claims)}


FLIPS = [("holds", "refuted", True), ("refuted", "holds", True), ("holds", "error", True),
         ("refuted", "error", True), ("holds", "inconclusive", False), ("inconclusive", "refuted", False),
         ("holds", "skipped", False), ("skipped", "holds", False), ("error", "holds", False),
         ("smoke", "holds", False), ("holds", None, False), (None, "refuted", False)]


@pytest.mark.parametrize("before, after, flipped", FLIPS, ids=[f"{a}-{b}" for a, b, _ in FLIPS])
def test_change_is_a_flip_only_between_decided_verdicts_or_into_error(before, after, flipped):
    # Check which verdict changes count as a decided flip (None: the claim is absent from that report).
    old = _report(*([_claim(before)] if before else []))
    new = _report(*([_claim(after)] if after else []))
    [change] = diff(old, new)
    assert (change.before, change.after, change.flipped) == (before, after, flipped)


def test_diff_matches_claim_tests_by_nodeid_and_falls_back_to_the_id():
    # Check that two tests of one claim id are told apart by nodeid, unchanged ones are not
    # listed, and records without a nodeid are matched by id.
    old = _report(_claim("holds", "test_a[k9]"), _claim("holds", "test_a[k10]"))
    new = _report(_claim("holds", "test_a[k9]"), _claim("refuted", "test_a[k10]", measured={"x": 2.0}))
    test = "claims/test_demo.py::test_a[k10]"
    assert diff(old, new) == [Change(test, "demo.a", test, "holds", "refuted", "x=1", "x=2")]
    bare_old, bare_new = _report(_claim("holds", nodeid=None)), _report(_claim("refuted", nodeid=None))
    assert [c.key for c in diff(bare_old, bare_new)] == ["demo.a"]
    assert diff(old, old) == []


def test_format_change_shows_the_test_and_the_values_that_moved_first():
    # Check the printed lines: FLIP mark, the test, the measured values with the changed one first.
    old = _report(_claim("holds", measured={"a": 1.0, "b": 0.5}))
    new = _report(_claim("refuted", measured={"a": 1.0, "b": 0.25}))
    assert format_change(diff(old, new)[0]).splitlines() == [
        "FLIP demo.a: holds -> refuted", "    test:   test_a", "    before: b=0.5, a=1", "    after:  b=0.25, a=1"]


def test_shorten_cuts_long_measured_values():
    # Check that a long measured dict is cut at the width with an ellipsis.
    text = shorten({f"v{i}": i / 7 for i in range(50)}, width=40)
    assert len(text) == 40 and text.endswith("...") and text.startswith("v0=0, v1=0.1429")


def test_summary_counts_changes_and_flips():
    # Check the one-line summary, singular and plural.
    old, new = _report(_claim("holds"), _claim("holds", "t2")), _report(_claim("refuted"), _claim("skipped", "t2"))
    assert summary(diff(old, new)) == "2 verdicts changed, 1 decided verdict flipped"
    assert summary([]) == "no verdict changed"


def test_baseline_of_records_the_old_verdict():
    # Check the per-claim baseline entry written into claims.json under --claims-baseline.
    old = _report(_claim("holds"))
    assert baseline_of(_claim("refuted"), old) == {"verdict": "holds", "changed": True, "flipped": True}
    assert baseline_of(_claim("holds"), old) == {"verdict": "holds", "changed": False, "flipped": False}
    assert baseline_of(_claim("holds", "new_test"), old) == {"verdict": None, "changed": True, "flipped": False}


# --- the command line, on a copy of the 2026-11-21 slow reference run -----------------------------

def _cli(*args):
    return subprocess.run([sys.executable, "-m", "vaecore.report", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def _planted(tmp_path, verdicts: dict) -> Path:
    """A copy of the 2026-11-21 slow reference run (SLOW_CPU) with some claims' verdicts replaced (index -> verdict)."""
    data = json.loads(SLOW_CPU.read_text())
    for i, verdict in verdicts.items():
        data["claims"][i]["verdict"] = verdict
    path = tmp_path / "claims.json"
    path.write_text(json.dumps(data))
    return path


def test_cli_diff_exits_1_naming_a_planted_flip(tmp_path):
    # Check that a holds -> refuted planted into a copy of the reference is listed as a FLIP with
    # its claim id and test, and the command exits 1.
    data = json.loads(SLOW_CPU.read_text())
    i = next(i for i, c in enumerate(data["claims"]) if c["verdict"] == "holds")
    done = _cli("diff", SLOW_CPU, _planted(tmp_path, {i: "refuted"}))
    assert done.returncode == 1, done.stderr
    claim = data["claims"][i]
    assert f"FLIP {claim['id']}: holds -> refuted" in done.stdout
    assert claim["nodeid"].split("::", 1)[1] in done.stdout
    assert done.stdout.rstrip().endswith("1 verdict changed, 1 decided verdict flipped")


def test_cli_diff_exits_0_when_only_inconclusive_or_skipped_changed(tmp_path):
    # Check that changes into inconclusive and skipped are listed but do not fail.
    data = json.loads(SLOW_CPU.read_text())
    holds = [i for i, c in enumerate(data["claims"]) if c["verdict"] == "holds"][:2]
    new = _planted(tmp_path, {holds[0]: "inconclusive", holds[1]: "skipped"})
    assert main(["diff", str(SLOW_CPU), str(new)]) == 0
    done = _cli("diff", SLOW_CPU, new)
    assert done.returncode == 0 and "holds -> inconclusive" in done.stdout and "holds -> skipped" in done.stdout
    assert "FLIP" not in done.stdout


def test_cli_diff_exits_2_naming_an_unreadable_file(tmp_path, capsys):
    # Check that a missing or broken report is an error naming the file, not a verdict change.
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"run": {}, "environment": {}, "claims": []}))
    assert main(["diff", str(SLOW_CPU), str(broken)]) == 2
    assert f"{broken}: run: field 'commit' is missing" in capsys.readouterr().err
    assert main(["diff", str(SLOW_CPU), str(tmp_path / "nowhere.json")]) == 2


# --- schema versions ------------------------------------------------------------------------------

def test_version_1_files_read_in_load_references_and_diff(tmp_path):
    # Check that a report without schema_version (version 1, like the 2026-11-21 slow reference run)
    # passes the schema, loads as a reference and diffs against a version-2 report.
    v1 = json.loads(SLOW_CPU.read_text())
    assert "schema_version" not in v1  # the frozen 2026-11-21 slow reference is a version-1 file
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "claims.json").write_text(json.dumps(v1))
    assert list(load_references(tmp_path)) == ["old"]
    v2 = {**copy.deepcopy(v1), "schema_version": 2}
    (tmp_path / "new.json").write_text(json.dumps(v2))
    assert diff(read_report(tmp_path / "old" / "claims.json"), read_report(tmp_path / "new.json")) == []


def test_version_1_and_2_reports_read_render_and_diff(tmp_path):
    # Check that reports of older versions (the frozen copies of the 2026-11-21 slow reference, version 1,
    # and of the 2026-11-29 post-steps run, version 2; their preconditions without "needed") still validate,
    # render to a page without "not needed", read their preconditions back as needed ones, and diff from
    # the command line (exit 0 or 1, not 2).
    from vaecore.convergence import Precondition
    from vaecore.report import render_html

    for path, version in ((SLOW_CPU, None), (POSTSTEPS_CPU, 2)):
        data = read_report(path)
        assert data.get("schema_version") == version
        records = [p for c in data["claims"] for p in c["preconditions"]]
        assert records and not any("needed" in p for p in records)
        assert all(Precondition.from_dict(p).needed for p in records)
        page = render_html(data, path.parent)
        assert "NOT MET" in page and "not needed" not in page
    assert main(["diff", str(SLOW_CPU), str(POSTSTEPS_CPU)]) in (0, 1)
    assert main(["diff", str(POSTSTEPS_CPU), str(POSTSTEPS_CPU)]) == 0


@pytest.mark.parametrize("path", COMMITTED, ids=[p.parent.name for p in COMMITTED])
def test_committed_reports_read_render_and_diff_whatever_their_version(path):
    # Check that every committed run (results/*/claims.json, of any schema version this code reads) validates,
    # renders to a page, diffs against itself without a change (exit 0) and against the frozen 2026-11-21
    # slow reference without an error (exit 0 or 1, not 2).
    from vaecore.report import render_html

    data = read_report(path)
    assert data.get("schema_version", 1) <= SCHEMA_VERSION
    validate(data, path)
    assert "<html" in render_html(data, path.parent).lower()
    assert main(["diff", str(path), str(path)]) == 0
    assert main(["diff", str(SLOW_CPU), str(path)]) in (0, 1)


def test_a_newer_schema_version_is_refused_naming_the_field(tmp_path):
    # Check that a version this code does not know is an error naming the file and the field.
    path = tmp_path / "claims.json"
    path.write_text(json.dumps({**_report(), "schema_version": SCHEMA_VERSION + 1}))
    with pytest.raises(ValueError, match=rf"claims.json: top level: field 'schema_version' is {SCHEMA_VERSION + 1}"):
        read_report(path)


def test_schema_is_valid_and_allows_extra_fields_on_claims():
    # Check that the published schema is a valid JSON Schema whose version matches the code's, and
    # that claim records may carry fields it does not list (say "checks", "expect").
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(schema())
    assert schema()["properties"]["schema_version"]["maximum"] == SCHEMA_VERSION
    data = _report(_claim("holds", checks={"x <= 1": True}, expect="holds"))
    jsonschema.validate(data, schema())
    validate(data, "extra.json")


def test_schema_ships_as_package_data():
    # Check that pyproject.toml ships the schema file with the package.
    assert '"schemas/*.json"' in (ROOT / "pyproject.toml").read_text()
    assert (ROOT / "vaecore" / "schemas" / "claims.schema.json").is_file()


def test_runs_on_other_seeds_match_test_by_test():
    # Check that a model name's seed in a test parameter does not split one test in two, so a
    # --claims-seed run diffs against seed 0 claim by claim (and shows the newer run's test).
    def report(seed, verdict):
        return {"claims": [{"id": "curse1.x", "verdict": verdict, "measured": {},
                            "nodeid": f"claims/test_curse1.py::test_x[fast-mnist28-ae-z16-bce-e15-s{seed}-bf16]"}]}
    [change] = diff(report(0, "holds"), report(1, "inconclusive"))
    assert (change.before, change.after) == ("holds", "inconclusive") and "-s1-" in change.test
    assert diff(report(0, "holds"), report(2, "holds")) == []
