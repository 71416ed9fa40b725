"""Inline suppressions (``<!-- newslint-disable ... -->``) and front-matter ``newslint: {ignore: [...]}``."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterable

from .config import code_matches
from .rule import in_family
from .document import Document
from .findings import Finding, Position


@dataclass
class Suppression:
    """One suppression: lines ``first``..``last`` (inclusive), for ``codes`` (empty = every rule)."""

    codes: tuple[str, ...]
    first: int
    last: int
    #: where the comment is, for NL001
    start: Position
    end: Position
    label: str
    used: bool = False

    def covers(self, finding: Finding, names: dict[str, str]) -> bool:
        if not (self.first <= finding.start.line <= self.last):
            return False
        if not self.codes:
            return True
        return any(in_family(finding.code, c.upper()) or c == finding.name or c == names.get(finding.code)
                   for c in self.codes)


@dataclass
class SuppressionSet:
    """The suppressions of one document, and which of them suppressed something."""

    items: list[Suppression] = field(default_factory=list)

    def filter(self, findings: Iterable[Finding], names: dict[str, str]) -> list[Finding]:
        """The findings no suppression covers; marks every suppression that covers one as used.

        Suppressions are indexed by the codes and names they list, each group by line, so that
        thousands of comments and thousands of findings cost about (comments + findings) x log,
        not comments x findings."""
        groups: dict[tuple[str, str], _Group] = {}
        for item in self.items:
            keys = [("all", "")] if not item.codes else \
                [k for c in item.codes for k in (("family", c.upper()), ("name", c))]
            for key in dict.fromkeys(keys):
                groups.setdefault(key, _Group()).items.append(item)
        for group in groups.values():
            group.index()
        kept = []
        for f in findings:
            code = f.code
            families = [code[:k] for k in range(max(1, len(code.rstrip("0123456789"))), len(code) + 1)]
            keys = [("all", ""), *(("family", p) for p in families), ("name", f.name)]
            if code in names:
                keys.append(("name", names[code]))
            hit = False
            for key in keys:
                group = groups.get(key)
                if group is not None and group.covers(f.start.line):
                    hit = True
            if not hit:
                kept.append(f)
        for group in groups.values():
            group.mark_used()
        return kept

    def unused(self) -> list[Suppression]:
        return [s for s in self.items if not s.used]


class _Group:
    """Suppressions that name one code (or every rule), by line: which lines they cover, and
    which of them covered a finding."""

    __slots__ = ("items", "firsts", "reach", "lines")

    def __init__(self) -> None:
        self.items: list[Suppression] = []
        self.lines: list[int] = []  # the lines of the findings this group suppressed

    def index(self) -> None:
        self.items.sort(key=lambda s: s.first)
        self.firsts = [s.first for s in self.items]
        self.reach, furthest = [], -1  # the last line covered by any of the first i suppressions
        for s in self.items:
            furthest = max(furthest, s.last)
            self.reach.append(furthest)

    def covers(self, line: int) -> bool:
        i = bisect.bisect_right(self.firsts, line)
        if i and self.reach[i - 1] >= line:
            self.lines.append(line)
            return True
        return False

    def mark_used(self) -> None:
        lines = sorted(self.lines)
        for s in self.items:
            i = bisect.bisect_left(lines, s.first)
            if i < len(lines) and lines[i] <= s.last:
                s.used = True


def _front_matter_codes(doc: Document) -> tuple[str, ...] | None:
    section = doc.front_matter.get("newslint")
    if not isinstance(section, dict):
        return None
    ignore = section.get("ignore")
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, (list, tuple)):
        return None
    return tuple(str(c) for c in ignore)


def collect(doc: Document) -> SuppressionSet:
    """Read every suppression in ``doc``: inline comments and the front-matter ignore list."""
    out = SuppressionSet()
    last_line = len(doc.line_starts)
    # the disables not closed yet: all of them, and by the codes they name ("" for none), so that an
    # enable looks only at the disables it closes (each is closed once: thousands cost one pass)
    open_disables: dict[int, Suppression] = {}
    by_code: dict[str, list[Suppression]] = {}
    for d in doc.directives:
        start, end = doc.position(d.start), doc.position(d.end)
        label = doc.text[d.start:d.end]
        if d.action == "disable-next-line":
            target = d.line + 1
            # skip blank lines: the comment sits above the paragraph it is about
            while target <= last_line and not doc.line_text(target).strip():
                target += 1
            out.items.append(Suppression(d.codes, target, target, start, end, label))
        elif d.action == "disable":
            s = Suppression(d.codes, d.line, last_line, start, end, label)
            open_disables[id(s)] = s
            for code in dict.fromkeys(d.codes or ("",)):
                by_code.setdefault(code, []).append(s)
            out.items.append(s)
        else:  # enable: closes the matching disables (all of them when it names no code)
            if d.codes:
                closing = [s for code in dict.fromkeys(("", *d.codes)) for s in by_code.pop(code, ())]
            else:
                closing = list(open_disables.values())
                by_code.clear()
            for s in closing:
                if open_disables.pop(id(s), None) is not None:
                    s.last = d.line
    fm_codes = _front_matter_codes(doc)
    if fm_codes:
        pos = doc.position(0)
        out.items.append(Suppression(fm_codes, 1, last_line, pos, doc.position(doc.line_starts[1] if len(doc.line_starts) > 1 else 0), "newslint: ignore in the front matter"))
    return out


def rules_named(codes: tuple[str, ...], names: dict[str, str]) -> set[str]:
    """The codes of the registered rules (``names``: code to name) that a suppression of ``codes``
    covers: every one for a suppression that names none."""
    if not codes:
        return set(names)
    return {code for code, name in names.items()
            if any(in_family(code, c.upper()) or c == name for c in codes)}


def unused_judge(names: dict[str, str], default_on: set[str], ran: set[str]):
    """``judged(codes)`` for NL001: whether the rules a suppression covers all ran, so that one that
    suppressed nothing is really unused. A suppression of a family, or of every rule, asks only for
    the rules of it that are on by default (it cannot mean the opt-in ones every time); one that
    names an opt-in rule asks for that rule."""
    cache: dict[tuple[str, ...], bool] = {}

    def judged(codes: tuple[str, ...]) -> bool:
        if codes not in cache:
            covered = rules_named(codes, names)
            needed = (covered & default_on) or covered
            cache[codes] = needed <= ran
        return cache[codes]

    return judged


def per_file_filter(findings: Iterable[Finding], ignored: list[str], names: dict[str, str]) -> list[Finding]:
    if not ignored:
        return list(findings)
    return [f for f in findings if not (code_matches(f.code, ignored) or f.name in ignored)]
