"""Decision rules of the vae3 claims ("Problems with the KL loss and eager execution").

Each rule is a pure function from measured outcomes to a judgement, the same for the claim
(``claims/test_vae3.py``) and for the post's own report (``tests/test_post_figures_frameworks.py``):
a :class:`vaecore.rules.verdict.Judgement` (``verdict`` holds / refuted / inconclusive, ``checks`` {what: bool}, ``preconditions``).
An outcome is what ``claims/test_vae3._run_recipe`` records: ``trains`` (bool), ``fails_at``
(the stage that raised), ``exception_type`` and the message. The exception type and message are
details to record, not part of the verdict: the claims are about whether a recipe trains.

>>> symbolic_loss_fails({"trains": False, "exception_type": "TypeError"}, executing_eagerly=True)["verdict"]
'holds'
>>> symbolic_loss_fails({"trains": True}, executing_eagerly=True)["verdict"]
'refuted'
"""

from __future__ import annotations

from vaecore.convergence import Precondition
from vaecore.rules.verdict import judgement, post_framework

__all__ = ["symbolic_loss_fails", "model_add_loss_works"]


def _said(outcome: dict) -> str:
    if outcome.get("trains"):
        return "trains"
    return f"fails at {outcome.get('fails_at') or '?'} with {outcome.get('exception_type') or 'an error'}"


def symbolic_loss_fails(outcome: dict, executing_eagerly: bool) -> dict:
    """The book recipe (KL from a functional model's symbolic mu/logvar inside a custom layer's
    ``add_loss``) fails under eager execution: it does not build-and-train. Precondition: the
    recipe ran with eager execution on (the claim is about eager execution).

    Not in the lexicon: "fails under eager execution" read as the recipe does not build-and-train, whatever
      the exception, because the catalogue calls the exception type a detail to record.
    Not in the lexicon: the framework version is not gated ("Versions" not applied), because the claim is
      about eager execution, not a named version; the versions are recorded. Precondition: eager execution on.
    """
    eager = Precondition("eager execution", bool(executing_eagerly), str(bool(executing_eagerly)),
                         "the recipe ran with eager execution enabled (TensorFlow 2's default)")
    return judgement({f"the recipe does not train under eager execution ({_said(outcome)})":
                       not outcome.get("trains", False)}, [eager])


def model_add_loss_works(outcome: dict, versions: dict) -> dict:
    """``model.add_loss(kl)`` on the layer tensors of a functional model builds and trains, on the
    post's TensorFlow 2.7 / 2.8 (a statement about that version: :func:`post_framework`).

    Lexicon: "Versions" -> judged only on the post's TensorFlow 2.7 / 2.8 with Keras 2 (post_framework);
      elsewhere inconclusive.
    Not in the lexicon: "works" read as builds and trains, because the post reports no quality of the trained
      model.
    """
    return judgement({f"model.add_loss recipe trains ({_said(outcome)})": bool(outcome.get("trains", False))},
                     [post_framework(versions)])


# --- the post's own figures, as the claims report them beside each measurement ---------------
# Stated once: the claims' markers read them (``@pytest.mark.claim(id, reported=REPORTED[name])``).
REPORTED = {
    'kl_formula': {
        'kl_min': '>= 0',
        'kl_at_origin': 0.0,
        'equals_analytic_kl': True,
        'convex_in_sigma_at_1': True,
    },
    'symbolic_loss_fails': {
        'tensorflow': '2.8 (eager execution)',
        'outcome': 'fails',
        'exception': 'TypeError about symbolic Keras tensors',
        'worked_before': 'TF 2.3 (graph mode)',
        'remedy': 'tf.compat.v1.disable_eager_execution() makes it train again (TF 2.8)',
    },
    'model_add_loss_works': {
        'tensorflow': '2.7 / 2.8',
        'outcome': 'builds and trains',
    },
}
