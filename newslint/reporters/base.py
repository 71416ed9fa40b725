"""The reporter interface: turn a ``RunResult`` into text. Reporters never read articles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Mapping

from ..findings import Finding, Fix, Severity
from ..rule import is_reserved

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import RunResult
    from ..rule import Rule


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
    #: whether the report shows the articles: the run then gives each file result a
    #: ``document`` (its text and block spans), so that the reporter never reads a file
    needs_documents: ClassVar[bool] = False

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
        "details": f.details,
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


def described_stats(rules: Mapping[str, type["Rule"]], stats: dict) -> list[str]:
    """The file's figures in plain words, as the rules that measured them describe them (each once)."""
    phrases: list[str] = []
    for code, cls in rules.items():
        # a plugin's figures are its own table, stats[CODE] (see newslint.engine.worker.add_figures)
        own = stats if is_reserved(code) else stats.get(code)
        for phrase in cls.describe_stats(own) if isinstance(own, dict) else ():
            if phrase not in phrases:
                phrases.append(phrase)
    return phrases


def describe_fix(fix: Fix) -> str:
    """What a fix changes, in words an editor reads: ``replaced “Ferriera” with “Ferreira” on line 12``."""
    where = f"on line {fix.start.line}"
    before, after = _quoted(fix.original), _quoted(fix.replacement)
    if fix.start.offset == fix.end.offset:
        return f"inserted {after} {where}"
    if not fix.original:  # a fix built without the text it replaces
        return f"replaced the text at line {fix.start.line}, column {fix.start.column} with {after}"
    if not fix.replacement:
        return f"removed {before} {where}"
    return f"replaced {before} with {after} {where}"


def _quoted(text: str, limit: int = 60) -> str:
    shown = " ".join(text.splitlines())  # a line break in the middle of a message would split the report
    if len(shown) > limit:
        shown = shown[: limit - 1] + "\u2026"
    return f"\u201c{shown}\u201d"
