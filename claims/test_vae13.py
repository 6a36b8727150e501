"""vae13 — "Does a VAE with tiny KL loss behave like an AE?" (the central post).

The post trains an AE and a VAE whose KL term is weighted by fact = 1e-5 (CelebA 96x96,
z_dim 256, 24 epochs) and finds the tiny-KL VAE indistinguishable from the AE: same loss,
same latent radius shell near R = 16, z = mu, no meaningful images from random z.

Three settings (see ``claims/settings.py``):

* ``fast`` — transfer to MNIST: the vae2 net, z_dim 16, 12,000 digits, 5 epochs, the AE
  ``MNIST_AE_Z16`` against the tiny-KL VAE ``MNIST_TINY_KL_VAE``, latents of the 10,000
  test digits. Absolute radii (the post's 16.75) cannot transfer to z_dim 16: the fast
  claims compare AE with VAE (peak ratio, Wasserstein distance) or use the post's shells
  in units of the measured peak; the literal numbers are checked in the CelebA tiers.
  ``ae_loss`` has no fast transfer: 0.49 BCE per pixel is a property of the faces' grey
  levels (the entropy of the pixels themselves), not of the model.
* ``slow`` — our CelebA subset (14,151 training, 1,572 test faces) at 64x64 on CPU.
* ``gpu`` — the same at the posts' 96x96, and the multi-seed claim with eps clipping.

"Meaningful image" is a score, the same for every model: the digit CNN of
:mod:`vaecore.quality` (max softmax >= 0.9 for a digit, with a "not a digit" class) or
OpenCV's Haar face detector, read against the model's own reconstructions of test images
(same decoder, same blur), so that the score asks where in latent space the decoder
works, not how sharp it is.
"""

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from _marks import refuted
from scipy import stats
from threadpoolctl import threadpool_limits

from settings import CELEBA64, CELEBA96, CELEBA96_TINY_KL_RUNS, MNIST_AE_Z16, MNIST_TINY_KL_VAE
from vaecore.latent import RADIUS_BIN, radius, radius_histogram, radius_peak, shell_fraction

POST_AE_PEAK = 16.75
SETTINGS = {
    "mnist": {"dataset": "mnist", "size": None, "ae": MNIST_AE_Z16, "vae": MNIST_TINY_KL_VAE},
    "celeba64": {"dataset": "celeba", "size": 64, "ae": CELEBA64["ae"], "vae": CELEBA64["tiny_kl_vae"]},
    "celeba96": {"dataset": "celeba", "size": 96, "ae": CELEBA96["ae"], "vae": CELEBA96["tiny_kl_vae"]},
}
FAST = pytest.param("mnist", marks=pytest.mark.fast, id="fast-mnist")
SLOW = pytest.param("celeba64", marks=pytest.mark.slow, id="slow-celeba64")
GPU = pytest.param("celeba96", marks=pytest.mark.gpu, id="gpu-celeba96")
CELEBA = [SLOW, GPU]

CLOSE = 0.10  # "close / alike" for two distributions or curves, see CLOSE_WHY
CLOSE_WHY = ("the post calls the VAE's peak near 16 'close' to the AE's 16.75 (a 4.5 % gap); "
             "10 % - about twice that - is the band for 'close / alike'; shifting one radius "
             "distribution by 10 % of its mean gives a normalised Wasserstein distance of 0.10")


def _fast_xfail(reason):
    return pytest.param("mnist", marks=[pytest.mark.fast, refuted(reason)], id="fast-mnist")


def _describe(claim, name, **extra):
    s = SETTINGS[name]
    where = ("MNIST test digits (10,000)" if s["dataset"] == "mnist"
             else f"CelebA subset test split (last 10 %, 1,572 faces) at {s['size']}x{s['size']}")
    claim.setting(setting=name, data=where, ae=s["ae"].name, tiny_kl_vae=s["vae"].name,
                  training=f"{s['ae'].n_train or 'all'} training images, {s['ae'].epochs} epochs, "
                           f"batch {s['ae'].batch_size}, Adam {s['ae'].learning_rate:g}, BCE", **extra)


