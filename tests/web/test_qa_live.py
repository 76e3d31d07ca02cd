"""A Q&A step live and in the report: socket events through forms, what each audience sees,
upvote counts through the gate, the control page's status marks, every report format."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import jsonschema
import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import func, select

from facilitator.extensions import db
from facilitator.live import snapshots
from facilitator.sessions import qa_services, services
from facilitator.sessions.models import Note, Vote, WorkshopSession
from tests.conftest import clear, connect_socket, join_as, login, received, step_of

Factory = Callable[..., Any]
SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text()
)


@pytest.fixture
def owner(make_user: Factory) -> Any:
    return make_user(email="qa-owner@example.org")


@pytest.fixture
def ws(make_session: Factory, owner: Any) -> WorkshopSession:
    ws = make_session(owner, template="fragen-mini", anonymity_threshold=3)
    services.goto_step(ws, step_of(ws, "qa").position)
    return ws


def phone(app: Flask, ws: WorkshopSession, group: str | None = None) -> Any:
    client = app.test_client()
    join_as(client, ws, group)
    return connect_socket(app, client, ws)


def votes() -> int:
    return db.session.scalar(select(func.count()).select_from(Vote)) or 0


def ask(socket: Any, ws: WorkshopSession, text: str, column: str = "br") -> int:
    step = step_of(ws, "qa")
    ack = socket.emit(
        "note:add",
        {"step_id": step.id, "column": column, "text": text, "key": f"ask-{abs(hash(text))}"},
        callback=True,
    )
    assert ack["ok"], ack
    return int(ack["id"])


def test_phones_ask_and_upvote_over_the_socket(app: Flask, ws: WorkshopSession) -> None:
    alice, bob = phone(app, ws), phone(app, ws, "Betriebsrat")
    question = ask(alice, ws, "Wer liest die Auswertungen?")
    ack = bob.emit("question:upvote", {"note_id": question, "key": "up-000001"}, callback=True)
    assert ack["ok"], ack
    assert ack["id"] == question
    assert votes() == 1
    me = received(bob, "me:state")[-1]
    assert me["upvoted"] == [question]
    # a second upvote is refused with a translated message and changes nothing
    twice = bob.emit("question:upvote", {"note_id": question, "key": "up-000002"}, callback=True)
    assert twice == {
        "ok": False,
        "error": "AlreadyUpvoted",
        "message": "Sie haben diese Frage schon unterstützt.",
    }
    own = alice.emit("question:upvote", {"note_id": question, "key": "up-000003"}, callback=True)
    assert own["error"] == "OwnQuestion"
    assert own["message"] == "Die eigene Frage können Sie nicht unterstützen."
    assert votes() == 1
    back = bob.emit("question:withdraw", {"note_id": question, "key": "up-000004"}, callback=True)
    assert back["ok"], back
    assert votes() == 0
    assert received(bob, "me:state")[-1]["upvoted"] == []


def test_back_on_the_questions_only_askers_and_upvoters_get_their_own_state(
    app: Flask, ws: WorkshopSession, owner: Any
) -> None:
    alice, bob, carol = phone(app, ws), phone(app, ws), phone(app, ws)
    question = ask(alice, ws, "Wer liest die Auswertungen?")
    upvote = {"note_id": question, "key": "up-000010"}
    assert bob.emit("question:upvote", upvote, callback=True)["ok"]
    client = app.test_client()
    login(client, owner)
    qa = step_of(ws, "qa")
    other = next(step for step in ws.steps if step.position != qa.position)
    client.post(f"/sessions/{ws.id}/goto", data={"position": other.position})
    for socket in (alice, bob, carol):
        clear(socket)
    client.post(f"/sessions/{ws.id}/goto", data={"position": qa.position})
    inbox = carol.get_received()  # nothing of her own: one message, her state inside
    assert [message["name"] for message in inbox] == ["session:state"]
    assert inbox[0]["args"][0]["me"]["upvoted"] == []
    assert received(bob, "me:state")[-1]["upvoted"] == [question]
    assert [note["id"] for note in received(alice, "me:state")[-1]["notes"]] == [question]


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"note_id": "x", "key": "up-000001"},
        {"note_id": 0, "key": "up-000001"},
        {"note_id": 1, "key": "short"},
        {"note_id": [1], "key": "up-000001"},
        "not an object",
    ],
)
def test_bad_upvote_payloads_change_nothing(app: Flask, ws: WorkshopSession, payload: Any) -> None:
    alice, bob = phone(app, ws), phone(app, ws)
    ask(alice, ws, "Eine Frage?")
    revision = ws.revision
    for event in ("question:upvote", "question:withdraw"):
        ack = bob.emit(event, payload, callback=True)
        assert ack["ok"] is False
        assert ack["error"] == "invalid"
        assert ack["message"] == "Bitte prüfen Sie Ihre Eingabe."
    db.session.expire_all()
    assert votes() == 0
    assert db.session.get(WorkshopSession, ws.id).revision == revision


def test_counts_are_withheld_until_k_people_upvoted(
    app: Flask, ws: WorkshopSession, make_participant: Factory
) -> None:
    people = [make_participant(ws) for _ in range(4)]
    step = step_of(ws, "qa")
    older = services.add_note(people[0], step.id, "gl", "Ältere Frage?", "k-older-1").result_id
    newer = services.add_note(people[0], step.id, "br", "Neuere Frage?", "k-newer-1").result_id
    for person in people[1:3]:  # two people: below k = 3
        qa_services.upvote(person, newer, f"k-up-{person.id:04d}")
    content = snapshots.load_content(ws)
    for build in (
        snapshots.participant_snapshot,
        snapshots.projector_snapshot,
        snapshots.facilitator_snapshot,
    ):
        state = build(content)
        assert [q["id"] for q in state["questions"]] == [older, newer]  # oldest first
        assert all("votes" not in q for q in state["questions"])
        assert state["dots_withheld"] == 3
        assert state["voters"] == 2
    qa_services.upvote(people[3], older, "k-up-third")  # a third person: released
    content = snapshots.load_content(ws)
    state = snapshots.projector_snapshot(content)
    assert [(q["id"], q["votes"]) for q in state["questions"]] == [(newer, 2), (older, 1)]
    assert state["dots_withheld"] is None
    mine = snapshots.private_states(content, [people[1].id, people[3].id])
    assert mine[people[1].id]["upvoted"] == [newer]
    assert mine[people[3].id]["upvoted"] == [older]


def test_hidden_questions_only_on_the_control_page(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    person = make_participant(ws)
    step = step_of(ws, "qa")
    shown = services.add_note(person, step.id, "gl", "Sichtbar?", "k-shown-1").result_id
    hidden = services.add_note(person, step.id, "gl", "Beleidigend", "k-hidden-1").result_id
    services.set_note_hidden(ws, hidden, True)
    content = snapshots.load_content(ws)
    for build in (snapshots.participant_snapshot, snapshots.projector_snapshot):
        assert [q["id"] for q in build(content)["questions"]] == [shown]
    control = snapshots.facilitator_snapshot(content)
    assert {q["id"]: q.get("hidden") for q in control["questions"]} == {shown: False, hidden: True}
    services.set_results_visible(ws, False)  # collected silently: phones list only their own
    content = snapshots.load_content(ws)
    assert snapshots.participant_snapshot(content)["questions"] == []
    assert len(snapshots.facilitator_snapshot(content)["questions"]) == 2


def test_facilitator_marks_a_question_being_answered(
    app: Flask, client: FlaskClient, ws: WorkshopSession, owner: Any, make_participant: Factory
) -> None:
    person = make_participant(ws)
    step = step_of(ws, "qa")
    first = services.add_note(person, step.id, "gl", "Erste?", "k-first-01").result_id
    second = services.add_note(person, step.id, "gl", "Zweite?", "k-second-1").result_id
    login(client, owner)
    projector = connect_socket(app, client, ws, "projector")
    clear(projector)

    def mark(note_id: Any, status: str) -> Any:
        return client.post(
            f"/sessions/{ws.id}/questions/status",
            data={"note_id": note_id, "status": status},
            headers={"Accept": "application/json"},
        )

    assert mark(first, "answering").json["ok"]
    state = received(projector, "session:state")[-1]
    assert [(q["id"], q["status"]) for q in state["questions"]] == [
        (first, "answering"),
        (second, "open"),
    ]
    assert mark(second, "answering").json["ok"]
    state = received(projector, "session:state")[-1]
    assert [(q["id"], q["status"]) for q in state["questions"]] == [
        (second, "answering"),
        (first, "answered"),  # answered ones after the open ones
    ]
    revision = state["revision"]
    for bad in ({"note_id": first, "status": "maybe"}, {"note_id": "x", "status": "answered"}):
        refused = mark(bad["note_id"], bad["status"])
        assert refused.status_code == 400
        assert refused.json["ok"] is False
    refused = mark(999_999, "answered")
    assert refused.status_code == 404
    assert refused.json["message"] == "Diese Karte gibt es nicht (mehr)."
    db.session.expire_all()
    assert db.session.get(WorkshopSession, ws.id).revision == revision
    assert db.session.get(Note, first).qa_status == "answered"


def test_control_and_phone_pages_load_the_qa_script(
    client: FlaskClient, ws: WorkshopSession, owner: Any
) -> None:
    login(client, owner)
    assert "js/qa.js" in client.get(f"/sessions/{ws.id}").text
    assert "js/qa.js" in client.get(f"/sessions/{ws.id}/projector").text


# --- the report ------------------------------------------------------------------------------


@pytest.fixture
def answered(ws: WorkshopSession, make_participant: Factory) -> WorkshopSession:
    people = [make_participant(ws, group) for group in ("Beschäftigte", "Betriebsrat") * 2]
    step = step_of(ws, "qa")
    top = services.add_note(people[0], step.id, "br", "Wer sieht meine Daten?", "r-top-001")
    low = services.add_note(people[1], step.id, "gl", "Gibt es Schulungen?", "r-low-001")
    hidden = services.add_note(people[1], step.id, "gl", "Unsinn", "r-hidden-1").result_id
    services.set_note_hidden(ws, hidden, True)
    for person in people[1:]:
        qa_services.upvote(person, top.result_id, f"r-up-{person.id:04d}")
    qa_services.upvote(people[0], low.result_id, "r-up-low-1")
    qa_services.set_question_status(ws, low.result_id, "answered")
    db.session.commit()
    return ws


def download(client: FlaskClient, ws: WorkshopSession, fmt: str) -> bytes:
    response = client.get(f"/sessions/{ws.id}/report.{fmt}")
    assert response.status_code == 200, response.text[:500]
    return response.data


def test_report_lists_questions_with_upvotes_and_status_in_every_format(
    client: FlaskClient, answered: WorkshopSession, owner: Any
) -> None:
    login(client, owner)
    page = client.get(f"/sessions/{answered.id}/report").text
    assert "Wer sieht meine Daten?" in page
    assert "Unsinn" not in page
    assert "beantwortet" in page
    assert "Wer sieht meine Daten? – 3-mal unterstützt" in page  # the summary's top results
    archive = json.loads(download(client, answered, "json"))
    jsonschema.validate(archive, SCHEMA)
    qa = next(step for step in archive["steps"] if step["kind"] == "qa")
    assert [(q["text"], q["upvotes"], q["status"], q["addressee"]) for q in qa["questions"]] == [
        ("Wer sieht meine Daten?", 3, "open", "Betriebsrat"),
        ("Gibt es Schulungen?", 1, "answered", "Geschäftsleitung"),
    ]
    assert qa["voters"] == 4
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(download(client, answered, "pdf"))).pages
    )
    assert "Wer sieht meine Daten?" in text
    assert "Unsinn" not in text
    document = docx.Document(io.BytesIO(download(client, answered, "docx")))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Wer sieht meine Daten?" in cells
    assert "beantwortet" in cells
    book = openpyxl.load_workbook(io.BytesIO(download(client, answered, "xlsx")))
    sheet = next(s for s in book.worksheets if s.title.startswith("2 "))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Nr.", "Frage", "An", "Status", "Unterstützung")
    assert rows[1][1:5] == ("Wer sieht meine Daten?", "Betriebsrat", "offen", 3)
    archive_zip = zipfile.ZipFile(io.BytesIO(download(client, answered, "csv")))
    name = next(n for n in archive_zip.namelist() if n.endswith("-qa.csv"))
    lines = list(csv.reader(io.StringIO(archive_zip.read(name).decode("utf-8-sig"))))
    assert lines[2][1:5] == ["Gibt es Schulungen?", "Geschäftsleitung", "beantwortet", "1"]


def test_report_withholds_upvotes_below_k_in_every_format(
    client: FlaskClient, ws: WorkshopSession, owner: Any, make_participant: Factory
) -> None:
    people = [make_participant(ws) for _ in range(3)]
    step = step_of(ws, "qa")
    first = services.add_note(people[0], step.id, "br", "Erste Frage?", "w-first-1").result_id
    second = services.add_note(people[0], step.id, "br", "Zweite Frage?", "w-second-1").result_id
    qa_services.upvote(people[1], second, "w-up-00001")
    qa_services.upvote(people[2], second, "w-up-00002")  # two people: below k = 3
    assert first
    db.session.commit()
    login(client, owner)
    archive = json.loads(download(client, ws, "json"))
    jsonschema.validate(archive, SCHEMA)
    qa = next(s for s in archive["steps"] if s["kind"] == "qa")
    assert [(q["text"], q["upvotes"]) for q in qa["questions"]] == [
        ("Erste Frage?", None),  # oldest first, no counts
        ("Zweite Frage?", None),
    ]
    assert any("weniger als 3" in line for line in qa["withheld"])
    page = client.get(f"/sessions/{ws.id}/report").text
    assert "zu wenige, um die Unterstützung zu zeigen" in page
    for fmt in ("pdf", "docx", "xlsx", "csv"):
        assert download(client, ws, fmt)
    book = openpyxl.load_workbook(io.BytesIO(download(client, ws, "xlsx")))
    sheet = next(s for s in book.worksheets if s.title.startswith("2 "))
    assert [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["–", "–"]
