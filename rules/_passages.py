"""The cross-article passage index shared by NL103, NL104 and NL302.

One index is built per run (``RunContext.shared``). It holds, for every article of the run and of
the archive:

* winnowed fingerprints: hashes of word k-grams, of which winnowing keeps the minimum of every
  window of ``w`` consecutive k-grams. Any passage of at least ``k + w - 1`` words shared by two
  articles is guaranteed to share a fingerprint, so candidate pairs are found by lookup instead of
  comparing every pair of articles; candidates are then verified word by word;
* hashes of every normalised paragraph, to count how many articles a paragraph recurs in
  (boilerplate).

The archive's fingerprints live in an SQLite file under the cache directory, keyed by path, size and
modification time, with the content hash: an unchanged archive file is never re-read, a file whose
time changed but whose content did not is re-read but not re-fingerprinted. The SQLite tables are
also the archive's lookup structure, so memory does not grow with the archive beyond one small
record per file.
"""

from __future__ import annotations

import gc
from array import array
from bisect import bisect_left
import hashlib
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, NamedTuple, Sequence

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3

    from newslint import Document, RunContext

#: bump when normalisation or hashing changes: old cache rows are then ignored
FORMAT_VERSION = 1
DEFAULT_GUARANTEE = 12
CACHE_FILE = "passages.sqlite3"

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


# --- normalisation and hashing ---------------------------------------------------------------

_FOLDED: dict[str, str] = {}


def fold(word: str) -> str:
    """A word folded for comparison: case, quote styles and apostrophes, edge periods and hyphens."""
    folded = _FOLDED.get(word)
    if folded is None:
        folded = word.translate(_QUOTES).lower().replace("'", "").strip(".-")
        if len(_FOLDED) < 500_000:  # a vocabulary, not a corpus: bounded either way
            _FOLDED[word] = folded
    return folded


_LAST_DOC: list = [None, {}]


def doc_cache(doc: "Document") -> dict:
    """A scratch dict for ``doc``, kept until another document asks: the rules of this family check
    one document after another in the same process, and share its folded words and list lines."""
    if _LAST_DOC[0] is not doc:
        _LAST_DOC[0] = doc
        _LAST_DOC[1] = {}
    return _LAST_DOC[1]


def folded_words(doc: "Document", blocks: Iterable | None = None) -> list[tuple[str, int, int]]:
    """``(folded word, start, end)`` for the words of ``blocks`` (default: the body paragraphs)."""
    if blocks is None:
        cache = doc_cache(doc)
        out = cache.get("folded")
        if out is None:
            spans, originals = paragraph_words(doc)
            out = cache["folded"] = _fold_all(originals, spans)
        return out
    spans = [w for block in blocks for sentence in block.sentences for w in sentence.words]
    text = doc.text
    return _fold_all([text[start:end] for start, end in spans], spans)


def paragraph_words(doc: "Document") -> tuple[list, list[str]]:
    """The spans and the original text of the words of the body paragraphs, in order (cached)."""
    cache = doc_cache(doc)
    found = cache.get("words")
    if found is None:
        spans = [w for block in doc.paragraphs for sentence in block.sentences for w in sentence.words]
        text = doc.text
        found = cache["words"] = (spans, [text[start:end] for start, end in spans])
    return found


def _fold_all(originals: list[str], spans: list) -> list[tuple[str, int, int]]:
    get = _FOLDED.get
    tokens = [get(word) or fold(word) for word in originals]
    return [(token, start, end) for token, (start, end) in zip(tokens, spans) if token]


