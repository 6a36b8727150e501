"""The vae2 post's own statements pass the claims' decision rules (vaecore.rules.vae2).

The post gives words, not numbers ("almost perfect", "clearly suffers", "overlap most",
"separates well", "better and faster"). Each test states the reading, builds a synthetic case
that matches the words (the rule must say "holds") and one that does not (it must not).
"""

import itertools

import numpy as np
import pytest
from readings import fast, precondition, reference

from vaecore.reconstruction import psnr
from vaecore.rules import vae2 as rules
from vaecore.separation import map_separation


def _strokes(n=200, seed=0):
    """Digit-like images: a few bright strokes on black, 28x28x1 in [0, 1]."""
    rng = np.random.default_rng(seed)
    x = np.zeros((n, 28, 28, 1), np.float32)
    for img in x:
        for _ in range(3):
            r, c = rng.integers(4, 24, 2)
            if rng.random() < 0.5:
                img[r:r + 2, c - 4:c + 4] = 1.0
            else:
                img[r - 4:r + 4, c:c + 2] = 1.0
    return x


def test_recon_z16_holds_for_almost_perfect_reconstructions():
    # Check that "almost perfect" (RMS error 0.05 of the range, the judge reads every digit it
    # reads on the originals) holds, and a visibly degraded reconstruction does not.
    rng = np.random.default_rng(0)
    x = _strokes()
    close = np.clip(x + rng.normal(0, 0.05, x.shape), 0, 1)
    blurred = np.clip(0.5 * x + 0.25 + rng.normal(0, 0.1, x.shape), 0, 1)
    assert rules.recon_z16(float(psnr(close, x).mean()), 0.96, 0.96)["verdict"] == "holds"
    assert rules.recon_z16(float(psnr(blurred, x).mean()), 0.96, 0.96)["verdict"] == "refuted"
    assert rules.recon_z16(float(psnr(close, x).mean()), 0.90, 0.96)["verdict"] == "refuted"  # 1 in 16 lost


def test_recon_z2_holds_when_z2_clearly_suffers():
    # Check that "clearly suffers" (squared error doubled or more, more digits lost) holds and
    # a small loss (1.5 dB, the same digits) does not.
    assert rules.recon_z2(psnr_db_z2=14.0, psnr_db_z16=19.0, same_digit_z2=0.65, same_digit_z16=0.93)[
        "verdict"] == "holds"
    assert rules.recon_z2(psnr_db_z2=17.5, psnr_db_z16=19.0, same_digit_z2=0.90, same_digit_z16=0.93)[
        "verdict"] == "refuted"
    assert rules.recon_z2(psnr_db_z2=14.0, psnr_db_z16=19.0, same_digit_z2=0.93, same_digit_z16=0.93)[
        "verdict"] == "refuted"


def _blobs(centres, spread, n=200, seed=0):
    rng = np.random.default_rng(seed)
    points = np.concatenate([rng.normal(c, s, (n, 2)) for c, s in zip(centres, spread)])
    return points, np.repeat(np.arange(len(centres)), n)


def test_z2_overlap_holds_on_the_posts_picture():
    # Check the post's picture: 3/5/8 share one region, 4/7/9 another, 0 and 6 spread widely
    # but apart, the rest separate: the post's 6 pairs are the 6 most overlapping.
    centres = {0: (-12, 8), 1: (10, -10), 2: (-10, -10), 3: (0, 0), 4: (12, 8), 5: (0.8, 0.5), 6: (0, 16),
               7: (12.8, 8.5), 8: (0.4, -0.8), 9: (12.4, 7.2)}
    spread = [2.5 if c in (0, 6) else 1.0 for c in range(10)]
    points, labels = _blobs([centres[c] for c in range(10)], spread)
    judgement = rules.z2_overlap(rules.pair_overlap(points, labels))
    assert judgement["verdict"] == "holds"
    assert judgement["hits"] == 6


