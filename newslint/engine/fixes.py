"""Applying the fixes rules suggest: choosing those that do not overlap, and writing the file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..core_rules import UnreadableFile
from ..findings import Finding

if TYPE_CHECKING:  # pragma: no cover
    from ..document import Document
    from .results import FileResult


def apply_fixes(text: str, findings: Iterable[Finding]) -> tuple[str, list[Finding]]:
    """Apply the fixes of ``findings`` that do not overlap each other; return new text and those applied."""
    chosen: list[Finding] = []
    last_end = -1
    for f in sorted((f for f in findings if f.fix is not None), key=lambda f: (f.fix.start.offset, f.fix.end.offset)):
        if f.fix.start.offset >= last_end:
            chosen.append(f)
            last_end = max(f.fix.end.offset, f.fix.start.offset + (1 if f.fix.start.offset == f.fix.end.offset else 0))
    for f in reversed(chosen):
        text = text[: f.fix.start.offset] + f.fix.replacement + text[f.fix.end.offset:]
    return text, chosen


def write_fixes(result: "FileResult", doc: "Document") -> None:
    """Rewrite ``result``'s file with its fixes applied; applied findings move to ``result.fixed``."""
    new_text, applied = apply_fixes(doc.text, result.findings)
    if not applied:
        return
    data = new_text.encode("utf-8")
    if doc.had_bom:
        data = b"\xef\xbb\xbf" + data
    try:
        with open(result.path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        result.errors.append({"path": result.path, "code": UnreadableFile.code,
                              "message": f"{result.path} could not be fixed: {(exc.strerror or '').lower()}"})
        return
    applied_ids = {id(f) for f in applied}
    result.fixed = applied
    result.findings = [f for f in result.findings if id(f) not in applied_ids]
