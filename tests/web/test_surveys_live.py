"""Scales, polls and quizzes over Socket.IO and in the report: answers and refusals, the
multiple-choice limit, a quiz's answer never shown before the reveal, the profile and counts."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import openpyxl
import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import func, select

from facilitator.extensions import db
from facilitator.sessions.models import Answer, WorkshopSession
from tests.conftest import connect_socket, login, received
from tests.web.test_assessment_live import control, phone
from tests.web.test_assessment_report import SCHEMA
from tests.web.test_reports import download

Factory = Callable[..., Any]
JSON = {"Accept": "application/json"}


@pytest.fixture
def ws(make_session: Factory) -> WorkshopSession:
    return make_session(template="umfrage-mini", anonymity_threshold=3)


def goto(client: FlaskClient, ws: WorkshopSession, key: str) -> Any:
    step = next(s for s in ws.steps if s.key == key)
    g.pop("_login_user", None)
    response = client.post(
        f"/sessions/{ws.id}/goto", data={"position": step.position}, headers=JSON
    )
    assert response.json["ok"]
    return step


def answer(socket: Any, step_id: int, item_id: int, dimension: str, value: int, key: str) -> Any:
    return socket.emit(
        "answer:set",
        {
            "step_id": step_id,
            "item_id": item_id,
            "dimension": dimension,
            "value": value,
            "key": key,
        },
        callback=True,
    )


def answers() -> int:
    return db.session.scalar(select(func.count()).select_from(Answer)) or 0


def test_scale_with_no_answer_and_a_profile(app: Flask, ws: WorkshopSession) -> None:
    client, facilitator = control(app, ws)
    scale = goto(client, ws, "reife")
    phones = [phone(app, ws, "Beschäftigte") for _ in range(3)]
    items = received(phones[0], "session:state")[-1]["items"]
    assert received(phones[0], "session:state")[-1]["step"]["labels"][0]["de"] == "nicht vorhanden"
    for index, socket in enumerate(phones):
        for item, value in zip(items, (4, 1, 3 - index), strict=True):
            assert answer(
                socket, scale.id, item["id"], "answer", value, f"s{index}{item['id']:06d}"
            )["ok"]
    bad = answer(phones[0], scale.id, items[0]["id"], "answer", 6, "bad-00001")  # 5 = keine Angabe
    assert bad["ok"] is False
    assert answer(phones[0], scale.id, items[0]["id"], "answer", 5, "na-000001")["ok"]
    mine = received(phones[0], "me:state")[-1]["answers"]
    assert mine[str(items[0]["id"])] == {"answer": 5}  # the phone shows its own answers
    state = received(facilitator, "session:state")[-1]
    first = state["items"][0]["result"]["scale"]["answer"]
    assert (first["distribution"], first["no_answer"], first["n"]) == ([0, 0, 0, 2], 1, 2)
    profile = {row["dimension"]: row for row in state["profile"]}
    # Daten: 4, 4 and the reversed "scattered" item 1, 1, 1 → 4, 4, 4: mean 4
    assert profile["daten"]["mean"] == pytest.approx(4.0)
    assert profile["kultur"]["mean"] == pytest.approx(2.0)
    assert profile["daten"]["groups"] == []  # by group only once input is closed
    client.post(f"/sessions/{ws.id}/input/close", headers=JSON)
    profile = {
        row["dimension"]: row for row in received(facilitator, "session:state")[-1]["profile"]
    }
    assert [g["name"] for g in profile["daten"]["groups"]] == ["Beschäftigte"]


def test_ist_and_soll_variants(app: Flask, ws: WorkshopSession) -> None:
    client, facilitator = control(app, ws)
    scale = goto(client, ws, "automatisierung")
    phones = [phone(app, ws, "Beschäftigte") for _ in range(3)]
    item = received(phones[0], "session:state")[-1]["items"][0]["id"]
    for index, socket in enumerate(phones):
        assert answer(socket, scale.id, item, "v1", 1, f"ist-0000{index}")["ok"]
        assert answer(socket, scale.id, item, "v2", 3, f"soll-000{index}")["ok"]
    assert answer(phones[0], scale.id, item, "answer", 2, "plain-001")["ok"] is False
    result = received(facilitator, "session:state")[-1]["items"][0]["result"]["scale"]
    assert (result["v1"]["mean"], result["v2"]["mean"]) == (1, 3)


def test_multiple_choice_limit_and_untick(app: Flask, ws: WorkshopSession) -> None:
    client, facilitator = control(app, ws)
    poll = goto(client, ws, "werkzeuge")
    socket = phone(app, ws, "Beschäftigte")
    item = received(socket, "session:state")[-1]["items"][0]["id"]
    assert answer(socket, poll.id, item, "c1", 1, "c1-000001")["ok"]
    assert answer(socket, poll.id, item, "c2", 1, "c2-000001")["ok"]
    third = answer(socket, poll.id, item, "c3", 1, "c3-000001")
    assert third["error"] == "ChoiceLimit"
    assert answers() == 2
    untick = socket.emit(
        "answer:skip",
        {"step_id": poll.id, "item_id": item, "dimension": "c1", "key": "un-000001"},
        callback=True,
    )
    assert untick["ok"]
    assert answer(socket, poll.id, item, "c3", 1, "c3-000002")["ok"]
    one_only = received(facilitator, "session:state")[-1]["items"][0]["result"]
    assert one_only["too_few"] is True  # one respondent: no figure (threshold 3)
    assert "counts" not in one_only
    for index in range(2):
        other = phone(app, ws, "Beschäftigte")
        assert answer(other, poll.id, item, "c2", 1, f"c2-00001{index}")["ok"]
    counts = received(facilitator, "session:state")[-1]["items"][0]["result"]["counts"]
    assert counts == [0, 3, 1]
    assert answer(socket, poll.id, item, "choice", 1, "single-01")["ok"] is False


def test_quiz_answer_is_secret_until_revealed(app: Flask, ws: WorkshopSession) -> None:
    client, facilitator = control(app, ws)
    quiz = goto(client, ws, "frage")
    projector = connect_socket(app, client, ws, "projector")
    phones = [phone(app, ws, "Beschäftigte") for _ in range(3)]
    item = received(phones[0], "session:state")[-1]["items"][0]["id"]
    for index, socket in enumerate(phones):
        assert answer(socket, quiz.id, item, "choice", 2 if index else 1, f"q{index}-000001")["ok"]
    for socket in (phones[0], projector):
        state = received(socket, "session:state")[-1]
        assert "correct" not in state["step"]
        assert "explanation" not in state["step"]
        assert "chose_right" not in state
    assert received(facilitator, "session:state")[-1]["step"]["correct"] == ["vorhersagen"]
    client.post(f"/sessions/{ws.id}/results/reveal", headers=JSON)
    shown = received(projector, "session:state")[-1]
    assert shown["step"]["correct"] == ["vorhersagen"]
    assert shown["chose_right"] == 2
    assert received(phones[0], "session:state")[-1]["chose_right"] == 2


def test_report_has_profile_options_and_quiz(
    client: FlaskClient, make_user: Factory, make_session: Factory, make_participant: Factory
) -> None:
    from facilitator.sessions import assessment_data, assessment_services

    owner = make_user()
    ws = make_session(owner, template="umfrage-mini", anonymity_threshold=3)
    people = [make_participant(ws, "Beschäftigte") for _ in range(3)]
    steps = {s.key: s for s in ws.steps}
    for index, person in enumerate(people):
        assessment_services.goto(ws, steps["reife"].position)
        for item, value in zip(assessment_data.items_of(steps["reife"].id), (4, 1, 2), strict=True):
            assessment_services.set_answer(
                person, steps["reife"].id, item.id, "answer", value, f"r{index}{item.id:05d}"
            )
        assessment_services.goto(ws, steps["frage"].position)
        quiz_item = assessment_data.items_of(steps["frage"].id)[0].id
        assessment_services.set_answer(
            person, steps["frage"].id, quiz_item, "choice", 2 if index else 1, f"f{index}00000"
        )
    db.session.commit()
    login(client, owner)
    archive = json.loads(download(client, ws, "json"))
    jsonschema.validate(archive, SCHEMA)
    reife = next(s for s in archive["steps"] if s["kind"] == "scale")
    assert [(d["dimension"], d["mean"]) for d in reife["dimension_scores"]] == [
        ("Daten", 4.0),
        ("Kultur", 2.0),
    ]
    assert reife["scale_items"][1]["reversed"] is True
    assert reife["scale_items"][0]["distribution"] == [0, 0, 0, 3]
    quiz = next(s for s in archive["steps"] if s["kind"] == "quiz")
    assert [o["count"] for o in quiz["options"]] == [1, 2]
    assert [o["correct"] for o in quiz["options"]] == [False, True]
    assert quiz["chose_right"] == 2
    book = openpyxl.load_workbook(io.BytesIO(download(client, ws, "xlsx")))
    sheet = next(s for s in book.worksheets if s.title.startswith("1 "))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == ("Daten", "Wert des Bereichs")
    assert rows[1][rows[0].index("Mittelwert")] == 4.0  # a typed number
    from pypdf import PdfReader

    g.pop("_login_user", None)
    pdf = PdfReader(io.BytesIO(download(client, ws, "pdf")))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for expected in (
        "Wert des Bereichs",
        "Wörter vorhersagen",
        "2 von 3 haben richtig",
        "Begriffe",
    ):
        assert expected in text, expected
    import docx

    g.pop("_login_user", None)
    document = docx.Document(io.BytesIO(download(client, ws, "docx")))
    paragraphs = [p.text for p in document.paragraphs]
    assert any(p.startswith("Daten  █") and p.endswith("4,0") for p in paragraphs)
    assert any("2 von 3 haben richtig geantwortet." in p for p in paragraphs)


def test_canvas_fields_take_notes_and_dots(app: Flask, ws: WorkshopSession) -> None:
    client, facilitator = control(app, ws)
    canvas = goto(client, ws, "leinwand")
    socket = phone(app, ws, "Beschäftigte")
    state = received(socket, "session:state")[-1]
    assert [c["key"] for c in state["columns"]] == ["vorhersage", "urteil", "daten"]
    assert state["step"]["layout"]["vorhersage"]["width"] == 2
    ack = socket.emit(
        "note:add",
        {"step_id": canvas.id, "column": "urteil", "text": "Fehler teuer", "key": "cv-000001"},
        callback=True,
    )
    assert ack["ok"], ack
    wrong = socket.emit(
        "note:add",
        {"step_id": canvas.id, "column": "nirgends", "text": "x", "key": "cv-000002"},
        callback=True,
    )
    assert wrong["error"] == "UnknownColumn"
    goto(client, ws, "canvas-punkte")
    cast = socket.emit("vote:cast", {"note_id": ack["id"], "key": "cv-000003"}, callback=True)
    assert cast["ok"], cast
    state = received(facilitator, "session:state")[-1]
    assert state["voters"] == 1
    assert "dots" not in state["notes"][0]  # one voter: the tally is withheld
    assert state["dots_withheld"] == ws.anonymity_threshold
    for index in range(2):
        other = phone(app, ws, "Beschäftigte")
        again = other.emit(
            "vote:cast", {"note_id": ack["id"], "key": f"cv-10000{index}"}, callback=True
        )
        assert again["ok"], again
    assert received(facilitator, "session:state")[-1]["notes"][0]["dots"] == 3


def test_weighted_decision_budget_and_result(app: Flask, ws: WorkshopSession) -> None:
    client, facilitator = control(app, ws)
    step = goto(client, ws, "auswahl")
    socket = phone(app, ws, "Beschäftigte")
    price, privacy = (i["id"] for i in received(socket, "session:state")[-1]["items"])
    assert answer(socket, step.id, price, "weight", 3, "w-0000001")["ok"]
    over = answer(socket, step.id, privacy, "weight", 2, "w-0000002")
    assert over["error"] == "VoteBudgetExceeded"  # 3 + 2 > 4
    assert answer(socket, step.id, privacy, "weight", 1, "w-0000003")["ok"]
    for item, option, value in (
        (price, "o1", 5),
        (privacy, "o1", 1),
        (price, "o2", 2),
        (privacy, "o2", 5),
    ):
        assert answer(socket, step.id, item, option, value, f"rate-{item}-{option}")["ok"]
    assert answer(socket, step.id, price, "o3", 1, "r-0000009")["ok"] is False  # only two options
    one_only = received(facilitator, "session:state")[-1]["decision"]
    assert one_only == {"too_few": True, "k": 3}  # one person: too few to show
    for index in range(2):  # two more people give the same points and ratings
        other = phone(app, ws, "Beschäftigte")
        for item, dimension, value in (
            (price, "weight", 3),
            (privacy, "weight", 1),
            (price, "o1", 5),
            (privacy, "o1", 1),
            (price, "o2", 2),
            (privacy, "o2", 5),
        ):
            ack = answer(other, step.id, item, dimension, value, f"x{index}-{item:04d}-{dimension}")
            assert ack["ok"], ack
    decision = received(facilitator, "session:state")[-1]["decision"]
    assert decision["weights"] == [0.75, 0.25]
    assert decision["options"][0]["score"] == pytest.approx(4.0)
    assert decision["options"][1]["score"] == pytest.approx(2.75)
    g.pop("_login_user", None)
    archive = json.loads(download(client, ws, "json"))
    jsonschema.validate(archive, SCHEMA)
    section = next(s for s in archive["steps"] if s["kind"] == "weighted")
    assert [d["option"] for d in section["decision"]] == ["System A", "System B"]
    assert section["weights"][0] == {"criterion": "Preis", "share": 0.75}


def test_word_cloud_folds_case_and_plurals(app: Flask, ws: WorkshopSession) -> None:
    client, _facilitator = control(app, ws)
    board = goto(client, ws, "begriffe")
    projector = connect_socket(app, client, ws, "projector")
    socket = phone(app, ws, "Beschäftigte")
    for index, text in enumerate(["Daten", "daten", "Roboter", "Robotern", "KI"]):
        ack = socket.emit(
            "note:add",
            {"step_id": board.id, "column": "woerter", "text": text, "key": f"wd-{index:06d}"},
            callback=True,
        )
        assert ack["ok"], ack
    state = received(projector, "session:state")[-1]
    assert state["step"]["view"] == "words"
    assert state["words"][:2] == [["Daten", 2], ["Roboter", 2]]
    assert ["KI", 1] in state["words"]
    g.pop("_login_user", None)
    archive = json.loads(download(client, ws, "json"))
    jsonschema.validate(archive, SCHEMA)
    words = next(s for s in archive["steps"] if s["title"] == "Begriffe")["words"]
    assert words[0] == {"word": "Daten", "count": 2}


def test_nominal_scale_counts_per_group_without_means(
    client: FlaskClient, make_user: Factory, make_session: Factory, make_participant: Factory
) -> None:
    from facilitator.sessions import assessment_data, assessment_services, services

    owner = make_user()
    ws = make_session(owner, template="umfrage-mini", anonymity_threshold=3)
    stand = next(s for s in ws.steps if s.key == "stand")
    assessment_services.goto(ws, stand.position)
    item = assessment_data.items_of(stand.id)[0].id
    people = [make_participant(ws, "Beschäftigte") for _ in range(3)]
    people += [make_participant(ws, "Führungskräfte") for _ in range(3)]
    for index, person in enumerate(people):
        value = 3 if index < 3 else 1  # employees: disputed; managers: regulated
        assessment_services.set_answer(person, stand.id, item, "answer", value, f"n{index:07d}")
    services.set_input_open(ws, False)
    db.session.commit()
    login(client, owner)
    book = openpyxl.load_workbook(io.BytesIO(download(client, ws, "xlsx")))
    sheet = next(s for s in book.worksheets if s.title.startswith(f"{stand.position + 1} "))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2:6] == ("Gruppe", "geregelt", "offen", "strittig")
    assert "Mittelwert" not in rows[0]
    assert rows[1][2:6] == ("Alle", 3, 0, 3)
    assert rows[2][2:6] == ("Beschäftigte", 0, 0, 3)
    assert rows[3][2:6] == ("Führungskräfte", 3, 0, 0)


def test_revealing_a_quiz_closes_its_answers(app: Flask, ws: WorkshopSession) -> None:
    client, _facilitator = control(app, ws)
    quiz = goto(client, ws, "frage")
    socket = phone(app, ws, "Beschäftigte")
    item = received(socket, "session:state")[-1]["items"][0]["id"]
    assert answer(socket, quiz.id, item, "choice", 1, "quiz-00001")["ok"]
    assert client.post(f"/sessions/{ws.id}/results/reveal", headers=JSON).json["ok"]
    assert received(socket, "session:state")[-1]["step"]["open"] is False
    changed = answer(socket, quiz.id, item, "choice", 2, "quiz-00002")  # to the right one
    assert changed["error"] == "StepClosed"
    reopen = client.post(f"/sessions/{ws.id}/input/open", headers=JSON)
    assert (reopen.status_code, reopen.json["error"]) == (409, "QuizRevealed")
    # hidden again, the quiz may take answers again (the facilitator's call)
    assert client.post(f"/sessions/{ws.id}/results/hide", headers=JSON).json["ok"]
    assert client.post(f"/sessions/{ws.id}/input/open", headers=JSON).json["ok"]
    assert answer(socket, quiz.id, item, "choice", 2, "quiz-00003")["ok"]


def test_means_are_on_the_numbers_the_labels_carry(
    client: FlaskClient, make_user: Factory, make_session: Factory, make_participant: Factory
) -> None:
    """A scale labelled 0 … 2 (like the automation levels 0 … 5 of "wer-entscheidet") is
    averaged on 0 … 2, live and in every report format."""
    from facilitator.live import snapshots
    from facilitator.sessions import assessment_data, assessment_services

    owner = make_user()
    ws = make_session(owner, template="umfrage-mini", anonymity_threshold=3)
    step = next(s for s in ws.steps if s.key == "automatisierung")
    step.settings = {**step.settings, "first_value": 0}
    assessment_services.goto(ws, step.position)
    item = assessment_data.items_of(step.id)[0]
    for index, value in enumerate((1, 1, 3)):  # levels 0, 0, 2
        person = make_participant(ws, "Beschäftigte")
        assessment_services.set_answer(person, step.id, item.id, "v1", value, f"a{index}00000")
    db.session.commit()
    live = snapshots.facilitator_snapshot(snapshots.load_content(ws))
    assert live["step"]["first_value"] == 0
    assert live["items"][0]["result"]["scale"]["v1"]["mean"] == pytest.approx(2 / 3)
    assert live["profile"][0]["mean"] == pytest.approx(2 / 3)
    login(client, owner)
    archive = json.loads(download(client, ws, "json"))
    jsonschema.validate(archive, SCHEMA)
    shown = next(s for s in archive["steps"] if s["title"] == "Wer entscheidet?")
    assert shown["first_value"] == 0
    assert shown["scale_items"][0]["mean"] == pytest.approx(2 / 3)
    assert shown["dimension_scores"][0]["mean"] == pytest.approx(2 / 3)
