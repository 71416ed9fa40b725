"""The default format: ``path:line:col: CODE [severity] message``, one finding a line."""

from __future__ import annotations

from typing import NamedTuple

from ..findings import Severity
from .base import Reporter, by_code, describe_fix, described_stats
from .excerpt import excerpt_lines

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


class TextReporter(Reporter):
    description = "one line per finding (default)"

    def _c(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.options.color else text

    def render(self, result) -> str:
        lines: list[str] = []
        for file in result.files:
            # findings on the same span of a line share one excerpt, under the last of them, and
            # the places they point to follow it
            for group in _same_excerpt(file.findings, self._source if self.options.show_source else None):
                see = []
                for f in group.findings:
                    loc = self._c(_BOLD, f"{f.path}:{f.start.line}:{f.start.column}:")
                    sev = self._c(_COLORS[f.severity], f"[{f.severity.value}]")
                    lines.append(f"{loc} {f.code} {sev} {_one_line(f.message)}")
                    if self.options.verbose and f.details:
                        see.append(self._c(_DIM, f"    details: {_one_line(f.details)}"))
                    for r in f.related:
                        note = f" {_one_line(r.message)}" if r.message else ""
                        see.append(self._c(_DIM, f"    see {r.path}:{r.start.line}:{r.start.column}{note}"))
                lines.extend(group.excerpt)
                lines.extend(see)
            for fixed in file.fixed:
                lines.append(f"{fixed.path}: {describe_fix(fixed.fix)} ({fixed.code} {fixed.name})")
        if self.options.statistics:
            counts = by_code(result)
            names = {f.code: f.name for f in result.findings}
            for code, n in counts.items():
                lines.append(f"{n:>6}  {code}  {names[code]}")
            for file in result.files:
                figures = described_stats(result.rules, file.stats)
                if figures:
                    lines.append(f"{file.path}: {', '.join(figures)}")
        if not self.options.quiet:
            lines.append(summary_line(result))
        return "\n".join(lines) + ("\n" if lines else "")

    def _source(self, f) -> list[str]:
        """The excerpt of the finding's line(s): the first and last line of a span over several."""
        first_end = f.end.column - 1 if f.end.line == f.start.line else None
        out = self._excerpt(f.source_line, f.start.column - 1, first_end, f.severity)
        if f.source_last_line is not None:
            out += self._excerpt(f.source_last_line, 0, f.end.column - 1, f.severity)
        return out

    def _excerpt(self, line: str, start: int, end: int | None, severity: Severity) -> list[str]:
        text, underline = excerpt_lines(line, start, len(line) if end is None else end)
        out = ["    " + text]
        if underline:
            before, width = underline
            out.append("    " + " " * before + self._c(_COLORS[severity], "^" * width))
        return out


class _Group(NamedTuple):
    findings: list
    excerpt: list[str]


def _same_excerpt(findings, source) -> list[_Group]:
    """Consecutive findings on one line whose excerpts are the same (without ``source``: each
    finding on its own)."""
    groups: list[_Group] = []
    last = None
    for f in findings:
        excerpt = source(f) if source is not None and f.source_line is not None else []
        key = (f.start.line, excerpt)
        if groups and excerpt and key == last:
            groups[-1].findings.append(f)
        else:
            groups.append(_Group([f], excerpt))
        last = key
    return groups


def _one_line(message: str) -> str:
    """A message on one line, so that each finding stays one line of the report (grep, editors)."""
    return " ".join(message.splitlines())


def summary_line(result) -> str:
    counts = {s: 0 for s in Severity}
    for f in result.findings:
        counts[f.severity] += 1
    nfiles = len(result.files)
    files = f"{nfiles} file" + ("" if nfiles == 1 else "s")
    total = sum(counts.values())
    fixed = sum(len(r.fixed) for r in result.files)
    fixed_note = f" ({fixed} fixed)" if fixed else ""
    hidden = getattr(result, "hidden", 0)
    hidden_note = f"; {hidden} hidden by the baseline" if hidden else ""
    if not total:
        return f"Checked {files}: no problems found{fixed_note}{hidden_note}."
    parts = [f"{counts[s]} {s.value}" + ("s" if counts[s] != 1 and s is not Severity.INFO else "")
             for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s]]
    return f"Checked {files}: " + ", ".join(parts) + f"{fixed_note}{hidden_note}."
