"""The cells of the report's tables: text, counts, and figures that keep their value beside
the text the language writes them as. Shared by the kinds' section builders (which fill
`TableBlock`s) and every format (which draws them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, format_decimal, get_locale
from flask_babel import gettext as _


@dataclass(frozen=True)
class Figure:
    """A number or date: text in the language's format where a format shows text (PDF, DOCX,
    HTML), the value itself where a format has types (XLSX with `number_format`, CSV)."""

    value: float | date | None
    text: str
    number_format: str = "General"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Annotated:
    """Text with a small aside (e.g. the duplicates merged into a note): the HTML page shows
    the aside under the text, the other formats the text alone."""

    text: str
    aside: str = ""

    def __str__(self) -> str:
        return self.text


Cell = str | int | Figure | Annotated
Table = tuple[list[str], list[list[Cell]]]

DATE_FORMATS = {"de": "DD.MM.YYYY", "en": "DD/MM/YYYY"}


def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)} %"


def mean_text(mean: float | None) -> str:
    return "–" if mean is None else format_decimal(mean, "0.0")


def number(value: int | float) -> str:
    """A count with the language's grouping (1.000 / 1,000)."""
    return str(format_decimal(value, "#,##0"))


def share_cell(share: float | None) -> Figure:
    return Figure(share, percent(share), "0 %")


def mean_cell(mean: float | None) -> Figure:
    return Figure(mean, mean_text(mean), "0.0")


def date_cell(day: date | None) -> Figure | str:
    if day is None:
        return ""
    return Figure(
        day, format_date(day, "medium"), DATE_FORMATS.get(str(get_locale()), "YYYY-MM-DD")
    )


def count_cell(value: int | None) -> Cell:
    """A group's count, or a dash where the disclosure gate withheld it for this row."""
    return "–" if value is None else value


def yes_no(flag: bool) -> str:
    return _("yes") if flag else ""
