"""curse2 — "Autoencoders, latent space and the curse of high dimensionality – II –
fragments and filaments of the latent space" (AE on CelebA, z_dim = 256, 24 epochs, 96x96).

Tiers: ``slow`` transfers the findings to MNIST with an AE of the vae2 net and z_dim = 64
(far more dimensions than the digits' intrinsic ~10, as 256 is for faces), z-points of the
10,000 test digits (the 15-epoch recipe of the fast tier; a fourth model does not fit the fast
budget), and runs the posts' AE at 64x64 on our CelebA subset; ``gpu`` the posts' 96x96. The CelebA tiers use the z-points of the training split, as the post did.
The metrics are the pure functions of :mod:`vaecore.latent`, tested on synthetic ground
truth in ``tests/test_latent.py``; each decision rule is a pure function of
:mod:`vaecore.rules.curse2`, the one the post's own figures pass and synthetic points lacking
the property fail (``tests/test_post_figures_curse2.py``). Every claim measures a trained AE
and records its convergence precondition (``claim.uses``).
"""

import numpy as np
import pytest

from _marks import tier

from settings import SEED, CELEBA64, CELEBA96, MNIST_AE_Z64
from vaecore import figures, latent
from vaecore.rules import curse2 as rules

SLOW = pytest.mark.slow
GPU = pytest.mark.gpu


def _tiers(mnist_expect="holds", celeba64_expect="holds"):
    """One param per tier: (config, dataset, split); the MNIST transfer and the 64x64 CelebA run
    (both slow) with the verdict each is expected to give.

    The MNIST transfer (the z 64 AE) runs in the slow tier: a fourth shared model does not fit
    the fast tier's 10-minute budget once every model trains to its convergence criterion."""
    return pytest.mark.parametrize("config, dataset, split", [
        pytest.param(MNIST_AE_Z64, "mnist", "test", marks=tier("slow", mnist_expect), id="slow-mnist-z64"),
        pytest.param(CELEBA64["ae"], "celeba", "train", marks=tier("slow", celeba64_expect), id="slow-celeba64-z256"),
        pytest.param(CELEBA96["ae"], "celeba", "train", marks=GPU, id="gpu-celeba96-z256"),
    ])


def _z_points(codes, config, split):
    """The trained AE (for ``claim.uses``) and its codes ``(n, z_dim)``: all test images, or the
    model's own training images (its ``n_train`` and seed)."""
    c = codes(config, split, n=config.n_train, seed=config.seed) if split == "train" else codes(config)
    return c.run, c.z


def _setting(claim, run, dataset, split, z):
    config = run.config
    claim.uses(run)
    claim.setting(dataset=dataset, images=f"{config.image_size}x{config.image_size}",
                  model=f"AE ({config.name}), n_train={config.n_train or 'all'}, {config.epochs} epochs",
                  z_points=f"{len(z)} codes of the {split} split", z_dim=z.shape[1])


# --- curse2.axis_gaussians ----------------------------------------------------------------------

