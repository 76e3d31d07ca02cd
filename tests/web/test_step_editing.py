"""Editing a session's steps during the workshop, and own templates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import func, select
from wtforms.fields.core import UnboundField

from facilitator.accounts.models import User
from facilitator.extensions import db
from facilitator.kinds import KINDS
from facilitator.sessions.assessment_forms import QuickStepForm, StepAddForm
from facilitator.sessions.models import Note, OwnTemplate, SessionStep, WorkshopSession
from tests.conftest import connect_socket, join_as, login, received, step_of

Factory = Callable[..., Any]
TEMPLATES = Path(__file__).resolve().parents[2] / "facilitator" / "templates"


@pytest.fixture
def ws(make_session: Factory) -> WorkshopSession:
    ws = make_session()  # mini: info, board, dot vote
    db.session.commit()
    return ws


@pytest.fixture
def client(app: Flask, ws: WorkshopSession) -> FlaskClient:
    client = app.test_client()
    login(client, db.session.get(User, ws.owner_id))
    return client


def steps(ws_id: int) -> list[tuple[int, str, str]]:
    db.session.expire_all()
    rows = db.session.execute(
        select(SessionStep.position, SessionStep.kind, SessionStep.key)
        .where(SessionStep.ws_id == ws_id)
        .order_by(SessionStep.position)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def post(client: FlaskClient, path: str, **data: Any) -> str:
    g.pop("_login_user", None)
    return client.post(path, data=data, follow_redirects=True).text


def test_a_poll_created_on_the_fly(app: Flask, client: FlaskClient, ws: WorkshopSession) -> None:
    phone = app.test_client()
    join_as(phone, ws)
    socket = connect_socket(app, phone, ws)
    page = post(
        client,
        f"/sessions/{ws.id}/steps/add",
        kind="poll",
        title="Spontan",
        prompt="Kaffee oder Tee?",
        lines="Kaffee\nTee\n",
        position="1",
    )
    assert "Der Schritt wurde hinzugefügt." in page
    kinds = [kind for _, kind, _ in steps(ws.id)]
    assert kinds == ["info", "poll", "board", "dot_vote"]
    db.session.expire_all()
    assert db.session.get(WorkshopSession, ws.id).current_position == 0  # still on the intro
    poll = step_of(db.session.get(WorkshopSession, ws.id), "poll")
    post(client, f"/sessions/{ws.id}/goto", position=str(poll.position))
    state = received(socket, "session:state")[-1]
    assert state["step"]["kind"] == "poll"
    assert [o["text"]["de"] for o in state["step"]["options"]] == ["Kaffee", "Tee"]
    assert state["items"][0]["text"]["de"] == "Kaffee oder Tee?"


def test_an_invalid_new_step_changes_nothing(client: FlaskClient, ws: WorkshopSession) -> None:
    before = steps(ws.id)
    page = post(
        client,
        f"/sessions/{ws.id}/steps/add",
        kind="poll",
        title="Nur eine",
        prompt="?",
        lines="Ja",
        position="1",
    )
    assert "options" in page  # the validation names the problem
    page = post(
        client, f"/sessions/{ws.id}/steps/add", kind="mystery", title="x", prompt="y", position="1"
    )
    assert steps(ws.id) == before


def test_moving_respects_sources(client: FlaskClient, ws: WorkshopSession) -> None:
    before = steps(ws.id)
    board = next(row for row in before if row[1] == "board")
    vote_step = next(row for row in before if row[1] == "dot_vote")
    ids = {
        key: step_id for key, step_id in db.session.execute(select(SessionStep.key, SessionStep.id))
    }
    page = post(client, f"/sessions/{ws.id}/steps/up", step_id=str(ids[vote_step[2]]))
    assert "kann nicht entfernt oder dorthin verschoben werden" in page  # above its board
    assert steps(ws.id) == before
    post(client, f"/sessions/{ws.id}/steps/up", step_id=str(ids[board[2]]))
    assert [kind for _, kind, _ in steps(ws.id)] == ["board", "info", "dot_vote"]
    db.session.expire_all()
    # the intro is still the one shown, now at position 1
    assert db.session.get(WorkshopSession, ws.id).current_position == 1


def test_removing_a_step(
    client: FlaskClient, ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    make_note(make_participant(ws), "Weg damit")
    db.session.commit()
    ids = {
        kind: step_id
        for kind, step_id in db.session.execute(select(SessionStep.kind, SessionStep.id))
    }
    page = post(client, f"/sessions/{ws.id}/steps/remove", step_id=str(ids["board"]), confirm="y")
    assert "kann nicht entfernt" in page  # the dot vote takes its notes from it
    page = post(client, f"/sessions/{ws.id}/steps/remove", step_id=str(ids["dot_vote"]))
    assert "bestätigen" in page
    post(client, f"/sessions/{ws.id}/steps/remove", step_id=str(ids["dot_vote"]), confirm="y")
    post(client, f"/sessions/{ws.id}/steps/remove", step_id=str(ids["board"]), confirm="y")
    assert [kind for _, kind, _ in steps(ws.id)] == ["info"]
    assert db.session.scalar(select(func.count()).select_from(Note)) == 0
    page = post(client, f"/sessions/{ws.id}/steps/remove", step_id=str(ids["info"]), confirm="y")
    assert "einzige Schritt" in page


def test_rewording_reaches_the_phones(app: Flask, client: FlaskClient, ws: WorkshopSession) -> None:
    phone = app.test_client()
    join_as(phone, ws)
    socket = connect_socket(app, phone, ws)
    step = ws.steps[0]
    post(
        client,
        f"/sessions/{ws.id}/steps/{step.id}/edit",
        **{f"s{step.id}-title": "Hallo Werkstatt", f"s{step.id}-prompt": "Neu"},
    )
    assert received(socket, "session:state")[-1]["step"]["title"]["de"] == "Hallo Werkstatt"


def test_own_template_round_trip(
    app: Flask, client: FlaskClient, ws: WorkshopSession, make_user: Factory
) -> None:
    post(
        client,
        f"/sessions/{ws.id}/steps/add",
        kind="scale",
        title="Puls",
        prompt="Wie geht es?",
        lines="Gut vorbereitet\nGenug Zeit",
        position="3",
    )
    page = post(client, f"/sessions/{ws.id}/save-template", name="Unsere Werkstatt-Runde")
    assert "Als eigene Vorlage gespeichert" in page
    template = db.session.scalar(select(OwnTemplate))
    form = client.get("/sessions/new").text
    assert "Unsere Werkstatt-Runde (eigene Vorlage)" in form
    g.pop("_login_user", None)
    response = client.post(
        "/sessions/new",
        data={
            "template": f"own-{template.id}",
            "title": "Zweite Runde",
            "language": "de",
            "groups": "Beschäftigte\nBetriebsrat",
            "anonymity_threshold": "3",
            "retention_days": "30",
        },
    )
    assert response.status_code == 302
    second = db.session.scalar(
        select(WorkshopSession).where(WorkshopSession.title == "Zweite Runde")
    )
    assert [s.kind for s in second.steps] == ["info", "board", "dot_vote", "scale"]
    # the template's learning objectives travel in the session's copy; an own template has none
    assert [o["en"] for o in ws.template["learning_objectives"]] == [
        "Participants can name reasons for and against.",
        "Participants can weigh the most important reasons.",
    ]
    assert second.template["learning_objectives"] == []
    assert second.steps[3].settings["items"][1]["text"]["de"] == "Genug Zeit"
    # nobody else sees or uses it
    stranger = app.test_client()
    other = make_user()
    db.session.commit()
    login(stranger, other)
    g.pop("_login_user", None)
    assert "Unsere Werkstatt-Runde" not in stranger.get("/sessions/new").text
    g.pop("_login_user", None)
    assert (
        stranger.post(f"/templates/{template.id}/delete", follow_redirects=True).status_code == 200
    )
    assert db.session.scalar(select(func.count()).select_from(OwnTemplate)) == 1
    post(client, f"/templates/{template.id}/delete")
    assert db.session.scalar(select(func.count()).select_from(OwnTemplate)) == 0


def test_a_qa_round_added_on_the_fly(client: FlaskClient, ws: WorkshopSession) -> None:
    """A Q&A step from the editor: the lines are its addressees; none give the defaults."""
    for lines, expected in (("Chefin\nBetriebsrat\n", ["Chefin", "Betriebsrat"]), ("", None)):
        page = post(
            client,
            f"/sessions/{ws.id}/steps/add",
            kind="qa",
            title="Fragen",
            prompt="Was wollen Sie wissen?",
            lines=lines,
            position="3",
        )
        assert "Der Schritt wurde hinzugefügt." in page
        db.session.expire_all()
        qa = step_of(db.session.get(WorkshopSession, ws.id), "qa")
        titles = [column["title"]["de"] for column in qa.settings["columns"]]
        assert titles == (expected or ["Geschäftsleitung", "Betriebsrat", "Moderation"])
        post(client, f"/sessions/{ws.id}/steps/remove", step_id=str(qa.id))


def test_a_rank_order_added_on_the_fly(
    app: Flask, client: FlaskClient, ws: WorkshopSession
) -> None:
    """A rank order from the control page's quick form: the lines are its options, which
    become the step's items; the form offers it and says what its lines are."""
    g.pop("_login_user", None)
    form = client.get(f"/sessions/{ws.id}/steps").text
    assert '<option value="rank_order">Rangfolge</option>' in form
    assert "Rangfolge: die Optionen (2 bis 10)." in form
    page = post(
        client,
        f"/sessions/{ws.id}/steps/add",
        kind="rank_order",
        title="Was zuerst?",
        prompt="Bringen Sie die Themen in eine Reihenfolge.",
        lines="Schulung\nRegeln\nPilot\n",
        position="1",
    )
    assert "Der Schritt wurde hinzugefügt." in page
    db.session.expire_all()
    ranking = step_of(db.session.get(WorkshopSession, ws.id), "rank_order")
    assert not ranking.results_visible  # hidden until revealed, like a template's
    phone = app.test_client()
    join_as(phone, ws)
    socket = connect_socket(app, phone, ws)
    post(client, f"/sessions/{ws.id}/goto", position=str(ranking.position))
    state = received(socket, "session:state")[-1]
    assert state["step"]["input"] == "order"
    assert [item["text"]["de"] for item in state["items"]] == ["Schulung", "Regeln", "Pilot"]
    one = post(
        client,
        f"/sessions/{ws.id}/steps/add",
        kind="rank_order",
        title="Nur eins",
        prompt="?",
        lines="Allein",
        position="1",
    )
    assert "options" in one  # at least two: the settings' own check names the key


