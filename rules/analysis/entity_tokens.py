"""Tokens of an article's prose as the entity-name rules see them.

A token is one word of a body paragraph with its possessive stripped ("Trump's" → "Trump"), and
whether it opens a sentence (or a quotation, or follows a colon), where a capital letter says
nothing about whether the word is a name.

The three entity rules read the same tokens: ``analyse(doc)`` builds them once per document and
keeps them (and a few indexes over them) for the document being checked, and only that one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import partial
from itertools import compress
from operator import itemgetter, not_
from typing import Iterable, NamedTuple

from newslint import Document

from .words import paragraph_words

#: characters after which a capital letter is expected whatever the word
#: function words as they are written at the start of a sentence or in a title
CAPITALISED_FUNCTION_WORDS = frozenset(
    "In At On For From To By With And But As Of The A An If When While After Before Since".split())
_OPENERS = frozenset("\"\u201c\u2018'(:\u2014-[")
_APOSTROPHES = ("'", "\u2019")

#: small words that sit inside names ("Bank of England", "Ludwig van Beethoven")
CONNECTORS = frozenset("of the de van von der den da di du le la al bin ibn del y and for on".split())

#: honorifics and courtesy titles that precede a surname
HONORIFICS = frozenset("Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady Prof Professor Rev Fr Sr Jr".split())


class Token(NamedTuple):
    text: str
    start: int
    end: int
    #: the first word of a sentence, a quotation or a clause after a colon
    initial: bool
    #: index of the sentence in the document
    sentence: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def acronym(self) -> bool:
        return is_acronym(self.text)


_new_token = partial(tuple.__new__, Token)
_START, _END = itemgetter(0), itemgetter(1)


def is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    # "BBC", "GMs" and "WiFi" are not names to spell-check; "McManus" and "DeLay" are
    return len(letters) > 1 and sum(c.isupper() for c in letters) * 2 > len(letters)


def _strip_possessive(word: str) -> int:
    """How many characters of possessive ending ``word`` has ("Trump's": 2, "Jones'": 1)."""
    last = word[-1]
    if last == "s":
        return 2 if len(word) > 1 and word[-2] in _APOSTROPHES else 0
    if last in _APOSTROPHES:
        return 1 if len(word) > 1 and word[-2] == "s" else 0
    return 0


def _tokens(doc: Document, blocks: Iterable) -> list[Token]:
    out: list[Token] = []
    append = out.append
    new = tuple.__new__
    sentence_no = 0
    text = doc.text
    openers = _OPENERS
    for block in blocks:
        for sentence in block.sentences:
            sentence_no += 1
            s0 = sentence.start
            first = True
            for ws, we in sentence.words:
                word = text[ws:we]
                last = word[-1]
                if last == "s" or last in _APOSTROPHES:
                    cut = _strip_possessive(word)
                    if cut:
                        we -= cut
                        if we <= ws:
                            first = False
                            continue
                        word = word[:-cut]
                if first:
                    initial = True
                    first = False
                else:
                    j = ws - 1
                    while j >= s0 and text[j] in " \t":
                        j -= 1
                    initial = j >= s0 and text[j] in openers
                append(new(Token, (word, ws, we, initial, sentence_no)))
    return out


def body_tokens(doc: Document, kinds: Iterable[str] | None = None) -> list[Token]:
    """Tokens of the body paragraphs (or of the blocks of ``kinds``), in order."""
    if kinds is None:
        return list(analyse(doc).tokens)
    kinds = set(kinds)
    return _tokens(doc, [b for b in doc.blocks if b.kind in kinds])


def is_wordlike(word: str) -> bool:
    return word.replace("-", "").replace("'", "").replace("\u2019", "").isalpha()


#: an opening character and the blanks after it: a word starting where this ends is initial
_OPENER_RUN_RE = re.compile(r"[\"\u201c\u2018'(:\u2014\-\[][ \t]*")
_APOSTROPHE_RE = re.compile("['\u2019]")
_POSSESSIVE_ENDINGS = ("'s", "\u2019s", "s'", "s\u2019")


class Analysis:
    """The body tokens of one document and the indexes the entity rules share.

    The tokens are kept as parallel lists (``texts``, ``starts``, ``ends``, ``initial``,
    ``sentence``); ``tokens`` builds the ``Token`` records from them when a rule needs them.
    """

    __slots__ = ("texts", "starts", "ends", "initial", "sentence", "lowers", "capitalised",
                 "_tokens", "_lower_words", "_cap_positions")

    def __init__(self, doc: Document) -> None:
        text = doc.text
        spans, originals = paragraph_words(doc)  # the words' text, shared with the other rules
        sentence: list[int] = []
        firsts: list[int] = []
        n = 0
        for block in doc.paragraphs:
            for s in block.sentences:
                n += 1
                firsts.append(len(sentence))
                sentence += [n] * len(s.words)
        if spans:
            starts, ends = list(map(_START, spans)), list(map(_END, spans))
            texts = list(originals)  # a copy: possessive endings are cut below
            lo, hi = starts[0], ends[-1]
            openers = {m.end() for m in _OPENER_RUN_RE.finditer(text, lo, hi)}
            initial = list(map(openers.__contains__, starts))
            for k in firsts:
                initial[k] = True
            # possessive endings: from each apostrophe, the word ending one or two letters on
            possessive = set()
            for m in _APOSTROPHE_RE.finditer(text, lo, hi):
                for e in (m.end() + 1, m.end()):
                    k = bisect_left(ends, e)
                    if k < len(ends) and ends[k] == e and texts[k].endswith(_POSSESSIVE_ENDINGS):
                        possessive.add(k)
            if possessive:
                self._strip_possessives(sorted(possessive), texts, starts, ends, initial, sentence)
        else:
            texts, starts, ends, initial = [], [], [], []
        self.texts, self.starts, self.ends, self.initial, self.sentence = texts, starts, ends, initial, sentence
        #: every word in lower case (one call: no word holds a space)
        self.lowers = lowers = " ".join(texts).lower().split()
        if len(lowers) != len(texts):
            self.lowers = [w.lower() for w in texts]
        self.capitalised = list(map(str.isupper, map(itemgetter(0), texts)))
        self._tokens: list[Token] | None = None
        self._lower_words: set[str] | None = None
        self._cap_positions: dict[str, list[int]] | None = None

    @staticmethod
    def _strip_possessives(possessive: list[int], texts: list[str], starts: list[int], ends: list[int],
                           initial: list[bool], sentence: list[int]) -> None:
        """Cut the possessive endings of the tokens ``possessive`` (dropping a word that is all ending)."""
        dropped: list[int] = []
        for k in possessive:
            w = texts[k]
            cut = _strip_possessive(w)
            ends[k] -= cut
            if ends[k] <= starts[k]:
                dropped.append(k)
            else:
                texts[k] = w[:-cut]
        # a dropped word leaves its neighbours' flags as they were: each was read from the text before it
        for k in reversed(dropped):
            for seq in (texts, starts, ends, initial, sentence):
                del seq[k]

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = list(map(_new_token, zip(self.texts, self.starts, self.ends, self.initial, self.sentence)))
        return self._tokens

    @property
    def lower_words(self) -> set[str]:
        """The words written in lower case somewhere, lower-cased."""
        if self._lower_words is None:
            self._lower_words = set(compress(self.lowers, map(not_, self.capitalised)))
        return self._lower_words

    @property
    def cap_positions(self) -> dict[str, list[int]]:
        """Each capitalised word, with the indices of its tokens, in order of first appearance."""
        if self._cap_positions is None:
            positions: dict[str, list[int]] = {}
            texts = self.texts
            for i in compress(range(len(texts)), self.capitalised):
                w = texts[i]
                idxs = positions.get(w)
                if idxs is None:
                    positions[w] = [i]
                else:
                    idxs.append(i)
            self._cap_positions = positions
        return self._cap_positions


def analyse(doc: Document) -> Analysis:
    """The shared analysis of ``doc``, built once per document for the rules that use it."""
    return doc.cache.get("newslint.entity-tokens", lambda: Analysis(doc))


_OPEN_QUOTES, _CLOSE_QUOTES = "\u201c\u00ab", "\u201d\u00bb"


def in_quotation(prose: str, block_start: int, pos: int) -> bool:
    """``pos`` is inside a direct quotation of its paragraph (a quotation may run on to the end
    of the paragraph, as a quotation carried into the next paragraph does).

    The quotation marks before ``pos`` are counted on from the last position asked for in the same
    paragraph, so that asking for every name of a long paragraph, in order, reads it once."""
    global _COUNTED_PROSE
    if _COUNTED_PROSE is not prose:  # another document: forget the last one's counts
        _COUNTS.clear()
        _COUNTED_PROSE = prose
    counts = _COUNTS.get(block_start)
    if counts is None or counts[0] > pos:
        counts = _COUNTS[block_start] = [block_start, 0, 0, 0]
    piece = prose[counts[0]:pos]
    counts[0] = pos
    counts[1] += sum(map(piece.count, _OPEN_QUOTES))
    counts[2] += sum(map(piece.count, _CLOSE_QUOTES))
    counts[3] += piece.count('"')
    if counts[1]:
        return counts[1] > counts[2]
    return counts[3] % 2 == 1


#: quotation marks counted so far, by paragraph start: [position, opening, closing, straight]
_COUNTS: dict[int, list[int]] = {}
_COUNTED_PROSE: str | None = None
