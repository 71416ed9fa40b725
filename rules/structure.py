"""NL3xx: paragraphs that do not belong to the story (orphans, boilerplate)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from newslint import Document, Finding, Option, Rule, Severity

from ._boilerplate_pack import Pattern, load_patterns, user_pack_files
from ._cohesion import ArticleTerms, first_person, opening_words, terms_of, tie_back


def preview(text: str, words: int = 10) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" \u2026" if len(parts) > words else "")


# --- boilerplate: structure -------------------------------------------------------------------

#: verbs that open a call to action addressed to the reader
CTA_VERBS = frozenset(
    """
    click tap share follow subscribe sign join like download read watch listen visit check tell let
    comment support donate register scroll contact email e-mail send get grab claim enter vote
    bookmark repost retweet forward pass spread discover learn find explore browse shop order buy
    try stay keep catch hit leave drop reach write call text install upgrade unlock become don't
    dont please see continue forward consider
    """.split()
)
#: words naming the publication's own furniture, not anything a story is about
MEDIA_WORDS = frozenset(
    """
    newsletter newsletters subscribe subscription subscribers inbox podcast podcasts app apps
    facebook twitter instagram youtube tiktok linkedin pinterest whatsapp telegram snapchat reddit
    website site homepage page feed rss channel comments comment section below above link links
    button icon bell notifications alerts updates stories articles story article headlines
    member membership premium donate donation sponsor sponsored advert advertisement ad ads
    editors newsroom tip tips email e-mail
    """.split()
)
_READER_RE = re.compile(r"\b(?:you|your|you're|yours|us|our)\b", re.IGNORECASE)
_LINK_RE = re.compile(
    r"https?://|\bwww\.|\b[\w-]+\.(?:com|org|net|co\.uk|co|io|news|info|tv|fm)\b|(?<!\w)@\w{2,}|"
    r"\b[\w.+-]+@[\w-]+\.[\w.-]+|\s\|\s|>>|\u00bb|\u2192|\[[^\]]+\]\([^)]+\)",
    re.IGNORECASE,
)
_FINAL_RE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_BYLINE_RE = re.compile(r"^(?:by|written by|reporting by|words by)\s+\S+(?:\s+\S+){0,4}$", re.IGNORECASE)
_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with vs via is are be its".split())


_TRAILING_JUNK = " \t\r\n\u00a0" + "".join(chr(c) for c in range(0x80, 0xa0))


def ends_like_a_sentence(text: str) -> bool:
    # C1 control characters are what is left of curly quotes in badly converted copy
    return bool(_FINAL_RE.search(text.rstrip(_TRAILING_JUNK)))


def headline_like(text: str) -> bool:
    """Title case with no sentence-final punctuation: a teaser headline for another story."""
    words = re.findall(r"[^\W\d_][\w'\u2019-]*", text)
    if len(words) < 4 or len(words) > 16 or ends_like_a_sentence(text):
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if len(content) < 3:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised >= 0.8 * len(content) and words[0][0].isupper()


_CLAUSE_START_RE = re.compile(r"(?:^|[.!?:;]\s+|^(?:for|to|if|when|before|after)\b[^,.!?]{0,60},\s+)(?=[^\W\d_])",
                              re.IGNORECASE)


def _imperative_openers(text: str) -> list[str]:
    """The first word of each sentence or clause: where an imperative would stand."""
    out = []
    for m in _CLAUSE_START_RE.finditer(text):
        words = opening_words(text[m.end():], 2)
        if words:
            out.append(words[1] if words[0] == "please" and len(words) > 1 else words[0])
            if words[0] == "please":
                out.append("please")
    return out


def call_to_action(text: str) -> bool:
    """An imperative addressed to the reader about the publication (share, follow, subscribe …).

    The imperative may open the line or any sentence or clause of it ("Enjoyed this? Forward it
    …", "For alerts, text …"); "please" followed by any verb is a request to the reader.
    """
    openers = _imperative_openers(text)
    if "please" in openers:
        return True
    if not any(w in CTA_VERBS for w in openers):
        return False
    lowered = set(re.findall(r"[a-z'\u2019-]+", text.lower()))
    return (bool(_READER_RE.search(text)) or bool(lowered & MEDIA_WORDS) or bool(_LINK_RE.search(text))
            or not ends_like_a_sentence(text))


#: "Next story: …", "Editor's picks: …": a short label, a colon and a pointer to something else
_LABEL_LINE_RE = re.compile(r"^[^\W\d_][\w'\u2019-]*(?:\s+[\w'\u2019-]+){0,2}\s*:\s+\S")


def label_line(text: str) -> bool:
    return bool(_LABEL_LINE_RE.match(text)) and not ends_like_a_sentence(text)


_SELF_REFERENCE_RE = re.compile(
    r"\b(?:this|our|the) (?:article|story|page|post|piece|site|website|newsletter|feed|podcast|app|"
    r"channel|stories|articles|author|author's|writer|writer's|publication|journalism|newsroom|editors)\b",
    re.IGNORECASE,
)


def self_reference(text: str) -> bool:
    """Text about the publication itself ("this article", "our website") rather than the news."""
    return bool(_SELF_REFERENCE_RE.search(text))


def reader_question(text: str) -> bool:
    """A question put to the reader ("What do you think?") rather than reported."""
    return "?" in text and bool(re.search(r"\byou(?:r)?\b", text, re.IGNORECASE)) and '"' not in text \
        and "\u201c" not in text


@dataclass(frozen=True)
class BoilerplateHit:
    start: int
    end: int
    text: str
    reason: str
    pattern: str | None = None


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    text: str  # prose, white space folded
    raw: str   # source text, white space folded (keeps URLs)
    kind: str
    paragraph: int | None  # index in doc.paragraphs


def _units(doc: Document) -> list[_Unit]:
    """Paragraphs, metadata lines and headings below the headline, in reading order."""
    paragraphs = doc.paragraphs
    pindex = {id(b): i for i, b in enumerate(paragraphs)}
    units = []
    for b in doc.blocks:
        if b.kind == "headline" or b.kind == "table":
            continue
        if b.kind == "heading" and b is doc.blocks[0]:
            continue
        units.append(_Unit(b.start, b.end, doc.prose_text(b.start, b.end), " ".join(doc.text[b.start:b.end].split()),
                           b.kind, pindex.get(id(b))))
    for s in doc.metadata_spans:
        raw = " ".join(doc.text[s.start:s.end].split())
        units.append(_Unit(s.start, s.end, raw, raw, "metadata", None))
    units.sort(key=lambda u: u.start)
    return units


def find_boilerplate(doc: Document, patterns: Sequence[Pattern], max_words: int = 30,
                     max_story_share: float = 0.34) -> list[BoilerplateHit]:
    """Paragraphs of ``doc`` that are not part of the story, by pack pattern or by structure."""
    units = _units(doc)
    if not units:
        return []
    terms = ArticleTerms(doc)
    n = len(units)
    hits: dict[int, BoilerplateHit] = {}

    def share(u: _Unit) -> float:
        """The share of the unit's terms found elsewhere in the article (headline included)."""
        own = set(terms_of(u.text))
        if not own:
            return 1.0
        story = set(terms.heading_terms)
        for k, ts in enumerate(terms.terms):
            if k != u.paragraph:
                story |= ts
        return sum(1 for t in own if t in story) / len(own)

    def check(i: int, at_edge: bool) -> BoilerplateHit | None:
        u = units[i]
        outermost = i in (0, n - 1)
        nwords = len(u.text.split())
        for p in patterns:
            if (p.where == "anywhere" or at_edge) and nwords <= p.max_words and p.regex.search(u.raw):
                desc = f": {p.description}" if p.description else ""
                return BoilerplateHit(u.start, u.end, u.text, f"pack pattern \u201c{p.id}\u201d{desc}", p.id)
        if not at_edge or nwords > max_words or u.kind == "blockquote" or _BYLINE_RE.match(u.text):
            return None
        unrelated = share(u) < max_story_share
        cta = call_to_action(u.raw)
        if cta and unrelated:
            return BoilerplateHit(u.start, u.end, u.text, "a call to action addressed to the reader")
        if unrelated and _LINK_RE.search(u.raw) and not ends_like_a_sentence(u.text):
            return BoilerplateHit(u.start, u.end, u.text, "a link line with no sentence")
        if unrelated and reader_question(u.text) and nwords <= 20:
            return BoilerplateHit(u.start, u.end, u.text, "a question put to the reader")
        if unrelated and label_line(u.text) and not in_list(i):
            return BoilerplateHit(u.start, u.end, u.text, "a label pointing to another story")
        if unrelated and self_reference(u.text):
            return BoilerplateHit(u.start, u.end, u.text, "a line about the publication, not the news")
        if unrelated and headline_like(u.text) and u.kind != "heading" and not in_list(i):
            return BoilerplateHit(u.start, u.end, u.text, "a headline for another story")
        if (outermost and unrelated and nwords >= 2 and not ends_like_a_sentence(u.text)
                and u.kind == "paragraph" and not in_list(i)):
            return BoilerplateHit(u.start, u.end, u.text, "a line with no sentence at the edge of the story")
        return None

    def in_list(i: int) -> bool:
        """A title-case line next to short lines without full stops is an entry of a list
        (award winners, a cast), not a teaser: look at the neighbour on the story's side."""
        j = i + 1 if i == 0 else i - 1
        if not 0 <= j < n:
            return False
        other = units[j].text
        return not ends_like_a_sentence(other) and not headline_like(other)

    # The head: the first unit, and those after it while they are boilerplate too.
    i = 0
    while i < n - 1:
        hit = check(i, True)
        if hit is None:
            break
        hits[i] = hit
        i += 1
    head_end = i
    # The tail: the last unit, and those before it while they are boilerplate too.
    j = n - 1
    while j > head_end:
        hit = check(j, True)
        if hit is None:
            break
        hits[j] = hit
        j -= 1
    # The middle: only patterns that may match anywhere.
    for k in range(head_end, j + 1):
        if k not in hits:
            hit = check(k, False)
            if hit is not None:
                hits[k] = hit
    return [hits[k] for k in sorted(hits)]


class Boilerplate(Rule):
    """
    ## What it does
    Finds text that is not part of the story: syndication tails ("Other reports by …"), calls to
    action ("Click here to …", "Share this …", "Sign up for our newsletter …", "Follow us on …"),
    copyright lines, "Advertisement" markers, "Read more: …" pointers, "This article originally
    appeared on …" credits, teaser headlines for other stories and reader polls.

    It recognises boilerplate three ways:

    1. **Pattern pack.** Regular expressions in `packs/boilerplate.toml` (the format is in
       `docs/boilerplate-pack.md`); newsrooms add their own with the `packs` setting, which can
       also switch built-in patterns off. `newslint explain NL302` lists the packs in use.
    2. **Structure.** At the head or the tail of the article, a short paragraph that shares few
       words with the story *and* is an imperative call to action addressed to the reader, a link
       line with no sentence, a question put to the reader, or a title-case line with no full
       stop (a teaser headline). This catches phrasings no pack has seen.
    3. **Recurrence.** A paragraph that recurs word for word in several articles of the run or
       the archive (`min-articles`, five by default) is a template, not reporting.

    ## Why it matters
    Copy pasted from a website brings its furniture along. Published in print or in another
    outlet, a "Follow us on Twitter" tail or another site's credit line makes the story look
    scraped, and can publish a competitor's promotion.

    ## Example
    ```text
    The council approved the new budget after a three hour debate on Tuesday night.

    Other reports by the Evening Courier
    ```

    ## Instead
    Delete the line. If a recurring paragraph is deliberate (a standard correction notice or
    disclosure), suppress it with `<!-- newslint-disable-next-line NL302 -->`.
    """

    code = "NL302"
    name = "boilerplate"
    severity = Severity.WARNING
    summary = "Promotional, syndication or template text that is not part of the story."
    options = (
        Option("structure", bool, True, "also flag head and tail lines that look like boilerplate by their structure"),
        Option("max-words", int, 30, "the longest paragraph the structural checks consider", minimum=1),
        Option("min-articles", int, 5, "a paragraph recurring in this many articles of the run or archive is boilerplate "
               "(0 turns the check off)", minimum=0),
    )

    def _patterns(self) -> tuple[tuple[Pattern, ...], list[str]]:
        cached = getattr(self, "_loaded", None)
        if cached is None:
            packs = self.settings.packs if self.settings is not None else []
            cached = self._loaded = load_patterns(packs)
        return cached

    def hits(self, doc: Document) -> list[BoilerplateHit]:
        patterns, _ = self._patterns()
        max_words = self.config["max-words"] if self.config["structure"] else 0
        return find_boilerplate(doc, patterns, max_words=max_words)

    def check(self, doc: Document) -> Iterable[Finding]:
        for hit in self.hits(doc):
            yield self.finding(doc, hit.start, hit.end,
                               f"this looks like boilerplate, not part of the story ({hit.reason}): "
                               f"\u201c{preview(hit.text)}\u201d")

    def check_run(self, docs: Sequence[Document], context) -> Iterable[Finding]:
        _, errors = self._patterns()
        for message in errors:
            path = message.split(": ", 1)[0]
            context.report_error(path, message)
        min_articles = self.config["min-articles"]
        if not min_articles:
            return
        try:
            from ._passages import recurring_paragraphs
        except ImportError:  # pragma: no cover - the shared index ships with newslint
            return
        recurring = recurring_paragraphs(docs, context, min_articles)
        for doc in docs:
            spans = recurring.get(doc.path) or []
            if not spans:
                continue
            already = {(h.start, h.end) for h in self.hits(doc)}
            for start, end, count in spans:
                if (start, end) in already:
                    continue
                yield self.finding(doc, start, end,
                                   f"this paragraph recurs word for word in {count} articles, so it is "
                                   f"boilerplate, not part of the story: \u201c{preview(doc.prose_text(start, end))}\u201d")

    @classmethod
    def explain_settings(cls, settings) -> str:
        from ._boilerplate_pack import BUILTIN_PACK

        files = user_pack_files(settings.packs if settings is not None else [])
        patterns, errors = load_patterns(files)
        lines = ["## Packs in use", "", f"- built-in: `{BUILTIN_PACK.name}`"]
        lines += [f"- `{f}`" for f in files]
        lines += ["", f"{len(patterns)} patterns: " + ", ".join(p.id for p in patterns) + "."]
        lines += [f"\nError: {e}" for e in errors]
        return "\n".join(lines)


# --- orphans ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Orphan:
    paragraph: int
    start: int
    end: int
    text: str
    previous: float
    next: float
    article: float
    tie: str | None = None


def find_orphans(doc: Document, *, max_words: int = 35, max_sentences: int = 2, max_neighbour: float = 0.34,
                 max_article: float = 0.15, tie_neighbour: float = 0.1, tie_article: float = 0.05,
                 exclude: Iterable[tuple[int, int]] = ()) -> list[Orphan]:
    """Short paragraphs tied neither to their neighbours nor to the story.

    The weakest candidate is taken out first and its neighbours are then compared with each other,
    so that the paragraph after an orphan is judged against the story, not against the orphan.
    """
    skip = set(exclude)
    paragraphs = [b for b in doc.paragraphs if (b.start, b.end) not in skip]
    if len(paragraphs) < 3:
        return []
    terms = ArticleTerms(doc, paragraphs)
    candidates = set()
    for i, b in enumerate(paragraphs):
        if b.kind != "paragraph" or len(b.sentences) > max_sentences or len(b.words) > max_words:
            continue
        if len(terms.terms[i]) < 3:
            continue  # too little text to judge
        if not ends_like_a_sentence(terms.texts[i]):
            continue  # a list entry, a caption, a fragment: not a stray sentence
        if first_person(terms.texts[i]):
            continue  # a column's or a reader's own voice changes subject at will
        candidates.add(i)
    # An opener that points back ("He", "However", "The move") ties a paragraph in only if there
    # is something to point back to: such a paragraph is judged by stricter limits.
    ties = {i: tie_back(terms.texts[i]) for i in candidates}
    alive = list(range(len(paragraphs)))
    found: list[Orphan] = []
    while candidates:
        best = None
        for pos in range(1, len(alive) - 1):
            i = alive[pos]
            if i not in candidates:
                continue
            limit_n, limit_a = (max_neighbour, max_article) if ties[i] is None else (tie_neighbour, tie_article)
            prev = terms.link(i, alive[pos - 1])
            nxt = terms.link(i, alive[pos + 1])
            if prev > limit_n or nxt > limit_n:
                continue
            # one paragraph further on each side: a paragraph may pick up the thread of the one
            # before last (a quote, then its speaker's background, then the quote's consequence)
            reach = max((terms.link(i, alive[p]) for p in (pos - 2, pos + 2) if 0 <= p < len(alive)), default=0.0)
            if reach > limit_n:
                continue
            art = terms.article_share(i)
            if art > limit_a:
                continue
            score = prev + nxt + art
            if best is None or score < best[0]:
                best = (score, pos, prev, nxt, art)
        if best is None:
            break
        _, pos, prev, nxt, art = best
        i = alive.pop(pos)
        candidates.discard(i)
        b = paragraphs[i]
        found.append(Orphan(i, b.start, b.end, terms.texts[i], prev, nxt, art, ties[i]))
    # A "story" where many short paragraphs are unconnected is a list, a digest or readers'
    # comments: there is no thread for a paragraph to stray from.
    if len(found) > max(2, len(paragraphs) // 5):
        return []
    return sorted(found, key=lambda o: o.start)


class OrphanParagraph(Rule):
    """
    ## What it does
    Finds a short paragraph (two sentences or fewer, and 35 words or fewer by default) that has
    no cohesion with the paragraphs around it or with the story: it shares no content words
    (compared after stop words are dropped, with light stemming) or names with its neighbours,
    few with the rest of the article, and does not open with a word that ties it back — a
    pronoun ("He said …"), a connective ("But …", "Still, …"), a definite reference ("The move …")
    or a quote continuing a speaker.

    The message gives the paragraph's scores, each between 0 and 1: cohesion with the previous
    and the next paragraph (shared words, the story's ubiquitous names counting less) and the
    share of its words that appear anywhere else in the article. After an orphan is found, its
    neighbours are compared with each other, as if it were gone.

    The headline, headings, bylines, datelines, list items and block quotes are not candidates.
    An article in which many short paragraphs are unconnected (a list, a digest, readers'
    comments) gets no findings: there is no thread for a paragraph to stray from.

    ## Why it matters
    Stories assembled from several sources, or "spun" by software, carry stray sentences
    dropped between two paragraphs they have nothing to do with. Readers lose the thread, and
    the stray sentence is often from another story altogether.

    ## Example
    ```text
    The council approved the new budget after a three hour debate on Tuesday night.

    The singer's new album has been praised by critics.

    Opposition councillors said the budget would force cuts to library opening hours.
    ```

    ## Instead
    Delete the paragraph, move it next to the material it belongs with, or tie it in with the
    context a reader needs. One-sentence paragraphs are fine when they carry the story forward.
    """

    code = "NL301"
    name = "orphan-paragraph"
    severity = Severity.WARNING
    summary = "A short paragraph with no connection to its neighbours or the story."
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
        self._boilerplate = Boilerplate({"min-articles": 0}, settings)

    def check(self, doc: Document) -> Iterable[Finding]:
        # Boilerplate is not part of the story: it is neither a candidate nor a neighbour.
        exclude = [(h.start, h.end) for h in self._boilerplate.hits(doc)]
        for o in find_orphans(doc, max_words=self.config["max-words"], max_sentences=self.config["max-sentences"],
                              max_neighbour=self.config["max-neighbour-cohesion"],
                              max_article=self.config["max-article-cohesion"], exclude=exclude):
            yield self.finding(
                doc, o.start, o.end,
                f"this paragraph is not tied to its neighbours or the story (cohesion with previous "
                f"{o.previous:.2f}, next {o.next:.2f}, article {o.article:.2f}): \u201c{preview(o.text)}\u201d",
            )


RULES = [OrphanParagraph, Boilerplate]
