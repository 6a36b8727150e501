"""vae11 — "Image creation by a VAE trained on CelebA".

The post's VAE (CelebA 96x96, 4 x Conv2D 32..256, z_dim 256, BCE, fact = 5, 24 epochs)
decodes faces from random z near the origin, reconstructs worse than an AE, and its
images gain from PIL sharpening.

Three settings (see ``claims/settings.py``):

* ``fast`` — transfer to MNIST (vae2 net, z_dim 16, 12,000 digits, 15 epochs): the working
  VAE is the standard ELBO (fact = 1, ``MNIST_VAE``), compared with the AE ``MNIST_AE_Z16``
  and the tiny-KL VAE ``MNIST_TINY_KL_VAE`` (fact 1e-5). ``kl_share`` has no fast transfer:
  the KL share is a property of the chosen fact and the pixel count. ``ae_high_zdim``
  transfers as the z 64 AE (``MNIST_AE_Z64``, 4x the VAE's z_dim; the post: 6.25x) against
  the z 16 VAE on unseen test digits.
* ``slow`` — our CelebA subset (14,151 training, 1,572 test faces) at 64x64 on CPU, fact 5
  (``kl_share`` also with fact 2.22, the post's KL weight per pixel); ``gpu`` — the post's 96x96.

Each claim's decision rule is a pure function of :mod:`vaecore.rules.vae11`, the one the
post's own figures pass (``tests/test_post_figures_vae11.py``); its preconditions (the
models' convergence, a judge that sees the model's own reconstructions, the KL weight per
pixel of the post, one seed beyond 2 SE of the run-to-run spread measured on seeds of the
same setting, ``results/spreads``) make a verdict inconclusive where unmet.

"Recognisable" is a score, the same for every model: the digit CNN of
:mod:`vaecore.quality` (softmax >= 0.9 for one digit, with a "not a digit" class) or
OpenCV's Haar face detector, read against the model's own reconstructions of test
images (same decoder, same blur). "Distorted" is the CNN's "not a digit" class, or no
face found, a proxy validated on distorted and intact examples (``judge_proxy``).
"""

import numpy as np
import pytest

from scipy import stats

from _marks import tier
from settings import (SEED, CELEBA64, CELEBA64_PIXEL_FACT_VAE, CELEBA96, MNIST_AE_Z16, MNIST_AE_Z64,
                      MNIST_TINY_KL_VAE, MNIST_VAE)
from vaecore import figures, spreads
from vaecore.enhance import sharpen
from vaecore.judges import distorted, proxy_rates, recognisable_share
from vaecore.rules import vae11 as rules

SETTINGS = {
    "mnist": {"dataset": "mnist", "size": None, "pixels": 28 * 28, "ae": MNIST_AE_Z16, "tiny_kl_vae": MNIST_TINY_KL_VAE,
              "vae": MNIST_VAE,
              # the high-z_dim AE of the transfer: z 64 vs the VAE's 16 (the post: 1600 vs 256),
              # the AE curse2 already trains, so the claim costs no training of its own
              "ae_1600": MNIST_AE_Z64},
    "celeba64": {"dataset": "celeba", "size": 64, "pixels": 64 * 64, **CELEBA64},
    "celeba96": {"dataset": "celeba", "size": 96, "pixels": 96 * 96, **CELEBA96},
    # kl_share at 64x64 with the post's KL weight per pixel (fact 2.22, see settings)
    "celeba64_pixel_fact": {"dataset": "celeba", "size": 64, "pixels": 64 * 64, **CELEBA64,
                            "vae": CELEBA64_PIXEL_FACT_VAE},
}
FAST = pytest.param("mnist", marks=pytest.mark.fast, id="fast-mnist")


def slow(expect: str = "holds"):
    """The slow tier's param (CelebA 64x64) with the verdict its run is expected to give."""
    return pytest.param("celeba64", marks=tier("slow", expect), id="slow-celeba64")


SLOW = slow()
GPU = pytest.param("celeba96", marks=pytest.mark.gpu, id="gpu-celeba96")
CELEBA = [SLOW, GPU]
PARAM_IDS = {"mnist": FAST.id, "celeba64": SLOW.id, "celeba96": GPU.id,  # setting -> test id, spreads file
             "celeba64_pixel_fact": "slow-celeba64-pixel-fact"}


