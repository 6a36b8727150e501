"""vae14 — "Change of variational model parameters at inference time".

The post's setting, shrunk: a functional encoder ``x -> Dense(8) -> mu, logvar`` whose
sampling ``Lambda`` layer computes ``z = mu + exp(logvar / 2) * eps_factor * eps`` with
``eps_factor`` a plain Python attribute (1 for training, 0 to output mu at inference).
The encoder is compiled as in the post; ``predict`` runs on 64 fixed random vectors in two
batches of 32 (equal shapes, so no retracing by shape). Whether a change of the attribute
is *effective* is read off ``z - mu``: exactly 0 when the factor 0 is in force, of the order
of sigma = exp(logvar / 2) ~ 1 when eps is still scaled by 1.

Beside the post's recipe: ``vaecore.sampling.Sampling`` keeps the scale in a
non-trainable variable, so the switch needs none of the post's steps.

Claims about Keras on TensorFlow (its traced, cached predict function): run with the
TensorFlow backend only.
"""

import keras
import numpy as np
import pytest

from _recipes import AttributeSampler, encoder_tensors, tensorflow_only, vectors, versions
from settings import SEED

pytestmark = tensorflow_only()  # compiled predict functions of Keras on TensorFlow

STILL_SAMPLING = 0.1  # max |z - mu| above this: eps is still scaled by 1
EFFECT_TOLERANCE = (f"effective: max |z - mu| == 0 exactly; not effective: max |z - mu| > "
                    f"{STILL_SAMPLING}",
                    "factor 0 multiplies eps to an exact 0.0, while with factor 1 the largest of "
                    "128 values sigma*|eps| (sigma ~ 1) is ~2.5, never near 0.1")
REPORTED_SEQUENCE = "compile(); predict() with eps_factor = 1; eps_factor = 0; predict()"


def encoder(eps_factor: float = 1.0):
    """The compiled encoder ``x -> [mu, logvar, z]`` and the sampler holding ``eps_factor``."""
    keras.utils.set_random_seed(0)
    sampler = AttributeSampler(eps_factor=eps_factor, seed=SEED)
    inputs, mu, logvar, z = encoder_tensors(sampler)
    model = keras.Model(inputs, [mu, logvar, z], name="encoder")
    model.compile(optimizer="adam", loss=None)
    return model, sampler


def max_z_minus_mu(model, through="predict") -> float:
    """max |z - mu| over the 64 vectors, via the compiled ``predict`` or an eager call."""
    x = vectors()
    if through == "predict":
        mu, _, z = model.predict(x, batch_size=32, verbose=0)
    else:
        mu, _, z = (np.asarray(t) for t in model(x))
    return float(np.abs(z - mu).max())


def _setting(claim, sequence, **extra):
    claim.setting(**versions(), sequence=sequence,
                  jit_compile="Keras default 'auto' (XLA on GPU only)",
                  model="functional encoder 16 -> Dense(8) -> mu, logvar (2) -> Lambda z; "
                        "compiled with Adam, loss=None",
                  data="64 fixed random vectors of 16 values (seed 0), predict batch size 32",
                  **extra)


@pytest.mark.fast
@pytest.mark.claim("vae14.cached_predict", reported={"effect_of_change_after_first_predict": False,
                                                     "cause": "the compiled predict function is cached"})
def test_attribute_change_after_first_predict_has_no_effect(claim):
    """Changing the eps_factor attribute after the first predict() has no effect: the
    compiled predict function is cached with the old value."""
    model, sampler = encoder(eps_factor=1.0)
    first = max_z_minus_mu(model)
    function = model.predict_function
    sampler.eps_factor = 0.0
    after = max_z_minus_mu(model)
    _setting(claim, REPORTED_SEQUENCE)
    claim.measure(max_z_minus_mu_first_predict=first, max_z_minus_mu_after_change=after,
                  same_predict_function=model.predict_function is function,
                  max_z_minus_mu_eager_call_after_change=max_z_minus_mu(model, through="call"))
    claim.tolerance(*EFFECT_TOLERANCE)
    assert first > STILL_SAMPLING
    assert after > STILL_SAMPLING


