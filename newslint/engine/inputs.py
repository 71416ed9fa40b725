"""What a run checks: the article files under the paths given, and how each one is read."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from ..document import UnreadableFile
from ..paths import GitIgnore, shown

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
STDIN = "-"


@dataclass
class Input:
    """One thing to check: a path on disk, or text from standard input under a display name."""

    path: str
    data: bytes | None = None
    format: str | None = None


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
        return item.data
    try:
        with open(item.path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise UnreadableFile("does not exist") from None
    except IsADirectoryError:
        raise UnreadableFile("is a folder, not a file") from None
    except PermissionError:
        raise UnreadableFile("cannot be opened: permission denied") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot be read: {(exc.strerror or type(exc).__name__).lower()}") from None
