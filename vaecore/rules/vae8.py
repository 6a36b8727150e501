"""Decision rules of the vae8 claims ("GradientTape(), KL loss and metrics").

Each rule is a pure function from logged and recomputed losses to a judgement, the same for
the claim (``claims/test_vae8.py``) and for the post's own report
(``tests/test_post_figures_frameworks.py``):
a :class:`vaecore.rules.verdict.Judgement` (``verdict`` holds / refuted / inconclusive, ``checks`` {what: bool}, ``preconditions``).

Values printed by Keras's progress bar carry 4 decimals: two printed values agree when they
differ by less than :func:`print_band`; values logged as floats agree to ``FLOAT_RTOL``.

>>> tf28 = {"tensorflow": "2.8.0", "keras": "2.8.0"}
>>> inconsistent_names(printed_loss=560.0, epoch_mean=537.3, first_batch=610.0, versions=tf28)["verdict"]
'holds'
>>> inconsistent_names(printed_loss=537.3426, epoch_mean=537.34258, first_batch=610.0, versions=tf28)["verdict"]
'refuted'
>>> keras3 = {"tensorflow": "2.21.0", "keras": "3.15.1"}
>>> inconsistent_names(printed_loss=537.3426, epoch_mean=537.34258, first_batch=610.0, versions=keras3)["verdict"]
'inconclusive'
"""

from __future__ import annotations

from vaecore.rules.verdict import judgement, post_framework

__all__ = ["print_band", "consistent_metrics", "inconsistent_names", "all_names_wrong", "mean_resets",
           "FLOAT_RTOL"]

FLOAT_RTOL = 1e-5  # float32 sums of 8 batch values of ~500: ~1e-7 relative round-off


def print_band(value: float) -> float:
    """Half a unit of the 4 decimals (or 4-digit mantissa) Keras prints, with margin."""
    return 5e-5 + 5e-5 * abs(value)


def _close(a: float, b: float, rtol: float = FLOAT_RTOL) -> bool:
    return abs(a - b) <= rtol * max(abs(a), abs(b))


def consistent_metrics(total: float, reco: float, kl: float, batch_mean_total: float,
                       batch_mean_reco: float, batch_mean_kl: float, last_batch_total: float) -> dict:
    """With the trackers returned under their own names, the logged epoch total equals reco + KL
    to float precision and is the average over all batches of the epoch (not the last batch).

    Not in the lexicon: "equals (to float precision)" read as relative difference <= FLOAT_RTOL (1e-5),
      because float32 round-off has no row.
    Lexicon: "all, every, none (of items the post itself checked)" -> "averaged over all batches": logged
      values equal the batch means (exact, to float precision); not the last batch: differs by > 100 x
      FLOAT_RTOL.
    """
    return judgement({
        f"total {total:.6g} == reco + KL {reco + kl:.6g}": _close(total, reco + kl),
        f"logged (total, reco, KL) == the batch means ({batch_mean_total:.6g}, {batch_mean_reco:.6g}, "
        f"{batch_mean_kl:.6g})": all(_close(a, b) for a, b in
                                     ((total, batch_mean_total), (reco, batch_mean_reco), (kl, batch_mean_kl))),
        f"logged total differs from the last batch's {last_batch_total:.6g}":
            abs(total - last_batch_total) > 100 * FLOAT_RTOL * abs(total),
    })


