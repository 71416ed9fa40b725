"""What a run checks: the article files under the paths given, and how each one is read."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..document import UnreadableFile

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


def expand_paths(paths: Sequence[str], settings: "Settings") -> list[str]:
    """Files to check: directories recursed for articles (hidden folders skipped), excludes applied.

    A path that does not exist is kept so that it is reported as unreadable.
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
            continue
        if os.path.isdir(raw):
            for root, dirs, files in os.walk(raw):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not settings.is_excluded(os.path.join(root, d)))
                for name in sorted(files):
                    # "check ." reports "news/a.md", not "./news/a.md"
                    full = os.path.normpath(os.path.join(root, name))
                    if name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith(".") and not settings.is_excluded(full):
                        add(full)
        elif not settings.is_excluded(raw):
            add(raw)
    return out


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
