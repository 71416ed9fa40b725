"""Loading an article and segmenting it into blocks, sentences and words.

Positions
---------
Every span is a pair of character offsets into ``Document.text``, the decoded file with its byte
order mark removed and nothing else changed (line endings are kept as they were). Offsets count
Unicode code points. ``Document.position(offset)`` is the one place that turns an offset into a
line and column: lines are 1-based and end at LF, CRLF or CR only (U+0085, U+2028 and form feeds do
not end a line); columns are 1-based and count code points, so a tab or an emoji is one column.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any, Callable, Hashable, Iterable, Iterator, Mapping, NamedTuple

from .findings import Position
from .segment import WORD_RE, split_sentences

MARKDOWN_SUFFIXES = (".md", ".markdown")
TEXT_SUFFIXES = (".txt",)

_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_NOT_LINE_BREAK_RE = re.compile(r"[^\r\n]+")


def blanked(text: str) -> str:
    """``text`` with every character but line breaks replaced by a space (the same length).

    One replacement per line, not per character: this runs on every article twice."""
    return _NOT_LINE_BREAK_RE.sub(lambda m: " " * (m.end() - m.start()), text)


class UnreadableFile(Exception):
    """The file cannot be read as text. ``offset`` is the byte offset of the problem, if known."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def decode(data: bytes) -> tuple[str, bool]:
    """Decode UTF-8 (with or without BOM). Returns ``(text, had_bom)``; raises ``UnreadableFile``."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # UTF-32's marks begin as UTF-16's
        raise UnreadableFile("is saved as UTF-32, not UTF-8 (byte 0); save it as UTF-8 and try again", 0)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # what Windows calls "Unicode"
        raise UnreadableFile("is saved as UTF-16, not UTF-8 (byte 0); save it as UTF-8 and try again", 0)
    nul = data.find(b"\x00")
    if nul != -1:
        raise UnreadableFile(f"looks like a binary file, not text (a NUL byte at byte {nul})", nul)
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"is not valid UTF-8 text (byte {exc.start}); save it as UTF-8 and try again", exc.start
        ) from None
    return text, bom


class Span(NamedTuple):
    """A character span ``[start, end)`` of ``Document.text``. (Tuples: cheap to build and to pickle.)"""

    start: int
    end: int


class Sentence(NamedTuple):
    start: int
    end: int
    words: tuple[Span, ...]


class Block:
    """A prose block: ``kind`` is headline, heading, paragraph, list_item, blockquote or table.

    Blocks travel from worker processes to the main process for per-run rules. Word spans are
    most of a document's objects, so a pickled block carries only its sentence bounds and the
    prose, and finds its words again (one regex pass) the first time ``sentences`` is asked for.
    """

    __slots__ = ("kind", "start", "end", "_sentences", "_bounds", "_prose")

    def __init__(self, kind: str, start: int, end: int, sentences: tuple[Sentence, ...], prose: str = "") -> None:
        init = object.__setattr__  # a block is read-only once built
        init(self, "kind", kind)
        init(self, "start", start)
        init(self, "end", end)
        init(self, "_sentences", tuple(sentences))
        init(self, "_bounds", None)
        #: the document's prose mask (a reference, not a copy)
        init(self, "_prose", prose)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Block is read-only: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Block is read-only: cannot delete {name!r}")

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        if self._sentences is None:  # found again after unpickling: the same result every time
            object.__setattr__(self, "_sentences", _sentences(self._prose, self._bounds))
            object.__setattr__(self, "_bounds", None)
        return self._sentences

    @property
    def words(self) -> tuple[Span, ...]:
        return tuple(w for s in self.sentences for w in s.words)

    @classmethod
    def _lazy(cls, kind: str, start: int, end: int, bounds: tuple[tuple[int, int], ...], prose: str) -> "Block":
        block = cls(kind, start, end, (), prose)
        object.__setattr__(block, "_sentences", None)
        object.__setattr__(block, "_bounds", tuple(bounds))
        return block

    def __reduce__(self):
        bounds = tuple((s.start, s.end) for s in self.sentences)
        # ``prose`` is the document's own string: pickle stores it once for all blocks
        return (Block._lazy, (self.kind, self.start, self.end, bounds, self._prose))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Block):
            return NotImplemented
        return (self.kind, self.start, self.end, self.sentences) == (other.kind, other.start, other.end, other.sentences)

    def __hash__(self) -> int:
        return hash((self.kind, self.start, self.end))

    def __repr__(self) -> str:
        return f"Block(kind={self.kind!r}, start={self.start}, end={self.end}, sentences={len(self.sentences)})"


#: ``Span((start, end))`` without a Python call per word: ~300 spans an article, built in C
_new_span = functools.partial(tuple.__new__, Span)
_match_span = re.Match.span


def _sentences(prose: str, bounds: "Iterable[tuple[int, int]]") -> tuple[Sentence, ...]:
    finditer = WORD_RE.finditer
    return tuple(Sentence(s, e, tuple(map(_new_span, map(_match_span, finditer(prose, s, e))))) for s, e in bounds)


@dataclass(frozen=True, slots=True)
class Directive:
    """An inline suppression comment: ``action`` is disable, enable or disable-next-line."""

    action: str
    codes: tuple[str, ...]
    start: int
    end: int
    line: int


BODY_KINDS = frozenset({"paragraph", "list_item", "blockquote"})


class DocumentCache:
    """Values derived from one document that several rules use (its folded words, its terms).

    One per document, owned by the engine: it is empty when the document is loaded, cleared by the
    engine when the per-document rules are done, and never pickled (a document sent between
    processes arrives with an empty cache). Keys are chosen by the analysis that fills them and
    include every option the value depends on, so two rules configured differently never share a
    value they should not.
    """

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[Hashable, Any] = {}

    def get(self, key: Hashable, factory: Callable[[], Any]) -> Any:
        """The value for ``key``, built by ``factory()`` the first time it is asked for."""
        try:
            return self._values[key]
        except KeyError:
            value = self._values[key] = factory()
            return value

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values

    def __reduce__(self):
        return (DocumentCache, ())


class FrozenDict(dict):
    """A dict that cannot be changed (front matter): reading works as on any dict."""

    def _read_only(self, *args: Any, **kwargs: Any):
        raise TypeError("a document's front matter is read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _read_only  # type: ignore

    def __reduce__(self):
        return (FrozenDict, (dict(self),))

    def __hash__(self) -> int:  # type: ignore[override]
        return id(self)


class SelfReference(ValueError):
    """Front matter that contains itself (a YAML alias inside its own anchor: ``a: &x [*x]``)."""


def freeze(value: Any, _done: dict[int, Any] | None = None, _open: set[int] | None = None) -> Any:
    """``value`` with every dict made a ``FrozenDict`` and every list a tuple, however deep.

    A value that appears several times (YAML aliases) is frozen once and shared, as it was, so that
    aliases of aliases cost their size, not the size of the tree they spell out; a value that
    contains itself raises ``SelfReference``."""
    if not isinstance(value, (dict, list)):
        return value
    done = {} if _done is None else _done
    open_ = set() if _open is None else _open
    key = id(value)
    if key in done:
        return done[key]
    if key in open_:
        raise SelfReference("it contains itself")
    open_.add(key)
    if isinstance(value, dict):
        frozen: Any = FrozenDict({k: freeze(v, done, open_) for k, v in value.items()})
    else:
        frozen = tuple(freeze(v, done, open_) for v in value)
    open_.discard(key)
    done[key] = frozen
    return frozen


@dataclass(frozen=True, eq=False)
class Document:
    """One article, decoded and segmented: its text, prose mask, blocks and front matter.

    ``Document(path, text)`` (or ``newslint.parse(path, text)``, or ``load(path, data)`` from
    bytes) gives the same fully segmented document the engine gives the rules; the format follows
    the path's suffix unless ``format`` is given. A document is read-only: its collections are
    tuples and read-only mappings, so no rule can change what another rule sees. What rules derive
    from it goes in ``cache``.
    """

    path: str
    text: str
    #: "markdown" or "text"; from the path's suffix when not given
    format: str | None = None
    #: the prose mask: ``text`` with every non-prose character blanked (same length)
    prose: str | None = None
    #: the segmented blocks; when not given, the text is segmented here
    blocks: tuple[Block, ...] | None = None
    headline: str | None = None
    #: bylines and datelines under a plain-text headline
    metadata_spans: tuple[Span, ...] = ()
    front_matter: Mapping[str, Any] = field(default_factory=FrozenDict)
    #: problems with the front matter: (offset, message)
    front_matter_errors: tuple[tuple[int, str], ...] = ()
    directives: tuple[Directive, ...] = ()
    had_bom: bool = False
    line_starts: tuple[int, ...] | None = None
    #: values derived from the document, shared by the rules (see ``DocumentCache``)
    cache: DocumentCache = field(default_factory=DocumentCache, repr=False)
    #: body paragraphs (not the headline, headings or tables) and headings, found once from ``blocks``
    paragraphs: tuple[Block, ...] = field(init=False, repr=False)
    headings: tuple[Block, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if self.blocks is None:  # Document(path, text): segment it as the engine does
            parsed = parse(self.path, self.text, self.format)
            for name in ("format", "prose", "blocks", "headline", "metadata_spans", "front_matter",
                         "front_matter_errors", "directives", "line_starts"):
                set_(self, name, getattr(parsed, name))
        if self.format is None:
            set_(self, "format", detect_format(self.path))
        if self.line_starts is None:
            set_(self, "line_starts", line_starts(self.text))
        if self.prose is None:
            set_(self, "prose", blanked(self.text))
        for name in ("blocks", "metadata_spans", "front_matter_errors", "directives", "line_starts"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                set_(self, name, tuple(value))
        if not isinstance(self.front_matter, FrozenDict):
            set_(self, "front_matter", freeze(dict(self.front_matter)))
        set_(self, "paragraphs", tuple(b for b in self.blocks if b.kind in BODY_KINDS))
        set_(self, "headings", tuple(b for b in self.blocks if b.kind in ("headline", "heading")))

    @classmethod
    def from_text(cls, path: str, text: str, fmt: str | None = None) -> "Document":
        """The same as ``newslint.parse(path, text, fmt)``."""
        return parse(path, text, fmt)

    # --- positions ------------------------------------------------------------------------
    def position(self, offset: int) -> Position:
        """Offset → 1-based line and code-point column (the only place this is computed)."""
        offset = max(0, min(offset, len(self.text)))
        idx = bisect.bisect_right(self.line_starts, offset) - 1
        return Position(offset, idx + 1, offset - self.line_starts[idx] + 1)

    def offset(self, line: int, column: int) -> int:
        """The inverse of ``position``."""
        return self.line_starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    # --- views ----------------------------------------------------------------------------
    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def prose_text(self, start: int, end: int) -> str:
        """The prose of a span, markup blanked and runs of white space folded."""
        return " ".join(self.prose[start:end].split())

    def sentences(self) -> Iterator[Sentence]:
        for block in self.paragraphs:
            yield from block.sentences

    def words(self) -> Iterator[Span]:
        for block in self.paragraphs:
            for sentence in block.sentences:
                yield from sentence.words

    def word(self, span: Span) -> str:
        return self.text[span.start:span.end]


# --- loading --------------------------------------------------------------------------------

def line_starts(text: str) -> tuple[int, ...]:
    """The offset at which each line starts (lines end at LF, CRLF or CR)."""
    return (0, *[m.end() for m in _LINE_BREAK_RE.finditer(text)])


def detect_format(path: str) -> str:
    return "markdown" if PurePath(path).suffix.lower() in MARKDOWN_SUFFIXES else "text"


def load(path: str, data: bytes, fmt: str | None = None) -> Document:
    """Decode ``data`` and build the document for ``path``. Raises ``UnreadableFile``."""
    text, bom = decode(data)
    return parse(path, text, fmt, had_bom=bom)


class _Parts:
    """What segmentation collects before the document is built (a document is read-only)."""

    __slots__ = ("front_matter", "front_matter_errors", "directives", "metadata_spans", "headline")

    def __init__(self) -> None:
        self.front_matter: dict[str, Any] = {}
        self.front_matter_errors: list[tuple[int, str]] = []
        self.directives: list[Directive] = []
        self.metadata_spans: list[Span] = []
        self.headline: str | None = None


def parse(path: str, text: str, fmt: str | None = None, *, had_bom: bool = False) -> Document:
    """The fully segmented document for already-decoded ``text``, as the engine builds it.

    ``fmt`` is "markdown" or "text"; by default it follows the suffix of ``path``.
    """
    doc, parts, raw_blocks, prose = _raw_blocks(path, text, fmt)
    blocks = [_segment(prose, kind, s, e) for kind, s, e in raw_blocks]
    blocks = tuple(b for b in blocks if b.sentences)
    headline = parts.headline
    if headline is None and blocks and blocks[0].kind in ("headline", "heading"):
        headline = " ".join(prose[blocks[0].start:blocks[0].end].split())
    return replace(doc, prose=prose, blocks=blocks, headline=headline, metadata_spans=tuple(parts.metadata_spans),
                   front_matter=freeze(parts.front_matter), front_matter_errors=tuple(parts.front_matter_errors),
                   directives=tuple(parts.directives), had_bom=had_bom, cache=DocumentCache())


def _raw_blocks(path: str, text: str, fmt: str | None) -> tuple[Document, "_Parts", list[tuple[str, int, int]], str]:
    """The skeleton document, what segmentation collected, ``(kind, start, end)`` of each block
    and the prose mask: everything ``parse`` does before it splits sentences."""
    # a skeleton gives positions and lines while the text is segmented
    doc = Document(path=path, text=text, format=fmt or detect_format(path), blocks=())
    parts = _Parts()
    # the mask starts as blanks with the line breaks kept; prose is copied in block by block
    mask = list(blanked(text))
    body_start = _front_matter(doc, parts)
    _directives(doc, parts, body_start)
    if doc.format == "markdown":
        raw_blocks = _markdown_blocks(doc, body_start, mask)
    else:
        raw_blocks = _text_blocks(doc, parts, body_start, mask)
    return doc, parts, raw_blocks, "".join(mask)


def body_prose(path: str, data: bytes, fmt: str | None = None) -> tuple[str, str, list[tuple[int, int]]]:
    """The text and prose mask of the article in ``data`` and the ``(start, end)`` of its body paragraphs:
    the words ``WORD_RE`` finds there are exactly the words of ``load(path, data).paragraphs``
    (within those spans the prose is the mask's; outside them it may not be blanked).

    For work that needs only the words (the archive's fingerprints): it skips sentence
    segmentation and building the document (and, for most plain-text articles, the character
    mask: ``plain_body``). Raises ``UnreadableFile`` as ``load`` does.
    """
    text, _ = decode(data)
    if (fmt or detect_format(path)) == "text":
        plain = plain_body(text)
        if plain is not None:
            return text, *plain
    _, _, raw_blocks, prose = _raw_blocks(path, text, fmt)
    return text, prose, [(s, e) for kind, s, e in raw_blocks if kind in BODY_KINDS]


def _segment(prose: str, kind: str, start: int, end: int) -> Block:
    if kind in ("headline", "heading", "table"):
        spans = [(start, end)] if WORD_RE.search(prose, start, end) else []
    else:
        spans = split_sentences(prose, start, end)
    return Block(kind, start, end, _sentences(prose, spans), prose)


# --- front matter ---------------------------------------------------------------------------

_FENCES = {"---": "yaml", "+++": "toml"}


def _front_matter(doc: Document, parts: _Parts) -> int:
    """Parse YAML (``---``) or TOML (``+++``) front matter; return the offset where the body starts."""
    text = doc.text
    first_end = doc.line_starts[1] if len(doc.line_starts) > 1 else len(text)
    fence = text[:first_end].rstrip("\r\n").rstrip()
    if fence not in _FENCES:
        return 0
    for i in range(1, len(doc.line_starts)):
        ls = doc.line_starts[i]
        if doc.line_text(i + 1).rstrip() == fence:
            body = text[first_end:ls]
            end = doc.line_starts[i + 1] if i + 1 < len(doc.line_starts) else len(text)
            data = _parse_front_matter(doc, parts, _FENCES[fence], body, first_end)
            if isinstance(data, dict):
                parts.front_matter = data
                title = data.get("title")
                if isinstance(title, str) and title.strip():
                    parts.headline = title.strip()
                if "newslint" in data:
                    _check_newslint_section(parts, data["newslint"], body, first_end)
            return end
    parts.front_matter_errors.append((0, f"the front matter opened with {fence} on line 1 is never closed"))
    return 0


# Patterns that most articles never need are kept as strings: ``re`` compiles each one the first
# time it is used, and keeps it. Compiling them all at import was a few milliseconds of every run.
_SECTION = r"^\[?\s*newslint\b"


def _check_newslint_section(parts: _Parts, section: Any, body: str, offset: int) -> None:
    """The front matter's ``newslint`` entry holds only ``ignore``: a code, name or list of them.

    A mistake here would silently suppress nothing, so it is reported like broken front matter.
    """
    m = re.search(_SECTION, body, re.M)
    where = offset + (m.start() if m else 0)
    expected = "ignore, a list of rule codes or names (newslint: {ignore: [NL401]})"
    if not isinstance(section, dict):
        parts.front_matter_errors.append((where, f"the front matter's newslint entry must be a table; expected {expected}"))
        return
    unknown = [str(k) for k in section if k != "ignore"]
    if unknown:
        parts.front_matter_errors.append((where, f"the front matter's newslint entry has an unknown key "
                                               f"{unknown[0]!r}; expected {expected}"))
    ignore = section.get("ignore", [])
    if not isinstance(ignore, (str, list, tuple)) or (not isinstance(ignore, str)
                                                     and not all(isinstance(c, str) for c in ignore)):
        parts.front_matter_errors.append((where, f"the front matter's newslint ignore must be a rule code or name, "
                                               f"or a list of them; expected {expected}"))


def _parse_front_matter(doc: Document, parts: _Parts, kind: str, body: str, offset: int) -> Any:
    try:
        if kind == "yaml":
            import yaml

            data = yaml.safe_load(body)
            data = {} if data is None else data
        else:
            from ._toml import tomllib

            data = tomllib.loads(body.replace("\r\n", "\n").replace("\r", "\n"))
    except Exception as exc:  # both parsers raise their own error types
        where, problem = _front_matter_problem(doc, kind, body, offset, exc)
        parts.front_matter_errors.append((where, f"the {kind.upper()} front matter cannot be read: {problem}"))
        return None
    if not isinstance(data, dict):
        parts.front_matter_errors.append((offset, f"the {kind.upper()} front matter must be a table of keys and values"))
        return None
    try:
        return freeze(data)
    except SelfReference:
        parts.front_matter_errors.append((offset, f"the {kind.upper()} front matter cannot be read: a value "
                                                  "contains itself (an alias inside its own anchor)"))
        return None


_TOML_WHERE = r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$"


def _front_matter_problem(doc: Document, kind: str, body: str, offset: int, exc: Exception) -> tuple[int, str]:
    """Where in the file a front-matter parser's error is, and what it says, in the file's own lines."""
    first_line = doc.position(offset).line  # 1-based line of the front matter's first line
    end = offset + len(body)

    def at(line0: int, col0: int) -> int:  # 0-based line and column within the front matter
        index = min(first_line - 1 + line0, len(doc.line_starts) - 1)
        return min(doc.line_starts[index] + col0, end)

    if kind == "yaml" and hasattr(exc, "problem"):
        problem = exc.problem or type(exc).__name__
        mark, context, context_mark = exc.problem_mark, exc.context, exc.context_mark
        where = offset if mark is None else at(mark.line, mark.column)
        if context:
            started = f" that starts on line {first_line + context_mark.line}" if context_mark is not None else ""
            problem = f"{problem} {context}{started}"
            if context_mark is not None and where >= end:  # ran off the end: point at the start
                where = at(context_mark.line, context_mark.column)
        return where, problem
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    m = re.search(_TOML_WHERE, message)
    if kind == "toml" and m:
        message = message[:m.start()]
        if m.group(1):
            line0, col0 = int(m.group(1)) - 1, int(m.group(2)) - 1
            return at(line0, col0), message  # the finding's position says where
        return offset, message + " (at the end of the front matter)"
    return offset, message


# --- inline suppressions --------------------------------------------------------------------

# ``[^<>]``: the codes of one comment never run into the next comment, so thousands of comments
# that are never closed cost one pass, not one pass each
DIRECTIVE_RE = re.compile(
    r"<!--\s*newslint-(disable-next-line|disable|enable)\b([^<>]*?)-->", re.IGNORECASE
)


def _directives(doc: Document, parts: _Parts, body_start: int) -> None:
    for m in DIRECTIVE_RE.finditer(doc.text, body_start):
        codes = tuple(c for c in re.split(r"[\s,]+", m.group(2).strip()) if c)
        parts.directives.append(
            Directive(m.group(1).lower(), codes, m.start(), m.end(), doc.position(m.start()).line)
        )


# --- Markdown -------------------------------------------------------------------------------

_MD = None


def _markdown():
    """The Markdown parser, built on first use (plain-text runs never pay for importing it)."""
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        # Only the blocks are used (``_mask_inline`` blanks the inline markup): the parser's own
        # inline pass, most of its time on hostile input (256,000 "![" took 25 s), is turned off.
        _MD = MarkdownIt("commonmark").enable("table").enable("strikethrough").disable("inline")
    return _MD


# Inline markup that is not prose. Each pattern's groups that should *stay* prose are named "keep".
# Every pattern is linear on hostile input (thousands of openers and no closer): a run of text
# between an opener and its closer never contains another opener (``[^\[\]]``, ``[^<>]``), so no
# character is scanned again by each of the openers before it. Code spans and comments are found by
# ``_code_spans`` and ``_comments`` instead of a regular expression, for the same reason.
_INLINE_NOT_PROSE = [
    r"!\[[^\[\]]*\]\((?:[^()]|\([^()]*\))*\)",            # images
    r"!\[[^\[\]]*\]\[[^\[\]]*\]",
    r"<(?:https?|ftp|mailto):[^<>\s]*>|<[^<>\s@]+@[^<>\s]+>",  # autolinks
    r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>",                 # inline HTML
    r"\[\^[^\[\]]+\]",                                        # footnote references
    r"\bhttps?://[^\s)>\]]+|\bwww\.[^\s)>\]]+",             # bare URLs
]
_LINK = r"\[(?P<keep>[^\[\]]*)\](?:\((?:[^()\s]|\([^()]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)|\[[^\[\]]*\])"
_EMPHASIS = r"(?<![\w*_~])[*_~]+(?=\S)|(?<=\S)[*_~]+(?![\w*_~])"
_ESCAPE = r"\\(?=[!-/:-@\[-`{-~])"
_BACKTICKS_RE = re.compile(r"`+")


@functools.cache
def _inline_markup() -> tuple[list[re.Pattern], re.Pattern, tuple[re.Pattern, re.Pattern]]:
    """The patterns above, compiled on first use, like the parser: plain text never needs them."""
    return ([re.compile(p) for p in _INLINE_NOT_PROSE], re.compile(_LINK),
            (re.compile(_EMPHASIS), re.compile(_ESCAPE)))


def _code_spans(segment: str) -> Iterator[tuple[int, int]]:
    """The code spans of ``segment``: a run of backticks up to the next run of as many on the
    same line (a run with no such closer is text). One pass over the runs, however many there are."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(segment)]
    # for each run, the index of the next run of the same length on the same line
    next_same: list[int | None] = [None] * len(runs)
    last_of_length: dict[int, int] = {}
    line_of = [segment.count("\n", 0, runs[0][0])] if runs else []
    for i in range(1, len(runs)):
        line_of.append(line_of[-1] + segment.count("\n", runs[i - 1][0], runs[i][0]))
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i][1] - runs[i][0]
        j = last_of_length.get((line_of[i], length))
        next_same[i] = j
        last_of_length[(line_of[i], length)] = i
    i = 0
    while i < len(runs):
        j = next_same[i]
        if j is None:
            i += 1
            continue
        yield runs[i][0], runs[j][1]
        i = j + 1


def _comments(segment: str) -> Iterator[tuple[int, int]]:
    """``<!-- ... -->`` on one line, each closer looked for once however many openers share it."""
    pos, close = 0, -1
    while True:
        start = segment.find("<!--", pos)
        if start == -1:
            return
        if close < start + 4:
            close = segment.find("-->", start + 4)
            if close == -1:  # no closer after this opener: none after the later ones either
                return
        newline = segment.find("\n", start, close)
        if newline != -1:  # a comment does not span lines here: look again after the line break
            pos = newline + 1
            continue
        yield start, close + 3
        pos = close + 3


def _blank(mask: list[str], start: int, end: int) -> None:
    mask[start:end] = blanked("".join(mask[start:end]))


def _mask_inline(text: str, mask: list[str], start: int, end: int) -> None:
    """Blank the inline markup in ``mask[start:end]`` (which holds a copy of the text)."""
    not_prose, link, marks = _inline_markup()
    segment = "".join(mask[start:end])
    for finder in (_code_spans, _comments):
        for s, e in finder(segment):
            _blank(mask, start + s, start + e)
        segment = "".join(mask[start:end])
    for pattern in not_prose:
        for m in pattern.finditer(segment):
            _blank(mask, start + m.start(), start + m.end())
        segment = "".join(mask[start:end])
    for m in link.finditer(segment):
        _blank(mask, start + m.start(), start + m.start("keep"))
        _blank(mask, start + m.end("keep"), start + m.end())
    segment = "".join(mask[start:end])
    for pattern in marks:
        for m in pattern.finditer(segment):
            _blank(mask, start + m.start(), start + m.end())


def _copy_content(doc: Document, mask: list[str], line_no: int, content_line: str) -> tuple[int, int] | None:
    """Copy one content line of a block into the mask at its place in the source line."""
    if not content_line.strip():
        return None
    src = doc.line_text(line_no + 1)
    base = doc.line_starts[line_no]
    stripped = src.rstrip()
    cl = content_line.rstrip()
    if stripped.endswith(cl):
        idx = len(stripped) - len(cl)
    else:
        idx = src.find(cl)
        if idx == -1:
            cl = src.strip()
            idx = src.find(cl)
    mask[base + idx:base + idx + len(cl)] = cl
    return base + idx, base + idx + len(cl)


def _markdown_blocks(doc: Document, body_start: int, mask: list[str]) -> list[tuple[str, int, int]]:
    text = doc.text
    first_line = doc.position(body_start).line - 1
    # Keep line numbers: the parser sees blank lines where the front matter was.
    source = "\n" * first_line + text[body_start:]
    tokens = _markdown().parse(source)
    blocks: list[tuple[str, int, int]] = []
    containers: list[str] = []
    in_table = False
    table_rows: set[int] = set()  # a row is masked once, not once per cell
    for idx, tok in enumerate(tokens):
        if tok.type in ("blockquote_open", "list_item_open"):
            containers.append("blockquote" if tok.type == "blockquote_open" else "list_item")
        elif tok.type in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif tok.type == "table_open":
            in_table = True
        elif tok.type == "table_close":
            in_table = False
        if tok.type != "inline" or tok.map is None:
            continue
        kind = "table" if in_table else (containers[-1] if containers else "paragraph")
        if not in_table and idx > 0 and tokens[idx - 1].type == "heading_open":
            kind = "heading"
        l0 = tok.map[0]
        if in_table:
            if l0 in table_rows:
                continue
            table_rows.add(l0)
        spans = []
        for i, content_line in enumerate(tok.content.split("\n")):
            if l0 + i >= len(doc.line_starts):
                break
            if in_table:
                # a table row is one block: the cell text is prose, the pipes are not
                spans.append(_copy_content(doc, mask, l0, doc.line_text(l0 + 1).strip()))
                break
            spans.append(_copy_content(doc, mask, l0 + i, content_line))
        spans = [s for s in spans if s]
        if not spans:
            continue
        start, end = spans[0][0], spans[-1][1]
        _mask_inline(text, mask, start, end)
        if in_table:
            mask[start:end] = "".join(mask[start:end]).replace("|", " ")
            if blocks and blocks[-1][0] == "table" and blocks[-1][1] == start:
                continue
        blocks.append((kind, start, end))
    return blocks


# --- plain text -----------------------------------------------------------------------------

_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAYS = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
# (Strings compiled on first use: only a short line under a plain-text headline is matched.)
DATELINE = (
    rf"^(?:(?:Updated|Published|Posted|Last updated)[:\s]+)?(?:{_WEEKDAYS},?\s+)?"
    rf"(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}}|"
    rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|{_WEEKDAYS})"
    r"(?:[,\s]+\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)?\s*$"
)
_NAME = r"(?:[A-Z][\w'\u2019-]+|[A-Z]\.)"
BYLINE = (
    rf"^(?:(?:By|Written by|Reporting by)\s+)?{_NAME}(?:\s+(?:{_NAME}|de|van|von|der|da|di|le|la|bin))"
    rf"{{1,3}}(?:(?:,|\s+and|\s+&)\s+{_NAME}(?:\s+{_NAME}){{1,3}})*"
    r"(?:\s*(?:,|\||-|\u2014)\s*[A-Z][\w ]{2,40})?\s*$"
)
_BYLINE_PREFIX = r"^(?:By|Written by|Reporting by)\s+\S"