@pytest.fixture(scope="module")
def models(trained, test_images):
    """``models(name) -> {"x", "y", "ae", "vae", "codes": {"ae": ..., "vae": ...}}``, memoised."""
    from vaecore.train import encode

    memo = {}

    def get(name):
        if name not in memo:
            s = SETTINGS[name]
            x, y = test_images(s["dataset"], size=s["size"])
            ae, vae = trained(s["ae"]), trained(s["vae"])
            memo[name] = {"x": x, "y": y, "ae": ae, "vae": vae,
                          "codes": {"ae": encode(ae.model, x), "vae": encode(vae.model, x)}}
        return memo[name]

    return get


N_EVAL = 2_000  # test images for the loss comparison: the gap is paired (same images), its SE ~0.1 %


def _test_losses(m) -> dict:
    out = {}
    for kind in ("ae", "vae"):
        ev = m[kind].model.evaluate(m["x"][:N_EVAL], batch_size=500, verbose=0, return_dict=True)
        out[kind] = {k: float(v) for k, v in ev.items()}
    return out


def _final(history) -> dict:
    return {k: float(v[-1]) for k, v in history.items()}


# --- losses --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", CELEBA)
@pytest.mark.claim("vae13.ae_loss", reported={"ae_total_loss_24_epochs": 4515, "bce_per_pixel": 0.49})
def test_ae_total_loss_is_about_4515(claim, models, name):
    """The AE's total loss after 24 epochs is about 4515, about 0.49 BCE per pixel."""
    m = models(name)
    pixels = SETTINGS[name]["size"] ** 2
    final = _final(m["ae"].history)["total_loss"]
    test = _test_losses(m)["ae"]["total_loss"]
    _describe(claim, name, pixels=pixels)
    claim.measure(ae_total_loss=final, bce_per_pixel=final / pixels, test_total_loss=test,
                  test_bce_per_pixel=test / pixels)
    claim.tolerance("BCE per pixel within 5 % of 0.49 (96x96: total within 5 % of 4515)",
                    "the BCE of a near-perfect reconstruction is set by the faces' own grey levels, "
                    "a property of the data; our 14k-image subset of the same faces should land "
                    "within 5 % (the post's runs of other models differ by ~1 %)")
    assert final / pixels == pytest.approx(0.49, rel=0.05)


@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae13.vae_loss_close", reported={"vae_total_loss": "4553 - 4555 (4 runs)",
                                                     "ae_total_loss": 4515, "relative_gap": "about 1 %"})
def test_tiny_kl_vae_total_loss_is_within_about_1_percent_of_the_ae(claim, models, name):
    """The tiny-KL VAE's total loss is within about 1 % of the AE's."""
    m = models(name)
    test = _test_losses(m)
    gap = test["vae"]["total_loss"] / test["ae"]["total_loss"] - 1
    train_gap = _final(m["vae"].history)["total_loss"] / _final(m["ae"].history)["total_loss"] - 1
    _describe(claim, name, loss=f"total loss on {N_EVAL:,} test images (model.evaluate), and the last epoch's")
    claim.measure(ae_test_total_loss=test["ae"]["total_loss"], vae_test_total_loss=test["vae"]["total_loss"],
                  relative_gap_test=gap, relative_gap_last_epoch=train_gap,
                  ae_history=m["ae"].history["total_loss"], vae_history=m["vae"].history["total_loss"])
    claim.tolerance("|VAE / AE - 1| < 0.015 on the test images",
                    "'about 1 %' read to its one significant digit: below 1.5 %")
    assert abs(gap) < 0.015


@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae13.kl_tiny", reported={"kl_loss": 0.0178, "reco_loss": 4550, "kl_over_reco": "< 4e-6"})
def test_tiny_kl_vae_kl_loss_is_negligible(claim, models, name):
    """The tiny-KL VAE's KL loss (about 0.0178) is negligible against its reconstruction
    loss (about 4550): ratio < 4e-6."""
    m = models(name)
    last = _final(m["vae"].history)
    ratio = last["kl_loss"] / last["reco_loss"]
    _describe(claim, name, fact=SETTINGS[name]["vae"].fact)
    claim.measure(kl_loss=last["kl_loss"], reco_loss=last["reco_loss"], kl_over_reco=ratio,
                  kl_history=m["vae"].history["kl_loss"])
    if name == "mnist":
        claim.tolerance("KL / reco < 1e-4 (transfer); the post's 4e-6 is for z_dim 256 over 9,216 pixels",
                        "'negligible' = 100x below the 1 % at which these claims compare losses; the "
                        "literal ratio depends on z_dim and the pixel count, so it is the CelebA tiers'")
        assert ratio < 1e-4
    else:
        claim.tolerance("KL / reco < 4e-6", "the post's own bound")
        assert ratio < 4e-6


