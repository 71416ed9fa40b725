"""A window of a source line around a span, as a terminal shows it: about 80 columns, "…" where
the line is cut, and where the underline goes (only under a span that fits in the window)."""

from __future__ import annotations

import unicodedata

#: terminal cells an excerpt may take, "…" included
WIDTH = 80
ELLIPSIS = "\u2026"


def excerpt_lines(line: str, start: int, end: int, width: int = WIDTH) -> tuple[str, tuple[int, int] | None]:
    """The part of ``line`` to show for the span of code points ``[start, end)``, and the underline
    as (cells before it, cells under the span), or None when the span does not fit the window."""
    chars = [_printable(ch) for ch in line]
    cells = [_cells(ch) for ch in chars]
    start, end = max(0, min(start, len(chars))), max(0, min(end, len(chars)))
    end = max(start, end)
    room = width - 2  # for the ellipses on either side
    span = sum(cells[start:end])
    if sum(cells) <= width:
        lo, hi = 0, len(chars)
    elif span > room:  # show where the span starts; a row of carets as long as the window says nothing
        lo, hi, used = start, start, 0
        while hi < len(chars) and used + cells[hi] <= room:
            used += cells[hi]
            hi += 1
    else:  # the span with as much of the line on either side as fits, centred
        lo, hi, used = start, end, span
        grew = True
        while grew:
            grew = False
            if hi < len(chars) and used + cells[hi] <= room:
                used += cells[hi]
                hi += 1
                grew = True
            if lo > 0 and used + cells[lo - 1] <= room:
                lo -= 1
                used += cells[lo]
                grew = True
    left = ELLIPSIS if lo > 0 else ""
    text = left + "".join(chars[lo:hi]) + (ELLIPSIS if hi < len(chars) else "")
    if end > hi or start < lo:
        return text.rstrip(), None
    before = len(left) + sum(cells[lo:start])
    return text.rstrip(), (before, max(1, span))


def _printable(ch: str) -> str:
    """Tabs, line and paragraph separators and control characters print as one space."""
    return " " if ch == "\t" or unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch


def _cells(ch: str) -> int:
    """Terminal cells: wide characters take two, combining marks none."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