def _is_metadata_line(line: str) -> bool:
    line = line.strip()
    if not line or len(line.split()) > 10:
        return False
    return bool(re.match(DATELINE, line) or re.match(BYLINE, line) or
                (re.match(_BYLINE_PREFIX, line, re.IGNORECASE) and len(line.split()) <= 8 and not line.endswith(".")))


def _text_blocks(doc: Document, parts: _Parts, body_start: int, mask: list[str]) -> list[tuple[str, int, int]]:
    text = doc.text
    lines = []  # (start, end) of each non-directive line, None for blank lines
    first_line = doc.position(body_start).line - 1
    directive_lines = {d.line for d in parts.directives if _directive_alone_on_line(doc, d)}
    for i in range(first_line, len(doc.line_starts)):
        line = doc.line_text(i + 1)
        start = doc.line_starts[i]
        if not line.strip() or (i + 1) in directive_lines:
            lines.append(None)
        else:
            lead = len(line) - len(line.lstrip())
            lines.append((start + lead, start + len(line.rstrip())))
    raw, metadata = _plain_blocks(text, lines)
    parts.metadata_spans.extend(metadata)
    for _, s, e in raw:
        mask[s:e] = text[s:e]
        _mask_plain_inline(mask, s, e)
    return raw


def _plain_blocks(text: str, lines: list[tuple[int, int] | None]) -> tuple[list[tuple[str, int, int]], list[Span]]:
    """The blocks of a plain-text body, ``(kind, start, end)``, and the spans of its bylines and
    datelines, from the ``(start, end)`` of each line's text (without the white space around it;
    ``None`` for a blank line)."""
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for entry in lines:
        if entry is None:
            if current:
                groups.append(current)
                current = []
        else:
            current.append(entry)
    if current:
        groups.append(current)

    raw: list[tuple[str, int, int]] = []
    metadata: list[Span] = []
    gi = 0
    if len(groups) > 1 and len(groups[0]) == 1 and not _ordinary_sentence(text[slice(*groups[0][0])]):
        raw.append(("headline", *groups[0][0]))
        gi = 1
        # bylines and datelines right under the headline are metadata, not body paragraphs
        while gi < len(groups) and gi <= 3:
            group = groups[gi]
            if not all(_is_metadata_line(text[s:e]) for s, e in group) or len(group) > 3:
                break
            metadata.extend(Span(s, e) for s, e in group)
            gi += 1
    for group in groups[gi:]:
        if len(group) > 1 and _one_paragraph_per_line(text, group):
            raw.extend(("paragraph", s, e) for s, e in group)
        else:
            raw.append(("paragraph", group[0][0], group[-1][1]))
    return raw, metadata