# --- radii ---------------------------------------------------------------------------------------

def _radius_figure(claim, r_ae, r_vae, title, post_peak=None):
    top = RADIUS_BIN * (np.floor(max(r_ae.max(), r_vae.max()) / RADIUS_BIN) + 2)
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for r, label in ((r_ae, "AE"), (r_vae, "tiny-KL VAE")):
        counts, edges = radius_histogram(r, r_max=top)
        ax.stairs(counts, edges, label=f"{label} (peak {radius_peak(r):.2f})")
    if post_peak:
        ax.axvline(post_peak, color="k", ls="--", lw=1, label=f"post: AE peak {post_peak}")
    ax.set(xlabel="radius R = |z| (bins of 0.5)", ylabel="count")
    ax.legend(fontsize=8)
    claim.figure(fig, title)


@pytest.mark.parametrize("name", [_fast_xfail(
    "fast tier (MNIST, z_dim 16): the AE's radius peak is 36.25; only 0.454 of the test points lie "
    "in the post's 14 <= R <= 19 shell scaled to the peak (0.836 - 1.134 x peak) and 0.887 in the "
    "scaled 12 < R < 24 (0.716 - 1.433 x peak). Expected from the dimension: the radius spread of a "
    "k-dim cloud is ~1/sqrt(2k) of its radius, 4x wider at k = 16 than at 256"), *CELEBA])
@pytest.mark.claim("vae13.ae_radius_peak", reported={"ae_radius_peak": 16.75, "share_12_24": "almost all",
                                                     "share_14_19": "> 0.5"})
def test_ae_radius_histogram_peaks_near_16_75(claim, models, name):
    """The AE's radius histogram (bins of 0.5) peaks near R = 16.75; almost all points lie in
    12 < R < 24 and more than 50 % in 14 <= R <= 19."""
    m = models(name)
    r = radius(m["codes"]["ae"]["z"])
    peak = radius_peak(r)
    scale = peak / POST_AE_PEAK if name == "mnist" else 1.0  # transfer: the shells in units of the peak
    wide, core = shell_fraction(r, 12 * scale, 24 * scale), shell_fraction(r, 14 * scale, 19 * scale)
    _describe(claim, name, shells="the post's, scaled by measured peak / 16.75" if name == "mnist"
              else "the post's, literal")
    claim.measure(ae_radius_peak=peak, shell_lo_hi_wide=[12 * scale, 24 * scale], share_wide=wide,
                  shell_lo_hi_core=[14 * scale, 19 * scale], share_core=core,
                  radius_mean=r.mean(), radius_cv=r.std() / r.mean())
    _radius_figure(claim, r, radius(m["codes"]["vae"]["z"]), "radius histograms of AE and tiny-KL VAE",
                   None if name == "mnist" else POST_AE_PEAK)
    claim.tolerance("'almost all' = share >= 0.95; 'more than 50 %' = share > 0.5; CelebA: |peak - 16.75| <= 1",
                    "95 % is the usual reading of 'almost all'; 1.0 = two of the post's 0.5 bins, the "
                    "spread of the post's own runs (16 - 16.75)")
    if name != "mnist":
        assert abs(peak - POST_AE_PEAK) <= 1.0
    assert wide >= 0.95
    assert core > 0.5


@pytest.mark.parametrize("name", [_fast_xfail(
    "fast tier (MNIST, z_dim 16, 5 epochs): the tiny-KL VAE's radius peak is 27.75 against the AE's "
    "36.25 (ratio 0.766) and the normalised Wasserstein distance is 0.263 (KS 0.57): the radius "
    "scales differ by ~25 %. Form and relative width do agree: radius CV 0.183 vs 0.199, Wasserstein "
    "distance of R / mean(R) 0.017"), *CELEBA])
@pytest.mark.claim("vae13.vae_radius_like_ae", reported={"vae_radius_peak": "close to 16",
                                                         "ae_radius_peak": 16.75, "form_and_width": "very comparable"})
