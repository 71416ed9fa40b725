"""The ``newslint`` command: argument parsing and nothing else."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .config import (ConfigError, RuleIndex, Settings, build_settings, check_archives, discover, is_selected,
                     read_config)
from .findings import Severity
from .paths import real, shown
from .plugins import PluginError, collect_reporters, collect_rules, get_plugin_manager

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """Plain errors, and no abbreviations of long options: an option added later must not change
    what a script's ``--stat`` meant."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # plain words, no usage dump, exit code 2
        raise UsageError(f"{message} (see `{self.prog} --help`)")

    def _get_formatter(self):
        # argparse's own formatter imports shutil (and with it bz2 and lzma) to learn the
        # terminal's width, on every run: a few per cent of a one-article check
        return self.formatter_class(prog=self.prog, width=_terminal_width() - 2)


def _terminal_width() -> int:
    """The terminal's width in columns, as ``shutil.get_terminal_size`` finds it (80 when unknown)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns or 80


COMMANDS = ("check", "rules", "explain", "archive")
#: what other linters call an option of ``check`` (ruff's and pylint's --output-format, British spelling)
OTHER_NAMES = {"--output-format": "--format", "--colour": "--color", "--no-colour": "--no-color",
               "--output": "--output-file", "--out": "--output-file"}
#: at least this many files to check before a progress line is worth showing
PROGRESS_FROM = 10


def _comma_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_parser(formats: Sequence[str] = ("text", "json", "sarif", "github", "junit")) -> argparse.ArgumentParser:
    parser = _Parser(prog="newslint", usage="newslint [COMMAND] ...",
                     description="A linter for news articles. `newslint FILE...` is short for `newslint check FILE...`.")
    parser.add_argument("--version", action="version", version=f"newslint {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    check = sub.add_parser("check", help="check articles and report problems",
                           description="Check articles (Markdown or plain text) and report problems line by line.")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="files or folders to check (folders are searched for .md, .markdown and .txt); - reads standard input")
    check.add_argument("--format", default="text", choices=sorted(formats), help="output format (default: text)")
    check.add_argument("--output-file", "-o", metavar="FILE", help="write the report to FILE instead of the screen")
    check.add_argument("--select", type=_comma_list, metavar="CODES", help="check only these rules (codes, prefixes or names, comma-separated)")
    check.add_argument("--extend-select", type=_comma_list, metavar="CODES", help="check these rules as well as the selected ones")
    check.add_argument("--ignore", type=_comma_list, metavar="CODES", help="do not check these rules")
    check.add_argument("--fail-on", choices=[s.value for s in Severity], help="lowest severity that makes the exit code 1 (default: warning)")
    check.add_argument("--exit-zero", action="store_true", help="exit with 0 even when problems are found")
    check.add_argument("--jobs", "-j", type=int, metavar="N", help="check files in N processes (default: number of CPUs)")
    check.add_argument("--statistics", action="store_true", help="count findings per rule and summarise readability per file")
    check.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary line")
    check.add_argument("--verbose", "-v", action="store_true", help="print details of internal errors")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour the output: auto (on a terminal, unless NO_COLOR is set), always or never")
    check.add_argument("--no-color", action="store_true", help="the same as --color never")
    check.add_argument("--show-source", action="store_true",
                       help="show the part of the line around each finding, with the span underlined")
    fixing = check.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true",
                        help="apply the fixes rules suggest, in place, where they do not overlap, and say what changed")
    fixing.add_argument("--diff", action="store_true",
                        help="print the fixes --fix would apply as a unified diff, and change nothing")
    check.add_argument("--config", metavar="FILE", help="use this configuration file")
    check.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    check.add_argument("--stdin-filename", metavar="NAME", help="the name to report for text read from standard input")
    check.add_argument("--archive", action="append", metavar="PATH", default=[],
                       help="compare the articles with the articles in PATH as well (repeatable)")
    check.add_argument("--cache-dir", metavar="DIR", help="where to keep the archive's fingerprints (default: .newslint_cache)")
    check.add_argument("--refresh-archive", action="store_true",
                       help="look at every archive file for changes, not only at those in folders that changed")
    check.add_argument("--no-cache", action="store_true",
                       help="index the archive in memory for this run only, and write no cache")
    check.add_argument("--timings", action="store_true", help="print the time each rule took to standard error")
    check.add_argument("--rule-timeout", type=float, metavar="SECONDS",
                       help="stop a rule that takes longer than this on one file, and report it as NL000 "
                            "(default: 30; 0: no limit); it bounds a plugin's import and set-up too")
    check.add_argument("--max-file-size", metavar="MB", type=float,
                       help="skip (as NL002) an article larger than this many megabytes (default: 20)")
    check.add_argument("--no-respect-gitignore", action="store_true",
                       help="check files that git ignores as well (.gitignore, .git/info/exclude)")
    baseline = check.add_mutually_exclusive_group()
    baseline.add_argument("--baseline", metavar="FILE",
                          help="hide the findings recorded in FILE (see --write-baseline) and report its stale entries")
    baseline.add_argument("--write-baseline", metavar="FILE",
                          help="record the findings of this run in FILE, to hide them from later runs, and report nothing")

    rules = sub.add_parser("rules", help="list every rule, its severity and whether it is on")
    rules.add_argument("--config", metavar="FILE", help="use this configuration file")
    rules.add_argument("--isolated", action="store_true", help="ignore every configuration file")

    explain = sub.add_parser("explain", help="explain a rule: what it finds, why, and what to write instead")
    explain.add_argument("rule", metavar="CODE", help="a rule code (NL101) or name (repeated-passage)")
    explain.add_argument("--config", metavar="FILE", help="use this configuration file")
    explain.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    archive = sub.add_parser("archive", help="build, update or audit the archive's index on its own",
                             description="The archive's index, which `newslint check` reads: build it from scratch, "
                                         "update it, or audit the archive (every story against every other).")
    archive.add_argument("action", choices=("build", "update", "audit"),
                         help="build: index from scratch; update: look at every file for changes; "
                              "audit: shared passages and duplicate stories across the archive")
    archive.add_argument("paths", nargs="*", metavar="PATH", help="the archive's folders (default: `archive` in the configuration)")
    archive.add_argument("--scheduler", metavar="ADDRESS",
                         help="fingerprint and compare on a Dask cluster: a scheduler's address, or `local` for one on "
                              'this machine (pip install "newslint[dask]")')
    archive.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes without --scheduler (default: number of CPUs)")
    archive.add_argument("--format", choices=("json", "html"), default="json", help="the audit's format (default: json)")
    archive.add_argument("--output-file", "-o", metavar="FILE", help="write the audit to FILE")
    archive.add_argument("--cache-dir", metavar="DIR", help="where the index is kept (default: .newslint_cache)")
    archive.add_argument("--config", metavar="FILE", help="use this configuration file")
    archive.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    parser.commands = {"check": check, "rules": rules, "explain": explain, "archive": archive}
    return parser


def load_settings(args, index: RuleIndex, paths: Sequence[str] = ()) -> tuple[Settings, list[Path]]:
    """The run's settings, and the configuration files of ``paths`` that they leave unused (one
    configuration serves a whole run: ``config.discover``)."""
    if getattr(args, "isolated", False):
        return build_settings({}, index), []
    unused: list[Path] = []
    if getattr(args, "config", None):
        path: Path | None = Path(args.config)
        if not path.is_file():
            raise ConfigError(f"{path}: configuration file not found")
    else:
        # text from standard input: its name says where it belongs
        named = [getattr(args, "stdin_filename", None) if p == "-" else p for p in paths]
        path, unused = discover([p for p in named if p])
    if path is None:
        return build_settings({}, index), unused
    path = Path(shown(path))
    return build_settings(read_config(path), index, config_path=path), unused


def _override(settings: Settings, args, index: RuleIndex) -> None:
    from .config import _selectors, max_file_size

    for attr in ("select", "extend_select", "ignore"):
        values = getattr(args, attr, None)
        if values:
            option = "--" + attr.replace("_", "-")
            resolved = _selectors(values, index, None, option, "")
            if attr == "select":
                settings.select = resolved
            else:
                getattr(settings, attr).extend(resolved)
    if args.fail_on:
        settings.fail_on = Severity.parse(args.fail_on)
    if args.archive:
        settings.archive.extend(Path(p) for p in args.archive)
    if args.cache_dir:
        settings.cache_dir = Path(args.cache_dir)
    settings.refresh_archive = getattr(args, "refresh_archive", False)
    settings.no_cache = getattr(args, "no_cache", False)
    # the archive as every path is shown (findings point into it): relative under the working directory
    settings.archive = [Path(shown(p)) for p in settings.archive]
    if args.no_respect_gitignore:
        settings.respect_gitignore = False
    if getattr(args, "max_file_size", None) is not None:
        settings.max_file_size = max_file_size(args.max_file_size, "--max-file-size")
    if args.baseline:
        settings.baseline = Path(args.baseline)
    if args.rule_timeout is not None:
        from .engine.limits import validate_timeout

        try:
            settings.rule_timeout = validate_timeout(args.rule_timeout)
        except ValueError as exc:
            raise UsageError(f"--rule-timeout: {exc}") from None


def _use_color(args, stream) -> bool:
    """``--color always`` wins over ``NO_COLOR`` (a flag given for one run beats a standing setting)."""
    if args.color == "always":
        return True
    if args.color == "never" or args.no_color or os.environ.get("NO_COLOR") or args.output_file:
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def _with_command(argv: list[str]) -> list[str]:
    """``newslint story.md`` means ``newslint check story.md``; a mistyped command is named."""
    if not argv or argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version"):
        return argv
    first = argv[0]
    if not first.startswith("-") and not os.path.exists(first) and first.isalpha():
        import difflib

        close = difflib.get_close_matches(first, COMMANDS, n=1)
        if close:
            raise UsageError(f"unknown command {first!r} (did you mean {close[0]}?)")
    return ["check", *argv]


def _parse(parser: argparse.ArgumentParser, argv: list[str]):
    """Parse ``argv``; an option newslint does not have is named with the closest one it has."""
    args, extra = parser.parse_known_args(argv)
    if not extra:
        return args
    unknown = extra[0].split("=", 1)[0]
    options = _option_names(parser, getattr(args, "command", None))
    suggestion = OTHER_NAMES.get(unknown) if OTHER_NAMES.get(unknown) in options else None
    if suggestion is None and unknown.startswith("-"):
        import difflib

        close = difflib.get_close_matches(unknown, options, n=1, cutoff=0.6)
        suggestion = close[0] if close else None
    hint = " ".join(["newslint", *([args.command] if args.command else []), "--help"])
    if suggestion:
        raise UsageError(f"{unknown}: did you mean {suggestion}? (see `{hint}`)")
    what = "unknown option" if unknown.startswith("-") else "unexpected argument"
    raise UsageError(f"{what} {unknown} (see `{hint}`)")


def _option_names(parser: argparse.ArgumentParser, command: str | None) -> list[str]:
    """The long options of ``command`` (or of ``newslint`` itself)."""
    parser = parser.commands.get(command, parser) if command else parser
    return [name for action in parser._actions for name in action.option_strings if name.startswith("--")]


def _err(message: str) -> None:
    from .reporters.printable import printable_line

    print(f"newslint: {printable_line(message)}", file=sys.stderr)


def _early_time_limit(argv: Sequence[str]) -> float | None:
    """``--rule-timeout`` as given, read before the options are (plugins load before the parser,
    which lists their output formats): it bounds their import and registration too. ``None`` when
    not given or not valid (the parser says what is wrong with it later)."""
    from .engine.limits import validate_timeout

    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--rule-timeout" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--rule-timeout="):
            value = arg.partition("=")[2]
        else:
            continue
        try:
            return validate_timeout(float(value))
        except ValueError:
            return None
    return None


def entry() -> None:
    """The ``newslint`` command and ``python -m newslint``: ``main`` in a process of its own.

    Two things only a process that is about to end may do with the cyclic garbage collector, worth
    about a sixth of a one-article check's wall time: start-up (the plug-ins, their word lists and
    expressions, the argument parser) runs with it paused and is then frozen, so that no later
    collection walks those long-lived objects again; and everything is frozen before the
    interpreter exits, whose final collections would otherwise walk every object once more only to
    free memory the operating system takes back anyway. Garbage made while checking is collected
    as usual.
    """
    code = main(_process_of_its_own=True)
    gc.freeze()
    sys.exit(code)


def main(argv: Sequence[str] | None = None, *, _process_of_its_own: bool = False) -> int:
    from .engine import limits

    argv = list(sys.argv[1:] if argv is None else argv)
    limits.install()  # a real Ctrl-C stops the run; a plugin that raises KeyboardInterrupt does not
    collecting = _process_of_its_own and gc.isenabled()
    if collecting:
        gc.disable()
    try:
        early = _early_time_limit(argv)
        pm = get_plugin_manager() if early is None else get_plugin_manager(time_limit=early)
        rules = collect_rules(pm)
        reporters = collect_reporters(pm)
        parser = build_parser(list(reporters))
        args = _parse(parser, _with_command(argv))
    except PluginError as exc:
        _err(f"error: {exc}")
        return EXIT_ERROR
    except UsageError as exc:
        _err(f"error: {exc}")
        return EXIT_ERROR
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    finally:
        if collecting:
            gc.freeze()
            gc.enable()
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    index = RuleIndex(rules)
    try:
        # a character standard output cannot encode is written as an escape, never a traceback
        sys.stdout.reconfigure(errors="backslashreplace")
    except (AttributeError, ValueError):  # replaced by something that is not a text stream
        pass
    try:
        code = _command(args, pm, rules, reporters, index)
        sys.stdout.flush()  # here, where a reader that went away is heard, not at exit
        return code
    except (ConfigError, UsageError) as exc:
        _err(f"error: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:  # `newslint rules | head -3`
        _quiet_stdout()
        return EXIT_OK


def _command(args, pm, rules, reporters, index: RuleIndex) -> int:
    if args.command == "rules":
        return cmd_rules(args, rules, index)
    if args.command == "explain":
        return cmd_explain(args, rules, index)
    if args.command == "archive":
        return cmd_archive(args, index)
    return cmd_check(args, pm, rules, reporters, index)


def _nothing_to_check(paths: Sequence[str], settings: Settings) -> str:
    excluded = [p for p in paths if p != "-" and not os.path.isdir(p) and settings.is_excluded(p)]
    if excluded and len(excluded) == len(paths):
        where = f" in {settings.config_path}" if settings.config_path else ""
        return f"nothing to check: {', '.join(excluded)} matched `exclude`{where}"
    return f"no articles found in {', '.join(paths)} (looked for .md, .markdown and .txt files)"


def _configure_plugins(pm, settings: Settings) -> None:
    """Call ``newslint_configure``; a plugin that breaks there is named in one line."""
    from .plugins import call_hook

    try:
        call_hook(pm, "newslint_configure", "failed while reading the configuration", limit=settings.rule_timeout,
                  settings=settings)
    except PluginError as exc:
        raise UsageError(str(exc)) from None


def cmd_rules(args, rules, index: RuleIndex) -> int:
    from .core_rules import InternalError, UnreadableFile

    settings, _ = load_settings(args, index)
    always_on = (InternalError.code, UnreadableFile.code)  # the engine always reports these
    rows = [(code, cls.name, (settings.severity.get(code) or cls.severity).value,
             "yes" if code in always_on or is_selected(cls, settings) else "no", cls.summary)
            for code, cls in rules.items()]
    header = ("code", "name", "severity", "enabled", "summary")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        print("  ".join(row[i].ljust(widths[i]) for i in range(4)) + "  " + row[4])
    return EXIT_OK


def cmd_explain(args, rules, index: RuleIndex) -> int:
    from .rule import EVERY_RULE

    code = index.resolve(args.rule)
    if code == EVERY_RULE:
        raise UsageError("explain takes one rule; `newslint rules` lists them all")
    if code is not None and code not in rules:
        family = ", ".join(f"{c} {rules[c].name}" for c in index.family(code))
        raise UsageError(f"{args.rule} is a family of rules: {family}; explain one of them")
    if code is None:
        raise UsageError(f"unknown rule {args.rule!r}{index.suggestion(args.rule)}; `newslint rules` lists them all")
    cls = rules[code]
    text = cls.documentation()
    extra = getattr(cls, "explain_settings", None)
    if extra is not None:
        settings, _ = load_settings(args, index)
        more = extra(settings)
        if more:
            text = text.rstrip() + "\n\n" + more.rstrip() + "\n"
    sys.stdout.write(text)
    return EXIT_OK


def cmd_archive(args, index: RuleIndex) -> int:
    from .rules.analysis import archive_command

    settings, _ = load_settings(args, index, args.paths)
    if args.paths:
        settings.archive = [Path(shown(p)) for p in args.paths]
    if not settings.archive:
        raise UsageError("no archive: name its folders (newslint archive build PATH) or set `archive` in the configuration")
    if args.cache_dir:
        settings.cache_dir = Path(args.cache_dir)
    check_archives(settings)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    from .rules.analysis.archive_build import DaskUnavailable

    try:
        return archive_command.run(args.action, settings, jobs=args.jobs, scheduler=args.scheduler,
                                   output=args.output_file, fmt=args.format, say=_err)
    except DaskUnavailable as exc:
        raise UsageError(str(exc)) from None


def cmd_check(args, pm, rules, reporters, index: RuleIndex) -> int:
    from .engine import STDIN, Input, expand_paths, run
    from .engine.inputs import MEGABYTE
    from .reporters.base import ReportOptions

    # --stdin-filename alone means "check what arrives on standard input" (editor integrations)
    paths = args.paths or ([STDIN] if args.stdin_filename else ["."])
    settings, unused_configs = load_settings(args, index, paths)
    _override(settings, args, index)
    check_archives(settings)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    _configure_plugins(pm, settings)

    walked_configs: list[str] = []
    files = expand_paths(paths, settings, found_configs=walked_configs)
    if not (args.isolated or args.config):
        _note_unused_configs(settings, unused_configs, walked_configs)
    if args.output_file:
        named = [p for p in paths if p != STDIN and not os.path.isdir(p)]
        clash = next((p for p in named if _same_file(p, args.output_file)), None)
        if clash is not None:
            which = "" if clash == args.output_file else f" ({clash})"
            raise UsageError(f"--output-file {args.output_file} is one of the files to check{which}: the report "
                             "would overwrite it; write the report to another file")
        # found in a folder, it is the last run's report.txt, not an article
        files = [f for f in files if f == STDIN or not _same_file(f, args.output_file)]
    inputs = []
    for path in files:
        if path == STDIN:
            name = shown(args.stdin_filename) if args.stdin_filename else "stdin"
            limit = int(settings.max_file_size * MEGABYTE)
            inputs.append(Input.limited(name, settings, sys.stdin.buffer.read(limit + 1)))
        else:
            inputs.append(Input.limited(path, settings))
    if args.fix and STDIN in files:
        _err("note: --fix does not change text read from standard input; its problems are listed instead")
    if not inputs:
        _err(_nothing_to_check(paths, settings))
    if args.diff and args.format != "text":
        raise UsageError(f"--diff prints the fixes as a diff, not a {args.format} report; use one of the two")
    reporter_class = _diff_reporter() if args.diff else reporters[args.format]
    baseline = _baseline(args, settings)
    progress = _progress_line(args, len(inputs))
    try:
        result = run(inputs, rules, settings, jobs=args.jobs, fix=args.fix, show_source=args.show_source,
                     documents=bool(getattr(reporter_class, "needs_documents", False)), progress=progress,
                     keys=bool(args.write_baseline or getattr(reporter_class, "needs_keys", False)),
                     baseline=baseline, plan_fixes=args.diff)
    finally:
        if progress is not None:
            progress.clear()
    for warning in result.warnings:
        _err(f"warning: {warning}")
    if args.write_baseline:
        return _write_baseline(Path(args.write_baseline), result)
    if baseline is not None:
        missing = baseline.missing_files()
        if missing:
            _err(f"note: the baseline {shown(baseline.path)} has entries for {len(missing)} "
                 f"file{'s' if len(missing) != 1 else ''} that no longer exist ({', '.join(missing[:3])}"
                 f"{', ...' if len(missing) > 3 else ''}); `newslint check --write-baseline "
                 f"{shown(baseline.path)}` removes them")
    if not inputs and args.format == "text" and not args.output_file:
        return EXIT_OK  # the note says it all; other formats still give their (empty) report
    from .reporters.printable import for_output

    result = for_output(result)  # no control character or undecodable byte of a file name gets through

    out_stream = sys.stdout
    options = ReportOptions(color=_use_color(args, out_stream), show_source=args.show_source,
                            statistics=args.statistics, quiet=args.quiet, verbose=args.verbose,
                            fail_on=settings.fail_on)
    try:
        output = reporter_class(options).render(result)
    except Exception as exc:  # a third-party format that breaks must not look like a clean run
        _err(f"error: the {args.format} format failed to write its report: {type(exc).__name__}: {exc}")
        return EXIT_ERROR
    if args.output_file:
        try:
            Path(args.output_file).write_text(output, encoding="utf-8", errors="backslashreplace")
        except OSError as exc:
            _err(f"error: cannot write {args.output_file}: {(exc.strerror or '').lower()}")
            return EXIT_ERROR
    else:
        try:
            out_stream.write(output)
            out_stream.flush()
        except BrokenPipeError:  # `newslint check ... | head`: the reader has all it wanted
            _quiet_stdout()
    for note in result.notes:
        _err(f"note: {note}")
    for error in [*result.errors, *(e for r in result.files for e in r.errors)]:
        if args.format != "text" or error["code"] not in ("NL000", "NL002", "NL003") or error["path"] == "(all files)" \
                or error.get("kind") == "fix" \
                or not any(r.path == error["path"] for r in result.files):
            _err(f"error: {error['message']}")
        if args.verbose and error.get("traceback"):
            sys.stderr.write(error["traceback"])
    if args.timings:
        for code, seconds in sorted(result.timings.items(), key=lambda kv: -kv[1]):
            print(f"{seconds * 1000:10.1f} ms  {code}  {rules[code].name}", file=sys.stderr)
    code = result.exit_code(settings.fail_on)
    if args.diff:
        code = _diff_summary(result) if code != EXIT_ERROR else code
    if args.exit_zero and code == EXIT_FINDINGS:
        return EXIT_OK
    return code


def _same_file(a: str, b: str) -> bool:
    """Whether paths ``a`` and ``b`` name one file: the same path however spelt, through symbolic
    links, or a hard link (the same inode)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _quiet_stdout() -> None:
    """Send what is left for standard output, whose reader has gone, nowhere: without this, Python
    flushes it at exit into the closed pipe and prints a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)


def _note_unused_configs(settings: Settings, own: list[Path], walked: list[str]) -> None:
    """A note for each configuration file near the paths checked that this run does not use."""
    from .config import is_config_file

    used = real(settings.config_path) if settings.config_path else None
    unused = {real(c) for c in own} | {real(c) for c in walked if is_config_file(Path(c))}
    which = f"{shown(used)} (found from the working directory)" if used else "no configuration file"
    for config in sorted(unused - {used}):
        _err(f"note: {shown(config)} is not used: one configuration serves a whole run, and this run's is "
             f"{which}; to use it, run newslint in {shown(config.parent)} or pass --config {shown(config)}")


def _baseline(args, settings: Settings):
    """The baseline that hides findings in this run (none when writing one)."""
    if args.write_baseline or settings.baseline is None:
        return None
    from .baseline import Baseline

    return Baseline.load(settings.baseline)


def _write_baseline(path: Path, result) -> int:
    """``--write-baseline``: record the run's findings, keep the entries of files not checked."""
    from .baseline import Baseline, recorded, write

    previous = Baseline.load(path) if path.exists() else None
    baseline, dropped = recorded(result, path, previous)
    write(baseline)
    count = sum(len(keys) for keys in baseline.entries.values())
    files = len(baseline.entries)
    removed = f" ({dropped} stale entr{'ies' if dropped != 1 else 'y'} removed)" if dropped else ""
    _err(f"wrote {count} finding{'s' if count != 1 else ''} of {files} file{'s' if files != 1 else ''} "
         f"to the baseline {shown(path)}{removed}")
    errors = [*result.errors, *(e for r in result.files for e in r.errors)]
    for error in errors:
        _err(f"error: {error['message']}")
    return EXIT_ERROR if errors else EXIT_OK


def _diff_reporter():
    from .reporters.diff import DiffReporter

    return DiffReporter


def _diff_summary(result) -> int:
    """Say on standard error what ``--diff`` found to fix; 1 when there is something, as with findings."""
    from .reporters.diff import planned_fixes

    planned = planned_fixes(result)
    count = sum(len(applied) for _, _, applied in planned)
    if not count:
        _err("nothing to fix")
        return EXIT_OK
    files = f"{len(planned)} file" + ("" if len(planned) == 1 else "s")
    _err(f"{count} fix{'es' if count != 1 else ''} in {files}; `newslint check --fix` applies them")
    return EXIT_FINDINGS


def _progress_line(args, files: int):
    """A progress line on standard error: only on a terminal, for a report meant for people, and
    for enough files to be worth it."""
    if args.quiet or args.format not in ("text", "html") or files < PROGRESS_FROM or not sys.stderr.isatty():
        return None
    from .progress import ProgressLine

    return ProgressLine(sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