@_tiers(celeba64_expect="refuted")  # expected from the slow reference under the sigma band (README row 50)
@pytest.mark.claim("curse2.axis_gaussians", reported=rules.REPORTED["axis_gaussians"])
def test_axes_are_unit_gaussians_except_a_few_broad_off_centre_ones(claim, codes, config, dataset, split):
    """Along most latent axes the z-points' density is a Gaussian peaked at 0; a handful of axes
    are much broader, some of them off-centre.

    The post contradicts itself on the typical axis: half-width "around 2" in the text, "1" in
    its summary. We read the text's 2 and the table's widths as one measurement (widths read off
    the same density plots) and the summary's 1 as the sigma its radius argument needs; the rule
    compares widths with the typical one, so the post's table passes under either reading, and
    the literal tier's sigma band spans both."""
    run, z = _z_points(codes, config, split)
    f = latent.axis_fits(z, broad=rules.BROAD, off_centre=rules.NEAR_ZERO)
    near = float(np.mean(np.abs(f["centre"]) <= rules.NEAR_ZERO * f["typical_width"]))
    broad_off = [a for a in f["broad_axes"] if a in f["off_centre_axes"]]
    _setting(claim, run, dataset, split, z)
    claim.measure(typical_width=f["typical_width"], share_gaussian_like_axes=float(np.mean(f["ks"] <= rules.KS_GAUSSIAN)),
                  share_peaked_near_zero=near, n_broad=f["n_broad"], broad_axes=f["broad_axes"],
                  broad_widths=f["width"][f["broad_axes"]], broad_and_off_centre=broad_off,
                  off_centre_axes=f["off_centre_axes"],
                  max_width_over_typical=f["max_width_over_typical"], median_ks=f["median_ks"])
    literal = dataset == "celeba"
    claim.tolerance(
        f"share of axes peaked within {rules.NEAR_ZERO} typical widths of 0 and of axes with KS distance <= "
        f"{rules.KS_GAUSSIAN} each > {rules.MOST}; 1 <= broad axes (width >= {rules.BROAD} x typical) <= "
        f"{rules.HANDFUL:.0%} of the axes, at least one of them off-centre (|centre| > {rules.NEAR_ZERO} typical)"
        + (f"; typical sigma in {list(rules.SIGMA_BAND)}" if literal else ""),
        "'most' = more than half (lexicon); KS 0.05 is a 5 % CDF deviation, invisible in a density plot; 'much "
        "broader' = >= 1.5 x (lexicon); 'a dozen' of 256 (4.7 %) allows up to 6 %; 'some of them' = at least one; "
        "'peaked at 0' = within half a typical width; sigma band = the summary's 1 to the text's 2, +-10 % "
        "(lexicon: about X)")
    claim.figure(figures.axis_densities(z, f["width"], set(f["broad_axes"]) | set(f["off_centre_axes"])),
                 "number density along every latent axis (grey); broad or off-centre axes coloured")
    boot = latent.axis_fits_bootstrap(z, broad=rules.BROAD, off_centre=rules.NEAR_ZERO, seed=SEED)
    claim.measure(**{f"{k}_bootstrap_sd": float(v.std()) for k, v in boot.items()})
    claim.judge(rules.axis_gaussians(f["centre"], f["width"], f["ks"], literal=literal, boot=boot))


# --- curse2.radius_sqrt_zdim -------------------------------------------------------------------

@_tiers()
@pytest.mark.claim("curse2.radius_sqrt_zdim", reported=rules.REPORTED["radius_sqrt_zdim"])
def test_radius_peaks_at_sqrt_zdim(claim, codes, config, dataset, split):
    """The radius histogram peaks at R ~ 16.5, explained by unit-variance Gaussian coordinates:
    E[x^2] = 1 per axis gives R ~ sqrt(256) = 16.

    A literal number for the posts' CelebA AE. On MNIST it needs a latent space of the posts'
    unit scale (an AE's scale is arbitrary: no KL term pins it), a precondition of the
    transfer; the general law (the next test) carries the finding at any scale. The right skew
    of the histogram is recorded (``flank_ratio`` > 1), not judged: the post gives no number."""
    run, z = _z_points(codes, config, split)
    law = latent.radius_law(z, bin_width=latent.RADIUS_BIN)
    _setting(claim, run, dataset, split, z)
    claim.measure(**{k: law[k] for k in ("radius_peak", "sqrt_zdim", "radius_law", "rms_per_axis",
                                         "radius_mean", "radius_std", "flank_ratio")})
    lo, hi = rules.SIGMA_BAND
    claim.tolerance(f"|peak - sqrt(z_dim)| <= max({rules.PEAK_REL:.0%} x sqrt(z_dim), one bin of {latent.RADIUS_BIN}); "
                    f"transfer: RMS per axis in {lo} .. {hi}",
                    "lexicon 'about X (a magnitude)': +-10 %, at least one bin of the histogram; the posts' own "
                    "runs peak at 16.5 - 16.75 for sqrt(256) = 16")
    claim.figure(figures.radius_law_histogram(z, law), "radius histogram with sqrt(z_dim) and the second-moment law")
    boot = latent.radius_peak_bootstrap(z, bin_width=latent.RADIUS_BIN)
    claim.measure(radius_peak_bootstrap_sd=float(boot.std()))
    claim.judge(rules.radius_sqrt_zdim(law["radius_peak"], z.shape[1], peak_boot=boot, bin_width=latent.RADIUS_BIN,
                                         rms_per_axis=law["rms_per_axis"] if dataset != "celeba" else None))


