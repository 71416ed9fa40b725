"""NL301 orphan-paragraph: a short paragraph with no connection to its neighbours or the story."""

from __future__ import annotations

from typing import Iterable, NamedTuple

from newslint import Document, Finding, Option, Rule, Severity

from ..analysis.boilerplate_matcher import BoilerplateMatcher, ends_like_a_sentence
from ..analysis.cohesion import article_terms, definite_reference, first_person, tie_back
from ..analysis.words import preview


# a named tuple, not a dataclass: several times cheaper to define, and every run imports this module
class Orphan(NamedTuple):
    """A paragraph found to be an orphan, with its similarity to its neighbours and to the story."""

    paragraph: int
    start: int
    end: int
    text: str
    previous: float
    next: float
    article: float
    tie: str | None = None
    #: (start, end) of the paragraphs it was compared with
    neighbours: tuple[tuple[int, int], ...] = ()


def find_orphans(doc: Document, *, max_words: int = 35, max_sentences: int = 2, max_neighbour: float = 0.34,
                 max_article: float = 0.15, tie_neighbour: float = 0.1, tie_article: float = 0.05,
                 exclude: Iterable[tuple[int, int]] = ()) -> list[Orphan]:
    """Short paragraphs tied neither to their neighbours nor to the story.

    The weakest candidate is taken out first and its neighbours are then compared with each other,
    so that the paragraph after an orphan is judged against the story, not against the orphan.
    """
    skip = set(exclude)
    paragraphs = doc.paragraphs
    story = [i for i, b in enumerate(paragraphs) if (b.start, b.end) not in skip]
    if len(story) < 3:
        return []
    # Candidates first, from what the Document already holds; the first and last paragraphs of
    # the story are never between two others, so they are not candidates. Most articles have no
    # candidate at all, and then no paragraph's words need be looked at.
    prose = doc.prose
    texts: dict[int, str] = {}
    for i in story[1:-1]:
        b = paragraphs[i]
        sentences = b.sentences
        if b.kind != "paragraph" or len(sentences) > max_sentences or sum(len(s.words) for s in sentences) > max_words:
            continue
        text = " ".join(prose[b.start:b.end].split())  # doc.prose_text(b.start, b.end)
        if not ends_like_a_sentence(text):
            continue  # a list entry, a caption, a fragment: not a stray sentence
        if first_person(text):
            continue  # a column's or a reader's own voice changes subject at will
        texts[i] = text
    if not texts:
        return []
    terms = article_terms(doc)
    # too little text to judge
    candidates = {i for i in texts if len(terms.terms[i]) >= 3}
    # An opener that points back ("He", "However", "The move") ties a paragraph in only if there
    # is something to point back to: such a paragraph is judged by stricter limits.
    ties = {i: tie_back(terms.texts[i]) for i in candidates}
    alive = list(story)
    found: list[Orphan] = []
    while candidates:
        best = None
        for pos in range(1, len(alive) - 1):
            i = alive[pos]
            if i not in candidates:
                continue
            limit_n, limit_a = (max_neighbour, max_article) if ties[i] is None else (tie_neighbour, tie_article)
            # Most candidates share enough with a neighbour to be ruled out by the shared words
            # alone (link_above needs the article's names only in doubtful cases).
            if terms.link_above(i, alive[pos - 1], limit_n) or terms.link_above(i, alive[pos + 1], limit_n):
                continue
            # one paragraph further on each side: a paragraph may pick up the thread of the one
            # before last (a quote, then its speaker's background, then the quote's consequence)
            if any(terms.link_above(i, alive[p], limit_n) for p in (pos - 2, pos + 2) if 0 <= p < len(alive)):
                continue
            if terms.article_share_floor(i) > limit_a:
                continue
            art = terms.article_share(i)
            if art > limit_a:
                continue
            # "The park has a pond …": a definite reference to a word both neighbours use ties a
            # paragraph in that shares little else (a topic word counts fully here)
            if definite_reference(terms, i, alive[pos - 1]) and definite_reference(terms, i, alive[pos + 1]):
                continue
            prev = terms.link(i, alive[pos - 1])
            nxt = terms.link(i, alive[pos + 1])
            score = prev + nxt + art
            if best is None or score < best[0]:
                best = (score, pos, prev, nxt, art)
        if best is None:
            break
        _, pos, prev, nxt, art = best
        before, after = paragraphs[alive[pos - 1]], paragraphs[alive[pos + 1]]
        i = alive.pop(pos)
        candidates.discard(i)
        b = paragraphs[i]
        found.append(Orphan(i, b.start, b.end, terms.texts[i], prev, nxt, art, ties[i],
                            ((before.start, before.end), (after.start, after.end))))
    # A "story" where many short paragraphs are unconnected is a list, a digest or readers'
    # comments: there is no thread for a paragraph to stray from.
    if len(found) > max(2, len(story) // 5):
        return []
    return sorted(found, key=lambda o: o.start)


class OrphanParagraph(Rule):
    """
    ## What it does
    Finds a short paragraph (two sentences or fewer, and 35 words or fewer by default) that has
    no cohesion with the paragraphs around it or with the story: it shares no content words
    (compared after stop words are dropped, with light stemming) or names with its neighbours
    (nor with the paragraph beyond each of them), and few with the rest of the article.

    A shared name counts fully, a shared common word half, and a name that runs through the whole
    story less again: sharing only the story's main subject does not tie a stray sentence in.
    A paragraph that opens with a word that points back — a pronoun ("He said …"), a connective
    ("But …", "Still, …"), a definite reference ("The move …") or a quotation — is judged by
    stricter limits: it is reported only when it shares almost nothing with the story, because
    then there is nothing for the pronoun or connective to point back to.

    Short, plainly written stories give little evidence per paragraph, so one tie that shared
    words miss is also taken: a paragraph that opens with "The X" where both neighbours use X
    ("The park has a pond …" in a story about a park: the subject counts fully here).

    With `--verbose` (and in the JSON `details`) the finding gives the paragraph's scores, each
    between 0 and 1: cohesion with the previous
    and the next paragraph and the weighted share of its words that appear anywhere else in the
    article. After an orphan is found, its neighbours are compared with each other, as if it were
    gone. The neighbours are linked as related locations.

    Not candidates: the headline, headings, bylines, datelines, list items, block quotes,
    boilerplate lines (NL302), the first and last paragraphs, lines with no sentence-final
    punctuation (list entries, captions), and paragraphs in the first person (a column's or a
    reader's own voice changes subject at will). An article in which many short paragraphs are
    unconnected (a digest, readers' comments) gets no findings: there is no thread for a
    paragraph to stray from.

    ## Why it matters
    Stories assembled from several sources, or "spun" by software, carry stray sentences
    dropped between two paragraphs they have nothing to do with. Readers lose the thread, and
    the stray sentence is often from another story altogether.

    ## Example
    ```text
    Council approves budget

    The council approved the new budget after a three hour debate on Tuesday night.

    The singer's new album has been praised by critics.

    Opposition councillors said the budget would force cuts to library opening hours.
    ```

    ## Instead
    ```text
    Council approves budget

    The council approved the new budget after a three hour debate on Tuesday night.

    Opposition councillors said the budget would force cuts to library opening hours.
    ```
    Delete the paragraph, move it next to the material it belongs with, or tie it in with the
    context a reader needs. One-sentence paragraphs are fine when they carry the story forward.
    """

    code = "NL301"
    name = "orphan-paragraph"
    severity = Severity.WARNING
    summary = "A short paragraph with no connection to its neighbours or the story."
    #: judged precision of its findings on the corpus halves it was not tuned on (benchmarks/precision.py)
    confidence = 0.05
    options = (
        Option("max-words", int, 35, "the longest paragraph, in words, that is considered", minimum=1),
        Option("max-sentences", int, 2, "the most sentences a considered paragraph may have", minimum=1),
        Option("max-neighbour-cohesion", float, 0.34,
               "flag only when cohesion with both neighbours is at most this (0 to 1)", minimum=0.0),
        Option("max-article-cohesion", float, 0.15,
               "flag only when at most this share of the paragraph's words occur elsewhere in the article", minimum=0.0),
    )

    def __init__(self, options=None, settings=None) -> None:
        super().__init__(options, settings)
        # What is boilerplate is NL302's call, as the user configured NL302.
        self.boilerplate = BoilerplateMatcher(self.settings.options_for("NL302"), self.settings)

    def check(self, doc: Document) -> Iterable[Finding]:
        # Boilerplate is not part of the story: it is neither a candidate nor a neighbour.
        exclude = [(h.start, h.end) for h in self.boilerplate.hits(doc)]
        for o in find_orphans(doc, max_words=self.config["max-words"], max_sentences=self.config["max-sentences"],
                              max_neighbour=self.config["max-neighbour-cohesion"],
                              max_article=self.config["max-article-cohesion"], exclude=exclude):
            opener = f"; it {o.tie} but shares little with the story" if o.tie else ""
            yield self.finding(
                doc, o.start, o.end,
                f"this paragraph has little to do with the paragraphs around it or the rest of the story: "
                f"\u201c{preview(o.text, 10)}\u201d",
                related=[self.related(doc, s, e, label) for (s, e), label in zip(o.neighbours, ("previous paragraph", "next paragraph"))],
                details=f"cohesion with previous {o.previous:.2f}, next {o.next:.2f}, article {o.article:.2f}{opener}",
            )