def plain_body(text: str) -> tuple[str, list[tuple[int, int]]] | None:
    """The prose and the ``(start, end)`` of the body paragraphs of a plain-text article, the
    same as ``body_prose`` finds, without the skeleton document and the character mask: for a
    text with no front matter (nothing on its first line that could open it) and no directive
    (no ``<!--`` at all); ``None`` for any other, which the general segmentation must read.

    Within the spans, the prose is what the mask holds there (the text with its links blanked);
    outside them it is the text, with links blanked too, not blanks: only the spans are prose."""
    if text.startswith(("---", "+++")) or "<!--" in text:
        return None
    if "\r" in text:  # lines end at CRLF or CR as well: as ``Document.line_text`` cuts them
        starts: Iterable[int] = line_starts(text)
        texts = [text[a:b].rstrip("\r\n") for a, b in zip(starts, (*starts[1:], len(text)))]
    else:
        texts = text.split("\n")
        starts = (0, *itertools.accumulate(len(line) + 1 for line in texts))
    lines: list[tuple[int, int] | None] = []
    for start, line in zip(starts, texts):
        stripped = line.lstrip()
        if stripped:
            lines.append((start + len(line) - len(stripped), start + len(line.rstrip())))
        else:
            lines.append(None)
    raw, _ = _plain_blocks(text, lines)
    prose = _URL_RE.sub(_spaces, text) if "://" in text or "www." in text else text
    return prose, [(s, e) for kind, s, e in raw if kind in BODY_KINDS]