def test_tiny_kl_vae_radius_histogram_is_like_the_aes(claim, models, name):
    """The tiny-KL VAE's radius histogram peaks close to R = 16 too, with form and width very
    comparable to the AE's."""
    m = models(name)
    r_ae, r_vae = radius(m["codes"]["ae"]["z"]), radius(m["codes"]["vae"]["z"])
    ratio = radius_peak(r_vae) / radius_peak(r_ae)
    w1 = stats.wasserstein_distance(r_ae, r_vae) / r_ae.mean()
    w1_shape = stats.wasserstein_distance(r_ae / r_ae.mean(), r_vae / r_vae.mean())
    _describe(claim, name)
    claim.measure(ae_radius_peak=radius_peak(r_ae), vae_radius_peak=radius_peak(r_vae), peak_ratio=ratio,
                  wasserstein_over_ae_mean=w1, ks_statistic=stats.ks_2samp(r_ae, r_vae).statistic,
                  wasserstein_of_r_over_mean=w1_shape, ae_radius_cv=r_ae.std() / r_ae.mean(),
                  vae_radius_cv=r_vae.std() / r_vae.mean())
    _radius_figure(claim, r_ae, r_vae, "radius histograms of AE and tiny-KL VAE",
                   None if name == "mnist" else POST_AE_PEAK)
    claim.tolerance(f"|peak ratio - 1| <= {CLOSE}; Wasserstein(R_ae, R_vae) / mean(R_ae) <= {CLOSE}; "
                    "CelebA also |VAE peak - 16| <= 1", CLOSE_WHY)
    if name != "mnist":
        assert abs(radius_peak(r_vae) - 16.0) <= 1.0
    assert abs(ratio - 1) <= CLOSE
    assert w1 <= CLOSE


# --- logvar, z and mu ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae13.logvar_negative", reported={"logvar_mean": -13.7, "logvar_max": -2.0,
                                                      "logvar_min": -24.7, "other_runs_max": 3.4,
                                                      "optimal": "logvar < -3"})
def test_tiny_kl_vae_logvar_is_strongly_negative(claim, models, name):
    """The tiny-KL VAE's logvar components are strongly negative: mean about -13.7, max about
    -2.0, min about -24.7 ("logvar < -3 would be optimal")."""
    lv = models(name)["codes"]["vae"]["logvar"]
    above = int((lv > -3).sum())
    _describe(claim, name, components=int(lv.size))
    claim.measure(logvar_mean=lv.mean(), logvar_min=lv.min(), logvar_max=lv.max(),
                  count_above_minus_3=above, share_above_minus_3=above / lv.size)
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(lv.ravel(), bins=100)
    ax.axvline(-3, color="k", ls="--", lw=1, label="-3 (the post: 'optimal' below)")
    ax.axvline(-13.7, color="r", ls=":", lw=1, label="post: mean -13.7")
    ax.set(xlabel="logvar (all components)", ylabel="count", yscale="log")
    ax.legend(fontsize=8)
    claim.figure(fig, "logvar of the tiny-KL VAE over all test points and components")
    mean_bound = -3.0 if name == "mnist" else -13.7 / 2
    claim.tolerance(f"mean < {mean_bound}; share of components above -3 < 1e-3; max < 3.4",
                    "-3 is the post's own threshold (transfer: 5 epochs are too short for the literal "
                    "mean; logvar keeps drifting down while nothing stops it); CelebA: at least half the "
                    "post's mean; 3.4 is the largest value of the post's runs; 1e-3 keeps exceptions exceptional")
    assert lv.mean() < mean_bound
    assert above / lv.size < 1e-3
    assert lv.max() < 3.4


@pytest.mark.parametrize("name", [_fast_xfail(
    "fast tier (MNIST, 5 epochs): max |z - mu| = 0.17 - 0.21 (post 0.26; the value depends on the eps "
    "stream, freshly trained or cached model), but ~1,450 - 1,490 of 160,000 components (0.9 %) have "
    "0.05 < |z - mu| < 2 (post: ~5 of 43.5 million); logvar has only reached a mean of -10.4 and a max "
    "of -4.7, so sigma up to 0.095"), *CELEBA])
@pytest.mark.claim("vae13.z_equals_mu", reported={"max_abs_z_minus_mu": 0.26,
                                                  "count_0.05_to_2": "~5 of 43.5 million"})
