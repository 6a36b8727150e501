"""curse2 — "Autoencoders, latent space and the curse of high dimensionality – II –
fragments and filaments of the latent space" (AE on CelebA, z_dim = 256, 24 epochs, 96x96).

Tiers: ``fast`` transfers the findings to MNIST with an AE of the vae2 net and z_dim = 64
(far more dimensions than the digits' intrinsic ~10, as 256 is for faces), z-points of the
10,000 test digits; ``slow`` is the posts' AE at 64x64 on our CelebA subset; ``gpu`` the
posts' 96x96. The CelebA tiers use the z-points of the training split, as the post did.
The metrics are the pure functions of :mod:`vaecore.latent`, tested on synthetic ground
truth in ``tests/test_latent.py``.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from _marks import refuted

from settings import CELEBA64, CELEBA96, MNIST_AE_Z64
from vaecore import latent

FAST = pytest.mark.fast
SLOW = pytest.mark.slow
GPU = pytest.mark.gpu


def _tiers(fast_xfail=None):
    """One param per tier: (config, dataset, split); the fast one may carry a strict xfail."""
    fast_marks = [FAST] + ([refuted(fast_xfail)] if fast_xfail else [])
    return pytest.mark.parametrize("config, dataset, split", [
        pytest.param(MNIST_AE_Z64, "mnist", "test", marks=fast_marks, id="fast-mnist-z64"),
        pytest.param(CELEBA64["ae"], "celeba", "train", marks=SLOW, id="slow-celeba64-z256"),
        pytest.param(CELEBA96["ae"], "celeba", "train", marks=GPU, id="gpu-celeba96-z256"),
    ])


@pytest.fixture(scope="module")
def z_points(trained, test_images):
    """``z_points(config, dataset, split) -> (n, z_dim)``: the AE's codes, memoised."""
    from vaecore.images import load_images
    from vaecore.errors import DataNotFoundError
    from vaecore.train import encode

    memo = {}

    def get(config, dataset, split):
        key = (config, split)
        if key not in memo:
            model = trained(config).model
            if split == "test":
                x, _ = test_images(dataset, size=config.image_size)
            else:
                try:
                    x, _ = load_images(dataset, split, n=config.n_train, size=config.image_size,
                                       seed=config.seed)
                except DataNotFoundError as err:
                    pytest.skip(str(err))
            memo[key] = encode(model, x)["z"]
        return memo[key]

    return get


def _setting(claim, config, dataset, split, z):
    claim.setting(dataset=dataset, images=f"{config.image_size}x{config.image_size}",
                  model=f"AE ({config.name}), n_train={config.n_train or 'all'}, {config.epochs} epochs",
                  z_points=f"{len(z)} codes of the {split} split", z_dim=z.shape[1])


# --- curse2.axis_gaussians ----------------------------------------------------------------------

BROAD = 2.5  # the post: typical half-width 1 - 2, broad axes 5 - 11: at least 5 / 2 = 2.5 times


@_tiers(fast_xfail=(
    "MNIST z_dim 64: 56 of 64 axes (0.875 < 0.9) have KS <= 0.05, 59 of 64 are centred, and no "
    "axis is broad: the widest is 2.40 x the typical width 3.65 (threshold 2.5, the post's 5 / 2); "
    "5 axes are off-centre, one (37) far (-15.4 at width 8.8)"))
@pytest.mark.claim("curse2.axis_gaussians", reported={
    "typical_axis": "Gaussian peaked at 0, half-width 1 - 2 (sigma ~ 1)",
    "broad_axes": "about 5 of 256 (e.g. 52, 130, 171, 200, 221), width 5 - 11, off-centre"})
