"""The training engine: cache hit/miss, corrupt entries, locking, determinism, sampling."""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from vaecore.models import ConvNet
from vaecore.train import CacheWarning, TrainConfig, encode, is_cached, train_or_load

TINY_NET = ConvNet(filters=(4, 8), kernels=(3, 3), strides=(2, 2))
TINY = TrainConfig(dataset="mnist", n_train=64, image_size=8, net=TINY_NET, kind="vae", fact=1.0,
                   z_dim=3, epochs=2, batch_size=16, seed=3)


def tiny_images(n=64, seed=0):
    return np.random.default_rng(seed).uniform(size=(n, 8, 8, 1)).astype("float32")


def test_cache_miss_trains_then_hit_loads_the_same_weights():
    # Check that the second call loads from the cache and encodes identically.
    first = train_or_load(TINY, images=tiny_images(), quiet=True)
    second = train_or_load(TINY, images=tiny_images(), quiet=True)
    assert not first.from_cache and second.from_cache
    assert second.history == first.history
    x = tiny_images(8, seed=1)
    np.testing.assert_array_equal(encode(first.model, x)["mu"], encode(second.model, x)["mu"])


def test_config_change_is_a_cache_miss():
    # Check that any field of the config keys the cache.
    train_or_load(TINY, images=tiny_images(), quiet=True)
    other = TrainConfig(**{**TINY.__dict__, "learning_rate": 1e-3})
    assert other.key != TINY.key
    assert not train_or_load(other, images=tiny_images(), quiet=True).from_cache


@pytest.mark.parametrize("damage", ["truncate_weights", "garble_meta", "drop_weights"])
def test_corrupt_entry_is_reported_and_retrained(damage):
    # Check that a damaged entry is never loaded: a CacheWarning, then a fresh training.
    entry = train_or_load(TINY, images=tiny_images(), quiet=True).path
    weights, meta = entry / "model.weights.h5", entry / "meta.json"
    if damage == "truncate_weights":
        weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])
    elif damage == "garble_meta":
        meta.write_text("{not json")
    else:
        weights.unlink()
    with pytest.warns(CacheWarning, match="retraining"):
        again = train_or_load(TINY, images=tiny_images(), quiet=True)
    assert not again.from_cache
    assert json.loads(meta.read_text())["weights_sha256"]


