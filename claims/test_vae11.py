"""vae11 — "Image creation by a VAE trained on CelebA".

The post's VAE (CelebA 96x96, 4 x Conv2D 32..256, z_dim 256, BCE, fact = 5, 24 epochs)
decodes faces from random z near the origin, reconstructs worse than an AE, and its
images gain from PIL sharpening.

Three settings (see ``claims/settings.py``):

* ``fast`` — transfer to MNIST (vae2 net, z_dim 16, 12,000 digits, 5 epochs): the working
  VAE is the standard ELBO (fact = 1, ``MNIST_VAE``), compared with the AE ``MNIST_AE_Z16``
  and the tiny-KL VAE ``MNIST_TINY_KL_VAE`` (fact 1e-5). ``kl_share`` has no fast transfer:
  the KL share is a property of the chosen fact and the pixel count. ``ae_high_zdim``
  transfers as the z 64 AE (``MNIST_AE_Z64``, 4x the VAE's z_dim; the post: 6.25x) against
  the z 16 VAE on unseen test digits.
* ``slow`` — our CelebA subset (14,151 training, 1,572 test faces) at 64x64 on CPU, fact 5.
* ``gpu`` — the same at the post's 96x96.

"Recognisable" is a score, the same for every model: the digit CNN of
:mod:`vaecore.quality` (softmax >= 0.9 for one digit, with a "not a digit" class) or
OpenCV's Haar face detector, read against the model's own reconstructions of test
images (same decoder, same blur).
"""

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from _marks import refuted
from scipy import stats

from settings import CELEBA64, CELEBA96, MNIST_AE_Z16, MNIST_AE_Z64, MNIST_TINY_KL_VAE, MNIST_VAE

POST_PIXELS = 96 * 96
SETTINGS = {
    "mnist": {"dataset": "mnist", "size": None, "ae": MNIST_AE_Z16, "tiny_kl_vae": MNIST_TINY_KL_VAE,
              "vae": MNIST_VAE,
              # the high-z_dim AE of the transfer: z 64 vs the VAE's 16 (the post: 1600 vs 256),
              # the AE curse2 already trains, so the claim costs no training of its own
              "ae_1600": MNIST_AE_Z64},
    "celeba64": {"dataset": "celeba", "size": 64, **CELEBA64},
    "celeba96": {"dataset": "celeba", "size": 96, **CELEBA96},
}
FAST = pytest.param("mnist", marks=pytest.mark.fast, id="fast-mnist")
SLOW = pytest.param("celeba64", marks=pytest.mark.slow, id="slow-celeba64")
GPU = pytest.param("celeba96", marks=pytest.mark.gpu, id="gpu-celeba96")
CELEBA = [SLOW, GPU]

N_EVAL = 2_000  # test images for losses and reconstructions
N_RANDOM = 1_000  # decoded random points per distribution
RADII = (0.5, 1, 1.5, 2, 2.5, 3, 3.5, 5, 8)  # the post's half-widths of the uniform cube
RECOGNISABLE, NOT_RECOGNISABLE = 0.5, 0.1
SCORE_WHY = ("scores are read against the model's own reconstructions of test images (same decoder, "
             "same blur): 'recognisable' = at least half as often as there (most samples), 'not' = an "
             "order of magnitude rarer; the reconstructions themselves must pass (>= 0.5 x real images), "
             "else the score cannot judge")


def _fast_xfail(reason):
    return pytest.param("mnist", marks=[pytest.mark.fast, refuted(reason)], id="fast-mnist")


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
    """``models(name) -> {"x", "ae", "tiny_kl_vae", "vae", ...}``; models train on first use."""
    memo = {}

    def get(name, *kinds):
        s = SETTINGS[name]
        entry = memo.setdefault(name, {"x": test_images(s["dataset"], size=s["size"])[0][:N_EVAL]})
        for kind in kinds:
            if kind not in entry:
                entry[kind] = trained(s[kind])
        return entry

    return get


