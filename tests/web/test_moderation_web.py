"""Moderation over HTTP and sockets: the control endpoints, and phones that never receive
another participant's note while it waits for approval."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from facilitator.extensions import db
from facilitator.rules.team import Role
from facilitator.sessions.models import ModerationEvent, Note, WorkshopSession
from tests.conftest import clear, login, received, step_of
from tests.web.test_assessment_live import JSON, control, goto, phone
from tests.web.test_team import add

Factory = Callable[..., Any]
SECRET = "Nur für die Moderation"


@pytest.fixture
def ws(make_session: Factory) -> WorkshopSession:
    return make_session()  # mini: info, board, dot vote


def post(client: FlaskClient, ws: WorkshopSession, path: str, **data: Any) -> Any:
    g.pop("_login_user", None)  # Flask-Login caches the user on the kept app context
    return client.post(f"/sessions/{ws.id}{path}", data=data, headers=JSON)


def write(socket: Any, ws: WorkshopSession, text: str, key: str) -> int:
    board = step_of(ws, "board")
    ack = socket.emit(
        "note:add", {"step_id": board.id, "column": "pro", "text": text, "key": key}, callback=True
    )
    assert ack["ok"], ack
    return int(ack["id"])


def everything(socket: Any) -> str:
    """All a socket received so far, as one text to search."""
    return json.dumps(received(socket, "session:state") + received(socket, "me:state"))


def test_a_phone_never_receives_another_phones_waiting_note(
    app: Flask, ws: WorkshopSession
) -> None:
    desk, facilitator = control(app, ws)
    goto(desk, ws, "board")
    assert post(desk, ws, "/moderation/on").json["ok"]
    author, other = phone(app, ws), phone(app, ws)
    for socket in (author, other, facilitator):
        clear(socket)
    note_id = write(author, ws, SECRET, "k-mod-0001")
    assert post(desk, ws, "/input/close").json["ok"]  # the wall reaches the phones now
    assert SECRET not in everything(other)
    assert received(other, "session:state")  # the phones did get the (empty) wall
    mine = received(author, "me:state")[-1]["notes"]
    assert mine == [
        {"id": note_id, "column": "pro", "text": SECRET, "hidden": False, "pending": True}
    ]
    assert SECRET not in json.dumps(received(author, "session:state"))  # own list only
    queue = received(facilitator, "session:state")[-1]["moderation"]["queue"]
    assert [entry["text"] for entry in queue] == [SECRET]

    assert post(desk, ws, "/notes/approve", note_id=note_id).json["ok"]
    walls = [state["notes"] for state in received(other, "session:state")]
    assert [note["text"] for note in walls[-1]] == [SECRET]  # approved: now on every phone
    assert received(author, "me:state")[-1]["notes"][0]["pending"] is False


def test_switching_and_approving_over_http(app: Flask, ws: WorkshopSession) -> None:
    desk, facilitator = control(app, ws)
    goto(desk, ws, "board")
    response = post(desk, ws, "/moderation/on")
    assert response.json["ok"]
    assert step_of(ws, "board").settings["moderated"] is True
    assert received(facilitator, "session:state")[-1]["moderation"]["on"] is True
    author = phone(app, ws)
    first = write(author, ws, "eins", "k-mod-0002")
    second = write(author, ws, "zwei", "k-mod-0003")
    third = write(author, ws, "drei", "k-mod-0004")
    board = step_of(ws, "board")
    assert post(desk, ws, "/notes/hide", note_id=third).json["ok"]  # rejected from the queue
    assert post(desk, ws, "/notes/approve-all", step_id=board.id, up_to=second).json["ok"]
    notes = {note.id: note for note in db.session.query(Note)}
    assert [notes[i].pending for i in (first, second, third)] == [False, False, False]
    assert notes[third].hidden
    events = sorted((e.action, e.notes) for e in db.session.query(ModerationEvent))
    assert events == [("approved", 2), ("hidden", 1)]
    assert post(desk, ws, "/moderation/off").json["ok"]
    assert received(facilitator, "session:state")[-1]["moderation"] == {"on": False, "queue": []}


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/notes/approve", {"note_id": "abc"}),
        ("/notes/approve", {}),
        ("/notes/approve", {"note_id": "0"}),
        ("/notes/approve-all", {"step_id": "x", "up_to": "1"}),
        ("/notes/approve-all", {"up_to": "1"}),
    ],
)
def test_bad_input_gets_a_translated_error_and_changes_nothing(
    app: Flask, ws: WorkshopSession, path: str, data: dict[str, str]
) -> None:
    desk, _facilitator = control(app, ws)
    goto(desk, ws, "board")
    post(desk, ws, "/moderation/on")
    write(phone(app, ws), ws, "wartet", "k-mod-0005")
    revision = ws.revision
    response = post(desk, ws, path, **data)
    assert response.status_code == 400
    assert response.json["message"] == "Die Anfrage war ungültig. Bitte laden Sie die Seite neu."
    db.session.expire_all()
    assert [note.pending for note in db.session.query(Note)] == [True]
    assert db.session.query(ModerationEvent).count() == 0
    assert db.session.get(WorkshopSession, ws.id).revision == revision


def test_refusals_are_translated(app: Flask, ws: WorkshopSession) -> None:
    desk, _facilitator = control(app, ws)
    response = post(desk, ws, "/moderation/on")  # the info step collects no notes
    assert response.status_code == 409
    assert response.json["message"] == (
        "In diesem Schritt gibt es keine Freigabe: Er sammelt keine Karten."
    )
    response = post(desk, ws, "/notes/approve", note_id=999)
    assert response.status_code == 404
    assert response.json["message"] == "Diese Karte gibt es nicht (mehr)."


def test_only_the_owner_moderates(app: Flask, ws: WorkshopSession, make_user: Factory) -> None:
    desk, _facilitator = control(app, ws)
    goto(desk, ws, "board")
    post(desk, ws, "/moderation/on")
    note_id = write(phone(app, ws), ws, "wartet", "k-mod-0006")
    stranger = app.test_client()
    login(stranger, make_user(email="fremd@example.org"))
    response = post(stranger, ws, "/notes/approve", note_id=note_id)
    assert response.status_code in (403, 404)
    db.session.expire_all()
    assert db.session.get(Note, note_id).pending


def test_the_control_page_offers_the_switch_the_queue_and_the_key(
    app: Flask, ws: WorkshopSession
) -> None:
    desk, _facilitator = control(app, ws)
    g.pop("_login_user", None)
    page = desk.get(f"/sessions/{ws.id}").text
    assert 'data-toggle="moderation-on"' in page
    assert 'data-toggle="moderation-off"' in page
    assert 'id="moderation"' in page
    assert "<kbd>A</kbd> erste wartende Karte freigeben" in page


def test_a_co_facilitator_moderates_an_observer_does_not(
    app: Flask, ws: WorkshopSession, make_user: Factory
) -> None:
    desk, _facilitator = control(app, ws)
    goto(desk, ws, "board")
    post(desk, ws, "/moderation/on")
    first = write(phone(app, ws), ws, "eins", "k-mod-0007")
    second = write(phone(app, ws), ws, "zwei", "k-mod-0008")
    colleague, chair = make_user(email="ko@example.org"), make_user(email="br@example.org")
    add(ws, colleague, Role.COFACILITATOR)
    add(ws, chair, Role.OBSERVER)
    observer = app.test_client()
    login(observer, chair)
    for path, data in (
        ("/notes/approve", {"note_id": first}),
        ("/notes/approve-all", {"step_id": step_of(ws, "board").id, "up_to": second}),
        ("/notes/hide", {"note_id": first}),
        ("/moderation/off", {}),
    ):
        assert post(observer, ws, path, **data).status_code == 403, path
    db.session.expire_all()
    assert [note.pending for note in db.session.query(Note).order_by(Note.id)] == [True, True]
    g.pop("_login_user", None)
    page = observer.get(f"/sessions/{ws.id}").text
    assert 'id="moderation"' in page  # the queue, read-only (observe.js takes out the buttons)
    assert "read-only" in page
    co = app.test_client()
    login(co, colleague)
    assert post(co, ws, "/notes/approve", note_id=first).json["ok"]
    db.session.expire_all()
    assert [note.pending for note in db.session.query(Note).order_by(Note.id)] == [False, True]