def _run_spread(name: str, claim_id: str, *quantities: str, combine=None) -> rules.RunSpread:
    """The run-to-run spread of ``claim_id``'s effect in setting ``name``: the SD of one run over the seeds of
    that setting (``--claims-seed N``, then ``python -m vaecore.spreads``: results/spreads/<test id>.json), of
    ``quantities`` combined per seed by ``combine`` (default: the one quantity). Not measured where fewer than
    3 seeds measured them: the one-seed comparison then decides nothing (CLAIMS.md, "Reading the posts'
    words": Spreads are measured)."""
    keys = [f"{claim_id}[{PARAM_IDS[name]}]/{q}" for q in quantities]
    return rules.RunSpread.measured(spreads.load(PARAM_IDS[name]), *keys, combine=combine)


N_EVAL = 2_000  # test images for losses and reconstructions
N_RANDOM = 1_000  # decoded random points per distribution
N_PROXY = 300  # real test images per kind of example when the "distorted" judge is validated
RADII = (0.5, 1, 1.5, 2, 2.5, 3, 3.5, 5, 8)  # the post's half-widths of the uniform cube
RECOGNISABLE, NOT_RECOGNISABLE = rules.RECOGNISABLE, rules.NOT_RECOGNISABLE
SCORE_WHY = ("scores are read against the model's own reconstructions of test images (same decoder, "
             "same blur): 'recognisable' = at least half as often as there (most samples), 'not' = an "
             "order of magnitude rarer; the reconstructions themselves must pass (>= 0.5 x real images), "
             "else the judge is blind: a precondition")


def _describe(claim, name, *kinds, **extra):
    s = SETTINGS[name]
    where = ("MNIST test digits" if s["dataset"] == "mnist"
             else f"CelebA subset test split (last 10 %, 1,572 faces) at {s['size']}x{s['size']}")
    cfg = s[kinds[0]]
    claim.setting(setting=name, data=where, **{k: s[k].name for k in kinds},
                  training=f"{cfg.n_train or 'all'} training images, {cfg.epochs} epochs, batch {cfg.batch_size}, "
                           f"Adam {cfg.learning_rate:g}, BCE", **extra)


@pytest.fixture(scope="module")
def models(trained, test_images):
    """``models(name, *kinds) -> {"x", kind: Trained, ...}``: the first 2,000 test images of a setting
    and its models (``"ae"``, ``"tiny_kl_vae"``, ``"vae"``, ``"ae_1600"``), trained on first use."""
    memo = {}

    def get(name, *kinds):
        s = SETTINGS[name]
        entry = memo.setdefault(name, {"x": test_images(s["dataset"], size=s["size"])[0][:N_EVAL]})
        for kind in kinds:
            if kind not in entry:
                entry[kind] = trained(s[kind])
        return entry

    return get


@pytest.fixture(scope="module")
def judge_proxy(models):
    """``judge_proxy(name) -> rates``: the "distorted" judge's rates on distorted and intact examples made
    from the setting's first ``N_PROXY`` test images (:func:`vaecore.judges.proxy_rates`: warps, patch
    shuffles, background blends; the images and mildly blurred ones), computed once per setting."""
    memo = {}

    def get(name):
        if name not in memo:
            dataset = SETTINGS[name]["dataset"]
            memo[name] = proxy_rates(lambda x: distorted(x, dataset), models(name)["x"][:N_PROXY], seed=SEED)
        return memo[name]

    return get


def _used(claim, models, name, *kinds):
    """The setting's models, each put on the verdict (its convergence precondition)."""
    m = models(name, *kinds)
    claim.uses(*(m[k] for k in kinds))
    return m


def _reconstructions(model, x):
    from vaecore.train import decode, encode

    return decode(model, encode(model, x)["mu"])


def _random_images(model, draw, seed=SEED):
    rng = np.random.default_rng(seed)
    return _decode(model, draw(rng, N_RANDOM, model.decoder.input_shape[-1]).astype("float32"))


def _decode(model, z):
    from vaecore.train import decode

    return decode(model, z)


def _normal(rng, n, d):
    return rng.normal(size=(n, d))


def _test_losses(trained_model, x) -> dict:
    ev = trained_model.model.evaluate(x, batch_size=500, verbose=0, return_dict=True)
    return {k: float(v) for k, v in ev.items()}


# --- losses --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [*CELEBA, pytest.param("celeba64_pixel_fact", marks=tier("slow"),
                                                          id=PARAM_IDS["celeba64_pixel_fact"])])
