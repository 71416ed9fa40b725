"""Fuzzing the whole pipeline: hostile article bytes through the loader, every default rule, the
fixes and every report format (the generators and checks of ``benchmarks/fuzz.py``, which runs
them for as many examples as asked and prints the counts).

Hypothesis draws each article piece by piece (Markdown structure, front matter, suppression
comments, runs of punctuation, names, non-ASCII and control characters, damaged bytes, other
encodings, line ends), so a failing article shrinks to the few pieces that matter. The examples
are bounded so that this file adds well under a minute to the suite.
"""

from __future__ import annotations

import json
import random
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PROJECT_ROOT
from helpers import run_newslint, write

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
import fuzz  # noqa: E402


class HypothesisDraw:
    """``fuzz.Draw`` from hypothesis's ``data`` (so that failures shrink)."""

    def __init__(self, data) -> None:
        self.data = data

    def choice(self, seq):
        return self.data.draw(st.sampled_from(seq))

    def integer(self, lo, hi):
        return self.data.draw(st.integers(lo, hi))


@pytest.fixture(scope="module")
def engine():
    return fuzz.Engine()


def _assert_none(problems) -> None:
    assert not problems, "\n".join(str(p) for p in problems)


# --- properties ------------------------------------------------------------------------------

@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data(), st.sampled_from(["story.md", "story.txt", "story.markdown"]))
def test_loading_any_bytes_gives_a_document_or_a_plain_error(data, name):
    _assert_none(fuzz.load_problems(name, fuzz.article_bytes(HypothesisDraw(data))))


#: a fix that reveals another rule's slip ("he ,, went": the doubled comma fixed, the space before
#: it shows) is fixed by --fix's next pass over the fixed text (one pass is checked here); a rule fixing again
#: where its own fix wrote is a fix that is not idempotent, and fails
CASCADE = "a fix reveals a slip to fix"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data(), st.sampled_from(["story.md", "story.txt"]))
def test_every_rule_fix_and_format_keeps_its_invariants_on_hostile_articles(engine, data, name):
    problems = fuzz.check_problems(engine, name, fuzz.article_bytes(HypothesisDraw(data)))
    _assert_none([p for p in problems if not p.kind.startswith(CASCADE)])


def test_the_benchmark_counts_what_it_ran_and_fails_on_nothing_here(capsys):
    code = fuzz.main(["--loads", "300", "--checks", "20", "--seed", "7"])
    out = capsys.readouterr().out
    assert "documents loaded: 300" in out and "articles checked" in out and ": 20 in" in out
    assert "exceptions: 0" in out
    assert code in (0, 1)  # a cascade of fixes counts as a failure there; the counts say which


# --- through the real command line ------------------------------------------------------------

def _articles(tmp_path, n: int = 8, seed: int = 3):
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        draw = fuzz.RandomDraw(rng)
        text = fuzz.article(draw)
        paths.append(write(tmp_path / "stories" / f"a{i}.{draw.choice(('md', 'txt'))}",
                           text.encode("utf-8", errors="surrogatepass") if i % 4 else fuzz.article_bytes(draw)))
    return paths


@pytest.mark.parametrize("fmt", fuzz.FORMATS)
def test_the_command_line_reports_hostile_articles_in_every_format(tmp_path, fmt):
    _articles(tmp_path)
    out = tmp_path / f"report.{fmt}"
    proc = run_newslint("check", "--format", fmt, "--show-source", "--statistics", "-o", str(out), "stories",
                        cwd=tmp_path)
    assert proc.returncode in (0, 1, 2), proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    report = out.read_text(encoding="utf-8")
    if fmt in ("json", "sarif"):
        payload = json.loads(report)
        if fmt == "json":
            assert len(payload["files"]) == 8
        elif fuzz.sarif_validator() is not None:
            fuzz.sarif_validator().validate(payload)
    elif fmt == "junit":
        assert len(ET.fromstring(report.split("\n", 1)[1]).findall(".//testcase")) == 8


