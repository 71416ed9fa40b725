"""Per-document work: load one file and run every per-document rule on it.

This runs in the worker processes of a pool (or in the main process for a few files), so it
sees one article at a time and returns small, picklable results.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple

from .. import document as document_module
from .. import suppressions
from ..core_rules import InternalError, InvalidFrontMatter, UnreadableFile
from ..document import Document, UnreadableFile as UnreadableError
from ..findings import Finding, InvalidFix, ParagraphFigures, Position, Severity
from ..rule import is_reserved
from .fixes import valid_fixes
from .handles import content_digest
from .inputs import Input, read_input
from .limits import TimedOut, install as install_limits, is_fault, time_limit
from .results import DocumentView, FileResult

if TYPE_CHECKING:  # pragma: no cover
    from ..rule import Preparation, Rule


#: the figures the engine puts in every file's ``stats``; no rule may overwrite them
ENGINE_STATS = ("words", "sentences", "paragraphs")


class Packed(NamedTuple):
    """A rule, or a preparation it asked for, set up in the main process and pickled on its own.

    ``code``, ``name`` and ``plugin`` are the rule's, to name it if the pickle does not load.
    ``data`` is the pickle, or ``None`` for a value handed over as it is (``value``).
    """

    code: str
    name: str
    plugin: str
    data: bytes | None
    value: Any = None


def pack(rule: "Rule", value: Any, as_is: bool = False) -> Packed:
    """``value`` (the rule, or one of its preparations) pickled, unless ``as_is``; raises what
    pickling raises."""
    if as_is:
        return Packed(rule.code, rule.name, rule.plugin, None, value)
    import pickle  # here, not at the top: a run of newslint's own rules on a few files never needs it

    return Packed(rule.code, rule.name, rule.plugin, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


@dataclass
class Plan:
    """What each worker process needs: the per-document rules, the per-document groundwork the
    per-run rules asked for (each key once), and whether to send documents back.

    A plugin's rules and preparations travel pickled even when the files are checked in the main
    process, so that a rule behaves the same whatever the number of files and whatever the start
    method (``spawn``, the default on macOS and Windows, pickles them; ``fork`` does not): ``check``
    and ``prepare`` run on a copy, so nothing they store on the rule reaches ``check_run``.
    """

    rules: tuple[Packed, ...]
    preparations: tuple[Packed, ...]
    #: send the parsed documents back to the main process (per-run rules, fixes and
    #: --show-source need them; pickling them costs about as much as parsing)
    keep_documents: bool
    #: give each result a ``DocumentView`` (a report that shows the articles)
    keep_views: bool = False
    #: give each finding its key (a baseline, SARIF's fingerprints), while the text is at hand
    keys: bool = False
    #: seconds a rule may spend on one file before it is stopped (0: no limit; ``limits``)
    time_limit: float = 0.0


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


@dataclass
class Checker:
    """A plan unpacked where the files are checked."""

    rules: list["Rule"]
    preparations: list[tuple[Packed, "Preparation"]]
    #: what did not unpickle here (a class this process cannot import), with the error
    broken: list[tuple[Packed, BaseException]]
    keep_documents: bool
    keep_views: bool
    keys: bool = False
    time_limit: float = 0.0


def unpack(plan: Plan) -> Checker:
    checker = Checker([], [], [], plan.keep_documents, plan.keep_views, plan.keys, plan.time_limit)
    for packed, is_rule in [(p, True) for p in plan.rules] + [(p, False) for p in plan.preparations]:
        try:
            value = packed.value if packed.data is None else _loads(packed.data)
        except BaseException as exc:  # a class this process cannot import: one NL000 per rule and file
            if not is_fault(exc):
                raise
            if not any(p.code == packed.code for p, _ in checker.broken):
                checker.broken.append((packed, exc))
            continue
        if is_rule:
            checker.rules.append(value)
        else:
            checker.preparations.append((packed, value))
    return checker


def _loads(data: bytes) -> Any:
    import pickle

    return pickle.loads(data)


_CHECKER: Checker | None = None


def init_worker(plan: Plan) -> None:
    """The pool's initializer: every worker unpacks the plan once, not with every file."""
    global _CHECKER
    install_limits()
    _CHECKER = unpack(plan)


def pool_chunk(items: list[Input]) -> list[tuple[FileResult, Document | None]]:
    """Check a chunk of files in a worker (what the pool is given: one task per chunk)."""
    return [check_document(item) for item in items]


#: what ``crash`` says of a rule that suggested a fix that does not fit the article (``InvalidFix``)
FIX_FAILED = "produced an invalid fix, so none of its findings on this file is kept"


