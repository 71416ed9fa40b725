"""An article as the HTML report shows it: block by block, with every marked span in place.

The text comes from the run (``FileResult.document``), never from the file. A span is marked with
a ``<mark>`` per piece of text it covers (a span may cross blocks, and spans may overlap), and a
numbered badge where it starts; a place another finding points to gets an anchor and a
``<span class="rel">`` per piece, which the page's script outlines when it is the link's target.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from markupsafe import Markup, escape

#: a mark's severity, worst first: the colour of a piece covered by several marks
SEVERITY_ORDER = ("error", "warning", "info", "fixed")
_WORD = re.compile(r"\w")


class Mark(NamedTuple):
    """A span to mark: a finding's (``severity`` set, ``badge`` its visible label) or a place that
    another finding points to (``severity`` empty)."""

    key: str
    start: int
    end: int
    line: int
    severity: str = ""
    #: the badge's severity symbol and number
    badge: tuple[str, int] = ("", 0)
    #: what the badge says to a screen reader besides its number ("warning, NL101")
    label: str = ""

    @property
    def is_target(self) -> bool:
        return not self.severity


class Chunk(NamedTuple):
    """A block of the article (``kind`` as in ``Document.blocks``), or ``source``: the lines
    around a mark that lies outside the prose (front matter, a suppression comment)."""

    kind: str
    start: int
    end: int
    line: int
    html: Markup
    #: keys of the findings whose badge is in this chunk, in reading order
    notes: tuple[str, ...]


def chunks(text: str, blocks: Sequence[tuple[str, int, int, int]], marks: Sequence[Mark]) -> list[Chunk]:
    """The article's chunks in reading order, each with its marks in place."""
    spans = list(blocks)
    anchors: dict[str, int] = {}  # mark key → where its badge or anchor goes
    for mark in marks:
        at = anchors[mark.key] = _anchor_offset(text, spans, mark)
        if _block_at(spans, at, mark.start == mark.end) is None:
            spans.append(("source", *_source_lines(text, spans, mark, at)))
    spans = _merge_sources(sorted(spans, key=lambda s: (s[1], s[2])))
    placed: dict[int, list[Mark]] = {}
    for mark in marks:
        placed.setdefault(spans.index(_block_at(spans, anchors[mark.key], mark.start == mark.end)), []).append(mark)
    out = []
    for i, (kind, start, end, line) in enumerate(spans):
        covering = [m for m in marks if m.start < end and m.end > start or m in placed.get(i, ())]
        here = sorted(placed.get(i, ()), key=lambda m: (anchors[m.key], m.key))
        html = _marked(text, start, end, covering, {m.key: anchors[m.key] for m in here})
        out.append(Chunk(kind, start, end, line, html, tuple(m.key for m in here if not m.is_target)))
    return out


def _block_at(spans, offset: int, zero_width: bool):
    """The span holding ``offset`` (a zero-width mark may sit at a block's very end)."""
    for span in spans:
        if span[1] <= offset < span[2] or (zero_width and offset == span[2]):
            return span
    return None


def _anchor_offset(text: str, spans, mark: Mark) -> int:
    """Where a mark's badge goes: its start, or for a zero-width mark in the markup before a
    block (a crash reported at the top of a Markdown file), the start of that block."""
    if mark.start != mark.end or _block_at(spans, mark.start, True) is not None:
        return mark.start
    following = [s[1] for s in spans if s[1] >= mark.start]
    if following and not _WORD.search(text, mark.start, min(following)):
        return min(following)
    return mark.start


def _source_lines(text: str, spans, mark: Mark, at: int) -> tuple[int, int, int]:
    """The lines of a mark outside the prose, cut to the gap between the blocks around it."""
    gap_start = max([s[2] for s in spans if s[2] <= at], default=0)
    gap_end = min([s[1] for s in spans if s[1] > at], default=len(text))
    line_start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    last = max(at, min(mark.end, gap_end) - 1)
    ends = [i for i in (text.find("\n", last), text.find("\r", last)) if i != -1]
    line_end = min(ends) if ends else len(text)
    start, end = max(line_start, gap_start), min(max(line_end, at), gap_end)
    return start, max(start, end), mark.line


def _merge_sources(spans):
    """Sources that overlap (two marks on one line of front matter) become one."""
    merged: list[tuple[str, int, int, int]] = []
    for span in spans:
        if merged and span[0] == merged[-1][0] == "source" and span[1] <= merged[-1][2]:
            kind, start, end, line = merged[-1]
            merged[-1] = (kind, start, max(end, span[2]), line)
        else:
            merged.append(span)
    return merged


def _marked(text: str, start: int, end: int, covering: Sequence[Mark], anchored: dict[str, int]) -> Markup:
    """``text[start:end]`` with a ``<mark>`` on each piece that findings cover, a badge where each
    finding starts and an anchor where each place pointed to starts."""
    cuts = sorted({start, end, *(max(start, min(end, m.start)) for m in covering),
                   *(max(start, min(end, m.end)) for m in covering), *anchored.values()})
    marks_by_key = {m.key: m for m in covering}
    parts: list[str] = []
    for i, pos in enumerate(cuts):
        for key in sorted(k for k, at in anchored.items() if at == pos):
            mark = marks_by_key.get(key)
            if mark is not None:
                parts.append(_anchor(mark))
        if i + 1 == len(cuts):
            break
        nxt = cuts[i + 1]
        if nxt == pos:
            continue
        findings = [m for m in covering if not m.is_target and m.start <= pos and m.end >= nxt]
        targets = [m for m in covering if m.is_target and m.start <= pos and m.end >= nxt]
        parts.append(_piece(text[pos:nxt], findings, targets))
    return Markup("".join(parts))


# The pieces are built with f-strings around escaped text: ``Markup.format`` is a Python-level
# formatter, and a report of 2,000 articles builds hundreds of thousands of pieces.

def _anchor(mark: Mark) -> str:
    if mark.is_target:
        return f'<span class="anchor" id="{mark.key}"></span>'
    symbol, number = mark.badge
    return (f'<a class="badge sev-{mark.severity}" id="{mark.key}" href="#n-{mark.key}"><span aria-hidden="true">'
            f'{symbol}</span>{number}<span class="sr"> ({escape(mark.label)})</span></a>')


def _piece(text: str, findings: Sequence[Mark], targets: Sequence[Mark]) -> str:
    html = str(escape(text))
    if findings:
        worst = SEVERITY_ORDER[min(SEVERITY_ORDER.index(m.severity) for m in findings)]
        overlap = " overlap" if len(findings) > 1 else ""
        html = f'<mark class="hl sev-{worst}{overlap}" data-f="{" ".join(m.key for m in findings)}">{html}</mark>'
    if targets:
        html = f'<span class="rel" data-t="{" ".join(m.key for m in targets)}">{html}</span>'
    return html
