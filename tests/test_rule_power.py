"""Every decision rule has power (CLAIMS.md, "Reading the posts' words": Power).

"Every rule has three tests: the post's figures give ``holds``, clearly wrong figures give
``refuted``, a borderline case gives ``inconclusive`` where the rule has a precondition."

This file checks that sentence rather than trusting it. It runs the post-figure tests
(``tests/test_post_figures_*.py``) in-process under :class:`VerdictRecorder`, a plugin that
wraps every decision rule in its module for that session and keeps, per rule, the verdicts it
returned inside tests that passed. A rule that never returned ``holds``, never ``refuted``, or
(unless it is in :data:`NO_PRECONDITION`) never ``inconclusive`` fails here, by name.

A decision rule is a function in a rules module's ``__all__``, defined in that module, that is
not in :data:`HELPERS`: classes, constants and re-exports (``vae13.judgement``) are left out
by that convention, and the few helpers are listed with what they return instead. Both lists
are checked against the recorded run: a helper never returns a :class:`Judgement`, a rule
always does, and a rule in ``NO_PRECONDITION`` is never seen adding a precondition.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import vaecore.rules
from vaecore.rules.verdict import Judgement

POST_FIGURE_TESTS = sorted(Path(__file__).parent.glob("test_post_figures_*.py"))

# Functions in a rules module's __all__ that decide nothing: they return a precondition, a
# measurement or a bound that the rules use (keep this short: a new entry needs its reason).
HELPERS = {
    "curse1": {"judge_sees_reconstructions"},             # a Precondition the random-z rules share
    "km4": {"seed_spread"},                               # a Precondition (also used by km5)
    "vae2": {"pair_overlap"},                             # a measurement: {(a, b): kNN overlap}
    "vae8": {"print_band"},                               # a float: the printing precision
    "vae11": {"nyquist_excess", "nyquist_spike",          # measurements on images (arrays, a float)
              "judge_sees"},                              # a Precondition
    "vae13": {"kl_bound",                                 # a float: the derived KL / reco bound
              "post_steps"},                              # a Precondition
}

# Rules that never add a precondition (their code has none to add): they need holds and
# refuted only. The recorder checks that none of them is ever seen with a precondition.
NO_PRECONDITION = {
    "curse2.empty_core_and_shell", "curse2.pca_spectrum",
    "km4.pca_variance", "km5.confusions", "km5.ae_tsne",
    "vae2.z2_overlap", "vae8.consistent_metrics", "vae8.mean_resets", "vae11.ae_high_zdim",
    "vae13.ae_loss", "vae13.no_elbow", "vae13.tsne_similar",
}

# Rules that cannot say "refuted" whatever they are given (checks always true, or a
# precondition that can never be met): defects for the rule's developer, reported as xfail.
CANNOT_REFUTE: dict[str, str] = {}

VERDICTS = ("holds", "refuted", "inconclusive")


def _rules_modules():
    """The rules modules that declare ``__all__`` (``verdict`` is shared machinery, not a post)."""
    for info in pkgutil.iter_modules(vaecore.rules.__path__):
        module = importlib.import_module(f"vaecore.rules.{info.name}")
        if hasattr(module, "__all__"):
            yield info.name, module


def _functions(post, module):
    """The functions defined in ``module`` and exported by its ``__all__``."""
    for name in module.__all__:
        fn = getattr(module, name)
        if inspect.isfunction(fn) and fn.__module__ == module.__name__:
            yield f"{post}.{name}", module, name


MODULES = dict(_rules_modules())
RULES = {q: (m, n) for post, mod in MODULES.items() for q, m, n in _functions(post, mod)
         if n not in HELPERS.get(post, ())}
HELPER_FUNCTIONS = {q: (m, n) for post, mod in MODULES.items() for q, m, n in _functions(post, mod)
                    if n in HELPERS.get(post, ())}


class VerdictRecorder:
    """A pytest plugin: for its session, every rule and helper in :data:`RULES` and
    :data:`HELPER_FUNCTIONS` is replaced in its module by a wrapper that records what it
    returned; the verdicts count for a rule only once the test that produced them passed."""

    def __init__(self):
        self.verdicts = defaultdict(set)          # rule -> verdicts returned in passing tests
        self.with_precondition = set()            # rules seen returning a judgement with preconditions
        self.odd_returns = defaultdict(set)       # name -> what a rule (not a Judgement) or helper (a Judgement) gave
        self._in_test = defaultdict(set)          # the running test's rule -> verdicts
        self._depth = 0                           # only the outermost call counts (a rule calling a rule)
        self._patch = pytest.MonkeyPatch()

    def pytest_configure(self, config):
        for qual, (module, name) in {**RULES, **HELPER_FUNCTIONS}.items():
            self._patch.setattr(module, name, self._wrapped(qual, getattr(module, name)))

    def pytest_unconfigure(self, config):
        self._patch.undo()

    def _wrapped(self, qual, fn):
        @functools.wraps(fn)
        def recorded(*args, **kwargs):
            self._depth += 1
            try:
                out = fn(*args, **kwargs)
            finally:
                self._depth -= 1
            if self._depth == 0:
                self._record(qual, out)
            return out

        return recorded

    def _record(self, qual, out):
        if qual in HELPER_FUNCTIONS:
            if isinstance(out, Judgement):
                self.odd_returns[qual].add("Judgement")
            return
        if not isinstance(out, Judgement):
            self.odd_returns[qual].add(type(out).__name__)
            return
        self._in_test[qual].add(out.verdict)
        if out.preconditions:
            self.with_precondition.add(qual)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        self._in_test.clear()

    def pytest_runtest_logreport(self, report):
        if report.when == "call" and report.passed:
            for qual, seen in self._in_test.items():
                self.verdicts[qual] |= seen
        if report.when == "call":
            self._in_test.clear()


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """The post-figure tests run once under a :class:`VerdictRecorder`: its records and the exit code.

    Their modules are imported afresh for this session (so ``parametrize`` lists holding rules
    hold the wrappers) and the outer session's copies are put back afterwards."""
    stems = {p.stem for p in POST_FIGURE_TESTS}
    outer = {name: sys.modules.pop(name) for name in list(sys.modules) if name in stems}
    recorder = VerdictRecorder()
    try:
        code = pytest.main([*map(str, POST_FIGURE_TESTS), "-q", "-p", "no:cacheprovider",
                            "--claims-report", str(tmp_path_factory.mktemp("claims-report"))],
                           plugins=[recorder])
    finally:
        for name in stems:
            sys.modules.pop(name, None)
        sys.modules.update(outer)
    return recorder, code


