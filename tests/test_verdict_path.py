"""One verdict path: a rule's Judgement is the verdict, and one table turns it into pytest's outcome."""

import json

import pytest
from test_report import _suite

from vaecore.convergence import Converged, Precondition
from vaecore.rules import km5, vae13
from vaecore.rules.verdict import Judgement, judgement

pytest_plugins = ["pytester"]


class _Run:
    """A trained run as ``Judgement.using`` sees it: its convergence preconditions."""

    def __init__(self, losses):
        self.preconditions = (Converged("test_bce_per_pixel", 0.01).check({"test_bce_per_pixel": losses}, "ae"),)


def test_the_verdict_is_a_pure_function_of_checks_and_preconditions():
    assert judgement({"a": True, "b": True}).verdict == "holds"
    assert judgement({"a": True, "b": False}).verdict == "refuted"
    unmet = Precondition("the sample decides the bars", False, "+1.0 SE", ">= 2 SE")
    assert judgement({"a": False}, [unmet]).verdict == "inconclusive"


def test_a_models_convergence_joins_through_using():
    # Check that the post's figures' holds turns inconclusive on a model still moving (and not on a
    # converged one): the verdict the report gets, not the rule's alone.
    j = judgement({"KL / reco < 4e-6": True})
    assert j.using(_Run([0.50, 0.49, 0.4899])).verdict == "holds"
    moving = j.using(_Run([0.50, 0.45, 0.40]))
    assert moving.verdict == "inconclusive" and moving.unmet()[0].name == "ae converged"
    assert j.verdict == "holds"  # frozen: using() returns a new judgement


def test_an_unmet_precondition_recorded_twice_stays_unmet():
    unmet, met = (Precondition("p", False, 1, "r"), Precondition("p", True, 2, "r"))
    assert judgement({"a": True}, [unmet]).using(met).verdict == "inconclusive"


def test_joined_judgements_need_every_check_and_read_like_a_dict():
    a = judgement({"a": True}).with_values(ratio=0.5)
    both = a.joined(judgement({"b": False}))
    assert both.verdict == "refuted" and both.failed() == ["b"]
    assert a["verdict"] == "holds" and a["ratio"] == 0.5 and dict(a)["checks"] == {"a": True}
    with pytest.raises(Exception):
        a.checks = {}  # frozen


def test_a_rules_judgement_carries_its_tolerance_built_from_its_constants():
    # Check that kl_tiny states the bound it judged by, derived from the setting's z_dim and pixels (the
    # fast tier's MNIST: 1.44e-4 x 16 / 784 = 2.94e-6), and that the text survives the verdict path.
    j = vae13.kl_tiny(kl_loss=0.05, reco_loss=4550, z_dim=16, pixels=784, steps=1_410)
    assert j.tolerance.startswith(f"KL / reco < {vae13.kl_bound(16, 784):.3g} = 4e-6 x (z_dim 16 / 256)")
    assert "784 pixels" in j.tolerance and "kl_bound" in j.rationale
    moved = j.using(_Run([0.50, 0.45, 0.40])).joined(judgement({"b": True}))
    assert moved.tolerance == j.tolerance and moved.rationale == j.rationale


@pytest.mark.parametrize("judged, named", [
    (vae13.ae_radius_peak(15.75, 0.97, 0.6, literal=True, steps=31_900), "|peak - 16.75| <= 1.675"),
    (vae13.ae_radius_peak(3.0, 0.97, 0.6, literal=False), "units of the measured peak"),
    (vae13.tsne_similar(0.30, 0.32, 0.90, 0.91, weak=False), "'weak' is not asserted"),
    (vae13.tsne_similar(0.30, 0.32), "weak: both <= 0.5"),
    (km5.cluster_purity([15, 14, 16]), "at most 1.1 x 15 = 16.5"),
    (km5.direction_not_radius(radial_share=[0.1]), "radial share of the centre separations < 0.5"),
], ids=["vae13-literal-peak", "vae13-transfer", "vae13-tsne-mnist", "vae13-tsne-faces", "km5-purity",
        "km5-radial-only"])
def test_a_rules_tolerance_names_what_it_judged(judged, named):
    # Check that the tolerance follows the rule's arguments: the checks it made, and nothing it did not.
    assert named in judged.tolerance and judged.rationale


