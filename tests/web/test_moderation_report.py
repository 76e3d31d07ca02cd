"""The report's method notes say per step how the notes were moderated – counts and a time
span, never which notes – in every format; notes still waiting are in no format."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import docx
import openpyxl
import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import update

from facilitator.extensions import db
from facilitator.sessions import merging, moderation
from facilitator.sessions.models import ModerationEvent
from tests.conftest import login, step_of
from tests.web.test_reports import download

Factory = Callable[..., Any]
SENTENCE = (
    "Sammeln – moderiert: 2 Karten freigegeben, 1 ausgeblendet, 1 zusammengeführt "
    "(zwischen 10:02 und 10:31 Uhr, UTC)."
)
WAITING = "Sammeln: 1 Karte wartete noch auf Freigabe; sie ist nicht in diesem Bericht."
HIDDEN_TEXT = "Unfreundliche Bemerkung"
WAITING_TEXT = "Noch nicht geprüft"


@pytest.fixture
def moderated(
    make_user: Factory, make_session: Factory, make_participant: Factory, make_note: Factory
) -> Any:
    owner = make_user(email="moderiert@example.org")
    ws = make_session(owner)
    people = [make_participant(ws) for _ in range(4)]
    make_note(people[0], "Schon vor der Freigabe da")  # not moderated yet: shown at once
    moderation.set_moderated(ws, True)
    kept = make_note(people[1], "Weniger Papier")
    twin = make_note(people[2], "Weniger Papierkram")
    rude = make_note(people[3], HIDDEN_TEXT)
    make_note(people[0], WAITING_TEXT)
    moderation.approve_all(ws, step_of(ws, "board").id, up_to=twin.id)
    moderation.reject_note(ws, rude.id)
    merging.merge_note(ws, twin.id, kept.id)
    events = db.session.query(ModerationEvent).order_by(ModerationEvent.id).all()
    assert len(events) == 3  # approved (2 notes), hidden, merged: one row each
    for event, minute in zip(events, (2, 15, 31), strict=True):
        db.session.execute(
            update(ModerationEvent)
            .where(ModerationEvent.id == event.id)
            .values(created_at=datetime(2026, 11, 24, 10, minute, tzinfo=UTC))
        )
    db.session.commit()
    return owner, ws


def flat(text: str) -> str:
    return " ".join(text.split())


def test_html_json_docx_and_pdf_state_the_moderation(client: FlaskClient, moderated: Any) -> None:
    owner, ws = moderated
    login(client, owner)
    page = client.get(f"/sessions/{ws.id}/report").text
    assert SENTENCE in flat(page)
    assert WAITING in flat(page)
    assert WAITING_TEXT not in page
    assert HIDDEN_TEXT not in page

    archive = json.loads(download(client, ws, "json"))
    assert SENTENCE in archive["method_notes"]
    assert WAITING in archive["method_notes"]
    assert WAITING_TEXT not in json.dumps(archive, ensure_ascii=False)

    document = docx.Document(io.BytesIO(download(client, ws, "docx")))
    text = flat(" ".join(paragraph.text for paragraph in document.paragraphs))
    assert SENTENCE in text
    assert WAITING_TEXT not in text

    reader = PdfReader(io.BytesIO(download(client, ws, "pdf")))
    pdf = flat(" ".join(page.extract_text() for page in reader.pages))
    assert "moderiert: 2 Karten freigegeben, 1 ausgeblendet, 1 zusammengeführt" in pdf
    assert "(zwischen 10:02 und 10:31 Uhr, UTC)" in pdf
    assert WAITING_TEXT not in pdf


def test_xlsx_and_csv_method_sheets_state_the_moderation(
    client: FlaskClient, moderated: Any
) -> None:
    owner, ws = moderated
    login(client, owner)
    book = openpyxl.load_workbook(io.BytesIO(download(client, ws, "xlsx")))
    cells = [str(cell) for sheet in book.worksheets for row in sheet.values for cell in row]
    assert SENTENCE in cells
    assert WAITING_TEXT not in cells
    with zipfile.ZipFile(io.BytesIO(download(client, ws, "csv"))) as archive:
        rows = list(csv.reader(io.StringIO(archive.read("method.csv").decode("utf-8-sig"))))
    assert [row[1] for row in rows if row[1] == SENTENCE] == [SENTENCE]


def test_english_report(client: FlaskClient, moderated: Any) -> None:
    owner, ws = moderated
    ws.language = "en"
    db.session.commit()
    login(client, owner)
    archive = json.loads(download(client, ws, "json"))
    assert (
        "Collect – moderated: 2 notes approved, 1 hidden, 1 merged "
        "(between 10:02\u202fAM and 10:31\u202fAM, UTC)."  # Babel's English times
    ) in archive["method_notes"]
