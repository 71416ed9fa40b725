"""The default format: ``path:line:col: CODE [severity] message``, one finding a line."""

from __future__ import annotations

from ..findings import Severity
from .base import Reporter, by_code

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


class TextReporter(Reporter):
    description = "one line per finding (default)"

    def _c(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.options.color else text

    def render(self, result) -> str:
        lines: list[str] = []
        for file in result.files:
            for f in file.findings:
                loc = self._c(_BOLD, f"{f.path}:{f.start.line}:{f.start.column}:")
                sev = self._c(_COLORS[f.severity], f"[{f.severity.value}]")
                lines.append(f"{loc} {f.code} {sev} {_one_line(f.message)}")
                if self.options.show_source and f.source_line is not None:
                    lines.extend(self._source(f))
                for r in f.related:
                    note = f" {_one_line(r.message)}" if r.message else ""
                    lines.append(self._c(_DIM, f"    see {r.path}:{r.start.line}:{r.start.column}{note}"))
            for fixed in file.fixed:
                lines.append(f"{fixed.path}:{fixed.start.line}:{fixed.start.column}: fixed {fixed.code} {_one_line(fixed.message)}")
        if self.options.statistics:
            counts = by_code(result)
            names = {f.code: f.name for f in result.findings}
            for code, n in counts.items():
                lines.append(f"{n:>6}  {code}  {names[code]}")
            for file in result.files:
                summary = readability_summary(file.stats)
                if summary:
                    lines.append(f"{file.path}: {summary}")
        if not self.options.quiet:
            lines.append(summary_line(result))
        return "\n".join(lines) + ("\n" if lines else "")

    def _source(self, f) -> list[str]:
        chars = [_printable(ch) for ch in f.source_line]
        start = f.start.column - 1
        end = f.end.column - 1 if f.end.line == f.start.line else len(chars)
        # carets line up on the terminal: wide characters take two cells, combining marks none
        before = sum(_cells(ch) for ch in chars[:start])
        width = max(1, sum(_cells(ch) for ch in chars[start:end]))
        return ["    " + "".join(chars), "    " + " " * before + self._c(_COLORS[f.severity], "^" * width)]


def _one_line(message: str) -> str:
    """A message on one line, so that each finding stays one line of the report (grep, editors)."""
    return " ".join(message.splitlines())


def _printable(ch: str) -> str:
    """Tabs, line and paragraph separators and control characters print as one space."""
    import unicodedata

    return " " if ch == "\t" or unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch


def _cells(ch: str) -> int:
    import unicodedata

    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def readability_summary(stats: dict) -> str:
    if "grade" not in stats:
        return ""
    parts = [f"grade {stats['grade']:.1f}"]
    if "flesch_reading_ease" in stats:
        parts.append(f"reading ease {stats['flesch_reading_ease']:.0f}")
    parts.append(f"{_count(stats.get('words', 0), 'word')}, {_count(stats.get('sentences', 0), 'sentence')}")
    if "reading_time_s" in stats:
        seconds = stats["reading_time_s"]
        parts.append("under a minute to read" if seconds < 60 else f"about {round(seconds / 60)} min to read")
    return ", ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def summary_line(result) -> str:
    counts = {s: 0 for s in Severity}
    for f in result.findings:
        counts[f.severity] += 1
    nfiles = len(result.files)
    files = f"{nfiles} file" + ("" if nfiles == 1 else "s")
    total = sum(counts.values())
    fixed = sum(len(r.fixed) for r in result.files)
    fixed_note = f" ({fixed} fixed)" if fixed else ""
    if not total:
        return f"Checked {files}: no problems found{fixed_note}."
    parts = [f"{counts[s]} {s.value}" + ("s" if counts[s] != 1 and s is not Severity.INFO else "")
             for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s]]
    return f"Checked {files}: " + ", ".join(parts) + f"{fixed_note}."
