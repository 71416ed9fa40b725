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
from ..suppressions import unused_judge
from .context import RunContext, empty_archives
from .filters import filter_findings
from .fixes import fixed_text, valid_fixes, write_fixes
from .handles import KEEP_ALL_UP_TO, DocumentHandle, Parsed
from .inputs import Input
from .limits import is_fault, time_limit
from .results import FileResult, RunResult
from .worker import Plan, check_document, checked, crash, init_worker, pack, plan_preparations, pool_chunk, unpack

if TYPE_CHECKING:  # pragma: no cover
    from ..baseline import Baseline
    from ..config import Settings
    from ..document import Document
    from ..rule import Rule

#: after this many files in a row that ended the worker checking them again, the rest of the files
#: lost with a worker are not checked again (NL000 each): a plugin that ends every process it runs in
#: would otherwise cost a process start per file
GIVE_UP_AFTER = 20
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
                    with time_limit(settings.rule_timeout):
                        rule = cls(settings.options_for(code), settings)
                except ConfigError:
                    raise
                except BaseException as exc:  # sys.exit or a hang in a plugin's rule is its failure
                    if not is_fault(exc):
                        raise
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
    plan_fixes: bool = False,
) -> RunResult:
    """Check ``inputs`` with the selected ``rules``; the result is the same for any ``jobs``.

    ``start_method`` is how worker processes start (see ``START_METHOD_ENV``, its default);
    ``documents`` gives each file result a ``DocumentView`` (for a report that shows the articles);
    ``progress(done, total)`` is called as each file's own checks finish; ``keys`` gives each
    finding its key (``newslint.baseline``); ``baseline`` hides the findings it records (keys implied);
    ``plan_fixes`` gives each file with fixes what ``fix`` would write, and writes nothing.
    """
    keys = keys or baseline is not None
    setup_errors: list[dict[str, str]] = []
    active = instantiate(rules, settings, setup_errors)
    alone = len(inputs) < 2 and not settings.archive
    jobs = jobs or os.cpu_count() or 1
    pooled = _pooled(inputs, jobs)
    plan, active = _plan(active, alone, fix or plan_fixes or show_source, setup_errors, send_builtins=pooled, keep_views=documents,
                         keys=keys)
    run_rules = [r for r in active if r.has_run_check()]
    # the documents stay in memory only for a small run in this process (``keeps_documents``)
    plan = replace(plan, keep_documents=plan.keep_documents and keeps_documents(inputs, jobs),
                   time_limit=settings.rule_timeout)
    file_timings: dict[str, float] = {}
    pairs = _check_documents(inputs, plan, jobs if pooled else 1,
                             start_method or os.environ.get(START_METHOD_ENV) or None, setup_errors, progress,
                             file_timings)

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
    ran = {r.code for r in active} | {cls.code for cls in rules.values() if is_reserved(cls.code)
                                      and not (cls.has_document_check() or cls.has_run_check())
                                      and is_selected(cls, settings)}
    ran -= {e["rule"] for e in run_errors if "rule" in e}  # a per-run rule that crashed
    default_on = {code for code, cls in rules.items() if cls.default_enabled}
    recheck = _rechecker(inputs, plan, settings, names, keys, baseline, stale_codes,
                         unused_judge(names, default_on, ran)) if fix or plan_fixes else None
    for result in results:
        doc = docs.get(result.path)
        # a rule that crashed on this file did not look at it
        judged = unused_judge(names, default_on, ran - {e["rule"] for e in result.errors if "rule" in e})
        result.findings = filter_findings(result, settings, names, report_unused, keys, judged)
        if baseline is not None:
            baseline.apply(result, stale_codes, report_stale)
        _front_matter_errors(result)
        if fix and doc is not None and result.path not in from_stdin and any(f.fix for f in result.findings):
            write_fixes(result, doc, recheck)
        elif plan_fixes and doc is not None and any(f.fix for f in result.findings):
            result.planned = fixed_text(result.path, doc.text, result.findings, recheck)
        if show_source and doc is not None:
            result.findings = [_with_source(f, doc) for f in result.findings]
        result.findings.sort(key=lambda f: f.sort_key)
    timings: dict[str, float] = dict(run_timings)
    for code, t in file_timings.items():
        timings[code] = timings.get(code, 0.0) + t
    return RunResult(results, run_errors, rules, timings, notes, warnings=warnings,
                     baseline=shown(baseline.path) if baseline is not None else None,
                     hidden=baseline.hidden if baseline is not None else 0)