FLIPS = '''
import pytest
from vaecore.rules.verdict import judgement

@pytest.mark.fast
@pytest.mark.expect("refuted")
@pytest.mark.claim("demo.refuted_as_expected")
def test_refuted_as_expected(claim):
    """A rule that refutes where the tier's run is expected to refute."""
    claim.judge(judgement({"x 2.0 == 1 (the post)": False}))

@pytest.mark.fast
@pytest.mark.claim("demo.newly_refuted")
def test_newly_refuted(claim):
    """A rule that newly refutes where the run was expected to hold."""
    claim.judge(judgement({"x 2.0 == 1 (the post)": False}))

@pytest.mark.fast
@pytest.mark.expect("refuted")
@pytest.mark.claim("demo.newly_holds")
def test_newly_holds(claim):
    """A rule that now holds where the run was expected to refute."""
    claim.judge(judgement({"x 1.0 == 1 (the post)": True}))

@pytest.mark.fast
@pytest.mark.claim("demo.described")
def test_described(claim):
    """A rule's own tolerance and rationale reach the report when the claim sets none."""
    claim.judge(judgement({"x 1.0 == 1 (the post)": True}).described("|x - 1| <= 0", "the post's own value"))

@pytest.mark.fast
@pytest.mark.claim("demo.two_rules")
def test_two_rules(claim):
    """Two rules' judgements join: every check counts."""
    claim.judge(judgement({"a": True}))
    claim.judge(judgement({"b": True}))
'''


def test_the_table_from_verdict_to_outcome(pytester, monkeypatch):
    # Check that a newly refuting rule gives refuted (xfail, with the run's failed check as its
    # evidence) when expected, and a failure naming both verdicts when not; a claim that now
    # holds where refuted is expected fails naming both too.
    suite = _suite(pytester, monkeypatch, FLIPS)
    result = suite.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, xfailed=1, failed=2)
    by_id = {c["id"]: c for c in json.loads((suite.path / "reports" / "claims.json").read_text())["claims"]}
    assert by_id["demo.refuted_as_expected"]["verdict"] == "refuted"
    assert "x 2.0 == 1 (the post)" in by_id["demo.refuted_as_expected"]["reason"]
    assert by_id["demo.newly_refuted"]["verdict"] == "error"
    assert "verdict refuted, expected holds" in by_id["demo.newly_refuted"]["reason"]
    assert "verdict holds, expected refuted" in by_id["demo.newly_holds"]["reason"]
    assert by_id["demo.two_rules"]["verdict"] == "holds" and set(by_id["demo.two_rules"]["checks"]) == {"a", "b"}
    described = by_id["demo.described"]
    assert (described["tolerance"], described["rationale"]) == ("|x - 1| <= 0", "the post's own value")
    result.stdout.fnmatch_lines(["*verdict refuted, expected holds*"])


NOT_NEEDED = '''
import pytest
from vaecore.rules import vae11

ORDERS_ONLY = {"distorted": {"elastic warp": 0.9, "patch shuffle": 0.9, "background blend": 0.4},
               "intact": {"real": 0.05, "blurred": 0.05}, "n": 300}  # synthetic

@pytest.mark.fast
@pytest.mark.expect("refuted")
@pytest.mark.claim("demo.not_needed")
def test_not_needed(claim):
    """A flat quality curve refutes "falls" with a judge that orders but does not separate."""
    claim.judge(vae11.radius_limit((0.5, 1, 1.5, 2, 2.5, 3, 3.5, 5, 8), [0.9] * 9, 0.4, 1.0, 1.0, ORDERS_ONLY))
'''


def test_a_precondition_not_needed_reaches_the_report_as_not_needed(pytester, monkeypatch):
    # Check the whole path of a rule's precondition that the verdict does not rest on (vae11.radius_limit:
    # a missed fall decides, the judge's separation is not needed): the verdict is refuted as before,
    # claims.json records it as needed false with its reason (and met, so it blocks nothing), the reason
    # in the terminal and the page say "not needed", not "met".
    suite = _suite(pytester, monkeypatch, NOT_NEEDED)
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", "-rx")
    result.assert_outcomes(xfailed=1)
    assert result.ret == pytest.ExitCode.OK  # the report passed its schema
    data = json.loads((suite.path / "reports" / "claims.json").read_text())
    [claim] = data["claims"]
    assert claim["verdict"] == "refuted" and data["schema_version"] == 3
    by_name = {p["name"]: p for p in claim["preconditions"]}
    separates = by_name.pop("the judge separates distorted from intact images")
    assert separates["met"] is True and separates["needed"] is False
    assert separates["why_not_needed"].startswith("decided by the miss of 'mean quality at r = 0.5 - 1.5")
    assert "not needed" not in separates["rule"]
    assert all(p["met"] and p["needed"] and not p["why_not_needed"] for p in by_name.values())
    reason = claim["reason"]
    assert "not needed: the judge separates distorted from intact images" in reason
    assert "the judge separates" not in reason.split("; not needed: ")[0]  # not among the met ones
    result.stdout.fnmatch_lines(["*not needed: the judge separates distorted from intact images*"])
    page = (suite.path / "reports" / "claims.html").read_text()
    assert ('<tr class="unneeded"><td>the judge separates distorted from intact images</td>'
            "<td>not needed: decided by the miss of") in page
