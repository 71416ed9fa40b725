"""NL506: a space before a comma, full stop or other punctuation ("the Globe , names")."""

from __future__ import annotations

import functools
import re
from typing import Iterable

from newslint import Document, Finding, Rule, Severity

from .limit import FindingLimit
from .prose import block_matches, mechanics_prose, shown

#: what may end the text before the space: a word, or a closing mark after one
_AFTER_WORD = "\u201d\u2019\"')]%"
_NAMES = {".": "full stop", "!": "exclamation mark", "?": "question mark", ",": "comma", ";": "semicolon",
          ":": "colon"}


@functools.cache
def _candidate() -> re.Pattern:
    # punctuation after a space, ending where a word would start (the spaces before it, and the
    # word before them, are read afterwards: the engine skips from mark to mark)
    return re.compile(r"[,.;:!?](?<=[ \t][,.;:!?])(?=\s|$|[\u201d\u2019\"')\]])")


class SpaceBeforePunctuation(Rule):
    """
    ## What it does
    Finds a space between a word and the comma, full stop, semicolon, colon, question mark or
    exclamation mark after it: "according to the Globe , names were". It leaves alone spaced
    ellipses (". . ."), smileys, a question mark standing between two spaces in place of a dash
    (what some encodings leave of "—"), and markup.

    ## Why it matters
    A space before punctuation is a slip that print makes worse: the line may break before the
    comma, leaving it at the start of the next line.

    ## Example
    ```text
    The council met on Tuesday , and voted to close the pool .
    ```

    ## Instead
    ```text
    The council met on Tuesday, and voted to close the pool.
    ```

    `newslint check --fix` removes the space.
    """

    code = "NL506"
    name = "space-before-punctuation"
    severity = Severity.WARNING
    #: the share of its findings judged true on the report half (benchmarks/eval_mechanics.py)
    confidence = 0.82
    summary = "A space between a word and the punctuation after it."

    def check(self, doc: Document) -> Iterable[Finding]:
        prose = mechanics_prose(doc)
        text = doc.text
        limit = FindingLimit(self, doc)
        for block, m in block_matches(doc, _candidate(), prose):
            mark = m.start()
            start = mark - 1
            while start > block.start and prose[start - 1] in " \t":
                start -= 1
            ch = prose[mark]
            if start == block.start or not (prose[start - 1].isalnum() or prose[start - 1] in _AFTER_WORD):
                continue
            if text[start - 1:mark + 1] != prose[start - 1:mark + 1]:
                continue  # markup on either side
            if ch == "." and (prose[mark + 1:mark + 3] == " ." or prose[max(0, start - 2):start] == " ."):
                continue  # a spaced ellipsis: ". . ."
            if ch in "?!" and re.match(r"\s+[a-z]", prose[mark + 1:mark + 3]):
                continue  # " ? " in mid-sentence: a dash lost to the wrong encoding
            if ch in ":;" and prose[mark + 1:mark + 2] in (")", "("):
                continue  # a smiley: ":)"
            if not limit.allows(start):
                continue
            word_start = start
            while word_start > max(block.start, start - 40) and not prose[word_start - 1].isspace():
                word_start -= 1
            yield self.finding(doc, word_start, mark + 1,
                               f"a space before the {_NAMES[ch]}: {shown(text[word_start:mark + 1])}",
                               fix=(start, mark, ""), fix_description="remove the space")
        yield from limit.summary()
