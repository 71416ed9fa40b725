"""The run's documents in the main process, without keeping every one of them in memory.

Per-document rules run in the workers; what the per-run rules need of every article (fingerprints,
paragraph hashes) comes back as their preparations. The per-run rules still receive the run's
documents, ``check_run(docs, context)``, but as ``DocumentHandle``\\ s: a handle's ``path`` costs
nothing, and anything else (``text``, ``paragraphs``, ``position`` ...) parses the article again
in the main process, the first time it is asked for, from the same bytes the worker read (a file
that changed meanwhile is refused, not misread). Only the last ``KEPT`` articles parsed stay
parsed, so a rule that looks at the few articles with candidates costs little, and a run of
100,000 files holds a few KB per file, not the documents.

A small run checked in this process keeps its documents as they are (nothing to parse again).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from .inputs import Input, read_input

if TYPE_CHECKING:  # pragma: no cover
    from ..document import Document

#: parsed documents kept at once in the main process (a per-run rule's working set)
KEPT = 256
#: a run checked in this process with at most this many files keeps its documents
KEEP_ALL_UP_TO = 512


def content_digest(data: bytes) -> bytes:
    """What says that the bytes read again are the bytes the worker checked."""
    try:
        from _blake2 import blake2b  # not hashlib: importing it loads OpenSSL, which a one-article run pays for
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b
    return blake2b(data, digest_size=16).digest()


class Parsed:
    """The parsed documents a run keeps at once: the ``KEPT`` most recently used."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._docs: OrderedDict[int, "Document"] = OrderedDict()
        self.parsed_again = 0

    def get(self, handle: "DocumentHandle") -> "Document":
        key = id(handle)
        doc = self._docs.get(key)
        if doc is not None:
            self._docs.move_to_end(key)
            return doc
        doc = handle._parse()
        self.parsed_again += 1
        self._docs[key] = doc
        if len(self._docs) > self.size:
            self._docs.popitem(last=False)
        return doc


class DocumentHandle:
    """A run's article as a per-run rule sees it: a ``Document`` parsed on demand (see the module)."""

    __slots__ = ("path", "_input", "_digest", "_doc", "_parsed")

    def __init__(self, path: str, item: Input, digest: bytes | None, parsed: Parsed,
                 doc: "Document | None" = None) -> None:
        self.path = path
        self._input = item
        self._digest = digest
        self._doc = doc  # kept for good (a small run in this process)
        self._parsed = parsed

    @property
    def document(self) -> "Document":
        return self._doc if self._doc is not None else self._parsed.get(self)

    def _parse(self) -> "Document":
        from .. import document as document_module

        data = read_input(self._input)
        if self._digest is not None and content_digest(data) != self._digest:
            raise document_module.UnreadableFile("changed while it was being checked; check it again")
        return document_module.load(self._input.path, data, self._input.format)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.document, name)

    def __repr__(self) -> str:
        return f"<DocumentHandle {self.path}>"