def test_tiny_kl_vae_z_equals_mu(claim, models, name):
    """For the tiny-KL VAE z equals mu: max |z - mu| is about 0.26 and only ~5 of 43.5 million
    components have 0.05 < |z - mu| < 2."""
    codes = models(name)["codes"]["vae"]
    d = np.abs(codes["z"] - codes["mu"])
    count = int(((d > 0.05) & (d < 2)).sum())
    allowed = max(1, int(1e-6 * d.size))
    _describe(claim, name, components=int(d.size), z="one sample of eps per test image (training mode off)")
    claim.measure(max_abs_z_minus_mu=d.max(), count_between_0_05_and_2=count, share=count / d.size,
                  allowed_count=allowed)
    claim.tolerance("max |z - mu| <= 0.5; count(0.05 < |z - mu| < 2) <= max(1, 1e-6 x components)",
                    "0.5 = twice the post's max, same order; ~5 in 43.5 million is ~1e-7, ten times that "
                    "(at least one component in our smaller sample) is still 'only a handful'")
    assert d.max() <= 0.5
    assert count <= allowed


@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae13.radius_z_vs_mu", reported={"mean_relative_difference": 6e-5, "max_relative_difference": 7e-4,
                                                     "other_run": "mean 6.6e-5, max 1.25e-2"})
def test_radius_from_z_equals_radius_from_mu(claim, models, name):
    """Radii from z and from mu agree: relative difference about 6e-5 on average, max about 7e-4
    (another run: 6.6e-5 and 1.25e-2)."""
    codes = models(name)["codes"]["vae"]
    r_z, r_mu = radius(codes["z"]), radius(codes["mu"])
    rel = np.abs(r_z - r_mu) / r_mu
    half_bin = 0.5 * RADIUS_BIN / radius_peak(r_mu)
    _describe(claim, name)
    claim.measure(mean_relative_difference=rel.mean(), max_relative_difference=rel.max(),
                  half_bin_over_peak=half_bin)
    claim.tolerance("max < half a histogram bin / peak radius; mean < a tenth of that",
                    "the claim's use: z and mu give the same radius histogram, so no point may move by "
                    "more than half a 0.5 bin at the peak (0.25 / 16.75 = 1.5e-2 in the post, which "
                    "its worst run 1.25e-2 meets)")
    assert rel.max() < half_bin
    assert rel.mean() < half_bin / 10


@pytest.mark.gpu
@pytest.mark.claim("vae13.runs_land_near_16", reported={
    "without_clipping": "3 of 4 runs near 16 (others: second minimum near 19.75; one jumped to R = 66 "
                        "at epoch 22 with a KL jump)", "with_eps_clip_5": "all runs near 16"})
def test_eps_clipping_makes_all_runs_land_near_16(claim, trained, test_images):
    """Without eps clipping 3 of 4 tiny-KL VAE runs end with the radius peak near 16; with
    |eps| <= 5 clipping all runs do."""
    from vaecore.train import encode

    x, _ = test_images("celeba", size=96)
    peaks = {}
    for (seed, clip), config in CELEBA96_TINY_KL_RUNS.items():
        run = trained(config)
        peaks[(seed, clip)] = radius_peak(radius(encode(run.model, x)["z"]))
    near = {k: 15.0 <= p <= 18.0 for k, p in peaks.items()}
    clipped = [k for k in peaks if k[1] is not None]
    unclipped = [k for k in peaks if k[1] is None]
    claim.setting(data="CelebA subset test split at 96x96", runs=[c.name + (f"-clip{c.eps_clip:g}" if c.eps_clip else "")
                                                                 for c in CELEBA96_TINY_KL_RUNS.values()],
                  seeds=sorted({k[0] for k in peaks}), eps_clip=[None, 5.0])
    claim.measure(radius_peaks={f"seed{s}-{'clip5' if c else 'noclip'}": p for (s, c), p in peaks.items()},
                  near_16_without_clipping=f"{sum(near[k] for k in unclipped)} of {len(unclipped)}",
                  near_16_with_clipping=f"{sum(near[k] for k in clipped)} of {len(clipped)}")
    claim.tolerance("'near 16' = peak in [15, 18]; all clipped runs near 16 (the unclipped count is reported)",
                    "[15, 18] holds the post's near-16 peaks (16 - 16.75) with two bins to spare and "
                    "excludes its outliers (19.75, 66); which unclipped run fails is chance, so only the "
                    "clipped 'all' is asserted")
    assert all(near[k] for k in clipped)


# --- clustering: inertia and t-SNE --------------------------------------------------------------

KS = np.arange(2, 81, 2)
N_INERTIA = 3_000
PRONOUNCED = 2.0


