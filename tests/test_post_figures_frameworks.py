"""The vae3 and vae8 posts' own reports pass the claims' decision rules (vaecore.rules.vae3/vae8),
and the rules fail on what the installed Keras 3 does instead, where that differs.

The posts report outcomes on TensorFlow 2.8 (eager): a recipe fails with a TypeError, or builds
and trains; printed epoch values are or are not consistent epoch averages. The vae8 reports are
rebuilt with TF 2.8's progress-bar arithmetic (:func:`keras2_printed`): a key that is not a
tracker name is averaged over the per-batch logs, which hold the trackers' running means.
"""

import numpy as np
import pytest

from vaecore.rules import vae3, vae8

# --- vae3 ----------------------------------------------------------------------------------------

POST_BOOK_RECIPE = {"trains": False, "fails_at": None, "exception_type": "TypeError",
                    "message_first_line": "(the post: a TypeError about symbolic Keras tensors)"}


def test_vae3_symbolic_loss_fails_post_report_holds():
    # Check the post: TF 2.8 with eager execution, the book recipe fails with a TypeError.
    assert vae3.symbolic_loss_fails(POST_BOOK_RECIPE, executing_eagerly=True)["verdict"] == "holds"


def test_vae3_symbolic_loss_fails_judges_failure_not_the_exception_type():
    # Check that the exception type is a detail: a ValueError at build (Keras 3) still fails the
    # recipe; a recipe that trains refutes; without eager execution the claim cannot judge.
    keras3 = {"trains": False, "fails_at": "build", "exception_type": "ValueError"}
    assert vae3.symbolic_loss_fails(keras3, executing_eagerly=True)["verdict"] == "holds"
    assert vae3.symbolic_loss_fails({"trains": True}, executing_eagerly=True)["verdict"] == "refuted"
    assert vae3.symbolic_loss_fails(POST_BOOK_RECIPE, executing_eagerly=False)["verdict"] == "inconclusive"


TF28 = {"tensorflow": "2.8.0", "keras": "2.8.0"}  # the posts' framework
KERAS3 = {"tensorflow": "2.21.0", "keras": "3.15.1"}


def test_vae3_model_add_loss_works_post_report_holds():
    # Check the post (TF 2.7 / 2.8): model.add_loss on the layer tensors builds and trains: holds
    # on its version, a failure there refutes; on Keras 3 (not the post's framework) nothing is
    # judged, whatever the recipe does (lexicon: Versions).
    assert vae3.model_add_loss_works({"trains": True, "final_loss": 11.2}, TF28)["verdict"] == "holds"
    failed = {"trains": False, "fails_at": "add_loss", "exception_type": "NotImplementedError"}
    assert vae3.model_add_loss_works(failed, TF28)["verdict"] == "refuted"
    assert vae3.model_add_loss_works(failed, KERAS3)["verdict"] == "inconclusive"
    assert vae3.model_add_loss_works({"trains": True}, KERAS3)["verdict"] == "inconclusive"


# --- vae8 ----------------------------------------------------------------------------------------

def keras2_printed(batch_values, tracker_key: bool) -> float:
    """The epoch value TF 2.8's progress bar printed (``fit(verbose=1)``) for one returned key.

    ``batch_values``: the per-batch values of one loss. The key's logs after batch i hold the
    tracker's running mean of batches 1..i; a tracker name is printed as-is at the epoch end
    (the epoch mean); any other key is averaged over the per-batch updates, the final update
    counted once more.
    """
    running = np.cumsum(batch_values) / np.arange(1, len(batch_values) + 1)
    if tracker_key:
        return float(running[-1])
    return float(np.mean(np.r_[running, running[-1]]))


# A first epoch shaped as training runs it (synthetic): the batch losses fall fast, then slowly.
BATCH_RECO = np.array([544.0, 541.0, 539.5, 538.5, 537.8, 537.2, 536.8, 536.5])
BATCH_KL = np.array([0.05, 0.12, 0.2, 0.28, 0.34, 0.4, 0.45, 0.5])


def test_vae8_consistent_metrics_post_report_holds():
    # Check the post: with matching names the logged total is reco + KL and the epoch mean.
    total = BATCH_RECO + BATCH_KL
    judged = vae8.consistent_metrics(total=total.mean(), reco=BATCH_RECO.mean(), kl=BATCH_KL.mean(),
                                     batch_mean_total=total.mean(), batch_mean_reco=BATCH_RECO.mean(),
                                     batch_mean_kl=BATCH_KL.mean(), last_batch_total=total[-1])
    assert judged["verdict"] == "holds"


