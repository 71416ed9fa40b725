"""NL507: punctuation doubled by a slip (",," "..") or two marks where one belongs (",." ".,")."""

from __future__ import annotations

import functools
import re
from typing import Iterable

from newslint import Document, Finding, Rule, Severity

from .abbreviations import abbreviation_set, is_abbreviation
from .limit import FindingLimit
from .prose import block_matches, mechanics_prose, shown, token_before

#: the rule whose abbreviations say whether a full stop before a comma belongs to a word ("Inc.,")
ABBREVIATIONS_RULE = "NL501"
_MESSAGES = {",,": "two commas in a row", "..": "two full stops in a row (an ellipsis has three)",
             ";;": "two semicolons in a row", ",.": "a comma and a full stop together",
             ".,": "a full stop and a comma together"}


@functools.cache
def _candidate() -> re.Pattern:
    # exactly two marks: "..." is an ellipsis and "?!" a style, not a slip
    # (the marks come first and the look-behind after them, so the engine skips from mark to mark)
    return re.compile(r"(?:,,|\.\.|;;|,\.|\.,)(?<![.,;:!?]..)(?![.,;:!?])")


class RepeatedPunctuation(Rule):
    """
    ## What it does
    Finds punctuation doubled by a slip of the keyboard (",,", ";;", and ".." where an ellipsis
    would have three), and a comma and a full stop side by side (",." or ".,"). A full stop
    that ends an abbreviation before a comma is correct ("Portland, Ore., said", "Apple Inc.,
    the maker"): the abbreviations are NL501's, with the ones your configuration adds there.
    Ellipses, "?!" and "!!" are left alone, as are ranges ("1..10") and paths ("../").

    ## Why it matters
    Doubled punctuation is the mark of a hurried edit; readers notice it at once, and it makes
    the copy look unchecked.

    ## Example
    ```text
    The mayor said the plan was,, in her words, unaffordable..
    ```

    ## Instead
    ```text
    The mayor said the plan was, in her words, unaffordable.
    ```

    `newslint check --fix` keeps one mark: for a comma beside a full stop, the full stop when a
    capital or the end of the paragraph follows, the comma otherwise.
    """

    code = "NL507"
    name = "repeated-punctuation"
    severity = Severity.WARNING
    #: the share of its findings judged true on the report half (benchmarks/eval_mechanics.py)
    confidence = 0.8
    summary = "Punctuation doubled by a slip, or a comma and a full stop together."

    def check(self, doc: Document) -> Iterable[Finding]:
        known = abbreviation_set(self.settings.options_for(ABBREVIATIONS_RULE).get("abbreviations", []))
        prose = mechanics_prose(doc)
        text = doc.text
        limit = FindingLimit(self, doc)
        for block, m in block_matches(doc, _candidate(), prose):
            start, end = m.span()
            pair = m.group()
            if text[start:end] != pair:
                continue
            before = token_before(prose, start, block.start)
            if pair == ".." and ((start > 0 and prose[start - 1].isdigit()) or prose[end:end + 1] in ("/", "\\")):
                continue  # a range or a path
            if pair == ".," and (not before.isalpha() or len(before) < 2 or not before.islower()
                                 or is_abbreviation(before, known)):
                continue  # "Inc.,", "U.S.,", "Oct. 10.,": the full stop belongs to the word
            if not limit.allows(start):
                continue
            keep = self._kept(pair, prose, end, block.end)
            yield self.finding(doc, start - len(before), end, f"{_MESSAGES[pair]}: {shown(text[start - len(before):end])}",
                               fix=(start, end, keep), fix_description=f"keep one \u201c{keep}\u201d")
        yield from limit.summary()

    @staticmethod
    def _kept(pair: str, prose: str, end: int, block_end: int) -> str:
        if pair[0] == pair[1]:
            return pair[0]
        nxt = end
        while nxt < block_end and prose[nxt].isspace():
            nxt += 1
        return "." if nxt >= block_end or prose[nxt].isupper() or prose[nxt] in "\"\u201c\u201d'\u2019" else ","
