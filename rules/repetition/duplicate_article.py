"""NL104 duplicate-article: two articles that are the same story."""

from __future__ import annotations

from typing import Iterable, Sequence

from newslint import Finding, Option, Preparation, Rule, Severity

from ..analysis.duplicates import find_duplicates
from ..analysis.passage_index import DEFAULT_GUARANTEE, passage_index, preparation, without_gc


class DuplicateArticle(Rule):
    """
    ## What it does
    Finds two articles, of the run or of the archive, that are the same story: the same words
    after normalisation, or nearly (a changed headline, a corrected figure, a sentence added).
    One finding per pair, at the top of the later article of the run.

    ## Why it matters
    The same story filed twice under two names is published twice, or the wrong version is.

    ## Example
    ```text
    news/depot-closure.txt:
    Eastgate depot to close

    Bus drivers in Eastgate learned on Monday that their depot will close in the spring, after the operator lost the contract for the town's routes. The mayor said the council had tried for months to keep the service, and union officials promised to fight for every one of the 140 jobs. The operator said drivers would be offered work at its other garages in the county.

    news/depot-closure-final.txt:
    Eastgate bus depot will close

    Bus drivers in Eastgate learned on Monday that their depot will close in the spring, after the operator lost the contract for the town's routes. The mayor said the council had tried for months to keep the service, and union officials promised to fight for every one of the 140 jobs. The operator said drivers would be offered work at its other garages in the county.
    ```

    ## Instead
    ```text
    news/depot-closure.txt:
    Eastgate depot to close

    Bus drivers in Eastgate learned on Monday that their depot will close in the spring, after the operator lost the contract for the town's routes. The mayor said the council had tried for months to keep the service, and union officials promised to fight for every one of the 140 jobs. The operator said drivers would be offered work at its other garages in the county.

    news/depot-drivers.txt:
    Drivers offered jobs after depot closure

    Most of the 140 drivers at the Eastgate depot, which closes in the spring, have accepted jobs at the operator's Westgate garage, the union said on Friday. Twelve mechanics will retire early. The council said the town's routes would be run by a new operator from April, with the same timetable and fares.
    ```
    Delete one of the two files, or rewrite the second story so it carries the news on.
    """

    code = "NL104"
    name = "duplicate-article"
    severity = Severity.WARNING
    summary = "Two articles that are the same story."
    #: judged precision of its findings on the corpus halves it was not tuned on (benchmarks/precision.py)
    confidence = 1.0
    options = (
        Option("min-similarity", float, 0.9, "the word-sequence similarity (0 to 1) from which two articles "
               "count as the same story", minimum=0.5, maximum=1.0),
        Option("min-words", int, 50, "shorter articles are not compared", minimum=1, maximum=100_000),
    )

    def preparations(self) -> Sequence[Preparation]:
        """The fingerprints of each article, made in the worker processes (see NL103)."""
        return (preparation(DEFAULT_GUARANTEE),)

    def check_run(self, docs, context) -> Iterable[Finding]:
        return without_gc(lambda: list(self._duplicates(docs, context)))

    def _duplicates(self, docs, context) -> Iterable[Finding]:
        index = passage_index(docs, context)
        for a, b, similarity, identical in find_duplicates(docs, context, self.config["min-similarity"],
                                                            self.config["min-words"]):
            here, there = (b, a) if b < index.n_run else (a, b)
            if b < index.n_run and index.articles[a].path > index.articles[b].path:
                here, there = a, b
            doc, other = index.articles[here].doc, index.document(there)
            block = doc.blocks[0]
            what = "has the same text as" if identical else "is almost word for word the same story as"
            yield self.finding(
                doc, block.start, block.end,
                f"this article {what} {other.path}",
                related=[self.related(other, other.blocks[0].start, other.blocks[0].end, "the other article")],
                details="" if identical else f"{int(similarity * 100)}% similar",
            )
