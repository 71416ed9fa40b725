"""``check --diff``: the fixes ``--fix`` would apply, as a unified diff; nothing is written."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..engine.fixes import apply_fixes
from .base import Reporter

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import FileResult, RunResult
    from ..findings import Finding


def planned_fixes(result: "RunResult") -> list[tuple["FileResult", str, list["Finding"]]]:
    """For each file with fixes to apply: the file, its text once fixed, and the findings fixed."""
    planned = []
    for file in result.files:
        if file.document is None:
            continue
        # the run planned them as --fix would apply them, pass after pass (``plan_fixes``)
        new_text, applied = file.planned or apply_fixes(file.document.text, file.findings)
        if applied:
            planned.append((file, new_text, applied))
    return planned


class DiffReporter(Reporter):
    description = "the fixes as a unified diff"
    needs_documents = True

    def render(self, result: "RunResult") -> str:
        import difflib  # only --diff needs it

        out: list[str] = []
        for file, new_text, _ in planned_fixes(result):
            old = file.document.text.splitlines(keepends=True)
            new = new_text.splitlines(keepends=True)
            before, after = (file.path, file.path) if os.path.isabs(file.path) else (f"a/{file.path}", f"b/{file.path}")
            for line in difflib.unified_diff(old, new, before, after):
                if line.endswith(("\r\n", "\n", "\r")):
                    out.append(line)
                else:  # as git and diff say it, so that patch can apply the diff
                    out.append(line + "\n\\ No newline at end of file\n")
        return "".join(out)
