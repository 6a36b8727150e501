"""The claims' figures: each function draws one kind of plot and returns the matplotlib figure,
which the claim hands to ``claim.figure(fig, title)``.

Nothing here measures or judges: the numbers a figure shows are the claim's measurements.
matplotlib runs on the Agg backend (no display).

>>> import numpy as np
>>> fig = image_rows([("noise", np.random.default_rng(0).random((10, 8, 8, 1)))])
>>> len(fig.axes)
10
"""

from __future__ import annotations

import numpy as np

from .latent import RADIUS_BIN, radius, radius_histogram, radius_peak


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _plain_log_axis(axis) -> None:
    import matplotlib.ticker

    axis.set_minor_formatter(matplotlib.ticker.NullFormatter())


# --- images ----------------------------------------------------------------------------------

def image_rows(rows, n: int = 10, width: float | None = None, height: float = 1.05):
    """One row of images per ``(label, images)`` pair, the first ``n`` of each, grey values in [0, 1].

    ``width`` is the figure's width in inches (``n`` by default), ``height`` each row's."""
    plt = _plt()
    fig, axes = plt.subplots(len(rows), n, figsize=(width or n, height * len(rows)), squeeze=False)
    for row, (label, imgs) in zip(axes, rows):
        for ax, im in zip(row, imgs[:n]):
            ax.imshow(im[..., 0] if im.shape[-1] == 1 else im, cmap="gray", vmin=0, vmax=1)
            ax.set_xticks([]), ax.set_yticks([])
        row[0].set_ylabel(label, fontsize=7, rotation=0, ha="right", va="center")
    return fig


def cluster_centres(centres, labels, purities, side: int = 28, grid: int = 15):
    """The cluster centres as ``side`` x ``side`` images on a ``grid`` x ``grid`` sheet, each titled
    with its label and purity (red below 60 %)."""
    plt = _plt()
    fig, axs = plt.subplots(grid, grid, figsize=(8, 8.6))
    for ax, c, lab, pur in zip(axs.flat, centres, labels, purities):
        ax.imshow(c.reshape(side, side), cmap="gray_r")
        ax.set_title(f"{lab} {pur:.0%}", fontsize=5, pad=1, color="k" if pur > 0.6 else "r")
        ax.set_xticks([]), ax.set_yticks([])
    return fig


# --- radii and axes ----------------------------------------------------------------------------

def radius_histograms(radii: dict, post_peak: float | None = None):
    """Radius histograms (bins of 0.5) of ``{label: radii}``, each labelled with its peak, and the
    post's AE peak as a dashed line where given."""
    plt = _plt()
    top = RADIUS_BIN * (np.floor(max(r.max() for r in radii.values()) / RADIUS_BIN) + 2)
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for label, r in radii.items():
        counts, edges = radius_histogram(r, r_max=top)
        ax.stairs(counts, edges, label=f"{label} (peak {radius_peak(r):.2f})")
    if post_peak:
        ax.axvline(post_peak, color="k", ls="--", lw=1, label=f"post: AE peak {post_peak}")
    ax.set(xlabel="radius R = |z| (bins of 0.5)", ylabel="count")
    ax.legend(fontsize=8)
    return fig


def radius_law_histogram(z, law: dict):
    """The radius histogram of ``z`` (bins of 0.5) with sqrt(z_dim) and the second-moment law
    (``vaecore.latent.radius_law``) marked."""
    plt = _plt()
    counts, edges = radius_histogram(radius(z), RADIUS_BIN)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.stairs(counts, edges, fill=True, alpha=0.6, label="z-points (bins of 0.5)")
    ax.axvline(law["sqrt_zdim"], color="k", ls="--", label=f"sqrt(z_dim) = {law['sqrt_zdim']:.3g}")
    ax.axvline(law["radius_law"], color="r", ls=":", label=f"sqrt(sum E[z_j^2]) = {law['radius_law']:.3g}")
    ax.set(xlabel="radius R", ylabel="count", xlim=(0, edges[-1]))
    ax.legend(fontsize=8)
    return fig


