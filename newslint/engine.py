"""Run the selected rules over a set of files and collect filtered, sorted findings.

Per-document rules run in a process pool (``jobs``); per-run rules then see every document in the
main process. Selection, severity overrides, per-file ignores and inline suppressions are applied
here, once, so that every reporter shows the same thing.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from . import document as document_module
from . import suppressions
from .config import Settings, is_selected
from .core_rules import InternalError, InvalidFrontMatter, UnreadableFile, UnusedSuppression
from .document import Document, UnreadableFile as UnreadableError
from .findings import Finding, Position, Severity
from .rule import Rule

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
STDIN = "-"
#: below this many files a process pool costs more than it saves
POOL_THRESHOLD = 16


@dataclass
class Input:
    """One thing to check: a path on disk, or text from standard input under a display name."""

    path: str
    data: bytes | None = None
    format: str | None = None


@dataclass
class FileResult:
    """What the run found in one file: its findings, figures, problems and applied fixes."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    #: plain-language problems with this file: {"path", "code", "message"} (+ "traceback")
    errors: list[dict[str, str]] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    suppressions: "suppressions.SuppressionSet | None" = None
    #: what rules' ``prepare`` returned for this file, by rule code
    prepared: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunResult:
    """What a run found: a result per file (sorted by path), the run's own problems, the rules."""

    files: list[FileResult]
    errors: list[dict[str, str]]
    rules: dict[str, type[Rule]]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    def exit_code(self, fail_on: Severity) -> int:
        if self.errors or any(r.errors for r in self.files):
            return 2
        if any(f.severity.rank >= fail_on.rank for f in self.findings):
            return 1
        return 0


# --- inputs -----------------------------------------------------------------------------------

def expand_paths(paths: Sequence[str], settings: Settings) -> list[str]:
    """Files to check: directories recursed for articles (hidden folders skipped), excludes applied.

    A path that does not exist is kept so that it is reported as unreadable.
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = os.path.normcase(os.path.abspath(p))
        if key not in seen:
            seen.add(key)
            out.append(p)

    for raw in paths:
        if raw == STDIN:
            add(raw)
            continue
        if os.path.isdir(raw):
            for root, dirs, files in os.walk(raw):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not settings.is_excluded(os.path.join(root, d)))
                for name in sorted(files):
                    # "check ." reports "news/a.md", not "./news/a.md"
                    full = os.path.normpath(os.path.join(root, name))
                    if name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith(".") and not settings.is_excluded(full):
                        add(full)
        elif not settings.is_excluded(raw):
            add(raw)
    return out


def read_input(item: Input) -> bytes:
    if item.data is not None:
        return item.data
    try:
        with open(item.path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise UnreadableError("does not exist") from None
    except IsADirectoryError:
        raise UnreadableError("is a folder, not a file") from None
    except PermissionError:
        raise UnreadableError("cannot be opened: permission denied") from None
    except OSError as exc:
        raise UnreadableError(f"cannot be read: {(exc.strerror or type(exc).__name__).lower()}") from None


# --- the run context for per-run rules --------------------------------------------------------

@dataclass
class ArchiveEntry:
    """A file of the archive. ``read``/``load`` raise ``UnreadableFile`` with a plain message."""

    path: str
    size: int
    mtime_ns: int

    def read(self) -> bytes:
        return read_input(Input(self.path))

    def load(self, data: bytes | None = None) -> Document:
        return document_module.load(self.path, self.read() if data is None else data)


class RunContext:
    """What a per-run rule may use besides the run's documents: settings, archive, shared state."""

    def __init__(self, settings: Settings, documents: Sequence[Document],
                 prepared: dict[str, dict[str, Any]] | None = None) -> None:
        self.settings = settings
        self.documents = documents
        self._prepared = prepared or {}
        self.errors: list[dict[str, str]] = []
        self._shared: dict[Any, Any] = {}
        self._archive: list[ArchiveEntry] | None = None

    @property
    def cache_dir(self) -> Path:
        return self.settings.effective_cache_dir

    def prepared(self, code: str) -> dict[str, Any]:
        """What rule ``code``'s ``prepare`` returned, by document path (empty if it did not run)."""
        return self._prepared.get(code, {})

    def has_shared(self, key: Any) -> bool:
        """Whether ``shared(key, ...)`` has already been built in this run."""
        return key in self._shared

    def shared(self, key: Any, factory: Callable[[], Any]) -> Any:
        """Build something once per run (an index several rules use) and share it."""
        if key not in self._shared:
            self._shared[key] = factory()
        return self._shared[key]

    def report_error(self, path: str, message: str, code: str = "NL002") -> None:
        """Report a problem with a file that is not one of the run's articles (an archive file)."""
        entry = {"path": path, "code": code, "message": message}
        if entry not in self.errors:
            self.errors.append(entry)

    def archive(self) -> list[ArchiveEntry]:
        """The archive's article files, minus the files being checked. Bad paths are reported."""
        if self._archive is None:
            own = {os.path.realpath(d.path) for d in self.documents}
            entries: list[ArchiveEntry] = []
            seen: set[str] = set()
            for root in self.settings.archive:
                if not root.exists():
                    self.report_error(str(root), f"archive {root} does not exist")
                    continue
                for path in expand_paths([str(root)], self.settings):
                    real = os.path.realpath(path)
                    if real in own or real in seen:
                        continue
                    seen.add(real)
                    try:
                        st = os.stat(path)
                    except OSError as exc:
                        self.report_error(path, f"archive file {path} cannot be read: {(exc.strerror or '').lower()}")
                        continue
                    entries.append(ArchiveEntry(path, st.st_size, st.st_mtime_ns))
            self._archive = entries
        return self._archive


