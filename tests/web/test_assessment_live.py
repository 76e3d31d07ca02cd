"""The risk assessment over real Socket.IO test clients and HTTP: phones answer and rate,
refusals change nothing, the projector sees results only once revealed, group figures respect
the threshold, the facilitator takes hazards over and keeps the action plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import func, select

from facilitator.accounts.models import User
from facilitator.extensions import db
from facilitator.queries import answer_data
from facilitator.sessions import assessment_services
from facilitator.sessions.models import ActionItem, Answer, WorkshopSession
from tests.conftest import connect_socket, join_as, login, received

Factory = Callable[..., Any]
JSON = {"Accept": "application/json"}


@pytest.fixture
def ws(make_session: Factory) -> WorkshopSession:
    return make_session(template="risiko-mini", anonymity_threshold=3)


def phone(app: Flask, ws: WorkshopSession, group: str | None = None) -> Any:
    client = app.test_client()
    join_as(client, ws, group)
    return connect_socket(app, client, ws)


def control(app: Flask, ws: WorkshopSession) -> tuple[FlaskClient, Any]:
    client = app.test_client()
    login(client, db.session.get(User, ws.owner_id))
    return client, connect_socket(app, client, ws, "facilitator")


def goto(client: FlaskClient, ws: WorkshopSession, kind: str, nth: int = 0) -> Any:
    step = [s for s in ws.steps if s.kind == kind][nth]
    g.pop("_login_user", None)
    response = client.post(
        f"/sessions/{ws.id}/goto", data={"position": step.position}, headers=JSON
    )
    assert response.json["ok"], response.json
    return step


def count_answers() -> int:
    return db.session.scalar(select(func.count()).select_from(Answer)) or 0


def test_phones_answer_a_check_and_see_their_own_answers(app: Flask, ws: WorkshopSession) -> None:
    client, _control = control(app, ws)
    check = goto(client, ws, "check")
    socket = phone(app, ws)
    state = received(socket, "session:state")[-1]
    assert state["step"]["kind"] == "check"
    assert [i["text"]["de"][:3] for i in state["items"]] == ["KI-", "Bei", "Das"]
    assert "result" not in state["items"][0]  # phones get no aggregates
    item = state["items"][0]["id"]
    ack = socket.emit(
        "answer:set",
        {
            "step_id": check.id,
            "item_id": item,
            "dimension": "answer",
            "value": 2,
            "key": "a-000001",
        },
        callback=True,
    )
    assert ack["ok"], ack
    assert received(socket, "me:state")[-1]["answers"] == {str(item): {"answer": 2}}


def test_back_on_a_step_only_those_who_answered_get_their_own_state(
    app: Flask, ws: WorkshopSession
) -> None:
    client, _control = control(app, ws)
    check = goto(client, ws, "check")
    answering, silent = phone(app, ws), phone(app, ws)
    item = received(answering, "session:state")[-1]["items"][0]["id"]
    payload = {"step_id": check.id, "item_id": item, "dimension": "answer", "value": 1}
    assert answering.emit("answer:set", {**payload, "key": "a-000009"}, callback=True)["ok"]
    goto(client, ws, "risk")
    answering.get_received(), silent.get_received()
    goto(client, ws, "check")
    assert [m["name"] for m in silent.get_received()] == ["session:state"]
    inbox = answering.get_received()
    assert [m["name"] for m in inbox] == ["session:state", "me:state"]
    assert inbox[0]["args"][0]["me"]["answers"] == {}
    assert inbox[1]["args"][0]["answers"] == {str(item): {"answer": 1}}


@pytest.mark.parametrize(
    "payload",
    [
        {"dimension": "answer", "value": 9},
        {"dimension": "answer", "value": "ja"},
        {"dimension": "likelihood", "value": 2},
        {"dimension": "mood", "value": 1},
        {"item_id": 999999, "dimension": "answer", "value": 1},
        {"step_id": 999999, "dimension": "answer", "value": 1},
        {"dimension": "answer"},
    ],
)
def test_bad_answers_get_a_clear_error_and_store_nothing(
    app: Flask, ws: WorkshopSession, payload: dict[str, Any]
) -> None:
    client, _control = control(app, ws)
    check = goto(client, ws, "check")
    socket = phone(app, ws)
    item = received(socket, "session:state")[-1]["items"][0]["id"]
    ack = socket.emit(
        "answer:set",
        {"step_id": check.id, "item_id": item, "key": "a-000002", **payload},
        callback=True,
    )
    assert ack["ok"] is False
    assert ack["message"]
    assert count_answers() == 0


def test_a_closed_step_refuses_ratings(app: Flask, ws: WorkshopSession) -> None:
    client, _control = control(app, ws)
    matrix = goto(client, ws, "risk")
    socket = phone(app, ws)
    hazard = received(socket, "session:state")[-1]["items"][0]["id"]
    client.post(f"/sessions/{ws.id}/input/close", headers=JSON)
    ack = socket.emit(
        "answer:set",
        {
            "step_id": matrix.id,
            "item_id": hazard,
            "dimension": "severity",
            "value": 2,
            "key": "c-0000001",
        },
        callback=True,
    )
    assert ack["error"] == "StepClosed"
    assert count_answers() == 0


def rate(socket: Any, step_id: int, item_id: int, likelihood: int, severity: int) -> None:
    for dimension, value in (("likelihood", likelihood), ("severity", severity)):
        ack = socket.emit(
            "answer:set",
            {
                "step_id": step_id,
                "item_id": item_id,
                "dimension": dimension,
                "value": value,
                "key": f"{dimension}-{item_id}-{id(socket)}",
            },
            callback=True,
        )
        assert ack["ok"], ack


def test_projector_sees_the_matrix_only_after_reveal_and_groups_respect_the_threshold(
    app: Flask, ws: WorkshopSession
) -> None:
    client, facilitator = control(app, ws)
    matrix = goto(client, ws, "risk")
    projector = connect_socket(app, client, ws, "projector")
    employees = [phone(app, ws, "Beschäftigte") for _ in range(3)]
    managers = [phone(app, ws, "Führungskräfte") for _ in range(3)]
    council = [phone(app, ws, "Betriebsrat")]  # one person: below the threshold of 3
    hazard = received(employees[0], "session:state")[-1]["items"][0]["id"]
    for socket in employees:
        rate(socket, matrix.id, hazard, 4, 4)
    for socket in managers:
        rate(socket, matrix.id, hazard, 1, 2)
    rate(council[0], matrix.id, hazard, 2, 2)
    hidden = received(projector, "session:state")[-1]
    assert hidden["respondents"] == 7
    assert all("result" not in item for item in hidden["items"])
    client.post(f"/sessions/{ws.id}/results/reveal", headers=JSON)
    shown = received(projector, "session:state")[-1]
    result = next(i for i in shown["items"] if i["id"] == hazard)["result"]
    # 7 ratings: likelihood 1,1,1,2,4,4,4 → median 2; severity 2,2,2,2,4,4,4 → median 2
    assert (result["likelihood"]["median"], result["severity"]["median"]) == (2, 2)
    assert (result["figure"], result["risk_class"], result["n"]) == (3, "signifikant", 7)
    assert result["likelihood"]["low"] == 1
    assert result["likelihood"]["high"] == 4
    assert "groups" not in result  # group details on the control page only
    # while input is open, the control page too sees totals only (no differencing)
    control_state = received(facilitator, "session:state")[-1]
    live = next(i for i in control_state["items"] if i["id"] == hazard)["result"]
    assert (live["groups"], live["withheld"], live["disagreement"]) == ([], "open", False)
    client.post(f"/sessions/{ws.id}/input/close", headers=JSON)
    shown = received(projector, "session:state")[-1]
    assert next(i for i in shown["items"] if i["id"] == hazard)["result"]["disagreement"] is True
    control_state = received(facilitator, "session:state")[-1]
    groups = next(i for i in control_state["items"] if i["id"] == hazard)["result"]["groups"]
    # the lone works-council member is pooled with the next smallest group, so that the
    # total minus the shown groups can never reveal one person's rating
    assert [g["name"] for g in groups] == ["Beschäftigte", "*"]
    assert [(g["risk_class"], g["n"]) for g in groups] == [("hoch", 3), ("gering", 4)]
    # reopening after the release withholds the groups for good
    client.post(f"/sessions/{ws.id}/input/open", headers=JSON)
    client.post(f"/sessions/{ws.id}/input/close", headers=JSON)
    control_state = received(facilitator, "session:state")[-1]
    again = next(i for i in control_state["items"] if i["id"] == hazard)["result"]
    assert (again["groups"], again["withheld"]) == ([], "reopened")
    assert control_state["step"]["breakdown"] == "reopened"
    # deleting the earlier answers starts over; without the tick nothing is deleted
    refused = client.post(f"/sessions/{ws.id}/answers/clear", headers=JSON)
    assert refused.status_code == 400
    assert count_answers() == 14
    cleared = client.post(f"/sessions/{ws.id}/answers/clear", data={"confirm": "y"}, headers=JSON)
    assert cleared.json["ok"]
    assert count_answers() == 0
    assert received(facilitator, "session:state")[-1]["step"]["breakdown"] == "pending"


def test_facilitator_switches_adds_and_takes_over(app: Flask, ws: WorkshopSession) -> None:
    client, facilitator = control(app, ws)
    matrix = goto(client, ws, "risk")
    socket = phone(app, ws)
    items = received(facilitator, "session:state")[-1]["items"]
    response = client.post(
        f"/sessions/{ws.id}/items/disable", data={"item_id": items[0]["id"]}, headers=JSON
    )
    assert response.json["ok"]
    response = client.post(
        f"/sessions/{ws.id}/items/add",
        data={"step_id": matrix.id, "text": "Lärm", "area": "Umgebung"},
        headers=JSON,
    )
    assert response.json["ok"]
    texts = [i["text"]["de"] for i in received(socket, "session:state")[-1]["items"]]
    assert texts == ["Datenabfluss", "Lärm"]  # the switched-off one is no longer asked
    empty = client.post(
        f"/sessions/{ws.id}/items/add", data={"step_id": matrix.id, "text": "  "}, headers=JSON
    )
    assert empty.status_code == 400
    candidates = received(facilitator, "session:state")[-1]["candidates"]
    assert {c["origin"] for c in candidates} == {"check"}  # no notes on the board yet
    statement = candidates[0]
    response = client.post(
        f"/sessions/{ws.id}/items/take",
        data={"step_id": matrix.id, "origin": "check", "source_id": statement["id"]},
        headers=JSON,
    )
    assert response.json["ok"]
    state = received(facilitator, "session:state")[-1]
    assert next(c for c in state["candidates"] if c["id"] == statement["id"])["taken"] is True
    assert state["items"][-1]["origin"] == "check"


def test_action_plan_page(app: Flask, ws: WorkshopSession) -> None:
    client, _facilitator = control(app, ws)
    matrix = next(s for s in ws.steps if s.kind == "risk")
    hazard = answer_data.items_of(matrix.id)[0]
    page = client.get(f"/sessions/{ws.id}/action-plan")
    assert page.status_code == 200
    assert "Maßnahmenplan" in page.text
    assert "Fehlerhafte Ergebnisse" in page.text  # hazards to choose from
    response = client.post(
        f"/sessions/{ws.id}/action-plan",
        data={
            "new-hazard_id": str(hazard.id),
            "new-measure": "Ergebnisse stichprobenartig prüfen",
            "new-stop_type": "O",
            "new-priority": "high",
            "new-responsible": "Teamleitung",
            "new-start_on": "2027-01-10",
            "new-due_on": "2027-02-01",
            "new-status": "open",
        },
    )
    assert response.status_code == 302
    action = db.session.scalar(select(ActionItem))
    assert (action.hazard_id, action.priority, str(action.due_on)) == (
        hazard.id,
        "high",
        "2027-02-01",
    )
    g.pop("_login_user", None)
    bad = client.post(
        f"/sessions/{ws.id}/action-plan/{action.id}",
        data={
            f"a{action.id}-measure": "geändert",
            f"a{action.id}-stop_type": "O",
            f"a{action.id}-priority": "high",
            f"a{action.id}-status": "open",
            f"a{action.id}-start_on": "2027-03-01",
            f"a{action.id}-due_on": "2027-02-01",
        },
        follow_redirects=True,
    )
    assert "Fälligkeit" in bad.text or "vor dem Beginn" in bad.text
    db.session.refresh(action)
    assert action.measure == "Ergebnisse stichprobenartig prüfen"
    g.pop("_login_user", None)
    unconfirmed = client.post(f"/sessions/{ws.id}/action-plan/{action.id}/delete")
    assert unconfirmed.status_code == 302  # nothing removed without the tick
    assert db.session.scalar(select(func.count()).select_from(ActionItem)) == 1
    g.pop("_login_user", None)
    client.post(
        f"/sessions/{ws.id}/action-plan/{action.id}/delete", data={f"r{action.id}-confirm": "y"}
    )
    assert db.session.scalar(select(func.count()).select_from(ActionItem)) == 0


def test_a_proposed_measure_goes_into_the_plan(app: Flask, ws: WorkshopSession) -> None:
    client, facilitator = control(app, ws)
    matrix = next(s for s in ws.steps if s.kind == "risk")
    hazard = answer_data.items_of(matrix.id)[0]
    actions = goto(client, ws, "actions")
    assessment_services.take_over(ws, actions.id, "risk", hazard.id)
    db.session.commit()
    socket = phone(app, ws)
    column = received(facilitator, "session:state")[-1]["columns"]
    if not column:  # the take-over above happened outside a request: resync
        g.pop("_login_user", None)
        column = client.get(f"/sessions/{ws.id}/state.json").json["columns"]
    ack = socket.emit(
        "note:add",
        {"step_id": actions.id, "column": column[0]["key"], "text": "Schulung", "key": "n-0000001"},
        callback=True,
    )
    assert ack["ok"], ack
    g.pop("_login_user", None)
    response = client.post(
        f"/sessions/{ws.id}/notes/to-action", data={"note_id": ack["id"]}, headers=JSON
    )
    assert response.json["ok"]
    action = db.session.scalar(select(ActionItem))
    assert (action.measure, action.hazard_id) == ("Schulung", hazard.id)