def test_vae8_inconsistent_names_post_report_holds_and_keras3_is_not_judged():
    # Check the post (TF 2.8): "loss" for the total tracker printed a value off the epoch mean,
    # towards the epoch's start values: holds; a consistent epoch mean on TF 2.8 refutes; on Keras 3
    # (which prints the tracker's epoch mean) the claim about TF 2.8 is not judged.
    total = BATCH_RECO + BATCH_KL
    printed = keras2_printed(total, tracker_key=False)
    judged = vae8.inconsistent_names(printed_loss=printed, epoch_mean=total.mean(), first_batch=total[0],
                                     versions=TF28)
    assert judged["verdict"] == "holds", judged["checks"]
    consistent = dict(printed_loss=round(total.mean(), 4), epoch_mean=total.mean(), first_batch=total[0])
    assert vae8.inconsistent_names(**consistent, versions=TF28)["verdict"] == "refuted"
    keras3 = vae8.inconsistent_names(**consistent, versions=KERAS3)
    assert keras3["verdict"] == "inconclusive"  # Keras 3 is not the post's framework (lexicon: Versions)


def test_vae8_all_names_wrong_post_report_holds():
    # Check the post: with all three keys off the tracker names each printed value is averaged
    # the same way, so the printed sum is consistent again; a mix of averaged and as-is is not.
    total = BATCH_RECO + BATCH_KL
    all_wrong = [round(keras2_printed(v, tracker_key=False), 4) for v in (total, BATCH_RECO, BATCH_KL)]
    assert vae8.all_names_wrong(*all_wrong, versions=TF28)["verdict"] == "holds"
    assert vae8.all_names_wrong(*all_wrong, versions=KERAS3)["verdict"] == "inconclusive"
    mixed = [round(keras2_printed(total, tracker_key=False), 4), round(BATCH_RECO.mean(), 4), round(BATCH_KL.mean(), 4)]
    assert vae8.all_names_wrong(*mixed, versions=TF28)["verdict"] == "refuted"


def test_vae8_mean_resets_post_report_holds():
    # Check the post: epoch 2's logged value is the mean of its own batches, the tracker restarts
    # at its first batch; not the mean over both epochs.
    epoch2 = BATCH_RECO - 20.0
    judged = vae8.mean_resets(epoch2_logged=epoch2.mean(), epoch2_batch_mean=epoch2.mean(),
                              running_after_first=epoch2[0], epoch2_first_batch=epoch2[0],
                              both_epochs_mean=np.r_[BATCH_RECO, epoch2].mean())
    assert judged["verdict"] == "holds"
    no_reset = vae8.mean_resets(epoch2_logged=np.r_[BATCH_RECO, epoch2].mean(), epoch2_batch_mean=epoch2.mean(),
                                running_after_first=np.r_[BATCH_RECO, epoch2[:1]].mean(),
                                epoch2_first_batch=epoch2[0], both_epochs_mean=np.r_[BATCH_RECO, epoch2].mean())
    assert no_reset["verdict"] == "refuted"


def test_vae8_consistent_metrics_refuted_when_the_last_batch_is_logged():
    # Check the clearly wrong log: the total logged is the epoch's last batch (not reco + KL of the
    # means, not the batch mean of the totals): every check fails.
    total = BATCH_RECO + BATCH_KL
    judged = vae8.consistent_metrics(total=total[-1], reco=BATCH_RECO.mean(), kl=BATCH_KL.mean(),
                                     batch_mean_total=total.mean(), batch_mean_reco=BATCH_RECO.mean(),
                                     batch_mean_kl=BATCH_KL.mean(), last_batch_total=total[-1])
    assert judged["verdict"] == "refuted"
    assert not any(judged["checks"].values())


@pytest.mark.parametrize("value, expected", [(512.25, 5e-5 + 5e-5 * 512.25), (-0.5, 7.5e-5)])  # synthetic values
def test_vae8_print_band_is_half_a_printed_unit_with_margin(value, expected):
    # Check the band by hand: 5e-5 (half of the 4th decimal) plus a relative 5e-5.
    assert vae8.print_band(value) == pytest.approx(expected)
