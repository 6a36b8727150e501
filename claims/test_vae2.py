"""vae2 — "An autoencoder with binary cross-entropy loss" (MNIST).

The post: the vae2 net, BCE, Adam 5e-4, batch 128, 40 epochs on all 60,000 digits, z_dim 16
(and 2). ``fast`` uses 12,000 digits (``claims/settings.py``): the shared 5-epoch z 16 AE
for the z 16 claims; within issue 6's time budget, the first 3 epochs of that setting for
z 2 against z 16 (``MNIST_AE_3EP``) and its first 2 for BCE against an MSE twin; ``gpu`` the
post's own 60,000 digits and 40 epochs. "Recognisable" is judged by the digit
CNN of :mod:`vaecore.quality` (reconstruction read as the original's label).
"""

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from _marks import refuted

from vaecore.reconstruction import psnr

from settings import (MNIST_AE_2EP, MNIST_AE_3EP, MNIST_AE_Z16, MNIST_AE_Z16_MSE_2EP, POST_MNIST_AE,
                      POST_MNIST_AE_Z16_MSE)

N_TEST = 2_000


def _tiers(fast_configs, fast_xfail=None):
    """One param per tier, {z_dim: config}: ``fast_configs`` is the shared 5-epoch z 16 AE
    ({16: MNIST_AE_Z16}) or the 3-epoch z 2 / z 16 pair (MNIST_AE_3EP)."""
    fast = [pytest.mark.fast] + ([refuted(fast_xfail)] if fast_xfail else [])
    fast_id = f"fast-mnist-12k-{fast_configs[16].epochs}ep"
    return pytest.mark.parametrize("configs", [
        pytest.param(fast_configs, marks=fast, id=fast_id),
        pytest.param(POST_MNIST_AE, marks=pytest.mark.gpu, id="gpu-mnist-60k-40ep"),
    ])


def _reconstruction(trained, test_images, config):
    """(x, labels, reco, {psnr_db, same_digit, same_digit_originals})."""
    from vaecore.quality import digit_classifier
    from vaecore.train import decode, encode

    x, y = test_images("mnist", n=N_TEST, seed=0)
    model = trained(config).model
    reco = decode(model, encode(model, x)["z"])
    clf = digit_classifier()
    return x, y, reco, {"psnr_db": float(psnr(reco, x).mean()),
                        "same_digit": float(np.mean(clf.predict_proba(reco).argmax(1) == y)),
                        "same_digit_originals": float(np.mean(clf.predict_proba(x).argmax(1) == y))}


def _setting(claim, config, **extra):
    claim.setting(dataset="MNIST", model=f"AE, vae2 net, BCE, n_train={config.n_train or 'all (60,000)'}, "
                                         f"{config.epochs} epochs", test_images=N_TEST, **extra)


def _rows_figure(claim, rows, title):
    fig, axs = plt.subplots(len(rows), 10, figsize=(8, 0.9 * len(rows)), squeeze=False)
    for r, (label, imgs) in enumerate(rows):
        for c in range(10):
            axs[r, c].imshow(imgs[c, ..., 0], cmap="gray", vmin=0, vmax=1)
            axs[r, c].set_xticks([]), axs[r, c].set_yticks([])
        axs[r, 0].set_ylabel(label, fontsize=7, rotation=0, ha="right", va="center")
    claim.figure(fig, title)


@_tiers({16: MNIST_AE_Z16}, fast_xfail=(
    "fast tier (12,000 digits, 5 epochs), z 16: mean PSNR 18.7 dB (< 20) and the digit CNN reads "
    "~0.90 of 2,000 reconstructions as the right digit against ~0.96 of the originals (0.94 x, "
    "< 0.98 x): good, not 'almost perfect'"))
