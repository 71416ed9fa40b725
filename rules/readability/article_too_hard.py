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
    Council approves road plan

    Notwithstanding considerable institutional reluctance, the municipal administration subsequently authorised comprehensive infrastructural modernisation initiatives encompassing thoroughfare resurfacing.

    Representatives of neighbourhood associations characterised the deliberations as unnecessarily protracted, emphasising that preliminary consultations had demonstrated overwhelming community enthusiasm for accelerated implementation.

    Municipal engineers acknowledged that unforeseen geotechnical complications, particularly subterranean drainage deficiencies, necessitated substantial modifications to the original specifications.

    Administration spokespeople anticipated that construction activities would commence imminently, although contractual negotiations with prospective suppliers remain incomplete, and acknowledged that supplementary appropriations might ultimately prove unavoidable.

    Opposition councillors questioned whether the administration's projections adequately incorporated contingency provisions for inflationary fluctuations in construction material expenditure.
    ```

    ## Instead
    ```text
    Council approves road plan

    The council was slow to agree, but it has now approved a plan to rebuild the roads.

    People who live nearby said the talks took too long. They had asked for the work to start soon.

    The council's engineers found problems with the drains under the roads, so the plan had to change.

    Work should start soon. The council is still talking to the firms that will supply the stone and tar, and it may need more money.

    Opposition councillors asked whether the plan had set money aside in case the price of stone and tar goes up.
    ```
    Shorter sentences and shorter words lower every formula. The default target (grade 13) flags
    about the hardest tenth of professionally edited BBC news; set your newsroom's own.

    The finding is advice about the article as a whole, not a defect, so it is reported at info: it
    does not fail a pre-commit hook unless `severity = {NL401 = "warning"}` is configured.
    """

    code = "NL401"
    name = "article-too-hard"
    #: advice about the whole article, not a defect in it: readers judged edited copy a fraction of a
    #: grade over the target as fine (precision 0.00 on BBC copy, 0.03 on many outlets)
    severity = Severity.INFO
    summary = "The article's reading grade is above the newsroom's target."
    #: judged precision of its findings on the corpus halves it was not tuned on (benchmarks/precision.py)
    confidence = 0.06
    options = TARGET_OPTIONS + (
        Option("min-words", int, 100, "articles with fewer words of prose are not graded", minimum=1,
               maximum=100_000),
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
        where = " and ".join(f"line {doc.position(p.start).line} (grade {grade(p.counts, metric):.1f})"
                             for p in hardest)
        start, end = _first_line_span(doc)
        yield self.finding(
            doc, start, end,
            f"this article is harder to read than your target: grade {value:.1f}, against {target:g}; "
            f"start with the {'paragraphs' if len(hardest) > 1 else 'paragraph'} on {where}",
            related=[self.related(doc, p.start, p.end, f"paragraph grade {grade(p.counts, metric):.1f}")
                     for p in hardest],
            details=f"{METRIC_NAMES[metric]}, {value - target:.1f} above the target",
        )
