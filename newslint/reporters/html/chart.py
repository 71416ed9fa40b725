"""A small inline SVG of one figure per paragraph against its limit (reading grade vs target).

A bar above the limit is hatched as well as coloured, so that it reads in print and without
colour; the chart's title and description say in words what it shows.
"""

from __future__ import annotations

from typing import Sequence

from markupsafe import Markup

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
    bar_w = max(1.0, min(28.0, step * 0.8))

    def y(value: float) -> float:
        return TOP + plot_h * (1 - max(0.0, value) / top)

    parts = []
    for i, (value, line) in enumerate(zip(values, lines)):
        over = limit is not None and value > limit
        x = LEFT + i * step + (step - bar_w) / 2
        parts.append(Markup('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" class="{}">'
                            '<title>line {}: {:.1f}</title></rect>').format(
            x, y(value), bar_w, TOP + plot_h - y(value), "bar over" if over else "bar", line, value))
    axis = Markup('<line x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}" class="axis"/>'
                  '<text x="{3}" y="{4:.1f}" class="tick">0</text>'
                  '<text x="{3}" y="{5:.1f}" class="tick">{6:.0f}</text>').format(
        LEFT, TOP + plot_h, WIDTH - 4, LEFT - 4, TOP + plot_h + 4, TOP + 8, top)
    target = Markup("")
    if limit is not None:
        target = Markup('<line x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}" class="limit"/>'
                        '<text x="{2}" y="{3:.1f}" class="limit-label">{4}</text>').format(
            LEFT, y(limit), WIDTH - 4, y(limit) - 3, figures.limit_label or f"{limit:g}")
    first, last = lines[0], lines[len(values) - 1]
    labels = Markup('<text x="{}" y="{}" class="tick start">line {}</text>'
                    '<text x="{}" y="{}" class="tick end">line {}</text>').format(
        LEFT, HEIGHT - 4, first, WIDTH - 4, HEIGHT - 4, last)
    return Markup(
        '<figure class="chart"><svg viewBox="0 0 {w} {h}" role="img" aria-labelledby="{k}-t {k}-d">'
        '<title id="{k}-t">{title} of each paragraph</title><desc id="{k}-d">{desc}</desc>'
        '{axis}{bars}{target}{labels}</svg><figcaption>{desc}</figcaption></figure>').format(
        w=WIDTH, h=HEIGHT, k=key, title=figures.title.capitalize(), desc=describe(figures, lines),
        axis=axis, bars=Markup("").join(parts), target=target, labels=labels)


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
