"""The cross-article passage index shared by NL103, NL104 and NL302.

One index is built per run (``RunContext.shared``). It holds, for every article of the run and of
the archive:

* winnowed fingerprints: hashes of word k-grams, of which winnowing keeps the minimum of every
  window of ``w`` consecutive k-grams. Any passage of at least ``k + w - 1`` words shared by two
  articles is guaranteed to share a fingerprint, so candidate pairs are found by lookup instead of
  comparing every pair of articles; candidates are then verified word by word;
* hashes of every normalised paragraph, to count how many articles a paragraph recurs in
  (boilerplate).

The run's articles are fingerprinted in the worker processes (``preparation``: every rule that
uses the index asks for it, and the engine does it once per article); the archive's fingerprints
come from ``archive_cache``.
"""

from __future__ import annotations

import functools
import gc
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, NamedTuple, Sequence

from newslint import Preparation

from .archive_cache import CACHE_FILE
from .words import folded_words

if TYPE_CHECKING:  # pragma: no cover
    from newslint import Document, RunContext

#: bump when normalisation or hashing changes: old cache rows are then ignored
FORMAT_VERSION = 1
#: the shortest shared passage the index is sure to find, unless a rule asks for another
DEFAULT_GUARANTEE = 12

__all__ = ["CACHE_FILE", "DEFAULT_GUARANTEE", "FORMAT_VERSION", "PassageIndex", "fingerprint", "passage_index",
           "preparation", "recurring_in_run", "recurring_paragraphs", "without_gc"]

# --- hashing -----------------------------------------------------------------------------------

try:  # the module hashlib takes blake2b from; importing hashlib itself loads OpenSSL, which costs
    from _blake2 import blake2b  # a one-article run more than all its fingerprints
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

