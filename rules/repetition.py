"""NL1xx: passages an article says twice, restates, or shares with other articles."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Sequence

from newslint import Document, Finding, Option, Rule, Severity

from ._passages import (_without_gc, doc_cache, fold, folded_words, kgram_hashes, paragraph_words, passage_index,
                        prepared_fingerprint)

#: function words left out when comparing what two sentences are about
STOP_WORDS = frozenset(
    """a about above across after again against all almost also although always am among an and another any
    are around as at be became because been before being below between both but by can could did do does
    doing down during each either else even ever every few for from further had has have having he her here
    hers herself him himself his how however i if in into is it its itself just least less many may me
    might more most much must my myself neither no nor not now of off on once one only onto or other others
    our ours ourselves out over own per rather same says said say saying she should since so some still
    such than that the their theirs them themselves then there these they this those though through thus
    to too toward towards under until up upon us very via was we were what when where whether which while
    who whom whose why will with within without would yet you your yours yourself yourselves mr mrs ms dr
    told added according also""".split()
)

_BULLET_RE = re.compile(r"^\s*(?:[-*\u2022\u2013]\s|\d{1,3}[.)]\s)")
_FIELD_SEP_RE = re.compile(r"\s[-\u2013\u2014]\s|;")


def normalised_words(doc: Document, include_headings: bool = False) -> list[tuple[str, int, int]]:
    """``(folded word, start, end)`` for the article's prose, case, quotes and punctuation folded."""
    return folded_words(doc, doc.blocks if include_headings else doc.paragraphs)


def list_like_lines(doc: Document) -> set[int]:
    """Line numbers of list entries: bullet lines and ``label - value; label - value`` records.

    Award lists, results and vote tallies repeat their structure ("director - X; actor - Y") from
    line to line by design; that repetition is not a passage said twice.
    """
    cache = doc_cache(doc)
    lines = cache.get("lists")
    if lines is None:
        lines = cache["lists"] = _list_like_lines(doc)
    return lines


def _list_like_lines(doc: Document) -> set[int]:
    lines = set()
    for block in doc.blocks:
        if block.kind in ("list_item", "table"):
            lines.update(range(doc.position(block.start).line, doc.position(block.end).line + 1))
            continue
        first, last = doc.position(block.start).line, doc.position(block.end).line
        for line in range(first, last + 1):
            text = doc.line_text(line)
            if _BULLET_RE.match(text) or _is_record(text):
                lines.add(line)
    return lines


def _is_record(line: str) -> bool:
    """``label - value; label - value`` with short fields, as opposed to prose with a dash or two."""
    if line.count(";") + line.count("-") + line.count("\u2013") + line.count("\u2014") < 3:
        return False  # four fields need three separators, each with one of these characters
    fields = _FIELD_SEP_RE.split(line)
    return len(fields) >= 4 and sum(len(f.split()) for f in fields) / len(fields) <= 5


def find_repeated_runs(tokens: list[str], min_words: int) -> list[tuple[int, int, int]]:
    """Maximal repeated runs as ``(later_start, earlier_start, length)`` in token indices.

    Every run of at least ``min_words`` tokens that already occurred earlier (without overlapping
    its earlier occurrence) is reported once, at the later occurrence; overlapping matches are
    merged by always extending a match as far as it goes.
    """
    first_seen: dict[tuple[str, ...], int] = {}
    runs = []
    i = 0
    n = len(tokens)
    while i + min_words <= n:
        gram = tuple(tokens[i:i + min_words])
        j = first_seen.get(gram)
        if j is not None and j + min_words <= i:
            length = min_words
            while i + length < n and j + length < i and tokens[i + length] == tokens[j + length]:
                length += 1
            runs.append((i, j, length))
            for k in range(i, i + length - min_words + 1):
                first_seen.setdefault(tuple(tokens[k:k + min_words]), k)
            i += length
            continue
        first_seen.setdefault(gram, i)
        i += 1
    return runs


