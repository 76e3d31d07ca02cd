"""The PDF's page frame and text setting: A4 pages with the facts on every page, text that
never loses a character, and tables whose columns follow their content and never break a word
in the middle.

Words break only at spaces or at German/English hyphenation points (pyphen); numbers, dates
and other tokens with digits never break. A table too wide for portrait A4 goes on a landscape
page; one too wide even for that is split into parts that repeat its first columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import font_source_sans_pro
import pyphen
from flask_babel import gettext as _
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from .cells import Annotated, Cell, Figure

FONT_DIR = Path(font_source_sans_pro.__file__).resolve().parent / "files"
FONT = "SourceSans"
BRAND = (11, 93, 82)
INTERIM_RED = (164, 22, 26)
MARGIN = 16.0
SOFT_HYPHEN = "\u00ad"
NBSP = "\u00a0"
HYPHENATE_FROM = 10  # letters: shorter words are never hyphenated
MAIN_COLUMN = 0.3  # a portrait table must give its longest texts this share, else landscape
TOKEN_CAP = 0.45  # share of the page width one unbreakable token may claim in a table
INVISIBLE = {0xFE0E, 0xFE0F, 0x200D}  # variation selectors and joiners of emoji sequences


@cache
def font_coverage() -> frozenset[int]:
    """The code points the embedded font can print (read once; the font never changes)."""
    with TTFont(str(FONT_DIR / "SourceSansPro-Regular.ttf")) as font:
        return frozenset(font.getBestCmap())


def printable(text: str) -> tuple[str, bool]:
    """The text with every character the font cannot print replaced by a visible mark of its
    code point, e.g. "Super [U+1F44D]", so nothing vanishes and no label is ever empty.
    Returns the text and whether anything was replaced."""
    coverage = font_coverage()
    if all(ord(c) in coverage or c in "\n\t" for c in text):
        return text, False
    out: list[str] = []
    run: list[str] = []
    for char in text:
        code = ord(char)
        if code in coverage or char in "\n\t":
            if run:
                out.append("[" + " ".join(run) + "]")
                run = []
            out.append(char)
        elif code not in INVISIBLE:
            run.append(f"U+{code:04X}")
    if run:
        out.append("[" + " ".join(run) + "]")
    return "".join(out), True


@cache
def hyphenator(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="de_DE" if language == "de" else "en_GB", left=3, right=3)


WORD = re.compile(rf"[^\W\d_]{{{HYPHENATE_FROM},}}")


def hyphenate(text: str, language: str) -> str:
    """Soft hyphens at the hyphenation points of long words; tokens with digits stay whole."""
    dictionary = hyphenator(language)
    return WORD.sub(lambda m: dictionary.inserted(m.group(0), hyphen=SOFT_HYPHEN), text)


def unbreakable(text: str) -> str:
    """A number, date or short phrase that must stay on one line."""
    return text.replace(" ", NBSP)


class ReportPDF(FPDF):
    """A4 pages: the title and, while the workshop is live, "Interim result" at the top of
    every page; when and by what the file was made and "Page x of y" at the bottom."""

    def __init__(self, title: str, language: str, interim: bool, generated: str) -> None:
        super().__init__(format="A4")
        self.report_title = title
        self.language = language
        self.interim = interim
        self.generated = generated
        self.replaced = False  # set when a character had to be shown as its code point
        self.add_font(FONT, "", str(FONT_DIR / "SourceSansPro-Regular.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "SourceSansPro-Bold.ttf"))
        self.add_font(FONT, "I", str(FONT_DIR / "SourceSansPro-It.ttf"))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(MARGIN, 16, MARGIN)

    def normalize_text(self, text: str) -> str:
        """Every text passes here before fpdf2 sets it: unprintable characters become marks."""
        shown, replaced = printable(text)
        self.replaced = self.replaced or replaced
        return str(super().normalize_text(shown))

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.set_xy(self.l_margin, 7)
        title = self.report_title if len(self.report_title) <= 90 else self.report_title[:89]
        self.cell(self.epw * 0.7, 5, title + ("…" if title != self.report_title else ""))
        if self.interim:
            self.set_font(FONT, "B", 9)
            self.set_text_color(*INTERIM_RED)
            self.cell(self.epw * 0.3, 5, _("Interim result"), align="R")
        self.set_text_color(0, 0, 0)
        self.set_y(16)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(90, 90, 90)
        self.cell(self.epw * 0.75, 5, self.generated)
        page = _("Page %(page)s of %(pages)s", page=self.page_no(), pages="{nb}")
        self.cell(self.epw * 0.25, 5, page, align="R")
        self.set_text_color(0, 0, 0)


def heading(pdf: ReportPDF, text: str, level: int = 0) -> None:
    """A heading that is also an entry of the outline and the table of contents."""
    size = (15, 12.5, 11)[level]
    if pdf.will_page_break(size * 1.6 + 12):
        pdf.add_page()
    pdf.ln(2 if level else 3)
    pdf.start_section(printable(text)[0], level=level, strict=False)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*BRAND)
    pdf.multi_cell(
        0, size * 0.5, hyphenate(text, pdf.language), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "", 10)
    pdf.ln(1)


def subheading(pdf: ReportPDF, text: str, keep: float = 14) -> None:
    """A heading kept on one page with the first `keep` mm of what follows."""
    if pdf.will_page_break(keep):
        pdf.add_page()
    pdf.ln(1)
    pdf.set_font(FONT, "B", 10.5)
    pdf.multi_cell(
        0, 5.5, hyphenate(text, pdf.language), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_font(FONT, "", 10)


def paragraph(pdf: ReportPDF, text: str, size: float = 10) -> None:
    pdf.set_font(FONT, "", size)
    pdf.multi_cell(
        0, size * 0.5, hyphenate(text, pdf.language), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )


def bullets(pdf: ReportPDF, lines: Sequence[str], size: float = 10) -> None:
    pdf.set_font(FONT, "", size)
    height = size * 0.5
    for line in lines:
        pdf.set_x(pdf.l_margin)
        pdf.cell(4, height, "•")
        if "\n" not in line and pdf.get_string_width(line) <= pdf.epw - 6:
            pdf.cell(pdf.epw - 4, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            continue  # one line: no line breaking needed (fast for long lists)
        pdf.multi_cell(
            pdf.epw - 4,
            height,
            hyphenate(line, pdf.language),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )


def pairs(pdf: ReportPDF, rows: Sequence[tuple[str, str]], label_width: float = 42) -> None:
    """Label and value rows, e.g. the facts."""
    pdf.set_font(FONT, "", 10)
    for label, value in rows:
        if pdf.will_page_break(6):
            pdf.add_page()
        pdf.set_font(FONT, "B", 10)
        y = pdf.get_y()
        pdf.multi_cell(label_width - 2, 5.2, hyphenate(label, pdf.language), align="L")
        after_label = pdf.get_y()
        pdf.set_xy(pdf.l_margin + label_width, y)
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(
            pdf.epw - label_width,
            5.2,
            hyphenate(value, pdf.language),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.set_y(max(after_label, pdf.get_y()) + 0.8)


Row = Sequence[Cell]
PADDING = 2.2  # mm a cell needs beside its text


def _cell_text(value: Cell, language: str) -> str:
    if isinstance(value, int | Figure):
        return unbreakable(str(value))
    if isinstance(value, Annotated):
        value = value.text
    if any(c.isdigit() for c in value) and len(value) <= 24:
        return unbreakable(value)  # counts, shares, dates, spreads: one line
    return hyphenate(value, language)


def _fragments(text: str) -> list[str]:
    """The pieces a line may break between: words, split again at soft hyphens."""
    return [f for word in re.split(r"[ \n\t]", text) for f in word.split(SOFT_HYPHEN) if f]


def _widths(
    pdf: ReportPDF, cells: list[list[str]], bold_first: bool
) -> tuple[list[float], list[float]]:
    """Per column the width of its widest unbreakable piece and of its longest text."""
    columns = len(cells[0])
    least, most = [0.0] * columns, [0.0] * columns
    cap = pdf.epw * TOKEN_CAP
    for index, row in enumerate(cells):
        pdf.set_font(FONT, "B" if bold_first and index == 0 else "", pdf.font_size_pt)
        for column, text in enumerate(row):
            if index or len(cells) == 1:  # a heading may wrap: its length wants no room
                whole = text.replace(SOFT_HYPHEN, "")
                most[column] = max(most[column], min(pdf.get_string_width(whole), pdf.epw))
            for piece in _fragments(text):
                # a broken piece carries a hyphen; leave room for it
                width = pdf.get_string_width(piece + "-")
                least[column] = max(least[column], min(width, cap))
    most = [max(m, lw) for m, lw in zip(most, least, strict=True)]
    return [w + PADDING for w in least], [w + PADDING for w in most]


def column_widths(least: list[float], most: list[float], width: float) -> list[float] | None:
    """Widths that fill `width`: each column at least its widest piece, the room left shared
    by how much more each column's text wants. None if even the least widths do not fit."""
    if sum(least) > width:
        return None
    if sum(most) <= width:
        spare = width - sum(most)
        return [m + spare * m / sum(most) for m in most]
    room = width - sum(least)
    wants = [max(0.0, m - lw) for lw, m in zip(least, most, strict=True)]
    total = sum(wants) or 1.0
    return [lw + room * w / total for lw, w in zip(least, wants, strict=True)]