@pytest.mark.claim("vae11.kl_share", reported=rules.REPORTED["kl_share"])
def test_kl_loss_is_about_3_percent_of_the_total_with_fact_5(claim, models, name):
    """With fact = 5 the KL loss is about 3 % of the total loss."""
    m = _used(claim, models, name, "vae")
    last = {k: float(v[-1]) for k, v in m["vae"].history.items()}
    pixels, fact = SETTINGS[name]["pixels"], SETTINGS[name]["vae"].fact
    judgement = rules.kl_share(last["kl_loss"], last["reco_loss"], pixels, fact)
    _describe(claim, name, "vae", fact=fact, pixels=pixels)
    claim.measure(kl_loss=last["kl_loss"], reco_loss=last["reco_loss"], total_loss=last["total_loss"],
                  kl_share=last["kl_loss"] / last["total_loss"],
                  kl_share_at_96x96_fact_5=judgement["kl_share_at_post_pixels"],
                  kl_share_per_epoch=[k / t for k, t in zip(m["vae"].history["kl_loss"], m["vae"].history["total_loss"])])
    lo, hi = rules.KL_SHARE
    claim.tolerance(f"{lo:.2f} <= KL share (reco rescaled to 96x96 pixels, KL to fact 5) <= {hi:.2f}; decided where fact / pixels "
                    "is the post's 5 / 9,216",
                    "'about 3 %' = 0.03 +- max(0.01, 0.1 x 0.03) (lexicon: about ~X, a share); the BCE sums over "
                    "pixels and the KL does not, "
                    "so the balance is set by fact / pixels: at 64x64 fact 5 weighs the KL 2.25x more per pixel "
                    "(the VAE settles at another trade-off), and rescaling the reco sum afterwards cannot undo that")
    claim.judge(judgement)


@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae11.vae_worse_recon", reported=rules.REPORTED["vae_worse_recon"])
def test_vae_reconstructs_worse_than_an_ae(claim, models, name):
    """The VAE's total loss (> 5015 after 24 epochs) is clearly above a comparable AE's
    (about 4850): a VAE reconstructs its inputs worse than an AE."""
    m = _used(claim, models, name, "ae", "vae")
    ae, vae = _test_losses(m["ae"], m["x"]), _test_losses(m["vae"], m["x"])
    gap = vae["total_loss"] / ae["total_loss"] - 1
    _describe(claim, name, "ae", "vae", loss=f"model.evaluate on {len(m['x']):,} test images")
    claim.measure(ae_total_loss=ae["total_loss"], vae_total_loss=vae["total_loss"], vae_reco_loss=vae["reco_loss"],
                  vae_kl_loss=vae["kl_loss"], relative_gap_total=gap,
                  relative_gap_reco=vae["reco_loss"] / ae["reco_loss"] - 1,
                  ae_last_epoch_total=m["ae"].history["total_loss"][-1],
                  vae_last_epoch_total=m["vae"].history["total_loss"][-1])
    claim.tolerance(f"VAE total / AE total - 1 >= {rules.CLEARLY_ABOVE}, and the VAE's reconstruction term alone "
                    "above the AE's",
                    "'clearly above' = by >= 1 % and beyond 2 SE (lexicon); one seed: decided where the total gap "
                    "lies more than 2 SD of one run (over >= 3 seeds of this setting, results/spreads) from the bar, "
                    "and the reconstruction gap more than 2 SD of its own from 0")
    claim.judge(rules.vae_worse_recon(vae["total_loss"], ae["total_loss"], vae["reco_loss"], ae["reco_loss"],
                                      spread=_run_spread(name, "vae11.vae_worse_recon", "relative_gap_total"),
                                      reco_spread=_run_spread(name, "vae11.vae_worse_recon", "relative_gap_reco")))


