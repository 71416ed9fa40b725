"""What a rule reports: small immutable records that cross process boundaries."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields, replace
from typing import NamedTuple


class _Compact:
    """Slotted, and pickled as its class and its fields' values, in order: a run of 100,000 files
    keeps every finding in the main process, and each finding holds six positions."""

    __slots__ = ()

    def __reduce__(self):
        return type(self), tuple([getattr(self, f.name) for f in fields(self)])


class Severity(str, enum.Enum):
    """How serious a finding is. Ordered: ``INFO < WARNING < ERROR``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(str(value).lower())
        except ValueError:
            from .rule import toml_value

            shown = toml_value(value)
            raise ValueError(f"expected one of info, warning, error; got {shown}") from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Position(_Compact):
    """A place in a file. ``offset`` counts code points; ``line``/``column`` are 1-based."""

    offset: int
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Related(_Compact):
    """Another place a finding points at: the first occurrence, the other article."""

    path: str
    start: Position
    end: Position
    message: str = ""


@dataclass(frozen=True, slots=True)
class Fix(_Compact):
    """Replace the text between ``start`` and ``end`` with ``replacement``."""

    start: Position
    end: Position
    replacement: str
    description: str = ""
    #: the text being replaced, as it was (empty for an insertion)
    original: str = ""


class InvalidFix(ValueError):
    """A rule suggested a fix whose span is not a span of the article (the engine reports it as
    NL000 for the rule, and none of the rule's findings or fixes for that file is kept)."""


def check_fix_span(text: str, start: int, end: int) -> None:
    """Raise ``InvalidFix`` unless ``start``..``end`` is a span of ``text`` (``start <= end``)."""
    if not (isinstance(start, int) and isinstance(end, int)):
        raise InvalidFix(f"its span {start!r}..{end!r} is not two character offsets")
    if start < 0 or end < 0:
        raise InvalidFix(f"its span {start}..{end} starts before the article")
    if end < start:
        raise InvalidFix(f"its span {start}..{end} ends before it starts")
    if end > len(text):
        raise InvalidFix(f"its span {start}..{end} ends past the end of the article ({len(text)} characters)")


@dataclass(frozen=True, slots=True)
class Finding(_Compact):
    """One thing a rule found in one file."""

    path: str
    code: str
    name: str
    severity: Severity
    start: Position
    end: Position
    message: str
    related: tuple[Related, ...] = ()
    fix: Fix | None = None
    #: the figures behind the finding (scores, formula names) for ``--verbose``; the message says
    #: what is wrong in plain words
    details: str = ""
    source_line: str | None = field(default=None, compare=False)
    #: with ``--show-source``, the last line of a span over several lines
    source_last_line: str | None = field(default=None, compare=False)
    #: how sure the rule is that this is a real defect, from 0 to 1 (``None``: the rule does not say)
    confidence: float | None = None
    #: ``CODE:hash:occurrence``, stable when lines move (see ``newslint.baseline``); set by the
    #: engine in a run that needs it (a baseline, SARIF), else empty
    key: str = field(default="", compare=False)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.start.line, self.start.column, self.code, self.end.offset, self.message)

    def with_severity(self, severity: Severity) -> "Finding":
        return replace(self, severity=severity)


class ParagraphFigures(NamedTuple):
    """One figure for each body paragraph of an article (``Document.paragraphs``, in order), and
    the limit a paragraph should stay under: what the HTML report draws as the article's chart."""

    #: what the figure is, in plain words ("reading grade")
    title: str
    values: tuple[float, ...]
    #: above this a paragraph is a problem (the newsroom's target), if there is one
    limit: float | None = None
    #: the limit in plain words ("target 10")
    limit_label: str = ""
