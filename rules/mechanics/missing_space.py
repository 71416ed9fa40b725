"""NL503: no space after the punctuation that ends a sentence or a clause ("two years.He said")."""

from __future__ import annotations

import functools
import re
from typing import Iterable

from newslint import Document, Finding, Rule, Severity

from .limit import FindingLimit
from .prose import block_matches, mechanics_prose, shown, token_before, word_after

_NAMES = {".": "full stop", "!": "exclamation mark", "?": "question mark", ",": "comma", ";": "semicolon",
          ":": "colon"}


@functools.cache
def _candidate() -> re.Pattern:
    # after two lower-case letters (so not "U.S.A", "J.K.Rowling" or "ASP.NET"): sentence punctuation,
    # perhaps a closing quotation mark or bracket, then a capitalised word; or a comma, semicolon or
    # colon run into the next word
    # (the mark comes first and the look-behind after it, so the engine skips from mark to mark)
    return re.compile(r"[.!?,;:](?<=[a-z]{2}[.!?,;:])(?:(?<=[.!?])[\u201d\u2019)\]]?(?=[A-Z][a-z])"
                      r"|(?<=[,;:])(?=[A-Za-z][a-z]))")


class MissingSpace(Rule):
    """
    ## What it does
    Finds sentence punctuation run into the next word: "two years.He said", "in Kuwait.According
    to", "the fireball,or bolide", "the first;the second". It leaves alone abbreviations and
    initials ("U.S.A", "J.K.Rowling"), decimals and times ("3.5", "10:30"), web and e-mail
    addresses, domain and file names ("Amazon.com", "report.pdf"), code, and quoted
    social-media posts.

    ## Why it matters
    A missing space joins two sentences into one long word: spell checkers skip it, search
    engines index it wrongly, and readers stumble. It is common in copy pasted from web pages,
    where a paragraph break was lost.

    ## Example
    ```text
    The bridge has been closed for two years.Engineers expect it to reopen in May.
    ```

    ## Instead
    ```text
    The bridge has been closed for two years. Engineers expect it to reopen in May.
    ```

    `newslint check --fix` adds the space.
    """

    code = "NL503"
    name = "missing-space"
    severity = Severity.WARNING
    #: the share of its findings judged true on the report half (benchmarks/eval_mechanics.py)
    confidence = 1.0
    summary = "No space after a full stop, comma or other punctuation, before the next word."

    def check(self, doc: Document) -> Iterable[Finding]:
        prose = mechanics_prose(doc)
        text = doc.text
        limit = FindingLimit(self, doc)
        for block, m in block_matches(doc, _candidate(), prose):
            start, end = m.span()
            before = token_before(prose, start, block.start)
            after = word_after(prose, end, block.end)
            if text[start - len(before):end + len(after)] != prose[start - len(before):end + len(after)]:
                continue  # part of markup
            if "." in before or any(c.isupper() for c in before[1:]):
                continue  # a name in code or a brand: "java.lang.Object", "iGen.Fr"
            if not limit.allows(start):
                continue
            mark = _NAMES[prose[start]]
            span = (start - len(before), end + len(after))
            yield self.finding(doc, *span, f"no space after the {mark}: {shown(text[span[0]:span[1]])}",
                               fix=(end, end, " "), fix_description="add a space")
        yield from limit.summary()
