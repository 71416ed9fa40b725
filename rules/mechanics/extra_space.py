"""NL508: two or more spaces between words in the middle of a sentence."""

from __future__ import annotations

import functools
import re
from typing import Iterable

from newslint import Document, Finding, Option, Rule, Severity

from .limit import FindingLimit
from .prose import block_matches


@functools.cache
def _candidate() -> re.Pattern:
    # exactly two spaces between two non-space characters on one line
    return re.compile(r"(?<=\S)  (?=\S)")


class ExtraSpace(Rule):
    """
    ## What it does
    Finds two spaces between words in the middle of a sentence in Markdown source, where they
    are visible to whoever edits the file and show up in every diff. Two spaces after the end of
    a sentence are a typing convention, and two at the end of a line are a Markdown line break:
    both are left alone, as are tables and code. Wider gaps, and gaps on a line that has a wider
    one or beside a label in capitals, line things up (captions, credits, menus) and are left
    alone too.

    Plain text is checked only when `plain-text` is on: copy pasted from web pages into plain
    text is full of runs of spaces left by layout, and a double space there often marks a dash or
    a word that was lost, which collapsing the spaces would hide.

    ## Why it matters
    A double space in mid-sentence usually marks a word deleted in an edit, and it is the trace
    a copy editor looks for: check that nothing is missing before closing it up.

    ## Example
    ```markdown
    The council will  meet again on Thursday.
    ```

    ## Instead
    ```markdown
    The council will meet again on Thursday.
    ```

    `newslint check --fix` leaves one space.
    """

    code = "NL508"
    name = "extra-space"
    severity = Severity.WARNING
    #: the share of its findings judged true on the report half (benchmarks/eval_mechanics.py)
    confidence = 0.93
    summary = "Two spaces between words in the middle of a sentence."
    options = (
        Option("plain-text", bool, False, "also check plain-text articles, not only Markdown"),
    )

    def check(self, doc: Document) -> Iterable[Finding]:
        if doc.format != "markdown" and not self.config["plain-text"]:
            return
        text, prose = doc.text, doc.prose
        limit = FindingLimit(self, doc)
        for block, m in block_matches(doc, _candidate(), text):
            start, end = m.span()
            if prose[start - 1] != text[start - 1] or prose[end] != text[end]:
                continue  # markup on either side: the spaces may not be visible at all
            if _after_sentence(text, start) or _laid_out(text, start, end) or not limit.allows(start):
                continue
            left = text[max(block.start, start - 30):start].split()[-1:] or [""]
            right = text[end:min(block.end, end + 30)].split()[:1] or [""]
            yield self.finding(doc, start - len(left[0]), end + len(right[0]),
                               f"two spaces between \u201c{left[0]}\u201d and \u201c{right[0]}\u201d "
                               "in the middle of a sentence (is a word missing?)",
                               fix=(start, end, " "), fix_description="leave one space")
        yield from limit.summary()


def _laid_out(text: str, start: int, end: int) -> bool:
    """Whether the spaces line things up rather than join words: a line with a wider gap elsewhere
    ("Video loading      Watch next"), or a label in capitals beside them ("VOTE  Was…")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:len(text) if line_end == -1 else line_end]
    if "   " in line:
        return True
    left = text[line_start:start].split()[-1:]
    right = text[end:len(text) if line_end == -1 else line_end].split()[:1]
    return any(len(w) > 1 and w.isupper() for w in left + right)


def _after_sentence(text: str, start: int) -> bool:
    """Whether the spaces follow the end of a sentence (two spaces after a full stop: a convention)."""
    i = start
    while i > 0 and text[i - 1] in "\"'\u201d\u2019)]":
        i -= 1
    return i > 0 and text[i - 1] in ".!?:\u2026"