@pytest.mark.claim("vae2.recon_z16", reported={"reconstructions": "almost perfect", "z_dim": 16})
def test_z16_reconstructions_are_almost_perfect(claim, trained, test_images, configs):
    """With z_dim = 16 the test-image reconstructions are "almost perfect"."""
    x, _, reco, m = _reconstruction(trained, test_images, configs[16])
    _setting(claim, configs[16], z_dim=16)
    claim.measure(**m)
    claim.tolerance("mean PSNR >= 20 dB and right-digit share >= 0.98 x the originals'",
                    "20 dB = RMS error <= 0.1 of the pixel range, hard to see at 28x28; 'almost perfect' "
                    "loses at most 1 digit in 50 to the judge")
    _rows_figure(claim, [("test", x), ("z_dim 16", reco)], "test digits and their z_dim 16 reconstructions")
    assert m["psnr_db"] >= 20.0
    assert m["same_digit"] >= 0.98 * m["same_digit_originals"]


@_tiers(MNIST_AE_3EP)
@pytest.mark.claim("vae2.recon_z2", reported={"z_dim_2": "clearly worse than z_dim 16"})
def test_z2_reconstructions_are_clearly_worse_than_z16(claim, trained, test_images, configs):
    """With z_dim = 2 reconstruction quality clearly suffers (worse than z_dim 16)."""
    x, _, reco2, m2 = _reconstruction(trained, test_images, configs[2])
    _, _, reco16, m16 = _reconstruction(trained, test_images, configs[16])
    _setting(claim, configs[2], z_dims=[2, 16])
    claim.measure(psnr_db_z2=m2["psnr_db"], psnr_db_z16=m16["psnr_db"], same_digit_z2=m2["same_digit"],
                  same_digit_z16=m16["same_digit"], same_digit_originals=m2["same_digit_originals"])
    claim.tolerance("PSNR(z 2) <= PSNR(z 16) - 3 dB and right-digit share lower at z 2",
                    "'clearly' = squared error at least doubled (3 dB), plus more digits lost")
    _rows_figure(claim, [("test", x), ("z_dim 2", reco2), ("z_dim 16", reco16)],
                 "test digits, z_dim 2 and z_dim 16 reconstructions")
    assert m2["psnr_db"] <= m16["psnr_db"] - 3.0
    assert m2["same_digit"] < m16["same_digit"]


# --- vae2.z2_overlap ---------------------------------------------------------------------------

POST_GROUPS = ((3, 5, 8), (4, 7, 9))
POST_PAIRS = {frozenset(p) for g in POST_GROUPS for p in itertools.combinations(g, 2)}


def pair_overlap(points, labels, k=10) -> dict:
    """Symmetric kNN confusion of every class pair: the mean share of a point's ``k`` nearest
    neighbours that carry the other label, averaged over both classes' points."""
    from sklearn.neighbors import NearestNeighbors

    _, idx = NearestNeighbors(n_neighbors=k + 1).fit(points).kneighbors(points)
    neigh = labels[idx[:, 1:]]
    classes = np.unique(labels)
    share = {(a, b): float(np.mean(neigh[labels == a] == b)) for a in classes for b in classes if a != b}
    return {(a, b): (share[(a, b)] + share[(b, a)]) / 2 for a, b in itertools.combinations(classes, 2)}


@_tiers(MNIST_AE_3EP, fast_xfail=(
    "fast tier, z 2 (12,000 digits, 3 epochs; 10,000 test digits): the 6 most overlapping pairs are "
    "0/6 0.185, 2/3 0.162, 8/9 0.162, 4/9 0.143, 2/7 0.138, 4/8 0.128: only 1 (4/9) is the post's; "
    "the post's pairs overlap 0.083 (7/9, the median pair) to 0.143 (4/9), median of all 45 pairs "
    "0.083. After 5 epochs 2 of the 6 were the post's (4/9, 3/5)"))
