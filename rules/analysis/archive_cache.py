"""The archive's index: the fingerprints of every archive file, in an SQLite file under the cache
folder, which a check queries instead of reading the archive.

Schema (one file per archive and window sizes, ``archive-v3-k7-w6-<roots>.sqlite3``):

* ``fingerprints(hash, file_id)`` and ``paragraphs(hash, file_id)``: ``WITHOUT ROWID`` tables keyed
  by ``(hash, file_id)``, no other index (about 2.8 KB per 550-word article with the files' rows);
* ``files``: one row per archive file (its folder, name, stat, content digest, word and
  fingerprint counts, or why it is not an article); ``folders``: each folder's modification time,
  which says whether it must be listed again (``archive_scan``);
* ``dead``: files whose fingerprint rows are still in the tables (a changed file gets a new id: the
  old rows cannot be found without an index by file, and are deleted in bulk later);
* ``meta``: the format version, the window sizes and the archive's folders.

Concurrency: WAL mode, so that readers never wait; every write is one ``BEGIN IMMEDIATE``
transaction (the fingerprints of the files read are staged in a temporary database first, so that the
lock is held for the copy only), and a busy database is waited for (30 s) rather than failed. A damaged file is moved
aside and rebuilt, with one line to say so. The cache file is never followed through a symbolic
link, its folder is created private (0700) and the file 0600, and the folder carries a
``.gitignore`` and a ``CACHEDIR.TAG`` so that neither git nor backup tools take it in.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple

from .archive_scan import FileStat, scan, stat_file
from .fingerprints import FORMAT_VERSION, window_sizes

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3

    from newslint.config import Settings

    from .archive_build import FileRecord

#: how long a run waits for another run's write to finish before giving up on the cache
BUSY_TIMEOUT_S = 30
#: files staged per transaction of the temporary database
BATCH = 500
#: helper threads SQLite may sort the staged rows with (the workers are done by then)
SORT_THREADS = 1
#: a load of at least this many files, most of the index, is followed by VACUUM
VACUUM_FROM = 1000
#: when this many changed files' old rows are waiting, they are deleted (one pass over the table)
COMPACT_FROM = 2000
CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by newslint.\n"
                "# For information about cache directory tags, see https://bford.info/cachedir/\n")


class CacheRefused(Exception):
    """The cache cannot be used safely (a plain message); the run works without it."""


def prepare_cache_dir(cache_dir: os.PathLike | str) -> None:
    """Create the cache folder (0700) with its ``.gitignore`` and ``CACHEDIR.TAG``."""
    cache_dir = os.fspath(cache_dir)
    if os.path.islink(cache_dir):
        raise CacheRefused(f"the cache folder {cache_dir} is a symbolic link; newslint does not follow it")
    if not os.path.isdir(cache_dir):
        os.makedirs(cache_dir, mode=0o700, exist_ok=True)
        os.chmod(cache_dir, 0o700)  # makedirs follows the umask
    for name, text in ((".gitignore", "# created by newslint: nothing in this folder belongs in git\n*\n"),
                       ("CACHEDIR.TAG", CACHEDIR_TAG)):
        path = os.path.join(cache_dir, name)
        if not os.path.lexists(path):
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            except FileExistsError:  # another run wrote it meanwhile
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)


def cache_file_name(roots: list[str], guarantee: int) -> str:
    from _blake2 import blake2b

    k, w = window_sizes(guarantee)
    digest = blake2b("\0".join(roots).encode("utf-8", "surrogateescape"), digest_size=6).hexdigest()
    return f"archive-v{FORMAT_VERSION}-k{k}-w{w}-{digest}.sqlite3"


def _connect(path: str) -> "sqlite3.Connection":
    import sqlite3

    for p in (path, path + "-wal", path + "-shm", path + "-journal"):
        if os.path.islink(p):
            raise CacheRefused(f"the cache file {p} is a symbolic link; newslint does not follow it")
    if not os.path.exists(path):
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
        except FileExistsError:
            pass
    # autocommit: nothing opens a transaction behind our back (a never-committed implicit
    # transaction is what made concurrent runs fail with "database is locked")
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    return db


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS folders (
    folder_id INTEGER PRIMARY KEY, root INTEGER NOT NULL, path TEXT NOT NULL, mtime_ns INTEGER NOT NULL,
    UNIQUE (root, path));
CREATE TABLE IF NOT EXISTS files (
    file_id INTEGER PRIMARY KEY, folder_id INTEGER NOT NULL, name TEXT NOT NULL,
    size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER, checked_ns INTEGER NOT NULL,
    digest BLOB, n_words INTEGER NOT NULL, n_fingerprints INTEGER NOT NULL, error TEXT,
    UNIQUE (folder_id, name));
CREATE INDEX IF NOT EXISTS files_with_errors ON files (file_id) WHERE error IS NOT NULL;
CREATE TABLE IF NOT EXISTS fingerprints (hash INTEGER NOT NULL, file_id INTEGER NOT NULL,
    PRIMARY KEY (hash, file_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS paragraphs (hash INTEGER NOT NULL, file_id INTEGER NOT NULL,
    PRIMARY KEY (hash, file_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dead (file_id INTEGER PRIMARY KEY);
"""