def _rechecker(inputs: Sequence[Input], plan: Plan, settings: "Settings", names: dict[str, str], keys: bool,
               baseline: "Baseline | None", stale_codes: set[str], judged) -> Callable[[str, str], list[Finding]]:
    """``recheck(path, text)``: the findings the per-document rules make on a fixed text, after the
    same filters (suppressions, ignores, the baseline), so that ``--fix`` can apply what its own
    fixes exposed ("he ,, said" fixed leaves "he , said") in the same run. The rules are unpacked in
    this process once, on first use."""
    by_path = {item.path: item for item in inputs}
    checker: list = []

    def recheck(path: str, text: str) -> list[Finding]:
        if not checker:
            checker.append(unpack(replace(plan, keep_documents=False, keep_views=False)))
        item = by_path.get(path, Input(path))
        again, _ = check_document(replace(item, data=text.encode("utf-8")), checker[0])
        if again.errors:  # a rule that crashed or ran out of time on the fixed text: no more fixes
            return []
        again.findings = filter_findings(again, settings, names, False, keys, judged)
        if baseline is not None:
            baseline.apply(again, stale_codes, False)
        return again.findings

    return recheck


def _front_matter_errors(result: FileResult) -> None:
    """Front matter that cannot be read (NL003, still reported after the filters) is a problem with
    the file, not a finding about its text: the run's exit code is 2, as for a file that cannot be read."""
    for f in result.findings:
        if f.code == InvalidFrontMatter.code:
            result.errors.append({"path": result.path, "code": f.code, "message": f"{result.path}: {f.message}"})


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
                     timings: dict[str, float]) -> list[tuple[FileResult, "Document | None"]]:
    """Check each input: in a pool of ``jobs`` processes when ``jobs`` is more than one. Each
    file's rule timings are added up in ``timings`` as its result arrives, and left out of it: a
    run of 100,000 files would otherwise keep some thirty figures for each."""
    def reported(pairs: Iterable[tuple[FileResult, "Document | None"]]) -> list[tuple[FileResult, "Document | None"]]:
        done = []
        for pair in pairs:
            own = pair[0].timings
            for code, t in own.items():
                timings[code] = timings.get(code, 0.0) + t
            own.clear()
            done.append(pair)
            if progress is not None:
                progress(len(done), len(inputs))
        return done

    if jobs > 1:
        # only runs with many files pay for these imports
        import multiprocessing

        try:
            context = multiprocessing.get_context(start_method)
        except ValueError:
            errors.append(_engine_error(f"{START_METHOD_ENV}={start_method} is not a start method here (expected "
                                        f"one of {', '.join(multiprocessing.get_all_start_methods())}); "
                                        "the files were checked with the default one"))
            context = multiprocessing.get_context()
        return reported(_in_pool(inputs, plan, jobs, context, errors))
    checker = unpack(plan)
    return reported(check_document(item, checker) for item in inputs)


