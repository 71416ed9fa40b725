"""How hard an article, a paragraph or a sentence is to read: counts and formulas (NL401–NL404).

Every figure is computed from the document model's own words and sentences over the article's
prose (body paragraphs, list items and block quotes: no headline, headings, tables, front matter,
code or URLs). Each paragraph is counted once; the article's figures are sums of its paragraphs'
counts, so nothing is re-split or recounted. A word's own figures (syllables, letters, whether it
is familiar) are worked out once per process and remembered in a bounded table keyed by the word as
written, so a paragraph is counted by summing table entries rather than by re-examining its words.
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

from newslint import Document

from . import syllables as _syllables
from .word_lists import familiar_words

#: adult silent reading of non-fiction, words per minute (Brysbaert 2019, a meta-analysis)
READING_WPM = 238
#: a paragraph shorter than this is too small for a reliable grade
MIN_PARAGRAPH_WORDS_FOR_RANKING = 20

METRICS = ("flesch-kincaid", "flesch-reading-ease", "smog", "coleman-liau", "dale-chall", "combined")
METRIC_NAMES = {
    "flesch-kincaid": "Flesch\u2013Kincaid grade",
    "flesch-reading-ease": "Flesch reading ease as a grade",
    "smog": "SMOG grade",
    "coleman-liau": "Coleman\u2013Liau index",
    "dale-chall": "Dale\u2013Chall score as a grade",
    "combined": "combined grade",
}
#: on whole onestopenglish texts every formula orders the three levels alike (96.5-99.3% of pairs,
#: no difference from Flesch-Kincaid a sign test can see), and the combined grade separates them
#: most clearly; on a paragraph's worth (each text's first 50 or 100 words) it orders more pairs than
#: Flesch-Kincaid (won/lost 15/5 and 16/7), and paragraph grades drive NL403 and NL401's hardest
#: paragraphs (benchmarks/eval_readability.py). The default target flags about the hardest tenth of
#: BBC news.
DEFAULT_METRIC = "combined"
DEFAULT_TARGET = 13.0


# --- counting -------------------------------------------------------------------------------------

# The measures are named tuples: immutable, cheap to build per sentence, and quick to define (a
# dataclass costs about half a millisecond of start-up each).
class Counts(NamedTuple):
    """Additive counts over a stretch of prose."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0
    polysyllables: int = 0
    letters: int = 0
    difficult: int = 0
    estimated: int = 0

    def __add__(self, other: "Counts") -> "Counts":  # type: ignore[override]
        """Field by field (not the tuples joined)."""
        return Counts(*map(sum, zip(self, other)))


def _fields(c: Counts) -> tuple[int, ...]:
    return tuple(c)


