"""Backends: the engine trains on Keras-on-JAX too, and checkpoints travel between backends.

The suite itself runs on TensorFlow (the CPU default); JAX runs in a subprocess with
``KERAS_BACKEND=jax`` (a Keras process has one backend). Skipped where JAX is not installed
(``pip install -e ".[jax]"``).
"""

import importlib.util
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from vaecore.train import TrainConfig, build_model, encode
from tests.test_train import TINY, tiny_images

JAX_RUN = textwrap.dedent("""
    import json, sys
    import numpy as np
    sys.path.insert(0, {root!r})
    import keras
    from tests.test_train import TINY, tiny_images
    from vaecore.train import encode, train_or_load
    first = train_or_load(TINY, images=tiny_images(), quiet=True)
    again = train_or_load(TINY, images=tiny_images(), quiet=True)
    codes = encode(again.model, tiny_images(8, seed=1))
    np.save({out!r}, codes["mu"])
    print("RESULT", json.dumps({{"backend": keras.backend.backend(), "first_from_cache": first.from_cache,
                                 "again_from_cache": again.from_cache, "path": str(again.path),
                                 "meta_backend": again.meta["backend"],
                                 "history": first.history}}))
""")


@pytest.fixture(scope="module")
def jax_run(tmp_path_factory) -> tuple[dict, np.ndarray]:
    """One JAX subprocess for the module: it trains, reloads and encodes TINY (~30-60 s)."""
    if importlib.util.find_spec("jax") is None:
        pytest.skip("JAX is not installed (pip install -e \".[jax]\")")
    tmp_path = tmp_path_factory.mktemp("jax")
    out = tmp_path / "mu.npy"
    env = {**os.environ, "KERAS_BACKEND": "jax", "VAECLAIMS_CACHE": str(tmp_path / "cache"),
           "JAX_PLATFORMS": "cpu"}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    proc = subprocess.run([sys.executable, "-c", JAX_RUN.format(root=root, out=str(out))],
                          env=env, capture_output=True, text=True, timeout=300)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
    assert line is not None, proc.stderr[-3000:]
    return json.loads(line.removeprefix("RESULT ")), np.load(out)


def test_jax_trains_and_loads_a_small_vae_through_train_or_load(jax_run):
    # Check that KERAS_BACKEND=jax trains a VAE (total = reco + KL logged) and then loads it from the cache.
    result, mu = jax_run
    assert result["backend"] == result["meta_backend"] == "jax"
    assert not result["first_from_cache"] and result["again_from_cache"]
    h = result["history"]
    np.testing.assert_allclose(np.add(h["reco_loss"], h["kl_loss"]), h["total_loss"], rtol=1e-5)
    assert np.isfinite(mu).all()


def test_checkpoint_trained_with_jax_loads_under_tensorflow_with_the_same_encodings(jax_run):
    # Check that a .weights.h5 written on JAX loads into the TensorFlow model and encodes alike.
    result, mu_jax = jax_run
    model = build_model(TINY)
    model.load_weights(os.path.join(result["path"], "model.weights.h5"))
    mu_here = encode(model, tiny_images(8, seed=1))["mu"]
    np.testing.assert_allclose(mu_here, mu_jax, rtol=1e-4, atol=1e-5)


def test_backend_and_precision_key_the_cache():
    # Check that precision is part of the config key and the backend part of the key's code tag.
    import keras

    bf16 = TrainConfig(**{**TINY.__dict__, "precision": "mixed_bfloat16"})
    assert bf16.key != TINY.key and bf16.name.endswith("-bf16")
    from vaecore.checkpoints import config_key
    from vaecore.train import CODE_VERSION

    assert TINY.key == config_key(TINY, f"{CODE_VERSION}/{keras.backend.backend()}")
    assert TINY.key != config_key(TINY, f"{CODE_VERSION}/jax")


def test_bf16_keeps_latents_sampling_and_outputs_in_float32():
    # Check the mixed-precision split: bf16 convolutions, fp32 mu/logvar/z, sampling and x_hat.
    model = build_model(TrainConfig(**{**TINY.__dict__, "precision": "mixed_bfloat16"}))
    dtypes = {layer.name: layer.dtype_policy.compute_dtype for layer in model.encoder.layers + model.decoder.layers}
    assert dtypes["conv0"] == "bfloat16" and dtypes["deconv0"] == "bfloat16"
    assert dtypes["mu"] == dtypes["logvar"] == dtypes["x_hat"] == "float32"
    assert model.sampling.dtype_policy.compute_dtype == "float32"
    codes = encode(model, tiny_images(4))
    assert codes["mu"].dtype == codes["logvar"].dtype == codes["z"].dtype == np.float32
