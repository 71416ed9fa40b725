"""``newslint archive build|update|audit``: the archive's index made, refreshed or audited on its own.

``build`` makes the index from scratch (in a pool of worker processes, or on a Dask cluster with
``--scheduler``); ``update`` looks at every archive file for changes (what ``check
--refresh-archive`` does first); ``audit`` compares every story with every other. The index is the
one ``newslint check`` reads: one for NL103's ``min-words`` and one for the twelve-word passages
NL104 and NL302 use, when the two differ.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import TYPE_CHECKING, Callable

from .archive_cache import ArchiveIndex
from .fingerprints import DEFAULT_GUARANTEE

if TYPE_CHECKING:  # pragma: no cover
    from newslint.config import Settings


def guarantees(settings: "Settings") -> list[int]:
    """The passage lengths the checker's indexes are made for, as the rules are configured."""
    own = settings.options_for("NL103").get("min-words", DEFAULT_GUARANTEE)
    return sorted({own, DEFAULT_GUARANTEE})


def run(action: str, settings: "Settings", *, jobs: int | None, scheduler: str | None, output: str | None,
        fmt: str, say: Callable[[str], None]) -> int:
    """Do ``action``; returns the exit code (2 when an archive file or folder could not be read)."""
    problems: list[str] = []
    notes: list[str] = []

    def error(path: str, message: str) -> None:
        problems.append(message)

    if action == "audit":
        from .archive_audit import AuditOptions, audit, html_report

        index = ArchiveIndex(settings, DEFAULT_GUARANTEE, use_cache=not settings.no_cache, notes=notes.append,
                             errors=error)
        index.refresh(full=True, jobs=jobs, scheduler=scheduler)
        nl103, nl104 = settings.options_for("NL103"), settings.options_for("NL104")
        options = AuditOptions(nl103["min-words"], nl103["boilerplate-articles"], nl104["min-similarity"],
                               nl104["min-words"])
        t0 = time.perf_counter()
        data = audit(index, options, jobs=jobs, scheduler=scheduler)
        data["seconds"] = round(time.perf_counter() - t0, 3)
        text = html_report(data) if fmt == "html" else json.dumps(data, indent=2, sort_keys=True) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            sys.stdout.write(text)
        say(f"audited {data['articles']} articles: {data['candidate_pairs']} candidate pairs, "
            f"{len(data['duplicate_clusters'])} duplicate clusters, {len(data['passage_clusters'])} clusters "
            "of shared passages")
    else:
        for guarantee in guarantees(settings):
            index = ArchiveIndex(settings, guarantee, use_cache=True, notes=notes.append, errors=error)
            if action == "build" and index.db is not None and index.path:
                index.close()
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(index.path + suffix):
                        os.remove(index.path + suffix)
                index = ArchiveIndex(settings, guarantee, use_cache=True, notes=notes.append, errors=error)
            t0 = time.perf_counter()
            stats = index.refresh(full=True, jobs=jobs, scheduler=scheduler)
            seconds = time.perf_counter() - t0
            files = index.n_files()
            where = index.path or "memory"
            size = os.path.getsize(index.path) if index.path else 0
            say(f"{action}: {files} articles indexed for passages of {guarantee} words in {seconds:.1f} s "
                f"({stats.fingerprinted} fingerprinted, {len(stats.read)} read); {where}"
                + (f", {size / max(1, files):.0f} bytes per article" if size else ""))
            index.close()
    for note in notes:
        say(f"note: {note}")
    for message in problems:
        say(f"error: {message}")
    return 2 if problems else 0
