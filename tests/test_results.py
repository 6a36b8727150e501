"""The committed reference runs (results/<name>/claims.json) and the JSON contract they follow."""

import copy
import json
from pathlib import Path

import pytest

from vaecore.report import load_references, tiers_run, validate

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(ROOT.glob("results/**/claims.json"))

RUN = {"commit": "0123456789abcdef", "date": "2026-11-20T10:00:00+00:00", "machine": "Linux, 16 CPUs",
       "backend": "tensorflow", "precision": "float32", "tiers": ["slow"], "wall_time_s": 5400.0,
       "smoke": False}
CLAIM = {"id": "vae3.kl_tiny", "post": "vae3", "statement": "Tiny KL gives a Gaussian latent.",
         "post_reported": {"radius_peak": 16.5}, "measured": {"radius_peak": 16.25}, "tolerance": "within 1",
         "rationale": "bins of 0.5", "setting": {"z_dim": 256}, "tier": "slow", "verdict": "holds",
         "reason": "", "preconditions": [{"name": "vae.converged", "met": True, "value": 0.001, "rule": "< 0.005"}],
         "duration_s": 12.5, "figures": [{"title": "radius histogram", "path": "figures/a.png"}],
         "nodeid": "claims/test_vae3.py::test_kl_tiny"}


def good_report() -> dict:
    return {"run": copy.deepcopy(RUN), "environment": {"python": "3.11"}, "claims": [copy.deepcopy(CLAIM)],
            "models": {"vae3.z256": {"wall_time_s": 300.0, "samples_per_s": 1500.0, "epochs": 20}}}


@pytest.mark.parametrize("path", FILES or [None], ids=[p.parent.name for p in FILES] or ["none-yet"])
def test_reference_run_follows_the_contract(path):
    # Check that every committed reference run passes validate, is no smoke run, and lists as
    # its tiers exactly those with a claim that was not skipped.
    if path is None:
        return  # no reference run committed yet
    data = json.loads(path.read_text())
    validate(data, path, reference=True)
    assert data["run"]["tiers"] == tiers_run(data["claims"])


def test_load_references_reads_every_committed_run():
    # Check that load_references finds the committed runs by folder name (none: an empty dict).
    assert sorted(load_references(ROOT / "results")) == sorted(p.parent.name for p in FILES)


def test_validate_accepts_a_good_report():
    # Check that a report following the contract passes, as a reference too.
    validate(good_report(), "good.json", reference=True)


def _set(path, value):
    def mutate(data):
        *parents, last = path
        for key in parents:
            data = data[key]
        data[last] = value
    return mutate


def _drop(path):
    def mutate(data):
        *parents, last = path
        for key in parents:
            data = data[key]
        del data[last]
    return mutate


BROKEN = {
    "no run": (_drop(["run"]), "top level: field 'run' is missing"),
    "claims not a list": (_set(["claims"], {}), "field 'claims'"),
    "run without commit": (_drop(["run", "commit"]), "run: field 'commit' is missing"),
    "tiers unknown": (_set(["run", "tiers"], ["tpu"]), "run: field 'tiers': 'tpu'"),
    "wall time as text": (_set(["run", "wall_time_s"], "5 min"), "run: field 'wall_time_s'"),
    "smoke as text": (_set(["run", "smoke"], "no"), "run: field 'smoke'"),
    "claim without id": (_drop(["claims", 0, "id"]), "claim #0: field 'id' is missing"),
    "no statement": (_drop(["claims", 0, "statement"]), "claim 'vae3.kl_tiny': field 'statement' is missing"),
    "verdict unknown": (_set(["claims", 0, "verdict"], "maybe"), "claim 'vae3.kl_tiny': field 'verdict': 'maybe'"),
    "tier unknown": (_set(["claims", 0, "tier"], "huge"), "claim 'vae3.kl_tiny': field 'tier'"),
    "measured a list": (_set(["claims", 0, "measured"], [1.0]), "claim 'vae3.kl_tiny': field 'measured'"),
    "duration a bool": (_set(["claims", 0, "duration_s"], True), "claim 'vae3.kl_tiny': field 'duration_s'"),
    "negative duration": (_set(["claims", 0, "duration_s"], -1.0), "field 'duration_s' is -1.0"),
    "no preconditions": (_drop(["claims", 0, "preconditions"]), "field 'preconditions' is missing"),
    "met as text": (_set(["claims", 0, "preconditions", 0, "met"], "yes"), "field 'preconditions'[0]: field 'met'"),
    "precondition without value": (_drop(["claims", 0, "preconditions", 0, "value"]),
                                   "field 'preconditions'[0]: field 'value' is missing"),
    "figure without path": (_drop(["claims", 0, "figures", 0, "path"]), "field 'figures'[0]: field 'path'"),
    "model epochs as float": (_set(["models", "vae3.z256", "epochs"], 20.5), "models: 'vae3.z256': field 'epochs'"),
}


@pytest.mark.parametrize("mutate, message", BROKEN.values(), ids=BROKEN.keys())
def test_validate_names_source_claim_and_field(mutate, message):
    # Check that each broken field raises ValueError naming the file, the claim and the field.
    data = good_report()
    mutate(data)
    with pytest.raises(ValueError, match="^results/x/claims.json: ") as err:
        validate(data, "results/x/claims.json")
    assert message in str(err.value)


def test_validate_refuses_a_smoke_run_as_reference():
    # Check that a smoke run is a valid report but not a valid reference run.
    data = good_report()
    data["run"]["smoke"] = True
    validate(data, "smoke.json")
    with pytest.raises(ValueError, match="smoke.json: run: field 'smoke' is true"):
        validate(data, "smoke.json", reference=True)


def test_load_references_names_the_broken_file(tmp_path):
    # Check that load_references validates: the error names the file and the claim.
    bad = good_report()
    bad["claims"][0]["verdict"] = "maybe"
    (tmp_path / "gpu-h100").mkdir()
    (tmp_path / "gpu-h100" / "claims.json").write_text(json.dumps(bad))
    with pytest.raises(ValueError, match=r"gpu-h100/claims.json: claim 'vae3.kl_tiny': field 'verdict'"):
        load_references(tmp_path)


def test_load_references_finds_a_relative_folder_and_tolerates_none(tmp_path, monkeypatch):
    # Check that a relative folder is looked up in the current directory, and that a missing
    # folder means no references.
    (tmp_path / "runs" / "slow-cpu").mkdir(parents=True)
    (tmp_path / "runs" / "slow-cpu" / "claims.json").write_text(json.dumps(good_report()))
    monkeypatch.chdir(tmp_path)
    assert list(load_references("runs")) == ["slow-cpu"]
    assert load_references(tmp_path / "nowhere") == {}
