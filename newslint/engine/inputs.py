"""What a run checks: the article files under the paths given, and how each one is read."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from ..config import DEFAULT_MAX_FILE_SIZE_MB
from ..document import UnreadableFile
from ..paths import GitIgnore, shown

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
STDIN = "-"
MEGABYTE = 1_000_000


@dataclass(slots=True)
class Input:
    """One thing to check: a path on disk, or text from standard input under a display name."""

    path: str
    data: bytes | None = None
    format: str | None = None
    #: a file larger than this many bytes is not read (``max-file-size``)
    max_size: int = DEFAULT_MAX_FILE_SIZE_MB * MEGABYTE

    @classmethod
    def limited(cls, path: str, settings: "Settings", data: bytes | None = None) -> "Input":
        """``path`` (or ``data`` read under that name) with the run's ``max-file-size``."""
        return cls(path, data, max_size=int(settings.max_file_size * MEGABYTE))


def expand_paths(paths: Sequence[str], settings: "Settings", *, archive: bool = False,
                 found_configs: list[str] | None = None) -> list[str]:
    """Files to check, as outputs show them (``paths.shown``): folders searched for articles, minus
    hidden files and folders, ``exclude`` and, inside a git work tree, what git ignores.

    A file named on its own is checked even when git ignores it, as git itself tracks a file added
    with ``--force``, but not when ``exclude`` matches it (pre-commit names every changed file).
    ``archive``: the files of an archive, which ``exclude`` and git's ignore files do not filter:
    an archive is what the configuration names. A path that does not exist is kept so that it is
    reported as unreadable. ``found_configs`` collects the configuration files seen in the
    folders walked (to say which ones the run does not use).
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = os.path.normcase(os.path.abspath(p))
        if key not in seen:
            seen.add(key)
            out.append(p)

    for raw in paths:
        if raw == STDIN:
            add(raw)
        elif os.path.isdir(raw):
            for path in _walk(raw, settings, archive, found_configs):
                add(path)
        elif archive or not settings.is_excluded(raw):
            add(shown(raw))
    return out


def _walk(top: str, settings: "Settings", archive: bool, found_configs: list[str] | None) -> Iterator[str]:
    """The article files under the folder ``top``, sorted, as outputs show them."""
    from ..config import CONFIG_FILES

    git = None if archive or not settings.respect_gitignore else GitIgnore.for_folder(Path(top))
    real_top = os.path.realpath(top)
    for root, dirs, files in os.walk(top):
        real_root = os.path.normpath(os.path.join(real_top, os.path.relpath(root, top)))
        shown_root = shown(root)  # once a folder: its files are shown under it

        def skipped(name: str, is_dir: bool) -> bool:
            if name.startswith("."):
                return True
            path = os.path.join(root, name)
            if not archive and (settings.is_excluded_folder(path) if is_dir else settings.is_excluded(path)):
                return True
            return git is not None and git.ignores(os.path.join(real_root, name), is_dir)

        dirs[:] = sorted(d for d in dirs if not skipped(d, True))
        if found_configs is not None:
            found_configs.extend(os.path.join(root, name) for name in files if name in CONFIG_FILES)
        for name in sorted(files):
            if name.lower().endswith(ARTICLE_SUFFIXES) and not skipped(name, False):
                yield name if shown_root == os.curdir else os.path.join(shown_root, name)


def read_input(item: Input) -> bytes:
    """The bytes of ``item``; raises ``UnreadableFile`` with a plain reason."""
    if item.data is not None:
        if len(item.data) > item.max_size:  # standard input is read up to one byte past the limit
            raise UnreadableFile(too_large(None, item.max_size))
        return item.data
    return read_regular_file(item.path, item.max_size)


def too_large(size: int | None, limit: int, by: str = "set by max-file-size") -> str:
    """Why a file of ``size`` bytes (``None``: more than ``limit``, not known how many) is not read."""
    what = f"{_megabytes(size)}; the limit is {_megabytes(limit)}" if size is not None else \
        f"more than the limit of {_megabytes(limit)}"
    return f"is too large ({what}, {by}), so it was not checked"


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f} MB" if size >= MEGABYTE // 10 else f"{size:,} bytes"


def read_regular_file(path: str, max_size: int) -> bytes:
    """The bytes of the regular file at ``path`` (a symlink is followed), at most ``max_size`` of them.

    Anything else is refused before a byte is read, with a plain reason (``UnreadableFile``): a
    FIFO would block the run forever and a device such as ``/dev/zero`` never ends. The file is
    opened without blocking, so that opening a FIFO with no writer returns at once.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UnreadableFile("does not exist") from None
    except IsADirectoryError:
        raise UnreadableFile("is a folder, not a file") from None
    except PermissionError:
        raise UnreadableFile("cannot be opened: permission denied") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot be read: {(exc.strerror or type(exc).__name__).lower()}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFile("is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise UnreadableFile(f"is not a regular file ({_kind(mode)}), so it was not read")
        size = os.fstat(fd).st_size
        if size > max_size:
            raise UnreadableFile(too_large(size, max_size))
        chunks, total = [], 0
        while total <= max_size:  # the file may grow while it is read
            chunk = os.read(fd, min(1 << 20, max_size + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_size:
            raise UnreadableFile(too_large(total, max_size))
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(f"cannot be read: {(exc.strerror or type(exc).__name__).lower()}") from None
    finally:
        os.close(fd)


def read_pack_text(path: "str | os.PathLike[str]") -> str:
    """The UTF-8 text of a data file (a pack), read as articles are: a regular file of at most the
    default ``max-file-size``; raises ``UnreadableFile``."""
    data = read_regular_file(os.fspath(path), DEFAULT_MAX_FILE_SIZE_MB * MEGABYTE)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"is not valid UTF-8 text (byte {exc.start})", exc.start) from None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file of text"
