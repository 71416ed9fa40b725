"""What the HTML report's template shows: the run's index, each article with its notes, the rule pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from markupsafe import Markup

from ...document import BODY_KINDS
from ...findings import Finding, Severity
from ..base import ReportOptions, by_code, describe_fix, described_stats
from ..text import summary_line
from .article import Chunk, Mark, chunks
from .chart import PATTERN, paragraph_chart
from .compare import shared_words

if TYPE_CHECKING:  # pragma: no cover
    from ...engine import FileResult, RunResult

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: a run of up to this many articles opens them all; a longer one shows the index and closed sections
OPEN_UP_TO = 10
#: a visible symbol for each severity besides its colour (colour-blind readers, print)
SYMBOLS = {"error": "\u2716", "warning": "\u25b2", "info": "\u2139", "fixed": "\u2714"}
#: a finding's passages compared side by side with at most this many other articles
COMPARED_AT_MOST = 3


class Related(NamedTuple):
    label: str
    href: str | None


class Compared(NamedTuple):
    here: Markup
    there: Markup
    there_path: str
    href: str


class Note(NamedTuple):
    key: str
    number: int
    severity: str
    symbol: str
    message: str
    code: str
    name: str
    rule_href: str | None
    line: int
    #: the figures behind the finding, with --verbose
    details: str
    related: list[Related]
    #: (before, after, applied, in words) of the finding's fix
    fix: tuple[str, str, bool, str] | None
    compared: list[Compared]
    #: whether the finding is marked in the article's text (not when the file could not be read)
    in_text: bool


class Article(NamedTuple):
    key: str
    path: str
    counts: dict[str, int]
    #: the findings in a few words, for the article's summary line
    summary: str
    is_open: bool
    figures: list[str]
    charts: list[Markup]
    chunks: list[Chunk]
    notes: dict[str, Note]
    #: notes with no place in the text (a file that could not be read)
    loose: list[Note]


def render(result: "RunResult", options: ReportOptions) -> str:
    from jinja2 import Environment, FileSystemLoader  # only the html format needs it

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    return env.get_template("report.html").render(**context(result, options.verbose))


def context(result: "RunResult", verbose: bool = False) -> dict[str, Any]:
    order = sorted(range(len(result.files)), key=lambda i: _worst_first(result.files[i]))
    keys = {result.files[i].path: f"a{n + 1}" for n, i in enumerate(order)}
    targets = _targets(result, keys)
    views = {r.path: r.document for r in result.files if r.document is not None}
    used = sorted({f.code for r in result.files for f in [*r.findings, *r.fixed]} & set(result.rules))
    articles = [_article(result.files[i], keys, targets, views, used, result, len(order) <= OPEN_UP_TO, verbose)
                for i in order]
    counts = {s.value: sum(1 for f in result.findings if f.severity is s) for s in Severity}
    return {
        "summary": summary_line(result),
        "counts": counts,
        "fixed": sum(len(r.fixed) for r in result.files),
        "by_rule": [(code, result.rules[code].name if code in result.rules else "", n, code in used)
                    for code, n in by_code(result).items()],
        "articles": articles,
        "run_errors": [e["message"] for e in result.errors],
        "rules": [(code, result.rules[code].name, _rule_page(result.rules[code].documentation())) for code in used],
        "pattern": PATTERN,
        "symbols": SYMBOLS,
        "many": len(articles) > OPEN_UP_TO,
    }


def _worst_first(file: "FileResult") -> tuple:
    severities = [f.severity for f in file.findings]
    return (-severities.count(Severity.ERROR), -severities.count(Severity.WARNING), -severities.count(Severity.INFO),
            file.path)


def _targets(result: "RunResult", keys: dict[str, str]) -> dict[str, dict[tuple[int, int], Mark]]:
    """Every place a finding points to in an article of the run, by path: each gets an anchor."""
    targets: dict[str, dict[tuple[int, int], Mark]] = {}
    shown = {r.path for r in result.files if r.document is not None}
    for file in result.files:
        for f in file.findings:
            for r in f.related:
                if r.path in shown:
                    span = (r.start.offset, r.end.offset)
                    key = f"t{keys[r.path][1:]}-{span[0]}-{span[1]}"
                    targets.setdefault(r.path, {}).setdefault(span, Mark(key, *span, r.start.line))
    return targets


def _article(file: "FileResult", keys, targets, views, used, result: "RunResult", is_open: bool,
             verbose: bool) -> Article:
    key = keys[file.path]
    view = file.document
    everything = sorted([(f, False) for f in file.findings] + [(f, True) for f in file.fixed],
                        key=lambda pair: (pair[0].start.offset, pair[0].end.offset, pair[0].code))
    notes: dict[str, Note] = {}
    marks: list[Mark] = []
    for number, (finding, applied) in enumerate(everything, 1):
        note = _note(f"{key}-{number}", number, finding, applied, keys, targets, views, used, verbose)
        notes[note.key] = note
        label = f"{'fixed' if applied else finding.severity.value}, {finding.code}"
        marks.append(Mark(note.key, finding.start.offset, finding.end.offset, finding.start.line, note.severity,
                          (note.symbol, number), label))
    counts = {s.value: sum(1 for f in file.findings if f.severity is s) for s in Severity}
    summary = _in_words(counts, len(file.fixed))
    if view is None:
        return Article(key, file.path, counts, summary, is_open, [], [], [], notes, list(notes.values()))
    marks.extend(targets.get(file.path, {}).values())
    lines = [line for kind, _, _, line in view.blocks if kind in BODY_KINDS]
    charts = [paragraph_chart(figures, lines, f"{key}-c{i}") for i, figures in enumerate(view.figures)]
    return Article(key, file.path, counts, summary, is_open, described_stats(result.rules, file.stats), charts,
                   chunks(view.text, view.blocks, marks), notes, [])


def _in_words(counts: dict[str, int], fixed: int) -> str:
    parts = [f"{counts[severity]} {severity}" + ("s" if counts[severity] != 1 and severity != "info" else "")
             for severity in ("error", "warning", "info") if counts[severity]]
    if fixed:
        parts.append(f"{fixed} fixed")
    return ", ".join(parts) if parts else "no problems found"


def _note(key: str, number: int, f: Finding, applied: bool, keys, targets, views, used, verbose: bool) -> Note:
    severity = "fixed" if applied else f.severity.value
    related, compared = [], []
    for r in f.related:
        where = f"line {r.start.line}" if r.path == f.path else f"{r.path}, line {r.start.line}"
        label = f"{r.message}: {where}" if r.message else where
        target = targets.get(r.path, {}).get((r.start.offset, r.end.offset))
        related.append(Related(label, f"#{target.key}" if target else None))
        if target and r.path != f.path and r.path in views and len(compared) < COMPARED_AT_MOST:
            here = _around(views[f.path], f.start.offset, f.end.offset) if f.path in views else ""
            left, right = shared_words(here, _around(views[r.path], r.start.offset, r.end.offset))
            compared.append(Compared(left, right, r.path, f"#{target.key}"))
    fix = None
    if f.fix is not None:
        fix = (f.fix.original, f.fix.replacement, applied, describe_fix(f.fix))
    return Note(key, number, severity, SYMBOLS[severity], f.message, f.code, f.name,
                f"#rule-{f.code}" if f.code in used else None, f.start.line, f.details if verbose else "", related, fix,
                compared, f.path in views)


def _around(view, start: int, end: int) -> str:
    """The paragraphs a span lies in, so that a passage is compared with what surrounds it too."""
    inside = [(s, e) for _, s, e, _ in view.blocks if s < max(end, start + 1) and e > start]
    if inside:
        start, end = min(start, inside[0][0]), max(end, inside[-1][1])
    return view.text[start:end]


def _rule_page(markdown: str) -> Markup:
    """A rule's page as HTML, its headings moved under the report's (h1 → h3), links as text."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).disable(["link", "image", "autolink"])
    tokens = md.parse(markdown)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 2)}"
    return Markup(md.renderer.render(tokens, md.options, {}))