def recognisable_share(images, dataset) -> float:
    """Confident digits (digit CNN, softmax >= 0.9) or Haar-detected faces, as a share."""
    from vaecore import quality

    if dataset == "mnist":
        return quality.digit_confidence_score(images, reference=False)["confident_fraction"]
    return quality.face_detection_rate(images)["detection_rate"]


def _not_digit_share(images) -> float:
    from vaecore import quality

    return quality.digit_confidence_score(images, reference=False)["not_digit_fraction"]


def _reconstructions(model, x):
    from vaecore.train import decode, encode

    return decode(model, encode(model, x)["mu"])


def _random_images(model, draw, seed=0):
    from vaecore.train import decode

    rng = np.random.default_rng(seed)
    return decode(model, draw(rng, N_RANDOM, model.decoder.input_shape[-1]).astype("float32"))


def _normal(rng, n, d):
    return rng.normal(size=(n, d))


def _grid(claim, rows, title, n=10):
    fig, axes = plt.subplots(len(rows), n, figsize=(n, 1.05 * len(rows)), squeeze=False)
    for row, (label, imgs) in zip(axes, rows):
        for ax, im in zip(row, imgs[:n]):
            ax.imshow(im[..., 0] if im.shape[-1] == 1 else im, cmap="gray", vmin=0, vmax=1)
            ax.set_xticks([]), ax.set_yticks([])
        row[0].set_ylabel(label, fontsize=7, rotation=0, ha="right", va="center")
    claim.figure(fig, title)


def _score_is_informative(reconstructions_score, real_score):
    """The score can only judge random-z images if the decoder's own reconstructions pass it."""
    assert reconstructions_score >= RECOGNISABLE * real_score, (
        f"reconstructions score {reconstructions_score:.3f} < {RECOGNISABLE} x real images' "
        f"{real_score:.3f}: the score cannot tell random-z images apart here")


def _test_losses(trained_model, x) -> dict:
    ev = trained_model.model.evaluate(x, batch_size=500, verbose=0, return_dict=True)
    return {k: float(v) for k, v in ev.items()}


# --- losses --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", CELEBA)
@pytest.mark.claim("vae11.kl_share", reported={"fact": 5, "kl_share_of_total": "about 3 %"})
def test_kl_loss_is_about_3_percent_of_the_total_with_fact_5(claim, models, name):
    """With fact = 5 the KL loss is about 3 % of the total loss."""
    m = models(name, "vae")
    last = {k: float(v[-1]) for k, v in m["vae"].history.items()}
    pixels = SETTINGS[name]["size"] ** 2
    share = last["kl_loss"] / last["total_loss"]
    # BCE sums over pixels, KL does not: rescale the reconstruction to the post's 96x96
    share_at_96 = last["kl_loss"] / (last["kl_loss"] + last["reco_loss"] * POST_PIXELS / pixels)
    _describe(claim, name, "vae", fact=SETTINGS[name]["vae"].fact)
    claim.measure(kl_loss=last["kl_loss"], reco_loss=last["reco_loss"], total_loss=last["total_loss"],
                  kl_share=share, kl_share_reco_rescaled_to_96x96=share_at_96,
                  kl_share_per_epoch=[k / t for k, t in zip(m["vae"].history["kl_loss"], m["vae"].history["total_loss"])])
    claim.tolerance("0.025 <= KL share (reco rescaled to 96x96 pixels) < 0.035",
                    "'about 3 %' read to its one significant digit; the BCE sum scales with the pixel "
                    "count and the KL does not, so 64x64 is compared after rescaling")
    assert 0.025 <= share_at_96 < 0.035


@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae11.vae_worse_recon", reported={"vae_total_loss_24_epochs": "> 5015",
                                                      "ae_total_loss": "~4850"})
