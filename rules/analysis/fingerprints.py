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
or building a document: the words, and so the fingerprints, are the same as a run article's.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import accumulate, repeat
from operator import and_, mul, rshift, sub
from typing import TYPE_CHECKING, NamedTuple, Sequence

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


def kgram_hashes(tokens: Sequence[str], k: int) -> list[int]:
    """The hash of every run of ``k`` consecutive tokens, in order (47-bit integers, never negative).

    The hash of the k-gram at ``i`` is ``sum(h[j] * B**(i+k-1-j))`` over its words ``j``, modulo
    2**64. It is computed from prefix sums of ``h[j] * B**-j`` (the base is odd, so it has an
    inverse modulo 2**64) with ``map`` and ``accumulate``, which run in C: a Python loop per
    k-gram would cost more than everything else fingerprinting does.
    """
    n = len(tokens)
    if n < k:
        return []
    powers, inverses = _powers(n)
    prefix = [0, *accumulate(map(mul, map(_word_hash, tokens), inverses))]
    hashes = map(mul, map(sub, prefix[k:], prefix), powers[k - 1:n])
    # the products are never negative: bits 17 to 63 of each, in one shift and one mask
    return list(map(and_, map(rshift, hashes, repeat(_SHIFT)), repeat(_MASK47)))


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
    return FileFingerprint(sorted(winnow(kgram_hashes(tokens, k), w)), sorted(paragraphs), len(tokens))


def _no_marks(marks: str):
    """Whether a text holds none of ``marks`` (a compiled search, once per paragraph)."""
    import re

    search = re.compile(f"[{re.escape(marks)}]").search
    return lambda text: search(text) is None


#: a lowered paragraph without quote marks or apostrophes: its words (``WORD_RE`` matches) are
#: folded as they are, since a match starts and ends with a letter or digit (nothing to strip)
_FOLDED_ALREADY = _no_marks("'" + "".join(map(chr, _QUOTES)))


def _apostrophes_only():
    """Whether the only marks a paragraph holds are apostrophes (' and \u2019, which ``WORD_RE``
    joins words with), none of them next to another joiner or mark: then an apostrophe is either
    inside a word, where folding drops it, or between a word and a space or punctuation, where it
    joins nothing, so removing them all before finding the words changes nothing but the words."""
    import re

    others = "".join(c for c in map(chr, _QUOTES) if c != "\u2019")  # quote marks that are not joiners
    risky = re.compile(f"[{re.escape(others)}]|['\u2019][-./&'\u2019]|[-./&]['\u2019]").search
    return lambda text: risky(text) is None


_APOSTROPHES_ONLY = _apostrophes_only()


def folded_paragraphs(path: str, data: bytes) -> tuple[list[str], set[int]]:
    """The folded words of the article in ``data`` (those of ``folded_words(load(path, data))``)
    and the hashes of its paragraphs, without building the document. Raises ``UnreadableFile``."""
    from newslint.document import UnreadableFile, body_prose
    from newslint.segment import WORD_RE

    text, prose, spans = body_prose(path, data)
    if not text.strip():
        raise UnreadableFile("is empty")
    tokens: list[str] = []
    paragraphs: set[int] = set()
    findall = WORD_RE.findall
    for start, end in spans:
        part = prose[start:end]
        lowered = part.lower()
        if len(lowered) != len(part):  # a letter that lowers to two ("İ"): word by word
            words = [t for t in map(fold, findall(part)) if t]
        elif _FOLDED_ALREADY(lowered):  # lowering was all the folding there was to do
            words = findall(lowered)
        elif _APOSTROPHES_ONLY(lowered):  # "the council's": dropping them first gives the same words
            words = findall(lowered.replace("'", "").replace("\u2019", ""))
        else:
            words = [t for t in map(fold, findall(lowered)) if t]
        if words:
            paragraphs.add(stable_hash(" ".join(words)))
            tokens += words
    return tokens, paragraphs
