"""Run-to-run spreads from seed reports (vaecore.spreads): what one-seed comparisons are judged against."""

import json

import pytest

from vaecore import spreads


def _report(seed, x, verdict="holds"):
    return {"run": {"seed": seed}, "claims": [
        {"id": "vae13.vae_loss_close", "nodeid": "claims/test_vae13.py::test_gap[fast-mnist]", "verdict": verdict,
         "measured": {"relative_gap_test": x, "history": [1, 2], "ok": True}}]}


KEY = "vae13.vae_loss_close[fast-mnist]/relative_gap_test"


def test_spreads_keep_each_seeds_value_and_the_sd_of_one_run():
    # Check by hand: -0.010, -0.016, -0.012, -0.020 have mean -0.0145, range 0.010 and SD (ddof 1)
    # sqrt((0.0045^2 + 0.0015^2 + 0.0025^2 + 0.0055^2) / 3) = 0.004435.
    data = spreads.collect([_report(s, x) for s, x in enumerate([-0.010, -0.016, -0.012, -0.020])])
    q = data["quantities"][KEY]
    assert data["seeds"] == [0, 1, 2, 3] and q["values"] == [-0.010, -0.016, -0.012, -0.020]
    assert q["spread"] == pytest.approx(0.010)
    assert spreads.Spreads(data).sd(KEY) == pytest.approx(0.004435, abs=1e-6)
    assert spreads.Spreads(data).sd(KEY, combine=abs) == pytest.approx(0.004435, abs=1e-6)
    assert set(data["quantities"]) == {KEY}  # lists and booleans are not scalars to spread


def test_sd_of_several_quantities_needs_their_per_seed_combination():
    # Check that two quantities are not silently read as one: a combination per seed is asked for.
    data = spreads.collect([_report(s, x) for s, x in enumerate([0.1, 0.2, 0.3])])
    with pytest.raises(ValueError, match="combine="):
        spreads.Spreads(data).sd(KEY, KEY)


def test_fewer_than_three_seeds_or_an_unrun_claim_give_no_spread():
    two = spreads.collect([_report(0, 0.1), _report(1, 0.2), _report(2, 0.3, verdict="skipped")])
    assert spreads.Spreads(two).sd(KEY) is None
    assert "not measured" in spreads.Spreads(two).describe(KEY)
    assert spreads.Spreads({}).sd(KEY) is None


def test_the_command_writes_what_load_reads(tmp_path):
    paths = []
    for s, x in enumerate([0.1, 0.3, 0.2]):
        paths.append(tmp_path / f"seed{s}.json")
        paths[-1].write_text(json.dumps(_report(s, x)))
    assert spreads.main(["--out", str(tmp_path / "fast-mnist.json"), *map(str, paths)]) == 0
    loaded = spreads.load("fast-mnist", folder=tmp_path)
    assert loaded.sd(KEY) == pytest.approx(0.1)
    assert spreads.load("absent", folder=tmp_path).sd(KEY) is None
