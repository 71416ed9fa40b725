"""NL301 orphan-paragraph: a short paragraph with no connection to its neighbours or the story."""

from __future__ import annotations

import heapq
from typing import Iterable, NamedTuple

from newslint import Document, Finding, Option, Rule, Severity

from ..analysis.boilerplate_matcher import BoilerplateMatcher, ends_like_a_sentence
from ..analysis import paragraph_roles as roles
from ..analysis.cohesion import article_terms, definite_reference, first_person, opening_words, tie_back
from ..analysis.paragraph_roles import mentions_a_person, needs_a_person
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


#: the most candidates looked at in one article: each costs a few set intersections, and an
#: article with more short unconnected paragraphs than this is a list, not a story
MAX_CANDIDATES = 400


def _linked(terms, i: int, others: tuple[int, ...], limit: float) -> bool:
    """Paragraph ``i`` shares more than ``limit`` with one of ``others`` (-1: none there)."""
    return any(j >= 0 and terms.link_above(i, j, limit) for j in others)


class _Texts(dict):
    """Paragraph texts, white space folded, made when first asked for."""

    def __init__(self, prose: str, paragraphs) -> None:
        super().__init__()
        self.prose, self.paragraphs = prose, paragraphs

    def __missing__(self, i: int) -> str:
        b = self.paragraphs[i]
        text = self[i] = " ".join(self.prose[b.start:b.end].split())  # doc.prose_text(b.start, b.end)
        return text


def _layout_tie(texts: dict[int, str], order: list[int], pos: int) -> str | None:
    """Why the paragraph at ``order[pos]`` is tied in by its place in the layout, or ``None``."""
    text = texts[order[pos]]
    before = texts[order[pos - 1]]
    after = texts[order[pos + 1]]
    if roles.is_question(text):
        return "a question"
    shape = roles.layout_shape(text)
    if roles.same_sequence(shape, before) or roles.same_sequence(shape, after):
        return "an entry of a list"
    if roles.opens_with_quote(text) and (roles.leaves_quote_open(before) or roles.opens_with_quote(before)
                                         or roles.opens_with_quote(after)):
        return "a quotation carried on"
    if roles.leaves_quote_open(text) and roles.opens_with_quote(after):
        return "a quotation carried on"
    if roles.introduces_quotation(text, after) or roles.points_forward(text):
        return "a lead-in"
    return None