def axis_densities(z, widths, highlight=()):
    """The number density of the points along every axis: grey lines, the ``highlight`` axes coloured
    and labelled with their ``widths``."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 3.5))
    bins = np.linspace(z.min(), z.max(), 121)
    centres = (bins[1:] + bins[:-1]) / 2
    highlight = set(highlight)
    for j in range(z.shape[1]):
        counts, _ = np.histogram(z[:, j], bins=bins)
        if j in highlight:
            ax.plot(centres, counts, lw=1.4, label=f"axis {j} (width {widths[j]:.2g})")
        else:
            ax.plot(centres, counts, color="grey", lw=0.5, alpha=0.3)
    ax.set(xlabel="z_j", ylabel="number of z-points per bin")
    if highlight:
        ax.legend(fontsize=7)
    return fig


def logvar_histogram(logvar, post_mean: float, optimal: float = -3):
    """All logvar components on a log count axis, with the post's 'optimal' bound and mean."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(np.ravel(logvar), bins=100)
    ax.axvline(optimal, color="k", ls="--", lw=1, label=f"{optimal:g} (the post: 'optimal' below)")
    ax.axvline(post_mean, color="r", ls=":", lw=1, label=f"post: mean {post_mean:g}")
    ax.set(xlabel="logvar (all components)", ylabel="count", yscale="log")
    ax.legend(fontsize=8)
    return fig


