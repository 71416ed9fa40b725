"""NL504: a quotation mark that does not pair within its paragraph."""

from __future__ import annotations

from typing import Iterable

from newslint import Document, Finding, Rule, Severity

from .limit import FindingLimit
from .prose import shown
from .quotation import quote_analysis

_FIX_DESCRIPTIONS = {
    "unclosed": "add the closing quotation mark",
    "unopened": "open the paragraph with a quotation mark",
    "wrong-way": "turn the quotation mark the right way round",
}


class UnbalancedQuotes(Rule):
    """
    ## What it does
    Finds quotation marks that do not pair within a paragraph: a quotation that opens and never
    closes, a closing mark with nothing open, and a curly mark turned the wrong way (”like this”).
    Curly and straight marks are both read; a straight mark opens or closes according to what
    stands either side of it. Apostrophes and possessives ("don’t", "the players’ wages") are not
    quotation marks, and a mark after a figure is a size in inches (40" screen) unless a quotation
    is open.

    It knows the news convention for a quotation that runs over several paragraphs: each
    paragraph opens with a quotation mark and only the last one closes. A paragraph that ends
    inside a quotation is fine when the next one opens with a quotation mark.

    ## Why it matters
    An unclosed quotation leaves the reader unsure where the speaker's words end and the
    reporter's begin, which matters for accuracy and for the law: words put inside someone's
    quotation marks are words they said.

    ## Example
    ```text
    “We will reopen the pier by summer, said the harbour master.
    ```

    ## Instead
    ```text
    “We will reopen the pier by summer,” said the harbour master.
    ```

    `newslint check --fix` changes the text only where there is one reading: it closes a
    quotation at the comma before its attribution ("…, said the harbour master") or at the end
    of a paragraph that the quotation plainly runs to, opens a paragraph that carries on the
    previous paragraph's quotation and then closes it, turns a wrong-way curly mark round, and
    removes a mark that doubles the one beside it (""extra"), but not one of a longer row of marks.
    Anything else it leaves for you to decide.
    """

    code = "NL504"
    name = "unbalanced-quotes"
    severity = Severity.WARNING
    #: the share of its findings judged true on the report half (benchmarks/eval_mechanics.py)
    confidence = 0.94
    summary = "A quotation mark that does not pair within its paragraph."

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        limit = FindingLimit(self, doc)
        for problem in quote_analysis(doc).problems:
            at = problem.offset
            if not limit.allows(at):
                continue
            start, end = problem.block_start, problem.block_end  # excerpts stay in the paragraph
            if problem.kind == "unclosed":
                span = (at, min(end, at + 50))
                message = f"this quotation is never closed: {shown(text[span[0]:span[1]])}"
            elif problem.kind == "wrong-way":
                span = (max(start, at - 25), min(end, at + 25))
                message = f"a quotation mark turned the wrong way round ({problem.mark}): {shown(text[span[0]:span[1]])}"
            elif problem.fix is not None:
                span = (at, min(end, at + 50))
                message = ("this paragraph carries on the quotation of the one before, so it should open "
                           "with a quotation mark too")
            else:
                span = (max(start, at - 40), at + 1)
                message = f"a closing quotation mark with no opening one: {shown(text[span[0]:span[1]])}"
            yield self.finding(doc, *span, message, fix=problem.fix,
                               fix_description=_FIX_DESCRIPTIONS[problem.kind] if problem.fix else "")
        yield from limit.summary()
