"""The risk assessment in every report format: unmet statements, the matrix, traffic lights,
the prioritised hazard list with medians, spreads, counts and group differences, and the action
plan; the same numbers everywhere, the anonymity threshold respected."""

from __future__ import annotations

import csv
import io
import json
import secrets
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import docx
import jsonschema
import openpyxl
import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from facilitator.extensions import db
from facilitator.queries import answer_data
from facilitator.sessions import assessment_services, services
from tests.conftest import login
from tests.web.test_reports import download

Factory = Callable[..., Any]
SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text()
)


def key() -> str:
    return secrets.token_hex(8)


@pytest.fixture
def assessed(make_user: Factory, make_session: Factory, make_participant: Factory) -> Any:
    """Three employees and three managers answer the check and rate two hazards; one works
    council member (below the threshold) rates too; an action plan with one measure."""
    owner = make_user()
    ws = make_session(owner, template="risiko-mini", anonymity_threshold=3)
    employees = [make_participant(ws, "Beschäftigte") for _ in range(3)]
    managers = [make_participant(ws, "Führungskräfte") for _ in range(3)]
    council = make_participant(ws, "Betriebsrat")
    check = next(s for s in ws.steps if s.kind == "check")
    assessment_services.goto(ws, check.position)
    statements = answer_data.items_of(check.id)
    for person in [*employees, *managers, council]:
        no = person in employees  # employees say the plan B is missing
        assessment_services.set_answer(
            person, check.id, statements[1].id, "answer", 2 if no else 1, key()
        )
        assessment_services.set_answer(person, check.id, statements[0].id, "answer", 1, key())
    matrix = next(s for s in ws.steps if s.kind == "risk")
    assessment_services.goto(ws, matrix.position)
    hazards = {i.text["de"]: i for i in answer_data.items_of(matrix.id)}
    ratings = {
        "Fehlerhafte Ergebnisse": {
            "Beschäftigte": (4, 4),
            "Führungskräfte": (1, 1),
            "Betriebsrat": (3, 3),
        },
        "Datenabfluss": {"Beschäftigte": (2, 2), "Führungskräfte": (2, 1), "Betriebsrat": (2, 2)},
    }
    for text, by_group in ratings.items():
        for person in [*employees, *managers, council]:
            likelihood, severity = by_group[person.group]
            item = hazards[text].id
            assessment_services.set_answer(person, matrix.id, item, "likelihood", likelihood, key())
            assessment_services.set_answer(person, matrix.id, item, "severity", severity, key())
    services.set_input_open(ws, False)  # closing releases the figures by group
    assessment_services.add_action(
        ws,
        hazards["Fehlerhafte Ergebnisse"].id,
        {
            "measure": "Vier-Augen-Prinzip für KI-Ergebnisse",
            "stop_type": "O",
            "priority": "high",
            "responsible": "Teamleitung",
            "due_on": date(2027, 3, 31),
            "effectiveness": "Stichprobe nach 3 Monaten",
        },
    )
    db.session.commit()
    return owner, ws


def test_json_holds_the_computed_figures(client: FlaskClient, assessed: Any) -> None:
    owner, ws = assessed
    login(client, owner)
    archive = json.loads(download(client, ws, "json"))
    jsonschema.validate(archive, SCHEMA)
    check = next(s for s in archive["steps"] if s["kind"] == "check")
    plan_b = check["statements"][1]
    assert (plan_b["yes"], plan_b["no"], plan_b["unmet"]) == (4, 3, True)
    assert plan_b["carried_over"] is True  # taken into the risk step by the default rule
    risk = next(s for s in archive["steps"] if s["kind"] == "risk")
    assert risk["matrix"]["name"] == "Risikomatrix (angelehnt an Nohl)"
    first = risk["hazards"][0]
    # 7 ratings: likelihood 1,1,1,3,4,4,4 → median 3 (range 1–4); severity the same
    assert first["text"] == "Fehlerhafte Ergebnisse"
    assert (first["n"], first["likelihood"]["median"], first["likelihood"]["low"]) == (7, 3, 1)
    assert (first["risk_figure"], first["risk_class"]) == (5, "hoch")
    assert first["groups_disagree"] is True
    # the lone works council member is pooled with the smaller group: never shown alone
    assert [g["group"] for g in first["by_group"]] == [
        "Beschäftigte",
        "Weitere Gruppen (zusammengefasst)",
    ]
    assert [g["risk_class"] for g in first["by_group"]] == ["hoch", "gering"]
    assert risk["groups"]["pooled"] == ["Führungskräfte", "Betriebsrat"]
    second = risk["hazards"][1]
    assert (second["risk_figure"], second["risk_class"], second["groups_disagree"]) == (
        3,
        "signifikant",
        False,
    )
    plan = archive["action_plan"]
    assert plan[0]["hazard_ref"] == first["ref"]
    assert plan[0]["ref"] == first["ref"] + ".1"  # the measure's own number
    assert (plan[0]["stop_type"], plan[0]["due"]) == ("O", "2027-03-31")


