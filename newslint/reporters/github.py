"""GitHub Actions workflow commands: annotations on the pull request's lines.

GitHub shows at most 10 annotations of each level per step, and 50 per job: errors come first, then
warnings, then notices, so that the ones shown are the most serious, and the findings past the limit
are listed as plain log lines. When ``GITHUB_STEP_SUMMARY`` names a file, a Markdown summary of the
run (counts by rule, the files with most findings) is added to it.
"""

from __future__ import annotations

import os

from ..findings import Severity
from .base import Reporter, by_code

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
#: annotations GitHub shows per level in one step
PER_LEVEL = 10
#: files listed in the summary
TOP_FILES = 10
STEP_SUMMARY = "GITHUB_STEP_SUMMARY"


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _cell(value: str) -> str:
    """Text for a Markdown table cell: one line, no column breaks."""
    return " ".join(value.split()).replace("|", "\\|")


class GithubReporter(Reporter):
    description = "GitHub Actions annotations (and a summary in GITHUB_STEP_SUMMARY)"

    def render(self, result) -> str:
        # a crash or an unreadable file is already a finding of its file
        run_errors = [*result.errors, *(e for r in result.files for e in r.errors if e["code"] not in ("NL000", "NL002"))]
        findings = sorted(result.findings, key=lambda f: -f.severity.rank)  # stable: paths stay in order
        shown = {level: 0 for level in _LEVEL}
        shown[Severity.ERROR] = min(len(run_errors), PER_LEVEL)
        lines = [f"::error title={escape_property(e['code'])}::{escape_data(e['path'] + ': ' + e['message'])}"
                 for e in run_errors[:PER_LEVEL]]
        rest = [f"{e['path']}: {e['code']} [error] {e['message']}" for e in run_errors[PER_LEVEL:]]
        for f in findings:
            if shown[f.severity] < PER_LEVEL:
                shown[f.severity] += 1
                props = ",".join([
                    f"file={escape_property(f.path)}", f"line={f.start.line}", f"col={f.start.column}",
                    f"endLine={f.end.line}", f"endColumn={f.end.column}",
                    f"title={escape_property(f'{f.code} {f.name}')}",
                ])
                lines.append(f"::{_LEVEL[f.severity]} {props}::{escape_data(f.message)}")
            else:
                message = " ".join(f.message.splitlines())
                rest.append(f"{f.path}:{f.start.line}:{f.start.column}: {f.code} [{f.severity.value}] {message}")
        if rest:
            lines.append(f"{len(rest)} more problem{'s' if len(rest) != 1 else ''} (GitHub shows {PER_LEVEL} "
                         "annotations of each level):")
            lines.extend(rest)
        summary_file = os.environ.get(STEP_SUMMARY)
        if summary_file:
            write_step_summary(summary_file, result)
        return "\n".join(lines) + ("\n" if lines else "")


def step_summary(result) -> str:
    """The run in Markdown: the totals, the count of each rule, the files with most findings."""
    from .text import summary_line

    out = ["## newslint", "", summary_line(result), ""]
    counts = by_code(result)
    if counts:
        out += ["| rule | name | findings |", "|---|---|---:|"]
        for code, n in counts.items():
            cls = result.rules.get(code)
            out.append(f"| {code} | {_cell(cls.name) if cls else ''} | {n} |")
        out.append("")
        files = sorted((r for r in result.files if r.findings), key=lambda r: (-len(r.findings), r.path))
        out += [f"Files with the most findings{' (first ' + str(TOP_FILES) + ')' if len(files) > TOP_FILES else ''}:",
                "", "| file | findings |", "|---|---:|"]
        out += [f"| {_cell(r.path)} | {len(r.findings)} |" for r in files[:TOP_FILES]]
        out.append("")
    return "\n".join(out) + "\n"


def write_step_summary(path: str, result) -> None:
    """Add the summary to the step's summary file (other steps write theirs there too)."""
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(step_summary(result))
    except OSError:
        pass  # a summary that cannot be written must not cost the annotations