def find_orphans(doc: Document, *, max_words: int = 35, max_sentences: int = 2, max_neighbour: float = 0.34,
                 max_article: float = 0.15, tie_neighbour: float = 0.1, tie_article: float = 0.05,
                 exclude: Iterable[tuple[int, int]] = ()) -> list[Orphan]:
    """Short paragraphs tied neither to their neighbours nor to the story.

    The weakest candidate is taken out first and its neighbours are then compared with each other,
    so that the paragraph after an orphan is judged against the story, not against the orphan.
    Candidates wait in a heap; taking one out changes the neighbours of at most the two candidates
    on each side, and only those are judged again, so an article costs O(n log n).
    """
    skip = set(exclude)
    paragraphs = doc.paragraphs
    prose = doc.prose
    story = [i for i, b in enumerate(paragraphs) if (b.start, b.end) not in skip]
    if len(story) < 3:
        return []
    texts = _Texts(prose, paragraphs)

    def may_be_candidate(i: int) -> bool:
        """What a paragraph is, whatever its neighbours: short, a sentence, not the writer's voice."""
        b = paragraphs[i]
        sentences = b.sentences
        if b.kind != "paragraph" or len(sentences) > max_sentences or sum(len(s.words) for s in sentences) > max_words:
            return False
        text = texts[i]
        # a list entry, a caption, a fragment is not a stray sentence; a column's or a reader's
        # own voice changes subject at will
        return ends_like_a_sentence(text) and not first_person(text)

    # Candidates first, from what the Document already holds; the first and last paragraphs of
    # the story are never between two others, so they are not candidates. Most articles have no
    # candidate at all, and then nothing else need be looked at.
    maybe = [i for i in story[1:-1] if may_be_candidate(i)]
    if not maybe:
        return []
    # Captions, credits and embed lines sit between paragraphs without being part of the thread:
    # they are neither candidates nor neighbours (the caption is the odd one, not the paragraph
    # beside it).
    order: list[int] = []
    for i in story:
        b = paragraphs[i]
        if b.kind == "paragraph":
            words = sum(len(s.words) for s in b.sentences)
            if words <= roles.FURNITURE_WORDS:
                text = texts[i]
                if roles.is_furniture(text, ends_like_a_sentence(text), words):
                    continue
        order.append(i)
    if len(order) < 3:
        return []
    position = {i: pos for pos, i in enumerate(order)}
    candidates: set[int] = set()
    for i in maybe:
        pos = position.get(i)
        if pos is None or pos == 0 or pos == len(order) - 1 or _layout_tie(texts, order, pos):
            continue
        candidates.add(i)
        if len(candidates) > MAX_CANDIDATES:
            return []
    if not candidates:
        return []
    terms = article_terms(doc)
    # too little text to judge
    candidates = {i for i in candidates if len(terms.terms[i]) >= 3}
    if not candidates:
        return []
    # An opener that points back ("He", "However", "The move") ties a paragraph in only if there
    # is something to point back to: such a paragraph is judged by stricter limits.
    ties: dict[int, str | None] = {}  # found when first needed
    limit = max(2, len(story) // 5)
    # a doubly linked list of the paragraphs still in the story, by position in ``order``
    prev_of = list(range(-1, len(order) - 1))
    next_of = list(range(1, len(order) + 1))
    alive = [True] * len(order)

    def around(pos: int, step: list[int], k: int) -> int:
        for _ in range(k):
            if pos < 0 or pos >= len(order):
                return -1
            pos = step[pos]
        return pos if 0 <= pos < len(order) else -1

    def assess(pos: int):
        """The candidate's score (lower is weaker) and its numbers, or ``None`` when it is tied in."""
        i = order[pos]
        p1, n1 = around(pos, prev_of, 1), around(pos, next_of, 1)
        if p1 < 0 or n1 < 0:
            return None
        before, after = order[p1], order[n1]
        p2, n2 = around(pos, prev_of, 2), around(pos, next_of, 2)
        # Compared with its neighbours and one paragraph further on each side: a paragraph may
        # pick up the thread of the one before last (a quote, then its speaker's background, then
        # the quote's consequence). Most candidates share enough to be ruled out by the shared
        # words alone (link_above needs the article's names only in doubtful cases), and what
        # shares more than the loose limits is tied in whatever its opening word.
        others = (before, after, order[p2] if p2 >= 0 else -1, order[n2] if n2 >= 0 else -1)
        if _linked(terms, i, others, max_neighbour) or terms.article_share_floor(i) > max_article:
            return None
        tie = ties.get(i, False)
        if tie is False:
            tie = ties[i] = tie_back(terms.texts[i])
        if tie is not None:
            opener = opening_words(terms.texts[i], 1)[0]
            if needs_a_person(opener):
                # "He said …" points back to a person the paragraph before it names
                if mentions_a_person(terms.texts[before], opener):
                    return None
                tie = None  # nothing to point back to: judged like any other paragraph
            elif terms.shares_topic(i):
                # "Foley was also held …", "The 29-year-old then …": the story's subject, taken up again
                return None
        if tie is not None and (_linked(terms, i, others, tie_neighbour) or terms.article_share_floor(i) > tie_article):
            return None  # an opener that points back, and something shared for it to point to
        limit_a = max_article if tie is None else tie_article
        art = terms.article_share(i)
        if art > limit_a:
            return None
        # "The park has a pond …": a definite reference to a word both neighbours use ties a
        # paragraph in that shares little else (a topic word counts fully here)
        if definite_reference(terms, i, before) and definite_reference(terms, i, after):
            return None
        prev = terms.link(i, before)
        nxt = terms.link(i, after)
        return prev + nxt + art, prev, nxt, art, tie

    heap: list[tuple[float, int, int]] = []
    version = [0] * len(order)
    state: dict[int, tuple] = {}

    def push(pos: int) -> None:
        version[pos] += 1
        got = assess(pos)
        if got is None:
            state.pop(pos, None)
            return
        state[pos] = got
        heapq.heappush(heap, (got[0], pos, version[pos]))

    for i in sorted(candidates):
        push(position[i])
    found: list[Orphan] = []
    while heap:
        _, pos, v = heapq.heappop(heap)
        if v != version[pos] or not alive[pos] or pos not in state:
            continue
        _, prev, nxt, art, tie = state.pop(pos)
        p1, n1 = prev_of[pos], next_of[pos]
        before, after = paragraphs[order[p1]], paragraphs[order[n1]]
        i = order[pos]
        b = paragraphs[i]
        found.append(Orphan(i, b.start, b.end, terms.texts[i], prev, nxt, art, tie,
                            ((before.start, before.end), (after.start, after.end))))
        # A "story" where many short paragraphs are unconnected is a list, a digest or readers'
        # comments: there is no thread for a paragraph to stray from.
        if len(found) > limit:
            return []
        alive[pos] = False
        next_of[p1], prev_of[n1] = n1, p1
        # the candidates up to two places away now have other neighbours: judge them again
        for step in (prev_of, next_of):
            q = pos
            for _ in range(2):
                q = step[q] if 0 <= q < len(order) else -1
                if q < 0 or q >= len(order):
                    break
                if order[q] in candidates and alive[q]:
                    push(q)
    return sorted(found, key=lambda o: o.start)


class OrphanParagraph(Rule):
    """
    ## What it does
    Finds a short paragraph (two sentences or fewer, and 35 words or fewer by default) that has
    no cohesion with the paragraphs around it or with the story: it shares no content words
    (compared after stop words are dropped, with light stemming) or names with its neighbours
    (nor with the paragraph beyond each of them), and few with the rest of the article. An
    acronym and its expansion count as one name ("NUT", "National Union of Teachers").

    A shared name counts fully, a shared common word half, and a name that runs through the whole
    story less again. A paragraph that opens with a word that points back — a connective ("But
    …", "Still, …"), a definite reference ("The move …") or a quotation — is judged by stricter
    limits, and is tied in when it names the story's main subject (a headline word, or a name in
    most paragraphs): then there is something for the connective to point back to. A paragraph
    opening with "He" or "She" is tied in when the paragraph before it (or the one before that)
    names a person; with nobody to point back to, it is judged like any other paragraph.

    Its place in the layout also ties a paragraph in: it carries on a quotation that the
    paragraph before opened and left open (the open-quote convention), it leaves its own
    quotation open for the next paragraph, or sits in a run of quotations; it introduces the
    quotation that follows ("In a statement, the club said …") or announces the next paragraph
    ("Here is how it works."); it is a question (a rhetorical beat, or a question the next
    paragraph answers); it is an entry of a numbered or lettered list, a timeline, a
    question-and-answer exchange or a transcript, like its neighbour. Captions, credits and
    embed lines (short lines that are no sentence, or that carry a photo or embed credit) are
    neither candidates nor neighbours: the paragraphs on either side of a caption are compared
    with each other.

    The message names the lines of the neighbours, which are also linked as related locations.
    After an orphan is found, its neighbours are compared with each other, as if it were gone.
    With `--verbose` (and in the JSON `details`) the finding gives the paragraph's scores, each
    between 0 and 1: cohesion with the previous and the next paragraph and the weighted share of
    its words found anywhere else in the article.

    Not candidates: the headline, headings, bylines, datelines, list items, block quotes,
    boilerplate lines (NL302), the first and last paragraphs, lines with no sentence-final
    punctuation (list entries, captions), and paragraphs in the first person (a column's or a
    reader's own voice changes subject at will). An article in which many short paragraphs are
    unconnected (a digest, readers' comments) gets no findings: there is no thread for a
    paragraph to stray from.

    **Severity.** Info by default. Read on news it was not tuned on, few of its findings were real
    strays (see `confidence`): lexical cohesion cannot tell a stray sentence from background on
    the story's subject told in other words, and no split of its evidence reached the precision
    of a warning. Make it a warning with `[severity] NL301 = "warning"` for copy assembled by
    software, where strays are common.

    **Cost.** Candidates are judged once, and again only when a neighbour within two places is
    taken out: an article costs O(n log n) in its paragraphs. An article with more than 400
    candidates is a list, not a story, and gets no findings.

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
    severity = Severity.INFO
    summary = "A short paragraph with no connection to its neighbours or the story."
    #: judged precision of its findings on the corpus halves it was not tuned on (benchmarks/precision.py)
    confidence = 0.03
    options = (
        Option("max-words", int, 35, "the longest paragraph, in words, that is considered", minimum=1,
               maximum=1_000),
        Option("max-sentences", int, 2, "the most sentences a considered paragraph may have", minimum=1,
               maximum=100),
        Option("max-neighbour-cohesion", float, 0.34,
               "flag only when cohesion with both neighbours is at most this (0 to 1)", minimum=0.0,
               maximum=1.0),
        Option("max-article-cohesion", float, 0.15,
               "flag only when at most this share of the paragraph's words occur elsewhere in the article",
               minimum=0.0, maximum=1.0),
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
            (ps, _), (ns, _) = o.neighbours
            where = f"lines {doc.position(ps).line} and {doc.position(ns).line}"
            if o.tie:
                why = (f"it {o.tie.replace('opens with', 'opens with a word pointing back,')}, but shares almost "
                       f"nothing with the paragraphs around it ({where}) or the rest of the story")
            else:
                why = f"it shares little with the paragraphs around it ({where}) or the rest of the story"
            yield self.finding(
                doc, o.start, o.end,
                f"this short paragraph may not belong here: {why}: \u201c{preview(o.text, 10)}\u201d",
                related=[self.related(doc, s, e, label) for (s, e), label in zip(o.neighbours, ("previous paragraph", "next paragraph"))],
                details=f"cohesion with previous {o.previous:.2f}, next {o.next:.2f}, article {o.article:.2f}",
            )