def test_z2_overlap_refuted_when_other_groups_overlap():
    # Check that groups other than the post's (0/1/2 and 6/7/8 close together) are refuted.
    centres = [(0, 0), (0.8, 0.5), (0.4, -0.8), (-12, 8), (10, -10), (-10, -10), (12, 8), (12.8, 8.5),
               (12.4, 7.2), (0, 16)]
    points, labels = _blobs(centres, [1.0] * 10)
    judgement = rules.z2_overlap(rules.pair_overlap(points, labels))
    assert judgement["verdict"] == "refuted"
    assert judgement["hits"] <= 1


def test_z2_overlap_counts_post_pairs_from_a_ranking():
    # Check the count by hand: the post's own ranking (its 6 pairs first) gives 6 hits.
    overlap = {tuple(sorted(p)): 0.2 for p in rules.POST_PAIRS}
    overlap.update({p: 0.01 for p in itertools.combinations(range(10), 2) if p not in overlap})
    assert rules.z2_overlap(overlap)["hits"] == 6


@pytest.mark.parametrize("spread, verdict", [(0.5, "holds"), (6.0, "refuted")], ids=["separated", "mixed"])
def test_clusters_z16_holds_for_a_well_separated_map(spread, verdict):
    # Check that a map of 10 well separated classes ("separates well") holds, and one where
    # the classes run into each other does not.
    angles = np.linspace(0, 2 * np.pi, 10, endpoint=False)
    centres = np.stack([10 * np.cos(angles), 10 * np.sin(angles)], 1)
    train, y_train = _blobs(centres, [spread] * 10, n=100, seed=0)
    test, y_test = _blobs(centres, [spread] * 10, n=50, seed=1)
    from sklearn.neighbors import KNeighborsClassifier

    train_acc = map_separation(train, y_train, k=5, folds=10)["knn_accuracy"]
    test_acc = float(KNeighborsClassifier(5).fit(train, y_train).score(test, y_test))
    assert rules.clusters_z16(train_acc, test_acc)["verdict"] == verdict


EPOCHS = (1, 2, 3, 5, 8, 12, 15)


def test_bce_converges_holds_for_better_and_faster():
    # Check the post's words: the BCE run ahead at every equal epoch (at 0.9 on 2,000 digits one
    # SE is ~0.01: these gaps are 2.5 SE and more) and ending higher.
    bce = [0.80, 0.88, 0.91, 0.935, 0.94, 0.945, 0.945]
    mse = [0.55, 0.70, 0.80, 0.86, 0.89, 0.91, 0.915]
    judgement = rules.bce_converges(EPOCHS, bce, mse, n=2_000)
    assert judgement["verdict"] == "holds"
    assert all(p.met for p in judgement["preconditions"])


def test_bce_converges_refuted_when_mse_leads():
    # Check that the mirror image (MSE better and faster) is refuted, every precondition met.
    bce = [0.55, 0.70, 0.80, 0.86, 0.89, 0.91, 0.915]
    mse = [0.80, 0.88, 0.91, 0.935, 0.94, 0.945, 0.945]
    judgement = rules.bce_converges(EPOCHS, bce, mse, n=2_000)
    assert judgement["verdict"] == "refuted"
    assert all(p.met for p in judgement["preconditions"])


def test_bce_converges_refuted_when_better_but_not_faster():
    # Check that "better" alone is not enough: BCE ends higher but is far behind on the way.
    bce = [0.50, 0.60, 0.70, 0.80, 0.88, 0.93, 0.95]
    mse = [0.88, 0.90, 0.905, 0.91, 0.91, 0.91, 0.91]
    judgement = rules.bce_converges(EPOCHS, bce, mse, n=2_000)
    assert judgement["verdict"] == "refuted"
    assert list(judgement["checks"].values()) == [True, False]


def test_bce_converges_refuted_by_one_epoch_far_behind():
    # Check that being 7 SE behind at one epoch on the way refutes "faster" even with every
    # other gap in the noise (and "better" undecided).
    bce = [0.10, 0.58, 0.84, 0.89, 0.90, 0.91, 0.92]  # synthetic: 0.11 behind at epoch 2 (-7.3 SE)
    mse = [0.10, 0.69, 0.85, 0.89, 0.90, 0.91, 0.91]  # synthetic: every other gap within 1.2 SE
    judgement = rules.bce_converges(EPOCHS, bce, mse, n=2_000)
    assert judgement["verdict"] == "refuted"


