"""Winnowed fingerprints of an article's words: what the passage index stores and looks up.

A fingerprint is the hash of ``k`` consecutive folded words; winnowing keeps the minimum of every
window of ``w`` consecutive k-gram hashes, so any passage of at least ``k + w - 1`` words that two
articles share gives both the same fingerprint.

Each distinct folded word is hashed once (blake2b, the same in every process and on every
machine), and a k-gram's hash is a polynomial of its words' hashes, rolled from one k-gram to the
next with two multiplications: several times cheaper than hashing each k-gram's text. Hashes are
kept to 47 bits, which SQLite stores in six bytes instead of eight; at ten million articles a
lookup meets a chance collision about once in five hundred articles, and every candidate is
verified word by word anyway.

The archive's files are fingerprinted from their bytes (``fingerprint_bytes``), with the
segmentation the engine uses (``newslint.document.body_prose``) but without splitting sentences
or building a document: the words, and so the fingerprints, are the same as a run article's. Its
words are found without the regular expression where the text allows (``_words``), and its
k-grams hashed and winnowed on the whole article at once (``winnowed``).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import accumulate, repeat
from operator import and_, mul, rshift, sub
from typing import TYPE_CHECKING, Iterator, NamedTuple, Sequence

from .words import _QUOTES, fold, folded_words

if TYPE_CHECKING:  # pragma: no cover
    from newslint import Document

#: bump when normalisation or hashing changes: caches made with another version are rebuilt
FORMAT_VERSION = 3
#: the shortest shared passage the index is sure to find, unless a rule asks for another
DEFAULT_GUARANTEE = 12

try:  # the module hashlib takes blake2b from; importing hashlib itself loads OpenSSL, which costs
    from _blake2 import blake2b  # a one-article run more than all its fingerprints
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

_MASK64 = (1 << 64) - 1
#: the polynomial's base: odd, with its bits spread (the golden ratio's 64-bit constant)
_BASE = 0x9E3779B97F4A7C15
#: a 64-bit polynomial hash is cut to its top 47 bits: a non-negative integer that SQLite stores
#: in six bytes
_SHIFT, _MASK47 = 17, (1 << 47) - 1


def stable_hash(text: str) -> int:
    """A signed 64-bit hash that is the same in every process (SQLite integers are signed)."""
    return int.from_bytes(blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


@lru_cache(maxsize=1 << 18)
def _word_hash(token: str) -> int:
    """An unsigned 64-bit hash of a folded word, memoised for the vocabulary (not per document)."""
    return int.from_bytes(blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")


def window_sizes(guarantee: int) -> tuple[int, int]:
    """``(k, w)`` such that every shared run of ``guarantee`` words shares a fingerprint.

    Winnowing keeps about ``2 / (w + 1)`` of the k-grams, so a shorter k-gram and a wider window
    store fewer fingerprints for the same guarantee: seven and six keep 15% fewer than eight and
    five (the index is that much smaller) and find the same twelve-word passages; below seven,
    common phrases ("said in a statement on its website") would make a fingerprint frequent."""
    k = max(3, min(7, guarantee - 2))
    return k, guarantee - k + 1


#: the most words a caller's own memo of their hashes holds (``kgram_hashes``): about 5 MB
MEMO_WORDS = 50_000


def kgram_hashes(tokens: Sequence[str], k: int, memo: dict[str, int] | None = None) -> list[int]:
    """The hash of every run of ``k`` consecutive tokens, in order (47-bit integers, never negative).
    With ``memo``, the words' hashes are kept there (emptied once it holds ``MEMO_WORDS``) instead
    of in the memo of the vocabulary, which, full, holds some 20 MB.

    The hash of the k-gram at ``i`` is ``sum(h[j] * B**(i+k-1-j))`` over its words ``j``, modulo
    2**64. It is computed from prefix sums of ``h[j] * B**-j`` (the base is odd, so it has an
    inverse modulo 2**64) with ``map`` and ``accumulate``, which run in C: a Python loop per
    k-gram would cost more than everything else fingerprinting does.
    """
    n = len(tokens)
    if n < k:
        return []
    powers, inverses = _powers(n)
    if memo is None:
        word_hashes = map(_word_hash, tokens)
    else:
        new_words = set(tokens).difference(memo)
        if len(memo) + len(new_words) > MEMO_WORDS:
            memo.clear()
            new_words = set(tokens)
        make = _word_hash.__wrapped__
        memo.update(zip(new_words, map(make, new_words)))
        word_hashes = map(memo.__getitem__, tokens)
    prefix = [0, *accumulate(map(mul, word_hashes, inverses))]
    hashes = map(mul, map(sub, prefix[k:], prefix), powers[k - 1:n])
    # the products are never negative: bits 17 to 63 of each, in one shift and one mask
    return list(map(and_, map(rshift, hashes, repeat(_SHIFT)), repeat(_MASK47)))


def local_kgram_hashes(tokens: Sequence[str], k: int) -> Iterator[int]:
    """The hash of every run of ``k`` consecutive tokens, in order, the same for the same run in
    this process only: Python's own hash of the run as a tuple (a string keeps its hash once made,
    and the seed differs from process to process), several times cheaper than ``kgram_hashes``,
    which hashes each word with blake2b and rolls a polynomial. For ruling out, in one process,
    articles that cannot share a run with another; never stored or sent to another process."""
    return map(hash, zip(*[tokens[i:] for i in range(k)]))


#: powers of the base and of its inverse modulo 2**64, grown to the longest article seen
_POWERS: list[list[int]] = [[1], [1]]


def _powers(n: int) -> tuple[list[int], list[int]]:
    powers, inverses = _POWERS
    if len(powers) < n:
        inverse = pow(_BASE, -1, 1 << 64)
        for _ in range(len(powers), max(n, 2 * len(powers))):
            powers.append(powers[-1] * _BASE & _MASK64)
            inverses.append(inverses[-1] * inverse & _MASK64)
    return powers, inverses


def winnow(hashes: Sequence[int], w: int) -> set[int]:
    """The minimum hash of every window of ``w`` consecutive hashes (all of them if fewer)."""
    if len(hashes) <= w:
        return set(hashes)
    return set(map(min, zip(*[hashes[i:] for i in range(w)])))


# --- the archive's path: k-grams and winnowing on whole articles at once ----------------------
#
# ``winnowed(tokens, k, w)`` is ``sorted(winnow(kgram_hashes(tokens, k), w))`` computed with a few
# operations on integers as long as the article instead of a few per word (30% fewer instructions
# for a 550-word article):
#
# * every k-gram's polynomial is found for all k-grams at once: the words' hashes laid out in
#   fields of ``_FIELD`` bytes of one integer, the polynomials of runs of 1, 2, 3, 6, 7 words are
#   each made from shorter ones with one multiplication by a 64-bit number (``_polynomials``). A
#   field holds less than 2**136, so none carries into the next; its low 64 bits are the
#   polynomial modulo 2**64, bits 17 to 63 of which are the k-gram's hash, as above;
# * the hashes are then moved into 64-bit fields, and the minimum of each window is taken for all
#   windows at once with SWAR arithmetic: ``min(a, b)`` of every field from the sign of
#   ``(a | guard) - b`` (the hashes have 47 bits, so a field never borrows from the next), for
#   windows of 2, 4, ... fields by shifting, and for ``w`` fields from two overlapping windows of
#   the largest power of two under it.

#: bytes per word in the polynomials' layout: room for the sum of a few products of 64-bit numbers
_FIELD = 17
#: ``_FIELD``-byte little-endian hash of each folded word seen by this process (bounded)
_FIELDS: dict[str, bytes] = {}
_FIELDS_MAX = 1 << 18


def _word_fields(tokens: Sequence[str]) -> bytes:
    """The words' hashes (``_word_hash``), each in a ``_FIELD``-byte little-endian field."""
    fields = _FIELDS
    try:
        return b"".join(map(fields.__getitem__, tokens))
    except KeyError:
        if len(fields) > _FIELDS_MAX:
            fields.clear()
        for token in set(tokens).difference(fields):
            fields[token] = blake2b(token.encode("utf-8"), digest_size=8).digest() + bytes(_FIELD - 8)
        return b"".join(map(fields.__getitem__, tokens))


