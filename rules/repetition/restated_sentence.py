"""NL102 restated-sentence: a sentence that says again, in other words, what an earlier one said."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import chain
from typing import Iterable, Iterator, NamedTuple

from newslint import Document, Finding, Option, Rule, Severity
from newslint.patterns import compiled_on_first_use

from ..analysis.quotations import quotations
from ..analysis.repeats import list_like_lines, repeated_passages
from ..analysis.words import STOP_WORDS, fold, paragraph_words, preview

_SUFFIXES = (("ingly", ""), ("edly", ""), ("ings", ""), ("ing", ""), ("ies", "y"), ("ied", "y"),
             ("ed", ""), ("es", ""), ("s", ""), ("ly", ""))
_SUFFIX_ENDS = frozenset(suffix[-1] for suffix, _ in _SUFFIXES)


def stem(word: str) -> str:
    """A crude suffix stripper: enough to match "rises", "rising" and "rise"."""
    for suffix, replacement in (_SUFFIXES if word[-1:] in _SUFFIX_ENDS else ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: len(word) - len(suffix)] + replacement
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


class SentenceFacts:
    """What a sentence is about (its content-word stems, the common words among them, names,
    numbers) and how it is said (quoted or not, a question, negated, a caption, a labelled line)."""

    __slots__ = ("start", "end", "paragraph", "order", "alone", "in_list", "content", "_common", "_names",
                 "_numbers", "_text", "_quoted_mask", "_span", "_facts_", "_originals", "_stems", "_words", "_clauses",
                 "_doc", "_shape", "_quotes", "_long")

    def __init__(self, doc: Document, sentence, paragraph: int = 0, originals: list[str] | None = None, *,
                 order: int | None = None, alone: bool = False, in_list: bool = False) -> None:
        self.start, self.end, self.paragraph = sentence.start, sentence.end, paragraph
        #: the sentence's place among all the article's sentences; alone: the only one of its paragraph
        self.order = paragraph * 1000 if order is None else order
        self.alone, self.in_list = alone, in_list
        text = doc.text
        if originals is None:
            originals = [text[start:end] for start, end in sentence.words]
        stems = list(map(_STEMS.get, originals))
        if None in stems:  # words not seen before
            stems = [s if s is not None else (_word_facts(o)[0] or "") for s, o in zip(stems, originals)]
        content = set(stems)
        content.discard("")
        self.content = content
        self._originals = originals
        self._stems = stems
        self._facts_: list | None = None
        # the rest is needed only for the few pairs that share enough content words
        self._common = self._numbers = self._names = None
        self._text: str | None = None
        self._quoted_mask: list[bool] | None = None
        self._shape: _Shape | None = None
        self._quotes: bool | None = None
        self._long: tuple | None = None
        self._span = (text, sentence.start, sentence.end)
        self._words = sentence.words
        self._doc = doc
        self._clauses: dict[tuple[int, bool], list[frozenset[str]]] = {}

    @property
    def _facts(self) -> list[tuple]:
        if self._facts_ is None:
            get = _WORD_FACTS.get
            self._facts_ = [get(o) or _word_facts(o) for o in self._originals]
        return self._facts_

    @property
    def common(self) -> set[str]:
        """Content stems of words that are not names: a capital inside a sentence marks a name."""
        if self._common is None:
            facts = self._facts
            common = {f[3] for f in facts}
            if facts and facts[0][4] is not None:
                common.add(facts[0][4])
            common.discard(None)
            self._common = common
        return self._common

    @property
    def numbers(self) -> set[str]:
        if self._numbers is None:
            self._numbers = {f[1] for f in self._facts}
            self._numbers.discard(None)
        return self._numbers

    @property
    def names(self) -> set[str]:
        """Stems of the capitalised words after the first, and of the first when the next one is
        capitalised too ("Roger Hale, former ..."), with the numbers; a label ("FACT:") is not a name."""
        if self._names is None:
            facts, originals = self._facts, self._originals
            names = {f[2] for f in facts[1:]}
            if len(originals) > 1 and facts[0][2] is not None and facts[1][2] is not None \
                    and not self.shape.label:
                names.add(facts[0][2])
            names.discard(None)
            if self.shape.label:
                label = self.shape.label.split()
                names.difference_update(label + [stem(w) for w in label])
            self._names = names | self.numbers
        return self._names

    @property
    def name_runs(self) -> list[tuple[str, ...]]:
        """The names of the sentence as runs of consecutive name stems ("iron", "maiden")."""
        names = self.names
        runs: list[tuple[str, ...]] = []
        current: list[str] = []
        for f in self._facts:
            name = f[2]
            if name is not None and name in names and f[1] is None:
                current.append(name)
            elif current:
                runs.append(tuple(current))
                current = []
        if current:
            runs.append(tuple(current))
        return runs

    @property
    def text(self) -> str:
        """The content stems in order, for rapidfuzz's token-sort similarity."""
        if self._text is None:
            self._text = " ".join(sorted(self.content))
        return self._text

    @property
    def quoted_mask(self) -> list[bool]:
        """For each word: whether it stands inside a quotation (``analysis.quotations``)."""
        if self._quoted_mask is None:
            q = quotations(self._doc)
            if q.any_between(self.start, self.end):
                self._quoted_mask = [q.is_quoted(s) for s, _ in self._words]
            else:
                self._quoted_mask = [False] * len(self._words)
        return self._quoted_mask

    @property
    def quotes(self) -> bool:
        """True when a quarter of the sentence, four words or more, is a quotation: a statement
        built around one, not a quoted name or phrase."""
        if self._quotes is None:
            quoted = sum(self.quoted_mask)
            self._quotes = quoted >= 4 and 4 * quoted >= len(self._words)
        return self._quotes

    @property
    def long_stems(self) -> tuple[frozenset[str], frozenset[str] | None]:
        """The content stems of six letters or more, and their six-letter beginnings (``None``
        when two of them begin alike): what ``_soft_shared`` needs, computed once per sentence."""
        if self._long is None:
            long = frozenset(t for t in self.content if len(t) >= 6)
            prefixes = frozenset(t[:6] for t in long)
            self._long = (long, prefixes if len(prefixes) == len(long) else None)
        return self._long

    @property
    def quoted(self) -> bool:
        """True when most of the sentence is someone else's words: a quotation, a block quotation
        or an embedded post."""
        mask = self.quoted_mask
        return bool(mask) and 2 * sum(mask) > len(mask)

    @property
    def shape(self) -> "_Shape":
        if self._shape is None:
            self._shape = _shape_of(self._doc, self.start, self.end, self._originals, self._words, self.alone)
        return self._shape

    def clause_windows(self, min_content: int, without_quotes: bool = False) -> list[frozenset[str]]:
        """The content stems of runs of consecutive clauses that hold ``min_content`` of them: at most
        ``MAX_WINDOW_CLAUSES`` clauses each and ``MAX_WINDOWS`` runs per sentence.

        Clauses end at commas, semicolons, colons, dashes, brackets and quotation marks, and before
        a conjunction or relative word ("and", "while", "which" ...). With ``without_quotes`` the
        words inside a direct quotation are left out: what remains is the reporter's own words.
        """
        key = (min_content, without_quotes)
        found = self._clauses.get(key)
        if found is None:
            text = self._span[0]
            mask = self.quoted_mask if without_quotes else None
            clauses: list[list[str]] = []
            current: list[str] = []
            previous_end = None
            clause_break = _CLAUSE_BREAK_RE()
            for k, ((s, e), original, stemmed) in enumerate(zip(self._words, self._originals, self._stems)):
                if mask is not None and mask[k]:
                    if current:
                        clauses.append(current)
                        current = []
                    previous_end = e
                    continue
                if previous_end is not None and current and (
                        clause_break.search(text, previous_end, s) or original.lower() in _CLAUSE_WORDS):
                    clauses.append(current)
                    current = []
                if stemmed:
                    current.append(stemmed)
                previous_end = e
            if current:
                clauses.append(current)
            windows: dict[frozenset[str], None] = {}  # in order, each once
            for i in range(len(clauses)):
                words: set[str] = set()
                for j in range(i, min(len(clauses), i + MAX_WINDOW_CLAUSES)):
                    words.update(clauses[j])
                    if len(words) >= min_content:
                        windows[frozenset(words)] = None
                if len(windows) >= MAX_WINDOWS:
                    break
            found = self._clauses[key] = list(windows)[:MAX_WINDOWS]
        return found


