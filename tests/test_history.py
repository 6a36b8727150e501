"""Kept runs: compact per-commit copies of reports, a claim's verdict over them, and diffs against them."""

import json
from pathlib import Path

import pytest

from vaecore import history, report

# The 2026-11-29 post-steps run (commit b3fb906, schema version 2), frozen in tests/data: a rerun that replaces
# results/poststeps-cpu/claims.json does not move these tests.
REFERENCE = Path(__file__).resolve().parent / "data" / "claims-v2-poststeps-cpu-b3fb906.json"


def _run(tmp_path, commit, date, flip=None):
    """The poststeps reference as a run of ``commit`` on ``date``, with claim ``flip`` refuted."""
    data = json.loads(REFERENCE.read_text())
    data["run"].update(commit=commit, date=date)
    for c in data["claims"]:
        if c["id"] == flip:
            c["verdict"] = "refuted"
    path = tmp_path / commit / "nightly" / "claims.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data))
    return path


def test_compact_claim_keeps_the_verdict_and_scalar_measurements_only():
    # Check that figures, statements and nested values are left out and floats rounded.
    claim = {"id": "a.b", "nodeid": "t.py::test_x[slow-z2]", "tier": "slow", "verdict": "refuted",
             "statement": "long", "figures": [{"path": "f.png"}], "preconditions": [],
             "measured": {"peak": 16.25123, "ok": True, "n": 3, "curve": [1.0, 2.0], "rates": {"0.5": 0.1}}}
    assert history.compact_claim(claim) == {"id": "a.b", "nodeid": "t.py::test_x[slow-z2]", "param": "slow-z2",
                                            "tier": "slow", "verdict": "refuted",
                                            "measured": {"peak": 16.25, "ok": True, "n": 3}}


def test_kept_runs_are_filed_by_commit_and_shown_as_verdicts_over_time(tmp_path):
    # Check keep's path (<root>/<folder name>/<commit>.json) and the table of two runs, oldest first.
    root = tmp_path / "history"
    newer = history.keep(_run(tmp_path, "bbbbbbbb22", "2026-12-02T02:00:00+00:00", flip="vae13.z_equals_mu"),
                         root=root)
    older = history.keep(_run(tmp_path, "aaaaaaaa11", "2026-12-01T02:00:00+00:00"), root=root)
    assert older == root / "nightly" / "aaaaaaaa11.json" and newer.name == "bbbbbbbb22.json"
    assert "figures" not in older.read_text() and history.last("nightly", root) == newer
    lines = history.table("nightly", root, claim="vae13.z_equals_mu").splitlines()
    assert lines[1].split()[-2:] == ["aaaaaaaa", "bbbbbbbb"]
    assert lines[2].split() == ["vae13.z_equals_mu", "[poststeps-celeba64]", "holds", "refuted"]


def test_diff_against_the_last_kept_run_exits_1_on_a_flip(tmp_path, capsys):
    # Check the nightly's comparison: a kept run read as OLD, a full report as NEW.
    root = tmp_path / "history"
    history.keep(_run(tmp_path, "aaaaaaaa11", "2026-12-01T02:00:00+00:00"), root=root)
    assert report.main(["history", "--last", "--name", "nightly", "--root", str(root)]) == 0
    last = capsys.readouterr().out.strip()
    flipped = _run(tmp_path, "bbbbbbbb22", "2026-12-02T02:00:00+00:00", flip="vae13.z_equals_mu")
    assert report.main(["diff", last, str(flipped)]) == 1
    assert "FLIP vae13.z_equals_mu: holds -> refuted" in capsys.readouterr().out
    assert report.main(["diff", last, last]) == 0


def test_no_kept_run_is_named_with_the_command_that_keeps_one(tmp_path):
    # Check the message of --last on an empty history.
    with pytest.raises(ValueError, match=r"no kept run \(python -m vaecore.report history"):
        history.last("gpu-nightly", tmp_path)