def inertia_curve(points, seed=0) -> np.ndarray:
    """MiniBatchKMeans inertia for k = 2, 4, ..., 80 (the post's range)."""
    from sklearn.cluster import MiniBatchKMeans

    with threadpool_limits(1):  # 40x faster on a shared 2-core CPU than oversubscribed threads
        return np.array([MiniBatchKMeans(k, batch_size=1024, n_init=1, random_state=seed).fit(points).inertia_
                         for k in KS])


def elbow(ks, inertia) -> dict:
    """The forced elbow and how pronounced it is.

    ``forced_k``: the kneedle point, the largest vertical gap below the chord of the curve
    scaled to [0, 1]^2. ``slope_ratio``: the best two-segment fit of log(inertia) against
    log(k); the ratio of the slope before the break to the slope after it. A cluster-free
    cloud gives a power law k^(-2/d), a straight line, ratio ~1; a pronounced elbow (steep,
    then flat) a large ratio.
    """
    ks, inertia = np.asarray(ks, float), np.asarray(inertia, float)
    x = (ks - ks[0]) / (ks[-1] - ks[0])
    y = (inertia - inertia.min()) / (inertia.max() - inertia.min())
    gap = 1 - x - y
    lk, li = np.log(ks), np.log(inertia)
    best = None
    for b in range(3, len(ks) - 3):
        fits = [np.polyfit(lk[s], li[s], 1) for s in (slice(0, b + 1), slice(b, None))]
        sse = sum(np.sum((np.polyval(f, lk[s]) - li[s]) ** 2) for f, s in zip(fits, (slice(0, b + 1), slice(b, None))))
        if best is None or sse < best[0]:
            best = (sse, ks[b], fits[0][0], fits[1][0])
    return {"forced_k": int(ks[int(np.argmax(gap))]), "knee_gap": float(gap.max()), "break_k": int(best[1]),
            "slope_before": float(best[2]), "slope_after": float(best[3]),
            "slope_ratio": float(best[2] / best[3])}


@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae13.no_elbow", reported={"elbow": "none pronounced", "forced_elbow_k": "38 - 42",
                                               "ae_vs_vae": "curves look alike"})
def test_inertia_curves_have_no_pronounced_elbow_and_look_alike(claim, models, name):
    """The KMeans inertia curve of the latent points (MiniBatchKMeans, k = 2..80 in steps of 2)
    has no pronounced elbow (if forced: k about 38 - 42), and the AE's and the tiny-KL VAE's
    curves look alike."""
    m = models(name)
    pick = np.random.default_rng(0).permutation(len(m["x"]))[:N_INERTIA]
    curves = {kind: inertia_curve(m["codes"][kind]["mu"][pick]) for kind in ("ae", "vae")}
    elbows = {kind: elbow(KS, c) for kind, c in curves.items()}
    shape_gap = float(np.max(np.abs(np.log(curves["ae"] / curves["ae"][0]) - np.log(curves["vae"] / curves["vae"][0]))))
    _describe(claim, name, points=len(pick), kmeans="MiniBatchKMeans(batch_size=1024, n_init=1)", k=f"{KS[0]}..{KS[-1]} step 2")
    claim.measure(**{f"{kind}_{k}": v for kind, e in elbows.items() for k, v in e.items()},
                  max_log_gap_of_normalised_curves=shape_gap,
                  ae_inertia=curves["ae"], vae_inertia=curves["vae"])
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
    for kind, label in (("ae", "AE"), ("vae", "tiny-KL VAE")):
        axes[0].plot(KS, curves[kind] / curves[kind][0], "o-", ms=3,
                     label=f"{label} (forced elbow k={elbows[kind]['forced_k']})")
        axes[1].loglog(KS, curves[kind], "o-", ms=3, label=f"{label} (slope ratio {elbows[kind]['slope_ratio']:.2f})")
    axes[0].axvspan(38, 42, color="0.85", label="post: forced elbow 38 - 42")
    axes[0].set(xlabel="k", ylabel="inertia / inertia(k=2)")
    axes[1].set(xlabel="k", ylabel="inertia")
    axes[1].xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    for ax in axes:
        ax.legend(fontsize=7)
    claim.figure(fig, "KMeans inertia curves of AE and tiny-KL VAE latents")
    claim.tolerance(f"no pronounced elbow: log-log slope ratio < {PRONOUNCED} for both; alike: normalised "
                    f"curves within {CLOSE} in log (~10 %); the forced elbow is reported, not asserted",
                    "a power law (no clusters) is a straight log-log line, ratio 1; 'pronounced' = the "
                    f"decay rate at least halves at the elbow. {CLOSE_WHY}. The post's forced k is an "
                    "eye reading with no criterion to reproduce")
    assert all(e["slope_ratio"] < PRONOUNCED for e in elbows.values())
    assert shape_gap <= CLOSE


