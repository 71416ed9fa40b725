"""NL101 repeated-passage: a run of words an article says twice."""

from __future__ import annotations

from typing import Iterable

from newslint import Document, Finding, Option, Rule, Severity

from ..analysis.repeats import repeated_passages
from ..analysis.words import preview


class RepeatedPassage(Rule):
    """
    ## What it does
    Finds a run of words (eight by default) that appears twice in one article, compared without
    regard to case, punctuation, quote style or line breaks. It reports the later occurrence,
    covering the whole repeated run, and points at the first. A run does not cross a paragraph
    break, but runs a few words apart in both places (a typo, one changed word, the next paragraph
    of a block pasted twice) are reported as one passage.

    A passage shorter than `warning-words` (ten words) is reported at info: a phrase that short
    said twice is as often one phrase used for two facts as a slip. So is a deliberate echo: a
    partial quotation in the top of the story that the full quotation gives again further down,
    or a speaker repeating himself inside one quotation.

    ## Why it matters
    A passage printed twice is the commonest sign of a story assembled in a hurry: a paragraph
    pasted from an earlier draft, or a quote used once in the top and again at the bottom. Readers
    notice, and it costs the story its credibility.

    ## Example
    ```text
    Harbour wall to be rebuilt

    Flooding closed the harbour road for a second day on Monday.

    The council approved the new budget for the harbour wall after a three hour debate on Tuesday night.

    Fishing crews welcomed the decision.

    Residents said the council approved the new budget for the harbour wall after a three hour debate.
    ```

    ## Instead
    ```text
    Harbour wall to be rebuilt

    Flooding closed the harbour road for a second day on Monday.

    The council approved the new budget for the harbour wall after a three hour debate on Tuesday night.

    Fishing crews welcomed the decision.

    Residents said they were relieved that the work would start before the winter storms.
    ```
    Keep one of the two passages. If the repetition is deliberate (a refrain, a quoted slogan),
    suppress it with `<!-- newslint-disable-next-line NL101 -->` above the paragraph.

    Some repetition is normal and not reported:

    - a headline that repeats words of the first paragraph (unless `include-headings` is set);
    - a phrase of the first paragraph (the lede, which summarises the story) echoed in the body,
      unless the echo is at least `lede-min-words` long;
    - a phrase (under twice `lede-min-words`) that occurs three times or more: a set phrase the
      story keeps returning to, such as the name of a prize, or the stem of a list of questions;
    - a repeated name or title, where every word that is not a function word is capitalised
      ("Economic Commission for Latin America and the Caribbean");
    - repetition between entries of a list (bullet lines, and `label - value; label - value`
      records such as award nominations), whose structure repeats by design (unless
      `include-lists` is set); a sentence of the body repeated in a list entry is reported, and so
      is a list of names (a team sheet) printed twice;
    - the credit lines of embedded posts by one author.
    """

    code = "NL101"
    name = "repeated-passage"
    severity = Severity.WARNING
    summary = "A passage that appears twice in one article."
    #: judged precision of its warnings, both halves of the many-outlet and BBC copy (benchmarks/precision.py)
    confidence = 0.85
    options = (
        Option("min-words", int, 8, "the shortest run of words that counts as a repeated passage",
               minimum=3, maximum=500),
        Option("lede-min-words", int, 12, "the shortest repeated run when the first occurrence is in the first paragraph",
               minimum=3, maximum=500),
        Option("include-headings", bool, False, "also compare the headline and headings with the body"),
        Option("include-lists", bool, False, "also report repetition inside list entries"),
        Option("warning-words", int, 10, "repeated passages shorter than this are reported at info: a short "
               "phrase said twice is as often a phrase used for two facts as a slip", minimum=1,
               maximum=500),
    )

    def repeated_runs(self, doc: Document):
        """Every repeated passage this rule reports (``analysis.repeats.RepeatedRun``)."""
        c = self.config
        return repeated_passages(doc, min_words=c["min-words"], lede_min_words=c["lede-min-words"],
                                 include_headings=c["include-headings"], include_lists=c["include-lists"])

    def check(self, doc: Document) -> Iterable[Finding]:
        strong = self.config["warning-words"]
        for run in self.repeated_runs(doc):
            first_line = doc.position(run.first_start).line
            what = f"this passage of {run.n_words} words repeats line {first_line}"
            severity, confidence = None, None
            if run.echo:
                what = f"this quotation of {run.n_words} words repeats a quotation on line {first_line}"
                severity, confidence = Severity.INFO, ECHO_CONFIDENCE
            elif run.n_words < strong:
                severity, confidence = Severity.INFO, SHORT_CONFIDENCE
            yield self.finding(
                doc, run.start, run.end,
                f"{what}: \u201c{preview(doc.prose_text(run.start, run.end))}\u201d",
                related=[self.related(doc, run.first_start, run.first_end, "first occurrence")],
                severity=severity, confidence=confidence,
            )


#: judged precision of the findings reported at info (benchmarks/precision.py): deliberate echoes,
#: and passages shorter than ``warning-words``
ECHO_CONFIDENCE = SHORT_CONFIDENCE = 0.35
