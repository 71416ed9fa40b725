"""Passages an article repeats word for word: NL101's finding, which NL102 leaves to NL101."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from typing import TYPE_CHECKING, NamedTuple, Sequence

from .quotations import Quotations, quotations
from .words import STOP_WORDS, fold, folded_words

if TYPE_CHECKING:  # pragma: no cover
    from newslint import Document

_BULLET_RE = re.compile(r"^\s*(?:[-*\u2022\u2013]\s|\d{1,3}[.)]\s)")
_FIELD_SEP_RE = re.compile(r"\s[-\u2013\u2014]\s|;")


class RepeatedRun(NamedTuple):
    """A passage said twice: the later occurrence, the first one, and its length in words.

    ``echo``: both occurrences are quoted and the repetition is the quoted speaker's or a
    deliberate echo (a partial quotation in the top of the story given in full later, a speaker
    repeating himself inside one quotation), not a passage pasted twice.
    """

    start: int
    end: int
    first_start: int
    first_end: int
    n_words: int
    echo: bool = False


def repeated_passages(doc: "Document", *, min_words: int, lede_min_words: int, include_headings: bool = False,
                      include_lists: bool = False, max_gap: int = 3) -> tuple[RepeatedRun, ...]:
    """Every passage of at least ``min_words`` words that ``doc`` says twice, at its later occurrence.

    Runs never cross a paragraph break (a refrain at the end of one paragraph and the opening
    words of the next are two things), but runs that follow each other within ``max_gap`` words in
    both places (a typo, a changed word, the next paragraph of a block pasted twice) are one passage.

    Left out: an echo of the first paragraph (the lede) shorter than ``lede_min_words``; a
    phrase (under twice ``lede_min_words``) that occurs three times or more (a set phrase, the stem
    of a list of questions); a repeated
    name or title; a credit line of an embedded post; repetition between two entries of a list
    (unless ``include_lists``): a sentence of the body repeated in a list entry is reported. The
    options are NL101's.
    """
    key = ("newslint.repeats", min_words, lede_min_words, include_headings, include_lists, max_gap)
    return doc.cache.get(key, lambda: _repeated_passages(doc, min_words, max(min_words, lede_min_words),
                                                         include_headings, include_lists, max_gap))


def _repeated_passages(doc: "Document", min_words: int, lede_min: int, include_headings: bool,
                       include_lists: bool, max_gap: int) -> tuple[RepeatedRun, ...]:
    blocks = doc.blocks if include_headings else doc.paragraphs
    words = folded_words(doc, doc.blocks) if include_headings else folded_words(doc)
    plain = [w for w, _, _ in words]
    # every n-gram at once (tuples built and hashed in C); most articles repeat none of them, even
    # across paragraph breaks, and need no more work
    if len(set(zip(*[plain[k:] for k in range(min_words)]))) == max(0, len(plain) - min_words + 1):
        return ()
    tokens, index = _tokens_with_breaks(words, plain, blocks)
    grams = list(zip(*[tokens[k:] for k in range(min_words)]))
    counts = Counter(grams)
    if len(counts) == len(grams):
        return ()
    paragraphs = doc.paragraphs
    lede_end = paragraphs[0].end if paragraphs else -1
    lists = None
    quotes = None
    out = []
    for later, earlier, length in merge_near_runs(find_repeated_runs(tokens, min_words), max_gap):
        first_word, last_word = index[later], index[later + length - 1]
        start, end = words[first_word][1], words[last_word][2]
        first_start, first_end = words[index[earlier]][1], words[index[earlier + length - 1]][2]
        n_words = last_word - first_word + 1
        if first_start < lede_end and n_words < lede_min:
            continue
        if n_words < 2 * lede_min and counts[grams[later]] >= 3:
            continue  # a set phrase the story keeps returning to, or questions on one stem

        if lists is None:
            lists = set() if include_lists else list_like_lines(doc)
        if lists and _in_lines(doc, lists, start, end) and _in_lines(doc, lists, first_start, first_end):
            continue
        if quotes is None:
            quotes = quotations(doc)
        if quotes.credits and quotes.is_credit(start) and quotes.is_credit(end - 1):
            continue  # two embedded posts by one author: their credit lines are alike by design
        originals = [doc.text[s:e] for _, s, e in words[first_word:last_word + 1]]
        if is_proper_name(originals) and not _LIST_SEPARATORS_RE.search(doc.text, start, end):
            continue
        echo = _deliberate_echo(doc, quotes, start, end, first_start, first_end)
        out.append(RepeatedRun(start, end, first_start, first_end, n_words, echo))
    return tuple(out)


#: a list of names (a team sheet) rather than one name: names separated by commas or semicolons
_LIST_SEPARATORS_RE = re.compile(r"[,;]")
#: the top of a story, where a partial quotation announces the quotation given in full below
_TOP_PARAGRAPHS = 2


def _tokens_with_breaks(words: list[tuple[str, int, int]], plain: list[str], blocks) -> tuple[list[str], list[int]]:
    """The folded tokens with a token of its own after each block, which no run can match
    across, and for each token the index of its word in ``words`` (-1 for a break)."""
    starts = [start for _, start, _ in words]
    tokens: list[str] = []
    index: list[int] = []
    previous = 0
    for number, block in enumerate(blocks):
        end = bisect_left(starts, block.end, previous)
        tokens.extend(plain[previous:end])
        index.extend(range(previous, end))
        tokens.append(f"\0{number}")
        index.append(-1)
        previous = end
    tokens.extend(plain[previous:])
    index.extend(range(previous, len(plain)))
    return tokens, index


def merge_near_runs(runs: list[tuple[int, int, int]], max_gap: int) -> list[tuple[int, int, int]]:
    """Join repeated runs (``find_repeated_runs``) that follow each other within ``max_gap``
    tokens both where they are repeated and where they first occur: one passage, lightly changed."""
    merged: list[tuple[int, int, int]] = []
    for later, earlier, length in runs:
        if merged:
            m_later, m_earlier, m_length = merged[-1]
            gap_later = later - (m_later + m_length)
            gap_earlier = earlier - (m_earlier + m_length)
            if 0 <= gap_later <= max_gap and 0 <= gap_earlier <= max_gap and earlier + length <= m_later:
                merged[-1] = (m_later, m_earlier, later + length - m_later)
                continue
        merged.append((later, earlier, length))
    return merged


def _in_lines(doc: "Document", lines: set[int], start: int, end: int) -> bool:
    return doc.position(start).line in lines or doc.position(end).line in lines


def _deliberate_echo(doc: "Document", quotes: Quotations, start: int, end: int, first_start: int,
                     first_end: int) -> bool:
    """Both occurrences quoted, and either in one quotation (the speaker repeats himself) or the
    first a partial quotation in the top of the story that the later, fuller quotation gives again."""
    if not quotes.spans or not (quotes.is_quoted(start) and quotes.is_quoted(first_start)):
        return False
    later, first = quotes.span_at(start), quotes.span_at(first_start)
    if later == first:
        return True
    paragraphs = doc.paragraphs
    top = paragraphs[min(len(paragraphs), _TOP_PARAGRAPHS) - 1].end if paragraphs else -1
    if first_start >= top:
        return False
    block = next(b for b in paragraphs if b.start <= first_start < b.end)
    return first[1] - first[0] < 0.8 * (block.end - block.start)  # reporter's words around it


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