def stable_hash(text: str) -> int:
    """A signed 64-bit hash that is the same in every process (SQLite integers are signed)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def window_sizes(guarantee: int) -> tuple[int, int]:
    """``(k, w)`` such that every shared run of ``guarantee`` words shares a fingerprint."""
    k = max(3, min(8, guarantee - 2))
    return k, guarantee - k + 1


def kgram_hashes(tokens: Sequence[str], k: int) -> list[int]:
    """``stable_hash`` of every run of ``k`` consecutive tokens, in order."""
    blake, from_bytes, join = hashlib.blake2b, int.from_bytes, " ".join
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


#: the rule whose ``prepare`` fingerprints each article in the worker processes
PREPARED_BY = "NL103"


def prepared_fingerprint(doc: "Document", guarantee: int) -> tuple:
    """What a worker sends the index for one article, small and cheap to pickle: the fingerprints,
    the paragraph hashes, and the folded words packed as one string and two integer arrays, which
    the main process unpacks only for articles that have candidates (``PassageIndex.words``)."""
    fp = fingerprint(doc, guarantee)
    packed = (" ".join([t for t, _, _ in fp.words]), array("l", [s for _, s, _ in fp.words]),
              array("l", [e for _, _, e in fp.words]))
    return ((FORMAT_VERSION, guarantee), sorted(fp.fingerprints), fp.paragraphs, fp.n_words, packed)


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
        # fingerprints made in the worker processes (NL103's ``prepare``); any document without
        # them (NL103 not selected, another guarantee, a unit test) is fingerprinted here
        prepared = context.prepared(PREPARED_BY) if context is not None and hasattr(context, "prepared") else {}
        run_fp, run_para = self._run_fp, self._run_para
        for doc in docs:
            value = prepared.get(doc.path)
            if value is not None and value[0] == (FORMAT_VERSION, guarantee):
                _, hashes, paragraphs, n_words, packed = value
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
        self._db: sqlite3.Connection | None = None
        if context is not None and context.settings is not None and context.settings.archive:
            self._load_archive(context)

    # --- archive and cache --------------------------------------------------------------------
    @property
    def db(self) -> sqlite3.Connection:
        """The archive's tables, opened on first use: a run without an archive never asks for them,
        and so never pays for importing sqlite3."""
        if self._db is None:
            self._db = self._open_db()
        return self._db

    def _open_db(self) -> sqlite3.Connection:
        import sqlite3

        db = None
        cache_dir = None
        if self.context is not None and self.context.settings is not None:
            cache_dir = self.context.cache_dir
        if cache_dir is not None and self.context.settings.archive:
            try:
                os.makedirs(cache_dir, exist_ok=True)
                db = sqlite3.connect(os.path.join(cache_dir, CACHE_FILE), timeout=30)
                self._create_tables(db)
            except (OSError, sqlite3.Error):
                db = None  # a cache we cannot write is not an error: work without it
        if db is None:
            db = sqlite3.connect(":memory:")
            self._create_tables(db)
        db.execute("CREATE TEMP TABLE IF NOT EXISTS active (file_id INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM active")
        return db

    @staticmethod
    def _create_tables(db: sqlite3.Connection) -> None:
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS files (
                file_id INTEGER PRIMARY KEY, path TEXT NOT NULL, params TEXT NOT NULL,
                size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL,
                n_words INTEGER NOT NULL, n_fingerprints INTEGER NOT NULL, UNIQUE (path, params));
            CREATE TABLE IF NOT EXISTS fingerprints (hash INTEGER NOT NULL, file_id INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS fingerprints_hash ON fingerprints (hash);
            CREATE INDEX IF NOT EXISTS fingerprints_file ON fingerprints (file_id);
            CREATE TABLE IF NOT EXISTS paragraphs (hash INTEGER NOT NULL, file_id INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS paragraphs_hash ON paragraphs (hash);
            CREATE INDEX IF NOT EXISTS paragraphs_file ON paragraphs (file_id);
            """
        )

    @property
    def _params(self) -> str:
        return f"v{FORMAT_VERSION}:k{self.k}:w{self.w}"

    def _load_archive(self, context: "RunContext") -> None:
        from newslint.document import UnreadableFile

        db = self.db
        params = self._params
        cached = {row[0]: row[1:] for row in db.execute(
            "SELECT path, file_id, size, mtime_ns, sha256, n_words, n_fingerprints FROM files WHERE params = ?", (params,))}
        entries = context.archive()
        self.stats.archive_files = len(entries)
        active: list[tuple[int]] = []
        with db:
            for entry in entries:
                key = os.path.abspath(entry.path)
                row = cached.get(key)
                if row is not None and row[1] == entry.size and row[2] == entry.mtime_ns:
                    file_id, _, _, _, n_words, n_fp = row
                    self.stats.archive_from_cache += 1
                else:
                    try:
                        data = entry.read()
                        digest = hashlib.sha256(data).hexdigest()
                        self.stats.archive_read.append(entry.path)
                        if row is not None and row[3] == digest:
                            file_id, _, _, _, n_words, n_fp = row
                            db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE file_id = ?",
                                       (entry.size, entry.mtime_ns, file_id))
                        else:
                            doc = entry.load(data)
                            if not doc.text.strip():
                                raise UnreadableFile("is empty")
                            fp = fingerprint(doc, self.guarantee)
                            n_words, n_fp = fp.n_words, len(fp.fingerprints)
                            file_id = self._store(key, entry, digest, fp, row[0] if row else None)
                            self.stats.archive_refingerprinted += 1
                    except UnreadableFile as exc:
                        self.stats.archive_errors += 1
                        context.report_error(entry.path, f"archive file {entry.path} {exc.message}; it is skipped")
                        continue
                    except OSError as exc:
                        self.stats.archive_errors += 1
                        context.report_error(entry.path, f"archive file {entry.path} cannot be read: "
                                                         f"{(exc.strerror or type(exc).__name__).lower()}; it is skipped")
                        continue
                idx = len(self.articles)
                self.articles.append(Article(entry.path, n_fp, n_words, entry=entry, file_id=file_id))
                self._by_file_id[file_id] = idx
                active.append((file_id,))
            db.executemany("INSERT OR IGNORE INTO active (file_id) VALUES (?)", active)
            # forget files that no longer exist, so the cache does not grow without bound
            listed = {os.path.abspath(e.path) for e in entries}
            gone = [(row[0],) for path, row in cached.items() if path not in listed and not os.path.exists(path)]
            for table in ("fingerprints", "paragraphs", "files"):
                db.executemany(f"DELETE FROM {table} WHERE file_id = ?", gone)

    def _store(self, key: str, entry, digest: str, fp: Fingerprint, old_id: int | None) -> int:
        db = self.db
        if old_id is not None:
            db.execute("DELETE FROM fingerprints WHERE file_id = ?", (old_id,))
            db.execute("DELETE FROM paragraphs WHERE file_id = ?", (old_id,))
            db.execute("DELETE FROM files WHERE file_id = ?", (old_id,))
        cur = db.execute(
            "INSERT INTO files (path, params, size, mtime_ns, sha256, n_words, n_fingerprints) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, self._params, entry.size, entry.mtime_ns, digest, fp.n_words, len(fp.fingerprints)))
        file_id = cur.lastrowid
        db.executemany("INSERT INTO fingerprints (hash, file_id) VALUES (?, ?)", ((h, file_id) for h in fp.fingerprints))
        db.executemany("INSERT INTO paragraphs (hash, file_id) VALUES (?, ?)",
                       ((h, file_id) for h in {h for h, _, _ in fp.paragraphs}))
        return file_id

    # --- queries ------------------------------------------------------------------------------
    def _archive_query(self, table: str, hashes: list[int], select: str, group: str = "") -> list[tuple]:
        if len(self.articles) == self.n_run or not hashes:
            return []
        rows: list[tuple] = []
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            marks = ",".join("?" * len(chunk))
            rows.extend(self.db.execute(
                f"SELECT {select} FROM {table} t JOIN active a ON a.file_id = t.file_id "
                f"WHERE t.hash IN ({marks}) {group}", chunk))
        return rows

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


def passage_index(docs: Sequence["Document"], context: "RunContext", guarantee: int = DEFAULT_GUARANTEE) -> PassageIndex:
    """The run's index for passages of ``guarantee`` words or more, built once and shared."""
    return context.shared(("newslint.passages", guarantee), lambda: _without_gc(PassageIndex, docs, context, guarantee))


def _without_gc(factory, *args):
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


def recurring_paragraphs(docs, context, min_articles: int = 5) -> dict[str, list[tuple[int, int, int]]]:
    """For each run document path: (start, end, n_articles) of its paragraphs whose normalised text
    recurs in at least ``min_articles`` distinct articles of the run plus the archive."""
    index = passage_index(docs, context)
    all_hashes = {h for paras in index.run_paragraphs.values() for h, _, _ in paras}
    freq = index.paragraph_frequencies(all_hashes)
    out: dict[str, list[tuple[int, int, int]]] = {}
    for doc in docs:
        out[doc.path] = [(s, e, freq[h]) for h, s, e in index.run_paragraphs.get(doc.path, ())
                         if freq[h] >= min_articles]
    return out