def _spaces(m: re.Match) -> str:
    return " " * (m.end() - m.start())


#: a headline has fewer words than this, and a line of this many words or more is a paragraph
HEADLINE_MAX_WORDS = 25
#: a line ending with a full stop and at least this many words is a sentence, not a headline
SENTENCE_MIN_WORDS = 8
_FULL_STOP = r"(?<!\.)\.[\"'\u201d\u2019)\]]*$"  # compiled on first use, as below


def _ordinary_sentence(line: str) -> bool:
    """The first line of a plain-text file is the story's first paragraph, not its headline: it
    is long and ends with a full stop (not an ellipsis), or it is longer than any headline."""
    words = len(line.split())
    if words >= HEADLINE_MAX_WORDS:
        return True
    return words >= SENTENCE_MIN_WORDS and re.search(_FULL_STOP, line.rstrip()) is not None


_URL_RE = re.compile(r"\bhttps?://\S+|\bwww\.\S+\.\S+")


def _mask_plain_inline(mask: list[str], start: int, end: int) -> None:
    segment = "".join(mask[start:end])
    for m in _URL_RE.finditer(segment):
        _blank(mask, start + m.start(), start + m.end())
    for m in DIRECTIVE_RE.finditer(segment):
        _blank(mask, start + m.start(), start + m.end())


_FINAL = r"[.!?:\u2026][\"'\u201d\u2019)\]]*$"  # compiled on first use, as above


def _one_paragraph_per_line(text: str, group: list[tuple[int, int]]) -> bool:
    """A block whose lines are each a whole paragraph (exports without blank lines).

    Hard-wrapped prose has lines of similar, moderate length that often end mid-sentence;
    one-paragraph-per-line text has long lines that end with sentence-final punctuation.
    """
    lengths = sorted(e - s for s, e in group)
    median = lengths[len(lengths) // 2]
    final = sum(1 for s, e in group if re.search(_FINAL, text[s:e]))
    if median > 100:
        return True
    return final == len(group) and len(group) >= 2 and median > 40


def _directive_alone_on_line(doc: Document, d: Directive) -> bool:
    return doc.line_text(d.line).strip() == doc.text[d.start:d.end].strip()
