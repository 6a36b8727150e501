"""The claims' figures: each draws without error on small inputs and returns one figure."""

import numpy as np
import pytest

from vaecore import figures


@pytest.fixture(autouse=True)
def _close():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def test_image_rows_draws_n_images_per_row_grey_or_colour():
    # Check one axis per image: two rows of the first 8, a grey and a colour row.
    rng = np.random.default_rng(0)
    fig = figures.image_rows([("grey", rng.random((10, 8, 8, 1))), ("colour", rng.random((9, 8, 8, 3)))], n=8)
    assert len(fig.axes) == 16
    assert fig.axes[0].get_ylabel() == "grey"


def test_radius_histograms_label_each_distribution_with_its_peak():
    # Check that the legend names each distribution's peak and the post's line.
    r = {"AE": np.full(100, 16.2), "VAE": np.full(100, 3.1)}
    fig = figures.radius_histograms(r, post_peak=16.75)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["AE (peak 16.25)", "VAE (peak 3.25)", "post: AE peak 16.75"]


def test_the_other_figures_draw():
    # Check that every figure function draws on small synthetic inputs.
    rng = np.random.default_rng(1)
    z, labels = rng.normal(size=(200, 6)), rng.integers(0, 3, 200)
    ks = np.arange(2, 20, 2)
    curve = ks ** -0.5
    elbow = {"forced_k": 4, "slope_ratio": 1.0}
    made = [figures.radius_law_histogram(z, {"sqrt_zdim": 2.4, "radius_law": 2.4}),
            figures.axis_densities(z, np.ones(6), highlight=[1]),
            figures.logvar_histogram(rng.normal(-10, 2, (50, 6)), post_mean=-13.7),
            figures.pca_spectrum(np.array([0.5, 0.2, 0.1]), 2),
            figures.pca_zoom(z, rng.normal(size=(200, 6))),
            figures.class_maps({"a": (z[:, :2], labels), "b": (z[:, 2:4], None)}),
            figures.inertia_curves(ks, {"AE": curve}, {"AE": elbow}),
            figures.quality_by_radius((0.5, 1, 2), {"good": [0.9, 0.5, 0.1]}),
            figures.accuracy_bars({"x": [0.8, 0.82]}, (0.7, 1.0), post={"post": (0.9, "g")}),
            figures.purity_histogram(rng.random(50), "clusters"),
            figures.confusion_rates(rng.integers(1, 50, (3, 3))),
            figures.cluster_centres(rng.random((4, 16)), [1, 2, 3, 4], [0.9, 0.5, 0.7, 1.0], side=4, grid=2),
            figures.radial_shares(rng.normal(size=(6, 4)), 0.3),
            figures.class_scatter_panel(z[:, :2], labels, ("PC 1", "PC 2"), label="room {}", limit=50),
            figures.cumulative_variance(np.cumsum([0.6, 0.25, 0.1, 0.05]), post={2: 0.85, 3: 0.90}),
            figures.shares_by_epoch([1, 2, 3], {"BCE": [0.5, 0.7, 0.8], "MSE": [0.4, 0.6, 0.7]}, 0.95, "share"),
            figures.tracker_trace(rng.random((2, 4)), rng.random(8), [0.5, 0.4], steps_per_epoch=4)]
    assert all(len(f.axes) >= 1 for f in made)


def test_fit_times_draw_three_bars_per_k_on_a_log_axis():
    # Check one group of three bars (KMeans, MiniBatchKMeans, one initialisation) per k.
    # synthetic times, per seed for both estimators (one paired fit of each per seed).
    rows = {k: {"kmeans_s_per_seed": [10.0, 12.0], "minibatch_s_per_seed": [0.1, 0.2], "minibatch_n_init_1_s": 0.05}
            for k in (25, 200)}
    ax = figures.fit_times(rows, n=10_000).axes[0]
    assert len(ax.patches) == 6 and ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["k=25", "k=200"]


def test_elbow_curve_draws_the_curve_its_accuracy_and_the_ladder_slopes():
    # Check the three axes (inertia, its accuracy twin, the slopes) and one slope per doubling.
    ks, ladder = [2, 4, 8, 16, 32], [2, 4, 8, 16, 32]
    fig = figures.elbow_curve(ks, [10.0, 7, 5, 3.5, 2.5], [0.3, 0.5, 0.7, 0.8, 0.85], ladder, [0.5, 0.5, 0.5, 0.5])
    assert len(fig.axes) == 3
    assert len(fig.axes[1].lines[0].get_xdata()) == len(ladder) - 1
