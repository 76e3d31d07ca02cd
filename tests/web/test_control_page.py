"""The control page shows the state: one button per pair that applies, next and back, keys,
confirmed ending (heard live by phones and the control page), a handover into the action plan
that happens once with its STOP type, and measure numbers that never repeat."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from facilitator.accounts.models import User
from facilitator.extensions import db
from facilitator.queries import answer_data
from facilitator.sessions import assessment_services
from facilitator.sessions.models import ActionItem, WorkshopSession
from tests.conftest import clear, login, received
from tests.web.test_assessment_live import JSON, control, goto, phone

Factory = Callable[..., Any]


def form_tag(page: str, toggle: str) -> str:
    found = re.search(rf'<form[^>]*data-toggle="{toggle}"[^>]*>', page)
    assert found is not None, toggle
    return found.group(0)


def page_of(client: FlaskClient, ws: WorkshopSession) -> str:
    g.pop("_login_user", None)
    return client.get(f"/sessions/{ws.id}").text


@pytest.fixture
def board_ws(make_session: Factory) -> WorkshopSession:
    return make_session()  # mini: info, board, dot vote


@pytest.fixture
def risk_ws(make_session: Factory) -> WorkshopSession:
    return make_session(template="risiko-mini", anonymity_threshold=3)


def owner_client(app: Flask, ws: WorkshopSession) -> FlaskClient:
    db.session.commit()
    client = app.test_client()
    login(client, db.session.get(User, ws.owner_id))
    return client


def test_only_the_action_that_applies_is_shown(app: Flask, board_ws: WorkshopSession) -> None:
    client = owner_client(app, board_ws)
    page = page_of(client, board_ws)  # an info step: no input to open or close
    assert "hidden" in form_tag(page, "input-open")
    assert "hidden" in form_tag(page, "input-close")
    board = next(s for s in board_ws.steps if s.kind == "board")
    goto(client, board_ws, "board")
    page = page_of(client, board_ws)
    assert board.is_open
    assert "hidden" in form_tag(page, "input-open")
    assert "hidden" not in form_tag(page, "input-close")
    results_shown = board.results_visible
    assert ("hidden" in form_tag(page, "results-reveal")) is results_shown
    assert ("hidden" in form_tag(page, "results-hide")) is not results_shown
    g.pop("_login_user", None)
    client.post(f"/sessions/{board_ws.id}/input/close")
    page = page_of(client, board_ws)
    assert "hidden" not in form_tag(page, "input-open")
    assert "hidden" in form_tag(page, "input-close")
    assert "hidden" not in form_tag(page, "timer-start")
    assert "hidden" in form_tag(page, "timer-stop")


def test_next_and_back_move_one_step(app: Flask, board_ws: WorkshopSession) -> None:
    client = owner_client(app, board_ws)
    page = page_of(client, board_ws)
    back = re.search(r'data-move="previous">.*?</form>', page, re.S)
    forward = re.search(r'data-move="next">.*?</form>', page, re.S)
    assert back is not None
    assert forward is not None
    assert 'value="1"' in forward.group(0)
    assert "disabled" in back.group(0)  # nothing before the first step
    assert "Weiter" in forward.group(0)
    g.pop("_login_user", None)
    client.post(f"/sessions/{board_ws.id}/goto", data={"position": "1"})
    db.session.refresh(board_ws)
    assert board_ws.current_position == 1
    page = page_of(client, board_ws)
    back = re.search(r'data-move="previous">.*?</form>', page, re.S)
    assert back is not None
    assert 'value="0"' in back.group(0)
    assert "disabled" not in back.group(0)


def test_the_keys_are_listed(app: Flask, board_ws: WorkshopSession) -> None:
    page = page_of(owner_client(app, board_ws), board_ws)
    shortcuts = re.search(r'id="shortcuts">(.*?)</p>', page, re.S)
    assert shortcuts is not None
    for key in ("→", "←", "O", "R", "T"):
        assert f"<kbd>{key}</kbd>" in shortcuts.group(1)


def test_ending_needs_a_tick_and_everyone_hears_it(app: Flask, board_ws: WorkshopSession) -> None:
    client, facilitator = control(app, board_ws)
    socket = phone(app, board_ws)
    g.pop("_login_user", None)
    refused = client.post(f"/sessions/{board_ws.id}/close", headers=JSON)
    assert refused.status_code == 400
    assert "bestätigen" in refused.json["message"]
    db.session.refresh(board_ws)
    assert board_ws.is_live
    clear(facilitator)
    clear(socket)
    g.pop("_login_user", None)
    ended = client.post(f"/sessions/{board_ws.id}/close", data={"confirm": "y"}, headers=JSON)
    assert ended.json["ok"]
    assert received(facilitator, "session:state")[-1]["session"]["live"] is False
    assert received(socket, "session:state")[-1]["session"]["live"] is False
    page = page_of(client, board_ws)
    assert "hidden" in form_tag(page, "end")
    assert "hidden" not in form_tag(page, "reopen")
    assert re.search(r'id="ended-note" role="status" >', page)  # shown, not hidden


def proposal(app: Flask, ws: WorkshopSession, text: str) -> tuple[FlaskClient, Any, int, int]:
    """A phone proposes a measure against the first hazard; returns the note's id."""
    client, facilitator = control(app, ws)
    matrix = next(s for s in ws.steps if s.kind == "risk")
    hazard = answer_data.items_of(matrix.id)[0]
    actions = goto(client, ws, "actions")
    assessment_services.take_over(ws, actions.id, "risk", hazard.id)
    db.session.commit()
    socket = phone(app, ws)
    g.pop("_login_user", None)
    column = client.get(f"/sessions/{ws.id}/state.json").json["columns"]
    ack = socket.emit(
        "note:add",
        {"step_id": actions.id, "column": column[0]["key"], "text": text, "key": "n-0000001"},
        callback=True,
    )
    assert ack["ok"], ack
    return client, facilitator, ack["id"], hazard.id


