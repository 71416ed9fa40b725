"""The archive's fingerprints, kept in an SQLite file under the cache directory.

Each archive file is stored with its path, size, modification time and content hash: an unchanged
file is never re-read, a file whose time changed but whose content did not is re-read but not
re-fingerprinted. The tables are also the archive's lookup structure, so memory does not grow with
the archive beyond one small record per file.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3

    from newslint import RunContext

    from .passage_index import Fingerprint

CACHE_FILE = "passages.sqlite3"


class ArchiveArticle(NamedTuple):
    """An archive file the cache knows: its row, its size in words and fingerprints, the entry."""

    file_id: int
    n_words: int
    n_fingerprints: int
    entry: object  # newslint.engine.ArchiveEntry


class ArchiveCache:
    """The SQLite tables of one run: opened on first use, in memory when the cache cannot be written."""

    def __init__(self, context: "RunContext", params: str) -> None:
        self.context = context
        #: what the fingerprints depend on (format version and window sizes): rows made with other
        #: parameters are ignored
        self.params = params
        self._db: "sqlite3.Connection | None" = None

    @property
    def db(self) -> "sqlite3.Connection":
        """The tables, opened on first use: a run without an archive never imports sqlite3."""
        if self._db is None:
            self._db = self._open()
        return self._db

    def _open(self) -> "sqlite3.Connection":
        import sqlite3

        db = None
        try:
            cache_dir = self.context.cache_dir
            os.makedirs(cache_dir, exist_ok=True)
            db = sqlite3.connect(os.path.join(cache_dir, CACHE_FILE), timeout=30)
            _create_tables(db)
        except (OSError, sqlite3.Error):
            db = None  # a cache we cannot write is not an error: work without it
        if db is None:
            db = sqlite3.connect(":memory:")
            _create_tables(db)
        db.execute("CREATE TEMP TABLE IF NOT EXISTS active (file_id INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM active")
        return db

    def load(self, fingerprint: Callable[[object, bytes], "Fingerprint"], stats) -> list[ArchiveArticle]:
        """Every readable archive file, fingerprinted with ``fingerprint(entry, data)`` when the
        cache has no current row for it. Unreadable files are reported and skipped."""
        import hashlib

        from newslint.document import UnreadableFile

        db = self.db
        context = self.context
        cached = {row[0]: row[1:] for row in db.execute(
            "SELECT path, file_id, size, mtime_ns, sha256, n_words, n_fingerprints FROM files WHERE params = ?",
            (self.params,))}
        entries = context.archive()
        stats.archive_files = len(entries)
        articles: list[ArchiveArticle] = []
        with db:
            for entry in entries:
                key = os.path.abspath(entry.path)
                row = cached.get(key)
                if row is not None and row[1] == entry.size and row[2] == entry.mtime_ns:
                    file_id, _, _, _, n_words, n_fp = row
                    stats.archive_from_cache += 1
                else:
                    try:
                        data = entry.read()
                        digest = hashlib.sha256(data).hexdigest()
                        stats.archive_read.append(entry.path)
                        if row is not None and row[3] == digest:
                            file_id, _, _, _, n_words, n_fp = row
                            db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE file_id = ?",
                                       (entry.size, entry.mtime_ns, file_id))
                        else:
                            fp = fingerprint(entry, data)
                            n_words, n_fp = fp.n_words, len(fp.fingerprints)
                            file_id = self._store(key, entry, digest, fp, row[0] if row else None)
                            stats.archive_refingerprinted += 1
                    except UnreadableFile as exc:
                        stats.archive_errors += 1
                        context.report_error(entry.path, f"archive file {entry.path} {exc.message}; it is skipped")
                        continue
                    except OSError as exc:
                        stats.archive_errors += 1
                        context.report_error(entry.path, f"archive file {entry.path} cannot be read: "
                                                         f"{(exc.strerror or type(exc).__name__).lower()}; it is skipped")
                        continue
                articles.append(ArchiveArticle(file_id, n_words, n_fp, entry))
            db.executemany("INSERT OR IGNORE INTO active (file_id) VALUES (?)", [(a.file_id,) for a in articles])
            # forget files that no longer exist, so the cache does not grow without bound
            listed = {os.path.abspath(e.path) for e in entries}
            gone = [(row[0],) for path, row in cached.items() if path not in listed and not os.path.exists(path)]
            for table in ("fingerprints", "paragraphs", "files"):
                db.executemany(f"DELETE FROM {table} WHERE file_id = ?", gone)
        return articles

    def _store(self, key: str, entry, digest: str, fp: "Fingerprint", old_id: int | None) -> int:
        db = self.db
        if old_id is not None:
            db.execute("DELETE FROM fingerprints WHERE file_id = ?", (old_id,))
            db.execute("DELETE FROM paragraphs WHERE file_id = ?", (old_id,))
            db.execute("DELETE FROM files WHERE file_id = ?", (old_id,))
        cur = db.execute(
            "INSERT INTO files (path, params, size, mtime_ns, sha256, n_words, n_fingerprints) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, self.params, entry.size, entry.mtime_ns, digest, fp.n_words, len(fp.fingerprints)))
        file_id = cur.lastrowid
        db.executemany("INSERT INTO fingerprints (hash, file_id) VALUES (?, ?)", ((h, file_id) for h in fp.fingerprints))
        db.executemany("INSERT INTO paragraphs (hash, file_id) VALUES (?, ?)",
                       ((h, file_id) for h in {h for h, _, _ in fp.paragraphs}))
        return file_id

    def query(self, table: str, hashes: list[int], select: str, group: str = "") -> list[tuple]:
        """Rows of ``table`` (fingerprints or paragraphs) of the active archive files for ``hashes``."""
        rows: list[tuple] = []
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            marks = ",".join("?" * len(chunk))
            rows.extend(self.db.execute(
                f"SELECT {select} FROM {table} t JOIN active a ON a.file_id = t.file_id "
                f"WHERE t.hash IN ({marks}) {group}", chunk))
        return rows


def _create_tables(db: "sqlite3.Connection") -> None:
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