class _Shape(NamedTuple):
    """How a sentence is said, as far as telling a restatement from other repetition needs."""

    #: the folded label of a labelled line ("fact", "q", "bernie sanders"), or ""
    label: str
    question: bool
    #: how many negations ("not", "never", "denied" ...) it holds
    negations: int
    #: a photo caption or a line like one: alone in its paragraph, and unpunctuated, labelled or about a picture
    caption: bool
    #: it ends with a colon: it introduces what follows
    lead_in: bool
    #: it opens with a word that draws a conclusion from, or sets a limit to, what came before
    follows_on: bool
    #: it says that it repeats on purpose ("as mentioned", "to recap")
    recap: bool
    #: most of it is an embedded post's credit line
    credit: bool


def _shape_of(doc: Document, start: int, end: int, originals: list[str], words, alone: bool) -> _Shape:
    prose = doc.prose_text(start, end)
    label_match = _LABEL_RE().match(prose)
    label = " ".join(fold(w) for w in label_match.group(1).split()) if label_match else ""
    tail = prose.rstrip(_CLOSING)
    lowered = [o.lower() for o in originals]
    negations = sum(1 for w in lowered if w in _NEGATIONS or w.endswith("n't") or w.endswith("n\u2019t"))
    caption = alone and (not tail.endswith((".", "!", "?", ":", ";")) or bool(label) or bool(_PICTURE_RE().search(prose)))
    first = " ".join(lowered[:3])
    follows_on = bool(lowered) and (lowered[0] in _FOLLOW_ON_WORDS or any(first.startswith(p) for p in _FOLLOW_ON_PHRASES))
    q = quotations(doc)
    credit = bool(q.credits) and 2 * sum(q.is_credit(s) for s, _ in words) > len(words)
    return _Shape(label, tail.endswith("?"), negations, caption, tail.endswith(":"), follows_on,
                  bool(_RECAP_RE().search(prose)), credit)