def _polynomials(words: int, n: int, k: int) -> int:
    """Field ``i`` (of ``_FIELD`` bytes) holds, in its low 64 bits, the polynomial of the k-gram
    at ``i`` modulo 2**64, for the ``n`` words' hashes in the fields of ``words``.

    The polynomials of runs of ``2a`` words are those of runs of ``a`` words times ``B**a`` plus
    those of the runs ``a`` words further on; of ``a + 1`` words, those of ``a`` words times ``B``
    plus the next word's hash: ``k`` is reached from 1 by its bits, with a multiplication by one
    64-bit number each, and the fields cut to their low 64 bits before each: each step adds less
    than 2**128 to what a field may hold, and there are at most twice as many steps as ``k`` has
    bits, so no field reaches 2**136 and carries into the next."""
    bits = 8 * _FIELD
    low = _repeated(b"\xff" * 8 + bytes(_FIELD - 8), n)
    run, length = words, 1
    for bit in bin(k)[3:]:
        run = (run & low) * pow(_BASE, length, 1 << 64) + (run >> (bits * length))
        length *= 2
        if bit == "1":
            run = (run & low) * _BASE + (words >> (bits * length))
            length += 1
    return run


def winnowed(tokens: Sequence[str], k: int, w: int) -> list[int]:
    """``sorted(winnow(kgram_hashes(tokens, k), w))``, the same numbers, several times cheaper."""
    n = len(tokens)
    if n < k:
        return []
    from array import array
    from sys import byteorder

    m = n - k + 1  # k-grams
    product = _polynomials(int.from_bytes(_word_fields(tokens), "little"), n, k)
    wide = product.to_bytes(_FIELD * n, "little")
    packed = bytearray(8 * m)  # the low eight bytes of each field: the polynomial modulo 2**64
    for b in range(8):
        packed[b::8] = wide[b:_FIELD * m:_FIELD]
    hashes = (int.from_bytes(packed, "little") >> _SHIFT) & _repeated(b"\xff\xff\xff\xff\xff\x7f\x00\x00", m)
    if m > w:
        hashes = _window_minima(hashes, m, w)
        m -= w - 1
    values = array("Q", hashes.to_bytes(8 * (n - k + 1), "little")[:8 * m])
    if byteorder != "little":  # pragma: no cover - the fields were written little-endian
        values.byteswap()
    return sorted(set(values))


