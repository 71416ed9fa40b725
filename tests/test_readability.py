"""NL401–NL404 and the readability statistics."""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import cycle, islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.config import ConfigError, validate_rule_options
from newslint.config import Settings
from newslint.document import parse
from newslint.rules.analysis import syllables as _syllables
from newslint.rules import readability as R

EASY = """\
Town opens a new park by the river

The town opened its new park on Saturday. Many families came to see it, and the sun came out.

The park has a pond, a play area and a small cafe. Dogs are welcome if they stay on a lead.

The mayor cut a red ribbon at noon. She said the park was a gift to every child in the town.

Work on the park took two years. It cost less than the town had planned, and it was done on time.

Local schools will plant trees there in the spring. Each class will look after one tree.

The park is open from dawn to dusk every day. There is no charge to get in.
"""

HARD_PARAGRAPHS = [
    "Notwithstanding considerable institutional reluctance, the municipal administration subsequently "
    "authorised comprehensive infrastructural modernisation initiatives, prioritising environmentally "
    "sustainable transportation alternatives and intergenerational affordability considerations.",
    "Representatives of neighbourhood associations characterised the consultation methodology as "
    "fundamentally unrepresentative, emphasising that disproportionately affected communities had been "
    "systematically excluded from preliminary deliberations concerning implementation.",
    "Independent evaluators recommended establishing transparent accountability mechanisms, including "
    "quarterly performance documentation, comprehensive expenditure reconciliation and unambiguous "
    "allocation of contractual responsibilities.",
    "Administrative officials acknowledged organisational deficiencies, attributing considerable "
    "implementation difficulties to unanticipated regulatory complications and insufficiently "
    "coordinated interdepartmental communication.",
    "Opposition councillors characterised the documentation as insufficiently comprehensive, "
    "questioning whether the proposed methodology adequately anticipated the considerable "
    "environmental consequences of accelerated construction.",
    "Consequently, the authority's deliberations regarding supplementary appropriations were "
    "indefinitely postponed pending independent verification of the preliminary calculations.",
]
HARD = "Council reconsiders its infrastructure procurement\n\n" + "\n\n".join(HARD_PARAGRAPHS) + "\n"

LONG_SENTENCE = (
    "The mayor, who had promised during last year's campaign that the bridge would be finished before "
    "the winter and who now faces hard questions from the opposition about the cost, said on Monday "
    "that the builder had been given another six months and that the budget would rise by a fifth."
)


def words(n: int, end: str = ".") -> str:
    """A plain sentence of exactly ``n`` short, familiar words."""
    vocabulary = "the dog ran to the park and sat by a tree in the sun".split()
    return " ".join(islice(cycle(vocabulary), n)).capitalize() + end


def findings(text: str, rule: type, options: dict | None = None, path: str = "story.txt") -> list:
    doc = parse(path, text)
    return list(rule(options).check(doc))


def article(*paragraphs: str, title: str = "A headline for the story") -> str:
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


# --- syllables ------------------------------------------------------------------------------------

@pytest.mark.parametrize("token, expected", [
    ("cat", 1), ("readability", 5), ("Government", 3), ("people's", 2), ("well-known", 2),
    ("2004", 1), ("BBC", 3), ("U.S", 2), ("don\u2019t", 1),
])
def test_dictionary_syllables(token, expected):
    assert _syllables.count(token) == (expected, True)


@pytest.mark.parametrize("word, expected", [
    ("blorptastic", 3), ("zanterine", 3), ("flumped", 1), ("quindles", 2), ("snerkation", 3),
])
def test_estimate_for_words_outside_the_dictionary(word, expected):
    assert word not in _syllables.dictionary()
    assert _syllables.count(word) == (expected, False)


def test_estimate_is_mostly_right_on_held_out_dictionary_words():
    import re
    import zlib

    words = _syllables.dictionary()
    held_out = [w for w in words if re.fullmatch(r"[a-z]{2,}", w) and zlib.crc32(w.encode()) % 50 == 0]
    assert len(held_out) > 1000
    exact = sum(_syllables.estimate(w) == words[w] for w in held_out) / len(held_out)
    mean_error = sum(abs(_syllables.estimate(w) - words[w]) for w in held_out) / len(held_out)
    assert exact > 0.85 and mean_error < 0.16


# --- NL401 article-too-hard -------------------------------------------------------------------------

def test_nl401_flags_a_hard_article_at_its_headline_with_the_two_hardest_paragraphs():
    (f,) = findings(HARD, R.ArticleTooHard)
    assert (f.start.line, f.start.column, f.end.line) == (1, 1, 1)
    # plain words: the grade and the target, no formula's name (that is in the details, for --verbose)
    assert "harder to read than your target" in f.message and "against 13" in f.message
    assert "combined grade" not in f.message and f.details.startswith("combined grade")
    assert f.message.count("line ") == 2 and len(f.related) == 2
    grade_in_message = float(f.message.split(": grade ")[1].split(",")[0])
    assert grade_in_message > 13