def inconsistent_names(printed_loss: float, epoch_mean: float, first_batch: float, versions: dict) -> dict:
    """With the total tracker returned as ``"loss"``, the printed epoch value is no consistent
    epoch average, and lies towards the values at the epoch's start.

    The post (TF 2.8): the fallback's values were "much closer to the start values at an epoch's
    begin than the mean values averaged over an epoch" (not the last batch). "Much closer" has
    no number; the rule reads it as: the printed value differs from the epoch mean of the batch
    totals by more than the printing precision (x 3), on the side of the epoch's first batch
    (between the mean and the start values, as a mean of running means is).

    Not in the lexicon: "no consistent epoch average ... much closer to the start values" read as the printed
      value off the epoch mean by > 3 x print_band, on the side of the first batch, because "much closer" has
      no number (the lexicon's "much larger", >= 1.5 x, is not applied to the distances).
    Lexicon: "Versions" -> judged only on the post's TensorFlow 2.7 / 2.8 with Keras 2 (post_framework).
    """
    off = printed_loss - epoch_mean
    towards_start = off * (first_batch - epoch_mean) > 0
    return judgement({
        f"printed loss {printed_loss:.4f} differs from the epoch mean {epoch_mean:.4f} by more than the "
        f"printing precision": abs(off) > 3 * print_band(printed_loss),
        f"displaced towards the epoch's first batch {first_batch:.4f}": bool(towards_start),
    }, [post_framework(versions)])


def all_names_wrong(printed_loss: float, printed_reco: float, printed_kl: float, versions: dict) -> dict:
    """With all losses returned under names that are not their trackers', the printed total is
    consistent again: printed loss = printed reco + printed KL within the printing precision
    (on the post's TensorFlow 2.8: :func:`post_framework`).

    Not in the lexicon: "consistent again" read as printed loss = printed reco + KL within the summed printing
      precision (print_band), because printed values carry 4 decimals.
    Lexicon: "Versions" -> judged only on the post's TensorFlow 2.7 / 2.8 with Keras 2 (post_framework).
    """
    total = printed_reco + printed_kl
    band = print_band(printed_loss) + print_band(printed_reco) + print_band(printed_kl)
    return judgement({f"printed loss {printed_loss:.4f} == printed reco + KL {total:.4f} (+- {band:.1e})":
                       abs(printed_loss - total) <= band}, [post_framework(versions)])


def mean_resets(epoch2_logged: float, epoch2_batch_mean: float, running_after_first: float,
                epoch2_first_batch: float, both_epochs_mean: float) -> dict:
    """Mean trackers average over the batches of one epoch and are reset at each epoch start.

    Not in the lexicon: "average over the batches of one epoch and are reset" read as equalities within
      FLOAT_RTOL on epoch 2 and a difference > 100 x FLOAT_RTOL from the two-epoch mean, because float32
      round-off has no row.
    """
    return judgement({
        f"epoch 2 logged {epoch2_logged:.6g} == epoch 2 batch mean {epoch2_batch_mean:.6g}":
            _close(epoch2_logged, epoch2_batch_mean),
        f"running value after epoch 2's first batch {running_after_first:.6g} == that batch's "
        f"{epoch2_first_batch:.6g}": _close(running_after_first, epoch2_first_batch),
        f"epoch 2 logged differs from the mean over both epochs {both_epochs_mean:.6g}":
            abs(epoch2_logged - both_epochs_mean) > 100 * FLOAT_RTOL * abs(epoch2_logged),
    })


# --- the post's own figures, as the claims report them beside each measurement ---------------
# Stated once: the claims' markers read them (``@pytest.mark.claim(id, reported=REPORTED[name])``).
REPORTED = {
    'consistent_metrics': {
        'total_loss': 'reco_loss + kl_loss (float precision)',
        'epoch_value': 'average over all batches of the epoch',
    },
    'inconsistent_names': {
        'tensorflow': '2.8',
        'returned_key': "'loss' for the tracker named total_loss",
        'printed_loss': "no consistent epoch average: 'much closer to the start values at an epoch's begin than the mean values averaged over an epoch' (not the last batch)",
    },
    'inconsistent_names.2': {
        'tensorflow': '2.8',
        'returned_keys': "all three under names that are not their trackers'",
        'printed_sum': 'consistent again: loss = reco + KL',
    },
    'mean_resets': {
        'epoch_value': 'mean over the batches of that epoch only',
        'reset_state': 'automatic at each epoch start for trackers in `metrics`',
    },
}
