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
    A paragraph that runs on for eight sentences and 150 words, telling the background, the
    reaction and the next steps all at once.

    ## Instead
    Break it where the subject changes: one paragraph for the background, one for the reaction,
    one for what happens next.
    """

    code = "NL404"
    name = "long-paragraph"
    severity = Severity.INFO
    summary = "A paragraph too long to read comfortably: a wall of text."
    options = (
        Option("max-words", int, 220, "the most words a paragraph may have", minimum=1),
        Option("max-sentences", int, 11, "the most sentences a paragraph may have", minimum=1),
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