#: what a word contributes to SentenceFacts, by its original spelling
_WORD_FACTS: dict[str, tuple] = {}
#: the content stem of a word by its original spelling ("" for a word that is not a content word)
_STEMS: dict[str, str] = {}
#: numbers written as words: "six homes" and "6 homes" are one fact, "six" and "seven" two
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split()) if n >= 2}
_NUMBER_WORDS.update({w: str(10 * n) for n, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)})


def _word_facts(original: str) -> tuple:
    """``(content stem, number, name, common stem, first-word common stem)`` of one word, each
    ``None`` when the word is not one: a common word is a content word without digits or a capital,
    except that the first word of a sentence may have a capital. Names are kept as stems, so that
    a possessive is the same name."""
    t = fold(original)
    digit = not t.isalpha() and any(map(str.isdigit, t))
    stemmed = stem(t) if t and t not in STOP_WORDS and len(t) > 1 else None
    number = t.replace(",", "") if digit else _NUMBER_WORDS.get(t)
    capital = original[:1].isupper()
    name = (stemmed or t.replace(".", "")) if capital and t not in STOP_WORDS and t else None
    first_common = stemmed if not digit and number is None else None
    facts = (stemmed, number, name, None if capital else first_common, first_common)
    if len(_WORD_FACTS) < 500_000:
        _WORD_FACTS[original] = facts
        _STEMS[original] = stemmed or ""
    return facts


#: what ends a clause between two words, and the words that open a new one
_CLAUSE_BREAK_RE = compiled_on_first_use(r"[,;:()\[\]\u2013\u2014\"\u201c\u201d]|\s-\s")
_CLAUSE_WORDS = frozenset("and but while whereas which who whom whose where when after before because although "
                          "though as with to".split())
#: a line that opens with a label of one to four words and a colon: "FACT:", "Q:", "Jane Hale:"
_LABEL_RE = compiled_on_first_use(r"^\W{0,3}((?:[\w'\u2019.-]+\s+){0,3}[\w'\u2019.-]+):\s+\S")
_CLOSING = " \t\"'\u201d\u2019)]*"
_NEGATIONS = frozenset("not no never nor none nobody nothing neither cannot without deny denies denied denying "
                       "false untrue".split())
_PICTURE_RE = compiled_on_first_use(r"\b(?:pictured|picture[sd]?|photo(?:graph)?(?:ed|s)?|image|undated|file photo|pic shows)\b|"
                         r"[(,]\s*(?:left|right|centre|center|above|below|top|bottom)\s*[),]", re.IGNORECASE)
_FOLLOW_ON_WORDS = frozenset("so thus therefore hence consequently accordingly but however yet still instead "
                             "although though whereas meanwhile".split())