# --- random z ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae11.random_z_faces", reported=rules.REPORTED["random_z_faces"])
def test_vae_decodes_recognisable_faces_from_normal_z_unlike_an_ae(claim, models, name):
    """Decoding z ~ N(0, I) gives images with recognisable faces, unlike an AE."""
    m = _used(claim, models, name, "ae", "vae")
    dataset = SETTINGS[name]["dataset"]
    scores, rows = {}, []
    for kind in ("vae", "ae"):
        images = _random_images(m[kind].model, _normal)
        scores[f"{kind}_normal_z"] = recognisable_share(images, dataset)
        scores[f"{kind}_reconstructions"] = recognisable_share(_reconstructions(m[kind].model, m["x"]), dataset)
        rows.append((f"{kind} N(0, I)", images))
    scores["real_test_images"] = recognisable_share(m["x"], dataset)
    _describe(claim, name, "vae", "ae", random_points=N_RANDOM)
    claim.measure(**scores)
    claim.figure(figures.image_rows(rows), "decoded z ~ N(0, I): VAE (top) and AE (bottom)")
    claim.tolerance(f"VAE >= {RECOGNISABLE} x its reconstructions' score; AE <= {NOT_RECOGNISABLE} x its own",
                    SCORE_WHY)
    claim.judge(rules.random_z_faces(scores["vae_normal_z"], scores["vae_reconstructions"], scores["ae_normal_z"],
                                       scores["ae_reconstructions"], scores["real_test_images"]))


@pytest.mark.parametrize("name", [FAST, slow(expect="refuted"), GPU])
@pytest.mark.claim("vae11.radius_limit", reported=rules.REPORTED["radius_limit"])
def test_image_quality_falls_with_the_size_of_the_random_z_cube(claim, models, judge_proxy, name):
    """Decoding z drawn uniformly from [-r, r]^256 gives good images for small r (0.5 - 1.5) and
    increasingly distorted ones as r grows: quality falls with r overall (pockets of good images
    at higher r allowed), and z-points with coordinates above about 3 mostly give distorted images."""
    m = _used(claim, models, name, "vae")
    dataset = SETTINGS[name]["dataset"]
    model = m["vae"].model
    d = model.decoder.input_shape[-1]
    quality, recognisable, rows, beyond, bad = [], [], [], [], []
    for i, r in enumerate(RADII):
        z = np.random.default_rng(i).uniform(-r, r, (N_RANDOM, d)).astype("float32")
        images = _decode(model, z)
        bad_r = distorted(images, dataset)
        quality.append(float(1 - bad_r.mean()))
        recognisable.append(recognisable_share(images, dataset))
        beyond.append(np.abs(z).max(axis=1) > rules.COORDINATE_LIMIT)
        bad.append(bad_r)
        rows.append((f"r = {r:g}", images))
    beyond, bad = np.concatenate(beyond), np.concatenate(bad)
    distorted_beyond_3 = float(bad[beyond].mean()) if beyond.any() else float("nan")
    recon_q = float(1 - distorted(_reconstructions(model, m["x"]), dataset).mean())
    real_q = float(1 - distorted(m["x"], dataset).mean())
    proxy = judge_proxy(name)
    judgement = rules.radius_limit(RADII, quality, distorted_beyond_3, recon_q, real_q, proxy, n_per_radius=N_RANDOM,
                                   n_beyond_3=int(beyond.sum()))
    _describe(claim, name, "vae", random_points_per_r=N_RANDOM, radii=list(RADII),
              quality="share not classed 'not a digit' by the digit CNN" if dataset == "mnist"
              else "share with a Haar-detected face")
    claim.measure(quality_by_r=dict(zip(map(str, RADII), quality)),
                  quality_r_0_5_to_1_5=judgement["quality_small_r"], quality_r_3_5_to_8=judgement["quality_large_r"],
                  distorted_share_coordinate_above_3=distorted_beyond_3, points_with_coordinate_above_3=int(beyond.sum()),
                  distorted_share_all_coordinates_below_3=float(bad[~beyond].mean()) if (~beyond).any() else None,
                  recognisable_by_r=dict(zip(map(str, RADII), recognisable)),
                  spearman_rho_quality=stats.spearmanr(RADII, quality)[0],
                  reconstructions_quality=recon_q, real_test_images_quality=real_q,
                  judge_distorted_rate_on_distorted_examples=proxy["distorted"],
                  judge_distorted_rate_on_intact_examples=proxy["intact"])
    claim.figure(figures.image_rows(rows), "decoded z ~ U[-r, r]^z_dim, one row per r")
    claim.figure(figures.quality_by_radius(RADII, {"not distorted": quality,
                                                   "recognisable (confident digit / face)": recognisable}),
                 "image quality against r")
    claim.tolerance(f"mean quality over r = 0.5 - 1.5 above the mean over r = 3.5 - 8; distorted share of points "
                    f"with a coordinate above {rules.COORDINATE_LIMIT:g} > {rules.MOSTLY}",
                    "'falls overall' compares the post's own good and distorted radii, no step-by-step monotony "
                    "(the post finds pockets of good images at higher r); 'mostly' = more than half; the judge "
                    f"stands in for 'distorted' where it reads >= 0.8 of every kind of distorted example ({N_PROXY} "
                    "test images each) as distorted and < 0.2 of the intact ones, and orders them for 'falls'")
    claim.judge(judgement)