@contextmanager
def landscape(pdf: ReportPDF) -> Iterator[None]:
    """Content on landscape pages, then portrait again."""
    pdf.add_page(orientation="L")
    try:
        yield
    finally:
        pdf.add_page(orientation="P")


def table(
    pdf: ReportPDF,
    header: Sequence[str],
    rows: Sequence[Row],
    size: float = 8,
    keep: int = 2,
    allow_landscape: bool = True,
    title: str = "",
) -> None:
    """A table whose columns follow their content: on this page if it fits portrait A4, else
    on landscape pages; if not even that, split into parts that repeat the first `keep`
    columns."""
    if not rows:
        return
    cells = [[_cell_text(h, pdf.language) for h in header]]
    cells += [[_cell_text(v, pdf.language) for v in row] for row in rows]
    pdf.set_font(FONT, "", size)
    least, most = _widths(pdf, cells, bold_first=True)
    widths = column_widths(least, most, pdf.epw)
    main = most.index(max(most))  # the column with the longest texts, e.g. the hazard
    cramped = widths is None or widths[main] < min(most[main], MAIN_COLUMN * pdf.epw)
    if cramped and allow_landscape and pdf.w < pdf.h:
        with landscape(pdf):
            table(pdf, header, rows, size, keep, allow_landscape=False, title=title)
        return
    if title:  # with the table, on its page
        subheading(pdf, title, keep=30)
    if widths is not None:
        _grid(pdf, cells, widths, size, _alignment(rows))
        return
    # too wide for any page: parts that repeat the key columns
    parts = _split(least, keep, pdf.epw)
    for number, columns in enumerate(parts, start=1):
        if len(parts) > 1:
            pdf.set_font(FONT, "I", 8)
            pdf.cell(
                0,
                5,
                _("Part %(n)s of %(m)s", n=number, m=len(parts)),
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
        part = [[row[c] for c in columns] for row in cells]
        pdf.set_font(FONT, "", size)
        part_least, part_most = _widths(pdf, part, bold_first=True)
        part_widths = column_widths(part_least, part_most, pdf.epw) or [
            pdf.epw * w / sum(part_least) for w in part_least
        ]
        _grid(pdf, part, part_widths, size, tuple(_alignment(rows)[c] for c in columns))
        pdf.ln(2)


def _split(least: list[float], keep: int, width: float) -> list[list[int]]:
    key = list(range(min(keep, len(least))))
    base = sum(least[c] for c in key)
    parts: list[list[int]] = []
    current: list[int] = []
    used = base
    for column in range(len(key), len(least)):
        if current and used + least[column] > width:
            parts.append(key + current)
            current, used = [], base
        current.append(column)
        used += least[column]
    if current or not parts:
        parts.append(key + current)
    return parts


def _alignment(rows: Sequence[Row]) -> tuple[str, ...]:
    """Columns of numbers align right, all others left."""
    columns = len(rows[0])
    return tuple(
        "RIGHT"
        if all(isinstance(row[c], int | Figure) or row[c] in ("", "–") for row in rows)
        else "LEFT"
        for c in range(columns)
    )


def _lines(pdf: ReportPDF, text: str, width: float, line: float) -> list[str]:
    """The lines a text takes in a column: measured once, broken by fpdf2 only if needed
    (breaking every cell of a long table twice, as fpdf2's own tables do, is slow)."""
    plain = text.replace(SOFT_HYPHEN, "").replace(NBSP, " ")
    if "\n" not in plain and pdf.get_string_width(plain) <= width:
        return [plain]
    lines = pdf.multi_cell(  # multi_cell keeps the cell margin free on both sides
        width + 2 * pdf.c_margin, line, text, dry_run=True, output=MethodReturnValue.LINES
    )
    assert isinstance(lines, list)  # what output=LINES returns
    return [str(item).replace(SOFT_HYPHEN, "").replace(NBSP, " ") for item in lines] or [""]


def _grid(
    pdf: ReportPDF,
    cells: list[list[str]],
    widths: list[float],
    size: float,
    align: tuple[str, ...],
) -> None:
    """Draw the table row by row; a row never splits, the heading repeats on every page."""
    line = size * 0.42
    pad_x, pad_y = PADDING / 2, 0.7
    widths = [w * min(1.0, pdf.epw / sum(widths)) for w in widths]

    def layout(row: list[str], bold: bool) -> tuple[list[list[str]], float]:
        pdf.set_font(FONT, "B" if bold else "", size)
        lines = [
            _lines(pdf, text, w - 2 * pad_x, line) for text, w in zip(row, widths, strict=True)
        ]
        return lines, max(len(cell) for cell in lines) * line + 2 * pad_y

    def draw(
        lines: list[list[str]], height: float, bold: bool, fill: tuple[int, int, int] | None
    ) -> None:
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_font(FONT, "B" if bold else "", size)
        if fill is not None:
            pdf.set_fill_color(*fill)
            pdf.rect(x, y, sum(widths), height, style="F")
        for cell, width, side in zip(lines, widths, align, strict=True):
            pdf.rect(x, y, width, height)
            for number, text in enumerate(cell):
                pdf.set_xy(x + pad_x, y + pad_y + number * line)
                pdf.cell(
                    width - 2 * pad_x,
                    line,
                    text,
                    align="R" if side == "RIGHT" and not bold else "L",
                )
            x += width
        pdf.set_xy(pdf.l_margin, y + height)

    pdf.set_draw_color(170, 170, 170)
    pdf.set_line_width(0.15)
    head, head_height = layout(cells[0], bold=True)
    auto, margin = pdf.auto_page_break, pdf.b_margin
    pdf.set_auto_page_break(False, margin)
    if pdf.get_y() + head_height + 3 * line > pdf.page_break_trigger:
        pdf.add_page(orientation="L" if pdf.w > pdf.h else "P")
    draw(head, head_height, True, (226, 238, 235))
    for index, row in enumerate(cells[1:]):
        lines, height = layout(row, bold=False)
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page(orientation="L" if pdf.w > pdf.h else "P")
            draw(head, head_height, True, (226, 238, 235))
        draw(lines, height, False, (247, 247, 247) if index % 2 else None)
    pdf.set_auto_page_break(auto, margin)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    pdf.set_font(FONT, "", 10)
    pdf.ln(2)
