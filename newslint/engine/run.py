"""A run: set up the selected rules, check every file (in a process pool when there are many),
run the per-run rules over all of them, then filter, fix and sort what was found."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from ..config import is_selected
from ..core_rules import InvalidFrontMatter, UnusedBaselineEntry, UnusedSuppression
from ..findings import Finding, InvalidFix
from ..paths import shown
from ..rule import is_reserved
from .context import RunContext, empty_archives
from .filters import filter_findings
from .fixes import valid_fixes, write_fixes
from .handles import KEEP_ALL_UP_TO, DocumentHandle, Parsed
from .inputs import Input
from .results import FileResult, RunResult
from .worker import Plan, check_document, checked, crash, init_worker, pack, plan_preparations, pool_worker, unpack

if TYPE_CHECKING:  # pragma: no cover
    from ..baseline import Baseline
    from ..config import Settings
    from ..document import Document
    from ..rule import Rule

#: below this many files a process pool costs more than it saves
POOL_THRESHOLD = 16
#: how worker processes start: fork, spawn (the default on macOS and Windows) or forkserver;
#: unset, the platform's default. ``spawn`` here shows on Linux what a rule does on a Mac.
START_METHOD_ENV = "NEWSLINT_START_METHOD"


def instantiate(rules: dict[str, type["Rule"]], settings: "Settings",
                errors: list[dict[str, str]] | None = None) -> list["Rule"]:
    """The selected rules, set up with their options.

    A rule that raises ``ConfigError`` while setting up stops the run (its configuration is wrong);
    one that raises anything else is left out and reported in ``errors`` as NL000.
    """
    from ..config import ConfigError

    enabled = []
    for code, cls in rules.items():
        if cls.has_document_check() or cls.has_run_check():
            if is_selected(cls, settings):
                try:
                    rule = cls(settings.options_for(code), settings)
                except ConfigError:
                    raise
                except Exception as exc:
                    _, error = crash(cls, "(all files)", exc, None, "could not start, so it did not run")
                    if errors is not None:
                        errors.append(error)
                    continue
                # on the instance as well, for worker processes that import the class afresh (spawn)
                rule.plugin = cls.plugin
                enabled.append(rule)
    return enabled


def run(
    inputs: Sequence[Input],
    rules: dict[str, type["Rule"]],
    settings: "Settings",
    *,
    jobs: int | None = None,
    fix: bool = False,
    show_source: bool = False,
    start_method: str | None = None,
    documents: bool = False,
    progress: Callable[[int, int], None] | None = None,
    keys: bool = False,
    baseline: "Baseline | None" = None,
) -> RunResult:
    """Check ``inputs`` with the selected ``rules``; the result is the same for any ``jobs``.

    ``start_method`` is how worker processes start (see ``START_METHOD_ENV``, its default);
    ``documents`` gives each file result a ``DocumentView`` (for a report that shows the articles);
    ``progress(done, total)`` is called as each file's own checks finish; ``keys`` gives each
    finding its key (``newslint.baseline``); ``baseline`` hides the findings it records (keys implied).
    """
    keys = keys or baseline is not None
    setup_errors: list[dict[str, str]] = []
    active = instantiate(rules, settings, setup_errors)
    alone = len(inputs) < 2 and not settings.archive
    jobs = jobs or os.cpu_count() or 1
    pooled = _pooled(inputs, jobs)
    plan, active = _plan(active, alone, fix or show_source, setup_errors, send_builtins=pooled, keep_views=documents,
                         keys=keys)
    run_rules = [r for r in active if r.has_run_check()]
    # the documents stay in memory only for a small run in this process (``keeps_documents``)
    plan = replace(plan, keep_documents=plan.keep_documents and keeps_documents(inputs, jobs))
    pairs = _check_documents(inputs, plan, jobs if pooled else 1,
                             start_method or os.environ.get(START_METHOD_ENV) or None, setup_errors, progress)

    # reports are sorted by path, whatever the order of the arguments
    results = sorted((r for r, _ in pairs), key=lambda r: r.path)
    docs = document_handles(inputs, pairs)
    run_errors: list[dict[str, str]] = setup_errors
    run_timings: dict[str, float] = {}
    notes: list[str] = []
    warnings: list[str] = []
    if run_rules:
        warnings.extend(empty_archives(settings))
        run_errors.extend(_check_run(run_rules, results, docs, settings, run_timings, notes, warnings, keys))
        warnings = list(dict.fromkeys(warnings))  # a plugin that lists the archive hears the same

    # text read from standard input has no file to write fixes back to
    from_stdin = {item.path for item in inputs if item.data is not None}
    names = {code: cls.name for code, cls in rules.items()}
    report_unused = is_selected(UnusedSuppression, settings)
    # a baseline's stale entries are reported for the rules that look at one article at a time: the
    # others' findings depend on which articles are checked together
    stale_codes = {UnusedSuppression.code, InvalidFrontMatter.code} | {
        r.code for r in active if r.has_document_check() and not r.has_run_check()}
    report_stale = is_selected(UnusedBaselineEntry, settings)
    for result in results:
        doc = docs.get(result.path)
        result.findings = filter_findings(result, settings, names, report_unused, keys)
        if baseline is not None:
            baseline.apply(result, stale_codes, report_stale)
        if fix and doc is not None and result.path not in from_stdin and any(f.fix for f in result.findings):
            write_fixes(result, doc)
        if show_source and doc is not None:
            result.findings = [_with_source(f, doc) for f in result.findings]
        result.findings.sort(key=lambda f: f.sort_key)
    timings: dict[str, float] = dict(run_timings)
    for r in results:
        for code, t in r.timings.items():
            timings[code] = timings.get(code, 0.0) + t
    return RunResult(results, run_errors, rules, timings, notes, warnings=warnings,
                     baseline=shown(baseline.path) if baseline is not None else None,
                     hidden=baseline.hidden if baseline is not None else 0)


def _plan(active: list["Rule"], alone: bool, keep_documents: bool, errors: list[dict[str, str]],
          send_builtins: bool, keep_views: bool, keys: bool = False) -> tuple[Plan, list["Rule"]]:
    """The plan for the workers, and the rules that can run.

    A plugin's rule is always pickled, whatever the number of files, so that it behaves the same in
    a pool and out of one: one that cannot be pickled (it, or a preparation it asks for) is left out
    and reported as NL000. newslint's own rules are pickled only for a pool (``send_builtins``): the
    tests check that they behave the same either way, and a one-article run does not pay for pickle.
    """
    while True:
        run_rules = [r for r in active if r.has_run_check()]
        by_code = {r.code: r for r in active}
        packed_rules, packed_preparations, failed = [], [], {}
        for rule in active:
            if rule.has_document_check():
                try:
                    packed_rules.append(pack(rule, rule, as_is=is_reserved(rule.code) and not send_builtins))
                except Exception as exc:  # a lambda, an open file, a lock or a local class on the rule
                    failed.setdefault(rule.code, exc)
        for code, prep in plan_preparations(run_rules, alone):
            try:
                packed_preparations.append(pack(by_code[code], prep, as_is=is_reserved(code) and not send_builtins))
            except Exception as exc:
                failed.setdefault(code, exc)
        if not failed:
            plan = Plan(tuple(packed_rules), tuple(packed_preparations), bool(run_rules) or keep_documents, keep_views,
                        keys=keys)
            return plan, active
        for code, exc in failed.items():
            _, error = crash(by_code[code], "(all files)", exc, None, "cannot be sent to the worker processes, so "
                             "it did not run (keep only picklable values on the rule: no lambdas, open files or locks)")
            errors.append(error)
        # without them, the others' shared preparations are planned again
        active = [r for r in active if r.code not in failed]


def _check_documents(inputs: Sequence[Input], plan: Plan, jobs: int, start_method: str | None,
                     errors: list[dict[str, str]], progress: Callable[[int, int], None] | None,
                     ) -> list[tuple[FileResult, "Document | None"]]:
    """Check each input: in a pool of ``jobs`` processes when ``jobs`` is more than one."""
    def reported(pairs: Iterable[tuple[FileResult, "Document | None"]]) -> list[tuple[FileResult, "Document | None"]]:
        done = []
        for pair in pairs:
            done.append(pair)
            if progress is not None:
                progress(len(done), len(inputs))
        return done

    if jobs > 1:
        # only runs with many files pay for these imports
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        try:
            context = multiprocessing.get_context(start_method)
        except ValueError:
            errors.append(_engine_error(f"{START_METHOD_ENV}={start_method} is not a start method here (expected "
                                        f"one of {', '.join(multiprocessing.get_all_start_methods())}); "
                                        "the files were checked with the default one"))
            context = multiprocessing.get_context()
        chunk = max(1, len(inputs) // (jobs * 8))
        try:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=init_worker,
                                     initargs=(plan,)) as pool:
                return reported(pool.map(pool_worker, inputs, chunksize=chunk))
        except BrokenProcessPool as exc:  # a worker died (killed, out of memory, a crash in C code)
            errors.append(_engine_error(f"a worker process stopped unexpectedly ({exc}); the files were "
                                        "checked again in one process"))
    checker = unpack(plan)
    return reported(check_document(item, checker) for item in inputs)


def _engine_error(message: str) -> dict[str, str]:
    from ..core_rules import InternalError

    return {"path": "(all files)", "code": InternalError.code, "message": message}


def keeps_documents(inputs: Sequence[Input], jobs: int) -> bool:
    """Whether the checked documents stay in memory for the per-run rules, fixes and
    ``--show-source``: only for a small run checked in this process. Otherwise each is parsed
    again on demand (``handles``): pickling documents back from the workers costs about as much
    as parsing them, and a run of 100,000 would hold every one of them."""
    return not _pooled(inputs, jobs) and len(inputs) <= KEEP_ALL_UP_TO


def _pooled(inputs: Sequence[Input], jobs: int) -> bool:
    return jobs > 1 and len(inputs) >= POOL_THRESHOLD and all(i.data is None for i in inputs)


def document_handles(inputs: Sequence[Input], pairs) -> dict[str, DocumentHandle]:
    """A handle for every file that loaded, by path (``handles``)."""
    by_path = {item.path: item for item in inputs}
    parsed = Parsed()
    return {r.path: DocumentHandle(r.path, by_path.get(r.path, Input(r.path)), r.digest, parsed, d)
            for r, d in pairs if r.digest is not None}


def _check_run(run_rules: list["Rule"], results: list[FileResult], docs: dict[str, DocumentHandle],
               settings: "Settings", timings: dict[str, float], notes: list[str], warnings: list[str],
               keys: bool = False) -> list[dict[str, str]]:
    """Run the per-run rules over every document; their findings join the file results (with their
    keys, when ``keys``). Returns the run's errors; its notes and warnings are added to those lists."""
    import gc

    # a document with text: the worker counted its words (an empty one has no figures)
    has_text = {r.path for r in results if "words" in r.stats}
    documents = [d for path, d in docs.items() if path in has_text]
    prepared: dict[Any, dict[str, Any]] = {}
    for r in results:
        for key, value in r.prepared.items():
            prepared.setdefault(key, {})[r.path] = value
        r.prepared = {}
    context = RunContext(settings, documents, prepared)
    by_path = {r.path: r for r in results}
    errors = []
    # the per-run rules build millions of small objects and no cycles: left on, the collector
    # rescans them again and again, which makes this part grow faster than the run
    collecting = gc.isenabled()
    gc.disable()
    try:
        _run_rules(run_rules, documents, context, by_path, errors, timings, docs if keys else None)
    finally:
        if collecting:
            gc.enable()
    errors.extend(context.errors)
    notes.extend(context.notes)
    warnings.extend(context.warnings)
    return errors


