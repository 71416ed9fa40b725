"""NL402 long-sentence: a sentence longer than a reader can comfortably hold."""

from __future__ import annotations

from typing import Iterable

from newslint import Document, Finding, Option, Severity

from ..analysis.readability_measure import measure_article
from .target import ReadabilityRule


class LongSentence(ReadabilityRule):
    """
    ## What it does
    Reports a sentence of more than `max-words` words (45 by default), with its length. The
    default flags about one BBC news article in twenty-five; many style guides ask for 25–30.

    ## Why it matters
    Comprehension falls as sentences grow: a reader holds the start of a sentence in mind until
    its end. Long sentences are the largest single cause of a high reading grade.

    ## Example
    ```text
    The mayor, who had promised during last year's campaign that the bridge would be finished
    before the winter and who now faces questions from the opposition about the cost, said on
    Monday that the contractor had been given another six months and that the budget would rise
    by a fifth.
    ```

    ## Instead
    ```text
    The bridge will not be finished before the winter. The mayor said on Monday that the
    contractor had another six months and that the budget would rise by a fifth. She had promised
    the opposite during last year's campaign.
    ```
    """

    code = "NL402"
    name = "long-sentence"
    severity = Severity.INFO
    summary = "A sentence with more words than a reader can comfortably hold."
    #: judged precision of its findings on the corpus halves it was not tuned on (benchmarks/precision.py)
    confidence = 0.07
    options = (Option("max-words", int, 45, "the longest sentence, in words, that is not reported",
                      minimum=1, maximum=10_000),)

    def check(self, doc: Document) -> Iterable[Finding]:
        limit = self.config["max-words"]
        for p in measure_article(doc).paragraphs:
            for s in p.sentences:
                if s.words > limit:
                    yield self.finding(doc, s.start, s.end,
                                       f"sentence of {s.words} words (more than {limit}); split it")