def find_shared_runs(a: Sequence[str], b: Sequence[str], min_words: int) -> list[tuple[int, int, int]]:
    """Maximal runs of ``a`` found in ``b``, as ``(start in a, start in b, length)``, left to right."""
    grams_a = list(zip(*[a[k:] for k in range(min_words)]))
    grams_b = list(zip(*[b[k:] for k in range(min_words)]))
    common = set(grams_a).intersection(grams_b)
    if not common:
        return []
    where: dict[tuple[str, ...], list[int]] = {}
    for j, gram in enumerate(grams_b):
        if gram in common:
            where.setdefault(gram, []).append(j)
    runs = []
    i = 0
    for start, gram in enumerate(grams_a):
        if start < i or gram not in common:
            continue
        i = start
        starts = where[gram]
        best_j, best_len = starts[0], 0
        for j in starts:
            length = min_words
            while i + length < len(a) and j + length < len(b) and a[i + length] == b[j + length]:
                length += 1
            if length > best_len:
                best_j, best_len = j, length
        runs.append((i, best_j, best_len))
        i += best_len
    return runs


def is_proper_name(words: Sequence[str]) -> bool:
    """True when every content word is capitalised: a title or a name, not a sentence."""
    content = [w for w in words if fold(w) not in STOP_WORDS and not w.isdigit()]
    if not content or all(w.isupper() for w in content):
        return False  # text in capitals is shouting, not a name
    return all(w[:1].isupper() for w in content)


