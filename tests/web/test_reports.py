"""Report downloads: every format reopened with a reader; links for the works council."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import docx
import jsonschema
import openpyxl
import pytest
from flask import g
from flask.testing import FlaskClient
from pypdf import PdfReader

from facilitator.db import utc_now
from facilitator.extensions import db
from facilitator.reports.models import ReportLink
from facilitator.sessions import services
from tests.conftest import login, step_of

Factory = Callable[..., Any]
SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text()
)
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","klick")'


@pytest.fixture
def seeded(
    make_user: Factory, make_session: Factory, make_participant: Factory, make_note: Factory
) -> Any:
    owner = make_user(email="moderation@example.org")
    ws = make_session(owner, title="Künstliche Intelligenz – „Größe“ in der Bäckerei")
    people = [make_participant(ws, "Beschäftigte") for _ in range(5)]
    people.append(make_participant(ws, "Betriebsrat"))  # alone: below the threshold
    notes = [
        make_note(people[0], "Weniger Überstunden für Bäcker:innen"),
        make_note(people[1], SCRIPT, column="contra"),
        make_note(people[2], FORMULA, column="contra"),
    ]
    services.goto_step(ws, step_of(ws, "dot_vote").position)
    for person in people:
        services.cast_vote(person, notes[0].id, f"k{person.id:08d}")
    db.session.commit()
    return owner, ws


def forget_logged_in_user() -> None:
    """Flask-Login caches the user on the app context, which the test fixture keeps open across
    requests (in production every request has its own); forget it before another client acts."""
    g.pop("_login_user", None)


def download(client: FlaskClient, ws: Any, fmt: str) -> bytes:
    response = client.get(f"/sessions/{ws.id}/report.{fmt}")
    assert response.status_code == 200, response.text[:500]
    assert "attachment" in response.headers["Content-Disposition"]
    return response.data


def test_html_report(client: FlaskClient, seeded: Any) -> None:
    owner, ws = seeded
    login(client, owner)
    page = client.get(f"/sessions/{ws.id}/report").text
    assert "Künstliche Intelligenz – „Größe“ in der Bäckerei" in page
    assert "Zwischenstand" in page  # the session is still live
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert SCRIPT not in page
    assert "<svg" in page
    participants = page.split("<dt>Teilnehmende</dt>")[1].split("</dd>")[0]
    assert participants.strip() == "<dd>6"  # no breakdown that would reveal the Betriebsrat
    assert "Art. 4" in page
    assert 'class="table-scroll" tabindex="0" role="region" aria-label="' in page  # focusable
    assert "Zusammenfassung" in page
    assert "Rechtsgrundlagen" in page


def test_pdf_report(client: FlaskClient, seeded: Any) -> None:
    owner, ws = seeded
    login(client, owner)
    reader = PdfReader(io.BytesIO(download(client, ws, "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Bäckerei" in text
    assert "Überstunden" in text
    assert "Größe" in text
    assert "<script>" in text  # shown as text
    fonts = {str(font) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts  # embedded TrueType subsets
    assert "Genehmigung" in text or "Freigabe" in text


def test_docx_report(client: FlaskClient, seeded: Any) -> None:
    owner, ws = seeded
    login(client, owner)
    document = docx.Document(io.BytesIO(download(client, ws, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Künstliche Intelligenz – „Größe“ in der Bäckerei"
    assert any(h.startswith("3. Punkte vergeben") for h in headings)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Weniger Überstunden für Bäcker:innen" in cells
    assert SCRIPT in cells
    bars = [p.text for p in document.paragraphs if "█" in p.text]
    assert bars[0].startswith("Weniger Überstunden für Bäcker:innen")
    assert bars[0].endswith("6")


def test_xlsx_report_keeps_formulas_inert(client: FlaskClient, seeded: Any) -> None:
    owner, ws = seeded
    login(client, owner)
    book = openpyxl.load_workbook(io.BytesIO(download(client, ws, "xlsx")))
    ranking = next(sheet for sheet in book.worksheets if sheet.title.startswith("3 "))
    rows = list(ranking.iter_rows(values_only=True))
    assert rows[0][:4] == ("Rang", "Karte", "Spalte", "Punkte")
    assert rows[1][1:4] == ("Weniger Überstunden für Bäcker:innen", "Dafür", 6)
    formula_cells = [c for row in ranking.iter_rows() for c in row if c.value == FORMULA]
    assert formula_cells
    assert all(c.data_type == "s" for c in formula_cells)
    # the Betriebsrat alone is below the threshold: no column of its own
    assert "Betriebsrat" not in rows[0]


def test_csv_report_keeps_formulas_inert(client: FlaskClient, seeded: Any) -> None:
    owner, ws = seeded
    login(client, owner)
    archive = zipfile.ZipFile(io.BytesIO(download(client, ws, "csv")))
    names = archive.namelist()
    assert names[0] == "overview.csv"
    ranking = next(name for name in names if name.endswith("dot_vote.csv"))
    rows = list(csv.reader(io.StringIO(archive.read(ranking).decode("utf-8-sig"))))
    assert rows[1][1] == "Weniger Überstunden für Bäcker:innen"
    texts = [cell for row in rows for cell in row]
    assert "'" + FORMULA in texts
    assert FORMULA not in texts
    assert SCRIPT in texts


def test_json_archive_matches_its_schema(client: FlaskClient, seeded: Any) -> None:
    owner, ws = seeded
    login(client, owner)
    archive = json.loads(download(client, ws, "json"))
    jsonschema.validate(archive, SCHEMA)
    assert archive["session"]["title"] == "Künstliche Intelligenz – „Größe“ in der Bäckerei"
    assert archive["session"]["participants_total"] == 6
    # two groups, one below the threshold: showing the other would reveal it, so neither shows
    assert archive["session"]["participants_by_group"] == {}
    assert archive["session"]["groups"]["withheld"] == ["Beschäftigte", "Betriebsrat"]
    assert archive["interim"] is True
    vote = archive["steps"][2]
    assert vote["ranking"][0]["dots"] == 6
    assert vote["ranking"][-1]["dots"] == 0
    dumped = json.dumps(archive)
    assert "token" not in dumped
    assert "participant_id" not in dumped


def test_hidden_notes_are_in_no_export(client: FlaskClient, seeded: Any) -> None:
    owner, ws = seeded
    from sqlalchemy import select

    from facilitator.sessions.models import Note

    note = db.session.scalar(select(Note).where(Note.text == SCRIPT))
    services.set_note_hidden(ws, note.id, True)
    db.session.commit()
    login(client, owner)
    assert "alert(1)" not in client.get(f"/sessions/{ws.id}/report").text
    assert "alert(1)" not in download(client, ws, "json").decode()
    assert "alert(1)" not in download(client, ws, "csv").decode("latin-1")


def test_reports_belong_to_their_facilitator(
    client: FlaskClient, seeded: Any, make_user: Factory
) -> None:
    _, ws = seeded
    intruder = make_user()
    db.session.commit()
    login(client, intruder)
    assert client.get(f"/sessions/{ws.id}/report").status_code == 404
    assert client.get(f"/sessions/{ws.id}/report.pdf").status_code == 404
    assert client.get(f"/sessions/{ws.id}/sharing").status_code == 404


def test_works_council_link(client: FlaskClient, seeded: Any, app: Any) -> None:
    owner, ws = seeded
    login(client, owner)
    response = client.post(f"/sessions/{ws.id}/sharing", data={"days": "14"}, follow_redirects=True)
    token = re.search(r"/r/([\w-]+)", response.text).group(1)  # type: ignore[union-attr]
    reader = app.test_client()  # no login
    forget_logged_in_user()
    page = reader.get(f"/r/{token}")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"  # revocable, maybe interim: never cached
    pdf = reader.get(f"/r/{token}/report.pdf")
    assert pdf.data.startswith(b"%PDF")
    assert pdf.headers["Cache-Control"] == "no-store"
    assert reader.get(f"/sessions/{ws.id}").status_code == 302  # nothing else
    assert reader.get(f"/sessions/{ws.id}/report").status_code == 302
    link = db.session.scalar(db.select(ReportLink))
    assert link.token_hash != token
    forget_logged_in_user()
    client.post(f"/sessions/{ws.id}/sharing/{link.id}/revoke")
    assert reader.get(f"/r/{token}").status_code == 404
    assert reader.get(f"/r/{token}/report.json").status_code == 404


def test_expired_link_is_refused(client: FlaskClient, seeded: Any, app: Any) -> None:
    _, ws = seeded
    from facilitator.reports import links

    _, token = links.create_link(ws, 1)
    link = db.session.scalar(db.select(ReportLink))
    link.expires_at = utc_now() - timedelta(minutes=1)
    db.session.commit()
    assert app.test_client().get(f"/r/{token}").status_code == 404
    assert app.test_client().get("/r/not-a-token").status_code == 404


def test_english_session_gives_an_english_report(
    client: FlaskClient, make_user: Factory, make_session: Factory
) -> None:
    owner = make_user()
    ws = make_session(owner, language="en")
    db.session.commit()
    login(client, owner)
    page = client.get(f"/sessions/{ws.id}/report").text
    assert "Result report" in page
    assert "Interim result" in page


def test_docx_and_pdf_draw_bars_per_group(
    client: FlaskClient,
    make_user: Factory,
    make_session: Factory,
    make_participant: Factory,
    make_note: Factory,
) -> None:
    owner = make_user()
    ws = make_session(owner)
    people = [make_participant(ws, "Beschäftigte") for _ in range(5)]
    people += [make_participant(ws, "Führungskräfte") for _ in range(5)]
    note = make_note(people[0], "Schichtplanung mit KI")
    services.goto_step(ws, step_of(ws, "dot_vote").position)
    for person in people:  # five employees and five managers
        services.cast_vote(person, note.id, f"g{person.id:08d}")
    services.cast_vote(people[5], note.id, "g-second-dot")
    services.set_input_open(ws, False)  # figures by group once the vote is closed
    db.session.commit()
    login(client, owner)
    document = docx.Document(io.BytesIO(download(client, ws, "docx")))
    bars = [p.text.strip() for p in document.paragraphs if "█" in p.text]
    assert bars[0].startswith("Schichtplanung mit KI")
    assert bars[1].startswith("Beschäftigte")
    assert bars[1].endswith("5")
    assert bars[2].startswith("Führungskräfte")
    assert bars[2].endswith("6")
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(download(client, ws, "pdf"))).pages
    )
    assert "Beschäftigte" in text
    assert "Führungskräfte" in text


def test_every_format_says_what_the_gate_withheld(
    client: FlaskClient,
    make_user: Factory,
    make_session: Factory,
    make_participant: Factory,
    make_note: Factory,
) -> None:
    """Two voters are fewer than the threshold of 5: no tally and no order in any format, and a
    sentence saying so in the step and in the method notes."""
    owner = make_user()
    ws = make_session(owner)
    people = [make_participant(ws, "Beschäftigte") for _ in range(2)]
    notes = [make_note(people[0], "Schichtplan"), make_note(people[1], "Urlaubsplanung")]
    services.goto_step(ws, step_of(ws, "dot_vote").position)
    for person in people:
        services.cast_vote(person, notes[1].id, f"w{person.id:08d}")
    db.session.commit()
    login(client, owner)
    sentence = "Zu wenige Antworten für eine Anzeige (weniger als 5 Personen)"
    html = client.get(f"/sessions/{ws.id}/report").text
    assert html.count(sentence) >= 2  # in the step and in the method notes
    archive = json.loads(download(client, ws, "json"))
    vote = next(s for s in archive["steps"] if s["kind"] == "dot_vote")
    assert vote["ranking"] == []
    assert [n["text"] for n in vote["notes"]] == ["Schichtplan", "Urlaubsplanung"]
    assert any(sentence in line for line in vote["withheld"])
    reader = PdfReader(io.BytesIO(download(client, ws, "pdf")))
    pdf = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Zu wenige Antworten" in pdf
    # every format lists the notes, and none prints a count it does not have
    assert "zu wenige, um ihre Punkte zu zeigen" in pdf
    assert "Urlaubsplanung" in pdf
    assert "None" not in pdf
    assert "zu wenige, um ihre Punkte zu zeigen" in html
    document = docx.Document(io.BytesIO(download(client, ws, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert "Urlaubsplanung" in texts
    assert not any("None" in text for text in texts)
    book = openpyxl.load_workbook(io.BytesIO(download(client, ws, "xlsx")))
    cells = {
        str(c)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for c in row
    }
    assert "Urlaubsplanung" in cells


def test_a_quiz_with_too_few_answers_renders_in_every_format(
    client: FlaskClient, make_user: Factory, make_session: Factory, make_participant: Factory
) -> None:
    """One answer is fewer than the threshold: no count of right answers, and no format fails."""
    from facilitator.queries import answer_data
    from facilitator.sessions import assessment_services

    owner = make_user()
    ws = make_session(owner, template="umfrage-mini", anonymity_threshold=3)
    quiz = next(s for s in ws.steps if s.kind == "quiz")
    assessment_services.goto(ws, quiz.position)
    item = answer_data.items_of(quiz.id)[0].id
    assessment_services.set_answer(make_participant(ws), quiz.id, item, "choice", 2, "quiz-0001")
    db.session.commit()
    login(client, owner)
    sentence = "Zu wenige Antworten, um zu zeigen, wie viele richtig geantwortet haben."
    assert sentence in client.get(f"/sessions/{ws.id}/report").text
    reader = PdfReader(io.BytesIO(download(client, ws, "pdf")))
    pdf = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert sentence in pdf
    assert "None" not in pdf
    document = docx.Document(io.BytesIO(download(client, ws, "docx")))
    assert any(sentence in p.text for p in document.paragraphs)
    for fmt in ("xlsx", "csv", "json"):
        download(client, ws, fmt)