def pca_spectrum(ratio, flatten_index: int):
    """The explained variance ratio per principal component, with where it flattens."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(np.arange(1, len(ratio) + 1), ratio, ".-")
    ax.axvline(flatten_index + 0.5, color="r", ls=":", label=f"flattens after {flatten_index}")
    ax.set(xlabel="principal component", ylabel="explained variance ratio")
    ax.legend()
    return fig


def pca_zoom(z, gaussian, zoom: float = 0.5):
    """The PC 1 - PC 2 projection of ``z`` beside that of ``gaussian`` (its matched Gaussian), both
    zoomed to the central +-``zoom`` sigma window."""
    plt = _plt()
    centre = z.mean(axis=0)
    _, vecs = np.linalg.eigh(np.cov(z, rowvar=False))
    axes = vecs[:, ::-1][:, :2]
    pz, pg = (z - centre) @ axes, (gaussian - centre) @ axes
    half = zoom * pz.std(axis=0)
    fig, axs = plt.subplots(1, 2, figsize=(8, 4), sharex=True, sharey=True)
    for ax, p, title in ((axs[0], pz, "z-points"), (axs[1], pg, "matched Gaussian")):
        ax.scatter(p[:, 0], p[:, 1], s=1.5, c="k")
        ax.set(title=title, xlim=(-half[0], half[0]), ylim=(-half[1], half[1]), xlabel="PC 1")
    axs[0].set_ylabel("PC 2")
    return fig


# --- maps and clusters -------------------------------------------------------------------------

def class_scatter(ax, points, labels, s: float = 3, limit: int | None = None, label: str = "{}") -> None:
    """``points`` (n, 2) on ``ax``, one colour per class of ``labels`` (the first ``limit`` of each)."""
    for c in np.unique(labels):
        ax.scatter(*points[labels == c][:limit].T, s=s, label=label.format(c))


def class_maps(maps: dict, size=(9, 4.5), legend: bool = True, s: float = 3, **kwargs):
    """Side by side, one panel per ``{title: (points, labels)}``: 2-d points coloured by class
    (one colour, ``labels`` None); the legend on the last panel."""
    plt = _plt()
    fig, axs = plt.subplots(1, len(maps), figsize=size, squeeze=False, **kwargs)
    for ax, (title, (points, labels)) in zip(axs[0], maps.items()):
        if labels is None:
            ax.scatter(*points.T, s=s, color="C0")
        else:
            class_scatter(ax, points, labels, s=s)
        ax.set(title=title, xticks=[], yticks=[])
    if legend and list(maps.values())[-1][1] is not None:
        axs[0, -1].legend(markerscale=4, fontsize=7)
    return fig


def inertia_curves(ks, curves: dict, elbows: dict, post_span=(38, 42)):
    """KMeans inertia against k for ``{label: inertia}``: normalised by its k = 2 value (with the
    forced elbow and the post's span) and on log-log axes (with the slope ratio of ``elbows``)."""
    plt = _plt()
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
    for label, curve in curves.items():
        axes[0].plot(ks, curve / curve[0], "o-", ms=3, label=f"{label} (forced elbow k={elbows[label]['forced_k']})")
        axes[1].loglog(ks, curve, "o-", ms=3, label=f"{label} (slope ratio {elbows[label]['slope_ratio']:.2f})")
    axes[0].axvspan(*post_span, color="0.85", label=f"post: forced elbow {post_span[0]} - {post_span[1]}")
    axes[0].set(xlabel="k", ylabel="inertia / inertia(k=2)")
    axes[1].set(xlabel="k", ylabel="inertia")
    _plain_log_axis(axes[1].xaxis)
    for ax in axes:
        ax.legend(fontsize=7)
    return fig


def quality_by_radius(radii, curves: dict):
    """Shares of decoded images against the half-width r of the random-z cube, one line per
    ``{label: shares}``, on a log r axis labelled with the radii."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(5, 3))
    for (label, shares), style in zip(curves.items(), ("o-", "s--", "^:")):
        ax.plot(radii, shares, style, label=label)
    ax.set(xlabel="half-width r of the uniform cube", ylabel="share of decoded images", xscale="log")
    ax.set_xticks(radii, [f"{r:g}" for r in radii], fontsize=7)
    _plain_log_axis(ax.xaxis)
    ax.legend(fontsize=8)
    return fig


def accuracy_bars(groups: dict, ylim, title: str | None = None, post: dict | None = None):
    """Mean test accuracy per ``{name: [accuracy per seed]}`` as a bar, each seed as a dot, and the
    post's ``{label: (accuracy, colour)}`` as dotted lines."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(5, 3))
    for i, acc in enumerate(groups.values()):
        ax.bar(i, np.mean(acc), color="lightsteelblue")
        ax.plot([i] * len(acc), acc, "k.")
    for label, (value, colour) in (post or {}).items():
        ax.axhline(value, color=colour, ls=":", label=label)
    ax.set(xticks=range(len(groups)), xticklabels=list(groups), ylabel="test accuracy", ylim=ylim)
    if title:
        ax.set_title(title)
    if post:
        ax.legend(fontsize=7)
    return fig


def purity_histogram(purities, clusters_label: str, marks=(0.6, 0.9)):
    """The clusters' purities (majority share), with the claim's bars as dashed lines."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.hist(purities, bins=np.linspace(0.2, 1, 33))
    for x in marks:
        ax.axvline(x, color="r", ls="--")
    ax.set(xlabel="cluster purity (majority share)", ylabel=clusters_label)
    return fig


def confusion_rates(cm):
    """The off-diagonal confusion rates of a confusion matrix (rows: true class), 1 % and more
    written in the cells."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(5, 4.4))
    k = len(cm)
    rates = cm / cm.sum(axis=1, keepdims=True)
    im = ax.imshow(np.where(np.eye(k, dtype=bool), np.nan, rates), cmap="viridis")
    for i in range(k):
        for j in range(k):
            if i != j and rates[i, j] >= 0.01:
                ax.text(j, i, f"{rates[i, j]:.0%}", ha="center", va="center", fontsize=6, color="w")
    ax.set(xticks=range(k), yticks=range(k), xlabel="predicted", ylabel="true")
    fig.colorbar(im, ax=ax, label="share of the true class (diagonal blanked)")
    return fig


def fit_times(rows: dict, n: int):
    """CPU times per k of ``rows`` (``vaecore.timing.time_kmeans_vs_minibatch``): the mean of the
    KMeans seeds, the mean of the MiniBatchKMeans seeds, and MiniBatchKMeans with one
    initialisation, on a log axis."""
    plt = _plt()
    ks = list(rows)
    fig, ax = plt.subplots(figsize=(5, 3))
    x = np.arange(len(ks))
    ax.bar(x - 0.27, [np.mean(rows[k]["kmeans_s_per_seed"]) for k in ks], 0.27, label="KMeans n_init 10")
    ax.bar(x, [np.mean(rows[k]["minibatch_s_per_seed"]) for k in ks], 0.27, label="MiniBatchKMeans n_init 10")
    ax.bar(x + 0.27, [rows[k]["minibatch_n_init_1_s"] for k in ks], 0.27, label="MiniBatchKMeans n_init 1")
    ax.set(xticks=x, xticklabels=[f"k={k}" for k in ks], ylabel="CPU time [s]", yscale="log",
           title=f"n = {n:,}, 1 thread")
    ax.legend(fontsize=7)
    return fig


def elbow_curve(ks, inertia, accuracy, ladder, slopes, mark: int = 200):
    """Inertia per sample and test accuracy against k (a dotted line at ``mark``), beside the
    local log-log slopes between the points of the doubling ``ladder``
    (``vaecore.separation.elbow_sharpness``)."""
    plt = _plt()
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 3.5), layout="constrained")
    ax.plot(ks, inertia, ".-" if len(ks) < 50 else "-", label="inertia / digit")
    ax.set(xlabel="k", ylabel="inertia per digit")
    twin = ax.twinx()
    twin.plot(ks, accuracy, "r.--" if len(ks) < 50 else "r-", lw=1, label="test accuracy")
    twin.set_ylabel("test accuracy", color="r")
    ax.axvline(mark, color="gray", ls=":")
    ax2.semilogx(np.sqrt(np.array(ladder[:-1]) * ladder[1:]), slopes, "o-")
    ax2.set(xlabel="k (geometric midpoint of a doubling)", ylabel="-d log inertia / d log k", ylim=(0, None))
    return fig


