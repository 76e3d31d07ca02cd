"""Charts as inline SVG for the HTML report (no scripts, no external resources): one per chart
block type, chosen by `chart`."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import format_decimal
from markupsafe import Markup, escape

from .blocks import (
    DistributionBlock,
    LightRow,
    LightsBlock,
    MatrixBlock,
    MatrixInfo,
    MatrixPoint,
    ProfileBlock,
    QuadrantBlock,
    RankingBlock,
)

ROW = 28


def _svg_open(width: float, height: float, title: str, css: str = "chart") -> str:
    """An accessible SVG's opening tag: an image labelled with its title."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="{css}">'
    )


LABEL_WIDTH = 300
BAR_WIDTH = 320
LABEL_CHARS = 36  # at 14 px, what fits in LABEL_WIDTH without running under the bars


def short(label: str, chars: int = LABEL_CHARS) -> str:
    """A label cut at a word to fit beside its bar, marked with "…"; never empty."""
    label = " ".join(label.split()) or "–"
    if len(label) <= chars:
        return label
    cut = label[: chars - 1].rsplit(" ", 1)[0] if " " in label[: chars - 1] else label[: chars - 1]
    return cut + "…"


def bar_chart(rows: Sequence[tuple[str, int]], title: str) -> Markup:
    """Horizontal bars with their labels and values; the text is escaped."""
    top = max([1, *(value for _, value in rows)])
    height = ROW * len(rows) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [_svg_open(width, height, title)]
    for index, (label, value) in enumerate(rows):
        y = index * ROW + 4
        bar = round(BAR_WIDTH * value / top)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 18}" font-size="14" text-anchor="end">'
            f"{escape(short(label))}<title>{escape(label)}</title></text>"
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
    parts = [_svg_open(width, height, title)]
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
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 14}" font-size="13" text-anchor="end">'
            f"{escape(short(label))}<title>{escape(label)}</title></text>"
        )
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


CLASS_COLOURS = ("#dcf0e2", "#fff1c2", "#fbe0de", "#f4b6b0", "#ec8f86", "#e06b60")
LIGHT_COLOURS = (("#0b6b2f", "#ffffff"), ("#f2c94c", "#1a1a1a"), ("#a4161a", "#ffffff"))