def test_the_post_figure_tests_pass_under_the_recorder(recorded):
    # Check that wrapping the rules changes nothing: every post-figure test still passes.
    _, code = recorded
    assert code == pytest.ExitCode.OK, f"the post-figure tests under the recorder ended with {code!r}"


def test_rules_are_enumerated_from_every_rules_module():
    # Check the enumeration: a decision rule in every rules module, every helper listed exists.
    assert set(MODULES) == {q.split(".")[0] for q in RULES}
    listed = {f"{post}.{name}" for post, names in HELPERS.items() for name in names}
    unknown = sorted(listed - set(HELPER_FUNCTIONS))
    assert not unknown, f"HELPERS names no function of a rules module's __all__: {unknown}"
    assert NO_PRECONDITION <= set(RULES), f"NO_PRECONDITION names no rule: {sorted(NO_PRECONDITION - set(RULES))}"
    assert set(CANNOT_REFUTE) <= set(RULES), f"CANNOT_REFUTE names no rule: {sorted(set(CANNOT_REFUTE) - set(RULES))}"


def test_rules_return_judgements_and_helpers_do_not(recorded):
    # Check the HELPERS list by calling convention: a rule's return is a Judgement, a helper's never.
    recorder, _ = recorded
    assert not recorder.odd_returns, {q: sorted(v) for q, v in recorder.odd_returns.items()}


def test_rules_listed_without_a_precondition_never_add_one(recorded):
    # Check NO_PRECONDITION against the run: none of its rules is seen with a precondition.
    recorder, _ = recorded
    assert not NO_PRECONDITION & recorder.with_precondition, sorted(NO_PRECONDITION & recorder.with_precondition)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_can_hold_refute_and_wait(rule, recorded):
    # Check that the post-figure tests see this rule say holds, refuted and (where it has a
    # precondition) inconclusive, each in a test that passed.
    recorder, _ = recorded
    wanted = {"holds", "refuted"} | (set() if rule in NO_PRECONDITION else {"inconclusive"})
    missing = [v for v in VERDICTS if v in wanted - recorder.verdicts[rule]]
    if rule in CANNOT_REFUTE:
        assert missing == ["refuted"], (f"{rule} is listed in CANNOT_REFUTE but misses {missing}: "
                                        "remove it from the list, or add the missing tests")
        pytest.xfail(f"cannot refute: {CANNOT_REFUTE[rule]}")
    if not recorder.verdicts[rule]:
        hint = "; if it decides nothing, list it in HELPERS with what it returns"
    elif "inconclusive" in missing:
        hint = "; if it can never add a precondition, list it in NO_PRECONDITION"
    else:
        hint = ""
    assert not missing, (f"{rule} never returned {' / '.join(missing)} in a passing test of "
                         f"tests/test_post_figures_*.py{hint}")


def test_every_rule_cites_the_lexicon():
    # Check CLAIMS.md, "Reading the posts' words": "A rule cites the entry it uses". Every decision
    # rule's docstring names the lexicon entry it reads a word by ("Lexicon: ...") or says how it
    # reads a word the lexicon does not cover ("Not in the lexicon: ...").
    uncited = sorted(q for q, (module, name) in RULES.items()
                     if not any(tag in (inspect.getdoc(getattr(module, name)) or "")
                                for tag in ("Lexicon:", "Not in the lexicon:")))
    assert not uncited, ("decision rules whose docstring has neither 'Lexicon:' nor 'Not in the lexicon:' "
                         f"(CLAIMS.md: a rule cites the entry it uses): {uncited}")