def crash(rule: "Rule | type[Rule] | Packed", path: str, exc: BaseException, doc: Document | None,
          happened: str | None = None) -> tuple[Finding, dict]:
    """The NL000 finding and error entry for a rule that raised ``exc`` on ``path``."""
    happened = happened or "crashed on this file"
    import traceback  # here, not at the top: only a crash needs it

    from ..plugins import BUILTIN_PLUGINS

    where = f" (from {rule.plugin})" if rule.plugin and rule.plugin not in BUILTIN_PLUGINS else ""
    if isinstance(exc, TimedOut) and happened == "crashed on this file":
        message = (f"rule {rule.code} ({rule.name}){where} was stopped on this file: {exc}; its findings for this "
                   "file are missing (raise rule-timeout if it needs longer)")
    elif isinstance(exc, TimedOut):
        message = f"rule {rule.code} ({rule.name}){where} {happened}: {exc}"
    else:
        message = (f"rule {rule.code} ({rule.name}){where} {happened}: {type(exc).__name__}: {exc}"
                   "; run with --verbose for details")
    pos = doc.position(0) if doc else Position(0, 1, 1)
    finding = Finding(path, InternalError.code, InternalError.name, InternalError.severity, pos, pos, message)
    error = {"path": path, "code": InternalError.code, "message": message, "rule": rule.code,
             "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))}
    return finding, error


def checked(findings: Iterable[Any] | None, path: str | None = None, rule: "Rule | None" = None,
            doc: Document | None = None) -> Iterable[Finding]:
    """A rule's findings, refusing anything else, and with ``path`` a finding for another file
    (reported as that rule's crash, not the run's). With ``rule``, a finding must carry its code and
    a valid severity, its span must not end before it starts, and, with ``doc``, lie within the
    article: a finding that breaks this is the rule's crash, so that no reporter meets it."""
    for f in findings or ():
        if not isinstance(f, Finding):
            shown = repr(f)
            shown = shown if len(shown) <= 40 else shown[:39] + "\u2026"
            raise TypeError(f"it gave {shown}, which is not a finding (build findings with self.finding)")
        if path is not None and f.path != path:
            raise ValueError(f"it reported a finding for {f.path} while checking {path} (build findings with "
                             "self.finding(doc, ...))")
        if rule is not None:
            problem = invalid_finding(f, rule, doc)
            if problem:
                raise ValueError(f"it gave an invalid finding: {problem} (build findings with self.finding)")
        yield f


def invalid_finding(f: Finding, rule: "Rule", doc: Document | None = None) -> str:
    """What is wrong with ``f`` as a finding of ``rule`` (in ``doc``, when given), or ``""``."""
    if f.code != rule.code:
        return f"its code is {_short(f.code)}, not the rule's {rule.code}"
    if not isinstance(f.severity, Severity):
        return f"its severity is {_short(f.severity)}, not one of {', '.join(s.value for s in Severity)}"
    if not isinstance(f.message, str):
        return f"its message is {_short(f.message)}, not text"
    if f.confidence is not None and not (isinstance(f.confidence, (int, float)) and 0 <= f.confidence <= 1):
        return f"its confidence is {_short(f.confidence)}, not a number from 0 to 1"
    spans = [("start", f.start), ("end", f.end)]
    for label, pos in spans:
        if not (isinstance(pos, Position) and all(isinstance(v, int) and not isinstance(v, bool)
                                                  for v in (pos.offset, pos.line, pos.column))):
            return f"its {label} is {_short(pos)}, not a position"
        where = f"(line {pos.line}, column {pos.column}, offset {pos.offset})"
        if pos.offset < 0 or pos.line < 1 or pos.column < 1:
            return f"its {label} {where} is before the start of the file"
        if doc is not None and doc.position(pos.offset) != pos:
            return f"its {label} {where} is not a place in the file"
    if (f.end.offset, f.end.line, f.end.column) < (f.start.offset, f.start.line, f.start.column):
        return f"it ends (line {f.end.line}, column {f.end.column}) before it starts (line {f.start.line}, " \
               f"column {f.start.column})"
    return ""


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:59] + "\u2026"


def _engine_finding(rule: type["Rule"], path: str, message: str, pos: Position = Position(0, 1, 1),
                    severity: Severity | None = None) -> Finding:
    return Finding(path, rule.code, rule.name, severity or rule.severity, pos, pos, message)