# --- per-document work (runs in worker processes) ---------------------------------------------

@dataclass
class _Plan:
    """What each worker process needs: the rules, set up, and whether to send documents back."""

    rules: list[Rule]
    #: send the parsed documents back to the main process (per-run rules, fixes and
    #: --show-source need them; pickling them costs about as much as parsing)
    keep_documents: bool


_PLAN: _Plan | None = None


def _init_worker(plan: _Plan) -> None:
    global _PLAN
    _PLAN = plan


def _crash(rule: Rule | type[Rule], path: str, exc: BaseException, doc: Document | None) -> tuple[Finding, dict]:
    import traceback  # here, not at the top: only a crash needs it

    from .plugins import BUILTIN_PLUGINS

    where = f" (from {rule.plugin})" if rule.plugin and rule.plugin not in BUILTIN_PLUGINS else ""
    message = (f"rule {rule.code} ({rule.name}){where} crashed on this file: {type(exc).__name__}: {exc}"
               "; run with --verbose for details")
    pos = doc.position(0) if doc else Position(0, 1, 1)
    finding = Finding(path, InternalError.code, InternalError.name, InternalError.severity, pos, pos, message)
    error = {"path": path, "code": InternalError.code, "message": message,
             "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))}
    return finding, error


def _checked(findings: Iterable[Any] | None) -> Iterable[Finding]:
    """A rule's findings, refusing anything else (reported as that rule's crash, not the run's)."""
    for f in findings or ():
        if not isinstance(f, Finding):
            shown = repr(f)
            shown = shown if len(shown) <= 40 else shown[:39] + "\u2026"
            raise TypeError(f"it gave {shown}, which is not a finding (build findings with self.finding)")
        yield f


def check_document(item: Input, plan: _Plan | None = None) -> tuple[FileResult, Document | None]:
    """Load one file and run every per-document rule on it."""
    plan = plan or _PLAN
    result = FileResult(item.path)
    try:
        doc = document_module.load(item.path, read_input(item), item.format)
    except UnreadableError as exc:
        message = f"{item.path} {exc.message}"
        pos = Position(0, 1, 1)
        result.findings.append(Finding(item.path, UnreadableFile.code, UnreadableFile.name, UnreadableFile.severity, pos, pos, message))
        result.errors.append({"path": item.path, "code": UnreadableFile.code, "message": message})
        return result, None
    result.suppressions = suppressions.collect(doc)
    if doc.text.strip() == "":
        result.errors.append({"path": item.path, "code": UnreadableFile.code,
                              "message": f"{item.path} is empty: there is nothing to check"})
        pos = Position(0, 1, 1)
        result.findings.append(Finding(item.path, UnreadableFile.code, UnreadableFile.name, Severity.ERROR, pos, pos,
                                       f"{item.path} is empty: there is nothing to check"))
        return result, (doc if plan.keep_documents else None)
    for offset, message in doc.front_matter_errors:
        pos = doc.position(offset)
        result.findings.append(Finding(item.path, InvalidFrontMatter.code, InvalidFrontMatter.name,
                                       InvalidFrontMatter.severity, pos, pos, message))
    result.stats.update({"words": sum(1 for _ in doc.words()), "sentences": sum(1 for _ in doc.sentences()),
                         "paragraphs": len(doc.paragraphs)})
    for rule in plan.rules:
        if not rule.has_document_check():
            continue
        t0 = time.perf_counter()
        try:
            result.findings.extend(_checked(rule.check(doc)))
            result.stats.update(rule.measure(doc))
            if rule.has_prepare():
                result.prepared[rule.code] = rule.prepare(doc)
        except Exception as exc:  # a crashing rule must not stop the run
            finding, error = _crash(rule, item.path, exc, doc)
            result.findings.append(finding)
            result.errors.append(error)
        result.timings[rule.code] = result.timings.get(rule.code, 0.0) + time.perf_counter() - t0
    result.suppressions = suppressions.collect(doc)
    return result, (doc if plan.keep_documents else None)


def _worker(item: Input) -> tuple[FileResult, Document | None]:
    return check_document(item)


# --- the run ----------------------------------------------------------------------------------

def instantiate(rules: dict[str, type[Rule]], settings: Settings,
                errors: list[dict[str, str]] | None = None) -> list[Rule]:
    """The selected rules, set up with their options.

    A rule that raises ``ConfigError`` while setting up stops the run (its configuration is wrong);
    one that raises anything else is left out and reported in ``errors`` as NL000.
    """
    from .config import ConfigError

    enabled = []
    for code, cls in rules.items():
        if cls.has_document_check() or cls.has_run_check():
            if is_selected(cls, settings):
                try:
                    enabled.append(cls(settings.rule_options.get(code, {}), settings))
                except ConfigError:
                    raise
                except Exception as exc:
                    _, error = _crash(cls, "(all files)", exc, None)
                    error["message"] = error["message"].replace("crashed on this file", "could not start, so it did not run")
                    if errors is not None:
                        errors.append(error)
    return enabled


def run(
    inputs: Sequence[Input],
    rules: dict[str, type[Rule]],
    settings: Settings,
    *,
    jobs: int | None = None,
    fix: bool = False,
    show_source: bool = False,
) -> RunResult:
    setup_errors: list[dict[str, str]] = []
    active = instantiate(rules, settings, setup_errors)
    run_rules = [r for r in active if r.has_run_check()]
    plan = _Plan(active, keep_documents=bool(run_rules) or fix or show_source)
    jobs = jobs or os.cpu_count() or 1
    pairs: list[tuple[FileResult, Document | None]]
    if jobs > 1 and len(inputs) >= POOL_THRESHOLD and all(i.data is None for i in inputs):
        from concurrent.futures import ProcessPoolExecutor  # only runs with many files pay for it

        chunk = max(1, len(inputs) // (jobs * 8))
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(plan,)) as pool:
            pairs = list(pool.map(_worker, inputs, chunksize=chunk))
    else:
        pairs = [check_document(item, plan) for item in inputs]

    # reports are sorted by path, whatever the order of the arguments
    results = sorted((r for r, _ in pairs), key=lambda r: r.path)
    docs = {r.path: d for r, d in pairs if d is not None}
    run_errors: list[dict[str, str]] = setup_errors
    run_timings: dict[str, float] = {}
    if run_rules:
        documents = [d for d in docs.values() if d.text.strip()]
        prepared: dict[str, dict[str, Any]] = {}
        for r in results:
            for code, value in r.prepared.items():
                prepared.setdefault(code, {})[r.path] = value
            r.prepared = {}
        context = RunContext(settings, documents, prepared)
        by_path = {r.path: r for r in results}
        for rule in run_rules:
            t0 = time.perf_counter()
            try:
                for finding in _checked(rule.check_run(documents, context)):
                    target = by_path.get(finding.path)
                    if target is not None:
                        target.findings.append(finding)
            except Exception as exc:
                _, error = _crash(rule, "(all files)", exc, None)
                error["message"] = error["message"].replace("on this file", "while comparing the files")
                run_errors.append(error)
            run_timings[rule.code] = run_timings.get(rule.code, 0.0) + time.perf_counter() - t0
        run_errors.extend(context.errors)

    # text read from standard input has no file to write fixes back to
    from_stdin = {item.path for item in inputs if item.data is not None}
    names = {code: cls.name for code, cls in rules.items()}
    report_unused = is_selected(UnusedSuppression, settings)
    for result in results:
        doc = docs.get(result.path)
        result.findings = _filter(result, settings, names, report_unused)
        if fix and doc is not None and result.path not in from_stdin:
            _apply_fixes(result, doc)
        if show_source and doc is not None:
            result.findings = [_with_source(f, doc) for f in result.findings]
        result.findings.sort(key=lambda f: f.sort_key)
    timings: dict[str, float] = dict(run_timings)
    for r in results:
        for code, t in r.timings.items():
            timings[code] = timings.get(code, 0.0) + t
    return RunResult(results, run_errors, rules, timings)


def _filter(result: FileResult, settings: Settings, names: dict[str, str],
            report_unused: bool) -> list[Finding]:
    findings = result.findings
    # The engine's own error codes always reach the user; everything else obeys the filters.
    always = [f for f in findings if f.code in (InternalError.code, UnreadableFile.code)]
    rest = [f for f in findings if f.code not in (InternalError.code, UnreadableFile.code)]
    rest = [f for f in rest if f.code in names and is_selected_code(f.code, settings)]
    rest = suppressions.per_file_filter(rest, settings.ignored_for_file(result.path), names)
    supp = result.suppressions
    if supp is not None:
        rest = supp.filter(rest, names)
        if report_unused and UnusedSuppression.code not in settings.ignored_for_file(result.path):
            for s in supp.items:
                unknown = [c for c in s.codes if not _names_a_rule(c, names)]
                if unknown:
                    listed = ", ".join(unknown)
                    message = (f"this suppression names {listed}, which "
                               f"{'is not a rule' if len(unknown) == 1 else 'are not rules'} newslint knows; "
                               "check the spelling (`newslint rules` lists them)")
                elif not s.used:
                    what = ", ".join(s.codes) if s.codes else "every rule"
                    message = f"this suppression ({what}) did not suppress anything; remove it"
                else:
                    continue
                rest.append(Finding(result.path, UnusedSuppression.code, UnusedSuppression.name,
                                    UnusedSuppression.severity, s.start, s.end, message))
    out = []
    for f in always + rest:
        override = settings.severity.get(f.code)
        out.append(f.with_severity(override) if override else f)
    return out


def _names_a_rule(selector: str, names: dict[str, str]) -> bool:
    """Whether a code, code prefix or name in a suppression means at least one registered rule."""
    up = selector.upper()
    return selector in names.values() or (up.startswith("NL") and any(code.startswith(up) for code in names))


def is_selected_code(code: str, settings: Settings) -> bool:
    from .core_rules import ENGINE_RULES

    for cls in ENGINE_RULES:
        if cls.code == code:
            return is_selected(cls, settings)
    return True  # rule findings only exist when the rule was selected


def _with_source(f: Finding, doc: Document) -> Finding:
    from dataclasses import replace

    return replace(f, source_line=doc.line_text(f.start.line))


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


def _apply_fixes(result: FileResult, doc: Document) -> None:
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


def version_info() -> str:
    return f"Python {sys.version.split()[0]}"
