"""SARIF 2.1.0 for code-scanning dashboards (validated against the official schema in the tests)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..findings import Severity
from .base import Reporter

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


#: the name of the fingerprint that follows a finding across commits (the baseline's key)
FINGERPRINT = "newslintFindingKey/v1"


def _location(path: str) -> dict:
    """The ``artifactLocation`` of ``path``: a relative URI reference for a file under the working
    directory (the repository's checkout, for code scanning), an absolute ``file:`` URI for one
    outside it (spaces and other reserved characters percent-encoded in both)."""
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(Path(path).as_posix())}


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
    #: each result carries the finding's key as its ``partialFingerprints``
    needs_keys = True

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
            descriptor = {
                "id": code,
                "name": cls.name,
                "shortDescription": {"text": cls.summary or cls.name},
                "fullDescription": {"text": _what_it_does(cls) or cls.summary or cls.name},
                "help": {"text": cls.documentation(), "markdown": cls.documentation()},
                "defaultConfiguration": {"level": _LEVEL[cls.severity]},
            }
            if getattr(cls, "help_uri", ""):
                descriptor["helpUri"] = cls.help_uri
            descriptors.append(descriptor)
        results = []
        for f in result.findings:
            item = {
                "ruleId": f.code,
                "level": _LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {"artifactLocation": _location(f.path),
                                                    "region": _region(f.start, f.end)}}],
            }
            if f.key:
                item["partialFingerprints"] = {FINGERPRINT: f.key}
            if f.code in index:
                item["ruleIndex"] = index[f.code]
            if f.confidence is not None:
                item["properties"] = {"confidence": f.confidence}
            if f.related:
                item["relatedLocations"] = [
                    {"id": i, "message": {"text": r.message or "related location"},
                     "physicalLocation": {"artifactLocation": _location(r.path), "region": _region(r.start, r.end)}}
                    for i, r in enumerate(f.related)
                ]
            if f.fix is not None:
                item["fixes"] = [{
                    "description": {"text": f.fix.description or f"replace with {f.fix.replacement!r}"},
                    "artifactChanges": [{
                        "artifactLocation": _location(f.path),
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
        if any(os.path.isabs(p) for f in result.findings for p in (f.path, *(r.path for r in f.related))):
            # code scanning places an absolute file: URI only when it knows the checkout's folder
            run["invocations"][0]["workingDirectory"] = {"uri": Path(os.getcwd()).as_uri().rstrip("/") + "/"}
        return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False) + "\n"