def test_same_config_gives_same_weights(tmp_path, monkeypatch):
    # Check determinism on CPU: two cold trainings in separate caches give identical weights.
    first = train_or_load(TINY, images=tiny_images(), quiet=True)
    monkeypatch.setenv("VAECLAIMS_CACHE", str(tmp_path / "other-cache"))
    second = train_or_load(TINY, images=tiny_images(), quiet=True)
    assert not second.from_cache
    for a, b in zip(first.model.weights, second.model.weights):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def test_two_processes_train_once(tmp_path):
    # Check that the file lock lets one of two parallel workers train; the other loads.
    script = textwrap.dedent(f"""
        import sys, numpy as np
        sys.path.insert(0, {os.getcwd()!r})
        from tests.test_train import TINY, tiny_images
        from vaecore.train import train_or_load
        print("FROM_CACHE", train_or_load(TINY, images=tiny_images(), quiet=True).from_cache)
    """)
    env = {**os.environ, "VAECLAIMS_CACHE": str(tmp_path / "shared"), "TF_CPP_MIN_LOG_LEVEL": "3"}
    procs = [subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    flags = sorted(line.split()[-1] for out in outputs for line in out.splitlines() if "FROM_CACHE" in line)
    assert flags == ["False", "True"]


def test_trackers_are_consistent_total_equals_reco_plus_kl():
    # Check that the logged epoch means satisfy total = reco + KL for every epoch.
    history = train_or_load(TINY, images=tiny_images(), quiet=True).history
    assert set(history) == {"total_loss", "reco_loss", "kl_loss"}
    np.testing.assert_allclose(history["total_loss"], np.add(history["reco_loss"], history["kl_loss"]),
                               rtol=1e-5)
    assert all(kl > 0 for kl in history["kl_loss"])


def test_progress_lines_name_the_model_and_epoch(capsys):
    # Check the per-epoch progress output (and that quiet=True silences it).
    train_or_load(TINY, images=tiny_images(), quiet=False)
    err = capsys.readouterr().err
    assert f"{TINY.name}: epoch 2/2" in err and "total_loss=" in err


def test_eps_clip_bounds_every_component():
    # Check that |eps| <= clip element-wise: with mu = 0 and logvar = 0, |z| <= clip.
    from vaecore.sampling import Sampling

    zeros = np.zeros((20_000, 8), "float32")
    clipped = np.asarray(Sampling(eps_clip=0.5, seed=1)([zeros, zeros]))
    free = np.asarray(Sampling(seed=1)([zeros, zeros]))
    assert np.abs(clipped).max() <= 0.5 and np.abs(free).max() > 0.5
    with pytest.raises(ValueError, match="eps_clip=-1"):
        Sampling(eps_clip=-1)


def test_eps_switch_takes_effect_in_compiled_predict_without_recompiling():
    # Check that set_eps_scale(0) after the first predict() makes z == mu at once.
    import keras

    from vaecore.sampling import Sampling

    mu_in, logvar_in = keras.Input((4,)), keras.Input((4,))
    sampling = Sampling(seed=2)
    model = keras.Model([mu_in, logvar_in], sampling([mu_in, logvar_in]))
    mu = np.random.default_rng(0).normal(size=(32, 4)).astype("float32")
    logvar = np.zeros_like(mu)
    assert not np.allclose(model.predict([mu, logvar], verbose=0), mu)
    sampling.set_eps_scale(0.0)
    np.testing.assert_array_equal(model.predict([mu, logvar], verbose=0), mu)
    sampling.set_eps_scale(1.0)
    assert not np.allclose(model.predict([mu, logvar], verbose=0), mu)


def test_config_rejects_kl_settings_for_an_ae():
    # Check that an AE config with a KL weight is refused with both values named.
    with pytest.raises(ValueError, match="fact=0.1"):
        TrainConfig(kind="ae", fact=0.1)


def test_eval_n_records_common_test_scores_per_epoch():
    # Check that eval_n adds per-epoch PSNR/BCE/MSE of held-out images to the cached history.
    config = TrainConfig(**{**TINY.__dict__, "eval_n": 16})
    first = train_or_load(config, images=tiny_images(), eval_images=tiny_images(16, seed=5), quiet=True)
    for key in ("test_psnr_db", "test_bce_per_pixel", "test_mse_per_pixel"):
        assert len(first.history[key]) == config.epochs
    assert train_or_load(config, quiet=True).history == first.history


def test_eval_n_does_not_change_what_is_trained():
    # Check that scoring test images each epoch leaves the VAE's weights bit-identical.
    plain = train_or_load(TINY, images=tiny_images(), quiet=True)
    scored = train_or_load(TrainConfig(**{**TINY.__dict__, "eval_n": 16}), images=tiny_images(),
                           eval_images=tiny_images(16, seed=5), quiet=True)
    for a, b in zip(plain.model.weights, scored.model.weights):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def test_kept_epochs_are_exactly_the_shorter_run(tmp_path, monkeypatch):
    # Check that a 3-epoch run keeping epoch 2 caches what a cold 2-epoch run trains, bit for
    # bit (weights and optimizer state; the history to float32 precision): the shuffling, the
    # VAE's eps stream and Adam do not depend on how many epochs follow.
    three = TrainConfig(**{**TINY.__dict__, "epochs": 3, "eval_n": 16})
    data = dict(images=tiny_images(), eval_images=tiny_images(16, seed=5), quiet=True)
    train_or_load(three, keep_epochs=(2, 3), **data)
    assert is_cached(three.prefix(2)) and not is_cached(three.prefix(1))
    kept = train_or_load(three.prefix(2), quiet=True)
    assert kept.from_cache and kept.meta["kept_from"].startswith(three.name)
    monkeypatch.setenv("VAECLAIMS_CACHE", str(tmp_path / "other-cache"))
    direct = train_or_load(three.prefix(2), **data)
    assert not direct.from_cache
    for a, b in zip(kept.model.weights + kept.model.optimizer.variables,
                    direct.model.weights + direct.model.optimizer.variables):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    # The logged float32 epoch means may differ in the last bit from run to run of one config
    # (seen for total_loss in 2 of 4 full unit-test runs, kept and direct alike; the weights
    # never differed), so the history is compared to float32 precision.
    assert kept.history.keys() == direct.history.keys()
    for key in kept.history:
        np.testing.assert_allclose(kept.history[key], direct.history[key], rtol=1e-6, err_msg=key)


def test_prefix_is_the_same_setting_with_fewer_epochs():
    assert TINY.prefix(1) == TrainConfig(**{**TINY.__dict__, "epochs": 1})
    assert TINY.prefix(TINY.epochs) == TINY
    for bad in (0, TINY.epochs + 1):
        with pytest.raises(ValueError, match="epochs"):
            TINY.prefix(bad)


# --- resuming an interrupted run -------------------------------------------------------------------

FOUR = TrainConfig(**{**TINY.__dict__, "epochs": 4, "eval_n": 16})
_RUN_FOUR = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {repo!r})
    from tests.test_train import FOUR, tiny_images
    import vaecore.train as train

    die_after = int(sys.argv[1])
    if die_after:  # the machine goes away right after the state of epoch `die_after` is kept
        keep_state = train.save_partial

        def save_then_die(folder, identity, model, progress):
            keep_state(folder, identity, model, progress)
            if progress["epoch"] == die_after:
                os.kill(os.getpid(), signal.SIGKILL)

        train.save_partial = save_then_die
    run = train.train_or_load(FOUR, images=tiny_images(), eval_images=tiny_images(16, seed=5))
    print("RESUMED_AT", run.meta["resumed_at"], "SHA", run.meta["weights_sha256"])
