"""The PDF's charts as vector graphics: ranking bars with per-group bars, numbers and a legend;
the risk matrix with axis titles and its hazard key; traffic lights as three counts; profiles;
the 2x2 with its quadrants and item key."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fpdf.enums import XPos, YPos

from .blocks import (
    DistributionBlock,
    LightsBlock,
    MatrixBlock,
    ProfileBlock,
    QuadrantBlock,
    RankingBlock,
)
from .cells import mean_text
from .pdf_layout import BRAND, FONT, ReportPDF, hyphenate

GROUP_COLOURS = ((138, 59, 18), (59, 76, 192), (107, 76, 154), (90, 90, 90), (156, 47, 92))
CLASS_FILLS = ((220, 240, 226), (255, 241, 194), (251, 224, 222), (244, 182, 176))
LIGHT_FILLS = ((11, 107, 47), (242, 201, 76), (164, 22, 26))
LABEL = 70.0  # mm for a bar's label


def _fit(pdf: ReportPDF, text: str, width: float) -> str:
    """A label cut at a word to fit one line, marked with "…" when cut; never empty."""
    text = " ".join(text.split()) or "–"
    if pdf.get_string_width(text) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1 and pdf.get_string_width(" ".join(words) + "…") > width:
        words.pop()
    short = " ".join(words)
    while len(short) > 1 and pdf.get_string_width(short + "…") > width:
        short = short[:-1]
    return short + "…"


def legend(pdf: ReportPDF, labels: Sequence[str], colours: Sequence[tuple[int, int, int]]) -> None:
    pdf.set_font(FONT, "", 8)
    x = pdf.l_margin
    y = pdf.get_y()
    for label, colour in zip(labels, colours, strict=False):
        width = pdf.get_string_width(label) + 9
        if x + width > pdf.l_margin + pdf.epw:
            x, y = pdf.l_margin, y + 5
        pdf.set_fill_color(*colour)
        pdf.rect(x, y + 1.2, 3, 3, style="F")
        pdf.set_xy(x + 4, y)
        pdf.cell(width - 4, 5.5, label)
        x += width
    pdf.set_xy(pdf.l_margin, y + 6.5)
    pdf.set_fill_color(255, 255, 255)


def ranking_bars(pdf: ReportPDF, block: RankingBlock) -> None:
    """Per note a bar of its dots with the number beside it, and under it one thin bar per
    shown group with its number; a legend names the groups."""
    rows = block.bars[: block.top]
    top = max([1, *(row.value for row in rows)])
    width = pdf.epw - LABEL - 16
    groups = block.groups
    if groups:
        legend(
            pdf,
            [block.all_label, *groups],
            [BRAND, *(GROUP_COLOURS[i % len(GROUP_COLOURS)] for i in range(len(groups)))],
        )
    for row in rows:
        if pdf.will_page_break(6.5 + 2.8 * len(row.by_group)):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_font(FONT, "", 8.5)
        pdf.cell(LABEL, 5.5, _fit(pdf, f"{row.rank}. {row.label}", LABEL - 2))
        bar = width * row.value / top
        pdf.set_fill_color(*BRAND)
        if bar > 0:
            pdf.rect(pdf.l_margin + LABEL, y + 1, bar, 3.6, style="F")
        pdf.set_xy(pdf.l_margin + LABEL + bar + 1.5, y)
        pdf.set_font(FONT, "B", 8.5)
        pdf.cell(12, 5.5, str(row.value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, "", 6.5)
        for index, count in enumerate(row.by_group):
            yy = pdf.get_y()
            part = width * (count or 0) / top
            pdf.set_fill_color(*GROUP_COLOURS[index % len(GROUP_COLOURS)])
            if part > 0:
                pdf.rect(pdf.l_margin + LABEL, yy + 0.3, part, 1.9, style="F")
            pdf.set_xy(pdf.l_margin + LABEL + part + 1.5, yy - 0.3)
            pdf.cell(12, 2.8, "–" if count is None else str(count), new_x=XPos.LMARGIN)
            pdf.set_y(yy + 2.8)
        pdf.ln(0.8)
    pdf.set_fill_color(255, 255, 255)
    pdf.ln(2)


def matrix(pdf: ReportPDF, block: MatrixBlock) -> None:
    """Likelihood (rows, highest on top) by severity (columns), cells coloured by risk class
    with their figure, hazards placed by their medians as rank numbers; axis titles, the class
    legend and a key from number to hazard below."""
    info = block.matrix
    rows, columns = len(info.likelihood), len(info.severity)
    label, axis = 38.0, 6.0
    cell = min(22.0, (pdf.epw - label - axis) / columns)
    if pdf.will_page_break(22 + cell * rows + 20):
        pdf.add_page()
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, info.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    x0 = pdf.l_margin + axis + label
    top = pdf.get_y()
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_xy(pdf.l_margin, top)
    pdf.cell(axis + label - 2, 5, block.likelihood_label + " ↓", align="R")
    pdf.set_xy(x0, top)
    pdf.cell(
        cell * columns,
        5,
        block.severity_label + " →",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    y0 = pdf.get_y() + 8
    pdf.set_font(FONT, "", 7)
    for column, name in enumerate(info.severity):
        pdf.set_xy(x0 + column * cell, y0 - 8)
        pdf.multi_cell(cell, 3.2, _fit(pdf, f"{column + 1} {name}", cell * 2 - 2), align="C")
    placed: dict[tuple[int, int], list[int]] = {}
    for point in block.points:
        placed.setdefault((point.likelihood, point.severity), []).append(point.rank)
    for index in range(rows):
        likelihood = rows - index
        y = y0 + index * cell
        pdf.set_font(FONT, "", 7)
        pdf.set_xy(pdf.l_margin + axis, y + cell / 2 - 3)
        pdf.multi_cell(
            label - 2,
            3.2,
            _fit(pdf, f"{likelihood} {info.likelihood[likelihood - 1]}", 2 * label - 6),
            align="R",
        )
        for column in range(columns):
            figure = info.table[likelihood - 1][column]
            x = x0 + column * cell
            pdf.set_fill_color(*CLASS_FILLS[min(info.class_index(figure), len(CLASS_FILLS) - 1)])
            pdf.rect(x + 0.4, y + 0.4, cell - 0.8, cell - 0.8, style="F")
            pdf.set_xy(x + 1, y + 1)
            pdf.set_font(FONT, "", 6)
            pdf.set_text_color(80, 80, 80)
            pdf.cell(6, 3, str(figure))
            pdf.set_text_color(0, 0, 0)
            ranks = placed.get((likelihood, column + 1), [])
            if ranks:
                pdf.set_font(FONT, "B", 8)
                pdf.set_xy(x + 1, y + 5)
                pdf.multi_cell(cell - 2, 3.8, " ".join(str(r) for r in ranks), align="C")
    pdf.set_y(y0 + rows * cell + 2)
    legend(
        pdf,
        [f"{c.label} ({c.low}–{c.high})" for c in info.classes],
        [CLASS_FILLS[min(i, len(CLASS_FILLS) - 1)] for i in range(len(info.classes))],
    )
    key = [f"{point.rank} = {point.text}" for point in block.points]
    if key:
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(
            0,
            4,
            hyphenate(block.key_label + ": " + " · ".join(key), pdf.language),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.set_fill_color(255, 255, 255)
    pdf.ln(2)


def quadrant(pdf: ReportPDF, block: QuadrantBlock) -> None:
    """The 2x2: a square with dashed middle lines, the quadrants' labels in their corners,
    the axes' marks and titles, each item a numbered dot at its medians; a key below."""
    side, left = 80.0, 16.0
    if pdf.will_page_break(side + 30):
        pdf.add_page()
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, block.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    x0, y0 = pdf.l_margin + left, pdf.get_y() + 2
    steps = max(1, block.points - 1)

    pad = 5.0  # the lowest and highest values lie inside the square, not on its edge

    def at_x(value: float) -> float:
        return x0 + pad + (side - 2 * pad) * (value - 1) / steps

    def at_y(value: float) -> float:
        return y0 + pad + (side - 2 * pad) * (1 - (value - 1) / steps)

    pdf.set_fill_color(247, 247, 244)
    pdf.set_draw_color(118, 118, 118)
    pdf.rect(x0, y0, side, side, style="DF")
    middle = (block.points + 1) / 2
    pdf.set_dash_pattern(dash=1.5, gap=1)
    pdf.line(at_x(middle), y0, at_x(middle), y0 + side)
    pdf.line(x0, at_y(middle), x0 + side, at_y(middle))
    pdf.set_dash_pattern()
    pdf.set_font(FONT, "", 7)
    for value in range(1, block.points + 1):
        pdf.set_xy(at_x(value) - 3, y0 + side + 0.5)
        pdf.cell(6, 3.5, str(value), align="C")
        pdf.set_xy(x0 - 7, at_y(value) - 1.75)
        pdf.cell(6, 3.5, str(value), align="R")
    pdf.set_font(FONT, "B", 8)
    pdf.set_text_color(*BRAND)
    half = side / 2 - 3
    low = y0 + side - 5.5
    corners = (
        (x0 + 1.5, y0 + 1.5, "L"),
        (x0 + side / 2 + 1.5, y0 + 1.5, "R"),
        (x0 + 1.5, low, "L"),
        (x0 + side / 2 + 1.5, low, "R"),
    )
    for label, (x, y, align) in zip(block.quadrants, corners, strict=True):
        pdf.set_xy(x, y)
        pdf.cell(half, 4, _fit(pdf, label, half), align=align)
    pdf.set_text_color(0, 0, 0)
    placed: dict[tuple[float, float], list[int]] = {}
    for point in block.items:
        placed.setdefault((point.x, point.y), []).append(point.number)
    pdf.set_font(FONT, "B", 7)
    for (x, y), numbers in placed.items():
        for index, number in enumerate(numbers):
            cx = at_x(x) + (index - (len(numbers) - 1) / 2) * 5.2
            pdf.set_fill_color(26, 26, 26)
            pdf.circle(cx, at_y(y), 2.4, style="F")
            pdf.set_text_color(255, 255, 255)
            pdf.set_xy(cx - 2.4, at_y(y) - 1.75)
            pdf.cell(4.8, 3.5, str(number), align="C")
            pdf.set_text_color(0, 0, 0)
    x_low, x_high = block.x_ends
    y_low, y_high = block.y_ends
    pdf.set_font(FONT, "", 8)
    pdf.set_xy(x0, y0 + side + 4)
    x_title = f"{block.x_label} →" + (f" ({x_low} – {x_high})" if x_low and x_high else "")
    pdf.cell(side, 4, _fit(pdf, x_title, side), align="C")
    y_title = f"{block.y_label} ↑" + (f" ({y_low} – {y_high})" if y_low and y_high else "")
    # turned a quarter about the square's lower left (a negative x would count from the right)
    with pdf.rotation(90, pdf.l_margin + 5, y0 + side):
        pdf.set_xy(pdf.l_margin + 5, y0 + side - 4)
        pdf.cell(side, 4, _fit(pdf, y_title, side), align="C")
    pdf.set_y(y0 + side + 10)
    key = [f"{point.number} = {point.text}" for point in block.items]
    if key:
        pdf.multi_cell(
            0,
            4,
            hyphenate(block.key_label + ": " + " · ".join(key), pdf.language),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(0, 0, 0)
    pdf.ln(2)


def lights(pdf: ReportPDF, block: LightsBlock) -> None:
    """Per hazard a bar split into green, yellow and red ratings, and the three counts."""
    legend(pdf, block.labels, LIGHT_FILLS)
    width = pdf.epw - LABEL - 34
    for row in block.rows:
        if pdf.will_page_break(6):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_font(FONT, "", 8.5)
        pdf.cell(LABEL, 5.5, _fit(pdf, f"{row.rank}. {row.text}", LABEL - 2))
        total = row.green + row.yellow + row.red
        x = pdf.l_margin + LABEL
        for value, fill in zip((row.green, row.yellow, row.red), LIGHT_FILLS, strict=True):
            if total and value:
                part = width * value / total
                pdf.set_fill_color(*fill)
                pdf.rect(x, y + 1, part, 3.6, style="F")
                x += part
        pdf.set_xy(pdf.l_margin + LABEL + width + 2, y)
        pdf.set_font(FONT, "", 8)
        pdf.cell(
            32,
            5.5,
            f"{row.green} · {row.yellow} · {row.red}",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.set_fill_color(255, 255, 255)
    pdf.ln(2)


def profile(pdf: ReportPDF, block: ProfileBlock) -> None:
    """The dimension profile: one bar per dimension (and variant) on the scale's numbers
    (first … first + points - 1)."""
    _bars(
        pdf,
        [(bar.label, bar.mean, mean_text(bar.mean)) for bar in block.bars],
        lambda mean: (mean - block.first) / (block.points - 1),
    )


def distribution(pdf: ReportPDF, block: DistributionBlock) -> None:
    """One bar per option, as long as its count against the largest."""
    top = max([1, *(bar.value for bar in block.bars)])
    _bars(pdf, [(bar.label, bar.value, str(bar.value)) for bar in block.bars], lambda v: v / top)


def _bars(
    pdf: ReportPDF,
    rows: Sequence[tuple[str, float | None, str]],
    fraction: Callable[[float], float],
) -> None:
    """Labelled bars with their value beside them; no bar where the value is missing."""
    width = pdf.epw - LABEL - 16
    for label, value, text in rows:
        if pdf.will_page_break(6):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_font(FONT, "", 8.5)
        pdf.cell(LABEL, 5.5, _fit(pdf, label, LABEL - 2))
        bar = 0.0
        if value is not None:
            pdf.set_fill_color(*BRAND)
            bar = max(1.0, width * fraction(value))
            pdf.rect(pdf.l_margin + LABEL, y + 1, bar, 3.6, style="F")
        pdf.set_xy(pdf.l_margin + LABEL + bar + 1.5, y)
        pdf.set_font(FONT, "B", 8.5)
        pdf.cell(12, 5.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_fill_color(255, 255, 255)
    pdf.ln(2)
