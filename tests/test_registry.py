"""The registry of each tier's models: read from a settings module, listed with cache state and cost."""

import json
from pathlib import Path

import pytest

from tests.test_train import TINY
from vaecore import registry
from vaecore.errors import RegistryError
from vaecore.registry import Model, Registry, estimate_s, load, status
from vaecore.train import TrainConfig, _entry

ROOT = Path(__file__).resolve().parents[1]


def test_registry_drops_duplicates_and_carries_kept_epochs():
    # Check that a config listed twice is one model, in first-seen order, with its kept epochs.
    a, b = TrainConfig(epochs=2), TrainConfig(epochs=3)
    reg = Registry.of({"slow": (a, b, a)}, keep_epochs={b: (1,)})
    assert reg.models("slow") == (Model(a), Model(b, (1,)))
    with pytest.raises(RegistryError, match=r"tier='gpu' is not in <mapping>: it declares \['slow'\]"):
        reg.models("gpu")


@pytest.mark.parametrize("text, match", [
    (None, r"nowhere\.py: no such settings file"),
    ("X = 1\n", r"declares no TIER_MODELS"),
], ids=["missing-file", "no-tier-models"])
def test_load_names_the_settings_file_that_cannot_serve(tmp_path, text, match):
    # Check that an unusable settings module is reported by its path.
    path = tmp_path / "nowhere.py"
    if text is not None:
        path.write_text(text)
    with pytest.raises(RegistryError, match=match):
        load(str(path))


def test_estimate_is_epochs_times_images_over_the_reference_rate():
    # Check the worked values: 15 x 12,000 digits at 800/s = 225 s; 24 x 14,151 faces at 64x64 and
    # 700/s = 485 s; at 96x96 the rate falls by (64/96)^2.
    assert estimate_s(TrainConfig(n_train=12_000, epochs=15)) == pytest.approx(225)
    celeba = TrainConfig(dataset="celeba", image_size=64, epochs=24)
    assert estimate_s(celeba) == pytest.approx(485.18, abs=0.01)
    assert estimate_s(TrainConfig(dataset="celeba", image_size=96, epochs=24)) == pytest.approx(485.18 * 2.25, abs=0.1)


def test_status_reads_the_training_time_of_a_cached_entry_else_estimates():
    # Check that a stored meta.json's wall time is the cost, and that a missing entry is estimated.
    before = status(Model(TINY))
    assert not before.cached and not before.measured and before.seconds == pytest.approx(estimate_s(TINY))
    folder = _entry(TINY)[0]
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text(json.dumps({"wall_time_s": 12.5}))
    after = status(Model(TINY))
    assert after.cached and after.measured and after.seconds == 12.5
    assert "yes" in registry.table([Model(TINY)]) and "0:12" in registry.table([Model(TINY)])


@pytest.mark.parametrize("tier, reference", [("slow", "slow-cpu"), ("poststeps", "poststeps-cpu")])
def test_claims_settings_list_every_model_the_reference_run_used(tier, reference, monkeypatch):
    # Check that the tier lists of claims/settings.py hold each model the tier's reference run trained
    # (kept prefixes aside), so that a prefetch of the tier leaves the claims nothing to train.
    for var in ("VAECLAIMS_SEED", "VAECLAIMS_PRECISION"):
        monkeypatch.delenv(var, raising=False)
    listed = {m.name for m in load(str(ROOT / "claims" / "settings.py")).models(tier)}
    report = json.loads((ROOT / "results" / reference / "claims.json").read_text())
    used = {name for c in report["claims"] if c.get("tier") == tier for name in c.get("models", {})}
    assert used and used <= listed, sorted(used - listed)


def test_list_command_prints_name_key_cache_state_and_cost(tmp_path, capsys):
    # Check the CLI on a settings file of one tiny model.
    settings = tmp_path / "settings.py"
    settings.write_text("from tests.test_train import TINY\nTIER_MODELS = {'fast': (TINY,)}\n")
    assert registry.main(["list", "--tier", "fast", "--from", str(settings)]) == 0
    out = capsys.readouterr().out
    assert TINY.name in out and TINY.key in out and "(est.)" in out and "1 models, 1 to train" in out
    assert registry.main(["list", "--tier", "gpu", "--from", str(settings)]) == 2


def test_every_config_of_claims_settings_is_in_a_tier(monkeypatch):
    # Check that a model setting added to claims/settings.py (a TrainConfig at module level, or inside
    # its dicts) is listed in TIER_MODELS too, so that no tier's prefetch misses it.
    import importlib.util

    monkeypatch.delenv("VAECLAIMS_SEED", raising=False)
    spec = importlib.util.spec_from_file_location("_settings_for_test", ROOT / "claims" / "settings.py")
    settings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(settings)

    def configs(value):
        if isinstance(value, TrainConfig):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from configs(v)

    declared = {c for name, v in vars(settings).items() if name != "TIER_MODELS" for c in configs(v)}
    listed = {c for tier in settings.TIER_MODELS.values() for c in tier}
    assert declared <= listed, sorted(c.name for c in declared - listed)