N_TSNE = 1_500
WEAK = 0.5  # Kaufman & Rousseeuw: silhouette 0.26 - 0.50 'weak', <= 0.25 'no substantial structure'


def tsne_map(points, seed=0):
    from sklearn.manifold import TSNE

    return TSNE(2, perplexity=30, init="pca", random_state=seed).fit_transform(points)


def map_scores(latent, tsne, labels=None, n_clusters=10) -> dict:
    """Clustering strength of a t-SNE map: silhouette of KMeans(10) on it, trustworthiness,
    and (with labels) the 10-NN class accuracy on the map (5-fold CV)."""
    from sklearn.cluster import KMeans
    from sklearn.manifold import trustworthiness
    from sklearn.metrics import silhouette_score

    out = {"silhouette": float(silhouette_score(tsne, KMeans(n_clusters, n_init=4, random_state=0).fit_predict(tsne))),
           "trustworthiness": float(trustworthiness(latent, tsne, n_neighbors=10))}
    if labels is not None:
        from vaecore.separation import map_separation

        out["knn10_class_accuracy"] = map_separation(tsne, labels, k=10, folds=5)["knn_accuracy"]
    return out


def neighbour_overlap(a, b, k=10) -> float:
    """Mean share of each point's k nearest neighbours in map a that are also its k nearest in b."""
    from sklearn.neighbors import NearestNeighbors

    na, nb = (NearestNeighbors(n_neighbors=k + 1).fit(m).kneighbors(m, return_distance=False)[:, 1:] for m in (a, b))
    return float(np.mean([len(set(p) & set(q)) / k for p, q in zip(na, nb)]))


@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae13.tsne_similar", reported={"clustering": "similar, weak (by eye)"})
def test_tsne_maps_of_ae_and_tiny_kl_vae_show_similar_weak_clustering(claim, models, name):
    """t-SNE maps of AE and tiny-KL VAE latent points show similar, weak clustering."""
    m = models(name)
    pick = np.random.default_rng(1).permutation(len(m["x"]))[:N_TSNE]
    labels = None if m["y"] is None else m["y"][pick]
    latents = {kind: m["codes"][kind]["mu"][pick] for kind in ("ae", "vae")}
    with threadpool_limits(1):
        maps = {kind: tsne_map(z) for kind, z in latents.items()}
        scores = {kind: map_scores(latents[kind], maps[kind], labels) for kind in maps}
    overlap = neighbour_overlap(maps["ae"], maps["vae"])
    _describe(claim, name, points=len(pick), tsne="sklearn TSNE(perplexity=30, init='pca', random_state=0)",
              clustering="silhouette of KMeans(10) on the 2-d map")
    claim.measure(**{f"{kind}_{k}": v for kind, s in scores.items() for k, v in s.items()},
                  neighbour_overlap_ae_vs_vae_maps=overlap, neighbour_overlap_chance=10 / (len(pick) - 1))
    fig, axes = plt.subplots(1, 2, figsize=(8, 4))
    for ax, (kind, label) in zip(axes, (("ae", "AE"), ("vae", "tiny-KL VAE"))):
        colour = {"c": labels, "cmap": "tab10"} if labels is not None else {"color": "C0"}
        ax.scatter(*maps[kind].T, s=2, **colour)
        ax.set(title=f"{label}: silhouette {scores[kind]['silhouette']:.2f}", xticks=[], yticks=[])
    claim.figure(fig, "t-SNE maps of the latent points (MNIST: coloured by digit)")
    sil_gap = abs(scores["ae"]["silhouette"] - scores["vae"]["silhouette"])
    if name == "mnist":
        claim.tolerance(f"similar: silhouettes within {CLOSE}, 10-NN class accuracies within 0.05; "
                        "'weak' is not asserted on MNIST",
                        "silhouettes live on [-1, 1]; 0.1 is a fifth of a Kaufman-Rousseeuw band; 0.05 = 75 "
                        "of 1,500 points. Digits are ten classes, faces are not: weak clustering is a "
                        "property of the face data and belongs to the CelebA tiers")
        assert abs(scores["ae"]["knn10_class_accuracy"] - scores["vae"]["knn10_class_accuracy"]) <= 0.05
    else:
        claim.tolerance(f"similar: silhouettes within {CLOSE}; weak: both <= {WEAK}",
                        "Kaufman & Rousseeuw's scale calls 0.26 - 0.50 'weak' structure; 0.1 is a fifth "
                        "of such a band")
        assert max(s["silhouette"] for s in scores.values()) <= WEAK
    assert sil_gap <= CLOSE