@_tiers()
@pytest.mark.claim("curse2.radius_sqrt_zdim", reported=rules.REPORTED["radius_sqrt_zdim.2"])
def test_radius_peaks_at_the_second_moment_law(claim, codes, config, dataset, split):
    """General law behind the finding: for roughly Gaussian coordinates the radius concentrates
    near sqrt(sum of the per-axis second moments).

    That sum is E[R^2] for any points, so the law's content is that R concentrates: the rule
    fails for heavy-tailed or strongly correlated coordinates and for mixtures of shells
    (``tests/test_post_figures_curse2.py``)."""
    run, z = _z_points(codes, config, split)
    law = latent.radius_law(z, bin_width=None)
    _setting(claim, run, dataset, split, z)
    claim.measure(**{k: law[k] for k in ("radius_peak", "radius_law", "peak_over_law", "radius_std",
                                         "radius_q05", "radius_q95", "flank_ratio", "bin_width",
                                         "sqrt_zdim", "rms_per_axis")})
    claim.tolerance(f"|peak / law - 1| <= {rules.NEAR_LAW} (bins of law / 40), and the 5th - 95th percentiles "
                    f"of R within {rules.CORE} .. {rules.SHELL} x law; precondition: the band edges outside "
                    "the peak's bootstrap spread (2 SD, 100 resamples)",
                    "'concentrates near': the mode of a Gaussian's radius is within 10 % of the law from ~6 "
                    "dimensions on; the post's shell (nothing within half the typical radius, nothing beyond "
                    "twice it) bounds the bulk")
    claim.figure(figures.radius_law_histogram(z, law), "radius histogram with sqrt(z_dim) and the second-moment law")
    boot = latent.radius_peak_bootstrap(z, bin_width=law["bin_width"])
    claim.measure(peak_over_law_bootstrap_sd=float(boot.std() / law["radius_law"]))
    claim.judge(rules.radius_law(**{k: law[k] for k in ("radius_peak", "radius_law", "radius_q05", "radius_q95")},
                                   peak_boot=boot))


# --- curse2.empty_core_and_shell ---------------------------------------------------------------

@_tiers()  # the slow run of 2026-11-29 (retrained on engine-3) holds; the stale reference had refuted it by rows 53, 54
@pytest.mark.claim("curse2.empty_core_and_shell", reported=rules.REPORTED["empty_core_and_shell"])
def test_no_points_near_the_origin_nor_beyond_twice_the_typical_radius(claim, codes, config, dataset, split):
    """The region close to the origin is not densely populated and no z-points lie beyond R ~ 32
    (twice the typical radius)."""
    run, z = _z_points(codes, config, split)
    d = latent.core_and_shell(z, core=rules.CORE, outer=rules.OUTER)
    _setting(claim, run, dataset, split, z)
    claim.measure(**d)
    claim.tolerance(f"share with R < {rules.CORE} x law <= {rules.SPARSE}; no point with R > {rules.OUTER:.2g} x law",
                    "'close to the origin' = inside half the typical radius, 'not densely populated' = at most "
                    "0.1 % of the points; 'none beyond R ~ 32' = none (lexicon: none of the items the post "
                    "checked is exact) beyond 1.1 x 32 (lexicon: about X as a ceiling), 32 = 2 x the law 16")
    claim.judge(rules.empty_core_and_shell(d["core_fraction"], d["outer_fraction"]))


# --- curse2.pca_spectrum -----------------------------------------------------------------------

@_tiers(mnist_expect="refuted")
@pytest.mark.claim("curse2.pca_spectrum", reported=rules.REPORTED["pca_spectrum"])
def test_pca_spectrum_has_one_dominant_component_and_flattens_after_about_ten(claim, codes, config, dataset, split):
    """PCA of the z-points: one dominant component; the explained variance flattens to almost
    constant after ~10 components."""
    run, z = _z_points(codes, config, split)
    p = latent.pca_spectrum(z)
    _setting(claim, run, dataset, split, z)
    claim.measure(first=p["first"], first_over_second=p["first_over_second"],
                  flatten_index=p["flatten_index"], n_above_twice_median=p["n_above_median"],
                  cumulative_10=p["cumulative_10"], leading_ratios=p["explained_variance_ratio"][:12])
    lo, hi = rules.FLAT_AFTER
    claim.tolerance(f"first / second >= 2; flatten index (curve within 5 % of its total drop) in {lo:.1f} .. {hi:.1f}",
                    "'dominant' = at least twice any other component; '~10' is a count of components: "
                    "10 +- max(1, 2 sqrt(10)) (lexicon: about N)")
    claim.figure(figures.pca_spectrum(p["explained_variance_ratio"], p["flatten_index"]), "PCA spectrum of the z-points")
    claim.judge(rules.pca_spectrum(p["first_over_second"], p["flatten_index"]))