def _in_pool(inputs: Sequence[Input], plan: Plan, jobs: int, context, errors: list[dict[str, str]],
             ) -> Iterable[tuple[FileResult, "Document | None"]]:
    """Check ``inputs`` in a pool of ``jobs`` processes, yielding each result as its chunk is done.

    A worker that dies (killed, out of memory, ``os._exit`` in a plugin, a crash in C code) breaks
    the pool: the results already back are kept, and the files that were lost with it are checked
    again one at a time in a worker process of their own (not in this one, where a rule that ends
    its process would end the run), started afresh after each death. A file that ends its worker
    again is NL000; the run's exit code is 2 either way.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    size = max(1, len(inputs) // (jobs * 8))
    chunks = [list(inputs[i:i + size]) for i in range(0, len(inputs), size)]
    lost: list[Input] = []
    broken = None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=init_worker,
                             initargs=(plan,)) as pool:
        futures = {pool.submit(pool_chunk, chunk): chunk for chunk in chunks}
        try:
            for future in as_completed(futures):
                yield from future.result()
                del futures[future]
        except BrokenProcessPool:
            broken = _how_it_ended(pool)
            for future, chunk in futures.items():
                if future.done() and not future.cancelled() and future.exception() is None:
                    yield from future.result()
                else:
                    lost.extend(chunk)
    if broken is None:
        return
    failed = in_a_row = skipped = 0
    retry = None
    try:
        for item in lost:
            if in_a_row >= GIVE_UP_AFTER:  # every file ends its worker: starting more would only take time
                skipped += 1
                yield _lost_file(item.path, f" while {GIVE_UP_AFTER} files in a row ended theirs", tried=False), None
                continue
            if retry is None:
                retry = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=init_worker,
                                            initargs=(plan,))
            try:
                yield from retry.submit(pool_chunk, [item]).result()
                in_a_row = 0
            except BrokenProcessPool:
                failed += 1
                in_a_row += 1
                why = _how_it_ended(retry)
                retry.shutdown(wait=True)
                retry = None
                yield _lost_file(item.path, why), None
    finally:
        if retry is not None:
            retry.shutdown(wait=True)
    tried = len(lost) - skipped
    message = (f"a worker process stopped unexpectedly{broken}; of the {len(lost)} file{'s' if len(lost) != 1 else ''} "
               f"whose results were lost with it, {tried} {'were' if tried != 1 else 'was'} checked again one at a time")
    if failed:
        message += f", and {failed} of them stopped its worker again (NL000 on each)"
    if skipped:
        message += (f"; the other {skipped} {'were' if skipped != 1 else 'was'} not, after {GIVE_UP_AFTER} in a row "
                    "had (NL000 on each)")
    errors.append(_engine_error(message))


def _how_it_ended(pool) -> str:
    """How the dead worker of ``pool`` ended (" (killed by SIGKILL...)"), or ``""`` when not known
    (the pool may already have let go of it). The pool stops its other workers with SIGTERM once one
    dies: that says nothing of the one that died, so it is never given as the reason."""
    import signal

    codes = []
    try:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.join(1)
            if process.exitcode and process.exitcode != -signal.SIGTERM:
                codes.append(process.exitcode)
    except Exception:  # pragma: no cover - the pool's internals changed
        return ""
    for code in codes:
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f" (killed by {name}{', perhaps for want of memory' if -code == signal.SIGKILL else ''})"
        return f" (it exited with code {code})"
    return ""


def _lost_file(path: str, why: str, tried: bool = True) -> FileResult:
    from ..core_rules import InternalError
    from ..findings import Position

    if tried:
        message = (f"the worker process checking {path} stopped unexpectedly{why}, twice, so this file was not "
                   "checked (a rule or plugin ended its process, or the process ran out of memory)")
    else:
        message = (f"the worker process checking {path} stopped unexpectedly, and it was not checked again{why} "
                   "(a rule or plugin ended its process, or the processes ran out of memory)")
    pos = Position(0, 1, 1)
    result = FileResult(path)
    result.findings.append(Finding(path, InternalError.code, InternalError.name, InternalError.severity, pos, pos,
                                   message))
    result.errors.append({"path": path, "code": InternalError.code, "message": message})
    return result


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
    # in the order of the paths, not of the workers' answers: the per-run rules see the articles
    # in one order whatever the number of processes, so that their findings do not change with it
    return {r.path: DocumentHandle(r.path, by_path.get(r.path, Input(r.path)), r.digest, parsed, d)
            for r, d in sorted(pairs, key=lambda pair: pair[0].path) if r.digest is not None}


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
        _run_rules(run_rules, documents, context, by_path, errors, timings, docs, keys)
    finally:
        if collecting:
            gc.enable()
    errors.extend(context.errors)
    notes.extend(context.notes)
    warnings.extend(context.warnings)
    return errors


def _run_rules(run_rules, documents, context, by_path, errors, timings, docs, keys=False) -> None:
    """``docs``: the documents by path, to check the findings' spans and, with ``keys``, to give the
    findings their keys from their text."""
    keyed_by = docs if keys else None
    context_documents = {d.path: d for d in documents}
    for rule in run_rules:
        t0 = time.perf_counter()
        try:
            # all or nothing, as for a document: a rule that crashes half-way adds no finding. No
            # time limit here: comparing the files (and indexing an archive the first time) takes
            # as long as the run is large, which no per-file figure bounds
            found = list(_in_run(checked(rule.check_run(documents, context), rule=rule), by_path, docs))
            for path, findings in _by_path([f for f in found if f.fix is not None]).items():
                if path not in context_documents:
                    raise InvalidFix(f"it suggested a fix for {path}, which has no text")
                list(valid_fixes(findings, context_documents[path]))
        except BaseException as exc:
            if not is_fault(exc):
                raise
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


def _in_run(findings: Iterable[Finding], by_path: dict[str, FileResult],
            docs: dict[str, DocumentHandle] | None = None) -> Iterable[Finding]:
    """Per-run findings, refusing one for a file the run did not check (it would have nowhere to go),
    and, with ``docs``, one whose span is not in its file."""
    for f in findings:
        if f.path not in by_path:
            raise ValueError(f"it reported a finding for {f.path}, which is not one of the files checked in this "
                             "run (point at other files with related=)")
        doc = None
        if docs is not None and f.path in docs:
            try:
                doc = docs[f.path].lines  # its text and lines: no need to parse it again
            except Exception:  # changed since it was checked: reported where it is read for good
                doc = None
        if doc is not None:
            for label, pos in (("start", f.start), ("end", f.end)):
                if doc.position(pos.offset) != pos:
                    raise ValueError(f"it gave an invalid finding: its {label} (line {pos.line}, column "
                                     f"{pos.column}) is not a place in {f.path}")
        yield f


def _with_source(f: Finding, doc: "Document") -> Finding:
    last = doc.line_text(f.end.line) if f.end.line > f.start.line else None
    return replace(f, source_line=doc.line_text(f.start.line), source_last_line=last)


def version_info() -> str:
    return f"Python {sys.version.split()[0]}"