def _run_rules(run_rules, documents, context, by_path, errors, timings, keyed_by=None) -> None:
    """``keyed_by``: the documents by path, to give the findings their keys from their text."""
    context_documents = {d.path: d for d in documents}
    for rule in run_rules:
        t0 = time.perf_counter()
        try:
            # all or nothing, as for a document: a rule that crashes half-way adds no finding
            found = list(_in_run(checked(rule.check_run(documents, context)), by_path))
            for path, findings in _by_path([f for f in found if f.fix is not None]).items():
                if path not in context_documents:
                    raise InvalidFix(f"it suggested a fix for {path}, which has no text")
                list(valid_fixes(findings, context_documents[path]))
        except Exception as exc:
            happened = ("produced an invalid fix while comparing the files, so none of its findings is kept"
                        if isinstance(exc, InvalidFix) else "crashed while comparing the files")
            _, error = crash(rule, "(all files)", exc, None, happened)
            errors.append(error)
        else:
            for path, findings in _by_path(found).items():
                target = by_path[path]
                if keyed_by is not None:
                    from ..baseline import spans_of, with_keys

                    findings = with_keys(findings, spans_of(keyed_by[path].text), taken=target.findings)
                target.findings.extend(findings)
        timings[rule.code] = timings.get(rule.code, 0.0) + time.perf_counter() - t0


def _by_path(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.path, []).append(f)
    return out


def _in_run(findings: Iterable[Finding], by_path: dict[str, FileResult]) -> Iterable[Finding]:
    """Per-run findings, refusing one for a file the run did not check (it would have nowhere to go)."""
    for f in findings:
        if f.path not in by_path:
            raise ValueError(f"it reported a finding for {f.path}, which is not one of the files checked in this "
                             "run (point at other files with related=)")
        yield f


def _with_source(f: Finding, doc: "Document") -> Finding:
    last = doc.line_text(f.end.line) if f.end.line > f.start.line else None
    return replace(f, source_line=doc.line_text(f.start.line), source_last_line=last)


def version_info() -> str:
    return f"Python {sys.version.split()[0]}"