def count_actions() -> int:
    return db.session.scalar(select(func.count()).select_from(ActionItem)) or 0


def test_handover_happens_once_with_the_named_stop_type(
    app: Flask, risk_ws: WorkshopSession
) -> None:
    client, facilitator, note_id, _hazard = proposal(app, risk_ws, "T: Auswertung abschalten")
    g.pop("_login_user", None)
    state = client.get(f"/sessions/{risk_ws.id}/state.json").json
    note = next(n for n in state["notes"] if n["id"] == note_id)
    assert (note["in_plan"], note["stop_type"]) == (False, "T")  # preselected from the prefix
    for _ in range(2):  # a second click does nothing
        g.pop("_login_user", None)
        response = client.post(
            f"/sessions/{risk_ws.id}/notes/to-action", data={"note_id": note_id}, headers=JSON
        )
        assert response.json["ok"]
    assert count_actions() == 1
    action = db.session.scalar(select(ActionItem))
    assert (action.stop_type, action.measure, action.note_id) == (
        "T",
        "Auswertung abschalten",
        note_id,
    )
    assert next(n for n in received(facilitator, "session:state")[-1]["notes"])["in_plan"] is True


def test_the_stop_type_chosen_at_handover_wins(app: Flask, risk_ws: WorkshopSession) -> None:
    client, _facilitator, note_id, _hazard = proposal(app, risk_ws, "Schulung zur neuen Software")
    g.pop("_login_user", None)
    state = client.get(f"/sessions/{risk_ws.id}/state.json").json
    assert next(n for n in state["notes"] if n["id"] == note_id)["stop_type"] == "O"
    g.pop("_login_user", None)
    client.post(
        f"/sessions/{risk_ws.id}/notes/to-action",
        data={"note_id": note_id, "stop_type": "P"},
        headers=JSON,
    )
    assert db.session.scalar(select(ActionItem.stop_type)) == "P"
    g.pop("_login_user", None)
    bad = client.post(
        f"/sessions/{risk_ws.id}/notes/to-action",
        data={"note_id": note_id, "stop_type": "X"},
        headers=JSON,
    )
    assert bad.status_code == 400


def test_the_database_holds_one_row_per_proposal(app: Flask, risk_ws: WorkshopSession) -> None:
    _client, _facilitator, note_id, _hazard = proposal(app, risk_ws, "Pausen einplanen")
    for position in range(2):
        db.session.add(
            ActionItem(ws_id=risk_ws.id, note_id=note_id, position=position, measure="x")
        )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_measures_of_one_hazard_get_their_own_numbers(app: Flask, risk_ws: WorkshopSession) -> None:
    client, _facilitator, note_id, hazard_id = proposal(app, risk_ws, "Stichproben prüfen")
    g.pop("_login_user", None)
    client.post(f"/sessions/{risk_ws.id}/notes/to-action", data={"note_id": note_id})
    assessment_services.add_action(risk_ws, hazard_id, {"measure": "Zweite Maßnahme"})
    db.session.commit()
    g.pop("_login_user", None)
    page = client.get(f"/sessions/{risk_ws.id}/action-plan").text
    numbers = re.findall(r"Maßnahme (\d+(?:\.\d+)*)</h2>", page)
    assert len(numbers) == 2
    assert len(set(numbers)) == 2
    assert numbers[0].endswith(".1")
    assert numbers[1].endswith(".2")
    assert numbers[0][:-2] == numbers[1][:-2]  # the same hazard's reference
    g.pop("_login_user", None)
    plan = client.get(f"/sessions/{risk_ws.id}/report.json").json["action_plan"]
    assert [row["ref"] for row in plan] == numbers


def test_removing_a_measure_asks_first(app: Flask, risk_ws: WorkshopSession) -> None:
    assessment_services.add_action(risk_ws, None, {"measure": "Eine Maßnahme"})
    client = owner_client(app, risk_ws)
    action = db.session.scalar(select(ActionItem))
    page = client.get(f"/sessions/{risk_ws.id}/action-plan").text
    assert f'name="r{action.id}-confirm"' in page
    g.pop("_login_user", None)
    refused = client.post(
        f"/sessions/{risk_ws.id}/action-plan/{action.id}/delete", follow_redirects=True
    )
    assert "Bitte bestätigen Sie" in refused.text
    assert count_actions() == 1
    g.pop("_login_user", None)
    client.post(
        f"/sessions/{risk_ws.id}/action-plan/{action.id}/delete",
        data={f"r{action.id}-confirm": "y"},
    )
    assert count_actions() == 0


def test_an_older_database_gets_the_handover_column_and_its_unique_index(tmp_path: Any) -> None:
    from sqlalchemy import create_engine, inspect, text

    from facilitator.db import add_missing_columns

    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    with engine.begin() as connection:
        connection.execute(
            text("CREATE TABLE note (id INTEGER PRIMARY KEY, heading BOOLEAN, pending BOOLEAN)")
        )
        connection.execute(
            text("CREATE TABLE action_item (id INTEGER PRIMARY KEY, measure TEXT, position INT)")
        )
    # (the minimal note table also gets the Q&A status column)
    assert add_missing_columns(engine) == ["action_item.note_id", "note.qa_status"]
    assert "note_id" in {c["name"] for c in inspect(engine).get_columns("action_item")}
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO action_item VALUES (1, 'a', 0, 7)"))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("INSERT INTO action_item VALUES (2, 'b', 1, 7)"))
    assert add_missing_columns(engine) == []  # once only
    engine.dispose()
