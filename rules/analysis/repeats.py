"""Passages an article repeats word for word: NL101's finding, which NL102 leaves to NL101."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, NamedTuple, Sequence

from .words import STOP_WORDS, fold, folded_words

if TYPE_CHECKING:  # pragma: no cover
    from newslint import Document

_BULLET_RE = re.compile(r"^\s*(?:[-*\u2022\u2013]\s|\d{1,3}[.)]\s)")
_FIELD_SEP_RE = re.compile(r"\s[-\u2013\u2014]\s|;")


class RepeatedRun(NamedTuple):
    """A passage said twice: the later occurrence, the first one, and its length in words."""

    start: int
    end: int
    first_start: int
    first_end: int
    n_words: int


def repeated_passages(doc: "Document", *, min_words: int, lede_min_words: int, include_headings: bool = False,
                      include_lists: bool = False) -> tuple[RepeatedRun, ...]:
    """Every passage of at least ``min_words`` words that ``doc`` says twice, at its later occurrence.

    Left out: an echo of the first paragraph (the lede) shorter than ``lede_min_words``; a short
    phrase (under ``lede_min_words``) that occurs three times or more (a set phrase); a repeated
    name or title; entries of a list (unless ``include_lists``). The options are NL101's.
    """
    key = ("newslint.repeats", min_words, lede_min_words, include_headings, include_lists)
    return doc.cache.get(key, lambda: _repeated_passages(doc, min_words, max(min_words, lede_min_words),
                                                         include_headings, include_lists))


def _repeated_passages(doc: "Document", min_words: int, lede_min: int, include_headings: bool,
                       include_lists: bool) -> tuple[RepeatedRun, ...]:
    words = folded_words(doc, doc.blocks) if include_headings else folded_words(doc)
    tokens = [w for w, _, _ in words]
    # every n-gram at once (tuples built and hashed in C); most articles repeat none of them
    grams = list(zip(*[tokens[k:] for k in range(min_words)]))
    counts = Counter(grams)
    if len(counts) == len(grams):
        return ()
    paragraphs = doc.paragraphs
    lede_end = paragraphs[0].end if paragraphs else -1
    lists = None
    out = []
    for later, earlier, length in find_repeated_runs(tokens, min_words):
        start, end = words[later][1], words[later + length - 1][2]
        first_start, first_end = words[earlier][1], words[earlier + length - 1][2]
        if first_start < lede_end and length < lede_min:
            continue
        if length < lede_min and counts[grams[later]] >= 3:
            continue  # a set phrase the story keeps returning to, not a pasted passage
        if lists is None:
            lists = set() if include_lists else list_like_lines(doc)
        if lists and (doc.position(start).line in lists or doc.position(end).line in lists):
            continue
        originals = [doc.text[s:e] for _, s, e in words[later:later + length]]
        if is_proper_name(originals):
            continue
        out.append(RepeatedRun(start, end, first_start, first_end, length))
    return tuple(out)


def list_like_lines(doc: Document) -> set[int]:
    """Line numbers of list entries: bullet lines and ``label - value; label - value`` records.

    Award lists, results and vote tallies repeat their structure ("director - X; actor - Y") from
    line to line by design; that repetition is not a passage said twice.
    """
    return doc.cache.get("newslint.repeats.list-lines", lambda: _list_like_lines(doc))


def _list_like_lines(doc: Document) -> set[int]:
    lines = set()
    for block in doc.blocks:
        if block.kind in ("list_item", "table"):
            lines.update(range(doc.position(block.start).line, doc.position(block.end).line + 1))
            continue
        first, last = doc.position(block.start).line, doc.position(block.end).line
        for line in range(first, last + 1):
            text = doc.line_text(line)
            if _BULLET_RE.match(text) or _is_record(text):
                lines.add(line)
    return lines


def _is_record(line: str) -> bool:
    """``label - value; label - value`` with short fields, as opposed to prose with a dash or two."""
    if line.count(";") + line.count("-") + line.count("\u2013") + line.count("\u2014") < 3:
        return False  # four fields need three separators, each with one of these characters
    fields = _FIELD_SEP_RE.split(line)
    return len(fields) >= 4 and sum(len(f.split()) for f in fields) / len(fields) <= 5


def find_repeated_runs(tokens: list[str], min_words: int) -> list[tuple[int, int, int]]:
    """Maximal repeated runs as ``(later_start, earlier_start, length)`` in token indices.

    Every run of at least ``min_words`` tokens that already occurred earlier (without overlapping
    its earlier occurrence) is reported once, at the later occurrence; overlapping matches are
    merged by always extending a match as far as it goes.
    """
    first_seen: dict[tuple[str, ...], int] = {}
    runs = []
    i = 0
    n = len(tokens)
    while i + min_words <= n:
        gram = tuple(tokens[i:i + min_words])
        j = first_seen.get(gram)
        if j is not None and j + min_words <= i:
            length = min_words
            while i + length < n and j + length < i and tokens[i + length] == tokens[j + length]:
                length += 1
            runs.append((i, j, length))
            for k in range(i, i + length - min_words + 1):
                first_seen.setdefault(tuple(tokens[k:k + min_words]), k)
            i += length
            continue
        first_seen.setdefault(gram, i)
        i += 1
    return runs


def is_proper_name(words: Sequence[str]) -> bool:
    """True when every content word is capitalised: a title or a name, not a sentence."""
    content = [w for w in words if fold(w) not in STOP_WORDS and not w.isdigit()]
    if not content or all(w.isupper() for w in content):
        return False  # text in capitals is shouting, not a name
    return all(w[:1].isupper() for w in content)
