"""Per-document work: load one file and run every per-document rule on it.

This runs in the worker processes of a pool (or in the main process for a few files), so it
sees one article at a time and returns small, picklable results.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from .. import document as document_module
from .. import suppressions
from ..core_rules import InternalError, InvalidFrontMatter, UnreadableFile
from ..document import Document, UnreadableFile as UnreadableError
from ..findings import Finding, ParagraphFigures, Position, Severity
from .handles import content_digest
from .inputs import Input, read_input
from .results import DocumentView, FileResult

if TYPE_CHECKING:  # pragma: no cover
    from ..rule import Preparation, Rule


@dataclass
class Plan:
    """What each worker process needs: the rules, set up, the per-document groundwork the per-run
    rules asked for, and whether to send documents back."""

    rules: list["Rule"]
    #: send the parsed documents back to the main process (per-run rules, fixes and
    #: --show-source need them; pickling them costs about as much as parsing)
    keep_documents: bool
    #: (the code of the first rule that asked, the preparation), each key once
    preparations: list[tuple[str, "Preparation"]] = field(default_factory=list)
    #: give each result a ``DocumentView`` (a report that shows the articles)
    keep_views: bool = False


def plan_preparations(rules: list["Rule"], alone: bool) -> list[tuple[str, "Preparation"]]:
    """Every rule's preparations, each key once; those that need company left out when ``alone``
    (a run of one article with no archive: there is nothing to compare it with)."""
    out: list[tuple[str, "Preparation"]] = []
    seen: set = set()
    for rule in rules:
        for prep in rule.preparations():
            if prep.key not in seen and not (alone and prep.needs_company):
                seen.add(prep.key)
                out.append((rule.code, prep))
    return out


_PLAN: Plan | None = None


def init_worker(plan: Plan) -> None:
    """The pool's initializer: every worker gets the plan once, not with every file."""
    global _PLAN
    _PLAN = plan


def pool_worker(item: Input) -> tuple[FileResult, Document | None]:
    return check_document(item)


def crash(rule: "Rule | type[Rule]", path: str, exc: BaseException, doc: Document | None) -> tuple[Finding, dict]:
    """The NL000 finding and error entry for a rule that raised ``exc`` on ``path``."""
    import traceback  # here, not at the top: only a crash needs it

    from ..plugins import BUILTIN_PLUGINS

    where = f" (from {rule.plugin})" if rule.plugin and rule.plugin not in BUILTIN_PLUGINS else ""
    message = (f"rule {rule.code} ({rule.name}){where} crashed on this file: {type(exc).__name__}: {exc}"
               "; run with --verbose for details")
    pos = doc.position(0) if doc else Position(0, 1, 1)
    finding = Finding(path, InternalError.code, InternalError.name, InternalError.severity, pos, pos, message)
    error = {"path": path, "code": InternalError.code, "message": message,
             "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))}
    return finding, error


def checked(findings: Iterable[Any] | None) -> Iterable[Finding]:
    """A rule's findings, refusing anything else (reported as that rule's crash, not the run's)."""
    for f in findings or ():
        if not isinstance(f, Finding):
            shown = repr(f)
            shown = shown if len(shown) <= 40 else shown[:39] + "\u2026"
            raise TypeError(f"it gave {shown}, which is not a finding (build findings with self.finding)")
        yield f


def _engine_finding(rule: type["Rule"], path: str, message: str, pos: Position = Position(0, 1, 1),
                    severity: Severity | None = None) -> Finding:
    return Finding(path, rule.code, rule.name, severity or rule.severity, pos, pos, message)


def check_document(item: Input, plan: Plan | None = None) -> tuple[FileResult, Document | None]:
    """Load one file and run every per-document rule on it."""
    plan = plan or _PLAN
    result = FileResult(item.path)
    try:
        data = read_input(item)
        doc = document_module.load(item.path, data, item.format)
    except UnreadableError as exc:
        message = f"{item.path} {exc.message}"
        result.findings.append(_engine_finding(UnreadableFile, item.path, message))
        result.errors.append({"path": item.path, "code": UnreadableFile.code, "message": message})
        return result, None
    result.suppressions = suppressions.collect(doc)
    # the main process parses the article again from the same bytes if a per-run rule asks (handles)
    result.digest = content_digest(data)
    if doc.text.strip() == "":
        message = f"{item.path} is empty: there is nothing to check"
        result.errors.append({"path": item.path, "code": UnreadableFile.code, "message": message})
        result.findings.append(_engine_finding(UnreadableFile, item.path, message, severity=Severity.ERROR))
        if plan.keep_views:
            result.document = DocumentView.of(doc)
        return result, (doc if plan.keep_documents else None)
    for offset, message in doc.front_matter_errors:
        result.findings.append(_engine_finding(InvalidFrontMatter, item.path, message, doc.position(offset)))
    result.stats.update({"words": sum(1 for _ in doc.words()), "sentences": sum(1 for _ in doc.sentences()),
                         "paragraphs": len(doc.paragraphs)})
    figures: list[ParagraphFigures] = []
    for rule in plan.rules:
        if not rule.has_document_check():
            continue
        t0 = time.perf_counter()
        try:
            result.findings.extend(checked(rule.check(doc)))
            result.stats.update(rule.measure(doc))
            if plan.keep_views:
                for figure in rule.figures_by_paragraph(doc):
                    if figure not in figures:  # rules that share an analysis give the same figures
                        figures.append(figure)
        except Exception as exc:  # a crashing rule must not stop the run
            finding, error = crash(rule, item.path, exc, doc)
            result.findings.append(finding)
            result.errors.append(error)
        result.timings[rule.code] = result.timings.get(rule.code, 0.0) + time.perf_counter() - t0
    by_code = {rule.code: rule for rule in plan.rules}
    for code, prep in plan.preparations:
        t0 = time.perf_counter()
        try:
            result.prepared[prep.key] = prep.function(doc)
        except Exception as exc:
            finding, error = crash(by_code[code], item.path, exc, doc)
            result.findings.append(finding)
            result.errors.append(error)
        result.timings[code] = result.timings.get(code, 0.0) + time.perf_counter() - t0
    if plan.keep_views:
        result.document = DocumentView.of(doc, figures)
    # what the rules derived from this document is not needed again until the per-run rules ask
    doc.cache.clear()
    return result, (doc if plan.keep_documents else None)