def test_axes_are_unit_gaussians_except_a_few_broad_off_centre_ones(claim, z_points, config, dataset, split):
    """Along most latent axes the z-points' density is a Gaussian centred at 0 (sigma ~ 1 on
    CelebA); a handful of axes are much broader (width 5 - 11) and off-centre."""
    z = z_points(config, dataset, split)
    f = latent.axis_fits(z, broad=BROAD, off_centre=1.0)
    k = z.shape[1]
    gaussian_like = float(np.mean(f["ks"] <= 0.05))
    centred = float(np.mean(np.abs(f["centre"]) <= f["typical_width"]))
    broad_off = [a for a in f["broad_axes"] if a in f["off_centre_axes"]]
    _setting(claim, config, dataset, split, z)
    claim.measure(typical_width=f["typical_width"], share_gaussian_like_axes=gaussian_like,
                  share_centred_axes=centred, n_broad=f["n_broad"], broad_axes=f["broad_axes"],
                  broad_widths=f["width"][f["broad_axes"]], broad_and_off_centre=broad_off,
                  off_centre_axes=f["off_centre_axes"],
                  max_width_over_typical=f["max_width_over_typical"], median_ks=f["median_ks"])
    literal = dataset == "celeba"
    claim.tolerance(
        "share of axes with KS distance <= 0.05 and of axes centred within one typical width "
        f">= 0.9; 1 <= broad axes (width > {BROAD} x typical) <= {'15' if literal else '6 %'} of the "
        "axes, at least half of them off-centre" + ("; typical sigma in [0.75, 2]" if literal else ""),
        "'most axes' is read as 9 in 10; KS 0.05 is a 5 % CDF deviation, invisible in a density "
        "plot; 'about 5' of 256 allows up to 3x that; broad = the post's smallest broad width over "
        "its largest typical half-width; sigma band = the post's half-widths 1 - 2 (HWHM = 1.18 sigma)"
        " widened to 0.75")
    _axis_figure(claim, f, z)
    assert gaussian_like >= 0.9 and centred >= 0.9
    assert 1 <= f["n_broad"] <= (15 if literal else max(1, int(0.06 * k)))
    assert len(broad_off) >= f["n_broad"] / 2
    if literal:
        assert 0.75 <= f["typical_width"] <= 2.0


def _axis_figure(claim, f, z):
    fig, ax = plt.subplots(figsize=(6, 3.5))
    lo, hi = z.min(), z.max()
    bins = np.linspace(lo, hi, 121)
    centres = (bins[1:] + bins[:-1]) / 2
    highlight = set(f["broad_axes"]) | set(f["off_centre_axes"])
    for j in range(z.shape[1]):
        counts, _ = np.histogram(z[:, j], bins=bins)
        if j in highlight:
            ax.plot(centres, counts, lw=1.4, label=f"axis {j} (width {f['width'][j]:.2g})")
        else:
            ax.plot(centres, counts, color="grey", lw=0.5, alpha=0.3)
    ax.set(xlabel="z_j", ylabel="number of z-points per bin")
    if highlight:
        ax.legend(fontsize=7)
    claim.figure(fig, "number density along every latent axis (grey); broad or off-centre axes coloured")


# --- curse2.radius_sqrt_zdim -------------------------------------------------------------------

@_tiers(fast_xfail=(
    "MNIST z_dim 64: the radius histogram peaks at R = 34.25 (0.5 bins), not at sqrt(64) = 8: "
    "the AE's per-axis RMS is 4.7, not 1, so the literal sqrt(z_dim) needs the posts' unit scale; "
    "the general law sqrt(sum E[z_j^2]) = 37.7 holds (see the second test of this id)"))
@pytest.mark.claim("curse2.radius_sqrt_zdim", reported={"radius_peak": 16.5, "sqrt_zdim": 16.0})
def test_radius_peaks_at_sqrt_zdim(claim, z_points, config, dataset, split):
    """The radius histogram peaks at R ~ 16.5, explained by unit-variance Gaussian coordinates:
    E[x^2] = 1 per axis gives R ~ sqrt(256) = 16."""
    z = z_points(config, dataset, split)
    law = latent.radius_law(z, bin_width=latent.RADIUS_BIN)
    _setting(claim, config, dataset, split, z)
    claim.measure(**{k: law[k] for k in ("radius_peak", "sqrt_zdim", "radius_law", "rms_per_axis",
                                         "radius_mean", "radius_std")})
    claim.tolerance("|peak - sqrt(z_dim)| <= 1.0 (bins of 0.5)",
                    "the posts' own runs peak at 16.5 - 16.75 for sqrt(256) = 16; two bins of 0.5 is "
                    "the reading precision of their histogram")
    _radius_figure(claim, z, law)
    assert abs(law["radius_peak"] - law["sqrt_zdim"]) <= 1.0