@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae11.smaller_fact_tradeoff", reported=rules.REPORTED["smaller_fact_tradeoff"])
def test_smaller_fact_reconstructs_better_but_random_z_stops_giving_faces(claim, models, name):
    """Lowering fact improves reconstruction but, for too small fact, random-z images stop
    being faces."""
    m = _used(claim, models, name, "vae", "tiny_kl_vae")
    dataset = SETTINGS[name]["dataset"]
    out = {}
    for kind in ("vae", "tiny_kl_vae"):
        out[f"{kind}_fact"] = SETTINGS[name][kind].fact
        out[f"{kind}_test_reco_loss"] = _test_losses(m[kind], m["x"])["reco_loss"]
        out[f"{kind}_normal_z_score"] = recognisable_share(_random_images(m[kind].model, _normal), dataset)
        out[f"{kind}_reconstructions_score"] = recognisable_share(_reconstructions(m[kind].model, m["x"]), dataset)
    out["real_test_images_score"] = recognisable_share(m["x"], dataset)
    _describe(claim, name, "vae", "tiny_kl_vae")
    claim.measure(**out)
    claim.tolerance(f"reco(tiny fact) < reco(fact); tiny-fact N(0, I) score <= {NOT_RECOGNISABLE} x its "
                    "reconstructions' score and below the larger fact's", SCORE_WHY)
    gain = _run_spread(name, "vae11.smaller_fact_tradeoff", "tiny_kl_vae_test_reco_loss", "vae_test_reco_loss",
                       combine=lambda small, fact: 1 - small / fact)
    claim.judge(rules.smaller_fact_tradeoff(out["tiny_kl_vae_test_reco_loss"], out["vae_test_reco_loss"],
                                              out["tiny_kl_vae_normal_z_score"], out["vae_normal_z_score"],
                                              out["tiny_kl_vae_reconstructions_score"], out["real_test_images_score"],
                                              spread=gain))


# --- sharpening ----------------------------------------------------------------------------------

FACTORS = (1, 3, 7, 12)
N_SHARPEN = 200


