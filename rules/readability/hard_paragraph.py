"""NL403 hard-paragraph: a paragraph far harder to read than the article's target."""

from __future__ import annotations

from typing import Iterable

from newslint import Document, Finding, Option, Severity

from ..analysis.readability_measure import METRIC_NAMES, grade, measure_article
from .target import ReadabilityRule


class HardParagraph(ReadabilityRule):
    """
    ## What it does
    Reports a paragraph whose reading grade is more than `margin` grades above the target set
    for NL401 (`target-grade` and `metric` in NL401's options). Paragraphs shorter than
    `min-words` are not graded: a formula over one short sentence says little.

    ## Why it matters
    An article can meet its target on average and still hold a paragraph that stops readers.
    This finds the paragraph to rewrite first.

    ## Example
    ```text
    Bank told to raise capital

    The regulator's determination necessitates substantial recapitalisation, notwithstanding preliminary indications that institutional shareholders' appetite for additional subscription remains comparatively constrained, particularly among pension fund trustees, insurers and the sovereign investment vehicles of several states.

    The bank said it would respond next week.
    ```

    ## Instead
    ```text
    Bank told to raise capital

    The regulator says the bank needs more capital. Its big shareholders, pension funds among them, may not want to put in more money.

    The bank said it would respond next week.
    ```
    """

    code = "NL403"
    name = "hard-paragraph"
    severity = Severity.INFO
    summary = "A paragraph far harder to read than the article's target."
    #: judged precision of its findings on the corpus halves it was not tuned on (benchmarks/precision.py)
    confidence = 0.05
    options = (
        Option("margin", float, 4.0, "how many grades above the target a paragraph may be", minimum=0,
               maximum=30),
        Option("min-words", int, 30, "paragraphs with fewer words are not graded", minimum=1, maximum=10_000),
    )

    def check(self, doc: Document) -> Iterable[Finding]:
        target, metric = self.target()
        limit = target + self.config["margin"]
        for p in measure_article(doc).paragraphs:
            if p.counts.words < self.config["min-words"]:
                continue
            value = round(grade(p.counts, metric), 1)
            if value > limit:
                longest = max(s.words for s in p.sentences)
                yield self.finding(
                    doc, p.start, p.end,
                    f"this paragraph is hard to read: grade {value:.1f}, against a target of {target:g}; "
                    f"its longest sentence has {longest} words",
                    details=f"{METRIC_NAMES[metric]}, {value - target:.1f} above the target",
                )
