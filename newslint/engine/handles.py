"""The run's documents in the main process, without keeping every one of them in memory.

Per-document rules run in the workers; what the per-run rules need of every article (fingerprints,
paragraph hashes) comes back as their preparations. The per-run rules still receive the run's
documents, ``check_run(docs, context)``, but as ``DocumentHandle``\\ s: a handle's ``path`` costs
nothing; its ``text`` and positions (``position``, ``offset``, ``line_text``, ``line_starts``:
what a finding needs) cost a read and a decode; anything else (``paragraphs``, ``prose`` ...)
parses the article again in the main process, the first time it is asked for. Both come from the
same bytes the worker read (a file that changed meanwhile is refused, not misread). Only the last
``KEPT`` articles read stay in memory, so a rule that looks at the few articles with candidates, or
reports a line of many, costs little, and a run of 100,000 files holds a few KB per file, not the
documents.

A small run checked in this process keeps its documents as they are (nothing to parse again).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from .inputs import Input, read_input

if TYPE_CHECKING:  # pragma: no cover
    from ..document import Document
    from ..findings import Position

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
    """The documents a run keeps at once: the ``KEPT`` most recently used, parsed or only read
    (``lines``: the text and where its lines start, no segmentation)."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._docs: OrderedDict[tuple[int, bool], "Document"] = OrderedDict()
        self.parsed_again = 0
        self.read_again = 0

    def get(self, handle: "DocumentHandle", lines: bool = False) -> "Document":
        """The parsed document; with ``lines``, the parsed one if it is kept, else the text alone."""
        docs = self._docs
        if lines:
            doc = docs.get((id(handle), False))
            if doc is not None:
                docs.move_to_end((id(handle), False))
                return doc
        key = (id(handle), lines)
        doc = docs.get(key)
        if doc is not None:
            docs.move_to_end(key)
            return doc
        if lines:
            doc = handle._read()
            self.read_again += 1
        else:
            doc = handle._parse()
            self.parsed_again += 1
        docs[key] = doc
        if len(docs) > self.size:
            docs.popitem(last=False)
        return doc

    def has(self, handle: "DocumentHandle") -> bool:
        """Whether the handle's parsed document is kept."""
        return (id(handle), False) in self._docs


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

    @property
    def lines(self) -> "Document":
        """The article's text and line starts, not segmented (``blocks`` empty): the parsed document
        when it is at hand, else the file read and decoded, which costs a small part of a parse."""
        return self._doc if self._doc is not None else self._parsed.get(self, lines=True)

    @property
    def text(self) -> str:
        return self.lines.text

    @property
    def line_starts(self) -> tuple[int, ...]:
        return self.lines.line_starts

    def position(self, offset: int) -> "Position":
        return self.lines.position(offset)

    def offset(self, line: int, column: int) -> int:
        return self.lines.offset(line, column)

    def line_text(self, line: int) -> str:
        return self.lines.line_text(line)

    def span_text(self, start: int, end: int) -> str:
        return self.lines.span_text(start, end)

    def unparsed(self) -> "tuple[bytes, str | None] | None":
        """The article's bytes, read again (and refused if they changed), and its format, for work
        that needs only its words (``body_prose``), several times cheaper than parsing it; ``None``
        when its parsed document is in memory, whose words cost nothing more."""
        if self._doc is not None or self._parsed.has(self):
            return None
        return self._bytes(), self._input.format

    def _bytes(self) -> bytes:
        from .. import document as document_module

        data = read_input(self._input)
        if self._digest is not None and content_digest(data) != self._digest:
            raise document_module.UnreadableFile("changed while it was being checked; check it again")
        return data

    def _parse(self) -> "Document":
        from .. import document as document_module

        return document_module.load(self._input.path, self._bytes(), self._input.format)

    def _read(self) -> "Document":
        from .. import document as document_module

        text, bom = document_module.decode(self._bytes())
        # the same text and lines as the parsed document; prose and blocks are left empty
        return document_module.Document(self._input.path, text, self._input.format, prose="", blocks=(), had_bom=bom)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.document, name)

    def __repr__(self) -> str:
        return f"<DocumentHandle {self.path}>"
