"""NL404 long-paragraph: a wall of text."""

from __future__ import annotations

from typing import Iterable

from newslint import Document, Finding, Option, Severity

from ..analysis.readability_measure import measure_article
from .target import ReadabilityRule


class LongParagraph(ReadabilityRule):
    """
    ## What it does
    Reports a paragraph of more than `max-words` words (220 by default) or more than
    `max-sentences` sentences (11 by default): a wall of text. The defaults are deliberately
    lax (they flag under one BBC article in twenty); a newsroom that writes for phones will want
    `max-words = 120` and `max-sentences = 6`.

    ## Why it matters
    News is read on phones, where a 120-word paragraph fills the screen. Short paragraphs give
    the reader places to rest and the editor places to cut.

    ## Example
    ```text
    Bridge reopens

    The bridge reopened on Monday. It had been shut for a year. Engineers found cracks in two of its arches. The repairs cost four million pounds. Drivers had faced a detour of ten miles. Shops in the town said trade fell by a third. The council apologised for the delay. It blamed a shortage of stone. Residents held a party on the bridge. The mayor cut a ribbon at noon. Buses will use the bridge from next week. A weight limit stays in place until June.
    ```

    ## Instead
    ```text
    Bridge reopens

    The bridge reopened on Monday. It had been shut for a year. Engineers found cracks in two of its arches, and the repairs cost four million pounds.

    Drivers had faced a detour of ten miles. Shops in the town said trade fell by a third. The council apologised for the delay and blamed a shortage of stone.

    Residents held a party on the bridge, and the mayor cut a ribbon at noon. Buses will use the bridge from next week. A weight limit stays in place until June.
    ```
    Break it where the subject changes: one paragraph for the background, one for the reaction,
    one for what happens next.

    Reported at info: readers judged nearly all of its findings on edited copy true, but on
    article bodies scraped from many outlets, where paragraph breaks are often lost, only six in
    ten.
    """

    code = "NL404"
    name = "long-paragraph"
    severity = Severity.INFO
    summary = "A paragraph too long to read comfortably: a wall of text."
    #: judged precision of its findings on the corpus halves it was not tuned on (benchmarks/precision.py):
    #: 0.94 on BBC copy, 0.60 on many outlets' bodies, so it stays at info
    confidence = 0.8
    options = (
        Option("max-words", int, 220, "the most words a paragraph may have", minimum=1, maximum=100_000),
        Option("max-sentences", int, 11, "the most sentences a paragraph may have", minimum=1,
               maximum=10_000),
    )

    def check(self, doc: Document) -> Iterable[Finding]:
        max_words, max_sentences = self.config["max-words"], self.config["max-sentences"]
        for p in measure_article(doc).paragraphs:
            c = p.counts
            too_many_words, too_many_sentences = c.words > max_words, c.sentences > max_sentences
            if not (too_many_words or too_many_sentences):
                continue
            limits = []
            if too_many_words:
                limits.append(f"more than {max_words} words")
            if too_many_sentences:
                limits.append(f"more than {max_sentences} sentences")
            yield self.finding(
                doc, p.start, p.end,
                f"paragraph of {c.words} words in {c.sentences} sentences ({' and '.join(limits)}); break it up",
            )