def test_xlsx_has_the_hazard_list_and_an_oira_action_plan(
    client: FlaskClient, assessed: Any
) -> None:
    owner, ws = assessed
    login(client, owner)
    book = openpyxl.load_workbook(io.BytesIO(download(client, ws, "xlsx")))
    risk = next(sheet for sheet in book.worksheets if sheet.title.startswith("3 "))
    rows = list(risk.iter_rows(values_only=True))
    assert rows[0][:5] == ("Nr.", "Gefährdung", "Bereich", "Herkunft", "Bewertungen")
    assert rows[1][1] == "Fehlerhafte Ergebnisse"
    assert rows[1][4:8] == (7, "3 (1–4)", "3 (1–4)", "hoch (5)")
    plan = book["Maßnahmenplan"]
    plan_rows = list(plan.iter_rows(values_only=True))
    assert plan_rows[0][:4] == ("Nr.", "Gefährdung", "Maßnahme (allgemeiner Ansatz)", "Art (STOP)")
    assert plan_rows[1][1:4] == (
        "Fehlerhafte Ergebnisse",
        "Vier-Augen-Prinzip für KI-Ergebnisse",
        "O – Organisatorisch",
    )
    assert plan_rows[1][5] == "Teamleitung"
    assert plan_rows[1][8] == datetime(2027, 3, 31)  # a typed date cell


def test_pdf_shows_the_same_numbers(client: FlaskClient, assessed: Any) -> None:
    owner, ws = assessed
    login(client, owner)
    reader = PdfReader(io.BytesIO(download(client, ws, "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Risikomatrix (angelehnt an Nohl)",
        "Fehlerhafte Ergebnisse",
        "hoch (5)",
        "3 (1–4)",
        "Nicht erfüllt",
        "Bei Ausfall gibt es einen Plan B.",
        "Maßnahmenplan",
        "Vier-Augen-Prinzip für KI-Ergebnisse",
        "STOP",
    ):
        assert expected in text, expected
    assert any(
        page.mediabox.width > page.mediabox.height for page in reader.pages
    )  # landscape plan


def test_docx_and_csv_and_html(client: FlaskClient, assessed: Any) -> None:
    owner, ws = assessed
    login(client, owner)
    document = docx.Document(io.BytesIO(download(client, ws, "docx")))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "hoch (5)" in cells
    assert "Vier-Augen-Prinzip für KI-Ergebnisse" in cells
    assert any(text.startswith("5  (1)") for text in cells)  # hazard 1 in the matrix cell 3/3
    archive = zipfile.ZipFile(io.BytesIO(download(client, ws, "csv")))
    plan = list(csv.reader(io.StringIO(archive.read("action-plan.csv").decode("utf-8-sig"))))
    assert plan[1][2] == "Vier-Augen-Prinzip für KI-Ergebnisse"
    page = client.get(f"/sessions/{ws.id}/report").text
    assert "matrix-chart" in page
    assert "Nicht erfüllte Aussagen" in page
    assert "Vier-Augen-Prinzip für KI-Ergebnisse" in page
