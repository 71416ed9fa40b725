"""Lexical cohesion between the paragraphs of one article.

A paragraph belongs to a story when it shares words or names with its neighbours, continues a
speaker's quote, or opens with a word that points back (a pronoun, a connective, "The move").
This module turns paragraphs into sets of *terms* (content words, case folded, lightly stemmed,
stop words removed) and scores how much of a paragraph the rest of the article explains.

Everything here is a pure function of the document; nothing is read from disk.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import chain, islice
from typing import Sequence

from newslint import Document

# Function words plus the verbs and nouns every news story uses ("said", "year", "people"):
# sharing them says nothing about two paragraphs being on the same subject.
STOP_WORDS = frozenset(
    """
    a about above according across after afterwards again against ago all almost alone along already
    also although always am among amongst an and another any anyone anything anyway anywhere are
    around as at away back be became because become becomes becoming been before beforehand behind
    being below beside besides between beyond both but by can cannot could did do does doing done
    down during each either else elsewhere enough etc even ever every everyone everything
    everywhere except few for former formerly from further had has have having he hence her here
    hereby herein hers herself him himself his how however i if in indeed into is it its itself
    just last latter least less many may me meanwhile might mine more moreover most mostly much must
    my myself namely neither never nevertheless next no nobody none noone nor not nothing now nowhere
    of off often on once one only onto or other others otherwise our ours ourselves out over own
    per perhaps quite rather really same seem seemed seeming seems several she should since so some
    somehow someone something sometime sometimes somewhere still such than that the their theirs them
    themselves then thence there thereafter thereby therefore therein thereupon these they this those
    though through throughout thru thus to together too toward towards under until up upon us very
    via was we well were what whatever when whence whenever where whereafter whereas whereby wherein
    whereupon wherever whether which while whither who whoever whole whom whose why will with within
    without would yet you your yours yourself yourselves
    say says said saying tell tells told ask asked add added adds make makes made making take takes
    took taken get gets got go goes went gone going come comes came see seen saw know known knew
    think thought want wanted use used give gave given put set keep kept let lets look looked like
    new old first second third last next year years month months week weeks day days today
    yesterday tomorrow time times way ways people thing things lot lots part number
    mr mrs ms dr sir per cent percent including include includes included
    monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december
    two three four five six seven eight nine ten hundred thousand million billion bn m
    """.split()
)

#: words that, opening a paragraph, point back to something said before it
TIE_BACK_OPENERS = frozenset(
    """
    he she it they we his her its their our him them this that these those such there
    but and or so yet still however meanwhile moreover furthermore instead indeed nevertheless
    nonetheless although though also then thus hence therefore besides likewise similarly otherwise
    finally earlier later separately elsewhere again even nor both neither either plus here
    here's heres
    """.split()
)
#: two-word openers that point back ("In addition", "As a result" starts with "as")
TIE_BACK_PHRASES = (
    "in addition", "as a result", "at the same time", "on the other hand", "for example",
    "for instance", "in fact", "by contrast", "in contrast", "even so", "in response", "in turn",
    "on top of", "as well", "not only", "the same", "that is", "in the meantime", "after that",
    "before that", "since then", "until then", "at that", "by then", "the latter", "the former",
    "the other", "the rest", "the remaining", "the new", "the previous", "the latest", "the second",
    "the first", "the last", "the two", "the three", "the pair", "the couple", "the trio",
    "one of them", "some of them", "many of them", "most of them", "all of them", "none of them",
)
#: "The move …": a definite general noun that refers back to something the story already named
ANAPHORIC_NOUNS = frozenset(
    """
    move decision deal company firm group report plan case announcement statement figures figure
    news change changes ruling incident claim claims proposal offer bid agreement star singer actor
    actress band film movie show series album book play official officials spokesman spokeswoman
    spokesperson president minister government bank court judge jury police investigation inquiry
    probe trial hearing lawsuit suit agency department ministry council committee board party
    campaign candidate team club side man woman boy girl couple family victim victims suspect pair
    source sources analyst analysts expert experts study survey research data results result
    figures rise fall increase decrease drop cut cuts loss losses profit profits sale sales
    shares stock price prices market markets economy country city town state region area project
    scheme programme program policy law bill measure measures rules rule system event award awards
    prize ceremony festival concert tour song record track episode channel network station
    broadcaster paper newspaper magazine website site letter email video footage photo picture
    interview speech remarks comments comment response reaction attack attacks strike protest
    protests talks meeting summit vote election poll polls contract merger takeover acquisition
    accident crash fire storm director chief boss head chairman executive founder owner manager
    organisers organizers producers makers authorities regulator regulators watchdog union unions
    workers staff employees members fans audience viewers readers critics lawyer lawyers
    prosecutors prosecutor defence defense administration white house
    latter former others rest remainder
    """.split()
)

#: how much a shared common (lower-case) word counts against a shared name
COMMON_WORD_WEIGHT = 0.5
#: a term in more than this share of the paragraphs is a topic word of the story ...
TOPIC_SHARE = 0.5
#: ... and counts this much of its weight
TOPIC_WEIGHT = 0.5

_WORD_RE = re.compile(r"[^\W\d_][\w'\u2019\-.]*[^\W_]|[^\W\d_]")
_POSSESSIVE_RE = re.compile(r"['\u2019]s?$")
_QUOTE_OPEN = "\"\u201c\u201e'\u2018\u00ab"
# The patterns below that most paragraphs never reach are strings: ``re`` compiles each one the
# first time it is used, and keeps it (compiling them at import was part of every run's start).

#: attribution verbs that continue a speaker ("…," he added)
_ATTRIBUTION = (
    r"\b(?:he|she|they|it|we|i)\s+(?:said|says|added|adds|told|continued|explained|insisted|argued|"
    r"warned|noted|claimed|admitted|stressed|wrote|writes|went on)\b|"
    r"\b(?:said|says|added|adds|continued|explained|insisted|argued|warned|noted|claimed|admitted|"
    r"stressed|wrote)\s+(?:he|she|they|it|we|i)\b"
)


_FIRST_PERSON = r"\b(?:I|I'm|I've|I'd|I'll|I\u2019m|I\u2019ve|I\u2019d|I\u2019ll|[Mm]y|[Mm]e|[Mm]yself)\b"
_QUOTED = r"\"[^\"]*\"|\u201c[^\u201d]*\u201d"


def first_person(text: str) -> bool:
    """The writer's own voice ("I", "my") outside quotation marks."""
    return bool(re.search(_FIRST_PERSON, re.sub(_QUOTED, " ", text)))