@_tiers()
@pytest.mark.claim("curse2.radius_sqrt_zdim", reported={"radius_peak": 16.5,
                                                        "law": "R ~ sqrt(sum_j E[z_j^2])"})
def test_radius_peaks_at_the_second_moment_law(claim, z_points, config, dataset, split):
    """General law behind the finding: for roughly Gaussian coordinates the radius histogram
    peaks near sqrt(sum of the per-axis second moments)."""
    z = z_points(config, dataset, split)
    law = latent.radius_law(z, bin_width=None)
    _setting(claim, config, dataset, split, z)
    claim.measure(**{k: law[k] for k in ("radius_peak", "radius_law", "peak_over_law", "radius_std",
                                         "bin_width", "sqrt_zdim", "rms_per_axis")})
    claim.tolerance("|peak - law| <= 0.5 x the radius standard deviation (bins of law / 40)",
                    "'concentrates near' = the peak lies well inside the radius distribution's own "
                    "width; for N(0, s^2 I_k) the offset is ~0.5 / sqrt(k) of the law, far less")
    _radius_figure(claim, z, law)
    assert abs(law["radius_peak"] - law["radius_law"]) <= 0.5 * law["radius_std"]


def _radius_figure(claim, z, law):
    r = latent.radius(z)
    counts, edges = latent.radius_histogram(r, latent.RADIUS_BIN)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.stairs(counts, edges, fill=True, alpha=0.6, label="z-points (bins of 0.5)")
    ax.axvline(law["sqrt_zdim"], color="k", ls="--", label=f"sqrt(z_dim) = {law['sqrt_zdim']:.3g}")
    ax.axvline(law["radius_law"], color="r", ls=":", label=f"sqrt(sum E[z_j^2]) = {law['radius_law']:.3g}")
    ax.set(xlabel="radius R", ylabel="count", xlim=(0, edges[-1]))
    ax.legend(fontsize=8)
    claim.figure(fig, "radius histogram with sqrt(z_dim) and the second-moment law")


# --- curse2.empty_core_and_shell ---------------------------------------------------------------

@_tiers()
@pytest.mark.claim("curse2.empty_core_and_shell", reported={"points_near_origin": 0,
                                                            "points_beyond_R": 32})
def test_no_points_near_the_origin_nor_beyond_twice_the_typical_radius(claim, z_points, config, dataset, split):
    """No z-points lie close to the origin and none beyond R ~ 32 (twice the typical radius)."""
    z = z_points(config, dataset, split)
    d = latent.core_and_shell(z, core=0.5, outer=2.0)
    _setting(claim, config, dataset, split, z)
    claim.measure(**d)
    claim.tolerance("share with R < law / 2 and share with R > 2 x law each <= 0.001",
                    "the post's 32 = 2 x 16 and 'close to the origin' = inside half the typical radius; "
                    "'no points' = no visible bar in a histogram (< 0.1 % of the points)")
    assert d["core_fraction"] <= 0.001
    assert d["outer_fraction"] <= 0.001


# --- curse2.pca_spectrum -----------------------------------------------------------------------

@_tiers(fast_xfail=(
    "MNIST z_dim 64: no dominant component (first 15.8 % of the variance, 1.33 x the second) and "
    "the spectrum flattens after 25 components (5 % rule), not ~10"))
@pytest.mark.claim("curse2.pca_spectrum", reported={"dominant_components": 1, "flattens_after": "~10"})
def test_pca_spectrum_has_one_dominant_component_and_flattens_after_about_ten(claim, z_points, config, dataset, split):
    """PCA of the z-points: one dominant component; the explained variance flattens to almost
    constant after ~10 components."""
    z = z_points(config, dataset, split)
    p = latent.pca_spectrum(z)
    _setting(claim, config, dataset, split, z)
    claim.measure(first=p["first"], first_over_second=p["first_over_second"],
                  flatten_index=p["flatten_index"], n_above_twice_median=p["n_above_median"],
                  cumulative_10=p["cumulative_10"], leading_ratios=p["explained_variance_ratio"][:12])
    claim.tolerance("first / second >= 2; flatten index (curve within 5 % of its total drop) in 5 .. 20",
                    "'dominant' = at least twice any other component; '~10' read off a plot is good to "
                    "a factor of 2")
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ratio = p["explained_variance_ratio"]
    ax.plot(np.arange(1, len(ratio) + 1), ratio, ".-")
    ax.axvline(p["flatten_index"] + 0.5, color="r", ls=":", label=f"flattens after {p['flatten_index']}")
    ax.set(xlabel="principal component", ylabel="explained variance ratio")
    ax.legend()
    claim.figure(fig, "PCA spectrum of the z-points")
    assert p["first_over_second"] >= 2.0
    assert 5 <= p["flatten_index"] <= 20


