"""Two passages side by side with the words they share marked (a passage recycled from another article)."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
#: a run of fewer shared words is chance ("of the"), not copying
MIN_RUN = 3
#: longer passages are cut: the start shows what was shared
MAX_CHARS = 1500


def shared_words(left: str, right: str) -> tuple[Markup, Markup]:
    """``left`` and ``right`` with each run of words they share marked on both sides."""
    import difflib  # only a report with passages to compare needs it

    left, right = _cut(left), _cut(right)
    a, b = list(_WORD.finditer(left)), list(_WORD.finditer(right))
    matcher = difflib.SequenceMatcher(None, [m.group().lower() for m in a], [m.group().lower() for m in b],
                                      autojunk=False)
    runs_a, runs_b = [], []
    for i, j, size in matcher.get_matching_blocks():
        if size >= MIN_RUN:
            runs_a.append((a[i].start(), a[i + size - 1].end()))
            runs_b.append((b[j].start(), b[j + size - 1].end()))
    return _marked(left, runs_a), _marked(right, runs_b)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1].rstrip() + "\u2026"


def _marked(text: str, runs: list[tuple[int, int]]) -> Markup:
    parts, at = [], 0
    for start, end in runs:
        parts.append(f'{escape(text[at:start])}<mark class="shared">{escape(text[start:end])}</mark>')
        at = end
    parts.append(str(escape(text[at:])))
    return Markup("".join(parts))
