"""curse1 — "Autoencoders, latent space and the curse of high dimensionality – I".

The post's faces model is an AE with z_dim = 200 trained on 100,000 CelebA images (in fact
a VAE whose KL term is ~1e-6 of the BCE); its working VAE decodes faces from random z.
Tiers: ``fast`` on MNIST with the vae2 net (12,000 digits, 5 epochs, and the first 2 epochs
of that setting for the z_dim sweep, ``MNIST_AE_2EP``, within issue 6's time budget; "recognisable" =
the digit CNN of :mod:`vaecore.quality` is >= 90 % sure), ``slow`` on our CelebA subset
at 64x64, ``gpu`` at the posts' 96x96 ("recognisable face" = OpenCV's Haar cascade finds
one). The CelebA models are the vae11/vae13 settings of ``claims/settings.py`` (z_dim 256
instead of the post's 200, the tiny-KL VAE fact 1e-5 as the "AE in fact a VAE").

Random cubes are scaled to the model's own latent scale on MNIST: the posts' half-widths
0.5 ... 50 were absolute in a latent space whose typical axis has sigma ~ 1; our MNIST
AEs have sigma ~ 4 - 8, so the fast tier uses half-widths of 0.5 ... 50 typical sigmas.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from _marks import refuted

from vaecore.reconstruction import psnr

from settings import CELEBA64, CELEBA96, MNIST_AE_2EP, MNIST_AE_Z16, MNIST_VAE, POST_MNIST_AE

CUBE_HALF_WIDTHS = (0.5, 1.0, 2.0, 5.0, 10.0, 50.0)  # the post: 0.5 ... 50
N_RANDOM = 1_000  # decoded random points per cube


def _recognisable(images, dataset) -> dict:
    """{"rate", "reference_rate"}: share of recognisable digits / faces, and on real images."""
    from vaecore import quality

    if dataset == "mnist":
        s = quality.digit_confidence_score(images, threshold=0.9)
        return {"rate": s["confident_fraction"], "reference_rate": s["reference_confident_fraction"]}
    return {"rate": quality.face_detection_rate(images)["detection_rate"]}


def _real_face_rate(test_images, config):
    from vaecore import quality

    x, _ = test_images("celeba", n=N_RANDOM, size=config.image_size)
    return quality.face_detection_rate(x)["detection_rate"]


def _montage(claim, rows, title):
    """rows: list of (label, images) with images (n, h, w, c); first 8 of each row."""
    fig, axs = plt.subplots(len(rows), 8, figsize=(8, 1.1 * len(rows)), squeeze=False)
    for r, (label, imgs) in enumerate(rows):
        for c in range(8):
            ax = axs[r, c]
            img = imgs[c]
            ax.imshow(img[..., 0] if img.shape[-1] == 1 else img, cmap="gray", vmin=0, vmax=1)
            ax.set_xticks([]), ax.set_yticks([])
        axs[r, 0].set_ylabel(label, fontsize=7, rotation=0, ha="right", va="center")
    claim.figure(fig, title)


def _tiers(mnist_config, celeba_model, fast_xfail=None):
    """One ``(config, dataset)`` param per tier: the MNIST transfer (fast, strict xfail when
    ``fast_xfail`` gives the measured evidence) and ``CELEBA64/96[celeba_model]`` (slow/gpu)."""
    fast = [pytest.mark.fast] + ([refuted(fast_xfail)] if fast_xfail else [])
    return pytest.mark.parametrize("config, dataset", [
        pytest.param(mnist_config, "mnist", marks=fast, id=f"fast-{mnist_config.name}"),
        pytest.param(CELEBA64[celeba_model], "celeba", marks=pytest.mark.slow,
                     id=f"slow-{CELEBA64[celeba_model].name}"),
        pytest.param(CELEBA96[celeba_model], "celeba", marks=pytest.mark.gpu,
                     id=f"gpu-{CELEBA96[celeba_model].name}"),
    ])


# --- curse1.mnist_small_zdim ------------------------------------------------------------------

@pytest.mark.parametrize("configs", [
    pytest.param(MNIST_AE_2EP, marks=[pytest.mark.fast, refuted((
        "fast tier (12,000 digits, first 2 epochs): the digit CNN reads the reconstruction as the "
        "right digit for 0.533 (z 12), 0.259 (z 4), 0.123 (z 2) of 2,000 test digits, against 0.963 on "
        "the originals: z 12 misses 'well' (needs >= 0.915), z 4 'acceptably' (>= 0.770), z 2 'most' "
        "(> 0.5); PSNR 12.4 / 13.2 / 14.1 dB rises with z_dim as claimed. Not only the short run: "
        "after all 5 epochs the shares were 0.866 / 0.485 / 0.197, still short"))],
        id="fast-mnist-12k-2ep"),
    pytest.param(POST_MNIST_AE, marks=pytest.mark.gpu, id="gpu-mnist-60k-40ep"),
])
@pytest.mark.claim("curse1.mnist_small_zdim", reported={
    "z_dim_12": "reconstructs well", "z_dim_4": "acceptably", "z_dim_2": "most test images still"})
def test_mnist_ae_reconstructs_well_at_12_acceptably_at_4_mostly_at_2(claim, trained, test_images, configs):
    """For MNIST an AE reconstructs well with z_dim = 12, acceptably with 4, and most test
    images still with 2."""
    from vaecore.quality import digit_classifier
    from vaecore.train import decode, encode

    x, y = test_images("mnist", n=2_000, seed=0)
    clf = digit_classifier()
    acc_orig = float(np.mean(clf.predict_proba(x).argmax(1) == y))
    same_digit, psnr_db, rows = {}, {}, [("test", x)]
    for z in (2, 4, 12, 16):
        model = trained(configs[z]).model
        reco = decode(model, encode(model, x)["z"])
        same_digit[z] = float(np.mean(clf.predict_proba(reco).argmax(1) == y))
        psnr_db[z] = float(psnr(reco, x).mean())
        rows.append((f"z_dim {z}", reco))
    claim.setting(dataset="MNIST", model=f"AE, vae2 net, n_train={configs[2].n_train or 'all (60,000)'}, "
                                         f"{configs[2].epochs} epochs (claims/settings.py)",
                  test_images=2_000, judge="digit CNN (vaecore.quality): reconstruction classified as "
                                           "the true label of the original")
    claim.measure(classifier_accuracy_on_originals=acc_orig,
                  **{f"same_digit_z{z}": v for z, v in same_digit.items()},
                  **{f"psnr_db_z{z}": v for z, v in psnr_db.items()})
    claim.tolerance("share of reconstructions read as the right digit: z 12 >= 0.95 x the originals' "
                    "accuracy, z 4 >= 0.80 x, z 2 > 0.5; PSNR increasing from 2 to 4 to 12",
                    "'well' = hardly a digit lost, 'acceptably' = 4 in 5, 'most' = more than half; the "
                    "originals' accuracy is the ceiling of the judge")
    _montage(claim, rows, "test digits and their reconstructions for z_dim 2, 4, 12, 16")
    assert same_digit[12] >= 0.95 * acc_orig
    assert same_digit[4] >= 0.80 * acc_orig
    assert same_digit[2] > 0.5
    assert psnr_db[2] < psnr_db[4] < psnr_db[12]


# --- curse1.denoise ---------------------------------------------------------------------------

NOISE_SIGMA = 0.5   # additive Gaussian noise on [0, 1] pixels, clipped: "heavily obscured"
DROP_SHARE = 0.5    # share of pixels set to 0 ("randomly dropped pixels")


def _corrupt(x, kind, seed=0):
    rng = np.random.default_rng(seed)
    if kind == "noise":
        return np.clip(x + rng.normal(scale=NOISE_SIGMA, size=x.shape), 0, 1).astype(np.float32)
    keep = rng.random(x.shape[:3] + (1,)) >= DROP_SHARE
    return (x * keep).astype(np.float32)


@_tiers(MNIST_AE_Z16, "ae", fast_xfail=(
    "MNIST AE z 16 (1,000 test digits): from noisy inputs (sigma 0.5) PSNR rises 9.4 -> 12.7 dB "
    "(+3.4, holds), but from 50 %-pixel-dropped inputs only 12.8 -> 14.0 dB (+1.2 < 3 dB); "
    "clean reconstructions reach 18.6 dB"))
@pytest.mark.claim("curse1.denoise", reported={"noisy_inputs": "faces reconstructed",
                                               "dropped_pixels": "faces reconstructed"})
def test_ae_reconstructs_from_heavily_noisy_or_pixel_dropped_inputs(claim, trained, test_images, config, dataset):
    """An AE reconstructs faces from test images heavily obscured by noise or randomly dropped
    pixels."""
    from vaecore.train import decode, encode

    x, _ = test_images(dataset, n=1_000, size=config.image_size)
    model = trained(config).model
    clean_reco = decode(model, encode(model, x)["z"])
    out, rows = {"psnr_db_clean_reco": float(psnr(clean_reco, x).mean())}, [("test", x)]
    for kind in ("noise", "drop"):
        bad = _corrupt(x, kind)
        reco = decode(model, encode(model, bad)["z"])
        out[f"psnr_db_{kind}_input"] = float(psnr(bad, x).mean())
        out[f"psnr_db_{kind}_reco"] = float(psnr(reco, x).mean())
        out[f"gain_db_{kind}"] = out[f"psnr_db_{kind}_reco"] - out[f"psnr_db_{kind}_input"]
        rows += [(f"{kind} input", bad), (f"{kind} reco", reco)]
    claim.setting(dataset=dataset, model=f"AE ({config.name}), n_train={config.n_train or 'all'}",
                  test_images=len(x), noise=f"Gaussian sigma {NOISE_SIGMA}, clipped to [0, 1]",
                  drop=f"{DROP_SHARE:.0%} of pixels set to 0", psnr="vs the clean test image")
    claim.measure(**out)
    claim.tolerance("PSNR of the reconstruction >= PSNR of the corrupted input + 3 dB, for both "
                    "corruptions",
                    "'reconstructs from obscured inputs' = the output is closer to the clean image than "
                    "the input was; 3 dB = the squared error at least halved, not a rounding effect")
    _montage(claim, rows, "clean, corrupted and reconstructed test images")
    assert out["gain_db_noise"] >= 3.0
    assert out["gain_db_drop"] >= 3.0


# --- curse1.ae_random_z_fails / vae_random_z_works ----------------------------------------------

def _random_cube_decodes(model, z_dim, scale, half_widths, seed=0):
    from vaecore.train import decode

    rng = np.random.default_rng(seed)
    return {a: decode(model, rng.uniform(-a * scale, a * scale, size=(N_RANDOM, z_dim)).astype(np.float32))
            for a in half_widths}


def _latent_scale(model, x):
    from vaecore.train import encode

    return float(np.median(encode(model, x)["mu"].std(axis=0)))


@_tiers(MNIST_AE_Z16, "tiny_kl_vae")
@pytest.mark.claim("curse1.ae_random_z_fails", reported={
    "cube_half_widths": "0.5 ... 50", "recognisable_faces": "none", "z_dim": 200})
def test_ae_decodes_nothing_recognisable_from_random_cube_points(claim, trained, test_images, config, dataset):
    """An AE (in fact a VAE with a KL term ~1e-6 of the BCE) decodes no recognisable faces from z
    drawn uniformly in a cube of half-width 0.5 ... 50: most of the latent space is not
    meaningful."""
    from vaecore.train import decode, encode

    x, _ = test_images(dataset, n=N_RANDOM, size=config.image_size)
    model = trained(config).model
    scale = _latent_scale(model, x) if dataset == "mnist" else 1.0
    decodes = _random_cube_decodes(model, config.z_dim, scale, CUBE_HALF_WIDTHS)
    rates = {a: _recognisable(imgs, dataset)["rate"] for a, imgs in decodes.items()}
    own = _recognisable(decode(model, encode(model, x)["mu"]), dataset)
    real = own.get("reference_rate") if dataset == "mnist" else _real_face_rate(test_images, config)
    claim.setting(dataset=dataset, model=config.name, z_dim=config.z_dim, random_points=N_RANDOM,
                  cube_half_widths=[a * scale for a in CUBE_HALF_WIDTHS],
                  cube_unit="typical latent sigma" if dataset == "mnist" else "absolute (sigma ~ 1)",
                  judge="digit CNN, max softmax >= 0.9" if dataset == "mnist" else "Haar face cascade")
    claim.measure(recognisable_rate_per_half_width={str(a): r for a, r in rates.items()},
                  recognisable_rate_encoded_test=own["rate"], recognisable_rate_real=real,
                  latent_sigma=scale)
    claim.tolerance("at every half-width the recognisable rate <= half the rate on real images",
                    "'no recognisable images' read generously: a judge that accepts real images at rate "
                    "p must accept random decodes at less than p / 2")
    _montage(claim, [("real", x)] + [(f"a = {a:g}", decodes[a]) for a in CUBE_HALF_WIDTHS],
             "decodes of z uniform in cubes of half-width a (in latent sigmas on MNIST)")
    assert max(rates.values()) <= 0.5 * real


@_tiers(MNIST_VAE, "vae", fast_xfail=(
    "MNIST VAE fact 1, z 16 (12,000 digits, 5 epochs): decodes of z uniform in [-1, 1]^16 look "
    "like blurry digits, but the digit CNN is >= 90 % sure for only 0.076 of 1,000 (real "
    "digits: 0.876; needs >= 0.438)"))
@pytest.mark.claim("curse1.vae_random_z_works", reported={"cube_half_width": 1.0,
                                                          "recognisable_faces": "yes"})
def test_vae_decodes_recognisable_images_from_random_z_near_the_origin(claim, trained, test_images, config, dataset):
    """A VAE decodes faces from random z within about 1 per coordinate of the origin."""
    model = trained(config).model
    decodes = _random_cube_decodes(model, config.z_dim, 1.0, (1.0,))[1.0]
    rate = _recognisable(decodes, dataset)
    x, _ = test_images(dataset, n=N_RANDOM, size=config.image_size)
    real = rate.get("reference_rate") if dataset == "mnist" else _real_face_rate(test_images, config)
    claim.setting(dataset=dataset, model=config.name, z_dim=config.z_dim, random_points=N_RANDOM,
                  z="uniform in [-1, 1]^z_dim (absolute: the VAE's prior has sigma 1)",
                  judge="digit CNN, max softmax >= 0.9" if dataset == "mnist" else "Haar face cascade")
    claim.measure(recognisable_rate=rate["rate"], recognisable_rate_real=real)
    claim.tolerance("recognisable rate >= half the rate on real images",
                    "'decodes faces' read as the mirror image of curse1.ae_random_z_fails: at least "
                    "half as often recognised as real images")
    _montage(claim, [("real", x), ("z in [-1, 1]", decodes), ("", decodes[8:])],
             "decodes of z uniform in [-1, 1]^z_dim")
    assert rate["rate"] >= 0.5 * real