# --- curse2.filaments --------------------------------------------------------------------------

N_FILAMENT = 5_000  # points for the small-scale statistics (cells of ~0.09 sigma: sqrt(n) per side)


@_tiers(fast_xfail=(
    "MNIST z_dim 64 (5,000 test codes): no voids at small scale: occupied cells 0.94 of the matched "
    "Gaussian's (PCA planes 1-2, 3-4, 5-6); neighbours closer (median NN distance 0.63 x) and "
    "TwoNN dimension 9.4 vs 21.7 (0.43 x): lower-dimensional than the Gaussian, but clumped, not "
    "thin filaments around large voids"))
@pytest.mark.claim("curse2.filaments", reported={
    "small_scale_structure": "thin line-like filaments around large voids (PCA planes, broad axes)",
    "distribution": "fragmented, not a dense uniform cloud"})
def test_latent_points_form_filaments_and_voids_unlike_a_gaussian(claim, z_points, config, dataset, split):
    """Projections onto planes of PCA axes show, at small scales, thin line-like structures
    around large voids: the z-point distribution is fragmented, not a dense Gaussian cloud."""
    z = z_points(config, dataset, split)
    z = z[np.random.default_rng(0).permutation(len(z))[:N_FILAMENT]]
    s = latent.filament_stats(z, seed=0)
    null = latent.filament_stats(latent.matched_gaussian(z, seed=1), seed=2)  # Gaussian vs Gaussian
    _setting(claim, config, dataset, split, z)
    claim.setting(reference="Gaussian with the z-points' mean and covariance, same n",
                  planes="PCA axes (1,2), (3,4), (5,6)", cells_per_side=s["cells"])
    claim.measure(**{k: s[k] for k in ("occupancy_ratio", "occupancy_ratio_per_plane", "nn_ratio",
                                       "twonn", "twonn_gaussian", "id_ratio")},
                  null_occupancy_ratio=null["occupancy_ratio"], null_nn_ratio=null["nn_ratio"],
                  null_id_ratio=null["id_ratio"])
    claim.tolerance("occupancy ratio <= 0.5 (voids) and TwoNN ratio <= 0.5 (filaments) and NN ratio <= 0.5",
                    "'large voids' = at least half the small cells a Gaussian fills stay empty; 'thin "
                    "line-like' = at most half the Gaussian's local dimension and neighbours at most "
                    "half as far; a Gaussian scores ~1 (null columns), thin curves ~0.2 / 0.01 / 0.1")
    _filament_figure(claim, z)
    assert s["occupancy_ratio"] <= 0.5
    assert s["id_ratio"] <= 0.5
    assert s["nn_ratio"] <= 0.5


def _filament_figure(claim, z):
    g = latent.matched_gaussian(z, seed=0)
    centre = z.mean(axis=0)
    _, vecs = np.linalg.eigh(np.cov(z, rowvar=False))
    axes = vecs[:, ::-1][:, :2]
    pz, pg = (z - centre) @ axes, (g - centre) @ axes
    half = 0.5 * pz.std(axis=0)  # zoom: the central +-0.5 sigma window
    fig, axs = plt.subplots(1, 2, figsize=(8, 4), sharex=True, sharey=True)
    for ax, p, title in ((axs[0], pz, "z-points"), (axs[1], pg, "matched Gaussian")):
        ax.scatter(p[:, 0], p[:, 1], s=1.5, c="k")
        ax.set(title=title, xlim=(-half[0], half[0]), ylim=(-half[1], half[1]), xlabel="PC 1")
    axs[0].set_ylabel("PC 2")
    claim.figure(fig, "small-scale zoom (+-0.5 sigma) of the PC 1 - PC 2 projection, beside the matched Gaussian's")
