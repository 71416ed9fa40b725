"""Recognising boilerplate: pack patterns, and structure for phrasings no pack has seen.

A line is judged where it stands. At the head or the tail of an article, a short paragraph that
shares few words with the story is boilerplate when it is a call to action addressed to the reader,
a link line, a question put to the reader, a "Label: pointer" line, a line about the publication
itself, a teaser headline, or (at the very edge) a line with no sentence at all. In the middle of
the story only pack patterns marked ``where = "anywhere"`` apply.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from newslint import Document
from newslint.document import BODY_KINDS
from newslint.patterns import compiled_on_first_use

from .boilerplate_pack import Pattern
from .cohesion import article_terms, opening_words, terms_of

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
#: (a string, compiled by ``re`` the first time a line gets this far, which few do)
_READER = r"\b(?:you|your|you're|yours|us|our)\b"
_LINK_RE = re.compile(
    r"https?://|\bwww\.|\b[\w-]+\.(?:com|org|net|co\.uk|co|io|news|info|tv|fm)\b|(?<!\w)@\w{2,}|"
    r"\b[\w.+-]+@[\w-]+\.[\w.-]+|\s\|\s|>>|\u00bb|\u2192|\[[^\]]+\]\([^)]+\)",
    re.IGNORECASE,
)
_FINAL_RE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_BYLINE_RE = re.compile(r"^(?:by|written by|reporting by|words by)\s+\S+(?:\s+\S+){0,4}$", re.IGNORECASE)
#: "Ellen Ward, Westport", "Photograph: Ann Lee": a name or credit line ends a piece without being
#: boilerplate (a string, like ``_READER``)
_SIGNATURE = r"^(?:[A-Z][\w'\u2019.-]*[,:]?\s+){0,5}[A-Z][\w'\u2019.-]*$"
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
    return (bool(re.search(_READER, text, re.IGNORECASE)) or bool(lowered & MEDIA_WORDS) or bool(_LINK_RE.search(text))
            or not ends_like_a_sentence(text))


#: "Next story: …", "Editor's picks: …": a short label, a colon and a pointer to something else
_LABEL_LINE_RE = compiled_on_first_use(r"^[^\W\d_][\w'\u2019-]*(?:\s+[\w'\u2019-]+){0,2}\s*:\s+\S")


def label_line(text: str) -> bool:
    return bool(_LABEL_LINE_RE().match(text)) and not ends_like_a_sentence(text)


#: "Volunteer of the Year: Doris Platt": a label of a few words, one colon, a value, no full stop
_LIST_ENTRY_RE = re.compile(r"^[^:]{1,60}:\s+[^:]{1,80}$")


def _list_entry(text: str) -> bool:
    return bool(_LIST_ENTRY_RE.match(text)) and not ends_like_a_sentence(text)


_SELF_REFERENCE_RE = compiled_on_first_use(
    r"\b(?:this|our|the) (?:article|story|page|post|piece|site|website|newsletter|feed|podcast|app|"
    r"channel|stories|articles|author|author's|writer|writer's|publication|journalism|newsroom|editors)\b",
    re.IGNORECASE,
)


def self_reference(text: str) -> bool:
    """Text about the publication itself ("this article", "our website") rather than the news."""
    return bool(_SELF_REFERENCE_RE().search(text))


def reader_question(text: str) -> bool:
    """A question put to the reader ("What do you think?") rather than reported."""
    return "?" in text and bool(re.search(r"\byou(?:r)?\b", text, re.IGNORECASE)) and '"' not in text \
        and "\u201c" not in text


#: the reason given for a reporting, editing or source credit
CREDIT_LINE = "a credit line"
_CREDIT = (
    r"^\(?(?:additional |with |further )?(?:reporting|writing|written|editing|edited|compiled|photos?|photography|"
    r"pictures?|video|graphics?|research|interviews?|translation|translated|contributions?|production|"
    r"produced)(?: and \w+)? by\b|^\(?(?:source|sources|via|credit|courtesy)\s*[:(]|"
    r"^\(?(?:photograph|photo|picture|image|illustration|graphic|video)s?\s*:|"
    r"\b(?:contributed|contributed reporting|contributed to this (?:report|story|article))\b"
)


def credit_line(text: str) -> bool:
    """A reporting, editing or source credit ("Reporting by Ann Lee; Editing by Tom Ray")."""
    return bool(re.search(_CREDIT, text, re.IGNORECASE))


def template_lines(doc: Document, max_words: int) -> set[tuple[int, int]]:
    """The body paragraphs that may recur as a template: short ones (``max_words`` words or
    fewer) that are no sentence, or that stand at the head or the tail of the story (the first
    or last two paragraphs)."""
    paragraphs = doc.paragraphs
    n = len(paragraphs)
    out = set()
    for k, b in enumerate(paragraphs):
        if sum(len(s.words) for s in b.sentences) > max_words:
            continue
        if k < 2 or k >= n - 2 or not ends_like_a_sentence(doc.prose_text(b.start, b.end)):
            out.add((b.start, b.end))
    return out


# a named tuple, not a dataclass: several times cheaper to define, and every run imports this module
class BoilerplateHit(NamedTuple):
    """A paragraph found to be boilerplate, and why."""

    start: int
    end: int
    text: str
    #: why, in plain words ("a call to click a link")
    reason: str
    #: the id of the pack pattern that matched, if one did
    pattern: str | None = None


class _Unit(NamedTuple):
    start: int
    end: int
    text: str  # prose, white space folded
    kind: str
    paragraph: int | None  # index in doc.paragraphs


def _units(doc: Document) -> list[_Unit]:
    """Paragraphs, metadata lines and headings below the headline, in reading order."""
    blocks = doc.blocks
    prose = doc.prose
    text = doc.text
    units = []
    p = 0  # index in doc.paragraphs: the blocks of a body kind, in order
    for b in blocks:
        kind = b.kind
        body = kind in BODY_KINDS
        if body or not (kind == "headline" or kind == "table" or (kind == "heading" and b is blocks[0])):
            units.append(_Unit(b.start, b.end, " ".join(prose[b.start:b.end].split()), kind, p if body else None))
        if body:
            p += 1
    if doc.metadata_spans:
        for m in doc.metadata_spans:
            units.append(_Unit(m.start, m.end, " ".join(text[m.start:m.end].split()), "metadata", None))
        units.sort(key=lambda u: u.start)
    return units


def _raw(doc: Document, u: _Unit) -> str:
    """The unit's source text, white space folded (keeps URLs and link targets)."""
    return u.text if u.kind == "metadata" else " ".join(doc.text[u.start:u.end].split())


