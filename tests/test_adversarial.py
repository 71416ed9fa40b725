"""Hostile articles cost about linear time: the loader and each rule family, on an input and one
eight times its size (repeated punctuation, markup openers, long lists and tables, many names, long
sentences, unclosed suppressions). ``benchmarks/adversarial.py`` prints the whole 1x-8x curve.

Times are the median CPU time of three runs (``adversarial.check``); 8x the input may take at most
``SLACK`` times as long (8 for exactly linear: the slack absorbs a shared, noisy machine). A case that fails is measured
twice more before it counts, and a case too fast to time at 1x is made larger until it can be timed.
"""

from __future__ import annotations

import multiprocessing
import random
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PROJECT_ROOT
from newslint.document import parse
from newslint.findings import Finding, Position, Severity
from newslint.suppressions import Suppression, SuppressionSet

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
import adversarial  # noqa: E402

SLACK = 16
#: the 1x input is this share of the benchmark's base size, so that 8x stays well under a second
SCALE = 0.25
#: below this, a 1x run is all start-up cost and a ratio says nothing
MIN_SECONDS = 0.02


def ratio(make, suffix: str, family: str, n: int) -> tuple[float, int]:
    """How much longer 8x the input takes than the input, and the size measured: the input is
    doubled until a run of it takes ``MIN_SECONDS`` (below that, a run is all fixed cost)."""
    rules = adversarial.rules_of(family)
    adversarial.check(make(n), suffix, rules)  # warm: imports, compiled patterns, packs
    while True:
        small = make(n)
        t1 = adversarial.median_time(small, suffix, rules, 3)
        if t1 >= MIN_SECONDS or len(small) > 200_000:
            break
        n *= 2
    return adversarial.median_time(make(8 * n), suffix, rules, 3) / max(t1, MIN_SECONDS), n


#: a measurement that takes longer than this is super-linear beyond doubt (and would hang the suite)
LIMIT_SECONDS = 60


def bounded_ratio(make, suffix: str, family: str, n: int) -> tuple[float, int]:
    """``ratio`` in a child process that is stopped after ``LIMIT_SECONDS`` (a regular expression
    that backtracks cannot be interrupted in the process that runs it)."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=lambda: queue.put(ratio(make, suffix, family, n)), daemon=True)
    child.start()
    try:
        return queue.get(timeout=LIMIT_SECONDS)
    except Exception:
        return float("inf"), n
    finally:
        child.kill()
        child.join()


def assert_linear(make, suffix: str, family: str, n: int, what: str) -> None:
    found, size = bounded_ratio(make, suffix, family, n)
    for _ in range(2):  # a neighbour's burst of work: measure again
        if found <= SLACK or found == float("inf"):
            break
        found, size = bounded_ratio(make, suffix, family, n)
    assert found <= SLACK, f"{what} ({family}, {size} units): 8x the input took {found:.1f}x the time"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(adversarial.CASES), family=st.sampled_from(adversarial.FAMILIES))
def test_each_hostile_case_costs_linear_time(case, family):
    assert_linear(case.make, case.suffix, family, max(1, int(case.base * SCALE)), case.name)


PIECES = ["`", "``", "<!--", "-->", "<a ", ">", "![", "[", "]", "(", ")", "*", "_", "~", "\\", ".", "!?", "...",
          "\u2026", "\"", "\u201c", "'", "|", "- ", "1. ", "> ", "#", "<!-- newslint-disable ", "http://", "@",
          "Mr ", "Haldane ", "Haldene ", "word ", ", ", "\n", "\n\n"]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit=st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map("".join),
       suffix=st.sampled_from([".md", ".txt"]), family=st.sampled_from(adversarial.FAMILIES))
def test_any_repeated_unit_of_markup_and_punctuation_costs_linear_time(unit, suffix, family):
    def make(n: int) -> str:
        return "# Story\n\nThe council met on Monday " + unit * n + " and then it voted.\n"

    n = max(50, 2000 // len(unit))
    assert_linear(make, suffix, family, n, repr(unit))


def test_a_megabyte_of_hostile_markup_loads_in_seconds():
    started = time.perf_counter()
    for opener in ("`", "<!--", "<a ", "![", "[", "*", "."):
        parse("story.md", "# Markup\n\nThe council met " + opener * (150_000 // len(opener)) + " and voted.\n")
    assert time.perf_counter() - started < 30


# --- suppressions: the index finds what the plain comparison finds ----------------------------

def reference_filter(items: list[Suppression], findings: list[Finding], names: dict[str, str]) -> tuple[list, list]:
    kept, used = [], set()
    for f in findings:
        hit = [i for i, s in enumerate(items) if s.covers(f, names)]
        used.update(hit)
        if not hit:
            kept.append(f)
    return kept, sorted(used)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), n_items=st.integers(0, 30), n_findings=st.integers(0, 40))
def test_indexed_suppressions_suppress_and_mark_exactly_what_each_comment_covers(seed, n_items, n_findings):
    rng = random.Random(seed)
    names = {"NL101": "repeated-passage", "NL102": "restated-sentence", "NL201": "entity-spelling",
             "HS001": "house-style", "HSX001": "other-house"}
    selectors = ["NL", "NL1", "NL10", "NL101", "NL102", "nl201", "NL2", "HS", "HS0", "HSX", "repeated-passage",
                 "entity-spelling", "NL9", "other-house", "HSX001"]
    pos = Position(0, 1, 1)

    def make_items() -> list[Suppression]:
        out = []
        for _ in range(n_items):
            first = rng.randint(1, 30)
            codes = tuple(rng.sample(selectors, rng.randint(0, 2)))
            out.append(Suppression(codes, first, rng.randint(first, 35), pos, pos, "<!-- -->"))
        return out

    rng_state = rng.getstate()
    items, again = make_items(), None
    rng.setstate(rng_state)
    again = make_items()
    findings = []
    for _ in range(n_findings):
        code = rng.choice(list(names))
        line = rng.randint(1, 36)
        findings.append(Finding("a.md", code, names[code], Severity.WARNING, Position(0, line, 1),
                                Position(0, line, 2), "m"))
    expected_kept, expected_used = reference_filter(items, findings, names)
    supp = SuppressionSet(again)
    assert supp.filter(findings, names) == expected_kept
    assert [i for i, s in enumerate(supp.items) if s.used] == expected_used
