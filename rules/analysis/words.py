"""The words of a document, folded for comparison: what the repetition rules compare.

Folding ignores case, quote styles and apostrophes, and periods and hyphens at a word's edges, so
that "Council's", "councils" and "COUNCIL'S" are one word to NL101 and NL103.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from newslint import Document

_START, _END = itemgetter(0), itemgetter(1)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})

#: function words left out when comparing what two sentences are about
STOP_WORDS = frozenset(
    """a about above across after again against all almost also although always am among an and another any
    are around as at be became because been before being below between both but by can could did do does
    doing down during each either else even ever every few for from further had has have having he her here
    hers herself him himself his how however i if in into is it its itself just least less many may me
    might more most much must my myself neither no nor not now of off on once one only onto or other others
    our ours ourselves out over own per rather same says said say saying she should since so some still
    such than that the their theirs them themselves then there these they this those though through thus
    to too toward towards under until up upon us very via was we were what when where whether which while
    who whom whose why will with within without would yet you your yours yourself yourselves mr mrs ms dr
    told added according also""".split()
)


@lru_cache(maxsize=1 << 18)
def fold(word: str) -> str:
    """A word folded for comparison: case, quote styles and apostrophes, edge periods and hyphens.

    Memoised for the vocabulary (a bounded number of distinct words), not for any document.
    """
    return word.translate(_QUOTES).lower().replace("'", "").strip(".-")


def paragraph_words(doc: "Document") -> tuple[list, list[str]]:
    """The spans and the original text of the words of the body paragraphs, in order."""
    def build():
        spans = [w for block in doc.paragraphs for sentence in block.sentences for w in sentence.words]
        text = doc.text
        return spans, [text[start:end] for start, end in spans]

    return doc.cache.get("newslint.words.paragraph", build)


def folded_words(doc: "Document", blocks: Iterable | None = None) -> list[tuple[str, int, int]]:
    """``(folded word, start, end)`` for the words of ``blocks`` (default: the body paragraphs)."""
    if blocks is None:
        def build():
            spans, originals = paragraph_words(doc)
            return fold_all(originals, spans)

        return doc.cache.get("newslint.words.folded", build)
    spans = [w for block in blocks for sentence in block.sentences for w in sentence.words]
    text = doc.text
    return fold_all([text[start:end] for start, end in spans], spans)


def fold_many(words: list[str]) -> list[str]:
    """``[fold(word) for word in words]``, folded in one pass over the words joined by spaces.

    Each step of ``fold`` maps a word on its own: translating and removing characters, and
    lowering, whose one rule that looks beyond a character (a final sigma) stops at a space as it
    stops at the end of a word. A word that holds a space is folded on its own."""
    parts = " ".join(words).translate(_QUOTES).lower().replace("'", "").split(" ")
    if len(parts) != len(words):
        return [fold(word) for word in words]
    return list(map(str.strip, parts, repeat(".-")))


def fold_all(originals: list[str], spans: list) -> list[tuple[str, int, int]]:
    """``(folded word, start, end)`` for each word, words that fold to nothing left out."""
    tokens = fold_many(originals)
    if all(tokens):  # (nearly always: a word of modifier apostrophes alone folds to nothing)
        return list(zip(tokens, map(_START, spans), map(_END, spans)))
    return [(token, start, end) for token, (start, end) in zip(tokens, spans) if token]


def preview(text: str, words: int = 8) -> str:
    """The first ``words`` words of ``text``, with "…" when there are more (for messages)."""
    parts = text.split()
    return " ".join(parts[:words]) + (" \u2026" if len(parts) > words else "")


def quoted(text: str) -> str:
    """``text`` in curly double quotes (for messages)."""
    return f"\u201c{text}\u201d"
