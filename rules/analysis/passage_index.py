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
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping, Sequence

from newslint import Preparation

from .fingerprints import (DEFAULT_GUARANTEE, FORMAT_VERSION, Fingerprint, fingerprint, kgram_hashes,
                           local_kgram_hashes, paragraph_hashes, stable_hash, tokens_around, window_sizes, winnow)
from .words import folded_words

if TYPE_CHECKING:  # pragma: no cover
    from array import array

    from newslint import Document, RunContext

    from .archive_cache import ArchiveIndex

__all__ = ["DEFAULT_GUARANTEE", "FORMAT_VERSION", "Fingerprint", "PassageIndex", "RECURRENCE_COUNTED", "fingerprint",
           "kgram_hashes", "local_kgram_hashes", "paragraph_hashes", "passage_index", "preparation", "recurrence_counted",
           "recurring_in_run", "recurring_paragraphs", "stable_hash", "window_sizes", "winnow", "without_gc"]

#: run fingerprints looked at per pass when finding those shared by two run articles: one pass's
#: table costs about 100 bytes a fingerprint, so a run of 100,000 articles (about 17 million
#: fingerprints) needs some 50 MB for it, not 1.5 GB
PARTITION = 500_000
#: articles whose words are kept at once (``PassageIndex.words``): a per-run rule's working set
KEPT = 256
#: articles whose runs' hashes are kept at once (``PassageIndex.run_hashes``): about 17 MB
KEPT_RUNS = 4096


def preparation(guarantee: int = DEFAULT_GUARANTEE) -> Preparation:
    """The per-document groundwork of an index for passages of ``guarantee`` words: every rule that
    uses such an index asks for it, and the engine does it once per article, in the workers."""
    return Preparation(("newslint.passages", FORMAT_VERSION, guarantee),
                       functools.partial(prepared_fingerprint, guarantee=guarantee), needs_company=True)


def prepared_fingerprint(doc: "Document", guarantee: int) -> tuple:
    """What a worker sends the index for one article, and what the main process keeps of it for
    the whole run: the sorted fingerprints and the paragraphs' ``(hash, start, end)``, packed as
    64-bit integer arrays (about 1.7 KB for a 550-word article), and the number of words. The
    words themselves are found again in the main process, only for articles that have candidates."""
    from array import array  # here: a one-article run never needs it

    fp = fingerprint(doc, guarantee)
    return (array("q", sorted(fp.fingerprints)), array("q", [x for p in fp.paragraphs for x in p]), fp.n_words)


# --- the index ---------------------------------------------------------------------------------

@dataclass(slots=True)
class Article:
    """An article known to the index: one of the run (``doc`` set) or of the archive."""

    path: str
    n_fingerprints: int
    n_words: int
    doc: "Document | None" = None
    entry: object = None  # ArchiveEntry for archive articles
    #: sorted fingerprints, kept for run articles only
    hashes: "array | None" = field(default=None, repr=False)
    file_id: int | None = None
    _in_run: bool = False

    @property
    def in_run(self) -> bool:
        return self._in_run

    @property
    def fingerprints(self) -> set[int] | None:
        return set(self.hashes) if self.hashes is not None else None


@dataclass
class IndexStats:
    """How the index got the archive: files seen, taken from the cache, read, fingerprinted again."""

    #: archive files whose bytes were read this run (new, changed or not cached)
    archive_read: list[str] = field(default_factory=list)
    archive_refingerprinted: int = 0
    archive_errors: int = 0
    _count: "Callable[[], int] | None" = field(default=None, repr=False)
    _read_when_opened: int = 0

    @property
    def archive_files(self) -> int:
        """The archive's articles: counted when asked, since the count reads every row of the
        index's table of files, which a check has no other reason to do."""
        return self._count() if self._count is not None else 0

    @property
    def archive_from_cache(self) -> int:
        return self.archive_files - self._read_when_opened


