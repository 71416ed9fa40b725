"""NL302 boilerplate: promotional, syndication or template text that is not part of the story."""

from __future__ import annotations

from typing import Iterable, Sequence

from newslint import Document, Finding, Option, Preparation, Rule, Severity

from ..analysis.boilerplate_matcher import BoilerplateHit, BoilerplateMatcher, configured_patterns, template_lines
from ..analysis.boilerplate_matcher import CREDIT_LINE
from ..analysis.boilerplate_pack import BUILTIN_PACK
from ..analysis.passage_index import DEFAULT_GUARANTEE, preparation, recurrence_counted, recurring_paragraphs
from ..analysis.words import preview


#: the confidence of a credit line's finding (readers judged most of them arguable)
CREDIT_CONFIDENCE = 0.5


class Boilerplate(Rule):
    """
    ## What it does
    Finds text that is not part of the story: syndication tails ("Other reports by …"), calls to
    action ("Click here to …", "Share this …", "Sign up for our newsletter …", "Follow us on …"),
    copyright lines, "Advertisement" markers, "Read more: …" pointers, "This article originally
    appeared on …" credits, "This story is developing, check back …" update notes, teaser
    headlines for other stories and reader polls.

    It recognises boilerplate three ways:

    1. **Pattern pack.** Regular expressions in `packs/boilerplate.toml` (the format is in
       `docs/boilerplate-pack.md`); newsrooms add their own packs in the global `packs` list
       (a file there with `[[pattern]]` tables is a boilerplate pack, and may also hold NL202's
       name tables) or with this rule's `packs` option, and a pack can also switch built-in
       patterns off. `newslint explain NL302` lists the packs in use.
    2. **Structure.** At the head or the tail of the article, a short paragraph (30 words or
       fewer) that shares few words with the story *and* is one of: an imperative call to action
       addressed to the reader (at the start of the line or of any of its sentences, or any
       "please …"); a link line with no sentence; a question put to the reader; a
       "Label: pointer" line; a line about the publication itself ("this article", "our
       newsroom"); a title-case teaser headline (not when it sits among other lines without full
       stops, such as a list of award winners); or, as the very first or last paragraph, a line
       with no sentence at all. This catches phrasings no pack has seen. Bylines ("By …"), name
       lines ("Ann Lee, Westport") and the writer's lead-ins ending in a colon ("According to the
       council's blog:") are left alone. A reporting, editing or source credit ("Reporting by …;
       Editing by …", "Source: …") is shown as info: many desks keep it.
    3. **Recurrence.** A short line (`max-words` words or fewer) that recurs word for word in
       several articles of the run or the archive (`min-articles`, five by default) is a
       template, not reporting, when it stands in the first or last two paragraphs of the
       story or is no sentence. Sentences in the middle of a story are not counted: stories
       about one event quote the same statement and carry the same agency paragraphs. The
       finding says in how many articles the line recurs, up to "at least 1,000".

    ## Why it matters
    Copy pasted from a website brings its furniture along. Published in print or in another
    outlet, a "Follow us on Twitter" tail or another site's credit line makes the story look
    scraped, and can publish a competitor's promotion.

    ## Example
    ```text
    Council approves budget

    The council approved the new budget after a three hour debate on Tuesday night.

    Opposition councillors said the budget would force cuts to library opening hours.

    Other reports by the Evening Courier
    ```

    ## Instead
    ```text
    Council approves budget

    The council approved the new budget after a three hour debate on Tuesday night.

    Opposition councillors said the budget would force cuts to library opening hours.
    ```
    Delete the line. If a recurring paragraph is deliberate (a standard correction notice or
    disclosure), suppress it with `<!-- newslint-disable-next-line NL302 -->`.
    """

    code = "NL302"
    name = "boilerplate"
    severity = Severity.WARNING
    summary = "Promotional, syndication or template text that is not part of the story."
    #: judged precision of its findings on the corpus halves it was not tuned on (benchmarks/precision.py)
    confidence = 0.82
    options = (
        Option("structure", bool, True, "also flag head and tail lines that look like boilerplate by their structure"),
        Option("max-words", int, 30, "the longest paragraph the structural checks consider", minimum=1,
               maximum=1_000),
        Option("packs", list, [], "boilerplate pack files or folders to add to the built-in pack and the global "
               "`packs` list, relative to the configuration file (format: docs/boilerplate-pack.md)"),
        Option("min-articles", int, 5, "a paragraph recurring in this many articles of the run or archive is boilerplate "
               "(0 turns the check off)", minimum=0, maximum=1_000_000),
    )

    def __init__(self, options=None, settings=None) -> None:
        super().__init__(options, settings)
        self.matcher = BoilerplateMatcher(self.config, self.settings)

    def preparations(self) -> Sequence[Preparation]:
        """The recurrence check asks the passage index, whose paragraph hashes are made in the
        worker processes, and its own ``prepare``: the main process never parses an article again
        to count its paragraphs or to judge the ones that recur."""
        if self.config["min-articles"]:
            return (preparation(DEFAULT_GUARANTEE), Preparation(self.code, self.prepare, needs_company=True))
        return ()

    def prepare(self, doc: Document) -> tuple[tuple[int, int, str], ...]:
        """The paragraphs that are boilerplate if they recur, with their preview for the message:
        the template lines (``template_lines``) that no pattern or structure already flags. Done
        in the workers, where the article is parsed and its hits already found."""
        already = {(h.start, h.end) for h in self.hits(doc)}
        return tuple((start, end, preview(doc.prose_text(start, end), 10))
                     for start, end in sorted(template_lines(doc, self.config["max-words"]))
                     if (start, end) not in already)

    def hits(self, doc: Document) -> list[BoilerplateHit]:
        return self.matcher.hits(doc)

    def check(self, doc: Document) -> Iterable[Finding]:
        for hit in self.hits(doc):
            if hit.pattern is None and hit.reason == CREDIT_LINE:
                # many desks keep a reporting or source credit: shown, not failed
                yield self.finding(doc, hit.start, hit.end,
                                   f"a credit line, which some desks keep and others drop: \u201c{preview(hit.text, 10)}\u201d",
                                   severity=Severity.INFO, confidence=CREDIT_CONFIDENCE, details="found by its shape")
                continue
            yield self.finding(doc, hit.start, hit.end,
                               f"this looks like boilerplate, not part of the story ({hit.reason}): "
                               f"\u201c{preview(hit.text, 10)}\u201d",
                               details=f"pack pattern \u201c{hit.pattern}\u201d" if hit.pattern else "found by its shape")

    def check_run(self, docs: Sequence[Document], context) -> Iterable[Finding]:
        for problem in self.matcher.packs.errors:
            context.report_error(problem.path, problem.message)
        min_articles = self.config["min-articles"]
        if not min_articles:
            return
        recurring = recurring_paragraphs(docs, context, min_articles)
        prepared = context.prepared(self.code)
        counted = recurrence_counted(min_articles)  # a count that reaches it may be more
        for doc in docs:
            spans = recurring.get(doc.path) or []
            if not spans:
                continue
            # from the workers; an article they did not prepare (a run of one) is judged here
            value = prepared.get(doc.path)
            candidates = {(start, end): shown for start, end, shown in
                          (value if value is not None else self.prepare(doc))}
            for start, end, count in spans:
                # Stories about one event share quotations and agency paragraphs: only a short
                # line at the edge of the story, or one that is no sentence, recurs as a template.
                shown = candidates.get((start, end))
                if shown is None:
                    continue
                many = f"at least {counted:,}" if count >= counted else str(count)
                yield self.finding(doc, start, end,
                                   f"this paragraph recurs word for word in {many} articles, so it is "
                                   f"boilerplate, not part of the story: \u201c{shown}\u201d")

    @classmethod
    def explain_settings(cls, settings) -> str:
        patterns, errors, used = configured_patterns(settings.options_for(cls.code), settings)
        lines = ["## Packs in use", "", f"- built-in: `{BUILTIN_PACK.name}`"]
        lines += [f"- `{f}`" for f in used]
        lines += ["", f"{len(patterns)} patterns: " + ", ".join(p.id for p in patterns) + "."]
        lines += [f"\nError: {e}" for e in errors]
        return "\n".join(lines)
