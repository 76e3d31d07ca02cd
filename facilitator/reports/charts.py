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