_FOLLOW_ON_PHRASES = ("this means", "that means", "which means", "this would", "that would", "as a result",
                      "this is why", "that is why", "even so", "on the other hand")
_RECAP_RE = compiled_on_first_use(r"\b(?:as (?:i|we|he|she|they|was|previously|earlier)?\s*(?:mentioned|noted|reported|said|wrote)|"
                       r"i mentioned|mentioned (?:earlier|above|before)|at the start of|to recap|to reiterate|"
                       r"reiterat\w+|in other words)\b", re.IGNORECASE)
#: a part of a sentence restating a part of another needs this many shared content words
WINDOW_MIN_SHARED = 8
#: the most clauses in one compared run, and the most runs of one sentence compared
MAX_WINDOW_CLAUSES = 6
MAX_WINDOWS = 32
#: each sentence is compared with at most this many sentences before it (an article has fewer)
MAX_LOOKBACK = 300
#: of those, the sentences sharing most content words with it are scored, at most this many
MAX_CANDIDATES = 24
#: clause runs compared per article, at most (``CompareBudget``)
MAX_CLAUSE_COMPARISONS = 200_000
#: the top of a story (first two paragraphs) summarises what the body then tells in detail
TOP_PARAGRAPHS = 2
TOP_ALLOWANCE = 0.05
#: the next sentence of a paragraph usually goes on about the same thing: it needs a little more
ADJACENT_ALLOWANCE = 0.05


class CompareBudget:
    """How many more comparisons of clause runs one article may make: past it, pairs of sentences
    are compared as wholes only. Bounds the work on hostile input (a list of hundreds of names
    restated once) without changing anything on news copy."""

    __slots__ = ("left",)

    def __init__(self, comparisons: int) -> None:
        self.left = comparisons


def different_statements(a: SentenceFacts, b: SentenceFacts) -> bool:
    """True when the way the two sentences are said shows that ``b`` does not say again what ``a``
    said, however many words they share: the classes of repetition that are not restatement."""
    sa, sb = a.shape, b.shape
    if sa.credit or sb.credit:
        return True  # the credit lines of two embedded posts
    if sa.negations % 2 != sb.negations % 2 or sa.question != sb.question:
        return True  # a claim and its denial; a question and its answer
    if sa.label and sb.label and sa.label != sb.label:
        return True  # transcript turns, "rumour:" and "fact:" lines
    if sa.caption and sb.caption:
        return True  # captions of different photos
    if a.quoted and b.quoted:
        return True  # what a source (or two sources) said twice: not the writer's repetition
    if a.in_list and b.in_list:
        return True  # entries of one list repeat their structure by design
    if sa.lead_in and b.paragraph - a.paragraph <= 3:
        return True  # a lead-in and the statement or list it introduces
    if sb.recap:
        return True  # a deliberate recap
    if sb.follows_on and b.order - a.order <= 2:
        return True  # a conclusion drawn from, or a limit set to, the sentence before
    return _names_disagree(a, b)


def _names_disagree(a: SentenceFacts, b: SentenceFacts) -> bool:
    """Each sentence names someone, somewhere or some figure the other does not: one template
    about two things ("a fire destroyed six homes in X" and "... in Y"), different people in a list."""
    if a.numbers - b.numbers and b.numbers - a.numbers:
        return True
    return bool(a.name_runs and b.name_runs and _unmatched_names(a, b) and _unmatched_names(b, a))


def _unmatched_names(a: SentenceFacts, b: SentenceFacts) -> list[tuple[str, ...]]:
    """The names of ``a`` (runs of capitalised words: "Iron Maiden", "Leeds") of which ``b`` has
    no word in any form: as a name or a word, by a stem that begins alike, or as an acronym of its
    capitalised words. A name with one word in common ("New York", "Fresh York") is the same name
    reworded, as a spinner does."""
    other = b.names | b.content
    initials = None
    out = []
    for run in a.name_runs:
        for name in run:
            if name in other or (len(name) >= 5 and any(len(m) >= 5 and m[:5] == name[:5] for m in other)):
                break
            if 2 <= len(name) <= 6:
                if initials is None:
                    initials = _initials(b)
                if name in initials:
                    break
        else:
            out.append(run)
    return out


def _initials(f: SentenceFacts) -> str:
    """The initials of the sentence's capitalised words, in order ("Environmental Protection Agency" -> "epa")."""
    return "".join(o[0].lower() if o[:1].isupper() else " " for o in f._originals)


