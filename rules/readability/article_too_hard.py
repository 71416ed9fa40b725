"""NL401 article-too-hard: the article's reading grade against the newsroom's target."""

from __future__ import annotations

from typing import Iterable

from newslint import Document, Finding, Option, Severity

from ..analysis.readability_measure import METRIC_NAMES, MIN_PARAGRAPH_WORDS_FOR_RANKING, grade, measure_article
from .target import TARGET_OPTIONS, ReadabilityRule


def _first_line_span(doc: Document) -> tuple[int, int]:
    block = next((b for b in doc.blocks if b.kind == "headline"), None) or (doc.blocks[0] if doc.blocks else None)
    if block is None:
        return 0, 0
    newline = doc.text.find("\n", block.start, block.end)
    return block.start, (block.end if newline == -1 else newline)


class ArticleTooHard(ReadabilityRule):
    """
    ## What it does
    Computes the article's reading grade over its prose (body paragraphs, list items and quotes;
    not the headline, headings, tables, code or links) and reports it when it is above the
    newsroom's `target-grade`. The finding sits on the headline (or the first line) and names the
    two hardest paragraphs, which are also given as related locations.

    The grade comes from `metric`: `combined` (the default: the mean of the Flesch–Kincaid grade,
    SMOG, Coleman–Liau and Dale–Chall grades), `flesch-kincaid`, `flesch-reading-ease` (converted
    to a grade with Flesch's table), `smog`, `coleman-liau` or `dale-chall` (converted with Dale
    and Chall's table). The same target and metric set the bar for NL403 and the `grade` in the file's
    statistics, which also give the Flesch–Kincaid grade itself. On whole articles the formulas rank
    texts alike; on a paragraph or two the combined grade ranks them more reliably than
    Flesch–Kincaid and about as well as the best single formula, which is why it is the default.

    ## Why it matters
    A newsroom writes for an audience with a reading level. An article above it loses readers
    paragraph by paragraph; the grade says by how much, the two paragraphs say where to start.

    ## Example
    ```text
    Notwithstanding considerable institutional reluctance, the municipal administration
    subsequently authorised comprehensive infrastructural modernisation initiatives.
    ```

    ## Instead
    ```text
    The council was slow to agree, but it has now approved a plan to rebuild the roads.
    ```
    Shorter sentences and shorter words lower every formula. The default target (grade 13) flags
    about the hardest tenth of professionally edited BBC news; set your newsroom's own.
    """

    code = "NL401"
    name = "article-too-hard"
    severity = Severity.WARNING
    summary = "The article's reading grade is above the newsroom's target."
    options = TARGET_OPTIONS + (
        Option("min-words", int, 100, "articles with fewer words of prose are not graded", minimum=1),
    )

    def check(self, doc: Document) -> Iterable[Finding]:
        target, metric = self.target()
        m = measure_article(doc)
        c = m.total
        if c.words < self.config["min-words"] or not c.sentences:
            return
        value = round(grade(c, metric), 1)  # judged as shown: "13.0 is above 13" would read as a bug
        if value <= target:
            return
        ranked = [p for p in m.paragraphs if p.counts.words >= MIN_PARAGRAPH_WORDS_FOR_RANKING] or list(m.paragraphs)
        hardest = sorted(ranked, key=lambda p: (-grade(p.counts, metric), p.start))[:2]
        where = ", ".join(f"line {doc.position(p.start).line} (grade {grade(p.counts, metric):.1f})" for p in hardest)
        start, end = _first_line_span(doc)
        yield self.finding(
            doc, start, end,
            f"reading grade {value:.1f} ({METRIC_NAMES[metric]}) is {value - target:.1f} above the target of "
            f"{target:g}; "
            f"hardest paragraphs: {where}",
            related=[self.related(doc, p.start, p.end, f"paragraph grade {grade(p.counts, metric):.1f}")
                     for p in hardest],
        )
