"""DOCX and XLSX read back as a works council files them: A4, language, page numbers, a table
of contents, portrait after landscape; typed numbers and dates, the summary, method notes,
AI-literacy record, participation and the interim mark in the workbook."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm
from flask.testing import FlaskClient
from sqlalchemy import select

from facilitator.extensions import db
from facilitator.queries import answer_data
from facilitator.sessions import assessment_services, services
from facilitator.sessions.models import Participant
from tests.conftest import login
from tests.web.test_assessment_report import assessed  # noqa: F401  (fixture)
from tests.web.test_report_pdf import long_workshop  # noqa: F401  (fixture)
from tests.web.test_reports import download

Factory = Callable[..., Any]


def test_docx_is_a4_german_with_page_numbers_contents_and_portrait_after_landscape(
    client: FlaskClient,
    assessed: Any,  # noqa: F811
) -> None:
    owner, ws = assessed
    # everyone rates the traffic light (3 green, 2 yellow, 2 red), then input closes
    light = next(s for s in ws.steps if s.key == "ampel")
    assessment_services.goto(ws, light.position)
    hazard = answer_data.items_of(light.id)[0].id
    people = db.session.scalars(select(Participant).where(Participant.ws_id == ws.id)).all()
    for person, value in zip(people, (1, 1, 1, 2, 2, 3, 3), strict=True):
        assessment_services.set_answer(
            person, light.id, hazard, "light", value, f"l{person.id:07d}"
        )
    services.set_input_open(ws, False)
    db.session.commit()
    login(client, owner)
    document = docx.Document(io.BytesIO(download(client, ws, "docx")))
    sections = document.sections
    for section in sections:
        size = sorted((section.page_width, section.page_height))
        assert size == pytest.approx(sorted((Mm(210), Mm(297))), abs=Mm(1))
    orientations = [section.orientation for section in sections]
    assert WD_ORIENT.LANDSCAPE in orientations  # the action plan
    assert orientations[0] == orientations[-1] == WD_ORIENT.PORTRAIT
    langs = {e.get(qn("w:val")) for e in document.styles.element.iter(qn("w:lang"))}
    assert langs == {"de-DE"}
    assert document.core_properties.language == "de-DE"
    footer = sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer
    assert "NUMPAGES" in footer
    assert "Seite" in sections[0].footer.paragraphs[0].text
    assert "Zwischenstand" in sections[0].header.paragraphs[0].text
    body = document.element.body.xml
    assert "TOC \\o" in body
    texts = [p.text for p in document.paragraphs]
    assert "Zusammenfassung" in texts
    assert "Rechtsgrundlagen" in texts
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert any("Fachkraft für Arbeitssicherheit" in cell for cell in cells)
    # traffic lights as three counts, not only the red one
    assert any("grün 3 · gelb 2 · rot 2" in text for text in texts)


def test_english_docx_is_en_gb(
    client: FlaskClient, make_user: Factory, make_session: Factory, make_participant: Factory
) -> None:
    owner = make_user()
    ws = make_session(owner, language="en")
    make_participant(ws)
    login(client, owner)
    document = docx.Document(io.BytesIO(download(client, ws, "docx")))
    langs = {e.get(qn("w:val")) for e in document.styles.element.iter(qn("w:lang"))}
    assert langs == {"en-GB"}
    assert "Page" in document.sections[0].footer.paragraphs[0].text


def test_docx_keeps_emoji_and_cuts_long_lists_to_an_annex(
    client: FlaskClient,
    long_workshop: Any,  # noqa: F811
) -> None:
    owner, ws = long_workshop
    login(client, owner)
    document = docx.Document(io.BytesIO(download(client, ws, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert any("Super 👍 KI hilft 🚀" in text for text in texts)
    assert "Anhang: vollständige Listen" in texts


def test_xlsx_has_typed_cells_and_the_document_sheets(
    client: FlaskClient,
    assessed: Any,  # noqa: F811
) -> None:
    owner, ws = assessed
    login(client, owner)
    book = openpyxl.load_workbook(io.BytesIO(download(client, ws, "xlsx")))
    names = book.sheetnames
    for sheet in ("Zusammenfassung", "Beteiligung", "Methode", "KI-Kompetenz"):
        assert any(name.startswith(sheet) for name in names), (sheet, names)
    overview = book.worksheets[0]
    values = [cell.value for row in overview.iter_rows() for cell in row]
    assert any(isinstance(value, datetime) for value in values)  # generated, held from …
    assert any(isinstance(value, str) and "Zwischenstand" in value for value in values)
    check = next(sheet for sheet in book.worksheets if sheet.title.startswith("2 "))
    shares = [row[5] for row in check.iter_rows(min_row=2, values_only=True)]
    assert any(isinstance(share, float) for share in shares)  # a real number, shown as %
    share_cell = next(c for c in check["F"][1:] if isinstance(c.value, float))
    assert "%" in share_cell.number_format
    plan = next(sheet for sheet in book.worksheets if sheet.title.startswith("Maßnahmenplan"))
    due = [row[8] for row in plan.iter_rows(min_row=2, values_only=True)]
    assert any(isinstance(value, date | datetime) for value in due)
    for sheet in book.worksheets:  # the interim mark on every sheet
        assert "Zwischenstand" in str(sheet.oddHeader.center.text or "") or any(
            isinstance(cell.value, str) and "Zwischenstand" in cell.value
            for row in sheet.iter_rows(max_row=2)
            for cell in row
        ), sheet.title