def restatement_score(a: SentenceFacts, b: SentenceFacts, min_content: int = 5,
                      budget: CompareBudget | None = None, *, how_said: bool = True) -> float:
    """How surely ``b`` says again what ``a`` said, from 0 to 1 (0 when the evidence disagrees).

    The evidence is combined, not thresholded one score at a time:

    * both sentences must be about something (``min_content`` content words each), share four
      content words, and share two that are not names (two sentences about the same people are not
      yet the same statement);
    * the way they are said must not show that they are different statements
      (``different_statements``): a denial, an answer, names or numbers that differ on both sides,
      captions of two photos, a lead-in, a conclusion from the sentence before;
    * the score weighs how much of each sentence the other covers (the less-covered side counts
      twice: an elaboration adds much that is new), plus rapidfuzz's token-sort similarity of the
      content words, which rewards the same words in another order; stems that agree in their
      first six letters count as one word ("overseen", "oversee");
    * a restatement often keeps one clause and drops or adds others, so when the sentences share
      ``WINDOW_MIN_SHARED`` content words, runs of consecutive clauses of each are compared too and
      the best pair counts;
    * a quotation after (or before) the statement it supports is the usual news pattern, not a
      restatement: a quoted sentence is compared with one that is not only through the
      reporter's own words around the quotation;
    * with ``how_said`` false, the way the sentences are said is not looked at: the score says
      how alike their words are (what a group of sentences on one theme shares);
    * a sentence of the story's top restated further down is normal news structure (the lede
      summarises, the body details), and the next sentence of a paragraph usually goes on about
      the same thing: those cases need a little more.
    """
    if min(len(a.content), len(b.content)) < min_content:
        return 0.0
    shared = len(a.content & b.content)
    if shared < 4 or len(a.common & b.common) < 2:
        return 0.0
    if how_said and different_statements(a, b):
        return 0.0
    return _scored(a, b, shared, min_content, budget)


def _scored(a: SentenceFacts, b: SentenceFacts, shared: int, min_content: int, budget: CompareBudget | None,
            at_least: float = 0.0) -> float:
    """``restatement_score`` of two sentences that passed its first tests and share ``shared``
    content words. A score below ``at_least`` is returned as 0.0: a caller that needs only scores
    from a threshold up saves the similarity of the pairs that cannot reach it."""
    quotes_a = a._quotes if a._quotes is not None else a.quotes
    mixed = quotes_a != (b._quotes if b._quotes is not None else b.quotes)
    windows = shared >= WINDOW_MIN_SHARED
    soft = None
    if mixed:
        score = 0.0
    else:
        soft = _soft_shared_sentences(a, b, shared)
        if at_least and _bound(soft, len(a.content), len(b.content)) < at_least:
            # even identical word order could not bring the whole sentences to ``at_least``: only
            # their clauses (below) can
            if not windows:
                return 0.0
            score = 0.0
        else:
            score = _similarity(a.content, b.content, a.text, b.text, soft)
    if windows:
        score = max(score, _best_windows(a, b, min_content, mixed, budget, soft, score))
    if score and a.paragraph < TOP_PARAGRAPHS <= b.paragraph:
        score -= TOP_ALLOWANCE
    if score and b.order - a.order == 1 and a.paragraph == b.paragraph:
        score -= ADJACENT_ALLOWANCE
    score = max(0.0, score)
    return score if score >= at_least else 0.0


def _soft_shared_sentences(a: SentenceFacts, b: SentenceFacts, shared: int | None = None) -> int:
    """``_soft_shared`` of two sentences' content stems, from what each computed once: when no
    two long stems of either begin alike, each six-letter beginning the two share and that is
    not one long stem they share is one more word in common. ``shared``: their exact shared count,
    when known."""
    long_a, prefixes_a = a._long or a.long_stems
    long_b, prefixes_b = b._long or b.long_stems
    if prefixes_a is None or prefixes_b is None:
        return _soft_shared(a.content, b.content)
    n = len(a.content & b.content) if shared is None else shared
    alike = len(prefixes_a & prefixes_b)
    return n + alike - len(long_a & long_b) if alike else n