def risk_matrix(matrix: MatrixInfo, points: Sequence[MatrixPoint], title: str) -> Markup:
    """The likelihood x severity grid, cells coloured by class, hazards placed by their medians
    and numbered by rank (as in the hazard list)."""
    cell, label_width, top = 92, 170, 60
    rows, columns = len(matrix.likelihood), len(matrix.severity)
    width = label_width + cell * columns + 10
    height = top + cell * rows + 50
    placed: dict[tuple[int, int], list[int]] = {}
    for point in points:
        placed.setdefault((point.likelihood, point.severity), []).append(point.rank)
    parts = [
        _svg_open(width, height, title, "chart matrix-chart"),
        f'<text x="{label_width}" y="16" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for column, label in enumerate(matrix.severity):
        x = label_width + column * cell + cell / 2
        parts.append(
            f'<text x="{x}" y="{top - 10}" font-size="12" text-anchor="middle">'
            f"{column + 1} {escape(label[:14])}</text>"
        )
    for index in range(rows):
        likelihood = rows - index  # highest likelihood on top
        y = top + index * cell
        name = escape(matrix.likelihood[likelihood - 1][:18])
        parts.append(
            f'<text x="{label_width - 8}" y="{y + cell / 2 + 4}" font-size="12" '
            f'text-anchor="end">{likelihood} {name}</text>'
        )
        for column in range(columns):
            figure = matrix.table[likelihood - 1][column]
            colour = CLASS_COLOURS[matrix.class_index(figure) % len(CLASS_COLOURS)]
            x = label_width + column * cell
            parts.append(
                f'<rect x="{x + 2}" y="{y + 2}" width="{cell - 4}" height="{cell - 4}" rx="6" '
                f'fill="{colour}"/><text x="{x + 8}" y="{y + 18}" font-size="11" '
                f'fill="#4a4a4a">{figure}</text>'
            )
            for n, rank in enumerate(placed.get((likelihood, column + 1), [])[:8]):
                cx = x + 22 + (n % 3) * 26
                cy = y + 40 + (n // 3) * 24
                parts.append(
                    f'<circle cx="{cx}" cy="{cy}" r="11" fill="#1a1a1a"/>'
                    f'<text x="{cx}" y="{cy + 4}" font-size="12" font-weight="bold" '
                    f'fill="#ffffff" text-anchor="middle">{rank}</text>'
                )
    legend_y = top + rows * cell + 24
    x = label_width
    for index, risk_class in enumerate(matrix.classes):
        colour = CLASS_COLOURS[index % len(CLASS_COLOURS)]
        text = f"{risk_class.label} ({risk_class.low}–{risk_class.high})"
        parts.append(
            f'<rect x="{x}" y="{legend_y - 11}" width="14" height="14" fill="{colour}" '
            f'stroke="#767676"/><text x="{x + 20}" y="{legend_y}" font-size="12">'
            f"{escape(text)}</text>"
        )
        x += 40 + 7 * len(text)
    parts.append("</svg>")
    return Markup("".join(parts))


def light_bars(hazards: Sequence[LightRow], title: str) -> Markup:
    """Per hazard a bar split into green, yellow and red ratings (a distribution)."""
    row_height = 30
    height = row_height * len(hazards) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [_svg_open(width, height, title)]
    for index, row in enumerate(hazards):
        y = index * row_height + 4
        label = f"{row.rank}. {row.text}"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 18}" font-size="14" text-anchor="end">'
            f"{escape(short(label))}<title>{escape(label)}</title></text>"
        )
        total = row.green + row.yellow + row.red
        x = float(LABEL_WIDTH)
        for value, (fill, ink) in zip((row.green, row.yellow, row.red), LIGHT_COLOURS, strict=True):
            if not total or not value:
                continue
            part = BAR_WIDTH * value / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="{part:.1f}" height="22" fill="{fill}"/>'
                f'<text x="{x + part / 2:.1f}" y="{y + 18}" font-size="12" font-weight="bold" '
                f'fill="{ink}" text-anchor="middle">{value}</text>'
            )
            x += part
    parts.append("</svg>")
    return Markup("".join(parts))


