"""What a per-run rule may use besides the run's documents: settings, the archive, shared state."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .. import document as document_module
from ..paths import shown
from .inputs import ARTICLE_SUFFIXES, Input, expand_paths, read_input

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings
    from ..document import Document


@dataclass
class ArchiveEntry:
    """A file of the archive. ``read``/``load`` raise ``UnreadableFile`` with a plain message."""

    path: str
    size: int
    mtime_ns: int

    def read(self) -> bytes:
        return read_input(Input(self.path))

    def load(self, data: bytes | None = None) -> "Document":
        return document_module.load(self.path, self.read() if data is None else data)


class RunContext:
    """What a per-run rule may use besides the run's documents: settings, archive, shared state."""

    def __init__(self, settings: "Settings | None", documents: Sequence["Document"],
                 prepared: dict[Any, dict[str, Any]] | None = None) -> None:
        if settings is None:  # a context made on its own (a unit test): the default settings
            from ..config import Settings

            settings = Settings()
        self.settings = settings
        self.documents = documents
        self._prepared = prepared or {}
        self.errors: list[dict[str, str]] = []
        #: what the user should know but need not act on (printed, the exit code unchanged)
        self.notes: list[str] = []
        #: plain warnings for standard error that do not make the run fail (an empty archive)
        self.warnings: list[str] = []
        self._shared: dict[Any, Any] = {}
        self._archive: list[ArchiveEntry] | None = None

    @property
    def cache_dir(self) -> Path:
        return self.settings.effective_cache_dir

    def prepared(self, key: Any) -> dict[str, Any]:
        """What the per-document preparation ``key`` returned, by document path (empty if it did
        not run). A rule's own ``prepare`` is keyed by the rule's code."""
        return self._prepared.get(key, {})

    def has_shared(self, key: Any) -> bool:
        """Whether ``shared(key, ...)`` has already been built in this run."""
        return key in self._shared

    def shared(self, key: Any, factory: Callable[[], Any]) -> Any:
        """Build something once per run (an index several rules use) and share it."""
        if key not in self._shared:
            self._shared[key] = factory()
        return self._shared[key]

    def report_error(self, path: str, message: str, code: str = "NL002") -> None:
        """Report a problem with a file that is not one of the run's articles (an archive file)."""
        entry = {"path": path, "code": code, "message": message}
        if entry not in self.errors:
            self.errors.append(entry)

    def note(self, message: str) -> None:
        """Tell the user something about the run that needs no action (a damaged cache rebuilt)."""
        if message not in self.notes:
            self.notes.append(message)

    def report_warning(self, message: str) -> None:
        """Say something the user should know that does not make the run fail."""
        if message not in self.warnings:
            self.warnings.append(message)

    def archive(self) -> list[ArchiveEntry]:
        """The archive's article files, minus the files being checked. Bad paths are reported, and
        an archive path with no article in it is a warning. ``exclude`` does not apply: the archive
        is what the configuration names, and is often a folder that is itself excluded."""
        if self._archive is None:
            own = {os.path.realpath(d.path) for d in self.documents}
            entries: list[ArchiveEntry] = []
            seen: set[str] = set()
            for root in self.settings.archive:
                where = shown(root)
                if not root.exists():
                    self.report_error(where, f"archive {where} does not exist")
                    continue
                found = expand_paths([str(root)], self.settings, archive=True)
                if not found:
                    self.report_warning(empty_archive(where))
                for path in found:
                    real = os.path.realpath(path)
                    if real in own or real in seen:
                        continue
                    seen.add(real)
                    try:
                        st = os.stat(path)
                    except OSError as exc:
                        self.report_error(path, f"archive file {path} cannot be read: {(exc.strerror or '').lower()}")
                        continue
                    entries.append(ArchiveEntry(path, st.st_size, st.st_mtime_ns))
            self._archive = entries
        return self._archive


def empty_archive(where: str) -> str:
    return f"archive {where} has no articles in it (.md, .markdown or .txt files), so nothing is compared with it"


def empty_archives(settings: "Settings") -> list[str]:
    """A warning for each archive folder that holds no article at all (a mistyped folder, files of
    another kind): the run would compare nothing with it and say nothing. The walk stops at the
    first article, so a real archive costs a few calls; a missing folder is the archive index's
    error, not a warning."""
    out = []
    for root in settings.archive:
        if os.path.isdir(root) and not any(_articles_under(os.fspath(root))):
            out.append(empty_archive(shown(root)))
    return out


def _articles_under(top: str):
    for _, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        yield from (name for name in files if name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith("."))
