"""GitHub Actions workflow commands: annotations on the pull request's lines."""

from __future__ import annotations

from ..findings import Severity
from .base import Reporter

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    description = "GitHub Actions annotations"

    def render(self, result) -> str:
        lines = []
        for file in result.files:
            for f in file.findings:
                props = ",".join([
                    f"file={escape_property(f.path)}", f"line={f.start.line}", f"col={f.start.column}",
                    f"endLine={f.end.line}", f"endColumn={f.end.column}",
                    f"title={escape_property(f'{f.code} {f.name}')}",
                ])
                lines.append(f"::{_LEVEL[f.severity]} {props}::{escape_data(f.message)}")
        for e in [*result.errors, *(e for r in result.files for e in r.errors if e['code'] not in ('NL000', 'NL002'))]:
            lines.append(f"::error title={escape_property(e['code'])}::{escape_data(e['path'] + ': ' + e['message'])}")
        return "\n".join(lines) + ("\n" if lines else "")