def preview(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


class RepeatedPassage(Rule):
    """
    ## What it does
    Finds a run of words (eight by default) that appears twice in one article, compared without
    regard to case, punctuation, quote style or line breaks. It reports the later occurrence,
    covering the whole repeated run, and points at the first.

    ## Why it matters
    A passage printed twice is the commonest sign of a story assembled in a hurry: a paragraph
    pasted from an earlier draft, or a quote used once in the top and again at the bottom. Readers
    notice, and it costs the story its credibility.

    ## Example
    ```text
    Flooding closed the ring road for a second day.

    The council approved the new budget after a three hour debate on Tuesday night.

    ...

    Residents said the council approved the new budget after a three hour debate.
    ```

    ## Instead
    Keep one of the two passages. If the repetition is deliberate (a refrain, a quoted slogan),
    suppress it with `<!-- newslint-disable-next-line NL101 -->` above the paragraph.

    Some repetition is normal and not reported:

    - a headline that repeats words of the first paragraph (unless `include-headings` is set);
    - a phrase of the first paragraph (the lede, which summarises the story) echoed in the body,
      unless the echo is at least `lede-min-words` long;
    - a short phrase (under `lede-min-words`) that occurs three times or more: a set phrase the
      story keeps returning to, such as the name of a prize or the question readers answer;
    - a repeated name or title, where every word that is not a function word is capitalised
      ("Economic Commission for Latin America and the Caribbean");
    - entries of a list (bullet lines, and `label - value; label - value` records such as award
      nominations), whose structure repeats by design (unless `include-lists` is set).
    """

    code = "NL101"
    name = "repeated-passage"
    severity = Severity.WARNING
    summary = "A passage that appears twice in one article."
    options = (
        Option("min-words", int, 8, "the shortest run of words that counts as a repeated passage", minimum=3),
        Option("lede-min-words", int, 12, "the shortest repeated run when the first occurrence is in the first paragraph",
               minimum=3),
        Option("include-headings", bool, False, "also compare the headline and headings with the body"),
        Option("include-lists", bool, False, "also report repetition inside list entries"),
    )

    def repeated_runs(self, doc: Document) -> list[tuple[int, int, int, int, int]]:
        """``(start, end, first_start, first_end, n_words)`` of every repeated passage reported."""
        words = normalised_words(doc, self.config["include-headings"])
        tokens = [w for w, _, _ in words]
        min_words = self.config["min-words"]
        # every n-gram at once (tuples built and hashed in C); most articles repeat none of them
        grams = list(zip(*[tokens[k:] for k in range(min_words)]))
        counts = Counter(grams)
        if len(counts) == len(grams):
            return []
        lede_min = max(min_words, self.config["lede-min-words"])
        paragraphs = doc.paragraphs
        lede_end = paragraphs[0].end if paragraphs else -1
        lists = None
        out = []
        for later, earlier, length in find_repeated_runs(tokens, min_words):
            start, end = words[later][1], words[later + length - 1][2]
            first_start, first_end = words[earlier][1], words[earlier + length - 1][2]
            if first_start < lede_end and length < lede_min:
                continue
            if length < lede_min and counts[grams[later]] >= 3:
                continue  # a set phrase the story keeps returning to, not a pasted passage
            if lists is None:
                lists = set() if self.config["include-lists"] else list_like_lines(doc)
            if lists and (doc.position(start).line in lists or doc.position(end).line in lists):
                continue
            originals = [doc.text[s:e] for _, s, e in words[later:later + length]]
            if is_proper_name(originals):
                continue
            out.append((start, end, first_start, first_end, length))
        return out

    def check(self, doc: Document) -> Iterable[Finding]:
        for start, end, first_start, first_end, length in self.repeated_runs(doc):
            first_line = doc.position(first_start).line
            yield self.finding(
                doc, start, end,
                f"this passage of {length} words repeats line {first_line}: "
                f"\u201c{preview(doc.prose_text(start, end))}\u201d",
                related=[self.related(doc, first_start, first_end, "first occurrence")],
            )



# --- NL102: restated sentences ------------------------------------------------------------------

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
    The mayor blamed the closure of the Eastgate depot on the loss of the bus contract.

    ...

    Losing the bus contract led to the Eastgate depot closing, the mayor said.
    ```

    ## Instead
    Keep the sentence where it belongs and cut the other, or make the second one add something.
    Passages repeated word for word are reported by NL101 instead. Sentences in list entries are not
    compared.
    """

    code = "NL102"
    name = "restated-sentence"
    severity = Severity.WARNING
    summary = "A sentence that restates an earlier sentence of the same article in other words."
    options = (
        Option("threshold", float, 0.65, "the combined similarity (0 to 1) from which a sentence counts as restated",
               minimum=0.0),
        Option("max-group", int, 3, "sentences that restate each other in a larger group than this are the "
               "theme of the piece (readers' views, a vox pop) and are not reported", minimum=2),
        Option("min-content-words", int, 5, "sentences with fewer content words are not compared", minimum=2),
    )

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
                exact = RepeatedPassage({"min-words": 8, "lede-min-words": 8}).repeated_runs(doc)
            if any(s < b.end and e > b.start and fs < a.end and fe > a.start for s, e, fs, fe, _ in exact):
                continue  # said word for word: that is NL101's finding
            line = doc.position(a.start).line
            yield self.finding(
                doc, b.start, b.end,
                f"this sentence restates line {line} ({round(best * 100)}% similar): "
                f"\u201c{preview(doc.prose_text(a.start, a.end))}\u201d",
                related=[self.related(doc, a.start, a.end, "the earlier sentence")],
            )


# --- NL103 and NL104: passages and articles shared between articles -------------------------------

def _options_of(rule: Rule, code: str, cls: type[Rule]) -> dict:
    """Another rule's configured options (for the thresholds two rules must agree on)."""
    values = {opt.name: opt.default for opt in cls.options}
    settings = rule.settings
    if settings is not None:
        values.update(settings.rule_options.get(code, {}) or settings.rule_options.get(cls.name, {}))
    return values


def find_duplicates(docs, context, min_similarity: float, min_words: int) -> list[tuple[int, int, float, bool]]:
    """Pairs of articles (indices into the index) that are the same story: ``(a, b, similarity, identical)``.

    At least one article of each pair is in the run. Candidates are articles sharing fingerprints;
    the similarity is rapidfuzz's normalised Indel similarity of the two word sequences.
    """
    index = passage_index(docs, context)

    def build():
        pairs = []
        for idx in range(index.n_run):
            art = index.articles[idx]
            if art.n_words < min_words:
                continue
            for other, shared in sorted(index.candidates(idx, max_frequency=50).items()):
                other_art = index.articles[other]
                if other < index.n_run and other < idx or other_art.n_words < min_words:
                    continue
                if shared / max(1, art.n_fingerprints + other_art.n_fingerprints - shared) < 0.5:
                    continue
                words_a, words_b = index.words(idx), index.words(other)
                if words_b is None:
                    continue
                ta = [w for w, _, _ in words_a]
                tb = [w for w, _, _ in words_b]
                from rapidfuzz.distance import Indel  # here: a run with no candidate pair never needs it

                similarity = Indel.normalized_similarity(ta, tb)
                if similarity >= min_similarity:
                    pairs.append((idx, other, similarity, ta == tb))
        return pairs

    return context.shared(("newslint.duplicates", min_similarity, min_words), build)


class RecycledPassage(Rule):
    """
    ## What it does
    Finds a passage (twelve words or more by default) that an article shares with another article
    of the run or of the archive (`archive = ["path/"]` in the configuration, or `--archive PATH`).
    It reports the passage in the checked article and points at the other article's line.

    A passage found in many articles (`boilerplate-articles`, five by default) is boilerplate, such
    as a standard closing paragraph; NL302 reports that, not this rule. Articles that are the same
    story as a whole are reported once by NL104 instead.

    ## Why it matters
    Copy recycled from an earlier story carries yesterday's facts into today's article, and a
    passage lifted from another writer's story is a question of credit. In pre-commit, where only
    the changed article is checked, the archive is what it is compared with.

    ## Example
    ```text
    archive/2024-03-02-depot.md:
    The depot, which opened in 1962, employs 140 drivers and mechanics on two shifts.

    today.md:
    The depot, which opened in 1962, employs 140 drivers and mechanics on two shifts.
    ```

    ## Instead
    Write the passage afresh, or attribute and quote it. The archive's fingerprints are kept in an
    SQLite file under the cache folder (`--cache-dir`, default `.newslint_cache/`), so only archive
    files that changed are read again.
    """

    code = "NL103"
    name = "recycled-passage"
    severity = Severity.WARNING
    summary = "A passage shared with another article of the run or the archive."
    options = (
        Option("min-words", int, 12, "the shortest shared run of words reported", minimum=5),
        Option("max-gap", int, 5, "shared runs this few words apart are reported as one passage", minimum=0),
        Option("boilerplate-articles", int, 5, "a passage found in this many articles or more is boilerplate, "
               "not recycling", minimum=3),
    )

    def prepare(self, doc: Document):
        """The article's fingerprints and paragraph hashes, made in the worker processes so the
        main process only merges them into the index and verifies candidate pairs."""
        return prepared_fingerprint(doc, self.config["min-words"])

    def check_run(self, docs, context) -> Iterable[Finding]:
        return _without_gc(lambda: list(self._recycled(docs, context)))

    def _recycled(self, docs, context) -> Iterable[Finding]:
        min_words = self.config["min-words"]
        boilerplate = self.config["boilerplate-articles"]
        index = passage_index(docs, context, min_words)
        dup = _options_of(self, "NL104", DuplicateArticle)
        duplicate_pairs = {frozenset((a, b)) for a, b, _, _ in
                           find_duplicates(docs, context, dup["min-similarity"], dup["min-words"])}
        para_freq = index.paragraph_frequencies(
            h for paras in index.run_paragraphs.values() for h, _, _ in paras)
        for idx in range(index.n_run):
            doc = index.articles[idx].doc
            others = [other for other in sorted(index.candidates(idx, max_frequency=boilerplate))
                      if frozenset((idx, other)) not in duplicate_pairs
                      # two articles of the run: reported once, in the later one
                      and not (other < index.n_run and index.articles[other].path > doc.path)]
            if not others:
                continue  # most articles: their words are never looked at
            words = index.words(idx)
            tokens = [w for w, _, _ in words]
            common = {(s, e) for h, s, e in index.run_paragraphs.get(doc.path, ()) if para_freq[h] >= boilerplate}
            own = index.run_fingerprints(idx)
            freq = index.fingerprint_frequencies(own)
            runs: list[tuple[int, int, object]] = []  # (first word, last word, related)
            for other in others:
                other_words = index.words(other)
                if other_words is None:
                    continue
                other_doc = index.document(other)
                for i, j, length in find_shared_runs(tokens, [w for w, _, _ in other_words], min_words):
                    start, end = words[i][1], words[i + length - 1][2]
                    if any(s <= start and end <= e for s, e in common):
                        continue
                    inside = [h for h in kgram_hashes(tokens[i:i + length], index.k) if h in own]
                    if inside and 2 * sum(freq[h] >= boilerplate for h in inside) > len(inside):
                        continue
                    o_start, o_end = other_words[j][1], other_words[j + length - 1][2]
                    runs.append((i, i + length - 1, self.related(other_doc, o_start, o_end, "also here")))
            for first, last, related in merge_runs(runs, gap=self.config["max-gap"]):
                start, end = words[first][1], words[last][2]
                more = f" and {len(related) - 1} other article{'s' if len(related) > 2 else ''}" if len(related) > 1 else ""
                yield self.finding(
                    doc, start, end,
                    f"this passage of {last - first + 1} words is also in {related[0].path} "
                    f"line {related[0].start.line}{more}: \u201c{preview(doc.prose_text(start, end))}\u201d",
                    related=related,
                )


def merge_runs(runs: list[tuple[int, int, object]], gap: int) -> list[tuple[int, int, list]]:
    """Join shared runs that overlap or lie within ``gap`` words of each other (a lightly edited
    passage, or one passage shared with several articles) into one ``(first, last, related)``."""
    merged: list[tuple[int, int, list]] = []
    for first, last, rel in sorted(runs, key=lambda r: (r[0], r[1])):
        if merged and first <= merged[-1][1] + gap + 1:
            m_first, m_last, rels = merged[-1]
            if all(r.path != rel.path for r in rels):
                rels.append(rel)
            merged[-1] = (m_first, max(m_last, last), rels)
        else:
            merged.append((first, last, [rel]))
    return merged


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
    news/depot-closure.md and news/depot-closure-final.md with the same body text
    ```

    ## Instead
    Delete one of the two files, or rewrite the second story so it carries the news on.
    """

    code = "NL104"
    name = "duplicate-article"
    severity = Severity.WARNING
    summary = "Two articles that are the same story."
    options = (
        Option("min-similarity", float, 0.9, "the word-sequence similarity (0 to 1) from which two articles "
               "count as the same story", minimum=0.5),
        Option("min-words", int, 50, "shorter articles are not compared", minimum=1),
    )

    def check_run(self, docs, context) -> Iterable[Finding]:
        return _without_gc(lambda: list(self._duplicates(docs, context)))

    def _duplicates(self, docs, context) -> Iterable[Finding]:
        index = passage_index(docs, context)
        for a, b, similarity, identical in find_duplicates(docs, context, self.config["min-similarity"],
                                                            self.config["min-words"]):
            here, there = (b, a) if b < index.n_run else (a, b)
            if b < index.n_run and index.articles[a].path > index.articles[b].path:
                here, there = a, b
            doc, other = index.articles[here].doc, index.document(there)
            block = doc.blocks[0]
            what = ("has the same text as" if identical
                    else f"is a near-duplicate ({int(similarity * 100)}% similar) of")
            yield self.finding(
                doc, block.start, block.end,
                f"this article {what} {other.path}",
                related=[self.related(other, other.blocks[0].start, other.blocks[0].end, "the other article")],
            )


RULES = [RepeatedPassage, RestatedSentence, RecycledPassage, DuplicateArticle]
