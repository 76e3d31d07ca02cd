"""XLSX and CSV exports: one sheet (or CSV file in a ZIP) per step with a table.

Text that a spreadsheet would run as a formula (starting with = + - @ or a control character)
stays inert: CSV cells get a leading apostrophe, XLSX cells are stored as text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .data import ReportData
from .tables import Cell, action_plan_table, facts_rows, has_action_plan, step_table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Cell) -> Cell:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _sheet_name(position: int, title: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", f"{position + 1} {title}")[:31].strip()
    name, n = base, 2
    while name in taken:
        name = f"{base[:28]} {n}"
        n += 1
    taken.add(name)
    return name


def to_xlsx(report: ReportData) -> bytes:
    book = Workbook()
    overview = book.active
    assert overview is not None
    overview.title = _("Overview")[:31]
    overview.append([report.title])
    overview["A1"].font = Font(bold=True, size=14)
    for label, value in facts_rows(report):
        overview.append([label, value])
    _as_text(overview)
    taken = {overview.title}
    for step in report.steps:
        table = step_table(step)
        if table is None:
            continue
        header, rows = table
        sheet = book.create_sheet(_sheet_name(step.position, step.title, taken))
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        _as_text(sheet)
        sheet.column_dimensions["B"].width = 60
    if has_action_plan(report):
        header, rows = action_plan_table(report)
        sheet = book.create_sheet(_("Action plan")[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        _as_text(sheet)
        for column in ("B", "C", "E", "K"):
            sheet.column_dimensions[column].width = 40
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _as_text(sheet: Any) -> None:
    """Store every text cell as text: never a formula, whatever it starts with."""
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def to_csv_zip(report: ReportData) -> bytes:
    """A ZIP with overview.csv and one CSV per step (UTF-8 with BOM, for spreadsheet apps)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        overview: list[list[Cell]] = [["", report.title]]
        overview += [[label, value] for label, value in facts_rows(report)]
        archive.writestr("overview.csv", _csv(overview))
        for step in report.steps:
            table = step_table(step)
            if table is not None:
                header, rows = table
                lines: list[list[Cell]] = [list(header), *rows]
                archive.writestr(f"step-{step.position + 1:02d}-{step.kind}.csv", _csv(lines))
        if has_action_plan(report):
            header, rows = action_plan_table(report)
            archive.writestr("action-plan.csv", _csv([list(header), *rows]))
    return output.getvalue()


def _csv(rows: list[list[Cell]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([inert(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()
