"""NL505: a bracket that does not pair within its paragraph."""

from __future__ import annotations

import functools
import re
from typing import Iterable, NamedTuple

from newslint import Document, Finding, Rule, Severity

from .limit import FindingLimit
from .prose import block_matches, checked_blocks, mechanics_prose, shown

_PAIRS = {")": "(", "]": "["}
_ROMAN = re.compile(r"i{1,3}|iv|vi{0,3}|ix|x")
_NAMES = {"(": "bracket", ")": "bracket", "[": "square bracket", "]": "square bracket"}


@functools.cache
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    brackets = re.compile(r"[()\[\]]")
    # smileys are not brackets: ":)", ";-(", "<(" (written &lt;( in scraped copy)
    smileys = re.compile(r"(?:(?:[:;]|(?<!\w)=)[-^o']?|&lt;|<)[()\[\]]")
    return brackets, smileys


class Unpaired(NamedTuple):
    offset: int
    char: str
    fix: tuple[int, int, str] | None


class UnbalancedBrackets(Rule):
    """
    ## What it does
    Finds brackets, round or square, that do not pair within a paragraph: one that opens and
    never closes, one that closes with nothing open, and a round one closed by a square one. It
    leaves alone list numbering ("1)", "b)"), smileys (":)") and brackets inside web addresses
    and code.

    ## Why it matters
    An unclosed bracket makes the reader hold an aside that never ends; the rest of the
    paragraph reads as if it were in parentheses. It usually marks a cut made in a hurry.

    ## Example
    ```text
    The festival (which began in 1998 drew a record crowd this year.
    ```

    ## Instead
    ```text
    The festival (which began in 1998) drew a record crowd this year.
    ```

    `newslint check --fix` removes a bracket only where it doubles the one next to it ("))"
    with one bracket open); where the missing one belongs is for you to decide.
    """

    code = "NL505"
    name = "unbalanced-brackets"
    severity = Severity.WARNING
    #: the share of its findings judged true on the report half (benchmarks/eval_mechanics.py)
    confidence = 1.0
    summary = "A bracket that does not pair within its paragraph."

    def check(self, doc: Document) -> Iterable[Finding]:
        prose = mechanics_prose(doc)
        if all(ch not in prose for ch in "()[]"):
            return
        blocks = checked_blocks(doc)
        # one scan for the brackets of every block; a block without any is read no further
        found: dict[int, list[int]] = {}
        for block, m in block_matches(doc, _patterns()[0], prose):
            found.setdefault(block.start, []).append(m.start())
        unpaired = [_unpaired(prose, doc.prose, b.start, b.end, found[b.start]) if b.start in found else ([], [])
                    for b in blocks]
        limit = FindingLimit(self, doc)
        for i, block in enumerate(blocks):
            unopened, unclosed = unpaired[i]
            for item in (u for u in unopened if limit.allows(u.offset)):
                span = (max(block.start, item.offset - 40), item.offset + 1)
                yield self.finding(doc, *span,
                                   f"a closing {_NAMES[item.char]} with nothing open: {shown(doc.text[span[0]:span[1]])}",
                                   fix=item.fix, fix_description="remove the extra bracket" if item.fix else "")
            for item in (u for u in unclosed if limit.allows(u.offset)):
                span = (item.offset, min(block.end, item.offset + 50))
                yield self.finding(doc, *span,
                                   f"this {_NAMES[item.char]} is never closed: {shown(doc.text[span[0]:span[1]])}",
                                   fix=item.fix, fix_description="remove the extra bracket" if item.fix else "")
        yield from limit.summary()


def _numbering(prose: str, start: int, i: int) -> bool:
    """Whether the ``)`` at ``i`` ends list numbering standing as a word: "1)", "b)", "iv)"."""
    j = i
    while j > max(start, i - 4) and prose[j - 1].isalnum():
        j -= 1
    if j == i or not (j == start or prose[j - 1].isspace()):
        return False
    label = prose[j:i]
    return (label.isdigit() and len(label) <= 2) or len(label) == 1 or _ROMAN.fullmatch(label.lower()) is not None


def _unpaired(prose: str, context: str, start: int, end: int,
              positions: list[int]) -> tuple[list[Unpaired], list[Unpaired]]:
    """The closing brackets with nothing open, and the brackets left open, in ``prose[start:end]``.

    Smileys are found in ``context`` (the document's own mask), where "&lt;(" still reads as one.
    """
    smileys = _patterns()[1]
    skip = set()
    for m in smileys.finditer(context, start, end):
        skip.update(range(m.start(), m.end()))
    stack: list[int] = []
    depth = {"(": 0, "[": 0}  # open brackets of each kind on the stack, so a look-up is not a search
    unopened: list[Unpaired] = []
    for i in positions:
        ch = prose[i]
        if i in skip:
            continue
        if ch in "([":
            stack.append(i)
            depth[ch] += 1
            continue
        opener = _PAIRS[ch]
        if ch == ")" and not depth["("] and _numbering(prose, start, i):
            continue
        if depth[opener]:
            while prose[stack[-1]] != opener:  # "( [ )": the square bracket was never closed
                j = stack.pop()
                depth[prose[j]] -= 1
                unopened.append(Unpaired(j, prose[j], None))
            stack.pop()
            depth[opener] -= 1
        else:
            doubled = i - 1 >= start and prose[i - 1] == ch
            unopened.append(Unpaired(i, ch, (i, i + 1, "") if doubled else None))
    unclosed = []
    for j in stack:
        doubled = prose[j + 1:j + 2] == prose[j]
        unclosed.append(Unpaired(j, prose[j], (j, j + 1, "") if doubled else None))
    # brackets left open by a mismatched close are reported as unclosed, in text order
    left = [u for u in unopened if u.char in "(["]
    unopened = [u for u in unopened if u.char in ")]"]
    return unopened, sorted(unclosed + left)
