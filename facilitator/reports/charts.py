"""Bar charts as inline SVG for the HTML report (no scripts, no external resources)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

ROW = 28
LABEL_WIDTH = 300
BAR_WIDTH = 320


def bar_chart(rows: Sequence[tuple[str, int]], title: str) -> Markup:
    """Horizontal bars with their labels and values; the text is escaped."""
    top = max([1, *(value for _, value in rows)])
    height = ROW * len(rows) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">'
    ]
    for index, (label, value) in enumerate(rows):
        y = index * ROW + 4
        short = label if len(label) <= 48 else label[:47] + "…"
        bar = round(BAR_WIDTH * value / top)
        parts.append(
            f'<text x="0" y="{y + 18}" font-size="14">{escape(short)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{bar}" height="18" fill="#0b5d52"/>'
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{y + 18}" font-size="14" '
            f'font-weight="bold">{value}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


GROUP_COLOURS = ("#0b5d52", "#8a3b12", "#3b4cc0", "#6b4c9a", "#5a5a5a", "#9c2f5c")


def group_chart(
    rows: Sequence[tuple[str, Sequence[int]]], groups: Sequence[str], title: str
) -> Markup:
    """Grouped horizontal bars: per note one thin bar per shown group, with a legend."""
    if not groups or not rows:
        return Markup("")
    top = max([1, *(value for _, values in rows for value in values)])
    thin = 10
    block = thin * len(groups) + 14
    legend = 24
    height = legend + block * len(rows)
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">'
    ]
    x = 0
    for index, group in enumerate(groups):
        colour = GROUP_COLOURS[index % len(GROUP_COLOURS)]
        parts.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="15" font-size="13">{escape(group)}</text>'
        )
        x += 24 + 8 * len(group)
    for row_index, (label, values) in enumerate(rows):
        y = legend + row_index * block
        short = label if len(label) <= 48 else label[:47] + "…"
        parts.append(f'<text x="0" y="{y + 14}" font-size="13">{escape(short)}</text>')
        for index, value in enumerate(values):
            colour = GROUP_COLOURS[index % len(GROUP_COLOURS)]
            bar = round(BAR_WIDTH * value / top)
            by = y + 2 + index * thin
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{by}" width="{bar}" height="{thin - 2}" '
                f'fill="{colour}"/><text x="{LABEL_WIDTH + bar + 4}" y="{by + 8}" '
                f'font-size="10">{value}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