class _RunParagraphs(Mapping):
    """``path → [(hash, start, end), ...]`` of the run's articles, unpacked on access."""

    def __init__(self) -> None:
        self._packed: dict[str, array] = {}

    def __getitem__(self, path: str) -> list[tuple[int, int, int]]:
        packed = self._packed[path]
        return list(zip(packed[0::3], packed[1::3], packed[2::3]))

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


class _RunParagraphCounts:
    """How many run articles hold each paragraph hash: the distinct hashes of every article in one
    sorted array (8 bytes a paragraph; a dictionary of them would take over ten times that), and
    the counts of the few that recur."""

    def __init__(self, packed: Sequence[Sequence[int]]) -> None:
        hashes: list[int] = []
        for paragraphs in packed:
            hashes.extend(set(paragraphs[0::3]))
        hashes.sort()
        self._sorted: Sequence[int] = hashes
        if len(packed) > 1:  # one article's few paragraphs stay a list (its check does not import array)
            from array import array

            self._sorted = array("q", hashes)
        self._recurring: dict[int, int] = {}
        for i in range(1, len(hashes)):
            if hashes[i] == hashes[i - 1]:
                self._recurring[hashes[i]] = self._recurring.get(hashes[i], 1) + 1

    def count(self, h: int) -> int:
        n = self._recurring.get(h)
        if n is not None:
            return n
        i = bisect_left(self._sorted, h)
        return 1 if i < len(self._sorted) and self._sorted[i] == h else 0