def measured(rule: "Rule", doc: Document) -> dict[str, Any]:
    """What ``rule.measure`` gave, refusing anything but a dict of names (a rule's crash, not the run's)."""
    figures = rule.measure(doc)
    if figures is None:
        return {}
    if not isinstance(figures, dict) or not all(isinstance(key, str) for key in figures):
        shown = repr(figures)
        shown = shown if len(shown) <= 40 else shown[:39] + "\u2026"
        raise TypeError(f"measure() gave {shown}, which is not a dict of names to values")
    return figures


def add_figures(stats: dict[str, Any], rule: "Rule", figures: dict[str, Any]) -> None:
    """Put a rule's figures in the file's ``stats``.

    A plugin's rule gets a table of its own, ``stats[CODE]``, so that it can overwrite neither the
    engine's figures nor another rule's. The built-in rules keep the top-level keys the JSON output
    has always had (a test checks that they collide with nothing).
    """
    if is_reserved(rule.code):
        stats.update(figures)
    elif figures:
        stats[rule.code] = dict(figures)


def check_document(item: Input, checker: Checker | None = None) -> tuple[FileResult, Document | None]:
    """Load one file and run every per-document rule on it (``checker``: the worker's, by default)."""
    checker = checker or _CHECKER
    result = FileResult(item.path)
    try:
        data = read_input(item)
        doc = document_module.load(item.path, data, item.format)
    except UnreadableError as exc:
        message = f"{item.path} {exc.message}"
        result.findings.append(_engine_finding(UnreadableFile, item.path, message))
        result.errors.append({"path": item.path, "code": UnreadableFile.code, "message": message})
        return result, None
    found = suppressions.collect(doc)
    # most articles have none: no set to keep for each of them (a run of 100,000 kept 19 MB of empty ones)
    result.suppressions = found if found.items else None
    # the main process parses the article again from the same bytes if a per-run rule asks (handles)
    result.digest = content_digest(data)
    if doc.text.strip() == "":
        message = f"{item.path} is empty: there is nothing to check"
        result.errors.append({"path": item.path, "code": UnreadableFile.code, "message": message})
        result.findings.append(_engine_finding(UnreadableFile, item.path, message, severity=Severity.ERROR))
        if checker.keep_views:
            result.document = DocumentView.of(doc)
        return result, (doc if checker.keep_documents else None)
    for offset, message in doc.front_matter_errors:
        result.findings.append(_engine_finding(InvalidFrontMatter, item.path, message, doc.position(offset)))
    result.stats.update({"words": sum(1 for _ in doc.words()), "sentences": sum(1 for _ in doc.sentences()),
                         "paragraphs": len(doc.paragraphs)})  # the ENGINE_STATS
    for packed, exc in checker.broken:
        finding, error = crash(packed, item.path, exc, doc, "could not be set up in a worker process")
        result.findings.append(finding)
        result.errors.append(error)
    figures: list[ParagraphFigures] = []
    limit = checker.time_limit
    for rule in checker.rules:
        t0 = time.perf_counter()
        try:
            # all or nothing: a rule that crashes half-way adds no finding, figure or fix for this file
            with time_limit(limit):
                found = list(valid_fixes(checked(rule.check(doc), item.path, rule, doc), doc))
                measures = measured(rule, doc)
                charted = list(rule.figures_by_paragraph(doc)) if checker.keep_views else []
        except BaseException as exc:  # a crashing rule must not stop the run (nor sys.exit in it)
            if not is_fault(exc):
                raise
            finding, error = crash(rule, item.path, exc, doc, FIX_FAILED if isinstance(exc, InvalidFix) else None)
            result.findings.append(finding)
            result.errors.append(error)
        else:
            result.findings.extend(found)
            add_figures(result.stats, rule, measures)
            # rules that share an analysis give the same figures
            figures.extend(figure for figure in charted if figure not in figures)
        result.timings[rule.code] = result.timings.get(rule.code, 0.0) + time.perf_counter() - t0
    for packed, prep in checker.preparations:
        t0 = time.perf_counter()
        try:
            with time_limit(limit):
                result.prepared[prep.key] = prep.function(doc)
        except BaseException as exc:
            if not is_fault(exc):
                raise
            finding, error = crash(packed, item.path, exc, doc)
            result.findings.append(finding)
            result.errors.append(error)
        result.timings[packed.code] = result.timings.get(packed.code, 0.0) + time.perf_counter() - t0
    if checker.keys:
        from ..baseline import spans_of, with_keys

        result.findings = with_keys(result.findings, spans_of(doc.text))
    if checker.keep_views:
        result.document = DocumentView.of(doc, figures)
    # what the rules derived from this document is not needed again until the per-run rules ask
    doc.cache.clear()
    return result, (doc if checker.keep_documents else None)