@pytest.mark.fast
@pytest.mark.claim("vae14.recompile_refreshes", reported={"effect_after_compile_again": True})
def test_compile_again_makes_the_new_attribute_effective(claim):
    """Calling compile() again after the change makes the new eps_factor effective."""
    model, sampler = encoder(eps_factor=1.0)
    first = max_z_minus_mu(model)
    sampler.eps_factor = 0.0
    stale = max_z_minus_mu(model)
    model.compile(optimizer="adam", loss=None)
    after = max_z_minus_mu(model)
    _setting(claim, REPORTED_SEQUENCE + "; compile() again; predict()")
    claim.measure(max_z_minus_mu_first_predict=first, max_z_minus_mu_before_recompile=stale,
                  max_z_minus_mu_after_recompile=after)
    claim.tolerance(*EFFECT_TOLERANCE)
    assert stale > STILL_SAMPLING
    assert after == 0.0


@pytest.mark.fast
@pytest.mark.claim("vae14.force_refreshes", reported={
    "effect_after_make_predict_function_force": True, "recompile_needed": False})
def test_make_predict_function_force_makes_it_effective_without_recompiling(claim):
    """make_predict_function(force=True) makes the new eps_factor effective without
    recompiling."""
    _setting(claim, REPORTED_SEQUENCE + "; make_predict_function(force=True); predict()")
    claim.tolerance(*EFFECT_TOLERANCE)
    model, sampler = encoder(eps_factor=1.0)
    first = max_z_minus_mu(model)
    function = model.predict_function
    sampler.eps_factor = 0.0
    has_method = callable(getattr(model, "make_predict_function", None))
    claim.measure(has_make_predict_function=has_method)
    assert has_method, f"keras {keras.__version__} models have no make_predict_function"
    model.make_predict_function(force=True)
    after = max_z_minus_mu(model)
    claim.measure(max_z_minus_mu_first_predict=first, max_z_minus_mu_after_force=after,
                  new_predict_function=model.predict_function is not function)
    assert first > STILL_SAMPLING
    assert after == 0.0


@pytest.mark.fast
@pytest.mark.claim("vae14.before_first_predict", reported={"effect_of_change_before_first_predict": True})
def test_attribute_change_before_first_predict_is_effective(claim):
    """A change of eps_factor made before the first predict() is effective without
    recompiling or rebuilding the predict function."""
    model, sampler = encoder(eps_factor=1.0)
    sampler.eps_factor = 0.0
    first = max_z_minus_mu(model)
    _setting(claim, "compile() with eps_factor = 1; eps_factor = 0; first predict()")
    claim.measure(max_z_minus_mu_first_predict=first)
    claim.tolerance(*EFFECT_TOLERANCE)
    assert first == 0.0


@pytest.mark.fast
@pytest.mark.claim("vae14.zero_factor_gives_mu", reported={"z_equals_mu": "exactly"})
def test_zero_factor_gives_z_equal_to_mu(claim):
    """With eps_factor = 0 the encoder's z output equals mu exactly."""
    model, _ = encoder(eps_factor=0.0)
    mu, logvar, z = model.predict(vectors(), batch_size=32, verbose=0)
    _setting(claim, "eps_factor = 0 from the start; predict()")
    claim.measure(max_abs_z_minus_mu=np.abs(z - mu).max(), components=z.size,
                  components_differing=int((z != mu).sum()),
                  logvar_range=[float(logvar.min()), float(logvar.max())])
    claim.tolerance("exact equality, bit for bit",
                    "mu + exp(logvar / 2) * 0 * eps adds an exact 0.0 to mu (finite logvar)")
    assert np.array_equal(z, mu)


@pytest.mark.fast
def test_vaecore_sampling_switch_is_effective_after_first_predict_without_recompiling():
    """Check that vaecore's variable-held eps scale needs none of the post's steps: after
    the first predict, set_eps_scale(0) gives z == mu at once, and 1 brings sampling back,
    with the same compiled predict function throughout."""
    from vaecore.sampling import Sampling

    keras.utils.set_random_seed(0)
    layer = Sampling(seed=SEED)
    inputs, mu, logvar, z = encoder_tensors(layer)
    model = keras.Model(inputs, [mu, logvar, z])
    model.compile(optimizer="adam", loss=None)
    first = max_z_minus_mu(model)
    function = model.predict_function
    layer.set_eps_scale(0.0)
    switched_off = max_z_minus_mu(model)
    layer.set_eps_scale(1.0)
    switched_on = max_z_minus_mu(model)
    assert first > STILL_SAMPLING
    assert switched_off == 0.0
    assert switched_on > STILL_SAMPLING
    assert model.predict_function is function