def test_fix_on_hostile_articles_writes_text_that_checks_again(tmp_path):
    paths = _articles(tmp_path, seed=5)
    first = run_newslint("check", "--fix", "stories", cwd=tmp_path)
    assert first.returncode in (0, 1, 2) and "Traceback" not in first.stderr, first.stderr
    for p in paths:
        p.read_bytes()  # still there, whatever was fixed
    again = run_newslint("check", "--format", "json", "stories", cwd=tmp_path)
    assert "Traceback" not in again.stderr, again.stderr
    assert len(json.loads(again.stdout)["files"]) == len(paths)


# --- what fuzzing found -----------------------------------------------------------------------

def test_front_matter_that_contains_itself_is_an_nl003_not_a_recursion_error(tmp_path):
    # YAML lets an anchor hold an alias of itself; freezing the front matter recursed forever
    path = write(tmp_path / "story.md", "---\ntitle: A story\na: &x [1, *x]\n---\n\nThe council met on Monday.\n")
    proc = run_newslint("check", "story.md", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "RecursionError" not in proc.stdout + proc.stderr
    assert "NL003" in proc.stdout and "contains itself" in proc.stdout
    assert path.exists()


def test_front_matter_of_aliases_of_aliases_costs_its_size_not_the_tree_it_spells(engine):
    # nine levels of ten aliases each spell out 10^9 values: frozen one by one, that never ended
    from newslint.document import parse

    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    text = "---\n" + "\n".join(lines) + "\n---\n\nThe council met on Monday.\n"
    import time

    started = time.perf_counter()
    doc = parse("story.md", text)
    assert time.perf_counter() - started < 2
    assert not doc.front_matter_errors
    assert len(doc.front_matter["a8"]) == 10 and doc.front_matter["a8"][0][0][0][0][0][0][0][0][0] == "x"
    with pytest.raises(TypeError):
        doc.front_matter["a0"] = 1  # still read-only
    _assert_none(fuzz.check_problems(engine, "story.md", text.encode()))


def test_front_matter_ignore_list_still_suppresses(tmp_path):
    write(tmp_path / "story.md", "---\nnewslint:\n  ignore: [NL506]\n---\n\nThe council met on Tuesday , and voted.\n")
    write(tmp_path / "plain.md", "The council met on Tuesday , and voted.\n")
    proc = run_newslint("check", "--select", "NL506", "story.md", "plain.md", cwd=tmp_path)
    assert "story.md" not in proc.stdout and "plain.md:1" in proc.stdout, proc.stdout + proc.stderr


@pytest.mark.parametrize("run", ["``" * 5 + "`", "\u201c" * 7, '"' * 9, "``" * 3])
def test_an_unpaired_run_of_quotation_marks_gets_no_fix_that_fixing_again_repeats(engine, run):
    # NL504 removed one mark of a run of many, leaving the run unpaired for the next --fix
    text = f"The council met on Monday {run} and then it voted.\n"
    problems = fuzz.check_problems(engine, "story.md", text.encode())
    _assert_none([p for p in problems if not p.kind.startswith(CASCADE)])
    result = engine.run("story.md", text.encode())
    assert not [f for f in result.files[0].findings if f.code == "NL504" and f.fix is not None]


def test_a_quotation_mark_doubled_once_is_still_fixed(engine):
    result = engine.run("story.md", b'The mayor said ""we will rebuild" on Monday.\n')
    fixes = [f.fix for f in result.files[0].findings if f.code == "NL504" and f.fix is not None]
    assert [(f.original, f.replacement) for f in fixes] == [('"', "")]


def test_a_typewriter_quotation_carried_into_the_next_paragraph_is_opened_there(tmp_path):
    # NL504 looked up the opening mark for `` in a table of closing marks: KeyError, NL000, exit 2
    path = write(tmp_path / "story.md", "The mayor spoke.\n\n``We will rebuild the pier by summer.\n\n"
                                        "It will cost a lot,'' she said on Monday.\n")
    proc = run_newslint("check", "--select", "NL504", "--fix", "story.md", cwd=tmp_path)
    assert proc.returncode == 0 and "NL000" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert "\n\n``It will cost a lot,''" in path.read_text(encoding="utf-8")