""")


def _run_four(cache, die_after=0):
    env = {**os.environ, "VAECLAIMS_CACHE": str(cache), "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.run([sys.executable, "-c", _RUN_FOUR.format(repo=os.getcwd()), str(die_after)],
                          env=env, capture_output=True, text=True, timeout=300)


def _trained_epochs(stderr: str) -> list[int]:
    return [int(line.split("epoch ")[1].split("/")[0]) for line in stderr.splitlines()
            if f"{FOUR.name}: epoch " in line]


def test_a_killed_run_resumes_after_its_last_epoch_and_ends_bit_identical(tmp_path):
    # Check the resume promise: a 4-epoch run killed (SIGKILL) after epoch 2, rerun, trains only
    # epochs 3-4, says so, and stores the weights file (sha256) of an uninterrupted run.
    killed = _run_four(tmp_path / "cache", die_after=2)
    assert killed.returncode == -9 and _trained_epochs(killed.stderr) == [1, 2]
    resumed = _run_four(tmp_path / "cache")
    assert resumed.returncode == 0, resumed.stderr
    assert "resumed at epoch 2 of 4" in resumed.stderr and _trained_epochs(resumed.stderr) == [3, 4]
    whole = _run_four(tmp_path / "other-cache")
    assert whole.returncode == 0 and _trained_epochs(whole.stderr) == [1, 2, 3, 4]
    assert resumed.stdout.split("SHA")[1] == whole.stdout.split("SHA")[1]
    assert "RESUMED_AT [2]" in resumed.stdout and "RESUMED_AT []" in whole.stdout
    assert not list((tmp_path / "cache" / "models").glob("*.partial"))  # removed once the entry is stored


def test_a_corrupt_partial_state_is_reported_and_discarded(tmp_path):
    # Check that a truncated partial checkpoint is never resumed from: a CacheWarning, then
    # training from scratch to the uninterrupted run's weights.
    cache = tmp_path / "cache"
    assert _run_four(cache, die_after=3).returncode == -9
    (part,) = (cache / "models").glob("*.partial")
    (weights,) = part.glob("epoch-3.weights.h5")
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])
    again = _run_four(cache)
    assert "CacheWarning" in again.stderr and "discarded" in again.stderr
    assert _trained_epochs(again.stderr) == [1, 2, 3, 4] and "RESUMED_AT []" in again.stdout
    assert again.stdout.split("SHA")[1] == _run_four(tmp_path / "other-cache").stdout.split("SHA")[1]
    assert not part.exists()


def test_a_longer_run_continues_from_the_cached_shorter_one(tmp_path, monkeypatch):
    # Check that the 4-epoch config starts from the cached 2-epoch run of the same setting and ends
    # where a 4-epoch run from scratch ends.
    monkeypatch.setenv("VAECLAIMS_CACHE", str(tmp_path / "cache"))
    data = dict(images=tiny_images(), eval_images=tiny_images(16, seed=5), quiet=True)
    short = train_or_load(FOUR.prefix(2), **data)
    longer = train_or_load(FOUR, **data)
    assert longer.meta["resumed_from"] == short.path.name and longer.meta["resumed_at"] == [2]
    assert longer.history["total_loss"][:2] == short.history["total_loss"]
    monkeypatch.setenv("VAECLAIMS_CACHE", str(tmp_path / "other-cache"))
    whole = train_or_load(FOUR, **data)
    assert whole.meta["resumed_at"] == []
    # Compared variable by variable: the .h5 file names layers by how many models this process
    # built before, so its sha256 is compared between fresh processes only (the test above).
    for a, b in zip(longer.model.variables + longer.model.optimizer.variables,
                    whole.model.variables + whole.model.optimizer.variables):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b), err_msg=a.path)


# --- a run's optimizer steps and test losses ----------------------------------------------------

from vaecore.train import Trained, evaluate_losses  # noqa: E402


@pytest.mark.parametrize("n_config, meta, batch, epochs, steps", [
    (12_000, {}, 128, 15, 94 * 15),                       # vae13's fast tier: 1,410 steps
    (None, {"n_train": 14_151}, 128, 24, 111 * 24),       # our CelebA subset: 111 batches an epoch
    (256, {}, 128, 3, 2 * 3),                             # whole batches only
    (12_000, {"n_train": 100}, 16, 2, 7 * 2),             # the run's own count beats the config's
], ids=["mnist-fast", "celeba-meta", "exact", "meta-first"])
def test_trained_steps_counts_batches_per_epoch_times_epochs(n_config, meta, batch, epochs, steps):
    # Check steps = ceil(n_train / batch_size) x epochs, a partial last batch counted.
    config = TrainConfig(dataset="mnist", n_train=n_config, batch_size=batch, epochs=epochs)
    assert Trained(model=None, config=config, meta=meta).steps == steps


def test_evaluate_losses_are_floats_whose_total_is_reco_plus_kl():
    # Check the named test losses of a tiny VAE: floats, total = reco + KL.
    run = train_or_load(TINY, images=tiny_images(), quiet=True)
    losses = evaluate_losses(run.model, tiny_images(32, seed=2))
    assert {"total_loss", "reco_loss", "kl_loss"} <= set(losses)
    assert all(isinstance(v, float) for v in losses.values())
    assert losses["total_loss"] == pytest.approx(losses["reco_loss"] + losses["kl_loss"], rel=1e-4)