# --- curse2.filaments --------------------------------------------------------------------------

N_FILAMENT = 5_000  # points for the small-scale statistics (cells of ~0.09 sigma: sqrt(n) per side)


@_tiers(celeba64_expect="refuted", mnist_expect="refuted")
@pytest.mark.claim("curse2.filaments", reported=rules.REPORTED["filaments"])
def test_latent_points_form_filaments_and_voids_unlike_a_gaussian(claim, codes, config, dataset, split):
    """Projections onto planes of PCA axes show, at small scales, thin line-like structures
    around large voids: the z-point distribution is fragmented, not a dense Gaussian cloud."""
    run, z = _z_points(codes, config, split)
    z = z[np.random.default_rng(SEED).permutation(len(z))[:N_FILAMENT]]
    s = latent.filament_stats(z, seed=SEED)
    null = latent.filament_stats(latent.matched_gaussian(z, seed=SEED + 1), seed=SEED + 2)  # Gaussian vs Gaussian
    # the rule's power and scale at this setting: the post's window on this grid, and synthetic
    # finite-width filaments with the z-points' count and covariance
    window = latent.post_window(z, rules.POST_WINDOW, rules.POST_RMS_PER_AXIS)
    example = latent.filament_stats(latent.synthetic_filaments(
        z, rules.FILAMENT_CURVES, rules.FILAMENT_THICKNESS * window["half_width"], seed=SEED + 3), seed=SEED + 4)
    _setting(claim, run, dataset, split, z)
    claim.setting(reference="Gaussian with the z-points' mean and covariance, same n",
                  planes="PCA axes (1,2), (3,4), (5,6)", cells_per_side=s["cells"],
                  post_window=f"+-{rules.POST_WINDOW:g} (post's z units) around the mean in PC1-PC2: "
                              f"+-{window['half_width']:.3g} here",
                  power_example=f"{rules.FILAMENT_CURVES} smooth random curves, Gaussian thickness "
                                f"{rules.FILAMENT_THICKNESS:g} x the window's half-width, the z-points' n and covariance")
    ratios = ("occupancy_ratio", "nn_ratio", "id_ratio")
    claim.measure(**{k: s[k] for k in ("occupancy_ratio", "occupancy_ratio_per_plane", "nn_ratio",
                                       "twonn", "twonn_gaussian", "id_ratio")},
                  null_occupancy_ratio=null["occupancy_ratio"], null_nn_ratio=null["nn_ratio"],
                  null_id_ratio=null["id_ratio"],
                  **{f"filaments_{k}": example[k] for k in ratios},
                  window_half_width=window["half_width"], window_cell_side=window["cell_side"],
                  window_cells=window["window_cells"], window_points=window["window_points"])
    claim.tolerance("occupancy ratio <= 0.5 (voids) and TwoNN ratio <= 0.5 (filaments) and NN ratio <= 0.5",
                    "'large voids' = at least half the small cells a Gaussian fills stay empty; 'thin "
                    "line-like' = at most half the Gaussian's local dimension and neighbours at most "
                    "half as far; a Gaussian scores ~1 (null columns); decided only where synthetic "
                    "finite-width filaments of this n and covariance score <= 0.5 and the grid resolves "
                    f"the post's +-{rules.POST_WINDOW:g} window (>= {rules.WINDOW_CELLS} cells across, "
                    f">= {rules.CELL_POINTS} points per cell), else too few points at the post's scale")
    claim.figure(figures.pca_zoom(z, latent.matched_gaussian(z, seed=SEED)),
                 "small-scale zoom (+-0.5 sigma) of the PC 1 - PC 2 projection, beside the matched Gaussian's")
    claim.judge(rules.filaments(s["occupancy_ratio"], s["id_ratio"], s["nn_ratio"], example=example, gaussian=null,
                                window_cells=window["window_cells"], window_points=window["window_points"]))
