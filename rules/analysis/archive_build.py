"""Fingerprinting many archive files at once: in this process, in a pool of worker processes, or
on a Dask cluster (``scheduler``), with the same function, so that every way gives the same bytes.

A chunk of paths goes to a worker; each file comes back as one ``FileRecord``: its stat, a digest
of its bytes, and its sorted fingerprints and paragraph hashes as JSON lists, which SQLite's
``json_each`` unpacks in C (about 3 KB for a 550-word article, cheap to pickle; made in the
workers, so the one process that writes the SQLite file, ``archive_cache``, only copies them).
"""

from __future__ import annotations

import os
from typing import Callable, Iterable, Iterator, NamedTuple, Sequence

from .archive_scan import FileStat

#: below this many files, a pool costs more than it saves
POOL_FROM = 64
#: files per task: large enough that a task's overhead (pickling, scheduling) is small
CHUNK = 256


class FileRecord(NamedTuple):
    """One archive file as a worker fingerprinted it (``error`` set when it is not an article)."""

    path: str
    stat: FileStat | None
    digest: bytes
    n_words: int
    n_fingerprints: int
    fingerprints: str  # JSON list of the sorted hashes
    paragraphs: str  # JSON list of the sorted hashes
    error: str | None
    checked_ns: int


ARCHIVE_LIMIT = "the default max-file-size, for every archive file"


def fingerprint_file(path: str, guarantee: int) -> FileRecord:
    """Read and fingerprint one archive file; never raises for a bad file."""
    import time
    from _blake2 import blake2b

    from newslint.document import UnreadableFile
    from newslint.engine.inputs import MEGABYTE, too_large
    from newslint.config import DEFAULT_MAX_FILE_SIZE_MB

    limit = DEFAULT_MAX_FILE_SIZE_MB * MEGABYTE  # an archive article over the default limit is not read

    from .fingerprints import fingerprint_bytes

    checked = time.time_ns()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block
    except OSError as exc:
        return FileRecord(path, None, b"", 0, 0, "", "", f"cannot be read: {(exc.strerror or '').lower()}", checked)
    try:
        import stat as stat_module

        st = os.fstat(fd)
        if not stat_module.S_ISREG(st.st_mode):
            return FileRecord(path, FileStat.of(st), b"", 0, 0, "", "", "is not a regular file", checked)
        if st.st_size > limit:
            return FileRecord(path, FileStat.of(st), b"", 0, 0, "", "", too_large(st.st_size, limit, ARCHIVE_LIMIT), checked)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)  # it may have grown since
        if len(data) > limit:
            return FileRecord(path, FileStat.of(st), b"", 0, 0, "", "", too_large(None, limit, ARCHIVE_LIMIT), checked)
    except OSError as exc:
        return FileRecord(path, None, b"", 0, 0, "", "", f"cannot be read: {(exc.strerror or '').lower()}", checked)
    finally:
        os.close(fd)
    digest = blake2b(data, digest_size=16).digest()
    try:
        fp = fingerprint_bytes(path, data, guarantee)
    except UnreadableFile as exc:
        return FileRecord(path, FileStat.of(st), digest, 0, 0, "", "", exc.message, checked)
    return FileRecord(path, FileStat.of(st), digest, fp.n_words, len(fp.fingerprints), _json_list(fp.fingerprints),
                      _json_list(fp.paragraphs), None, checked)


def _json_list(hashes: list[int]) -> str:
    return f"[{','.join(map(str, hashes))}]" if hashes else ""


def fingerprint_chunk(paths: Sequence[str], guarantee: int) -> list[FileRecord]:
    """``fingerprint_file`` for each path: one task of a pool or of a Dask cluster."""
    return [fingerprint_file(p, guarantee) for p in paths]


def fingerprint_files(paths: Sequence[str], guarantee: int, jobs: int | None = None,
                      scheduler: str | None = None) -> Iterator[FileRecord]:
    """Every file fingerprinted, in chunks, as they are done (not in order).

    ``scheduler``: a Dask scheduler's address, or ``"local"`` for a ``LocalCluster`` on this
    machine; without it, a process pool of ``jobs`` workers (all CPUs by default), or this
    process for a few files.
    """
    chunks = [list(paths[i:i + CHUNK]) for i in range(0, len(paths), CHUNK)]
    if scheduler:
        yield from _on_dask(chunks, guarantee, scheduler)
        return
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(paths) < POOL_FROM:
        for chunk in chunks:
            yield from fingerprint_chunk(chunk, guarantee)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(fingerprint_chunk, chunk, guarantee) for chunk in chunks]
        for future in as_completed(futures):
            yield from future.result()


class DaskUnavailable(Exception):
    """Dask is not installed, or the scheduler cannot be reached (a plain message)."""


def dask_client(scheduler: str):
    """A ``dask.distributed`` client for ``scheduler`` (an address, or ``local``)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise DaskUnavailable('--scheduler needs Dask: pip install "newslint[dask]"') from None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=min(2, os.cpu_count() or 1), threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
        client._newslint_cluster = cluster  # closed with the client (``close_client``)
        return client
    try:
        return Client(scheduler, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise DaskUnavailable(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None


def close_client(client) -> None:
    cluster = getattr(client, "_newslint_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def map_on_dask(client, function: Callable, items: Iterable, *args) -> Iterator:
    """``function(item, *args)`` for each item on the cluster, results as they are done."""
    from dask.distributed import as_completed

    # the items go to the workers as data of their own, not inside the task graph (which Dask
    # warns about past 10 MB: an audit of 100,000 stories sends 13 MB of anchors)
    items = list(items)
    if not items:  # an archive with nothing to fingerprint again (Dask cannot scatter nothing)
        return
    items = client.scatter(items)
    futures = client.map(function, items, *[[a] * len(items) for a in args], pure=False)
    for future in as_completed(futures):
        yield future.result()
        future.release()


def _on_dask(chunks: list[list[str]], guarantee: int, scheduler: str) -> Iterator[FileRecord]:
    client = dask_client(scheduler)
    try:
        for records in map_on_dask(client, fingerprint_chunk, chunks, guarantee):
            yield from records
    finally:
        close_client(client)