@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae11.sharpening", reported=rules.REPORTED["sharpening"])
def test_pil_sharpening_with_factor_7_makes_generated_images_sharper(claim, models, name):
    """PIL ImageEnhance.Sharpness with factor 7 makes the generated images visibly sharper and
    amplifies the decoder's grid-like artefacts as the factor grows."""
    from vaecore.quality import laplacian_sharpness

    m = _used(claim, models, name, "vae")
    sets = {"generated": _random_images(m["vae"].model, _normal)[:N_SHARPEN], "real": m["x"][:N_SHARPEN]}
    lap, excess = {}, {}
    for kind, images in sets.items():
        sharpened = {f: sharpen(images, f) for f in FACTORS}
        lap[kind] = {f: laplacian_sharpness(v)["per_image"] for f, v in sharpened.items()}
        excess[kind] = {f: rules.nyquist_excess(v) for f, v in sharpened.items()}
    ratio7 = {kind: lap[kind][7] / np.maximum(lap[kind][1], 1e-12) for kind in sets}
    growth = {kind: excess[kind][FACTORS[-1]] - excess[kind][FACTORS[0]] for kind in sets}
    spike = {kind: rules.nyquist_spike(images) for kind, images in sets.items()}
    spike_boot = rules.nyquist_spike_bootstrap(sets["generated"])
    judgement = rules.sharpening(ratio7["generated"], growth["generated"], growth["real"], spike["generated"],
                                 literal=name != "mnist", grid_spike_boot=spike_boot)
    _describe(claim, name, "vae", images=f"{N_SHARPEN} decoded z ~ N(0, I); control: {N_SHARPEN} real test images",
              factors=list(FACTORS), sharpness="variance of the Laplacian (grey 0..255), per image",
              artefact="Nyquist-line power above the adjacent lines' as a share of the image's "
                       "(vaecore.rules.vae11.nyquist_excess)")
    claim.measure(**{f"{kind}_laplacian_var_median_by_factor": {str(f): float(np.median(v)) for f, v in lap[kind].items()}
                     for kind in sets},
                  **{f"{kind}_median_laplacian_ratio_factor7": float(np.median(ratio7[kind])) for kind in sets},
                  share_sharper_factor7=float(np.mean(ratio7["generated"] > 1)),
                  **{f"{kind}_nyquist_excess_median_by_factor": {str(f): float(np.median(v)) for f, v in excess[kind].items()}
                     for kind in sets},
                  **{f"{kind}_nyquist_excess_growth_median": float(np.median(growth[kind])) for kind in sets},
                  mannwhitney_p_generated_above_real=judgement["mannwhitney_p"],
                  **{f"{kind}_nyquist_over_adjacent_lines_factor1": v for kind, v in spike.items()},
                  generated_nyquist_over_adjacent_lines_factor1_bootstrap_sd=float(spike_boot.std()))
    claim.figure(figures.image_rows([(f"{kind} x{f}", sharpen(images[:8], f)) for kind, images in sets.items()
                                     for f in (1, 7, 12)], n=8),
                 "PIL Sharpness factors 1, 7, 12: generated (top) and real control (bottom)")
    claim.tolerance(f"factor 7: >= {rules.SHARPER_SHARE:.0%} of generated images sharper, median Laplacian-variance "
                    f"ratio >= {rules.SHARPER_RATIO:g}; Nyquist-excess growth (factor 1 -> {FACTORS[-1]}) of generated "
                    f"images above the real control's (one-sided Mann-Whitney p < {rules.ARTEFACT_P})",
                    "'visibly' = the edge energy at least doubles for the typical image; sharpening boosts every "
                    "image's high frequencies, so the decoder's grid (a spike on the Nyquist lines of a stride-2 "
                    "decoder's output) is what the real images sharpened the same way lack; the transfer's decoder "
                    "must leave such a grid (a precondition on MNIST, part of the claim on CelebA)")
    claim.judge(judgement)


# --- the z_dim 1600 AE ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", [pytest.param("mnist", marks=pytest.mark.slow, id="slow-mnist"), *CELEBA])
@pytest.mark.claim("vae11.ae_high_zdim", reported=rules.REPORTED["ae_high_zdim"])
def test_ae_with_z_dim_1600_reproduces_unseen_faces_far_better_than_the_vae(claim, models, name):
    """A plain AE with z_dim = 1600 (filters 64, 64, 128, 128; kernels 5, 5, 3, 3; stride 2)
    reproduces details of unseen faces far better than the z_dim = 256 VAE."""
    from vaecore.quality import laplacian_sharpness

    m = _used(claim, models, name, "ae_1600", "vae")
    x = m["x"]
    recon = {kind: _reconstructions(m[kind].model, x) for kind in ("ae_1600", "vae")}
    mse = {kind: float(np.mean((r - x) ** 2)) for kind, r in recon.items()}
    detail = {kind: laplacian_sharpness(r)["laplacian_var_median"] / laplacian_sharpness(x)["laplacian_var_median"]
              for kind, r in recon.items()}
    _describe(claim, name, "ae_1600", "vae", images=f"{len(x):,} test faces (never trained on)")
    claim.measure(ae_1600_mse=mse["ae_1600"], vae_mse=mse["vae"], mse_ratio=mse["ae_1600"] / mse["vae"],
                  psnr_gain_db=10 * np.log10(mse["vae"] / mse["ae_1600"]),
                  ae_1600_detail_retained=detail["ae_1600"], vae_detail_retained=detail["vae"])
    claim.figure(figures.image_rows([("test", x), ("AE z1600", recon["ae_1600"]), ("VAE z256", recon["vae"])], n=8),
                 "unseen test faces and their reconstructions")
    claim.tolerance(f"AE MSE <= {rules.FAR_BETTER:.2f} x VAE MSE (the VAE's >= 1.5 x) and more Laplacian detail "
                    "retained",
                    "'far better' read as the lexicon's 'much larger' (>= 1.5 x) on the pixel error; details = edge "
                    "energy of the reconstruction relative to the original")
    claim.judge(rules.ae_high_zdim(mse["ae_1600"], mse["vae"], detail["ae_1600"], detail["vae"]))