def test_vae_reconstructs_worse_than_an_ae(claim, models, name):
    """The VAE's total loss (> 5015 after 24 epochs) is clearly above a comparable AE's
    (about 4850): a VAE reconstructs its inputs worse than an AE."""
    m = models(name, "ae", "vae")
    ae, vae = _test_losses(m["ae"], m["x"]), _test_losses(m["vae"], m["x"])
    gap = vae["total_loss"] / ae["total_loss"] - 1
    _describe(claim, name, "ae", "vae", loss=f"model.evaluate on {len(m['x']):,} test images")
    claim.measure(ae_total_loss=ae["total_loss"], vae_total_loss=vae["total_loss"], vae_reco_loss=vae["reco_loss"],
                  vae_kl_loss=vae["kl_loss"], relative_gap_total=gap,
                  relative_gap_reco=vae["reco_loss"] / ae["reco_loss"] - 1,
                  ae_last_epoch_total=m["ae"].history["total_loss"][-1],
                  vae_last_epoch_total=m["vae"].history["total_loss"][-1])
    claim.tolerance("VAE total / AE total - 1 > 0.01, and the VAE's reconstruction term alone above the AE's",
                    "'clearly above' = beyond the ~1 % that vae13 calls 'close' (the post's gap: 3.4 %)")
    assert gap > 0.01
    assert vae["reco_loss"] > ae["reco_loss"]


# --- random z ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [_fast_xfail(
    "fast tier (MNIST, fact 1, 5 epochs): decoded N(0, I) samples of the VAE are confident digits in "
    "0.161 of 1,000, against 0.706 for its reconstructions of 2,000 test digits (real digits: 0.840): "
    "0.23 of the reconstructions' rate, short of 'most' (0.5). The 'unlike an AE' part holds: AE 0.000"),
    *CELEBA])
@pytest.mark.claim("vae11.random_z_faces", reported={"vae": "recognisable faces from z ~ N(0, I)",
                                                     "ae": "no faces"})
def test_vae_decodes_recognisable_faces_from_normal_z_unlike_an_ae(claim, models, name):
    """Decoding z ~ N(0, I) gives images with recognisable faces, unlike an AE."""
    m = models(name, "ae", "vae")
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
    _grid(claim, rows, "decoded z ~ N(0, I): VAE (top) and AE (bottom)")
    claim.tolerance(f"VAE >= {RECOGNISABLE} x its reconstructions' score; AE <= {NOT_RECOGNISABLE} x its own",
                    SCORE_WHY)
    for kind in ("vae", "ae"):
        _score_is_informative(scores[f"{kind}_reconstructions"], scores["real_test_images"])
    assert scores["vae_normal_z"] >= RECOGNISABLE * scores["vae_reconstructions"]
    assert scores["ae_normal_z"] <= NOT_RECOGNISABLE * scores["ae_reconstructions"]


@pytest.mark.parametrize("name", [_fast_xfail(
    "fast tier (MNIST, fact 1, 5 epochs, z_dim 16): the confident-digit share of decoded z ~ U[-r, r]^16 "
    "is not monotone in r: 0.002, 0.090, 0.135, 0.169, 0.170, 0.165, 0.176, 0.107, 0.076 for r = 0.5 ... 8 "
    "(Spearman rho = +0.23, p = 0.55): near the origin the decoder gives blurry average digits the CNN "
    "does not accept; distortion alone does grow monotonically (share classed 'not a digit' "
    "0.012 -> 0.820, rho = 1.0)"), *CELEBA])
@pytest.mark.claim("vae11.radius_limit", reported={"good": "r = 0.5 - 1.5", "distorted": "r = 3.5, 5, 8",
                                                   "trend": "quality falls monotonically with r"})