def _repeated(field: bytes, m: int) -> int:
    return int.from_bytes(field * m, "little")


def _window_minima(hashes: int, m: int, w: int) -> int:
    """Field ``i`` of the result: the minimum of fields ``i`` to ``i + w - 1`` of ``hashes`` (``m``
    fields of 64 bits holding numbers under 2**47; the last ``w - 1`` fields of the result are
    not windows and hold anything)."""
    guard = _repeated(b"\x00\x00\x00\x00\x00\x00\x00\x80", m)

    def minimum(a: int, b: int) -> int:
        ge = (((a | guard) - b) & guard) >> 63  # 1 in the fields where a >= b
        return a ^ ((a ^ b) & ((ge << 47) - ge))

    span = 1
    while 2 * span <= w:
        hashes = minimum(hashes, hashes >> (64 * span))
        span *= 2
    if span < w:  # two windows of ``span`` fields that overlap cover ``w``
        hashes = minimum(hashes, hashes >> (64 * (w - span)))
    return hashes


def _paragraph_hashes(tokens: list[str], starts: list[int], spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """``(hash, start, end)`` of each paragraph's folded words (paragraphs without words skipped)."""
    from bisect import bisect_left

    out = []
    for start, end in spans:
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        if lo < hi:
            out.append((stable_hash(" ".join(tokens[lo:hi])), start, end))
    return out


# a named tuple, not a dataclass: several times cheaper to define, and every run imports this module
class Fingerprint(NamedTuple):
    """What the index keeps of one article."""

    fingerprints: set[int]
    paragraphs: list[tuple[int, int, int]]
    n_words: int
    words: list[tuple[str, int, int]]


def fingerprint(doc: "Document", guarantee: int = DEFAULT_GUARANTEE) -> Fingerprint:
    """The fingerprints, paragraph hashes and folded words of a parsed article."""
    k, w = window_sizes(guarantee)
    words = folded_words(doc)
    tokens = [t for t, _, _ in words]
    paragraphs = _paragraph_hashes(tokens, [s for _, s, _ in words], [(b.start, b.end) for b in doc.paragraphs])
    return Fingerprint(winnow(kgram_hashes(tokens, k), w), paragraphs, len(tokens), words)


def paragraph_hashes(doc: "Document", words: list[tuple[str, int, int]] | None = None) -> list[tuple[int, int, int]]:
    """``(hash, start, end)`` of each body paragraph's normalised text (empty paragraphs skipped)."""
    words = folded_words(doc) if words is None else words
    return _paragraph_hashes([t for t, _, _ in words], [s for _, s, _ in words],
                             [(b.start, b.end) for b in doc.paragraphs])


class FileFingerprint(NamedTuple):
    """What the archive's index stores of one file: sorted fingerprints, paragraph hashes, words."""

    fingerprints: list[int]
    paragraphs: list[int]
    n_words: int


def fingerprint_bytes(path: str, data: bytes, guarantee: int) -> FileFingerprint:
    """The fingerprints of the article in ``data``, the same as ``fingerprint(load(path, data))``
    gives, without building the document. Raises ``UnreadableFile`` (an empty article too)."""
    tokens, paragraphs = folded_paragraphs(path, data)
    k, w = window_sizes(guarantee)
    return FileFingerprint(winnowed(tokens, k, w), sorted(paragraphs), len(tokens))


#: the marks ``fold`` changes, and the quote marks among them that are not joiners (``WORD_RE``
#: joins words with ' and \u2019)
_MARKS = ("'", *map(chr, _QUOTES))
_NOT_JOINERS = tuple(c for c in map(chr, _QUOTES) if c != "\u2019")
#: what an apostrophe must not be next to: removing it could join or split words
_JOINERS_AND_APOSTROPHES = frozenset("-./&'\u2019")
#: characters outside ASCII that are neither in a word nor joiners, common in news copy (quote
#: marks, currency, dashes, ellipsis, spaces): spaces instead of them find the same words
_SPACES_OUTSIDE_ASCII = ("\u201c", "\u201d", "\u00a3", "\u20ac", "\u2014", "\u2013", "\u2026", "\u00a0",
                         "\u00ab", "\u00bb")
_JOINERS = tuple("'-./&")
#: ASCII bytes that are neither letters, digits nor joiners, as spaces
_ASCII_SPACES = bytes(c if chr(c).isalnum() or chr(c) in _JOINERS else 32 for c in range(256))
_WORD_RE = None


def _folded_already(lowered: str) -> bool:
    """A lowered text without quote marks or apostrophes: its words (``WORD_RE`` matches) are
    folded as they are, since a match starts and ends with a letter or digit (nothing to strip)."""
    return not any(map(lowered.__contains__, _MARKS))


def _apostrophes_only(lowered: str) -> bool:
    """Whether the only marks a text holds are apostrophes (' and \u2019, which ``WORD_RE`` joins
    words with), none of them next to another joiner or mark: then an apostrophe is either inside
    a word, where folding drops it, or between a word and a space or punctuation, where it joins
    nothing, so removing them all before finding the words changes nothing but the words."""
    if any(map(lowered.__contains__, _NOT_JOINERS)):
        return False
    last = len(lowered) - 1
    for apostrophe in ("'", "\u2019"):  # a few in an article: look at each one's neighbours
        i = lowered.find(apostrophe)
        while i >= 0:
            if i > 0 and lowered[i - 1] in _JOINERS_AND_APOSTROPHES or \
                    i < last and lowered[i + 1] in _JOINERS_AND_APOSTROPHES:
                return False
            i = lowered.find(apostrophe, i + 1)
    return True


def _words(text: str) -> list[str]:
    """``WORD_RE.findall(text)`` without the regular expression when ``text`` is ASCII (or is
    once the common marks outside it are spaces), several times cheaper.

    A match of ``WORD_RE`` is a longest run of letters, digits (``[^\\W_]``) and joiners that
    have a letter or digit on both sides. So the words are what ``split`` gives once every other
    character is a space: what is neither a letter, a digit nor a joiner (one ``translate`` of the
    bytes), then the joiners next to a space or another joiner, until there are none."""
    if not text.isascii():
        for mark in _SPACES_OUTSIDE_ASCII:
            if mark in text:
                text = text.replace(mark, " ")
        if not text.isascii():  # letters outside ASCII: the regular expression knows them
            global _WORD_RE
            if _WORD_RE is None:
                from newslint.segment import WORD_RE as _WORD_RE
            return _WORD_RE.findall(text)
    # (bytes translate fast; str finds and replaces fast)
    text = f" {text} ".encode("ascii").translate(_ASCII_SPACES).decode("ascii")
    joiners = [j for j in _JOINERS if j in text]
    if joiners:
        lone = (*(" " + j for j in joiners), *(j + " " for j in joiners), *(a + b for a in joiners for b in joiners))
        while any(map(text.__contains__, lone)):
            for pair in lone:
                text = text.replace(pair, "  ")
    return text.split()


def _one_pass(lowered_all: str, spans, folded: bool) -> str:
    """The text whose words (``_words``) are all the paragraphs' folded words, when lowering and
    dropping apostrophes is all the folding the whole text needs: every paragraph's words are
    found the same way, and no word spans the space put between two paragraphs."""
    text = " ".join([lowered_all[start:end] for start, end in spans])
    return text if folded else text.replace("'", "").replace("\u2019", "")


def folded_text(path: str, data: bytes, fmt: str | None = None) -> str | None:
    """The text whose words (``_words``, and ``words_around``) are the article's folded words,
    those of ``folded_paragraphs``; ``None`` when its words must be folded one by one (a letter
    that lowers to two, a quote mark, an apostrophe next to a joiner). Raises ``UnreadableFile``."""
    from newslint.document import UnreadableFile, body_prose

    text, prose, spans = body_prose(path, data, fmt)
    if not text.strip():
        raise UnreadableFile("is empty")
    lowered_all = prose.lower()
    if len(lowered_all) != len(prose) or "\u03a3" in prose:
        return None
    folded = _folded_already(lowered_all)
    if not (folded or _apostrophes_only(lowered_all)):
        return None
    return _one_pass(lowered_all, spans, folded)


def words_around(text: str, word: str, n: int) -> Iterator[list[str] | None]:
    """For each place where ``word`` is one of the words of ``text`` (``_words``), the words from
    ``n - 1`` before it to ``n - 1`` after it (fewer at either end of the text): every run of ``n``
    words that holds it. Only a few hundred characters around each place are split into words.
    ``None`` for a place where that stretch was too short (words hundreds of characters long):
    the caller then looks at all of the text's words, with ``tokens_around``."""
    reach = 24 * n  # characters either side: a news word is six or seven
    size = len(text)
    i = text.find(word)
    while i >= 0:
        end_of_word = i + len(word)
        # a word of the text starts here: neither a letter or digit before it, nor a joiner
        # that has one before it (which would join it to the word before)
        before = text[i - 1] if i else " "
        if not (before.isalnum() or before in _JOINERS and i > 1 and text[i - 2].isalnum()):
            start = text.rfind(" ", 0, i - reach) + 1 if i > reach else 0
            end = text.find(" ", end_of_word + reach) if end_of_word + reach < size else -1
            end = size if end < 0 else end
            # (a word never holds a space, so the words of each piece are the text's own)
            left, right = _words(text[start:i]), _words(text[i:end])
            if right and right[0] == word:
                if (len(left) < n - 1 and start > 0) or (len(right) < n and end < size):
                    yield None
                else:
                    yield left[len(left) - (n - 1):] + right[:n] if len(left) > n - 1 else left + right[:n]
        i = text.find(word, i + 1)


def tokens_around(tokens: Sequence[str], word: str, n: int) -> Iterator[list[str]]:
    """``words_around`` on a list of words: from ``n - 1`` before each ``word`` to ``n - 1`` after."""
    i = -1
    try:
        while True:
            i = tokens.index(word, i + 1)
            yield list(tokens[max(0, i - (n - 1)):i + n])
    except ValueError:
        return


def folded_paragraphs(path: str, data: bytes, fmt: str | None = None,
                      hashed: bool = True) -> tuple[list[str], set[int]]:
    """The folded words of the article in ``data`` (those of ``folded_words(load(path, data, fmt))``)
    and the hashes of its paragraphs (none unless ``hashed``), without building the document.
    Raises ``UnreadableFile``."""
    from newslint.document import UnreadableFile, body_prose
    from newslint.segment import WORD_RE

    text, prose, spans = body_prose(path, data, fmt)
    if not text.strip():
        raise UnreadableFile("is empty")
    tokens: list[str] = []
    paragraphs: set[int] = set()
    findall = WORD_RE.findall
    lowered_all = prose.lower()
    if len(lowered_all) != len(prose) or "\u03a3" in prose:
        lowered_all = None  # a letter lowers to two, or a sigma by its neighbours: paragraph by paragraph
    # what holds for the whole text holds for each paragraph
    folded = lowered_all is not None and _folded_already(lowered_all)
    apostrophes = folded or lowered_all is not None and _apostrophes_only(lowered_all)
    if apostrophes and not hashed:
        return _words(_one_pass(lowered_all, spans, folded)), paragraphs
    for start, end in spans:
        if lowered_all is None:
            part = prose[start:end]
            lowered = part.lower()
        else:
            part = lowered = lowered_all[start:end]
        if len(lowered) != len(part) or "\u03a3" in part:
            # a letter that lowers to two ("\u0130"), or a capital sigma, which lowers to a final
            # one at the end of a word but not before an apostrophe and more letters: word by word
            words = [t for t in map(fold, findall(part)) if t]
        elif folded or _folded_already(lowered):  # lowering was all the folding there was to do
            words = _words(lowered)
        elif apostrophes or _apostrophes_only(lowered):  # "the council's": dropping them first gives the same words
            words = _words(lowered.replace("'", "").replace("\u2019", ""))
        else:
            words = [t for t in map(fold, findall(lowered)) if t]
        if words:
            if hashed:
                paragraphs.add(stable_hash(" ".join(words)))
            tokens += words
    return tokens, paragraphs