def profile_chart(
    rows: Sequence[tuple[str, float | None]], points: int, title: str, first: int = 1
) -> Markup:
    """Horizontal bars of dimension means on the scale first … first + points - 1 (a
    profile; `first` is the number of the first label)."""
    height = ROW * len(rows) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [_svg_open(width, height, title)]
    for index, (label, mean) in enumerate(rows):
        y = index * ROW + 4
        bar = 0 if mean is None else round(BAR_WIDTH * (mean - first) / max(1, points - 1))
        value = "–" if mean is None else format_decimal(mean, "0.0")  # 3,3 in German
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 18}" font-size="14" text-anchor="end">'
            f"{escape(short(label))}<title>{escape(label)}</title></text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{max(bar, 2)}" height="18" '
            f'fill="#0b5d52"/><text x="{LABEL_WIDTH + max(bar, 2) + 6}" y="{y + 18}" '
            f'font-size="14" font-weight="bold">{value}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def quadrant_chart(block: QuadrantBlock) -> Markup:
    """The 2x2: a square with its middle lines and the quadrants' labels in their corners,
    marks for every point of the axes, each item a numbered dot at its medians (items at the
    same place side by side)."""
    size, left, top, bottom = 400, 70, 30, 56
    width, height = left + size + 20, top + size + bottom
    steps = max(1, block.points - 1)

    pad = 26  # the lowest and highest values lie inside the square, not on its edge

    def at_x(value: float) -> float:
        return left + pad + (size - 2 * pad) * (value - 1) / steps

    def at_y(value: float) -> float:
        return top + pad + (size - 2 * pad) * (1 - (value - 1) / steps)

    parts = [
        _svg_open(width, height, block.title, "chart quadrant-chart"),
        f'<rect x="{left}" y="{top}" width="{size}" height="{size}" fill="#f7f7f4" '
        f'stroke="#767676"/>',
    ]
    for value in range(1, block.points + 1):
        parts.append(
            f'<text x="{at_x(value):.1f}" y="{top + size + 16}" font-size="11" '
            f'text-anchor="middle">{value}</text><text x="{left - 8}" y="{at_y(value) + 4:.1f}" '
            f'font-size="11" text-anchor="end">{value}</text>'
        )
    middle = (block.points + 1) / 2
    parts.append(
        f'<line x1="{at_x(middle):.1f}" y1="{top}" x2="{at_x(middle):.1f}" y2="{top + size}" '
        f'stroke="#4a4a4a" stroke-dasharray="6 4"/><line x1="{left}" y1="{at_y(middle):.1f}" '
        f'x2="{left + size}" y2="{at_y(middle):.1f}" stroke="#4a4a4a" stroke-dasharray="6 4"/>'
    )
    corners = (
        (left + 8, top + 18, "start"),
        (left + size - 8, top + 18, "end"),
        (left + 8, top + size - 10, "start"),
        (left + size - 8, top + size - 10, "end"),
    )
    for label, (x, y, anchor) in zip(block.quadrants, corners, strict=True):
        parts.append(
            f'<text x="{x}" y="{y}" font-size="13" font-weight="bold" fill="#0b5d52" '
            f'text-anchor="{anchor}">{escape(short(label, 30))}<title>{escape(label)}</title>'
            "</text>"
        )
    x_low, x_high = block.x_ends
    y_low, y_high = block.y_ends
    x_title = f"{block.x_label} →" + (f" ({x_low} – {x_high})" if x_low and x_high else "")
    y_title = f"{block.y_label} →" + (f" ({y_low} – {y_high})" if y_low and y_high else "")
    parts.append(
        f'<text x="{left + size / 2}" y="{top + size + 40}" font-size="13" '
        f'text-anchor="middle">{escape(x_title)}</text>'
        f'<text x="18" y="{top + size / 2}" font-size="13" text-anchor="middle" '
        f'transform="rotate(-90 18 {top + size / 2})">{escape(y_title)}</text>'
    )
    placed: dict[tuple[float, float], list[int]] = {}
    for point in block.items:
        placed.setdefault((point.x, point.y), []).append(point.number)
    for (px, py), numbers in placed.items():
        cy = at_y(py)
        for index, number in enumerate(numbers):
            cx = at_x(px) + (index - (len(numbers) - 1) / 2) * 24
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="11" fill="#1a1a1a"/>'
                f'<text x="{cx:.1f}" y="{cy + 4:.1f}" font-size="12" font-weight="bold" '
                f'fill="#ffffff" text-anchor="middle">{number}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def chart(
    block: DistributionBlock
    | RankingBlock
    | MatrixBlock
    | LightsBlock
    | ProfileBlock
    | QuadrantBlock,
) -> Markup:
    """A chart block drawn as SVG."""
    if isinstance(block, DistributionBlock):
        return bar_chart([(bar.label, bar.value) for bar in block.bars], block.title)
    if isinstance(block, RankingBlock):
        ranking = bar_chart([(bar.label, bar.value) for bar in block.bars], block.title)
        if not block.groups:
            return ranking
        per_group = group_chart(
            [(bar.label, [v or 0 for v in bar.by_group]) for bar in block.bars[: block.top]],
            block.groups,
            block.title,
        )
        return ranking + per_group
    if isinstance(block, MatrixBlock):
        return risk_matrix(block.matrix, block.points, block.matrix.name)
    if isinstance(block, LightsBlock):
        return light_bars(block.rows, block.title)
    if isinstance(block, QuadrantBlock):
        return quadrant_chart(block)
    bars = [(bar.label, bar.mean) for bar in block.bars]
    return profile_chart(bars, block.points, block.title, block.first)
