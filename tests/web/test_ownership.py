"""Ownership, checked over every route the app has: facilitator B can never see or change
anything of facilitator A's (sessions, reports, links), and a participant acts only within the
one session they joined. Routes are enumerated from the URL map, so a new route is covered the
moment it exists."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.routing import AnyConverter, Rule

from facilitator.extensions import db
from facilitator.reports import links
from facilitator.reports.models import ReportLink
from facilitator.sessions import assessment_services, services
from facilitator.sessions.models import ActionItem, Note, Vote, WorkshopSession
from tests.conftest import connect_socket, join_as, login, step_of

Factory = Callable[..., Any]
FORMATS = ("pdf", "docx", "xlsx", "zip", "json")
# Plausible form data for every control, so that a refusal is about ownership, not validation.
FORM = {
    "position": "1",
    "minutes": "5",
    "note_id": "1",
    "into_id": "2",
    "confirm": "y",
    "retention_days": "7",
    "days": "30",
    "step_id": "1",
    "item_id": "1",
    "text": "fremd",
    "origin": "check",
    "source_id": "1",
    "new-measure": "fremd",
}


def owned_rules(app: Flask) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if "ws_id" in rule.arguments]


def urls(
    app: Flask, rule: Rule, ws_id: int, link_id: int, action_id: int, step_id: int = 1
) -> Iterator[str]:
    """Every concrete URL of a rule for one session (all `any(...)` choices, all formats)."""
    choices: dict[str, Any] = {}
    for name in rule.arguments:
        converter = rule._converters.get(name)
        if name == "ws_id":
            choices[name] = [ws_id]
        elif name == "link_id":
            choices[name] = [link_id]
        elif name == "action_id":
            choices[name] = [action_id]
        elif name == "step_id":
            choices[name] = [step_id]
        elif name == "fmt":
            choices[name] = FORMATS
        elif isinstance(converter, AnyConverter):
            choices[name] = sorted(converter.items)
        else:
            raise AssertionError(f"teach this test the argument {name!r} of {rule.rule}")
    names = list(choices)
    with app.test_request_context():
        from flask import url_for

        for values in itertools.product(*(choices[name] for name in names)):
            yield url_for(rule.endpoint, **dict(zip(names, values, strict=True)))


@pytest.fixture
def victim(
    make_user: Factory, make_session: Factory, make_participant: Factory, make_note: Factory
) -> tuple[WorkshopSession, ReportLink]:
    ws = make_session(make_user())
    person = make_participant(ws)
    make_note(person, "eins")
    make_note(person, "zwei")
    link, _token = links.create_link(ws, days=30)
    assessment_services.add_action(ws, None, {"measure": "Schulung vor dem Einsatz"})
    db.session.commit()
    return ws, link


def state_of(ws_id: int) -> tuple[Any, ...]:
    db.session.expire_all()
    ws = db.session.get(WorkshopSession, ws_id)
    assert ws is not None, "the workshop was deleted by a stranger"
    link = db.session.scalar(select(ReportLink).where(ReportLink.ws_id == ws_id))
    assert link is not None
    notes = db.session.execute(
        select(Note.id, Note.hidden, Note.merged_into_id).order_by(Note.id)
    ).all()
    actions = db.session.execute(select(ActionItem.id, ActionItem.measure)).all()
    return (
        tuple(actions),
        tuple((s.id, s.position, s.title["de"]) for s in ws.steps),
        ws.revision,
        ws.status,
        ws.current_position,
        ws.retention_days,
        link.revoked_at,
        db.session.scalar(select(func.count()).select_from(ReportLink)),
        tuple(notes),
    )


def test_every_session_route_is_enumerated(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in owned_rules(app)}
    # a sample that must be among them; the enumeration itself needs no upkeep
    assert {
        "sessions.facilitate",
        "sessions.delete",
        "sessions.set_retention",
        "reports.download",
        "reports.revoke_link",
    } <= endpoints
    assert len(endpoints) >= 18


@pytest.mark.parametrize("who", ["another facilitator", "anonymous"])
def test_nobody_but_the_owner_reaches_any_session_route(
    app: Flask, client: FlaskClient, make_user: Factory, victim: Any, who: str
) -> None:
    ws, link = victim
    ws_id, link_id, title = ws.id, link.id, ws.title
    action_id = db.session.scalar(select(ActionItem.id))
    before = state_of(ws_id)
    logged_in = who == "another facilitator"
    if logged_in:
        login(client, make_user())
    checked = 0
    for rule in owned_rules(app):
        for url in urls(app, rule, ws_id, link_id, action_id, ws.steps[0].id):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                g.pop("_login_user", None)
                response = client.open(url, method=method, data=FORM)
                if logged_in:
                    assert response.status_code == 404, (method, url, response.status_code)
                else:
                    assert response.status_code in (302, 401), (method, url)
                    assert "/login" in response.headers.get("Location", "/login")
                assert title not in response.get_data(as_text=True)
                checked += 1
    assert checked >= 25
    assert state_of(ws_id) == before


def test_a_revoke_with_a_foreign_link_id_is_refused(
    client: FlaskClient, make_user: Factory, make_session: Factory, victim: Any
) -> None:
    """B revoking A's link through B's own session id changes nothing."""
    ws, link = victim
    intruder = make_user()
    own = make_session(intruder)
    db.session.commit()
    login(client, intruder)
    before = state_of(ws.id)
    response = client.post(f"/sessions/{own.id}/sharing/{link.id}/revoke")
    assert response.status_code == 404
    assert state_of(ws.id) == before


def test_another_facilitator_cannot_open_the_live_views(
    app: Flask, make_user: Factory, victim: Any
) -> None:
    ws, _link = victim
    intruder = app.test_client()
    login(intruder, make_user())
    for view in ("facilitator", "projector", "participant"):
        g.pop("_login_user", None)
        socket = connect_socket(app, intruder, ws, view)
        assert not socket.is_connected(), view


def test_moderation_of_a_foreign_note_is_refused(
    client: FlaskClient, make_user: Factory, make_session: Factory, victim: Any
) -> None:
    """B's own session id with A's note ids: refused, A's notes unchanged."""
    ws, _link = victim
    intruder = make_user()
    own = make_session(intruder)
    db.session.commit()
    login(client, intruder)
    before = state_of(ws.id)
    foreign = db.session.scalars(select(Note.id).order_by(Note.id)).all()
    for path, data in (
        ("notes/hide", {"note_id": foreign[0]}),
        ("notes/unmerge", {"note_id": foreign[0]}),
        ("notes/merge", {"note_id": foreign[0], "into_id": foreign[1]}),
    ):
        response = client.post(
            f"/sessions/{own.id}/{path}", data=data, headers={"Accept": "application/json"}
        )
        assert response.status_code == 404, path
        assert response.json["error"] == "UnknownNote"
    assert state_of(ws.id) == before