def test_image_quality_falls_with_the_size_of_the_random_z_cube(claim, models, name):
    """Decoding z drawn uniformly from [-r, r]^256 gives good images for small r (0.5 - 1.5) and
    increasingly distorted ones as r grows (3.5, 5, 8): quality falls monotonically with r."""
    m = models(name, "vae")
    dataset = SETTINGS[name]["dataset"]
    model = m["vae"].model
    scores, extra, rows = [], [], []
    for i, r in enumerate(RADII):
        images = _random_images(model, lambda rng, n, d, r=r: rng.uniform(-r, r, (n, d)), seed=i)
        scores.append(recognisable_share(images, dataset))
        if dataset == "mnist":
            extra.append(_not_digit_share(images))
        rows.append((f"r = {r:g}", images))
    rho, p = stats.spearmanr(RADII, scores)
    _describe(claim, name, "vae", random_points_per_r=N_RANDOM, radii=list(RADII),
              score="confident-digit share" if dataset == "mnist" else "Haar face detection rate")
    recon_score, real_score = (recognisable_share(_reconstructions(model, m["x"]), dataset),
                               recognisable_share(m["x"], dataset))
    claim.measure(scores_by_r=dict(zip(map(str, RADII), scores)), spearman_rho=rho, spearman_p=p,
                  reconstructions_score=recon_score, real_test_images_score=real_score,
                  **({"not_digit_share_by_r": dict(zip(map(str, RADII), extra)),
                      "not_digit_spearman_rho": stats.spearmanr(RADII, extra)[0]} if extra else {}))
    _grid(claim, rows, "decoded z ~ U[-r, r]^z_dim, one row per r")
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot(RADII, scores, "o-", label="recognisable share")
    if extra:
        ax.plot(RADII, extra, "s--", label="'not a digit' share")
    ax.set(xlabel="half-width r of the uniform cube", ylabel="share of decoded images", xscale="log")
    ax.set_xticks(RADII, [f"{r:g}" for r in RADII], fontsize=7)
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.legend(fontsize=8)
    claim.figure(fig, "image score against r")
    claim.tolerance("Spearman rho(r, score) < 0 with p < 0.05 over the 9 radii",
                    "'falls monotonically' is a rank statement; a one-sided rank trend test over all 9 "
                    "radii, not one pair of points")
    _score_is_informative(recon_score, real_score)
    assert rho < 0 and p < 0.05


@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae11.smaller_fact_tradeoff", reported={"smaller_fact": "better reconstruction",
                                                            "too_small_fact": "random-z images stop being faces"})
def test_smaller_fact_reconstructs_better_but_random_z_stops_giving_faces(claim, models, name):
    """Lowering fact improves reconstruction but, for too small fact, random-z images stop
    being faces."""
    m = models(name, "vae", "tiny_kl_vae")
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
    _score_is_informative(out["tiny_kl_vae_reconstructions_score"], out["real_test_images_score"])
    assert out["tiny_kl_vae_test_reco_loss"] < out["vae_test_reco_loss"]
    assert out["tiny_kl_vae_normal_z_score"] <= NOT_RECOGNISABLE * out["tiny_kl_vae_reconstructions_score"]
    assert out["tiny_kl_vae_normal_z_score"] < out["vae_normal_z_score"]


# --- sharpening ----------------------------------------------------------------------------------

FACTORS = (1, 3, 7, 12)


def sharpen(images, factor):
    """PIL ImageEnhance.Sharpness on each image (float [0, 1] in, float [0, 1] out)."""
    from PIL import Image, ImageEnhance

    out = []
    for im in np.clip(np.rint(np.asarray(images) * 255), 0, 255).astype(np.uint8):
        pil = Image.fromarray(im[..., 0] if im.shape[-1] == 1 else im)
        out.append(np.asarray(ImageEnhance.Sharpness(pil).enhance(factor), np.float32) / 255)
    out = np.stack(out)
    return out[..., None] if out.ndim == 3 else out


def nyquist_share(images) -> float:
    """Share of the (mean-removed) spectral power on the Nyquist row and column: the
    period-2 pattern a stride-2 Conv2DTranspose leaves as a checkerboard."""
    x = np.asarray(images, np.float64).mean(axis=-1)
    x = x - x.mean(axis=(1, 2), keepdims=True)
    power = np.abs(np.fft.fft2(x)) ** 2
    h, w = x.shape[1:]
    grid = np.zeros((h, w), bool)
    grid[h // 2, :], grid[:, w // 2] = True, True
    return float(power[:, grid].sum() / power.sum())


@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae11.sharpening", reported={"sharpness_factor_7": "visibly sharper",
                                                 "larger_factors": "amplify grid-like Conv2DTranspose artefacts"})