class _PatternPlan(NamedTuple):
    """The patterns in the order they are tried, at the edges and in the middle, and the longest
    paragraph (in words) any of them may match there."""

    patterns: tuple
    edge: tuple
    middle: tuple
    edge_words: int
    middle_words: int


_PLANS: dict[int, _PatternPlan] = {}


def _plan(patterns: Sequence[Pattern]) -> _PatternPlan:
    plan = _PLANS.get(id(patterns))
    if plan is None or plan.patterns is not patterns:
        edge = tuple(patterns)
        middle = tuple(p for p in patterns if p.where == "anywhere")
        plan = _PatternPlan(patterns, edge, middle, max((p.max_words for p in edge), default=0),
                            max((p.max_words for p in middle), default=0))
        if len(_PLANS) > 16:
            _PLANS.clear()
        _PLANS[id(patterns)] = plan
    return plan


def find_boilerplate(doc: Document, patterns: Sequence[Pattern], max_words: int = 30,
                     max_story_share: float = 0.34) -> list[BoilerplateHit]:
    """Paragraphs of ``doc`` that are not part of the story, by pack pattern or by structure
    (structure only for paragraphs of ``max_words`` words or fewer; 0 turns it off)."""
    key = ("newslint.boilerplate", tuple(patterns), max_words, max_story_share)
    return list(doc.cache.get(key, lambda: tuple(_find_boilerplate(doc, patterns, max_words, max_story_share))))


class BoilerplateMatcher:
    """Boilerplate as NL302 with ``options`` (its ``structure``, ``max-words`` and ``packs``) finds it.

    NL302 sets one up from its own options; NL301 from NL302's configured options
    (``settings.options_for("NL302")``), so that a line NL302 calls boilerplate is never an orphan.
    The packs are read the first time they are needed, once per process.
    """

    def __init__(self, options: dict, settings) -> None:
        self.options = dict(options)
        self.settings = settings
        self._packs = None

    @property
    def packs(self):
        """The packs in use (``boilerplate_pack.LoadedPacks``): patterns, problems, files."""
        if self._packs is None:
            self._packs = configured_patterns(self.options, self.settings)
        return self._packs

    def hits(self, doc: Document) -> list[BoilerplateHit]:
        max_words = self.options["max-words"] if self.options["structure"] else 0
        return find_boilerplate(doc, self.packs.patterns, max_words=max_words)