def test_a_participant_acts_only_within_their_own_session(
    app: Flask, make_session: Factory, make_participant: Factory, make_note: Factory
) -> None:
    """Every participant event with another session's step or note ids: refused, nothing
    stored or changed there."""
    mine, theirs = make_session(), make_session()
    their_note = make_note(make_participant(theirs), "fremd")
    services.goto_step(theirs, step_of(theirs, "board").position)
    services.goto_step(mine, step_of(mine, "board").position)
    db.session.commit()
    phone = app.test_client()
    join_as(phone, mine)
    socket = connect_socket(app, phone, mine)
    attempts = [
        ("note:add", {"step_id": step_of(theirs, "board").id, "column": "pro", "text": "x"}),
        ("note:edit", {"note_id": their_note.id, "text": "übernommen"}),
        ("note:delete", {"note_id": their_note.id}),
    ]
    for event, payload in attempts:
        ack = socket.emit(event, {**payload, "key": secrets.token_hex(8)}, callback=True)
        assert ack["ok"] is False, event
    services.goto_step(theirs, step_of(theirs, "dot_vote").position)
    services.goto_step(mine, step_of(mine, "dot_vote").position)
    db.session.commit()
    for event in ("vote:cast", "vote:retract"):
        ack = socket.emit(
            event, {"note_id": their_note.id, "key": secrets.token_hex(8)}, callback=True
        )
        assert ack["ok"] is False, event
    db.session.expire_all()
    assert db.session.scalars(select(Note.text)).all() == ["fremd"]
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 0