@pytest.mark.claim("vae2.z2_overlap", reported={"most_overlapping": "3/5/8 and 4/7/9"})
def test_classes_3_5_8_and_4_7_9_overlap_most_in_2d(claim, trained, test_images, configs):
    """In the 2-d latent space the classes 3/5/8 and 4/7/9 overlap most."""
    from vaecore.train import encode

    x, y = test_images("mnist")
    z = encode(trained(configs[2]).model, x)["z"]
    overlap = pair_overlap(z, y, k=10)
    ranked = sorted(overlap, key=overlap.get, reverse=True)
    top6 = ranked[:6]
    hits = sum(frozenset(map(int, p)) in POST_PAIRS for p in top6)
    _setting(claim, configs[2], z_dim=2, points="all 10,000 test digits",
             overlap="symmetric 10-NN confusion of a class pair in the 2-d latent space")
    claim.measure(top6_pairs=[f"{a}/{b}: {overlap[(a, b)]:.3f}" for a, b in top6],
                  post_pairs_in_top6=hits,
                  post_pairs_overlap={f"{min(p)}/{max(p)}": overlap[tuple(sorted(p))] for p in POST_PAIRS},
                  median_pair_overlap=float(np.median(list(overlap.values()))))
    claim.tolerance("at least 4 of the 6 most overlapping of the 45 class pairs are the post's pairs "
                    "(3-5, 3-8, 5-8, 4-7, 4-9, 7-9)",
                    "by chance 0.8 of 6 would be; 4 or more has probability < 0.2 %, and leaves room for the "
                    "post reading groups off a scatter plot")
    fig, ax = plt.subplots(figsize=(5, 5))
    for c in range(10):
        ax.scatter(*z[y == c][:800].T, s=2, label=str(c))
    ax.set(xlabel="z_1", ylabel="z_2")
    ax.legend(markerscale=4, fontsize=7)
    claim.figure(fig, "2-d latent space of the test digits by class")
    assert hits >= 4


# --- vae2.clusters_z16 -------------------------------------------------------------------------

@_tiers({16: MNIST_AE_Z16}, fast_xfail=(
    "fast tier, z 16 (1,000 train + 500 test digits): 5-NN accuracy on the t-SNE map 0.87 (train, "
    "10-fold CV) and 0.85 (test), below 0.9; the 16-d codes themselves give 0.87: the AE's codes "
    "after 5 epochs on 12,000 digits do not separate the classes that well, t-SNE keeps what is there"))
@pytest.mark.claim("vae2.clusters_z16", reported={"tsne_of_z16": "classes well separated, train and test"})
def test_tsne_of_z16_codes_separates_the_classes_for_train_and_test(claim, trained, test_images, configs):
    """A 2-d t-SNE of the 16-d codes separates the digit classes well, for train and for unseen
    test images."""
    from sklearn.manifold import TSNE
    from sklearn.neighbors import KNeighborsClassifier

    from vaecore.images import load_images
    from vaecore.separation import map_separation
    from vaecore.train import encode

    config = configs[16]
    x_tr, y_tr = load_images("mnist", "train", n=1_000, seed=1)
    x_te, y_te = test_images("mnist", n=500, seed=1)
    z = encode(trained(config).model, np.concatenate([x_tr, x_te]))["z"]
    m = TSNE(2, perplexity=30, init="pca", max_iter=500, random_state=0).fit_transform(z)
    m_tr, m_te = m[:1_000], m[1_000:]
    # train: 10-fold CV on the map; test: classified by the train points' labels
    train_acc = map_separation(m_tr, y_tr, k=5, folds=10)["knn_accuracy"]
    test_acc = float(KNeighborsClassifier(5).fit(m_tr, y_tr).score(m_te, y_te))
    code_acc = float(KNeighborsClassifier(5).fit(z[:1_000], y_tr).score(z[1_000:], y_te))
    _setting(claim, config, z_dim=16, points="1,000 train + 500 test digits embedded together",
             tsne="sklearn TSNE(2, perplexity 30, init pca, 500 iterations, random_state 0)",
             separation="5-NN accuracy on the 2-d map (train: 10-fold CV; test: by the train points)")
    claim.measure(knn_accuracy_map_train=train_acc, knn_accuracy_map_test=test_acc,
                  knn_accuracy_16d_codes_test=code_acc)
    claim.tolerance("5-NN accuracy on the t-SNE map >= 0.9 for train and for test points",
                    "'separates well' = 9 in 10 points sit among their own class on the map")
    fig, axs = plt.subplots(1, 2, figsize=(9, 4.5), sharex=True, sharey=True)
    for ax, pts, lab, title in ((axs[0], m_tr, y_tr, "train"), (axs[1], m_te, y_te, "test")):
        for c in range(10):
            ax.scatter(*pts[lab == c].T, s=3, label=str(c))
        ax.set(title=f"{title} points")
    axs[1].legend(markerscale=4, fontsize=7)
    claim.figure(fig, "t-SNE of the z_dim 16 codes, train and test points")
    assert train_acc >= 0.9
    assert test_acc >= 0.9