def configured_patterns(options: dict, settings):
    """The boilerplate packs in use with NL302's ``options``: the built-in pack, the global
    ``packs`` list, then the rule's own ``packs`` (``boilerplate_pack.LoadedPacks``)."""
    from .boilerplate_pack import load_packs, pack_files

    rule_packs = options.get("packs") or []
    if not isinstance(rule_packs, (list, tuple)) or not all(isinstance(p, str) for p in rule_packs):
        rule_packs = []  # validated by the option's type; a non-string item is ignored
    return load_packs(pack_files(rule_packs, getattr(settings, "packs", None) or [], getattr(settings, "root", None)))


def _find_boilerplate(doc: Document, patterns: Sequence[Pattern], max_words: int,
                      max_story_share: float) -> list[BoilerplateHit]:
    units = _units(doc)
    if not units:
        return []
    plan = _plan(patterns)
    n = len(units)
    hits: dict[int, BoilerplateHit] = {}
    raws: dict[int, str] = {}

    def raw(i: int) -> str:
        r = raws.get(i)
        if r is None:
            r = raws[i] = _raw(doc, units[i])
        return r

    def share(u: _Unit) -> float:
        """The share of the unit's terms found elsewhere in the article (headline included)."""
        terms = article_terms(doc)
        own = terms.terms[u.paragraph] if u.paragraph is not None else set(terms_of(u.text))
        if not own:
            return 1.0
        return sum(1 for t in own if terms.found_elsewhere(t, u.paragraph)) / len(own)

    def check(i: int, at_edge: bool) -> BoilerplateHit | None:
        u = units[i]
        text = u.text
        nwords = text.count(" ") + 1 if text else 0  # len(text.split()): white space is folded
        if nwords <= (plan.edge_words if at_edge else plan.middle_words):
            r = raw(i)
            other = r if r != text else None
            for p in (plan.edge if at_edge else plan.middle):
                if nwords <= p.max_words and (p.regex.search(text) or (other is not None and p.regex.search(other))):
                    return BoilerplateHit(u.start, u.end, text, p.description or "a pattern of the boilerplate pack", p.id)
        if not at_edge or nwords > max_words or u.kind == "blockquote" or _BYLINE_RE.match(text):
            return None
        # The structural tests are cheap; whether the line shares words with the story is only
        # worked out (for the whole article) once one of them holds.
        related: list[bool] = []

        def unrelated() -> bool:
            if not related:
                related.append(share(u) < max_story_share)
            return related[0]

        if call_to_action(raw(i)) and unrelated():
            return BoilerplateHit(u.start, u.end, text, "a call to action addressed to the reader")
        if u.kind == "metadata":
            return None  # a byline or dateline: only patterns and calls to action apply
        if credit_line(text):
            return BoilerplateHit(u.start, u.end, text, CREDIT_LINE)
        if text.endswith(":"):
            return None  # the writer's lead-in to what follows ("According to the council's blog:")
        if _LINK_RE.search(raw(i)) and not ends_like_a_sentence(text):
            # a bare link at the edge is a pointer elsewhere, whatever words it shares
            return BoilerplateHit(u.start, u.end, text, "a link line with no sentence")
        if nwords <= 20 and reader_question(text) and unrelated():
            return BoilerplateHit(u.start, u.end, text, "a question put to the reader")
        if label_line(text) and not in_list(i) and unrelated():
            return BoilerplateHit(u.start, u.end, text, "a label pointing to another story")
        if self_reference(text) and unrelated():
            return BoilerplateHit(u.start, u.end, text, "a line about the publication, not the news")
        if u.kind != "heading" and headline_like(text) and not in_list(i) and unrelated():
            return BoilerplateHit(u.start, u.end, text, "a headline for another story")
        if (i in (0, n - 1) and nwords >= 2 and u.kind == "paragraph" and not ends_like_a_sentence(text)
                and not re.match(_SIGNATURE, text) and not in_list(i) and unrelated()):
            return BoilerplateHit(u.start, u.end, text, "a line with no sentence at the edge of the story")
        return None

    def in_list(i: int) -> bool:
        """A title-case line next to short lines without full stops is an entry of a list
        (award winners, a cast), not a teaser: look at the neighbour on the story's side. Two
        "Label: value" lines side by side ("Volunteer of the Year: Doris Platt") are a list too,
        however much each looks like a headline."""
        j = i + 1 if i == 0 else i - 1
        if not 0 <= j < n:
            return False
        other = units[j].text
        if _list_entry(other) and _list_entry(units[i].text):
            return True
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
    if plan.middle:
        for k in range(head_end, j + 1):
            if k not in hits:
                hit = check(k, False)
                if hit is not None:
                    hits[k] = hit
    return [hits[k] for k in sorted(hits)]