def _bound(shared: int, len_a: int, len_b: int) -> float:
    """The highest ``_similarity`` two word sets with these counts can have (a token-sort ratio of
    100), computed in the same order, so that it is never below the similarity itself."""
    cover_a, cover_b = shared / len_a, shared / len_b
    return 0.5 * min(cover_a, cover_b) + 0.25 * max(cover_a, cover_b) + 0.25 * 100 / 100


def _soft_shared(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> int:
    """Shared stems, counting as one two stems of six letters or more that begin alike."""
    exact = a & b
    n = len(exact)
    rest_b = {t[:6] for t in b - exact if len(t) >= 6}
    if rest_b:
        for t in a - exact:
            if len(t) >= 6 and t[:6] in rest_b:
                rest_b.discard(t[:6])
                n += 1
    return n


def _similarity(a: frozenset[str] | set[str], b: frozenset[str] | set[str], text_a: str, text_b: str,
                shared: int | None = None) -> float:
    """How alike two sets of content stems are; ``text_a`` and ``text_b`` are the stems sorted and
    joined by spaces. Their token-sort ratio is rapidfuzz's plain ratio of the two texts: the
    tokens hold no space and are sorted already, as rapidfuzz would sort them (by code point)."""
    global _ratio
    if shared is None:
        shared = _soft_shared(a, b)
    if _ratio is None:
        # imported here, not at the top: an article with no pair of sentences that gets this far
        # never pays for importing rapidfuzz (a tenth of a one-article run)
        from rapidfuzz.fuzz import ratio as _ratio

    cover_a, cover_b = shared / len(a), shared / len(b)
    return (0.5 * min(cover_a, cover_b) + 0.25 * max(cover_a, cover_b)
            + 0.25 * _ratio(text_a, text_b) / 100)


_ratio = None


def _best_windows(a: SentenceFacts, b: SentenceFacts, min_content: int, mixed: bool,
                  budget: CompareBudget | None = None, soft: int | None = None, whole: float = 0.0) -> float:
    """The best similarity between a run of clauses of ``a`` and one of ``b``.

    ``soft`` and ``whole``, when given, are ``_soft_shared`` of the two sentences' content stems and
    their similarity (0.0 for one too low to count): a run of clauses that is the whole sentence
    on both sides (a sentence of one clause) is not scored again."""
    best = 0.0
    windows_b = b.clause_windows(min_content, without_quotes=mixed and b.quotes)
    for window_a in a.clause_windows(min_content, without_quotes=mixed and a.quotes):
        whole_a = soft is not None and window_a == a.content
        if (soft if whole_a else _soft_shared(window_a, b.content)) < WINDOW_MIN_SHARED:
            continue  # no run of b's clauses can share more than the whole of b
        if budget is not None:
            if budget.left <= 0:
                return best
            budget.left -= len(windows_b)
        text_a = None
        for window_b in windows_b:
            if whole_a and window_b == b.content:
                best = max(best, whole)
                continue
            shared = _soft_shared(window_a, window_b)
            if shared < WINDOW_MIN_SHARED:
                continue
            if text_a is None:
                text_a = " ".join(sorted(window_a))
            best = max(best, _similarity(window_a, window_b, text_a, " ".join(sorted(window_b)), shared))
    return best


_LOW = (1 << 32) - 1
#: from this many sentences on, the words shared with earlier ones are counted from an index
INDEX_FROM = 48


def _candidates(facts: list[SentenceFacts]) -> Iterator[list[tuple[int, int]]]:
    """For each sentence in turn, the earlier ones to score it against, in the order of the story,
    as ``(index into facts, content words shared)``: of the last ``MAX_LOOKBACK``, those that share
    four content words (``restatement_score``'s first test), at most the ``MAX_CANDIDATES`` that
    share most (the later of two that share as many)."""
    #: for each content stem, the sentences of the last MAX_LOOKBACK that hold it, oldest first
    holding: dict[str, list[int]] = {}
    for j, b in enumerate(facts):
        content = b.content
        oldest = j - MAX_LOOKBACK
        if j < INDEX_FROM:  # a short story: comparing the word sets is cheaper than an index
            shared = ((len(facts[i].content & content), i) for i in range(max(0, oldest), j))
            candidates = [n << 32 | i for n, i in shared if n >= 4]
        else:
            if j == INDEX_FROM:
                for i in range(j):
                    for word in facts[i].content:
                        holding.setdefault(word, []).append(i)
            lists = []
            for word in content:
                earlier = holding.get(word)
                if earlier is None:
                    holding[word] = [j]
                    continue
                if earlier[0] < oldest:
                    del earlier[:bisect_left(earlier, oldest)]
                if earlier:
                    lists.append(earlier)
                earlier.append(j)  # after j: the counting below stops before it
            # the content words each of those sentences shares with this one, counted in one pass
            counted = Counter(chain.from_iterable(earlier[:-1] for earlier in lists))
            candidates = [n << 32 | i for i, n in counted.items() if n >= 4]
        # each candidate is one integer, (words shared, index), so that sorting compares integers only
        if len(candidates) > MAX_CANDIDATES:  # the sentences sharing most words are the likely sources
            candidates.sort(reverse=True)
            del candidates[MAX_CANDIDATES:]
        yield sorted((x & _LOW, x >> 32) for x in candidates)

#: judged precision of the restatements reported at info (below ``warning-threshold``)
WEAK_CONFIDENCE = 0.45


class RestatedSentence(Rule):
    """
    ## What it does
    Finds a sentence that says again, in different words, what an earlier sentence of the same
    article already said: the same names, numbers and content words with the word order changed,
    synonyms swapped or clauses dropped or added. When two long sentences share many content words,
    their clauses are compared too, so that a clause restated inside a longer sentence is found.
    It reports the later sentence and points at the earlier one.

    Sharing words is not enough: the later sentence must say what the earlier one says. Not
    reported, however many words they share:

    - a quotation and the reporter's sentence it bears out or that introduces it (a sentence built
      around a quotation is compared with one without only through the reporter's own words), and
      two quotations or embedded posts that say the same (the source's repetition, not the writer's);
    - one template about two different things: each sentence names a person, place or figure
      the other does not ("a fire destroyed two cottages in Millbrook" and "... in Ashwell"), as
      in a list of people with similar titles;
    - a claim and its denial, a question and its answer;
    - two captions, two labelled lines with different labels ("Claim:" and "Fact:", two speakers
      of a transcript), two entries of one list, and the credit lines of embedded posts;
    - a sentence ending with a colon and the statement or list it introduces, a conclusion drawn
      from the sentence before ("So ...", "This means ..."), and a recap that says it is one
      ("as mentioned above");
    - a group of more than `max-group` sentences that restate each other: the theme of the piece.

    A restatement whose similarity is below `warning-threshold` is reported at info: fewer than
    half of those were judged true. A sentence of a list entry is compared with the prose around it. Work is bounded per article:
    each sentence is compared with at most the 300 sentences before it, of which the 24 sharing
    most words are scored, and at most 200,000 pairs of clause runs (six clauses at most, 32 runs
    per sentence) are compared in one article; past that, sentences are compared as wholes.

    ## Why it matters
    A restated fact wastes the reader's time and suggests that two drafts were merged without an
    edit. It is harder to spot than a pasted passage because no run of words matches exactly.

    ## Example
    ```text
    Eastgate depot to close

    Bus drivers in Eastgate learned on Monday that their depot will close in the spring.

    The mayor blamed the closure of the Eastgate depot on the loss of the bus contract.

    Union officials said they would fight to keep the jobs in the town.

    Losing the bus contract led to the Eastgate depot closing, the mayor said.
    ```

    ## Instead
    ```text
    Eastgate depot to close

    Bus drivers in Eastgate learned on Monday that their depot will close in the spring.

    The mayor blamed the closure of the Eastgate depot on the loss of the bus contract.

    Union officials said they would fight to keep the jobs in the town.

    The mayor said the council would help the drivers find work with other operators.
    ```
    Keep the sentence where it belongs and cut the other, or make the second one add something.
    Passages repeated word for word are reported by NL101 instead.
    """

    code = "NL102"
    name = "restated-sentence"
    severity = Severity.WARNING
    summary = "A sentence that restates an earlier sentence of the same article in other words."
    #: judged precision of its warnings, both halves of the many-outlet and BBC copy (benchmarks/precision.py)
    confidence = 0.75
    options = (
        Option("threshold", float, 0.65, "the combined similarity (0 to 1) from which a sentence counts as restated",
               minimum=0.0, maximum=1.0),
        Option("warning-threshold", float, 0.7, "restatements less similar than this (but at or above `threshold`) "
               "are reported at info: readers judged fewer than half of them true", minimum=0.0,
               maximum=1.0),
        Option("max-group", int, 3, "sentences that restate each other in a larger group than this are the "
               "theme of the piece (readers' views, a vox pop) and are not reported", minimum=2,
               maximum=100),
        Option("min-content-words", int, 5, "sentences with fewer content words are not compared", minimum=2,
               maximum=100),
    )

    def _said_word_for_word(self, doc: Document):
        """Passages repeated word for word, as long as NL101 (as configured) needs them to be: a
        pair of sentences that shares one is left to NL101, wherever in the story it stands."""
        min_words = self.settings.options_for("NL101")["min-words"]
        return repeated_passages(doc, min_words=min_words, lede_min_words=min_words)

    def check(self, doc: Document) -> Iterable[Finding]:
        threshold = self.config["threshold"]
        min_content = self.config["min-content-words"]
        lists = list_like_lines(doc)
        position = doc.position
        _, originals = paragraph_words(doc)
        facts = []
        offset = order = 0
        for p, block in enumerate(doc.paragraphs):
            alone = len(block.sentences) == 1
            for s in block.sentences:
                n = len(s.words)
                if n >= min_content:
                    in_list = bool(lists) and position(s.start).line in lists
                    f = SentenceFacts(doc, s, p, originals[offset:offset + n], order=order, alone=alone,
                                      in_list=in_list)
                    if len(f.content) >= min_content:
                        facts.append(f)
                offset += n
                order += 1
        budget = CompareBudget(MAX_CLAUSE_COMPARISONS)
        matches = []
        alike = []  # pairs whose words are alike, however they are said: what a theme is made of
        for j, (b, candidates) in enumerate(zip(facts, _candidates(facts))):
            if not candidates:
                continue
            best, best_i = 0.0, -1
            common = b.common
            for i, n in candidates:
                a = facts[i]
                if len(a.common & common) < 2:
                    continue  # restatement_score's next test (its first ones hold for every candidate)
                score = _scored(a, b, n, min_content, budget, threshold)
                if score < threshold:
                    continue
                alike.append((i, j))
                if score > best and not different_statements(a, b):
                    best, best_i = score, i
            if best >= threshold:
                matches.append((best_i, j, best))
        if not matches:
            return
        # A sentence that three or more others restate is the question the piece keeps returning
        # to (readers' views, a vox pop), not a slip: leave the whole group alone.
        group = {i: i for i in range(len(facts))}

        def root(i: int) -> int:
            while group[i] != i:
                group[i] = group[group[i]]
                i = group[i]
            return i

        for i, j in alike:
            group[root(j)] = root(i)
        sizes: dict[int, int] = {}
        for i in range(len(facts)):
            sizes[root(i)] = sizes.get(root(i), 0) + 1
        said_twice = None
        for i, j, best in matches:
            if sizes[root(j)] > self.config["max-group"]:
                continue
            a, b = facts[i], facts[j]
            if said_twice is None:
                said_twice = self._pairs_said_word_for_word(doc, facts)
            if said_twice(i, j):
                continue  # said word for word: that is NL101's finding
            line = doc.position(a.start).line
            where = (f"an earlier sentence of line {line}" if line == doc.position(b.start).line
                     else f"line {line}")
            strong = best >= self.config["warning-threshold"]
            yield self.finding(
                doc, b.start, b.end,
                f"this sentence says again what {where} says: \u201c{preview(doc.prose_text(a.start, a.end))}\u201d",
                related=[self.related(doc, a.start, a.end, "the earlier sentence")],
                severity=None if strong else Severity.INFO, confidence=None if strong else WEAK_CONFIDENCE,
                details=f"{round(best * 100)}% similar",
            )

    def _pairs_said_word_for_word(self, doc: Document, facts: list[SentenceFacts]):
        """A test of whether two compared sentences (indexes into ``facts``, earlier first) share a
        passage NL101 reports. Each sentence is overlapped by the later occurrence of few passages,
        so the test costs little per pair."""
        starts = [f.start for f in facts]
        ends = [f.end for f in facts]
        runs_by_later: dict[int, list[tuple[int, int]]] = {}
        for s, e, fs, fe, *_ in self._said_word_for_word(doc):
            for j in range(bisect_right(ends, s), bisect_left(starts, e)):
                runs_by_later.setdefault(j, []).append((fs, fe))

        def shared(i: int, j: int) -> bool:
            a = facts[i]
            return any(fs < a.end and fe > a.start for fs, fe in runs_by_later.get(j, ()))

        return shared
