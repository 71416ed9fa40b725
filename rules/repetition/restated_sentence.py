"""NL102 restated-sentence: a sentence that says again, in other words, what an earlier one said."""

from __future__ import annotations

import re
from typing import Iterable

from newslint import Document, Finding, Option, Rule, Severity

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
    """What a sentence is about: its content-word stems, the common words among them, names, numbers."""

    __slots__ = ("start", "end", "paragraph", "content", "_common", "_names", "_numbers", "_text", "_quotes", "_span",
                 "_facts_", "_originals", "_stems", "_words", "_clauses")

    def __init__(self, doc: Document, sentence, paragraph: int = 0, originals: list[str] | None = None) -> None:
        self.start, self.end, self.paragraph = sentence.start, sentence.end, paragraph
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
        self._quotes: bool | None = None
        self._span = (text, sentence.start, sentence.end)
        self._words = sentence.words
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
        if self._names is None:
            names = {f[2] for f in self._facts[1:]}
            names.discard(None)
            self._names = names | self.numbers
        return self._names

    @property
    def text(self) -> str:
        """The content stems in order, for rapidfuzz's token-sort similarity."""
        if self._text is None:
            self._text = " ".join(sorted(self.content))
        return self._text

    @property
    def quotes(self) -> bool:
        """True when the sentence holds a direct quotation."""
        if self._quotes is None:
            self._quotes = bool(_QUOTATION_RE.search(*self._span))
        return self._quotes

    def clause_windows(self, min_content: int, without_quotes: bool = False) -> list[frozenset[str]]:
        """The content stems of every run of consecutive clauses that holds ``min_content`` of them.

        Clauses end at commas, semicolons, colons, dashes, brackets and quotation marks, and before
        a conjunction or relative word ("and", "while", "which" ...). With ``without_quotes`` the
        words inside a direct quotation are left out: what remains is the reporter's own words.
        """
        key = (min_content, without_quotes)
        found = self._clauses.get(key)
        if found is None:
            text, start, end = self._span
            quoted = [m.span() for m in _QUOTATION_RE.finditer(text, start, end)] if without_quotes else []
            clauses: list[list[str]] = []
            current: list[str] = []
            previous_end = None
            for (s, e), original, stemmed in zip(self._words, self._originals, self._stems):
                if quoted and any(qs <= s < qe for qs, qe in quoted):
                    if current:
                        clauses.append(current)
                        current = []
                    previous_end = e
                    continue
                if previous_end is not None and current and (
                        _CLAUSE_BREAK_RE.search(text, previous_end, s) or original.lower() in _CLAUSE_WORDS):
                    clauses.append(current)
                    current = []
                if stemmed:
                    current.append(stemmed)
                previous_end = e
            if current:
                clauses.append(current)
            windows = set()
            for i in range(len(clauses)):
                words: set[str] = set()
                for j in range(i, len(clauses)):
                    words.update(clauses[j])
                    if len(words) >= min_content:
                        windows.add(frozenset(words))
            found = self._clauses[key] = list(windows)
        return found


#: what a word contributes to SentenceFacts, by its original spelling
_WORD_FACTS: dict[str, tuple] = {}
#: the content stem of a word by its original spelling ("" for a word that is not a content word)
_STEMS: dict[str, str] = {}


def _word_facts(original: str) -> tuple:
    """``(content stem, number, name, common stem, first-word common stem)`` of one word, each
    ``None`` when the word is not one: a common word is a content word without digits or a capital,
    except that the first word of a sentence may have a capital."""
    t = fold(original)
    digit = not t.isalpha() and any(map(str.isdigit, t))
    stemmed = stem(t) if t and t not in STOP_WORDS and len(t) > 1 else None
    number = t.replace(",", "") if digit else None
    capital = original[:1].isupper()
    name = t if capital and t not in STOP_WORDS else None
    first_common = stemmed if not digit else None
    facts = (stemmed, number, name, None if capital else first_common, first_common)
    if len(_WORD_FACTS) < 500_000:
        _WORD_FACTS[original] = facts
        _STEMS[original] = stemmed or ""
    return facts


#: a direct quotation of four words or more
_QUOTATION_RE = re.compile(r"[\"\u201c](?:[^\"\u201c\u201d\s]+\s+){3,}[^\"\u201d]*[\"\u201d]?")
#: what ends a clause between two words, and the words that open a new one
_CLAUSE_BREAK_RE = re.compile(r"[,;:()\[\]\u2013\u2014\"\u201c\u201d]|\s-\s")
_CLAUSE_WORDS = frozenset("and but while whereas which who whom whose where when after before because although "
                          "though as with to".split())
#: a part of a sentence restating a part of another needs this many shared content words
WINDOW_MIN_SHARED = 8
#: the top of a story (first two paragraphs) summarises what the body then tells in detail
TOP_PARAGRAPHS = 2
TOP_ALLOWANCE = 0.05