#: the standard reaction paragraph: someone in the story declined to say anything
_REACTION = (
    r"\b(?:declined|refused|was unavailable|were unavailable|was not available|were not available) (?:to|for) comment|"
    r"\bcould not be reached\b|\bdid not (?:respond|reply) to\b|\bhas not responded\b|\bno comment\b"
)


def stem(word: str) -> str:
    """A light, predictable stem: plurals, -ing, -ed and -ly off; long stems cut to seven letters.

    Cutting at seven letters lets ``reported``/``reporter``/``reports`` and ``resign``/``resigned``
    meet without a dictionary; it rarely merges two unrelated news words.
    """
    w = word
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 5 and w.endswith("ly"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w[:7]


@lru_cache(maxsize=1 << 16)
def _term(word: str) -> str | None:
    """The term of one word as written, or ``None`` for a stop word (a vocabulary: cached)."""
    word = _POSSESSIVE_RE.sub("", word.lower().replace("\u2019", "'")).strip(".-'")
    if len(word) < 3 or word in STOP_WORDS:
        return None
    return stem(word)


def terms_of(text: str) -> list[str]:
    """The content terms of ``text`` in order: folded, possessives off, stemmed, stop words out."""
    return [t for t in map(_term, _WORD_RE.findall(text)) if t is not None]


def term_set(text: str) -> set[str]:
    """``set(terms_of(text))`` in one pass."""
    out = set(map(_term, _WORD_RE.findall(text)))
    out.discard(None)
    return out


_CAPITALISED = r"(?<![\w'\u2019-])[A-Z\u00c0-\u00de][\w'\u2019.-]*"  # compiled on first use, as above
_SENTENCE_OPENERS = " \t\r\n\"'\u201c\u2018(["


def name_terms(text: str) -> set[str]:
    """Terms written with a capital where a sentence does not start: names, not common words."""
    out = set()
    for m in re.finditer(_CAPITALISED, text):
        j = m.start() - 1
        while j >= 0 and text[j] in _SENTENCE_OPENERS:
            j -= 1
        if j < 0 or text[j] in ".!?:":
            continue
        term = _term(m.group(0))
        if term is not None:
            out.add(term)
    return out


def opening_words(text: str, n: int = 3) -> list[str]:
    return [m.group(0).lower().replace("\u2019", "'") for m in islice(_WORD_RE.finditer(text), n)]


def tie_back(text: str) -> str | None:
    """Why ``text`` points back to what came before it, or ``None`` when nothing does."""
    stripped = text.lstrip()
    if stripped[:1] in _QUOTE_OPEN:
        return "opens with a quote"
    if stripped[:1] in "-\u2013\u2014\u2022*":
        return "is a list item"
    words = opening_words(text, 4)
    if not words:
        return None
    first = _POSSESSIVE_RE.sub("", words[0])
    if first in TIE_BACK_OPENERS:
        return f"opens with \u201c{words[0]}\u201d"
    head = " ".join(words)
    for phrase in TIE_BACK_PHRASES:
        if head.startswith(phrase + " ") or head == phrase:
            return f"opens with \u201c{phrase}\u201d"
    if first in ("the", "this", "that", "these", "those", "such") and len(words) > 1:
        noun = _POSSESSIVE_RE.sub("", words[1])
        if noun in ANAPHORIC_NOUNS or (len(words) > 2 and _POSSESSIVE_RE.sub("", words[2]) in ANAPHORIC_NOUNS):
            return f"opens with \u201c{words[0]} {words[1]}\u201d"
    if re.search(_ATTRIBUTION, text, re.IGNORECASE):
        return "continues a speaker"
    if re.search(_REACTION, text, re.IGNORECASE):
        return "reports a reaction"
    return None


def article_terms(doc: Document) -> "ArticleTerms":
    """The terms of ``doc``'s body paragraphs, computed once per document for the rules that use them."""
    return doc.cache.get("newslint.cohesion.terms", lambda: ArticleTerms(doc))


class ArticleTerms:
    """The terms of every paragraph of an article, with their document frequencies.

    Each paragraph's text is read once (one regular-expression pass, cached word-to-term lookups).
    The names of the article (``names``) take another pass over the text and are only found when
    a weight is first asked for.
    """

    def __init__(self, doc: Document, paragraphs: Sequence | None = None) -> None:
        self.doc = doc
        self.paragraphs = list(doc.paragraphs if paragraphs is None else paragraphs)
        prose = doc.prose
        # doc.prose_text(start, end), without a method call per paragraph
        self.texts = [" ".join(prose[b.start:b.end].split()) for b in self.paragraphs]
        self.terms = [term_set(t) for t in self.texts]
        heading_text = " ".join(doc.prose_text(b.start, b.end) for b in doc.headings)
        if doc.headline and doc.headline not in heading_text:
            heading_text = doc.headline + " " + heading_text
        self.heading_terms = term_set(heading_text)
        self._names: set[str] | None = None
        _add_acronym_expansions(self.texts, self.terms)
        self.df: dict[str, int] = Counter(chain.from_iterable(self.terms))
        self._weights: dict[str, float] = {}

    @property
    def names(self) -> set[str]:
        """Terms written with a capital where no sentence starts, in any paragraph."""
        if self._names is None:
            # Paragraphs joined by a line holding a full stop: a word at the start of a paragraph
            # is at the start of a sentence, and no word runs on into the next paragraph.
            self._names = name_terms("\n.\n".join(self.texts))
        return self._names

    def weight(self, term: str) -> float:
        """How much sharing ``term`` says: 1 for a name, half that for a common word (two
        paragraphs sharing "follow" need not be about the same thing), and half again for the
        story's topic words, found in more than half of its paragraphs (a name in every paragraph
        ties nothing in particular)."""
        w = self._weights.get(term)
        if w is None:
            w = (1.0 if term in self.names else COMMON_WORD_WEIGHT) * self._topic_factor(term)
            self._weights[term] = w
        return w

    def _topic_factor(self, term: str) -> float:
        n = len(self.paragraphs)
        df = self.df.get(term, 0)
        if n >= 4 and df >= 3 and df > TOPIC_SHARE * n:
            return TOPIC_WEIGHT
        return 1.0

    def is_topic(self, term: str) -> bool:
        """A word of the headline, or one found in more than half of the paragraphs: the story's
        main subject."""
        return term in self.heading_terms or self._topic_factor(term) != 1.0

    def shares_topic(self, i: int) -> bool:
        """Paragraph ``i`` names the story's main subject (a headline word, or a name in more than
        half of the paragraphs)."""
        return any(self.is_topic(t) and (t in self.names or t in self.heading_terms) for t in self.terms[i])

    def weight_floor(self, term: str) -> float:
        """A lower bound of ``weight(term)`` that does not need the article's names."""
        return COMMON_WORD_WEIGHT * self._topic_factor(term)

    def link(self, i: int, j: int) -> float:
        """Cohesion of paragraph ``i`` with paragraph ``j``: weighted shared terms, saturating at 1."""
        shared = self.terms[i] & self.terms[j]
        if not shared:
            return 0.0
        return min(1.0, sum(self.weight(t) for t in shared) / 2.0)

    def link_above(self, i: int, j: int, limit: float) -> bool:
        """Whether ``link(i, j) > limit``, found without the names when the shared words alone
        are enough (every shared term weighs at least ``weight_floor``)."""
        shared = self.terms[i] & self.terms[j]
        if not shared:
            return 0.0 > limit
        if min(1.0, sum(self.weight_floor(t) for t in shared) / 2.0) > limit:
            return True
        return min(1.0, sum(self.weight(t) for t in shared) / 2.0) > limit

    def article_share(self, i: int) -> float:
        """The share of paragraph ``i``'s terms that appear anywhere else in the article."""
        own = self.terms[i]
        if not own:
            return 1.0
        return sum(self.weight(t) for t in own if self.found_elsewhere(t, i)) / len(own)

    def article_share_floor(self, i: int) -> float:
        """A lower bound of ``article_share(i)`` that does not need the article's names."""
        own = self.terms[i]
        if not own:
            return 1.0
        return sum(self.weight_floor(t) for t in own if self.found_elsewhere(t, i)) / len(own)

    def found_elsewhere(self, term: str, i: int | None) -> bool:
        """Whether ``term`` occurs in the headline or in a paragraph other than ``i``."""
        return term in self.heading_terms or self.df.get(term, 0) > (1 if i is not None and term in self.terms[i] else 0)


_ACRONYM = r"\b[A-Z]{2,6}s?\b"
_SMALL = frozenset("of and the for on in to de du la".split())
#: the most acronyms of one article whose expansions are looked for
MAX_ACRONYMS = 32


def _add_acronym_expansions(texts: list[str], terms: list[set[str]]) -> None:
    """An acronym and its expansion are one name: "the NUT" and "the National Union of Teachers"
    share the terms of both, so that "the union" is tied to "NUT" where the story spells it out."""
    found = [{m.group(0).rstrip("s") for m in re.finditer(_ACRONYM, t)} for t in texts]
    acronyms = set().union(*found) if found else set()
    if not acronyms:
        return
    # the initials of a phrase grow one letter at a time: once they begin no acronym, no longer
    # phrase from the same word can spell one, and the phrase is not read on
    beginnings = {a[:n] for a in acronyms for n in range(1, len(a) + 1)}
    expansions: dict[str, set[str]] = {}
    for t in texts:
        words = t.split()
        for k, w in enumerate(words):
            if w[:1] not in beginnings:
                continue  # (the first initial is the word's first letter, a capital)
            # the capitalised words (and small connectors) from here, and their initials
            initials, phrase = "", []
            for w2 in words[k:k + 10]:
                core = w2.strip(",.;:!?()\"'\u201c\u201d\u2018\u2019")
                if core[:1].isupper() and core.isalpha():
                    initials += core[0]
                    if initials not in beginnings:
                        break
                    phrase.append(core)
                elif core.lower() in _SMALL and phrase:
                    phrase.append(core)
                else:
                    break
                if len(phrase) >= 2 and initials in acronyms:
                    expansions.setdefault(initials, set()).update(term_set(" ".join(phrase)))
    if not expansions:
        return
    # bounded: each expansion is looked for in every paragraph
    expansions = dict(list(expansions.items())[:MAX_ACRONYMS])
    acronym_terms = {a: _term(a) for a in expansions}
    for k, own in enumerate(found):
        for acronym in own & expansions.keys():
            terms[k] |= expansions[acronym]
        for acronym, expansion in expansions.items():
            term = acronym_terms[acronym]
            if term is not None and len(expansion & terms[k]) >= 2:
                terms[k].add(term)


# --- continuation signals, for a paragraph that shares (almost) no words with its neighbours -------

def definite_reference(terms: "ArticleTerms", i: int, j: int) -> str | None:
    """Paragraph ``i`` opens with "The X" (or "The X Y") and X or Y is a word of paragraph ``j``:
    it is about something the story has just named ("The park has a pond …")."""
    words = opening_words(terms.texts[i], 3)
    if len(words) < 2 or words[0] != "the":
        return None
    for w in words[1:]:
        t = _term(w)
        if t is not None and t in terms.terms[j]:
            return f"opens with \u201cthe {w}\u201d"
    return None