class PassageIndex:
    """Fingerprints of the run's articles (packed in memory) and the archive's (in SQLite)."""

    def __init__(self, docs: Sequence["Document"], context: "RunContext | None", guarantee: int = DEFAULT_GUARANTEE):
        self.guarantee = guarantee
        self.k, self.w = window_sizes(guarantee)
        self.context = context
        self.stats = IndexStats()
        self.articles: list[Article] = []
        self._kept: OrderedDict[int, tuple] = OrderedDict()
        self._kept_tokens: OrderedDict[int, list[str]] = OrderedDict()
        self._kept_runs: OrderedDict[tuple[int, int], array] = OrderedDict()
        self._word_hashes: dict[str, int] = {}
        self._own_frequencies: OrderedDict[int, tuple[int, dict[int, int]]] = OrderedDict()
        self.run_paragraphs = _RunParagraphs()
        self._by_path: dict[str, int] = {}
        # fingerprints made in the worker processes (``preparation``); a document without them (a
        # unit test, a rule that asked for another guarantee) is fingerprinted here
        prepared = context.prepared(preparation(guarantee).key) if context is not None else {}
        for doc in docs:
            value = prepared.get(doc.path)
            if value is None:  # the same, in lists (a one-article run does not import array)
                fp = fingerprint(doc, guarantee)
                value = (sorted(fp.fingerprints), [x for p in fp.paragraphs for x in p], fp.n_words)
            hashes, paragraphs, n_words = value
            idx = len(self.articles)
            self.articles.append(Article(doc.path, len(hashes), n_words, doc=doc, hashes=hashes, _in_run=True))
            self.run_paragraphs._packed[doc.path] = paragraphs
        self.n_run = len(self.articles)
        self._run_para = _RunParagraphCounts(list(self.run_paragraphs._packed.values()))
        self._shared = _shared_fingerprints([a.hashes for a in self.articles])
        self.archive: "ArchiveIndex | None" = None
        if context is not None and context.settings.archive:
            self._open_archive(context)

    @property
    def cache(self) -> "ArchiveIndex | None":
        return self.archive

    def _open_archive(self, context: "RunContext") -> None:
        from .archive_cache import ArchiveIndex

        settings = context.settings
        archive = ArchiveIndex(settings, self.guarantee, use_cache=not settings.no_cache,
                               notes=context.note, errors=lambda path, message: context.report_error(path, message))
        refreshed = archive.refresh(full=settings.refresh_archive)
        archive.exclude(a.path for a in self.articles)
        self.archive = archive
        self.stats.archive_read = refreshed.read
        self.stats.archive_refingerprinted = refreshed.fingerprinted
        self.stats.archive_errors = refreshed.errors
        self.stats._count = archive.n_files
        self.stats._read_when_opened = len(refreshed.read)

    def _archive_article(self, file_id: int, info) -> int:
        idx = self._by_path.get(info.path)
        if idx is None or self.articles[idx].file_id != file_id:
            from newslint.engine import ArchiveEntry

            idx = len(self.articles)
            self._by_path[info.path] = idx
            self.articles.append(Article(info.path, info.n_fingerprints, info.n_words,
                                         entry=ArchiveEntry(info.path, 0, 0), file_id=file_id))
        return idx

    # --- queries ------------------------------------------------------------------------------
    def _run_count(self, h: int) -> int:
        """How many run articles hold a fingerprint of a run article."""
        shared = self._shared.get(h)
        return len(shared) if shared is not None else 1

    def fingerprint_frequencies(self, hashes: Iterable[int], at_most: int | None = None) -> dict[int, int]:
        """How many articles (run and archive) contain each fingerprint (of a run article); with
        ``at_most``, a count that reaches it may be more (the archive's rows are not all read)."""
        hashes = list(set(hashes))
        counts = {h: self._run_count(h) for h in hashes}
        if self.archive is not None and hashes:
            for h, n in self.archive.counts("fingerprints", hashes, at_most).items():
                counts[h] += n
        return counts

    def postings(self, hashes: Iterable[int], run_article: int | None = None) -> dict[int, list[int]]:
        """The articles (indices into ``articles``) containing each fingerprint (of a run article)."""
        hashes = list(set(hashes))
        out = {h: list(self._shared.get(h, ())) for h in hashes}
        if run_article is not None:
            for h, arts in out.items():
                if not arts:
                    arts.append(run_article)
        if self.archive is not None and hashes:
            found = self.archive.postings("fingerprints", hashes)
            self._note_stale()
            info = self.archive.files({f for ids in found.values() for f in ids})
            for h, file_ids in found.items():
                out[h].extend(self._archive_article(f, info[f]) for f in file_ids if f in info)
        return out

    def paragraph_frequencies(self, hashes: Iterable[int], at_most: int | None = None) -> dict[int, int]:
        """How many articles (run and archive) hold each paragraph hash; with ``at_most``, a count
        that reaches it may be more (a standard footer's rows in a large archive are not all read)."""
        hashes = list(set(hashes))
        counts = dict(zip(hashes, map(self._run_para.count, hashes)))
        if self.archive is not None and hashes:
            for h, n in self.archive.counts("paragraphs", hashes, at_most).items():
                counts[h] += n
        return counts

    def run_fingerprints(self, idx: int) -> set[int]:
        return set(self.articles[idx].hashes)

    def words(self, idx: int) -> list[tuple[str, int, int]] | None:
        """Folded words of an article; found on demand (``None`` if an archive file is unreadable).

        Only the ``KEPT`` articles used last keep their words (and an archive file its document):
        a run of 100,000 articles would otherwise hold the words of every one with a candidate."""
        kept = self._kept.get(idx)
        if kept is not None:
            self._kept.move_to_end(idx)
            return kept[0]
        art = self.articles[idx]
        doc = art.doc
        if doc is None:
            try:
                doc = art.entry.load()
            except Exception:  # the file changed or vanished since it was indexed
                return None
        words = folded_words(doc)
        self._keep(self._kept, idx, (words, doc))
        return words

    def tokens(self, idx: int) -> list[str] | None:
        """The folded words of an article, without their positions: read from its bytes without
        building the document (an archive file, or a run article whose document is not in
        memory), several times cheaper than ``words``. What a candidate needs to be ruled out;
        ``words`` gives the same words unless the file changed in between. ``None`` if an archive
        file is unreadable."""
        tokens = self._tokens_at_hand(idx)
        if tokens is not None:
            return tokens
        from .fingerprints import folded_paragraphs

        art = self.articles[idx]
        if art.doc is None:
            try:
                tokens = folded_paragraphs(art.entry.path, art.entry.read(), hashed=False)[0]
            except Exception:  # the file changed, vanished or is no longer an article
                return None
        else:
            # a run article: a handle gives its bytes when it is not parsed (``engine.handles``);
            # a document at hand, or one that cannot be read again, gives its words (which raise
            # as a parse would)
            unparsed = getattr(art.doc, "unparsed", None)
            try:
                got = unparsed() if unparsed is not None else None
                tokens = folded_paragraphs(art.path, *got, hashed=False)[0] if got is not None else None
            except Exception:
                tokens = None
            if tokens is None:
                return [w for w, _, _ in self.words(idx)]
        self._keep(self._kept_tokens, idx, tokens)
        return tokens

    def run_hashes(self, idx: int, n: int) -> "array | None":
        """The hashes of an article's runs of ``n`` words (``local_kgram_hashes`` of its ``tokens``,
        valid in this process only): two articles share such a run only if they share one of
        these, so most candidates are ruled out by a set lookup. Kept for the ``KEPT_RUNS`` articles
        used last (about 4 KB each, a tenth of their words), since the same article is a candidate
        of many. ``None`` as for ``tokens``."""
        key = (idx, n)
        runs = self._kept_runs.get(key)
        if runs is not None:
            self._kept_runs.move_to_end(key)
            return runs
        tokens = self.tokens(idx)
        if tokens is None:
            return None
        from array import array

        runs = array("q", local_kgram_hashes(tokens, n))
        self._keep(self._kept_runs, key, runs, KEPT_RUNS)
        return runs

    def forget_kept(self) -> None:
        """Let go of the words, runs and counts kept for the articles used last: what a rule
        kept for its own work, tens of megabytes, which the rules after it need not hold."""
        for kept in (self._kept, self._kept_tokens, self._kept_runs, self._own_frequencies, self._word_hashes):
            kept.clear()

    @staticmethod
    def _keep(kept: "OrderedDict", idx, value, size: int = KEPT) -> None:
        kept[idx] = value
        if len(kept) > size:
            kept.popitem(last=False)

    def document(self, idx: int) -> "Document | None":
        if self.words(idx) is None:
            return None
        art = self.articles[idx]
        return art.doc if art.doc is not None else self._kept[idx][1]

    def candidates(self, idx: int, max_frequency: int | None = None, min_resemblance: float = 0.0) -> dict[int, int]:
        """Other articles sharing fingerprints with run article ``idx``: ``{other: shared count}``.

        Fingerprints found in ``max_frequency`` or more articles are left out (boilerplate). With
        ``min_resemblance``, only the articles whose shared count is at least that share of the
        fingerprints the two hold between them (``shared / (n_idx + n_other - shared)``, NL104's
        test) are returned: the archive's answer is then counted in SQLite, and only the files that
        pass are checked against the disk and become articles of the index, so an archive where
        many files share a phrase or two with the article costs no more than one where none do.
        """
        if self.archive is None or min_resemblance <= 0:
            shared = {other: len(hashes) for other, hashes in self.shared_fingerprints(idx, max_frequency).items()}
            return self._resembling(idx, shared, min_resemblance)
        fps = self._rare_fingerprints(idx, max_frequency)
        shared = {}
        for h in fps:
            for other in self._shared.get(h, ()):
                if other != idx:
                    shared[other] = shared.get(other, 0) + 1
        shared.update(self._resembling_archive(idx, fps, min_resemblance))
        return self._resembling(idx, shared, min_resemblance)

    def shared_fingerprints(self, idx: int, max_frequency: int | None = None) -> dict[int, list[int]]:
        """``candidates`` without ``min_resemblance``, with the fingerprints each one shares:
        ``{other: [fingerprint, ...]}``."""
        shared: dict[int, list[int]] = {}
        if self.archive is None:  # no archive: the run's shared fingerprints say it all
            limit = max_frequency if max_frequency is not None else self.n_run + 1
            for h in self._shared_of(idx):
                arts = self._shared[h]
                if len(arts) < limit:
                    for other in arts:
                        if other != idx:
                            shared.setdefault(other, []).append(h)
            return shared
        for h, arts in self.postings(self._rare_fingerprints(idx, max_frequency)).items():
            for other in set(arts):
                if other != idx:
                    shared.setdefault(other, []).append(h)
        return shared

    def _rare_fingerprints(self, idx: int, max_frequency: int | None) -> set[int]:
        fps = self.run_fingerprints(idx)
        if max_frequency is not None:
            freq = self.own_frequencies(idx, max_frequency)
            fps = {h for h in fps if freq[h] < max_frequency}
        return fps

    def own_frequencies(self, idx: int, at_most: int) -> dict[int, int]:
        """``fingerprint_frequencies`` of run article ``idx``'s own fingerprints, kept for the
        ``KEPT`` articles asked about last: NL104 asks with one bound, NL103 with another, then
        again. Counts made with a higher bound serve a lower one, since below its bound a count is
        exact and at or above it is said to be at least that."""
        kept = self._own_frequencies.get(idx)
        if kept is not None and kept[0] >= at_most:
            self._own_frequencies.move_to_end(idx)
            return kept[1]
        freq = self.fingerprint_frequencies(self.run_fingerprints(idx), at_most)
        self._keep(self._own_frequencies, idx, (at_most, freq))
        return freq

    def all_shared(self, idx: int, others: Iterable[int], rare: Mapping[int, list[int]],
                   max_frequency: int) -> dict[int, set[int]]:
        """Every fingerprint run article ``idx`` shares with each archive file of ``others`` (run
        articles are skipped: their runs are kept, see ``run_hashes``), given the ones found in
        fewer than ``max_frequency`` articles (``shared_fingerprints`` with that bound, which looked
        up every article holding those). Which of the common ones each file holds is one look-up
        per file in the index. Any passage of ``guarantee`` words the two share holds one of them."""
        out: dict[int, set[int]] = {}
        in_archive: dict[int, int] = {}
        for other in others:
            art = self.articles[other]
            if art.hashes is None:
                out[other] = set(rare.get(other, ()))
                in_archive[art.file_id] = other
        if in_archive and self.archive is not None:
            freq = self.own_frequencies(idx, max_frequency)
            common = sorted(h for h in self.articles[idx].hashes if freq[h] >= max_frequency)
            for file_id, hashes in self.archive.holding("fingerprints", common, in_archive).items():
                out[in_archive[file_id]].update(hashes)
        return out

    def words_of_fingerprints(self, idx: int, hashes: Iterable[int]) -> dict[int, set[str]]:
        """For each of these fingerprints of run article ``idx``, the longest word of its run of
        ``k`` words (of each, if two runs have that hash): a run of words that holds the
        fingerprint holds that word. A fingerprint not found among the article's runs (its words
        changed since) is left out."""
        wanted = set(hashes)
        tokens = self.tokens(idx) if wanted else None
        out: dict[int, set[str]] = {}
        if tokens:
            k = self.k
            # (a memo of the index's own, bounded: the vocabulary's would grow to 20 MB in a long run)
            for i, h in enumerate(kgram_hashes(tokens, k, self._word_hashes)):
                if h in wanted:
                    out.setdefault(h, set()).add(max(tokens[i:i + k], key=len))
        return out

    def shares_run(self, other: int, n: int, own_runs: set[int], near: Iterable[str] | None = None) -> bool:
        """Whether article ``other`` has a run of ``n`` words whose hash (``local_kgram_hashes``)
        is in ``own_runs``, the runs of another article. With ``near``, the words of every
        fingerprint the two share (``all_shared``, ``words_of_fingerprints``), only the runs that
        hold one of them are made: a run of ``n`` words the two share holds a fingerprint of both
        (when the index was built with a guarantee of ``n`` or fewer words), so the answer is the
        same, and an archive file is split into words only around those words. Most candidates
        share a phrase or two and no passage, and are ruled out from a few hundred characters."""
        kept = self._kept_runs.get((other, n))
        if kept is not None and own_runs.isdisjoint(kept):
            return False  # no run of n words in common at all
        if near is None:
            runs = self.run_hashes(other, n)
            return runs is not None and not own_runs.isdisjoint(runs)
        near = sorted(set(near))
        tokens = self._tokens_at_hand(other)
        art = self.articles[other]
        if tokens is None and art.doc is None:
            from .fingerprints import _words, folded_text, words_around

            try:
                text = folded_text(art.entry.path, art.entry.read())
            except Exception:  # the file changed, vanished or is no longer an article
                return False
            if text is not None:
                pieces = [piece for word in near for piece in words_around(text, word, n)]
                if None not in pieces:
                    if not any(not own_runs.isdisjoint(local_kgram_hashes(p, n)) for p in pieces):
                        return False
                    self._keep(self._kept_tokens, other, _words(text))  # what the caller reads next
                    return True
        if tokens is None:
            tokens = self.tokens(other)
            if tokens is None:
                return False
        return any(not own_runs.isdisjoint(local_kgram_hashes(piece, n))
                   for word in near for piece in tokens_around(tokens, word, n))

    def _tokens_at_hand(self, idx: int) -> list[str] | None:
        """An article's folded words if they are kept (``words`` or ``tokens``), else ``None``."""
        if idx in self._kept:
            return [w for w, _, _ in self.words(idx)]
        tokens = self._kept_tokens.get(idx)
        if tokens is not None:
            self._kept_tokens.move_to_end(idx)
        return tokens

    def _resembling(self, idx: int, shared: dict[int, int], min_resemblance: float) -> dict[int, int]:
        if min_resemblance <= 0:
            return shared
        n = self.articles[idx].n_fingerprints
        return {other: k for other, k in shared.items()
                if k / max(1, n + self.articles[other].n_fingerprints - k) >= min_resemblance}

    def _resembling_archive(self, idx: int, fps: set[int], min_resemblance: float) -> dict[int, int]:
        """``{article: shared}`` of the archive files that resemble run article ``idx`` enough.

        A file holds at most all of its own fingerprints, so ``shared <= n_other`` and the share
        can reach ``min_resemblance`` only if ``shared >= min_resemblance * n_idx``: most files
        that share a fingerprint or two are ruled out from their counts alone, before their rows
        of ``files`` are read or the disk is looked at."""
        archive = self.archive
        n = self.articles[idx].n_fingerprints
        hashes = list(fps)
        for attempt in range(2):  # once more if a file had changed: it was fingerprinted again
            counts = {f: k for f, k in archive.sharing("fingerprints", hashes).items() if k >= min_resemblance * n}
            info = archive.files(counts)
            kept = {f: k for f, k in counts.items()
                    if f in info and k / max(1, n + info[f].n_fingerprints - k) >= min_resemblance}
            if attempt or archive.fresh(kept):
                break
            self._note_stale()
        return {self._archive_article(f, info[f]): k for f, k in kept.items()}

    def _note_stale(self) -> None:
        read = self.stats.archive_read
        read.extend(p for p in self.archive.stale_read if p not in read)

    def _shared_of(self, idx: int) -> list[int]:
        """The fingerprints run article ``idx`` shares with another run article."""
        shared = self._shared
        return [h for h in self.articles[idx].hashes if h in shared] if shared else []