def _is_damage(exc: BaseException) -> bool:
    import sqlite3

    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(exc, sqlite3.OperationalError) and \
            "locked" in str(exc):
        return False
    text = str(exc).lower()
    return type(exc) is sqlite3.DatabaseError or "malformed" in text or "not a database" in text \
        or "no such table" in text


class ArchiveFile(NamedTuple):
    file_id: int
    path: str
    n_words: int
    n_fingerprints: int


class RefreshStats(NamedTuple):
    read: list[str]
    fingerprinted: int
    errors: int
    folders_listed: int
    folders_stat: int


class ArchiveIndex:
    """The index of one archive (its folders, as configured) for passages of ``guarantee`` words.

    ``notes(message)`` hears what a user should know but need not act on (a damaged cache rebuilt);
    ``errors(path, message)`` what makes the run's exit code 2 (an archive file that cannot be read).
    """

    def __init__(self, settings: "Settings", guarantee: int, *, use_cache: bool = True,
                 notes: Callable[[str], None] = lambda m: None,
                 errors: Callable[[str, str], None] = lambda p, m: None) -> None:
        self.settings = settings
        self.guarantee = guarantee
        real: dict[str, str] = {}
        for given in settings.archive:
            real.setdefault(os.path.realpath(given), os.fspath(given))
        #: the archive's folders with their links resolved (what identifies a file), sorted
        self.roots = sorted(real)
        #: the same folders as the configuration names them (what findings show)
        self.shown_roots = [real[r] for r in self.roots]
        self.notes, self.errors = notes, errors
        self.use_cache = use_cache
        self.path: str | None = None
        self._db: "sqlite3.Connection | None" = None
        self._folders: dict[int, tuple[int, str]] = {}
        self._excluded: set[int] = set()
        self._dead: set[int] = set()
        #: archive files read again this run because a lookup found them changed
        self.stale_read: list[str] = []

    # --- opening ------------------------------------------------------------------------------
    @property
    def db(self) -> "sqlite3.Connection":
        if self._db is None:
            self._db = self._open()
        return self._db

    def _open(self) -> "sqlite3.Connection":
        import sqlite3

        db = None
        if self.use_cache:
            cache_dir = os.fspath(self.settings.effective_cache_dir)
            try:
                prepare_cache_dir(cache_dir)
                self.path = os.path.join(cache_dir, cache_file_name(self.roots, self.guarantee))
                db = _connect(self.path)
                self._create(db)
            except CacheRefused as exc:
                self.errors(str(cache_dir), f"{exc}; the archive was indexed in memory for this run")
                db = None
            except sqlite3.DatabaseError as exc:
                if not _is_damage(exc):
                    db = None  # a cache we cannot write is not an error: work without it
                else:
                    db = self._set_aside(db, exc)
            except OSError:
                db = None
        if db is None:
            self.path = None
            db = sqlite3.connect(":memory:", isolation_level=None)
            self._create(db)
        return db

    def _create(self, db: "sqlite3.Connection") -> None:
        db.execute("BEGIN IMMEDIATE")  # not executescript: it commits on its own
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        stored = dict(db.execute("SELECT key, value FROM meta"))
        wanted = {"format": str(FORMAT_VERSION), "guarantee": str(self.guarantee), "roots": json.dumps(self.roots)}
        if stored and stored != wanted:  # another version wrote it: start again
            for table in ("folders", "files", "fingerprints", "paragraphs", "dead"):
                db.execute(f"DELETE FROM {table}")
            stored = {}
        if not stored:
            db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", wanted.items())
        db.execute("COMMIT")

    def _set_aside(self, db, exc: BaseException) -> "sqlite3.Connection | None":
        """Move a damaged cache file aside and start a new one, saying so in one line."""
        if db is not None:
            try:
                db.close()
            except Exception:
                pass
        aside = f"{self.path}.damaged"
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.path + suffix):
                os.replace(self.path + suffix, aside + suffix)
        self.notes(f"the archive cache {self.path} was damaged ({exc}); it was moved to {aside} and rebuilt")
        try:
            db = _connect(self.path)
            self._create(db)
            return db
        except Exception:
            return None

    def _recovering(self, exc: BaseException) -> None:
        """Called with a damage error met while using the cache: set it aside and rebuild."""
        self._db = self._set_aside(self._db, exc)
        if self._db is None:
            import sqlite3

            self.path = None
            self._db = sqlite3.connect(":memory:", isolation_level=None)
            self._create(self._db)
        self._folders = {}
        self.refresh(full=True)

    def _guarded(self, action: Callable):
        """``action()``, and once more after rebuilding the cache if it turned out to be damaged."""
        try:
            return action()
        except Exception as exc:
            if not _is_damage(exc) or self.path is None:
                raise
            self._recovering(exc)
            return action()

    # --- writing ------------------------------------------------------------------------------
    def _write(self, work: Callable[["sqlite3.Connection"], None]) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            work(db)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _load_folders(self) -> dict[tuple[int, str], int]:
        known = {}
        self._folders = {}
        for folder_id, root, path, mtime in self.db.execute("SELECT folder_id, root, path, mtime_ns FROM folders"):
            known[(root, path)] = mtime
            self._folders[folder_id] = (root, path)
        self._dead = {fid for (fid,) in self.db.execute("SELECT file_id FROM dead")}
        return known

    def refresh(self, full: bool = False, jobs: int | None = None, scheduler: str | None = None) -> RefreshStats:
        """Bring the index up to date with the archive (see ``archive_scan`` for what a quick
        refresh looks at, and ``full`` for one that stats every file)."""
        return self._guarded(lambda: self._refresh(full, jobs, scheduler))

    def _refresh(self, full: bool, jobs: int | None, scheduler: str | None) -> RefreshStats:
        from .archive_build import fingerprint_files

        known = self._load_folders()
        found = scan(self.roots, known, self.settings, full)
        for root, why in found.missing_roots:
            self.errors(self.shown_roots[root], f"archive {self.shown_roots[root]} {why}")
        for key in found.misnamed:
            path = os.path.join(self._folder_path(key[:2], True), key[2])
            self.errors(path, f"archive file {path} has a name that is not valid UTF-8, so it is skipped; "
                              "rename it to compare it with the articles checked")
        ids = {key: fid for fid, key in self._folders.items()}
        to_read: list[str] = []
        gone: list[int] = []
        for key, listing in found.listed.items():
            rows = {}
            if key in ids:
                rows = {name: row for name, *row in self.db.execute(
                    "SELECT name, file_id, size, mtime_ns, ctime_ns, inode, checked_ns FROM files WHERE folder_id = ?",
                    (ids[key],))}
            where = self._folder_path(key)
            for name in listing.files:
                row = rows.pop(name, None)
                path = os.path.join(where, name)
                if row is not None and row[1] is not None:
                    now = stat_file(path)
                    if isinstance(now, FileStat) and FileStat(*row[1:5]).same(now, row[5]):
                        continue
                to_read.append(path)
            gone.extend(row[0] for row in rows.values())
        # folders that are no longer there, with everything in them
        vanished = [ids[key] for key in known if key not in found.listed and key not in found.unchanged]
        for fid in vanished:
            gone.extend(file_id for (file_id,) in self.db.execute("SELECT file_id FROM files WHERE folder_id = ?", (fid,)))
        records = fingerprint_files(to_read, self.guarantee, jobs=jobs, scheduler=scheduler)
        read: list[str] = []
        fingerprinted = self._store(records, read)

        def finish(db):
            self._forget(db, gone)
            db.executemany("DELETE FROM folders WHERE folder_id = ?", [(f,) for f in vanished])
            for (root, path), listing in found.listed.items():
                db.execute("INSERT INTO folders (root, path, mtime_ns) VALUES (?, ?, ?) ON CONFLICT (root, path) "
                           "DO UPDATE SET mtime_ns = excluded.mtime_ns", (root, path, listing.mtime_ns))

        self._write(finish)
        if full or len(self._dead) >= COMPACT_FROM:
            self.compact()
        self._load_folders()
        errors = self._report_errors()
        return RefreshStats(read, fingerprinted, errors, len(found.listed), found.folders_stat)

    def _folder_path(self, key: tuple[int, str], shown: bool = False) -> str:
        root, folder = key
        base = (self.shown_roots if shown else self.roots)[root]
        return os.path.join(base, *folder.split("/")) if folder else base

    def _split(self, path: str) -> tuple[int, str, str] | None:
        """``(root, folder, name)`` of an absolute path under one of the roots."""
        for i, root in enumerate(self.roots):
            prefix = root if root.endswith(os.sep) else root + os.sep
            if path.startswith(prefix):
                # the paths here are the scan's own joins: no "..", no doubled separators
                folder, _, name = path[len(prefix):].replace(os.sep, "/").rpartition("/")
                return i, folder, name
        return None

    def _store(self, records: Iterable["FileRecord"], read: list[str]) -> int:
        """Write fingerprinted files; returns how many were fingerprinted again (a file whose bytes
        had not changed keeps its rows).

        The rows are staged in a temporary database as the workers send them (no lock is held while
        they work), then written in one transaction in key order: SQLite appends to the B-tree
        instead of splitting pages all over it, every page is written once and full, and a run that
        stops midway leaves the index as it was.
        """
        import sqlite3

        db = self.db
        # the staged rows go to a private temporary database, deleted as a whole when it is
        # detached: deleting them from temporary tables read every page of them again
        db.execute("ATTACH DATABASE '' AS staging")
        try:
            count = self._store_staged(db, records, read)
        finally:
            try:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                db.execute("DETACH DATABASE staging")
            except sqlite3.Error:  # the connection was closed: a damaged cache, set aside
                pass
        if count >= VACUUM_FROM and count >= 0.9 * self.n_files():
            # a bulk load: ordered inserts leave the B-tree's pages about 90% full; VACUUM copies
            # the tables page by page, full (about 12% smaller), in a fraction of the load's time
            db.execute("VACUUM")
        return count

    def _store_staged(self, db: "sqlite3.Connection", records: Iterable["FileRecord"], read: list[str]) -> int:
        for statement in ("PRAGMA staging.journal_mode = OFF", "PRAGMA staging.synchronous = OFF",
                          "CREATE TABLE staging.fingerprints (hash INTEGER NOT NULL, local INTEGER NOT NULL)",
                          "CREATE TABLE staging.paragraphs (hash INTEGER NOT NULL, local INTEGER NOT NULL)",
                          "CREATE TABLE staging.kept (local INTEGER PRIMARY KEY)"):
            db.execute(statement)
        kept: list[tuple["FileRecord", tuple[int, str, str]]] = []
        db.execute("BEGIN")  # the staging database only: the archive's file is not locked
        for rec in records:
            where = self._split(rec.path)
            if where is None:
                continue
            read.append(rec.path)
            local = len(kept)
            for table, packed in (("fingerprints", rec.fingerprints), ("paragraphs", rec.paragraphs)):
                if packed:  # json_each unpacks the list in C: far cheaper than a row per hash
                    db.execute(f"INSERT INTO staging.{table} (hash, local) SELECT value, ? FROM json_each(?)",
                               (local, packed))
            kept.append((rec._replace(fingerprints="", paragraphs=""), where))  # the hashes are staged
            if local % BATCH == BATCH - 1:
                db.execute("COMMIT")
                db.execute("BEGIN")
        db.execute("COMMIT")
        count = [0]

        def write(db):
            folder_ids = {key: fid for fid, key in self._folders.items()}
            # ids never reused while a dead file's rows are still in the tables
            base = 1 + max(db.execute("SELECT COALESCE(MAX(file_id), 0) FROM files").fetchone()[0],
                           db.execute("SELECT COALESCE(MAX(file_id), 0) FROM dead").fetchone()[0])
            empty = db.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None
            rows, written = [], []
            for local, (rec, (root, folder, name)) in enumerate(kept):
                fid = folder_ids.get((root, folder))
                if fid is None:
                    # mtime 0: listed again next time, when its time is stored with its files
                    fid = db.execute("INSERT INTO folders (root, path, mtime_ns) VALUES (?, ?, 0) ON CONFLICT (root, path) "
                                     "DO UPDATE SET root = root RETURNING folder_id", (root, folder)).fetchone()[0]
                    folder_ids[(root, folder)] = fid
                    self._folders[fid] = (root, folder)
                st = rec.stat or FileStat(None, None, None, None)
                old = None if empty else db.execute(
                    "SELECT file_id, digest, error FROM files WHERE folder_id = ? AND name = ?", (fid, name)).fetchone()
                if old is not None and old[1] == rec.digest and rec.error is None and old[2] is None:
                    db.execute("UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ?, checked_ns = ? "
                               "WHERE file_id = ?", (*st, rec.checked_ns, old[0]))
                    continue
                if old is not None:
                    self._forget(db, [old[0]])
                rows.append((base + local, fid, name, *st, rec.checked_ns, rec.digest, rec.n_words,
                             rec.n_fingerprints, rec.error))
                written.append((local,))
            db.executemany(
                "INSERT INTO files (file_id, folder_id, name, size, mtime_ns, ctime_ns, inode, checked_ns, digest, "
                "n_words, n_fingerprints, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            # (every staged file is written in a build: then no row of theirs need be looked up)
            where = ""
            if len(written) < len(kept):
                db.executemany("INSERT INTO staging.kept (local) VALUES (?)", written)
                where = "WHERE local IN staging.kept "
            for table in ("fingerprints", "paragraphs"):
                db.execute(f"INSERT OR IGNORE INTO main.{table} (hash, file_id) SELECT hash, local + ? "
                           f"FROM staging.{table} {where}ORDER BY hash, local", (base,))
            count[0] = len(rows)

        if kept:
            # the sort of the staged rows, after the workers are done, may use a second core
            db.execute(f"PRAGMA threads = {SORT_THREADS}")
            try:
                self._write(write)
            finally:
                db.execute("PRAGMA threads = 0")
        return count[0]

    def _forget(self, db, file_ids: list[int]) -> None:
        """Drop files; their fingerprint rows wait in ``dead`` for ``compact``."""
        if not file_ids:
            return
        db.executemany("DELETE FROM files WHERE file_id = ?", [(f,) for f in file_ids])
        db.executemany("INSERT OR IGNORE INTO dead (file_id) VALUES (?)", [(f,) for f in file_ids])
        self._dead.update(file_ids)

    def compact(self) -> None:
        """Delete the rows of files that changed or went (one pass over each table)."""
        if not self._dead:
            return

        def work(db):
            db.execute("CREATE TEMP TABLE IF NOT EXISTS gone_ids (file_id INTEGER PRIMARY KEY)")
            db.execute("DELETE FROM gone_ids")
            db.execute("INSERT INTO gone_ids SELECT file_id FROM dead")
            for table in ("fingerprints", "paragraphs"):
                db.execute(f"DELETE FROM {table} WHERE file_id IN (SELECT file_id FROM gone_ids)")
            db.execute("DELETE FROM dead WHERE file_id IN (SELECT file_id FROM gone_ids)")
            db.execute("DELETE FROM gone_ids")

        self._write(work)
        self._dead = set()

    def _report_errors(self) -> int:
        count = 0
        for folder_id, name, error in self.db.execute(
                "SELECT folder_id, name, error FROM files WHERE error IS NOT NULL ORDER BY file_id"):
            key = self._folders.get(folder_id)
            if key is not None:
                path = os.path.join(self._folder_path(key, True), name)
                self.errors(path, f"archive file {path} {error}; it is skipped")
                count += 1
        return count

    # --- reading ------------------------------------------------------------------------------
    def exclude(self, paths: Iterable[str]) -> None:
        """Leave these files (the run's own articles, if they are in the archive) out of every answer."""
        for path in paths:
            file_id = self.file_id(os.path.realpath(path))
            if file_id is not None:
                self._excluded.add(file_id)

    def file_id(self, path: str) -> int | None:
        where = self._split(path)
        if where is None:
            return None
        root, folder, name = where
        row = self.db.execute("SELECT f.file_id FROM files f JOIN folders d ON d.folder_id = f.folder_id "
                              "WHERE d.root = ? AND d.path = ? AND f.name = ?", (root, folder, name)).fetchone()
        return row[0] if row else None

    def n_files(self) -> int:
        return self._guarded(lambda: self.db.execute("SELECT COUNT(*) FROM files WHERE error IS NULL").fetchone()[0])

    def files(self, file_ids: Iterable[int]) -> dict[int, ArchiveFile]:
        out = {}
        ids = list(file_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for file_id, folder_id, name, n_words, n_fp in self.db.execute(
                    f"SELECT file_id, folder_id, name, n_words, n_fingerprints FROM files WHERE file_id IN "
                    f"({','.join('?' * len(chunk))})", chunk):
                out[file_id] = ArchiveFile(file_id, os.path.join(self._folder_path(self._folders[folder_id], True), name),
                                           n_words, n_fp)
        return out

    def postings(self, table: str, hashes: list[int]) -> dict[int, list[int]]:
        """The live archive files holding each hash, every one checked against the disk first: a
        file that changed is fingerprinted again (and the lookup made again), a file that is gone
        is dropped."""
        def lookup():
            out: dict[int, list[int]] = {}
            skip = self._excluded | self._dead
            for h, file_id in self._select(table, hashes, "hash, file_id"):
                if file_id not in skip:
                    out.setdefault(h, []).append(file_id)
            return out

        found = self._guarded(lookup)
        if self._stale({f for ids in found.values() for f in ids}):
            found = self._guarded(lookup)
        return found

    def holding(self, table: str, hashes: list[int], file_ids: Iterable[int]) -> dict[int, list[int]]:
        """``{file_id: the hashes it holds}``: which of these hashes each of these files holds, as
        the index last saw them. One look-up of the primary key per pair, so a hash that thousands
        of files hold costs no more than a rare one."""
        ids = sorted(set(file_ids))
        if not hashes or not ids:
            return {}

        def lookup():
            out: dict[int, list[int]] = {}
            where = ",".join(map(str, ids))
            for h, file_id in self._select(table, hashes, "hash, file_id", f"AND file_id IN ({where})"):
                out.setdefault(file_id, []).append(h)
            return out

        return self._guarded(lookup)

    def sharing(self, table: str, hashes: list[int]) -> dict[int, int]:
        """``{file_id: how many of these hashes it holds}`` for the live archive files holding any, as
        the index last saw them (nothing is checked against the disk: ``fresh`` does that for the
        few a caller keeps). One aggregate per chunk of hashes, in SQLite: what it costs grows with
        the rows of these hashes, not with the files found, none of which becomes a Python object
        but its count."""
        def count():
            out: dict[int, int] = {}
            skip = self._excluded | self._dead
            for file_id, n in self._select(table, hashes, "file_id, COUNT(*)", "GROUP BY file_id"):
                if file_id not in skip:  # one row per chunk of hashes that the file holds any of
                    out[file_id] = out.get(file_id, 0) + n
            return out

        return self._guarded(count)

    def fresh(self, file_ids: Iterable[int]) -> bool:
        """Check these files against the disk (see ``postings``): ``False`` if any had changed or
        gone, and was fingerprinted again or forgotten, so that what was looked up must be again."""
        return not self._guarded(lambda: self._stale(set(file_ids)))

    def counts(self, table: str, hashes: list[int], at_most: int | None = None) -> dict[int, int]:
        """How many live archive files hold each hash (as the index last saw them).

        ``at_most``: a count that reaches it is only said to (it may be more): a check that only
        asks whether a passage is boilerplate reads that many rows of a standard footer's hash,
        not one for every article of the archive that carries it."""
        def count():
            skip = self._excluded | self._dead
            if at_most is None:
                out = dict(self._select(table, hashes, "hash, COUNT(*)", "GROUP BY hash"))
            else:
                out = {}
                for i in range(0, len(hashes), 500):
                    out.update((h, n) for h, n in self.db.execute(
                        f"SELECT j.value, (SELECT COUNT(*) FROM (SELECT 1 FROM {table} t WHERE t.hash = j.value LIMIT ?)) "
                        f"FROM json_each(?) j", (at_most + len(skip), f"[{','.join(map(str, hashes[i:i + 500]))}]")) if n)
            if skip and out:
                for h, n in self._select(table, list(out), "hash, COUNT(*)",
                                         f"AND file_id IN ({','.join(map(str, skip))}) GROUP BY hash"):
                    out[h] -= n
            return out

        return self._guarded(count)

    def _select(self, table: str, hashes: list[int], select: str, tail: str = "") -> list[tuple]:
        rows: list[tuple] = []
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            rows.extend(self.db.execute(f"SELECT {select} FROM {table} WHERE hash IN ({','.join('?' * len(chunk))}) {tail}",
                                        chunk))
        return rows

    def _stale(self, file_ids: set[int]) -> bool:
        """Check these files against the disk; fingerprint again those that changed, forget those
        that are gone. Whether any was stale."""
        if not file_ids:
            return False
        rows = self.db.execute(
            f"SELECT f.file_id, f.folder_id, f.name, f.size, f.mtime_ns, f.ctime_ns, f.inode, f.checked_ns FROM files f "
            f"WHERE f.file_id IN ({','.join(map(str, file_ids))})").fetchall()
        changed: list[str] = []
        for file_id, folder_id, name, *st, checked in rows:
            path = os.path.join(self._folder_path(self._folders[folder_id]), name)
            now = stat_file(path)
            if not (isinstance(now, FileStat) and FileStat(*st).same(now, checked)):
                changed.append(path)
        if not changed:
            return False
        from .archive_build import fingerprint_files

        read: list[str] = []
        records = [r for r in fingerprint_files(changed, self.guarantee, jobs=1)]
        vanished = [r.path for r in records if r.stat is None]
        self._store([r for r in records if r.stat is not None], read)
        self.stale_read.extend(read)
        if vanished:
            ids = [self.file_id(p) for p in vanished]
            self._write(lambda db: self._forget(db, [i for i in ids if i is not None]))
        self.stale_read.extend(vanished)
        return True

    def all_files(self) -> list[ArchiveFile]:
        """Every live archive file (for the audit)."""
        out = []
        for file_id, folder_id, name, n_words, n_fp in self.db.execute(
                "SELECT file_id, folder_id, name, n_words, n_fingerprints FROM files WHERE error IS NULL ORDER BY file_id"):
            out.append(ArchiveFile(file_id, os.path.join(self._folder_path(self._folders[folder_id], True), name),
                                   n_words, n_fp))
        return out

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