def test_the_kinds_own_quick_form_fields(client: FlaskClient, ws: WorkshopSession) -> None:
    """The quick form names no kind's field: the poll's `multiple` and the quiz's `correct` are
    the kinds' (`StepKind.quick_fields`), joined into the form from the registry and drawn in
    a loop, translated; their data still reaches the settings."""
    shared = {name for name, value in vars(StepAddForm).items() if isinstance(value, UnboundField)}
    assert shared == {"kind", "title", "prompt", "lines", "position"}
    declared = {name for kind in KINDS.values() if kind.editable for name in kind.quick_fields}
    assert {"multiple", "correct"} <= declared
    assert set(QuickStepForm.kind_fields) == declared
    page = TEMPLATES.joinpath("sessions", "steps.html").read_text(encoding="utf-8")
    assert not [name for name in declared if f"add_form.{name}" in page]
    g.pop("_login_user", None)
    form = client.get(f"/sessions/{ws.id}/steps").text
    assert "Mehrere Antworten dürfen gewählt werden" in form
    assert "Quiz: Nummer der richtigen Antwort" in form
    for kind, title, extra in (
        ("poll", "Mehrfach", {"multiple": "y"}),
        ("quiz", "Wissen", {"correct": "2"}),
    ):
        page = post(
            client,
            f"/sessions/{ws.id}/steps/add",
            kind=kind,
            title=title,
            prompt="Welche?",
            lines="Eins\nZwei\nDrei\n",
            position="1",
            **extra,
        )
        assert "Der Schritt wurde hinzugefügt." in page
    db.session.expire_all()
    added = db.session.get(WorkshopSession, ws.id)
    poll, quiz = step_of(added, "poll"), step_of(added, "quiz")
    assert poll.settings["multiple"] is True
    assert poll.settings["max_choices"] == 3
    assert quiz.settings["correct"] == ["o2"]
    assert quiz.settings["multiple"] is False