def test_nl401_passes_an_easy_article():
    assert findings(EASY, R.ArticleTooHard) == []


def test_nl401_does_not_grade_a_short_article():
    short = article(HARD_PARAGRAPHS[0])
    assert findings(short, R.ArticleTooHard) == []
    assert len(findings(short, R.ArticleTooHard, {"min-words": 10})) == 1


@pytest.mark.parametrize("metric", R.METRICS)
def test_nl401_every_metric_flags_the_hard_article_and_passes_the_easy_one(metric):
    assert len(findings(HARD, R.ArticleTooHard, {"metric": metric})) == 1
    assert findings(EASY, R.ArticleTooHard, {"metric": metric}) == []
    (f,) = findings(HARD, R.ArticleTooHard, {"metric": metric})
    assert R.METRIC_NAMES[metric] in f.details and R.METRIC_NAMES[metric] not in f.message


def test_nl401_target_is_configurable():
    easy_grade = R.grade(R.measure_article(parse("a.txt", EASY)).total, R.DEFAULT_METRIC)
    assert findings(EASY, R.ArticleTooHard, {"target-grade": easy_grade - 1.0})
    assert findings(HARD, R.ArticleTooHard, {"target-grade": 40.0}) == []


def test_nl401_hardest_paragraphs_are_the_hard_ones_in_a_mixed_article():
    paragraphs = [words(25), HARD_PARAGRAPHS[0], words(25), HARD_PARAGRAPHS[1], words(25)]
    text = article(*paragraphs)
    (f,) = findings(text, R.ArticleTooHard, {"target-grade": 5.0})
    doc = parse("story.txt", text)
    hard_lines = {doc.position(text.index(p)).line for p in HARD_PARAGRAPHS[:2]}
    assert {r.start.line for r in f.related} == hard_lines


# --- NL402 long-sentence ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, flagged", [
    (article(LONG_SENTENCE + " Work starts again next week."), True),
    (article("The bridge will not be finished before the winter. The mayor said the builder had "
             "another six months. She had promised the opposite."), False),
    (article(words(46)), True),
    (article(words(45)), False),
    (article(words(30) + " " + words(30)), False),
])
def test_nl402_examples(text, flagged):
    assert bool(findings(text, R.LongSentence)) is flagged


def test_nl402_reports_the_sentence_and_its_length():
    text = article("It rained. " + LONG_SENTENCE)
    (f,) = findings(text, R.LongSentence, {"max-words": 30})
    n = len(LONG_SENTENCE.split())
    assert f"sentence of {n} words (more than 30)" in f.message
    assert text[f.start.offset:f.end.offset] == LONG_SENTENCE


def test_nl402_ignores_headings_and_code():
    md = "# " + words(60, "") + "\n\n```\n" + words(80) + "\n```\n\nA short line of prose.\n"
    assert findings(md, R.LongSentence, path="story.md") == []


# --- NL403 hard-paragraph ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, flagged", [
    (article(words(20) + " " + words(20), HARD_PARAGRAPHS[0] + " " + HARD_PARAGRAPHS[1]), True),
    (article(HARD_PARAGRAPHS[0]), False),  # under 30 words: too short to grade
    (EASY, False),
    (article(words(40) + " " + words(40)), False),
])
def test_nl403_examples(text, flagged):
    assert bool(findings(text, R.HardParagraph)) is flagged


def test_nl403_message_and_margin():
    hard = HARD_PARAGRAPHS[0] + " " + HARD_PARAGRAPHS[1]
    text = article(words(20), hard)
    (f,) = findings(text, R.HardParagraph)
    assert "against a target of 13" in f.message and "longest sentence has" in f.message
    assert "combined grade" in f.details and "combined grade" not in f.message
    assert text[f.start.offset:f.end.offset] == hard
    value = float(f.message.split("grade ")[1].split(",")[0])
    assert findings(text, R.HardParagraph, {"margin": value - 13 + 0.5}) == []


def test_nl403_follows_nl401_target_and_metric():
    hard = article(HARD_PARAGRAPHS[0] + " " + HARD_PARAGRAPHS[1])
    assert findings(hard, R.HardParagraph)
    assert list(R.HardParagraph(None, Settings(rule_options={"NL401": {"target-grade": 60.0}})).check(parse("a.txt", hard))) == []


# --- NL404 long-paragraph ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, flagged", [
    (article(" ".join(words(8) for _ in range(12))), True),      # 12 sentences
    (article(" ".join(words(20) for _ in range(11))), False),    # 11 sentences, 220 words
    (article(" ".join(words(37) for _ in range(6))), True),      # 222 words
    (EASY, False),
])
def test_nl404_examples(text, flagged):
    assert bool(findings(text, R.LongParagraph)) is flagged