_SUFFIXES = (("'s", ""), ("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
             ("d", ""), ("ing", ""), ("ing", "e"), ("er", ""), ("er", "e"), ("est", ""), ("est", "e"),
             ("ly", ""), ("ier", "y"), ("iest", "y"), ("ily", "y"))
_DOUBLED_RE = re.compile(r"(.*?([b-df-hj-np-tv-z]))\2(?:ed|ing|er|est)")
_DOUBLED_ENDINGS = ("ed", "ing", "er", "est")
# the suffixes that can match a word, by its last letter (any one that matches makes it familiar)
_SUFFIXES_BY_LAST = {last: tuple(rule for rule in _SUFFIXES if rule[0].endswith(last))
                     for last in {suffix[-1] for suffix, _ in _SUFFIXES}}


def is_familiar(token: str, sentence_initial: bool) -> bool:
    """Dale–Chall familiarity: on the list, an inflection of a listed word, a numeral or a name."""
    if not token.isalpha() and not any(ch.isalpha() for ch in token):
        return True
    if token[0].isupper() and not sentence_initial:
        return True  # proper names count as familiar in Dale–Chall
    if token.isupper() and len(token) > 1:
        return True  # initialisms are names too
    easy = familiar_words()
    low = token.replace("\u2019", "'").lower()
    if low in easy:
        return True
    for suffix, repl in _SUFFIXES_BY_LAST.get(low[-1:], ()):
        if low.endswith(suffix) and len(low) > len(suffix) + 1 and low[: -len(suffix)] + repl in easy:
            return True
    # a doubled consonant before -ed/-ing/-er: "stopped", "running", "bigger"
    if not low.endswith(_DOUBLED_ENDINGS):
        return False
    m = _DOUBLED_RE.fullmatch(low)
    return bool(m and m.group(1) in easy)


class SentenceMeasure(NamedTuple):
    start: int
    end: int
    words: int


class ParagraphMeasure(NamedTuple):
    start: int
    end: int
    counts: Counts
    sentences: tuple[SentenceMeasure, ...]


# A word's figures packed into one integer, a field of _BITS bits each, so that a paragraph's
# figures are one C-level ``sum`` over its words. A field cannot overflow: every figure of a word is
# at most a few per character, and no paragraph has 2**40 characters.
_BITS = 40
_MASK = (1 << _BITS) - 1
#: where the fields start: syllables, polysyllable, estimated, letters, difficult
_SHIFTS = (0, _BITS, 2 * _BITS, 3 * _BITS, 4 * _BITS)
_POLY, _ESTIMATED, _LETTERS, _DIFFICULT = (1 << shift for shift in _SHIFTS[1:])
#: distinct words remembered per process (BBC news has about 25,000); the table starts again when full
WORD_CACHE_SIZE = 100_000


def word_figures(token: str, sentence_initial: bool) -> int:
    """The packed figures of one word: syllables, polysyllable, estimated, letters, difficult."""
    n, found = _syllables.count(token)
    letters = len(token) if token.isalnum() else sum(ch.isalnum() for ch in token)
    return (n + _POLY * (n >= 3) + _ESTIMATED * (not found) + _LETTERS * letters
            + _DIFFICULT * (not is_familiar(token, sentence_initial)))


class _WordTable(dict):
    """Word as written → packed figures, filled on first sight (``table[word]``)."""

    def __init__(self, sentence_initial: bool) -> None:
        super().__init__()
        self.sentence_initial = sentence_initial

    def __missing__(self, token: str) -> int:
        if len(self) >= WORD_CACHE_SIZE:
            self.clear()
        value = self[token] = word_figures(token, self.sentence_initial)
        return value


# a capitalised word is familiar (a name) except at the start of a sentence: two tables
_WORDS = _WordTable(sentence_initial=False)
_FIRST_WORDS = _WordTable(sentence_initial=True)


def measure_paragraph(doc: Document, block: Any) -> ParagraphMeasure:
    text = doc.text
    spans = [s.words for s in block.sentences if s.words]
    # one pass over the words after the first of each sentence, one over the first words
    total = sum(map(_WORDS.__getitem__, [text[a:b] for words in spans for a, b in words[1:]]))
    total += sum(map(_FIRST_WORDS.__getitem__, [text[words[0].start:words[0].end] for words in spans]))
    sentences = tuple(SentenceMeasure(s.start, s.end, len(s.words)) for s in block.sentences)
    syllables, poly, estimated, letters, difficult = (total >> shift & _MASK for shift in _SHIFTS)
    counts = Counts(sum(s.words for s in sentences), len(sentences), syllables, poly, letters, difficult, estimated)
    return ParagraphMeasure(block.start, block.end, counts, sentences)


class ArticleMeasure(NamedTuple):
    paragraphs: tuple[ParagraphMeasure, ...]
    total: Counts


def measure_article(doc: Document) -> ArticleMeasure:
    """Count every paragraph once; the four rules share the result through the document's cache."""
    def build() -> ArticleMeasure:
        paragraphs = tuple(measure_paragraph(doc, block) for block in doc.paragraphs)
        return ArticleMeasure(paragraphs, Counts(*map(sum, zip(*(p.counts for p in paragraphs)))))

    return doc.cache.get("newslint.readability.measure", build)


def article_stats(doc: Document, metric: str) -> dict[str, Any]:
    """The file's readability figures for ``metric`` (see ``stats``), worked out once per document."""
    def build() -> dict[str, Any]:
        m = measure_article(doc)
        return stats(m, len(m.paragraphs), metric)

    return dict(doc.cache.get(("newslint.readability.stats", metric), build))


# --- formulas ---------------------------------------------------------------------------------------

def flesch_reading_ease(c: Counts) -> float:
    return 206.835 - 1.015 * c.words / c.sentences - 84.6 * c.syllables / c.words


def flesch_kincaid_grade(c: Counts) -> float:
    return 0.39 * c.words / c.sentences + 11.8 * c.syllables / c.words - 15.59


def smog_grade(c: Counts) -> float:
    return 1.043 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291


def coleman_liau_index(c: Counts) -> float:
    return 0.0588 * (100 * c.letters / c.words) - 0.296 * (100 * c.sentences / c.words) - 15.8


def dale_chall_score(c: Counts) -> float:
    pdw = 100 * c.difficult / c.words
    return 0.1579 * pdw + 0.0496 * c.words / c.sentences + (3.6365 if pdw > 5 else 0.0)


# Flesch's own table: reading ease 90–100 is 5th grade, 60–70 8th–9th, 50–60 10th–12th,
# 30–50 college, below 30 college graduate. Interpolated between the band edges.
_EASE_TO_GRADE = ((100.0, 4.0), (90.0, 5.0), (80.0, 6.0), (70.0, 7.0), (60.0, 9.0), (50.0, 12.0),
                  (30.0, 16.0), (0.0, 18.0))


def ease_as_grade(ease: float) -> float:
    points = _EASE_TO_GRADE
    if ease >= points[0][0]:
        return points[0][1] - (ease - points[0][0]) / 10
    for (e1, g1), (e0, g0) in zip(points, points[1:]):
        if ease >= e0:
            return g0 + (g1 - g0) * (ease - e0) / (e1 - e0)
    return points[-1][1] + (points[-1][0] - ease) / 15


def dale_chall_as_grade(score: float) -> float:
    """Dale and Chall's table (5.0–5.9: grades 5–6, ..., 9.0–9.9: 13–15), made continuous."""
    if score < 5:
        return score
    if score < 9:
        return 2 * score - 5
    return 13 + 3 * (score - 9)


def grade(c: Counts, metric: str) -> float:
    """The article's (or paragraph's) reading grade by ``metric``, in US school grades."""
    if metric == "flesch-kincaid":
        return flesch_kincaid_grade(c)
    if metric == "flesch-reading-ease":
        return ease_as_grade(flesch_reading_ease(c))
    if metric == "smog":
        return smog_grade(c)
    if metric == "coleman-liau":
        return coleman_liau_index(c)
    if metric == "dale-chall":
        return dale_chall_as_grade(dale_chall_score(c))
    if metric == "combined":
        parts = [flesch_kincaid_grade(c), smog_grade(c), coleman_liau_index(c),
                 dale_chall_as_grade(dale_chall_score(c))]
        return sum(parts) / len(parts)
    raise ValueError(f"unknown readability metric {metric!r}; expected one of {', '.join(METRICS)}")


def stats(measure: ArticleMeasure, paragraphs: int, metric: str) -> dict[str, Any]:
    """The file's readability figures for the JSON ``stats`` (only counts when there is no prose)."""
    c = measure.total
    out: dict[str, Any] = {
        "words": c.words,
        "sentences": c.sentences,
        "paragraphs": paragraphs,
        "syllables": c.syllables,
        "longest_sentence": max((s.words for p in measure.paragraphs for s in p.sentences), default=0),
        "reading_time_s": round(c.words * 60 / READING_WPM, 1),
    }
    if c.words and c.sentences:
        out["flesch_reading_ease"] = round(flesch_reading_ease(c), 2)
        out["flesch_kincaid_grade"] = round(flesch_kincaid_grade(c), 2)
        out["grade"] = round(grade(c, metric), 2)
    return out
