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
from facilitator.reports import views as report_views
from facilitator.reports.models import ReportLink
from facilitator.sessions import assessment_services, services
from facilitator.sessions.models import ActionItem, Note, Vote, WorkshopSession
from tests.conftest import connect_socket, join_as, login, received, step_of

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
    app: Flask,
    rule: Rule,
    ws_id: int,
    link_id: int,
    action_id: int,
    step_id: int = 1,
    formats: tuple[str, ...] = FORMATS,
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
            choices[name] = formats
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


# --- the team: owner, co-facilitator, observer ---------------------------------------------
#
# Every route of a workshop and every socket event, for each role in its team. What a role may
# do is written here, independently of the code: an observer opens only the read-only pages
# below and changes nothing; a co-facilitator does everything but the owner's few things. A new
# route is covered the moment it exists: a POST is refused to observers, a GET too unless it is
# listed as readable here.

READABLE = {  # GET pages and downloads an observer may open
    "sessions.facilitate",  # as the read-only live view
    "sessions.projector",
    "sessions.facilitator_state",
    "sessions.team",
    "reports.report",
    "reports.download",
}
OWNER_ONLY = {
    "sessions.delete",
    "sessions.invite",
    "sessions.change_role",
    "sessions.remove",
    "sessions.hand_over",
}
ROLES = ("owner", "cofacilitator", "observer")


def may(role: str, endpoint: str, method: str) -> bool:
    if role == "owner":
        return True
    if role == "cofacilitator":
        return endpoint not in OWNER_ONLY
    return method == "GET" and endpoint in READABLE


def test_every_session_route_declares_what_it_needs(app: Flask) -> None:
    """Every route of a workshop goes through the one access rule (`identity`), and declares
    what this test expects of it."""
    from facilitator.rules.team import Access

    for rule in owned_rules(app):
        access = getattr(app.view_functions[rule.endpoint], "access", None)
        assert isinstance(access, Access), f"{rule.endpoint} bypasses identity's access rule"
        if rule.endpoint in OWNER_ONLY:
            assert access is Access.OWN, rule.endpoint
        elif rule.endpoint in READABLE:
            assert access is Access.READ, rule.endpoint
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule.endpoint
        else:
            assert access is Access.CONTROL, rule.endpoint


@pytest.fixture
def crew(make_user: Factory) -> dict[str, Any]:
    """An owner, a co-facilitator and an observer (accounts made once: hashing is slow)."""
    users = {role: make_user(f"{role}@example.org") for role in ROLES}
    users["stranger"] = make_user("stranger@example.org")
    db.session.commit()
    return users


def team_workshop(
    crew: dict[str, Any],
    make_session: Factory,
    make_participant: Factory,
    make_note: Factory,
) -> tuple[WorkshopSession, ReportLink]:
    from facilitator.rules.team import Role
    from facilitator.sessions.models import WorkshopMember

    ws = make_session(crew["owner"])
    person = make_participant(ws)
    make_note(person, "eins")
    make_note(person, "zwei")
    link, _token = links.create_link(ws, days=30)
    assessment_services.add_action(ws, None, {"measure": "Schulung vor dem Einsatz"})
    db.session.add(
        WorkshopMember(ws_id=ws.id, account_id=crew["cofacilitator"].id, role=Role.COFACILITATOR)
    )
    db.session.add(WorkshopMember(ws_id=ws.id, account_id=crew["observer"].id, role=Role.OBSERVER))
    db.session.commit()
    return ws, link


def workshop_state(ws_id: int) -> tuple[Any, ...]:
    """`state_of`, for one workshop among several, and with its team."""
    from facilitator.sessions.models import SessionStep, WorkshopMember

    db.session.expire_all()
    ws = db.session.get(WorkshopSession, ws_id)
    assert ws is not None, "the workshop was deleted"
    steps = select(SessionStep.id).where(SessionStep.ws_id == ws_id)
    return (
        tuple(
            db.session.execute(
                select(ActionItem.id, ActionItem.measure).where(ActionItem.ws_id == ws_id)
            ).all()
        ),
        tuple((s.id, s.position, s.title["de"], s.is_open, s.results_visible) for s in ws.steps),
        (
            ws.revision,
            ws.status,
            ws.current_position,
            ws.retention_days,
            ws.owner_id,
            ws.timer_ends_at,
        ),
        tuple(
            db.session.execute(
                select(ReportLink.id, ReportLink.revoked_at).where(ReportLink.ws_id == ws_id)
            ).all()
        ),
        tuple(
            db.session.execute(
                select(Note.id, Note.hidden, Note.merged_into_id, Note.text)
                .where(Note.step_id.in_(steps))
                .order_by(Note.id)
            ).all()
        ),
        tuple(
            db.session.execute(
                select(WorkshopMember.account_id, WorkshopMember.role)
                .where(WorkshopMember.ws_id == ws_id)
                .order_by(WorkshopMember.account_id)
            ).all()
        ),
    )