# --- vae2.bce_converges ------------------------------------------------------------------------

@pytest.mark.parametrize("bce_config, mse_config", [
    pytest.param(MNIST_AE_2EP[16], MNIST_AE_Z16_MSE_2EP, id="fast-mnist-12k-2ep", marks=[
        pytest.mark.fast, refuted((
            "fast tier (12,000 digits, first 2 epochs, 1,000 test digits): test PSNR per epoch BCE "
            "12.02 / 14.13 dB vs MSE 11.92 / 14.73 dB: the MSE run leads from epoch 2 and leads on "
            "test BCE per pixel too (0.173 vs 0.181). Continued to 5 epochs the runs gave the same "
            "picture: BCE 16.67 / 17.99 / 18.64 dB vs MSE 17.06 / 18.20 / 18.85 dB"))]),
    pytest.param(POST_MNIST_AE[16], POST_MNIST_AE_Z16_MSE, marks=pytest.mark.gpu, id="gpu-mnist-60k-40ep"),
])
@pytest.mark.claim("vae2.bce_converges", reported={"bce_vs_mse": "better and faster convergence"})
def test_bce_converges_better_and_faster_than_mse(claim, bce_config, mse_config, trained):
    """BCE gives better and faster convergence than MSE for this AE."""
    bce, mse = trained(bce_config).history, trained(mse_config).history
    bce = {"psnr_db": bce["test_psnr_db"], "bce_per_pixel": bce["test_bce_per_pixel"]}
    mse = {"psnr_db": mse["test_psnr_db"], "bce_per_pixel": mse["test_bce_per_pixel"]}
    size = {"n_train": bce_config.n_train, "epochs": bce_config.epochs, "n_eval": bce_config.eval_n}
    target = mse["psnr_db"][-1]
    reach_bce = next((i + 1 for i, v in enumerate(bce["psnr_db"]) if v >= target), None)
    claim.setting(dataset="MNIST", model="AE z 16, vae2 net, Adam 5e-4, batch 128, seed 0, same init and data order",
                  n_train=size["n_train"] or "all (60,000)", epochs=size["epochs"],
                  common_metric=f"PSNR (and BCE per pixel) of {size['n_eval']} test digits after each epoch")
    claim.measure(psnr_db_bce=bce["psnr_db"], psnr_db_mse=mse["psnr_db"],
                  bce_per_pixel_bce=bce["bce_per_pixel"], bce_per_pixel_mse=mse["bce_per_pixel"],
                  epoch_bce_reaches_final_mse_psnr=reach_bce)
    claim.tolerance("the BCE run's test PSNR >= the MSE run's after every epoch (better), and it reaches "
                    "the MSE run's final PSNR at an earlier epoch (faster)",
                    "PSNR is MSE's own objective, so it is the fair common metric; one seed each, so the "
                    "claim must hold at every epoch, not on average")
    fig, ax = plt.subplots(figsize=(5, 3.2))
    epochs = np.arange(1, size["epochs"] + 1)
    ax.plot(epochs, bce["psnr_db"], "o-", label="trained with BCE")
    ax.plot(epochs, mse["psnr_db"], "s-", label="trained with MSE")
    ax.set(xlabel="epoch", ylabel="test PSNR (dB)")
    ax.legend()
    claim.figure(fig, "test PSNR per epoch, BCE vs MSE training")
    assert all(b >= m for b, m in zip(bce["psnr_db"], mse["psnr_db"]))
    assert reach_bce is not None and reach_bce < size["epochs"]