def test_bce_converges_inconclusive_inside_the_noise():
    # Check that gaps inside 2 binomial SE at every epoch (0.005 at ~0.9 on 2,000 digits: 0.5 SE)
    # are inconclusive, whatever the ordering says.
    bce = [0.805, 0.885, 0.915, 0.94, 0.945, 0.95, 0.95]
    mse = [0.80, 0.88, 0.91, 0.935, 0.94, 0.945, 0.945]
    judgement = rules.bce_converges(EPOCHS, bce, mse, n=2_000)
    assert judgement["verdict"] == "inconclusive"
    assert not any(p.met for p in judgement["preconditions"])


def test_bce_converges_inconclusive_when_the_final_gap_is_noise():
    # Check that a clear lead on the way with a final gap inside the noise leaves "better" undecided.
    bce = [0.80, 0.88, 0.91, 0.935, 0.94, 0.945, 0.946]
    mse = [0.55, 0.70, 0.80, 0.86, 0.90, 0.935, 0.944]
    judgement = rules.bce_converges(EPOCHS, bce, mse, n=2_000)
    assert judgement["verdict"] == "inconclusive"
    assert [p.met for p in judgement["preconditions"]] == [True, False]


def test_bce_converges_rejects_ragged_curves():
    # Check that curves of different lengths are an error naming the lengths.
    with pytest.raises(ValueError, match="share_mse \\(2\\)"):
        rules.bce_converges((1, 2, 3), [0.1, 0.2, 0.3], [0.1, 0.2], n=100)


def test_binomial_z_by_hand():
    # Check the SE under the bar by hand: sqrt(0.9 x 0.1 / 1000) = 0.00949.
    from vaecore.rules.verdict import binomial_z

    assert binomial_z(0.93, 0.9, 1_000) == pytest.approx(0.03 / 0.0094868, rel=1e-4)
    assert binomial_z(0.0, 0.0, 1_000) == 0.0  # a bar at 0 still has a finite SE


@pytest.mark.parametrize("train, test, verdict", [
    (0.895, 0.884, "inconclusive"),   # both within 2 SE of 0.9 (1,000 and 500 points)
    (0.95, 0.95, "holds"),            # both >= 2 SE above
    (0.80, 0.905, "refuted"),         # one missed by 10 SE: refuted whatever the other says
], ids=["within-noise", "clear", "one-clear-miss"])
def test_clusters_z16_noise_decides_the_bar(train, test, verdict):
    # Check that a share within sampling noise of its bar leaves the verdict open, unless
    # another bar is missed decisively.
    assert rules.clusters_z16(train, test, n_train=1_000, n_test=500)["verdict"] == verdict


FAST_RECON = "vae2.recon_z16[fast-mnist-12k-15ep]/"  # results/spreads/fast-mnist.json


def test_recon_z16_almost_perfect_is_095_of_the_originals():
    # Check the lexicon's "almost perfect" (>= 0.95, relative to the judge's reading of the
    # originals): the fast tier's seed-0 reading, 0.949 of 2,000 digits against the originals'
    # 0.9745 (bar 0.926, +4.7 SE), holds; 0.90 of them (-5 SE; synthetic) does not.
    psnr_db, originals = fast(FAST_RECON + "psnr_db"), fast(FAST_RECON + "same_digit_originals")
    seed_0 = rules.recon_z16(psnr_db=psnr_db, same_digit=fast(FAST_RECON + "same_digit"),
                             same_digit_originals=originals, n=2_000)
    assert seed_0["verdict"] == "holds"
    lower = rules.recon_z16(psnr_db=psnr_db, same_digit=0.90, same_digit_originals=originals, n=2_000)
    assert lower["verdict"] == "refuted"