def team_form(crew: dict[str, Any]) -> dict[str, str]:
    """`FORM` plus the team's forms: the owner's team changes are plausible too."""
    return {
        **FORM,
        "invite-email": crew["stranger"].email,
        "invite-role": "observer",
        "account_id": str(crew["cofacilitator"].id),
        "role": "observer",
        "name": "Vorlage",
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_it_may(
    app: Flask,
    crew: dict[str, Any],
    make_session: Factory,
    make_participant: Factory,
    make_note: Factory,
    role: str,
) -> None:
    """A request a role may make is served (never refused as foreign or forbidden); one it may
    not make is refused with 403 and a reason, and changes nothing. Each allowed request runs
    on a workshop of its own, so that a deletion or a handover cannot hide the next one."""
    client = app.test_client()
    login(client, crew[role])
    form = team_form(crew)
    refused_ws, refused_link = team_workshop(crew, make_session, make_participant, make_note)
    before = workshop_state(refused_ws.id)
    checked = {"allowed": 0, "refused": 0}
    formats = tuple(report_views.FORMATS)  # the real ones: each must be served
    for rule in owned_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            allowed = may(role, rule.endpoint, method)
            if allowed:
                ws, link = team_workshop(crew, make_session, make_participant, make_note)
            else:
                ws, link = refused_ws, refused_link
            action_id = db.session.scalar(select(ActionItem.id).where(ActionItem.ws_id == ws.id))
            step_id = ws.steps[0].id
            for url in urls(app, rule, ws.id, link.id, action_id, step_id, formats):
                g.pop("_login_user", None)
                response = client.open(url, method=method, data=form)
                status = response.status_code
                if allowed:
                    assert status not in (401, 403, 404), (role, method, url, status)
                    assert status < 500, (role, method, url, status)
                else:
                    assert status == 403, (role, method, url, status)
                    assert "Beobachtung" in response.text or "verantwortliche" in response.text
                checked["allowed" if allowed else "refused"] += 1
    assert workshop_state(refused_ws.id) == before
    assert checked["allowed"] >= 10
    if role != "owner":
        assert checked["refused"] >= 5


@pytest.mark.parametrize("role", [*ROLES, "stranger"])
def test_each_role_and_the_live_views(
    app: Flask,
    crew: dict[str, Any],
    make_session: Factory,
    make_participant: Factory,
    make_note: Factory,
    role: str,
) -> None:
    """The team's members open the control page's and the projector's live views (observers
    get the facilitator's snapshot, which passes the gate); a stranger opens none. No socket
    event the app has lets an observer change anything (every handler, enumerated)."""
    from facilitator.extensions import socketio

    ws, _link = team_workshop(crew, make_session, make_participant, make_note)
    client = app.test_client()
    login(client, crew[role])
    before = workshop_state(ws.id)
    for view in ("facilitator", "projector"):
        g.pop("_login_user", None)
        socket = connect_socket(app, client, ws, view)
        assert socket.is_connected() is (role != "stranger"), (role, view)
        if role == "stranger":
            continue
        assert received(socket, "session:state")[-1]["session"]["id"] == ws.id
        events = sorted(set(socketio.server.handlers["/"]) - {"connect", "disconnect"})
        assert len(events) >= 7
        for event in events:
            ack = socket.emit(event, SOCKET_PAYLOAD, callback=True)
            if role == "observer":
                assert ack["ok"] is False, (view, event, ack)
                assert ack["message"], (view, event)
        socket.disconnect()
    assert workshop_state(ws.id) == before


# a plausible payload for every socket event: a refusal is about the role, not the shape
SOCKET_PAYLOAD = {
    "step_id": "1",
    "note_id": "1",
    "item_id": "1",
    "column": "pro",
    "text": "fremd",
    "dimension": "likelihood",
    "value": "1",
    "key": "abcdefgh1234",
}
