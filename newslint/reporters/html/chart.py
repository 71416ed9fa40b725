"""A small inline SVG of one figure per paragraph against its limit (reading grade vs target).

A bar above the limit is hatched as well as coloured, so that it reads in print and without
colour; the chart's title and description say in words what it shows.
"""

from __future__ import annotations

from typing import Sequence

from markupsafe import Markup, escape

from ...findings import ParagraphFigures

WIDTH, HEIGHT = 600, 130
LEFT, BOTTOM, TOP = 34, 20, 8
#: the hatching of a bar above the limit (the page's style sheet fills ``.bar.over`` with it),
#: defined once per page (``PATTERN``)
HATCH_ID = "over-hatch"
PATTERN = Markup(
    '<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>'
    f'<pattern id="{HATCH_ID}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="6" height="6" class="over-fill"/><line x1="0" y1="0" x2="0" y2="6" class="over-line"/>'
    '</pattern></defs></svg>')


def paragraph_chart(figures: ParagraphFigures, lines: Sequence[int], key: str) -> Markup:
    """The chart of ``figures``; ``lines`` are the paragraphs' first lines, ``key`` makes its ids."""
    values = list(figures.values)[: len(lines)]
    if not values:
        return Markup("")
    limit = figures.limit
    top = max([*values, limit or 0.0, 1.0]) * 1.1
    plot_w, plot_h = WIDTH - LEFT - 4, HEIGHT - BOTTOM - TOP
    step = plot_w / len(values)
    bar_w = max(2.0, min(28.0, step * 0.8))

    def y(value: float) -> float:
        return TOP + plot_h * (1 - max(0.0, value) / top)

    parts = []
    for i, (value, line) in enumerate(zip(values, lines)):
        over = " over" if limit is not None and value > limit else ""
        x = LEFT + i * step + (step - bar_w) / 2
        # whole pixels of a 600-wide picture: finer positions only make the page larger
        parts.append(f'<rect x="{x:.0f}" y="{y(value):.0f}" width="{bar_w:.0f}" height="{TOP + plot_h - y(value):.0f}" '
                     f'class="bar{over}"><title>line {line}: {value:.1f}</title></rect>')
    base = TOP + plot_h
    parts.append(f'<line x1="{LEFT}" y1="{base:.1f}" x2="{WIDTH - 4}" y2="{base:.1f}" class="axis"/>'
                 f'<text x="{LEFT - 4}" y="{base + 4:.1f}" class="tick">0</text>'
                 f'<text x="{LEFT - 4}" y="{TOP + 8:.1f}" class="tick">{top:.0f}</text>')
    if limit is not None:
        label = escape(figures.limit_label or f"{limit:g}")
        parts.append(f'<line x1="{LEFT}" y1="{y(limit):.1f}" x2="{WIDTH - 4}" y2="{y(limit):.1f}" class="limit"/>'
                     f'<text x="{WIDTH - 4}" y="{y(limit) - 3:.1f}" class="limit-label">{label}</text>')
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 4}" class="tick start">line {lines[0]}</text>'
                 f'<text x="{WIDTH - 4}" y="{HEIGHT - 4}" class="tick end">line {lines[len(values) - 1]}</text>')
    title, desc = escape(figures.title.capitalize()), escape(describe(figures, lines))
    return Markup(f'<figure class="chart"><svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
                  f'aria-labelledby="{key}-t {key}-d"><title id="{key}-t">{title} of each paragraph</title>'
                  f'{"".join(parts)}</svg><figcaption id="{key}-d">{desc}</figcaption></figure>')


def describe(figures: ParagraphFigures, lines: Sequence[int]) -> str:
    """The chart in words: how many paragraphs are above the limit, and where the worst is."""
    values = list(figures.values)[: len(lines)]
    count = f"{len(values)} paragraph" + ("" if len(values) == 1 else "s")
    text = f"{figures.title.capitalize()} of {count}"
    worst = max(range(len(values)), key=lambda i: values[i])
    if figures.limit is not None:
        over = [lines[i] for i, v in enumerate(values) if v > figures.limit]
        limit = figures.limit_label or f"{figures.limit:g}"
        if over:
            where = ", ".join(map(str, over[:8])) + (" and more" if len(over) > 8 else "")
            text += f": {len(over)} above the {limit} (line{'s' if len(over) > 1 else ''} {where})"
        else:
            text += f": none above the {limit}"
    return text + f"; the highest is {values[worst]:.1f}, on line {lines[worst]}."