def test_recon_z16_psnr_miss_is_decisive_without_noise():
    # Check that a missed bar without sampling noise (PSNR) refutes even if the share is in the noise.
    judgement = rules.recon_z16(psnr_db=17.0, same_digit=0.94, same_digit_originals=0.96, n=2_000)
    assert judgement["verdict"] == "refuted"


def test_recon_shares_within_the_sampling_noise_of_their_bars_are_inconclusive():
    # Check the sampling gate of the two reconstruction rules on 1,000 test digits, with their
    # PSNR bars passed: z 16 read right at 0.91 against the bar 0.95 x 0.96 = 0.912 (-0.2 SE), and
    # z 2 at 0.92 against z 16's 0.93 (1.2 SE): the sample does not decide the bars.
    z16 = rules.recon_z16(psnr_db=24.0, same_digit=0.91, same_digit_originals=0.96, n=1_000)
    z2 = rules.recon_z2(psnr_db_z2=14.0, psnr_db_z16=19.0, same_digit_z2=0.92, same_digit_z16=0.93, n=1_000)
    for judged in (z16, z2):
        assert judged["verdict"] == "inconclusive"
        assert [p.name for p in judged.unmet()] == ["the sample decides the bars"]


# The 2026-11-21 slow reference run of vae2.bce_converges (a version-1 report, frozen in tests/data:
# readings.SLOW_REFERENCE_2026_11_21): its right-digit shares per kept epoch and its final MSE twin's
# convergence, unmet (1.72 % > 1 %). Read in fixtures, so that a missing key fails only these tests.
SLOW_BCE = "test_bce_converges_better_and_faster_than_mse[slow-mnist-12k-15ep]"


@pytest.fixture
def unconverged_twin():
    """The final MSE twin's convergence in the 2026-11-21 slow reference run: unmet (1.72 % > 1 %)."""
    return precondition(SLOW_BCE, "mnist28-ae-z16-mse-e15-s0-bf16 converged")


def test_bce_converges_refuted_on_the_way_whatever_the_final_models_do(unconverged_twin):
    # Check that a refutation by "faster" (far behind at a kept epoch before the final: a prefix of
    # the same runs) stands with an unconverged final MSE twin, which is recorded as not needed:
    # kept in the record with why, blocking nothing, and not shown as met.
    measured = reference(SLOW_BCE)["measured"]
    bce, mse = measured["right_digit_share_bce"], measured["right_digit_share_mse"]
    judgement = rules.bce_converges(EPOCHS, bce, mse, n=2_000, final_runs=[unconverged_twin])
    assert judgement["verdict"] == "refuted"
    twin = judgement["preconditions"][0]
    assert (twin.name, twin.value, twin.rule) == (unconverged_twin.name, unconverged_twin.value, unconverged_twin.rule)
    assert twin.status == "not needed" and twin.why_not_needed.startswith("'faster' refuted at epoch 2")
    assert not unconverged_twin.met and unconverged_twin.needed  # read from a report without "needed"


def test_bce_converges_holds_waits_for_the_final_models(unconverged_twin):
    # Check that the post's pattern (ahead at every epoch) is inconclusive while a final model has
    # not converged: "better" rests on the final epoch, which more training can move.
    bce = [0.80, 0.88, 0.91, 0.935, 0.94, 0.945, 0.945]
    mse = [0.55, 0.70, 0.80, 0.86, 0.89, 0.91, 0.915]
    judgement = rules.bce_converges(EPOCHS, bce, mse, n=2_000, final_runs=[unconverged_twin])
    assert judgement["verdict"] == "inconclusive"
    assert judgement.unmet() == [unconverged_twin]


def test_bce_converges_refuted_by_better_waits_for_the_final_models(unconverged_twin):
    # Check that a refutation resting on the final epoch only ("better" missed) waits too.
    bce = [0.80, 0.88, 0.91, 0.935, 0.94, 0.945, 0.90]
    mse = [0.78, 0.87, 0.905, 0.93, 0.935, 0.94, 0.945]
    judgement = rules.bce_converges(EPOCHS, bce, mse, n=2_000, final_runs=[unconverged_twin])
    assert judgement["verdict"] == "inconclusive"