def _shared_fingerprints(arrays: Sequence["array"]) -> dict[int, tuple[int, ...]]:
    """``hash → [run articles]`` for the fingerprints that two or more run articles hold.

    Each article's fingerprints are sorted, so the hash range can be cut into partitions and each
    article's part of a partition found by bisection: every fingerprint is looked at once, and only
    one partition's table is in memory at a time.
    """
    total = sum(len(a) for a in arrays)
    if len(arrays) < 2 or not total:
        return {}
    bounds = _partition_bounds(arrays, -(-total // PARTITION))
    shared: dict[int, list[int]] = {}
    for lo, hi in zip(bounds, bounds[1:]):
        seen: dict[int, object] = {}
        get = seen.get
        for idx, hashes in enumerate(arrays):
            a = 0 if lo is None else bisect_left(hashes, lo)
            b = len(hashes) if hi is None else bisect_left(hashes, hi)
            for h in hashes[a:b]:
                first = get(h)
                if first is None:
                    seen[h] = idx
                elif type(first) is int:
                    seen[h] = [first, idx]
                else:
                    first.append(idx)
        # tuples: a third smaller than the lists they were built in, and most hold two articles
        shared.update((h, tuple(v)) for h, v in seen.items() if type(v) is list)
    return shared


#: one fingerprint in this many of each article is sampled to place the partitions' bounds
SAMPLE_EVERY = 64


def _partition_bounds(arrays: Sequence[Sequence[int]], parts: int) -> list[int | None]:
    """Bounds that cut sorted fingerprint arrays into about ``parts`` partitions of about equal
    size: ``[None, b1, ..., None]``, partition ``i`` holding the hashes from ``bounds[i]`` (``None``:
    the lowest) up to, not including, ``bounds[i + 1]`` (``None``: the highest).

    The bounds are quantiles of a sample of the fingerprints, not equal slices of the hashes'
    range: hashes do not fill their range (they are 47-bit), and winnowing keeps the least hash of
    each window, so the low end holds far more of them than the high end.
    """
    if parts <= 1:
        return [None, None]
    # from a different place in each article, so that every rank of a sorted array is sampled
    sample = sorted(h for i, hashes in enumerate(arrays) for h in hashes[i % SAMPLE_EVERY::SAMPLE_EVERY])
    if not sample:
        return [None, None]
    cuts = sorted({sample[len(sample) * p // parts] for p in range(1, parts)})
    return [None, *cuts, None]


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


#: the most articles a recurring paragraph is counted in: a standard footer is in most of a large
#: archive, and counting every one of its rows would cost more than the rest of a check
RECURRENCE_COUNTED = 1000


def recurrence_counted(min_articles: int) -> int:
    """The most archive articles ``recurring_paragraphs`` counts a paragraph in: a count that
    reaches it may be more."""
    return max(min_articles, RECURRENCE_COUNTED)


def recurring_paragraphs(docs: Sequence["Document"], context: "RunContext",
                         min_articles: int = 5) -> dict[str, list[tuple[int, int, int]]]:
    """For each run document path: ``(start, end, n_articles)`` of its body paragraphs whose folded
    words recur in at least ``min_articles`` distinct articles of the run plus the archive
    (``n_articles`` is at most ``recurrence_counted(min_articles)`` plus the run's, where the
    archive holds more).

    With an archive, when a rule has already built the run's index, or when the workers made the
    articles' fingerprints (so that no article is parsed again here), the index answers. Otherwise the run's paragraphs are compared directly (``recurring_in_run``), which gives the
    same answer without fingerprinting every article.
    """
    if not context.settings.archive and not context.has_shared(_index_key(DEFAULT_GUARANTEE)) \
            and not context.prepared(preparation(DEFAULT_GUARANTEE).key):
        return recurring_in_run(docs, min_articles)
    index = passage_index(docs, context)
    at_most = recurrence_counted(min_articles)
    out: dict[str, list[tuple[int, int, int]]] = {}
    # counted a batch of articles at a time: a run of 100,000 articles has over a million
    # paragraphs, and a table of all their counts at once took a hundred megabytes
    for first in range(0, len(docs), PARAGRAPH_BATCH):
        batch = [(doc.path, index.run_paragraphs.get(doc.path, ())) for doc in docs[first:first + PARAGRAPH_BATCH]]
        freq = index.paragraph_frequencies((h for _, paras in batch for h, _, _ in paras), at_most=at_most)
        for path, paras in batch:
            out[path] = [(s, e, freq[h]) for h, s, e in paras if freq[h] >= min_articles]
    return out


#: run articles whose paragraphs ``recurring_paragraphs`` counts at once
PARAGRAPH_BATCH = 2000


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
