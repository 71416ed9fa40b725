"""SARIF 2.1.0 for code-scanning dashboards (validated against the official schema in the tests)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..findings import Severity
from .base import Reporter

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    """A relative URI reference for ``path`` (spaces and other reserved characters percent-encoded)."""
    return quote(Path(path).as_posix())


def _region(start, end) -> dict:
    return {"startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column,
            "charOffset": start.offset, "charLength": max(0, end.offset - start.offset)}


def _what_it_does(cls) -> str:
    """The *What it does* section of a rule's documentation, as one paragraph."""
    text = cls.documentation()
    marker = "## What it does"
    if marker not in text:
        return ""
    section = text.split(marker, 1)[1].split("\n## ", 1)[0]
    return " ".join(section.split())


class SarifReporter(Reporter):
    description = "SARIF 2.1.0"

    def render(self, result) -> str:
        import json  # here, not at the top: a run in another format does not pay for importing it

        used = sorted({f.code for f in result.findings} | {e["code"] for e in result.errors})
        descriptors = []
        index = {}
        for code in used:
            cls = result.rules.get(code)
            if cls is None:
                continue
            index[code] = len(descriptors)
            descriptors.append({
                "id": code,
                "name": cls.name,
                "shortDescription": {"text": cls.summary or cls.name},
                "fullDescription": {"text": _what_it_does(cls) or cls.summary or cls.name},
                "help": {"text": cls.documentation(), "markdown": cls.documentation()},
                "defaultConfiguration": {"level": _LEVEL[cls.severity]},
            })
        results = []
        for f in result.findings:
            item = {
                "ruleId": f.code,
                "level": _LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)},
                                                    "region": _region(f.start, f.end)}}],
            }
            if f.code in index:
                item["ruleIndex"] = index[f.code]
            if f.confidence is not None:
                item["properties"] = {"confidence": f.confidence}
            if f.related:
                item["relatedLocations"] = [
                    {"id": i, "message": {"text": r.message or "related location"},
                     "physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}, "region": _region(r.start, r.end)}}
                    for i, r in enumerate(f.related)
                ]
            if f.fix is not None:
                item["fixes"] = [{
                    "description": {"text": f.fix.description or f"replace with {f.fix.replacement!r}"},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": _uri(f.path)},
                        "replacements": [{"deletedRegion": _region(f.fix.start, f.fix.end),
                                          "insertedContent": {"text": f.fix.replacement}}],
                    }],
                }]
            results.append(item)
        notifications = [
            {"level": "error", "message": {"text": f"{e['path']}: {e['message']}"}, "descriptor": {"id": e["code"]}}
            for e in [*result.errors, *(e for r in result.files for e in r.errors)]
        ]
        run = {
            "tool": {"driver": {"name": "newslint", "version": __version__, "informationUri": "https://pypi.org/project/newslint/",
                                "rules": descriptors}},
            "results": results,
            "invocations": [{"executionSuccessful": not notifications,
                             "toolExecutionNotifications": notifications}],
            "columnKind": "unicodeCodePoints",
        }
        return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False) + "\n"
