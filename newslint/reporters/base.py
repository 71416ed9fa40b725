"""The reporter interface: turn a ``RunResult`` into text. Reporters never read articles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..findings import Finding, Severity

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import RunResult


@dataclass
class ReportOptions:
    """How to write the report: the command line's output options."""

    color: bool = False
    show_source: bool = False
    statistics: bool = False
    quiet: bool = False
    verbose: bool = False
    fail_on: Severity = Severity.WARNING


class Reporter:
    """Subclass and register with ``newslint_register_reporters``. ``render`` returns the whole output."""

    #: one line for ``newslint check --help``
    description = ""

    def __init__(self, options: ReportOptions | None = None) -> None:
        self.options = options or ReportOptions()

    def render(self, result: "RunResult") -> str:  # pragma: no cover - interface
        raise NotImplementedError


def finding_dict(f: Finding) -> dict:
    """The JSON contract for one finding (shared by reporters that emit JSON-like data)."""
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "line": f.start.line,
        "column": f.start.column,
        "end_line": f.end.line,
        "end_column": f.end.column,
        "message": f.message,
        "confidence": f.confidence,
        "related": [
            {"path": r.path, "line": r.start.line, "column": r.start.column, "end_line": r.end.line,
             "end_column": r.end.column, "message": r.message}
            for r in f.related
        ],
        "fix": None if f.fix is None else {
            "line": f.fix.start.line, "column": f.fix.start.column, "end_line": f.fix.end.line,
            "end_column": f.fix.end.column, "replacement": f.fix.replacement,
            "description": f.fix.description,
        },
    }


def by_code(result: "RunResult") -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in result.findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    return dict(sorted(counts.items()))
