"""Where an article quotes someone else's words: direct quotations, block quotations and embedded posts.

What a quoted source says twice is the source's repetition, not the writer's; a paraphrase followed
by the quotation it summarises is the usual news pattern. NL101 and NL102 ask this module which
words of the article are quoted.

A quotation opens and closes with double marks (straight or curly) or with single marks that stand
at a word's edge (so that apostrophes inside words are not taken for quotation marks). A quotation
still open at the end of its paragraph runs to the paragraph's end: the open-quote convention of a
quotation continued in the next paragraph, which opens with a mark again. Whole blocks count as
quoted: Markdown block quotations, a paragraph introduced by one that ends with a colon ("the
statement reads:", "the site's disclaimer says:"): an excerpt, a statement or a letter, but not
the entries of a list, and the text of an embedded social media post, recognised by its credit
line ("— Name (@handle) March 3, 2015").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, NamedTuple

from newslint.patterns import compiled_on_first_use

if TYPE_CHECKING:  # pragma: no cover
    from newslint import Document

_DOUBLE_OPEN, _DOUBLE_CLOSE, _DOUBLE_EITHER = "\u201c\u201e", "\u201d", '"'
_SINGLE_OPEN, _SINGLE_CLOSE, _SINGLE_EITHER = "\u2018", "\u2019", "'"
_MARKS_RE = re.compile("[\"\u201c\u201d\u201e'\u2018\u2019]")
#: the credit line under an embedded post: a dash, the author, the handle and the date
CREDIT_RE = compiled_on_first_use(r"[\u2014\u2013-]\s*[^\n()\u2014]{0,80}\(@\w{1,30}\)\s*"
                                  r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}")
#: a paragraph that is only a label or heading ending with a colon ("Key points:"), which
#: introduces a list or a section rather than quoted text
_LABEL_ONLY_RE = compiled_on_first_use(r"^\W*(?:\S+\s+){0,3}\S+:\s*$")


class Quotations(NamedTuple):
    """The quoted spans of an article (sorted, not overlapping) and the credit lines of its posts."""

    spans: tuple[tuple[int, int], ...]
    credits: tuple[tuple[int, int], ...]

    def quoted_share(self, words) -> float:
        """The share of ``words`` (``(start, end)`` spans) that stand inside a quotation."""
        if not words or not self.spans:
            return 0.0
        return sum(self.is_quoted(s) for s, _ in words) / len(words)

    def is_quoted(self, offset: int) -> bool:
        return _inside(self.spans, offset)

    def span_at(self, offset: int) -> tuple[int, int] | None:
        """The quotation holding ``offset``, or ``None``."""
        i = bisect_right(self.spans, (offset, float("inf"))) - 1
        return self.spans[i] if i >= 0 and self.spans[i][0] <= offset < self.spans[i][1] else None

    def is_credit(self, offset: int) -> bool:
        return _inside(self.credits, offset)

    def any_between(self, start: int, end: int) -> bool:
        """Whether a quotation overlaps the span from ``start`` to ``end``."""
        i = bisect_right(self.spans, (start, float("inf"))) - 1
        if i >= 0 and self.spans[i][1] > start:
            return True
        return i + 1 < len(self.spans) and self.spans[i + 1][0] < end


def _inside(spans: tuple[tuple[int, int], ...], offset: int) -> bool:
    i = bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def quotations(doc: "Document") -> Quotations:
    """The quoted spans and post credit lines of ``doc``'s body paragraphs (computed once per document)."""
    return doc.cache.get("newslint.quotations", lambda: _quotations(doc))


def _quotations(doc: "Document") -> Quotations:
    prose = doc.prose
    spans: list[tuple[int, int]] = []
    credits: list[tuple[int, int]] = []
    introduced = False
    for block in doc.paragraphs:
        text = prose[block.start:block.end]
        block_credits = [(block.start + m.start(), block.start + m.end()) for m in CREDIT_RE().finditer(text)] \
            if "(@" in text else []
        if block.kind == "blockquote" or (introduced and block.kind != "list_item"):
            spans.append((block.start, block.end))
        elif block_credits:
            # the post's text runs from the paragraph's start (or the previous credit) to its credit
            spans.append((block.start, block_credits[-1][1]))
        else:
            spans.extend(_direct_quotations(prose, block.start, block.end))
        credits.extend(block_credits)
        introduced = text.rstrip().endswith(":") and not _LABEL_ONLY_RE().match(text)
    return Quotations(tuple(_merged(spans)), tuple(credits))


def _direct_quotations(prose: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the quotations in one paragraph, marks included."""
    out = []
    open_at, family = -1, ""
    for m in _MARKS_RE.finditer(prose, start, end):
        i, mark = m.start(), m.group()
        before = prose[i - 1] if i > start else " "
        after = prose[i + 1] if i + 1 < end else " "
        if mark in _SINGLE_OPEN + _SINGLE_CLOSE + _SINGLE_EITHER:
            if before.isalnum() and after.isalnum():
                continue  # an apostrophe inside a word: don't, O'Neill
            opens = (not before.isalnum() and before not in ".,!?") and (after.isalnum() or after in "\u2018\"\u201c")
            closes = not opens and not after.isalnum()
            kind = "single"
        else:
            if mark in _DOUBLE_OPEN:
                opens, closes = True, False
            elif mark in _DOUBLE_CLOSE:
                opens, closes = False, True
            else:
                opens = before.isspace() or before in "([\u2014\u2013-" or i == start
                closes = not opens
            kind = "double"
        if open_at < 0:
            if opens:
                open_at, family = i, kind
        elif kind == family and closes:
            out.append((open_at, i + 1))
            open_at = -1
    if open_at >= 0:
        out.append((open_at, end))  # still open: continued in the next paragraph
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