def test_nl404_newsroom_limits():
    paragraph = " ".join(words(13) for _ in range(10))  # 130 words, 10 sentences
    (f,) = findings(article(paragraph), R.LongParagraph, {"max-words": 120, "max-sentences": 6})
    assert "paragraph of 130 words in 10 sentences" in f.message
    assert "more than 120 words and more than 6 sentences" in f.message


# --- options ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("rule, options, problem", [
    (R.ArticleTooHard, {"metric": "gunning-fog"}, "expected one of"),
    (R.ArticleTooHard, {"target-grade": -1}, "at least 0"),
    (R.ArticleTooHard, {"target-grade": "twelve"}, "expected a number"),
    (R.LongSentence, {"max-words": 0}, "at least 1"),
    (R.LongSentence, {"max-word": 30}, "did you mean 'max-words'"),
    (R.HardParagraph, {"margin": -2}, "at least 0"),
    (R.LongParagraph, {"max-sentences": 2.5}, "expected a whole number"),
])
def test_invalid_options_are_refused(rule, options, problem):
    with pytest.raises(ConfigError, match=problem):
        validate_rule_options(rule, options, "newslint.toml")


def test_integer_target_is_accepted():
    assert validate_rule_options(R.ArticleTooHard, {"target-grade": 10}, "x") == {"target-grade": 10.0}


# --- stats ------------------------------------------------------------------------------------------