def restatement_score(a: SentenceFacts, b: SentenceFacts, min_content: int = 5) -> float:
    """How surely ``b`` says again what ``a`` said, from 0 to 1 (0 when the evidence disagrees).

    The evidence is combined, not thresholded one score at a time:

    * both sentences must be about something (``min_content`` content words each), share four
      content words, and share two that are not names (two sentences about the same people are not
      yet the same statement);
    * each has a number the other lacks: different facts, whatever the wording (score 0);
    * the score weighs how much of each sentence the other covers (the less-covered side counts
      twice: an elaboration adds much that is new), plus rapidfuzz's token-sort similarity of the
      content words, which rewards the same words in another order; stems that agree in their
      first six letters count as one word ("overseen", "oversee");
    * a restatement often keeps one clause and drops or adds others, so when the sentences share
      ``WINDOW_MIN_SHARED`` content words, runs of consecutive clauses of each are compared too and
      the best pair counts;
    * a quotation after (or before) the statement it supports is the usual news pattern, not a
      restatement: a sentence with a quotation is compared with one without only through the
      reporter's own words around the quotation;
    * a sentence of the story's top restated further down is normal news structure (the lede
      summarises, the body details), so that case needs a little more.
    """
    if min(len(a.content), len(b.content)) < min_content:
        return 0.0
    shared = len(a.content & b.content)
    if shared < 4 or len(a.common & b.common) < 2:
        return 0.0
    if a.numbers - b.numbers and b.numbers - a.numbers:
        return 0.0
    mixed = a.quotes != b.quotes
    score = 0.0 if mixed else _similarity(a.content, b.content, a.text, b.text)
    if shared >= WINDOW_MIN_SHARED:
        score = max(score, _best_windows(a, b, min_content, mixed))
    if score and a.paragraph < TOP_PARAGRAPHS <= b.paragraph:
        score -= TOP_ALLOWANCE
    return max(0.0, score)


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
    if shared is None:
        shared = _soft_shared(a, b)
    # imported here, not at the top: an article with no pair of sentences that gets this far never
    # pays for importing rapidfuzz (a tenth of a one-article run)
    from rapidfuzz import fuzz

    cover_a, cover_b = shared / len(a), shared / len(b)
    return (0.5 * min(cover_a, cover_b) + 0.25 * max(cover_a, cover_b)
            + 0.25 * fuzz.token_sort_ratio(text_a, text_b) / 100)


def _best_windows(a: SentenceFacts, b: SentenceFacts, min_content: int, mixed: bool) -> float:
    """The best similarity between a run of clauses of ``a`` and one of ``b``."""
    best = 0.0
    windows_b = b.clause_windows(min_content, without_quotes=mixed and b.quotes)
    for window_a in a.clause_windows(min_content, without_quotes=mixed and a.quotes):
        if _soft_shared(window_a, b.content) < WINDOW_MIN_SHARED:
            continue  # no run of b's clauses can share more than the whole of b
        text_a = None
        for window_b in windows_b:
            shared = _soft_shared(window_a, window_b)
            if shared < WINDOW_MIN_SHARED:
                continue
            if text_a is None:
                text_a = " ".join(sorted(window_a))
            best = max(best, _similarity(window_a, window_b, text_a, " ".join(sorted(window_b)), shared))
    return best


class RestatedSentence(Rule):
    """
    ## What it does
    Finds a sentence that says again, in different words, what an earlier sentence of the same
    article already said: the same names, numbers and content words with the word order changed,
    synonyms swapped or clauses dropped or added. When two long sentences share many content words,
    their clauses are compared too, so that a clause restated inside a longer sentence is found.
    A sentence built around a direct quotation is compared with one without a quotation only
    through the reporter's own words: a quotation that bears out a statement is the usual news
    pattern, not a restatement. It reports the later sentence with a similarity figure and points
    at the earlier one.

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
    Passages repeated word for word are reported by NL101 instead. Sentences in list entries are not
    compared.
    """

    code = "NL102"
    name = "restated-sentence"
    severity = Severity.WARNING
    summary = "A sentence that restates an earlier sentence of the same article in other words."
    #: judged precision of its findings on the corpus halves it was not tuned on (benchmarks/precision.py)
    confidence = 0.36
    options = (
        Option("threshold", float, 0.65, "the combined similarity (0 to 1) from which a sentence counts as restated",
               minimum=0.0),
        Option("max-group", int, 3, "sentences that restate each other in a larger group than this are the "
               "theme of the piece (readers' views, a vox pop) and are not reported", minimum=2),
        Option("min-content-words", int, 5, "sentences with fewer content words are not compared", minimum=2),
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
        offset = 0
        for p, block in enumerate(doc.paragraphs):
            for s in block.sentences:
                n = len(s.words)
                if n >= min_content and not (lists and position(s.start).line in lists):
                    f = SentenceFacts(doc, s, p, originals[offset:offset + n])
                    if len(f.content) >= min_content:
                        facts.append(f)
                offset += n
        matches = []
        for j, b in enumerate(facts):
            best, best_i = 0.0, -1
            content = b.content
            for i in range(j):
                a = facts[i]
                if len(a.content & content) < 4:
                    continue  # restatement_score's first test, without the call
                score = restatement_score(a, b, min_content)
                if score > best:
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

        for i, j, _ in matches:
            group[root(j)] = root(i)
        sizes: dict[int, int] = {}
        for i in range(len(facts)):
            sizes[root(i)] = sizes.get(root(i), 0) + 1
        exact = None
        for i, j, best in matches:
            if sizes[root(j)] > self.config["max-group"]:
                continue
            a, b = facts[i], facts[j]
            if exact is None:
                exact = self._said_word_for_word(doc)
            if any(s < b.end and e > b.start and fs < a.end and fe > a.start for s, e, fs, fe, _ in exact):
                continue  # said word for word: that is NL101's finding
            line = doc.position(a.start).line
            yield self.finding(
                doc, b.start, b.end,
                f"this sentence says again what line {line} says: "
                f"\u201c{preview(doc.prose_text(a.start, a.end))}\u201d",
                related=[self.related(doc, a.start, a.end, "the earlier sentence")],
                details=f"{round(best * 100)}% similar",
            )