# --- random z ------------------------------------------------------------------------------------

N_RANDOM = 1_000
RANDOM_Z = {"normal": lambda rng, n, d: rng.normal(size=(n, d)),
            "uniform_2": lambda rng, n, d: rng.uniform(-2, 2, (n, d)),
            "uniform_10": lambda rng, n, d: rng.uniform(-10, 10, (n, d))}
NOT_MEANINGFUL = 0.1


def meaningful_share(images, dataset) -> float:
    """The objective 'meaningful image' score: confident digits, or Haar-detected faces."""
    from vaecore import quality

    if dataset == "mnist":
        return quality.digit_confidence_score(images, reference=False)["confident_fraction"]
    return quality.face_detection_rate(images)["detection_rate"]


def image_grid(claim, rows, title):
    """rows: (label, images); the first 10 images of each row."""
    fig, axes = plt.subplots(len(rows), 10, figsize=(10, 1.05 * len(rows)), squeeze=False)
    for row, (label, imgs) in zip(axes, rows):
        for ax, im in zip(row, imgs[:10]):
            ax.imshow(im[..., 0] if im.shape[-1] == 1 else im, cmap="gray", vmin=0, vmax=1)
            ax.set_xticks([]), ax.set_yticks([])
        row[0].set_ylabel(label, fontsize=7, rotation=0, ha="right", va="center")
    claim.figure(fig, title)


@pytest.mark.parametrize("name", [FAST, *CELEBA])
@pytest.mark.claim("vae13.random_z_fails", reported={"tiny_kl_vae": "no meaningful images", "ae": "none either",
                                                     "z": "normal, uniform in [-2, 2] and [-10, 10]"})
def test_tiny_kl_vae_like_an_ae_decodes_nothing_meaningful_from_random_z(claim, models, name):
    """Like an AE, the tiny-KL VAE decodes no meaningful images from random z (normal, or
    uniform in [-2, 2] or [-10, 10])."""
    from vaecore.train import decode

    m = models(name)
    dataset = SETTINGS[name]["dataset"]
    rng = np.random.default_rng(0)
    scores, rows = {}, []
    for kind in ("ae", "vae"):
        model = m[kind].model
        recon = decode(model, m["codes"][kind]["mu"][:N_RANDOM])
        scores[f"{kind}_reconstructions"] = meaningful_share(recon, dataset)
        for dist, draw in RANDOM_Z.items():
            images = decode(model, draw(rng, N_RANDOM, model.decoder.input_shape[-1]).astype("float32"))
            scores[f"{kind}_{dist}"] = meaningful_share(images, dataset)
            rows.append((f"{kind} {dist}", images))
    scores["real_test_images"] = meaningful_share(m["x"][:N_RANDOM], dataset)
    _describe(claim, name, random_points=N_RANDOM,
              score="digit CNN: share with softmax >= 0.9 for one digit" if dataset == "mnist"
              else "share of images with a Haar-cascade face (OpenCV frontalface_default)")
    claim.measure(**scores)
    image_grid(claim, rows, "decoded random z: AE and tiny-KL VAE")
    claim.tolerance(f"each random-z score <= {NOT_MEANINGFUL} x the model's score on its own reconstructions",
                    "'no meaningful images' = an order of magnitude rarer than among the decoder's own "
                    "reconstructions of test images, which share its blur (and which must themselves pass "
                    "at >= 0.5 x the real images' rate, else the score cannot judge)")
    for kind in ("ae", "vae"):  # the score can only judge random z if the reconstructions pass it
        assert scores[f"{kind}_reconstructions"] >= 0.5 * scores["real_test_images"], kind
        for dist in RANDOM_Z:
            assert scores[f"{kind}_{dist}"] <= NOT_MEANINGFUL * scores[f"{kind}_reconstructions"], (kind, dist)