def stable_hash(text: str) -> int:
    """A signed 64-bit hash that is the same in every process (SQLite integers are signed)."""
    return int.from_bytes(blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def window_sizes(guarantee: int) -> tuple[int, int]:
    """``(k, w)`` such that every shared run of ``guarantee`` words shares a fingerprint."""
    k = max(3, min(8, guarantee - 2))
    return k, guarantee - k + 1


def kgram_hashes(tokens: Sequence[str], k: int) -> list[int]:
    """``stable_hash`` of every run of ``k`` consecutive tokens, in order."""
    blake, from_bytes, join = blake2b, int.from_bytes, " ".join
    return [from_bytes(blake(join(gram).encode("utf-8"), digest_size=8).digest(), "little", signed=True)
            for gram in zip(*[tokens[i:] for i in range(k)])]


def winnow(hashes: Sequence[int], w: int) -> set[int]:
    """The minimum hash of every window of ``w`` consecutive hashes (all of them if fewer)."""
    if len(hashes) <= w:
        return set(hashes)
    return set(map(min, zip(*[hashes[i:] for i in range(w)])))


def paragraph_hashes(doc: "Document", words: list[tuple[str, int, int]] | None = None) -> list[tuple[int, int, int]]:
    """``(hash, start, end)`` of each body paragraph's normalised text (empty paragraphs skipped)."""
    words = folded_words(doc) if words is None else words
    starts = [start for _, start, _ in words]
    out = []
    for block in doc.paragraphs:
        lo, hi = bisect_left(starts, block.start), bisect_left(starts, block.end)
        if lo < hi:
            out.append((stable_hash(" ".join([t for t, _, _ in words[lo:hi]])), block.start, block.end))
    return out


# a named tuple, not a dataclass: several times cheaper to define, and every run imports this module
class Fingerprint(NamedTuple):
    """What the index keeps of one article."""

    fingerprints: set[int]
    paragraphs: list[tuple[int, int, int]]
    n_words: int
    words: list[tuple[str, int, int]]


def preparation(guarantee: int = DEFAULT_GUARANTEE) -> Preparation:
    """The per-document groundwork of an index for passages of ``guarantee`` words: every rule that
    uses such an index asks for it, and the engine does it once per article, in the workers."""
    return Preparation(("newslint.passages", FORMAT_VERSION, guarantee),
                       functools.partial(prepared_fingerprint, guarantee=guarantee), needs_company=True)


def prepared_fingerprint(doc: "Document", guarantee: int) -> tuple:
    """What a worker sends the index for one article, small and cheap to pickle: the fingerprints,
    the paragraph hashes, and the folded words packed as one string and two integer arrays, which
    the main process unpacks only for articles that have candidates (``PassageIndex.words``)."""
    from array import array

    fp = fingerprint(doc, guarantee)
    packed = (" ".join([t for t, _, _ in fp.words]), array("l", [s for _, s, _ in fp.words]),
              array("l", [e for _, _, e in fp.words]))
    return (sorted(fp.fingerprints), fp.paragraphs, fp.n_words, packed)


def _unpack_words(packed: tuple) -> list[tuple[str, int, int]]:
    tokens, starts, ends = packed
    if not starts:
        return []
    return list(zip(tokens.split(" "), starts, ends))  # folded words hold no spaces


def fingerprint(doc: "Document", guarantee: int = DEFAULT_GUARANTEE) -> Fingerprint:
    k, w = window_sizes(guarantee)
    words = folded_words(doc)
    tokens = [t for t, _, _ in words]
    return Fingerprint(winnow(kgram_hashes(tokens, k), w), paragraph_hashes(doc, words), len(tokens), words)


# --- the index ---------------------------------------------------------------------------------

@dataclass
class Article:
    """An article known to the index: one of the run (``doc`` set) or of the archive."""

    path: str
    n_fingerprints: int
    n_words: int
    doc: "Document | None" = None
    entry: object = None  # ArchiveEntry for archive articles
    fingerprints: set[int] | None = field(default=None, repr=False)  # kept for run articles only
    file_id: int | None = None
    _words: list[tuple[str, int, int]] | None = field(default=None, repr=False)
    _packed: tuple | None = field(default=None, repr=False)  # words as a worker sent them

    @property
    def in_run(self) -> bool:
        return self.doc is not None


@dataclass
class IndexStats:
    """How the index got the archive: files seen, taken from the cache, read, fingerprinted again."""

    archive_files: int = 0
    archive_from_cache: int = 0
    #: archive files whose bytes were read this run (new, changed or not cached)
    archive_read: list[str] = field(default_factory=list)
    archive_refingerprinted: int = 0
    archive_errors: int = 0


class PassageIndex:
    """Fingerprints of the run's articles (in memory) and the archive's (in SQLite)."""

    def __init__(self, docs: Sequence["Document"], context: "RunContext | None", guarantee: int = DEFAULT_GUARANTEE):
        self.guarantee = guarantee
        self.k, self.w = window_sizes(guarantee)
        self.context = context
        self.stats = IndexStats()
        self.articles: list[Article] = []
        self._run_fp: dict[int, list[int]] = {}
        self._run_para: dict[int, list[int]] = {}
        self.run_paragraphs: dict[str, list[tuple[int, int, int]]] = {}
        self._by_file_id: dict[int, int] = {}
        self._shared: dict[int, list[list[int]]] | None = None
        # fingerprints made in the worker processes (``preparation``); a document without them (a
        # unit test, a rule that asked for another guarantee) is fingerprinted here
        prepared = context.prepared(preparation(guarantee).key) if context is not None else {}
        run_fp, run_para = self._run_fp, self._run_para
        for doc in docs:
            value = prepared.get(doc.path)
            if value is not None:
                hashes, paragraphs, n_words, packed = value
                fps, words = set(hashes), None
            else:
                fp = fingerprint(doc, guarantee)
                fps, paragraphs, n_words, words, packed = fp.fingerprints, fp.paragraphs, fp.n_words, fp.words, None
            idx = len(self.articles)
            self.articles.append(Article(doc.path, len(fps), n_words, doc=doc, fingerprints=fps, _words=words,
                                         _packed=packed))
            for h in fps:
                posting = run_fp.get(h)
                if posting is None:
                    run_fp[h] = [idx]
                else:
                    posting.append(idx)
            for h in {h for h, _, _ in paragraphs}:
                posting = run_para.get(h)
                if posting is None:
                    run_para[h] = [idx]
                else:
                    posting.append(idx)
            self.run_paragraphs[doc.path] = paragraphs
        self.n_run = len(self.articles)
        self.cache = None
        if context is not None and context.settings.archive:
            from .archive_cache import ArchiveCache

            self.cache = ArchiveCache(context, f"v{FORMAT_VERSION}:k{self.k}:w{self.w}")
            self._load_archive()

    def _load_archive(self) -> None:
        from newslint.document import UnreadableFile

        def fingerprint_entry(entry, data: bytes) -> Fingerprint:
            doc = entry.load(data)
            if not doc.text.strip():
                raise UnreadableFile("is empty")
            return fingerprint(doc, self.guarantee)

        for art in self.cache.load(fingerprint_entry, self.stats):
            self._by_file_id[art.file_id] = len(self.articles)
            self.articles.append(Article(art.entry.path, art.n_fingerprints, art.n_words, entry=art.entry,
                                         file_id=art.file_id))

    # --- queries ------------------------------------------------------------------------------
    def _archive_query(self, table: str, hashes: list[int], select: str, group: str = "") -> list[tuple]:
        if self.cache is None or len(self.articles) == self.n_run or not hashes:
            return []
        return self.cache.query(table, hashes, select, group)

    def fingerprint_frequencies(self, hashes: Iterable[int]) -> dict[int, int]:
        """How many articles (run and archive) contain each fingerprint."""
        hashes = list(set(hashes))
        counts = {h: len(self._run_fp.get(h, ())) for h in hashes}
        for h, n in self._archive_query("fingerprints", hashes, "t.hash, COUNT(*)", "GROUP BY t.hash"):
            counts[h] += n
        return counts

    def postings(self, hashes: Iterable[int]) -> dict[int, list[int]]:
        """The articles (indices into ``articles``) containing each fingerprint."""
        hashes = list(set(hashes))
        out = {h: list(self._run_fp.get(h, ())) for h in hashes}
        for h, file_id in self._archive_query("fingerprints", hashes, "t.hash, t.file_id"):
            out[h].append(self._by_file_id[file_id])
        return out

    def paragraph_frequencies(self, hashes: Iterable[int]) -> dict[int, int]:
        if len(self.articles) == self.n_run:
            run_para = self._run_para
            return {h: len(run_para.get(h, ())) for h in hashes}
        hashes = list(set(hashes))
        counts = {h: len(self._run_para.get(h, ())) for h in hashes}
        for h, n in self._archive_query("paragraphs", hashes, "t.hash, COUNT(*)", "GROUP BY t.hash"):
            counts[h] += n
        return counts

    def run_fingerprints(self, idx: int) -> set[int]:
        return self.articles[idx].fingerprints

    def words(self, idx: int) -> list[tuple[str, int, int]] | None:
        """Folded words of an article; archive articles are loaded on demand (``None`` if unreadable)."""
        art = self.articles[idx]
        if art._words is None:
            if art._packed is not None:
                art._words = _unpack_words(art._packed)
                art._packed = None
                return art._words
            if art.doc is None:
                try:
                    art.doc = art.entry.load()
                except Exception:  # the file changed or vanished since it was indexed
                    return None
            art._words = folded_words(art.doc)
        return art._words

    def document(self, idx: int) -> "Document | None":
        if self.words(idx) is None:
            return None
        return self.articles[idx].doc

    def _shared_postings(self) -> dict[int, list[list[int]]]:
        """For each run article that shares a fingerprint with another: those fingerprints'
        postings (each a list of the articles holding it, each article once)."""
        if self._shared is None:
            self._shared = {}
            for arts in self._run_fp.values():
                if len(arts) > 1:
                    for a in arts:
                        found = self._shared.get(a)
                        if found is None:
                            self._shared[a] = [arts]
                        else:
                            found.append(arts)
        return self._shared

    def candidates(self, idx: int, max_frequency: int | None = None) -> dict[int, int]:
        """Other articles sharing fingerprints with run article ``idx``: ``{other: shared count}``.

        Fingerprints found in ``max_frequency`` or more articles are left out (boilerplate).
        """
        fps = self.run_fingerprints(idx)
        shared: dict[int, int] = {}
        if len(self.articles) == self.n_run:  # no archive: the run's postings say it all
            limit = max_frequency if max_frequency is not None else len(self.articles) + 1
            for arts in self._shared_postings().get(idx, ()):
                if len(arts) < limit:
                    for other in arts:
                        if other != idx:
                            shared[other] = shared.get(other, 0) + 1
            return shared
        if max_frequency is not None:
            freq = self.fingerprint_frequencies(fps)
            fps = {h for h in fps if freq[h] < max_frequency}
        for h, arts in self.postings(fps).items():
            for other in set(arts):
                if other != idx:
                    shared[other] = shared.get(other, 0) + 1
        return shared


def _index_key(guarantee: int) -> tuple:
    return ("newslint.passages", guarantee)


def passage_index(docs: Sequence["Document"], context: "RunContext", guarantee: int = DEFAULT_GUARANTEE) -> PassageIndex:
    """The run's index for passages of ``guarantee`` words or more, built once and shared."""
    return context.shared(_index_key(guarantee), lambda: without_gc(PassageIndex, docs, context, guarantee))


def without_gc(factory, *args):
    """Run ``factory`` with the cyclic garbage collector paused.

    The index allocates millions of small tuples and no cycles; left on, the collector rescans
    every one of them again and again, which makes building the index grow faster than linearly.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return factory(*args)
    finally:
        if enabled:
            gc.enable()


def recurring_paragraphs(docs: Sequence["Document"], context: "RunContext",
                         min_articles: int = 5) -> dict[str, list[tuple[int, int, int]]]:
    """For each run document path: ``(start, end, n_articles)`` of its body paragraphs whose folded
    words recur in at least ``min_articles`` distinct articles of the run plus the archive.

    With an archive, or when a rule has already built the run's index, the index answers.
    Otherwise the run's paragraphs are compared directly (``recurring_in_run``), which gives the
    same answer without fingerprinting every article.
    """
    if not context.settings.archive and not context.has_shared(_index_key(DEFAULT_GUARANTEE)):
        return recurring_in_run(docs, min_articles)
    index = passage_index(docs, context)
    all_hashes = {h for paras in index.run_paragraphs.values() for h, _, _ in paras}
    freq = index.paragraph_frequencies(all_hashes)
    out: dict[str, list[tuple[int, int, int]]] = {}
    for doc in docs:
        out[doc.path] = [(s, e, freq[h]) for h, s, e in index.run_paragraphs.get(doc.path, ())
                         if freq[h] >= min_articles]
    return out


#: letters that no other character lower-cases to (unlike "i", "k"): how often each occurs in a
#: paragraph, either case, is the same for every paragraph with the same folded words
_KEY_LETTERS = tuple((c, c.upper()) for c in "etaonsrhld")


def _paragraph_key(prose: str, start: int, end: int) -> tuple[int, ...]:
    """A cheap key that two paragraphs with the same folded words (``words.fold``) always share:
    every letter of a paragraph is in one of its words, and folding only changes case and drops
    apostrophes. Paragraphs with different keys cannot be the same paragraph."""
    count = prose.count
    return tuple([count(lower, start, end) + count(upper, start, end) for lower, upper in _KEY_LETTERS])


def recurring_in_run(docs: Sequence["Document"], min_articles: int) -> dict[str, list[tuple[int, int, int]]]:
    """``recurring_paragraphs`` for a run without an archive, without building the index:
    paragraphs are first grouped by ``_paragraph_key``, and only those whose key is shared by
    enough documents have their words folded and compared."""
    from .words import fold

    keyed: list[tuple["Document", list]] = []
    key_docs: dict[tuple, int] = {}
    for doc in docs:
        prose = doc.prose
        paras = [(_paragraph_key(prose, b.start, b.end), b) for b in doc.paragraphs]
        keyed.append((doc, paras))
        for key in {k for k, _ in paras}:
            key_docs[key] = key_docs.get(key, 0) + 1
    if not key_docs or max(key_docs.values()) < min_articles:
        return {doc.path: [] for doc in docs}
    folded: list[tuple["Document", list]] = []
    text_docs: dict[str, int] = {}
    for doc, paras in keyed:
        text = doc.text
        own = []
        for key, b in paras:
            if key_docs[key] < min_articles:
                continue
            tokens = [fold(text[w.start:w.end]) for s in b.sentences for w in s.words]
            joined = " ".join([t for t in tokens if t])
            if joined:
                own.append((joined, b.start, b.end))
        folded.append((doc, own))
        for joined in {j for j, _, _ in own}:
            text_docs[joined] = text_docs.get(joined, 0) + 1
    out: dict[str, list[tuple[int, int, int]]] = {doc.path: [] for doc in docs}
    for doc, own in folded:
        out[doc.path] = [(s, e, text_docs[j]) for j, s, e in own if text_docs[j] >= min_articles]
    return out