def test_pil_sharpening_with_factor_7_makes_generated_images_sharper(claim, models, name):
    """PIL ImageEnhance.Sharpness with factor 7 makes the generated images visibly sharper and
    amplifies the decoder's grid-like artefacts as the factor grows."""
    from vaecore.quality import laplacian_sharpness

    m = models(name, "vae")
    images = _random_images(m["vae"].model, _normal)[:200]
    lap = {f: laplacian_sharpness(sharpen(images, f))["per_image"] for f in FACTORS}
    ratio7 = lap[7] / np.maximum(lap[1], 1e-12)
    grid = {f: nyquist_share(sharpen(images, f)) for f in FACTORS}
    _describe(claim, name, "vae", images="200 decoded z ~ N(0, I)", factors=list(FACTORS),
              sharpness="variance of the Laplacian (grey 0..255), per image")
    claim.measure(laplacian_var_median_by_factor={str(f): float(np.median(v)) for f, v in lap.items()},
                  median_ratio_factor7=float(np.median(ratio7)), share_sharper_factor7=float(np.mean(ratio7 > 1)),
                  nyquist_power_share_by_factor={str(f): g for f, g in grid.items()})
    _grid(claim, [(f"factor {f}", sharpen(images, f)) for f in FACTORS], "PIL Sharpness factors 1, 3, 7, 12", n=8)
    claim.tolerance("factor 7: >= 90 % of images sharper and median Laplacian-variance ratio >= 2; "
                    "Nyquist power share strictly increasing over factors 1, 3, 7, 12",
                    "'visibly' = the edge energy at least doubles for the typical image; grid artefacts "
                    "live at the stride-2 period, the Nyquist frequency")
    assert np.mean(ratio7 > 1) >= 0.9
    assert np.median(ratio7) >= 2
    assert all(a < b for a, b in zip(list(grid.values()), list(grid.values())[1:]))


# --- the z_dim 1600 AE ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae11.ae_high_zdim", reported={"ae": "z_dim 1600, filters (64, 64, 128, 128), kernels (5, 5, 3, 3)",
                                                   "result": "reproduces details of unseen faces far better "
                                                             "than the z_dim 256 VAE"})
def test_ae_with_z_dim_1600_reproduces_unseen_faces_far_better_than_the_vae(claim, models, name):
    """A plain AE with z_dim = 1600 (filters 64, 64, 128, 128; kernels 5, 5, 3, 3; stride 2)
    reproduces details of unseen faces far better than the z_dim = 256 VAE."""
    from vaecore.quality import laplacian_sharpness

    m = models(name, "ae_1600", "vae")
    x = m["x"]
    recon = {kind: _reconstructions(m[kind].model, x) for kind in ("ae_1600", "vae")}
    mse = {kind: float(np.mean((r - x) ** 2)) for kind, r in recon.items()}
    detail = {kind: laplacian_sharpness(r)["laplacian_var_median"] / laplacian_sharpness(x)["laplacian_var_median"]
              for kind, r in recon.items()}
    _describe(claim, name, "ae_1600", "vae", images=f"{len(x):,} test faces (never trained on)")
    claim.measure(ae_1600_mse=mse["ae_1600"], vae_mse=mse["vae"], mse_ratio=mse["ae_1600"] / mse["vae"],
                  psnr_gain_db=10 * np.log10(mse["vae"] / mse["ae_1600"]),
                  ae_1600_detail_retained=detail["ae_1600"], vae_detail_retained=detail["vae"])
    _grid(claim, [("test", x), ("AE z1600", recon["ae_1600"]), ("VAE z256", recon["vae"])],
          "unseen test faces and their reconstructions", n=8)
    claim.tolerance("AE MSE <= 0.5 x VAE MSE (>= 3 dB PSNR) and more Laplacian detail retained",
                    "'far better' = at least halves the pixel error; details = edge energy of the "
                    "reconstruction relative to the original")
    assert mse["ae_1600"] <= 0.5 * mse["vae"]
    assert detail["ae_1600"] > detail["vae"]
