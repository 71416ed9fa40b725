"""Which archive files are new, changed or gone since the index last looked, without stat-ing
every file.

A folder's modification time changes when a file in it is added, removed or renamed (and when an
editor or ``git checkout`` saves a file by writing a new one and renaming it over the old). A
check therefore stats each archive *folder*, lists only the folders whose time changed, and stats
only the files in those: a few hundred calls for an archive of a million articles in folders by
month. What a folder's time cannot show, a file rewritten in place, is caught where it matters:
every archive file that a check is about to compare with is stat-ed first, and read again if it
changed (``FileStat.same``). A full scan (``full=True``: ``--refresh-archive``, ``newslint
archive update``) stats every file.

A time that could still change within the clock's resolution after it was read ("racy", as git
calls it) is not trusted: such a folder is listed again next time, such a file read again.
"""

from __future__ import annotations

import os
import stat as stat_module
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    from newslint.config import Settings

#: how long after a time was read it may still be the time of a later change (clock resolution)
RACY_NS = 2_000_000_000
ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")


class FileStat(NamedTuple):
    """What says that a file is the one the index fingerprinted: a change of content changes one
    of these (the change time even when the modification time is set back)."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, st: os.stat_result) -> "FileStat":
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)

    def same(self, other: "FileStat", checked_ns: int) -> bool:
        """Whether a file with this stat, fingerprinted at ``checked_ns``, can be trusted to be
        unchanged now that it stats as ``other``."""
        return self == other and self.mtime_ns < checked_ns - RACY_NS


def stat_file(path: str) -> FileStat | str:
    """The file's stat, or why it cannot be an archive article (plain words)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return f"cannot be read: {(exc.strerror or type(exc).__name__).lower()}"
    if not stat_module.S_ISREG(st.st_mode):
        return "is not a regular file"
    return FileStat.of(st)


def is_article_name(name: str) -> bool:
    return name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith(".")


@dataclass
class FolderListing:
    """A folder listed in this scan: its time to store and the article files in it."""

    mtime_ns: int
    files: list[str]


@dataclass
class Scan:
    """What a scan found, by ``(root, folder)``; a folder is ``""`` for the root itself."""

    #: folders listed this scan (new, changed, or all of them in a full scan)
    listed: dict[tuple[int, str], FolderListing] = field(default_factory=dict)
    #: folders whose time had not changed: their files are as the index has them
    unchanged: set[tuple[int, str]] = field(default_factory=set)
    #: roots that do not exist or are not folders, with the reason
    missing_roots: list[tuple[int, str]] = field(default_factory=list)
    #: ``(root, folder, name)`` of entries whose names are not valid UTF-8: the index stores names as
    #: text, so they are skipped, and said on every run (their folder is listed again each time)
    misnamed: list[tuple[int, str, str]] = field(default_factory=list)
    folders_stat: int = 0


def scan(roots: list[str], known: dict[tuple[int, str], int], settings: "Settings", full: bool) -> Scan:
    """Walk the archive's folders: list those that are new or whose time changed (all of them
    when ``full``), and skip the others, whose subfolders are the ones ``known`` has."""
    children: dict[tuple[int, str], list[str]] = {}
    for root, folder in known:
        if folder:
            parent = folder.rpartition("/")[0]
            children.setdefault((root, parent), []).append(folder)
    result = Scan()
    now = time.time_ns()
    stack = [(r, "") for r in range(len(roots))]
    while stack:
        root, folder = stack.pop()
        where = os.path.join(roots[root], folder) if folder else roots[root]
        try:
            st = os.stat(where)
        except OSError:
            st = None
        if st is None or not stat_module.S_ISDIR(st.st_mode):
            if not folder:
                result.missing_roots.append((root, "does not exist" if st is None else "is not a folder"))
            continue
        result.folders_stat += 1
        stored = known.get((root, folder))
        if not full and stored is not None and stored == st.st_mtime_ns:
            result.unchanged.add((root, folder))
            stack.extend((root, sub) for sub in children.get((root, folder), ()))
            continue
        subfolders, files, misnamed = _list(where, settings)
        result.misnamed.extend((root, folder, name) for name in misnamed)
        racy = st.st_mtime_ns >= now - RACY_NS or bool(misnamed)
        result.listed[(root, folder)] = FolderListing(-1 if racy else st.st_mtime_ns, files)
        stack.extend((root, f"{folder}/{name}" if folder else name) for name in subfolders)
    return result


def _list(where: str, settings: "Settings") -> tuple[list[str], list[str], list[str]]:
    """The subfolders and article files of a folder, as ``expand_paths`` finds an archive's
    (hidden entries skipped; ``exclude`` never applies to the archive, which is often a folder
    that is itself excluded from the check), and the names of those left out because they are
    not valid UTF-8."""
    subfolders, files, misnamed = [], [], []
    try:
        entries = list(os.scandir(where))
    except OSError:
        return [], [], []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if not _is_text(name):
            if is_article_name(name) or _is_folder(entry):
                misnamed.append(name)
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            subfolders.append(name)
        elif is_article_name(name):
            files.append(name)
    return sorted(subfolders), sorted(files), sorted(misnamed)


def _is_text(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept by Python as lone surrogates
        return False
    return True


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