def radial_shares(centres, overall: float):
    """For every pair of ``centres``: the share of ``|a - b|^2`` that is the difference of their
    norms, ``(|a| - |b|)^2 / |a - b|^2`` (``vaecore.separation.radial_share``), with the ``overall``
    share as a dashed line."""
    plt = _plt()
    c = np.asarray(centres, dtype=np.float64)
    r = np.linalg.norm(c, axis=1)
    i, j = np.triu_indices(len(c), 1)
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.hist((r[i] - r[j]) ** 2 / np.sum((c[i] - c[j]) ** 2, axis=1), bins=40)
    ax.axvline(overall, color="r", ls="--", label=f"overall radial share {overall:.2f}")
    ax.set(xlabel="radial share of |a - b|^2 for a pair of centres", ylabel="pairs of centres (seed 0)")
    ax.legend(fontsize=7)
    return fig


def class_scatter_panel(points, labels, axis_labels=("z_1", "z_2"), size=(5, 5), s: float = 2,
                        limit: int | None = None, label: str = "{}", markerscale: float = 4):
    """One panel of 2-d ``points`` coloured by class of ``labels`` (the first ``limit`` of each),
    axes named ``axis_labels``, with a legend."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=size)
    class_scatter(ax, points, labels, s=s, limit=limit, label=label)
    ax.set(xlabel=axis_labels[0], ylabel=axis_labels[1])
    ax.legend(markerscale=markerscale, fontsize=7)
    return fig


def cumulative_variance(cumulative, post: dict):
    """The cumulative explained variance against the number of principal components, with the
    post's ``{components: share}`` as crosses."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot(range(1, len(cumulative) + 1), cumulative, "o-", label="measured")
    ax.plot(list(post), list(post.values()), "rx", ms=10, label="post")
    ax.set(xlabel="principal components", ylabel="cumulative explained variance")
    ax.legend()
    return fig


def shares_by_epoch(epochs, curves: dict, reference: float, ylabel: str, reference_label: str = "originals"):
    """One line per ``{label: share per epoch}`` against ``epochs``, with the ``reference`` share as a
    dashed grey line."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(5, 3.2))
    for (label, share), style in zip(curves.items(), ("o-", "s-", "^-")):
        ax.plot(epochs, share, style, label=label)
    ax.axhline(reference, color="grey", lw=0.8, ls="--", label=reference_label)
    ax.set(xlabel="epoch", ylabel=ylabel)
    ax.legend()
    return fig


def tracker_trace(batch_totals, running, logged, steps_per_epoch: int):
    """Each batch's own total loss (``batch_totals``, epochs x batches), the ``running`` tracker value
    after each batch and the ``logged`` epoch values as dashed lines over their epochs."""
    plt = _plt()
    batch_totals = np.asarray(batch_totals)
    fig, ax = plt.subplots(figsize=(6, 3.2))
    steps = np.arange(1, batch_totals.size + 1)
    ax.plot(steps, batch_totals.ravel(), "o", ms=4, label="batch total loss (own record)")
    ax.plot(steps, running, "-", label="running tracker value (batch logs)")
    for e, value in enumerate(logged):
        ax.hlines(value, e * steps_per_epoch + 0.5, (e + 1) * steps_per_epoch + 0.5, colors="k",
                  linestyles="--", label="logged epoch value" if e == 0 else None)
    ax.set(xlabel="training step", ylabel="total loss (BCE + KL)")
    ax.legend(fontsize=7)
    return fig