def test_stats_contract():
    doc = parse("story.txt", EASY)
    stats = R.ArticleTooHard().measure(doc)
    assert set(stats) == {"words", "sentences", "paragraphs", "syllables", "flesch_reading_ease",
                          "flesch_kincaid_grade", "grade", "reading_time_s", "longest_sentence"}
    assert stats["longest_sentence"] == max(len(s.words) for s in doc.sentences())
    assert stats["words"] == sum(1 for _ in doc.words())
    assert stats["sentences"] == sum(1 for _ in doc.sentences())
    assert stats["paragraphs"] == len(doc.paragraphs) == 6
    w, s, syl = stats["words"], stats["sentences"], stats["syllables"]
    assert stats["flesch_kincaid_grade"] == pytest.approx(0.39 * w / s + 11.8 * syl / w - 15.59, abs=0.01)
    assert stats["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * w / s - 84.6 * syl / w, abs=0.01)
    assert stats["reading_time_s"] == pytest.approx(w * 60 / R.READING_WPM, abs=0.1)


def test_stats_leave_out_headings_front_matter_code_and_urls():
    md = ("---\ntitle: Front matter with many extraordinary polysyllabic words\n---\n\n"
          "# A heading with considerable vocabulary\n\n"
          "The park opened on Saturday, see https://example.org/extraordinarily/long/path today.\n\n"
          "```\nunbelievably complicated code\n```\n")
    stats = R.ArticleTooHard().measure(parse("story.md", md))
    assert stats["words"] == 7 and stats["sentences"] == 1 and stats["paragraphs"] == 1
    assert stats["syllables"] == 11  # the park o-pened on sat-ur-day see to-day


def test_plain_text_stats_leave_out_the_headline_and_urls():
    text = "An extraordinarily complicated headline\n\nThe park opened on Saturday, see www.example.org/extraordinary/path today.\n"
    stats = R.ArticleTooHard().measure(parse("story.txt", text))
    assert stats["words"] == 7 and stats["sentences"] == 1 and stats["paragraphs"] == 1
    assert stats["syllables"] == 11


def test_stats_without_prose_have_no_grade():
    stats = R.ArticleTooHard().measure(parse("story.md", "# Only a heading\n"))
    assert stats["words"] == 0 and "grade" not in stats


def test_the_selected_metric_is_the_grade():
    doc = parse("story.txt", HARD)
    c = R.measure_article(doc).total
    for metric in R.METRICS:
        assert R.ArticleTooHard({"metric": metric}).measure(doc)["grade"] == pytest.approx(R.grade(c, metric), abs=0.01)


_WORD = st.sampled_from("the council agreed extraordinary plans yesterday people river government "
                        "uncontroversial ninety tax blorptastic bridge Haldane BBC U.S. 2,500 1990s well-known "
                        "don\u2019t caf\u00e9 Z\u00fcrich \u041c\u043e\u0441\u043a\u0432\u0430 "
                        "https://example.org/a/b `code`".split())
_SENTENCE = st.lists(_WORD, min_size=1, max_size=12).map(lambda ws: "Then " + " ".join(ws) + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)
_ADDITIVE = ("words", "sentences", "paragraphs", "syllables")


@settings(max_examples=60, deadline=None)
@given(st.lists(_PARAGRAPH, min_size=1, max_size=5), st.sampled_from(["a.md", "a.txt"]))
def test_stats_are_additive_over_paragraphs(paragraphs, path):
    # a plain-text file's first line is its headline, which is not prose: each part gets one too
    head = "A headline\n\n" if path.endswith(".txt") else ""
    whole_doc = parse(path, head + "\n\n".join(paragraphs) + "\n")
    part_docs = [parse(path, head + p + "\n") for p in paragraphs]
    whole = R.measure_article(whole_doc).total
    parts = [R.measure_article(d).total for d in part_docs]
    assert whole == sum(parts, R.Counts())
    stats = R.ArticleTooHard().measure(whole_doc)
    part_stats = [R.ArticleTooHard().measure(d) for d in part_docs]
    assert stats["paragraphs"] == len(paragraphs)
    for key in _ADDITIVE:
        assert stats[key] == sum(p[key] for p in part_stats), key
    assert stats["reading_time_s"] == pytest.approx(sum(p["reading_time_s"] for p in part_stats), abs=0.05 * len(parts) + 0.05)


def test_one_document_is_measured_once_and_kept_only_in_its_own_cache():
    doc = parse("a.txt", HARD)
    first = R.measure_article(doc)
    assert R.measure_article(doc) is first
    other = parse("b.txt", HARD)
    assert R.measure_article(other) is not first
    assert R.measure_article(doc) is first
    doc.cache.clear()  # what the engine does when a document's rules are done
    assert R.measure_article(doc) is not first and R.measure_article(doc) == first


# --- through the real command line -------------------------------------------------------------------

def test_cli_reports_findings_and_stats(tmp_path):
    hard = article(*HARD_PARAGRAPHS[:3], HARD_PARAGRAPHS[3] + " " + HARD_PARAGRAPHS[4])  # one of 30+ words
    (tmp_path / "hard.txt").write_text(hard, encoding="utf-8")
    (tmp_path / "easy.txt").write_text(EASY, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text('[rules.NL402]\nmax-words = 20\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newslint", "check", "--format", "json", "--select", "NL4",
                           str(tmp_path / "easy.txt"), str(tmp_path / "hard.txt")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr  # every NL4xx finding is advice (info) by default
    report = json.loads(proc.stdout)
    by_name = {f["path"].rsplit("/", 1)[-1]: f for f in report["files"]}
    codes = [f["code"] for f in by_name["hard.txt"]["findings"]]
    assert "NL401" in codes and "NL402" in codes and "NL403" in codes
    assert {f["severity"] for f in by_name["hard.txt"]["findings"]} == {"info"}
    assert [f["code"] for f in by_name["easy.txt"]["findings"]] == []
    easy, hard = by_name["easy.txt"]["stats"], by_name["hard.txt"]["stats"]
    assert hard["grade"] > 13 > easy["grade"]
    assert easy["paragraphs"] == 6 and easy["syllables"] > easy["words"]


def test_cli_statistics_prints_one_readability_line_per_file(tmp_path):
    (tmp_path / "easy.txt").write_text(EASY, encoding="utf-8")
    (tmp_path / "hard.txt").write_text(HARD, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newslint", "check", "--statistics", "--isolated", "--select", "NL4",
                           "easy.txt", "hard.txt"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    for name, doc in (("easy.txt", EASY), ("hard.txt", HARD)):
        (line,) = [line for line in lines if line.startswith(f"{name}: grade ")]
        stats = R.ArticleTooHard().measure(parse(name, doc))
        assert line.startswith(f"{name}: grade {stats['grade']:.1f}, reading ease {stats['flesch_reading_ease']:.0f}, "
                               f"{stats['words']} words, {stats['sentences']} sentences"), line


def test_nl401_fails_a_check_only_when_configured_as_a_warning(tmp_path):
    (tmp_path / "hard.txt").write_text(HARD, encoding="utf-8")
    command = [sys.executable, "-m", "newslint", "check", "--select", "NL401", "hard.txt"]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0 and "NL401 [info]" in proc.stdout, proc.stdout + proc.stderr
    (tmp_path / "newslint.toml").write_text('[severity]\nNL401 = "warning"\n', encoding="utf-8")
    proc = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1 and "NL401 [warning]" in proc.stdout, proc.stdout + proc.stderr


def test_cli_refuses_an_unknown_metric(tmp_path):
    (tmp_path / "easy.txt").write_text(EASY, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text('[rules.article-too-hard]\nmetric = "fog"\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newslint", "check", "easy.txt"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2
    assert "metric" in proc.stderr and "combined" in proc.stderr


def test_every_rule_is_documented():
    for rule in R.RULES:
        doc = rule.documentation()
        for heading in ("## What it does", "## Why it matters", "## Example", "## Instead", "## Options"):
            assert heading in doc, (rule.code, heading)
