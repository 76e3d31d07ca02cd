"""The one boundary: every action is performed once (`transaction.perform`) and announces
exactly the scope its operation returns; a refused action changes nothing and tells nobody;
the purge tells the pages of the workshops it closes or deletes."""

from __future__ import annotations

import ast
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from facilitator.accounts.models import User
from facilitator.cli import purge_command
from facilitator.db import utc_now
from facilitator.extensions import broadcaster, db
from facilitator.sessions import retention, services
from facilitator.sessions.models import Participant, WorkshopSession
from tests.conftest import clear, connect_socket, join_as, login, received, step_of

Factory = Callable[..., Any]
PACKAGE = Path(__file__).resolve().parents[2] / "facilitator"
JSON = {"Accept": "application/json"}


@pytest.fixture
def calls(app: Flask, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Every announcement the broadcaster gets, in order (and still sent)."""
    seen: list[tuple[Any, ...]] = []
    target = broadcaster()
    for name in ("session_changed", "team_changed", "workshop_gone"):
        original = getattr(target, name)

        def spy(*args: Any, _name: str = name, _original: Any = original) -> None:
            seen.append((_name, *(list(a) if isinstance(a, list | tuple) else a for a in args)))
            _original(*args)

        monkeypatch.setattr(target, name, spy)
    return seen


@pytest.fixture
def ws(make_session: Factory, make_user: Factory) -> WorkshopSession:
    ws = make_session(make_user(email="owner@example.org"))
    services.goto_step(ws, step_of(ws, "board").position)
    db.session.commit()
    return ws


@pytest.fixture
def owner(app: Flask, ws: WorkshopSession) -> FlaskClient:
    client = app.test_client()
    login(client, db.session.get(User, ws.owner_id))
    return client


EVERYONE = None  # every participant's own state too
VIEWS: list[int] = []  # the shared views only


@pytest.mark.parametrize(
    ("path", "data", "scope"),
    [
        ("goto", {"position": "1"}, EVERYONE),
        ("input/close", {}, VIEWS),
        ("input/open", {}, VIEWS),
        ("results/hide", {}, VIEWS),
        ("results/reveal", {}, VIEWS),
        ("timer/start", {"minutes": "3"}, VIEWS),
        ("timer/stop", {}, VIEWS),
        ("join-panel/big", {}, VIEWS),
        ("answers/clear", {"confirm": "y"}, EVERYONE),
        ("retention", {"retention_days": "30"}, VIEWS),
        ("close", {"confirm": "y"}, EVERYONE),
    ],
)
def test_each_control_announces_its_operations_scope(
    owner: FlaskClient,
    ws: WorkshopSession,
    calls: list[tuple[Any, ...]],
    path: str,
    data: dict[str, str],
    scope: list[int] | None,
) -> None:
    answer = owner.post(f"/sessions/{ws.id}/{path}", data=data, headers=JSON)
    assert answer.status_code == 200, answer.text
    assert answer.json is not None
    assert answer.json["ok"] is True
    assert calls == [("session_changed", ws.id, scope)]


def test_hiding_a_note_reaches_every_phone_and_the_control_pages(
    app: Flask,
    owner: FlaskClient,
    ws: WorkshopSession,
    make_participant: Factory,
    make_note: Factory,
    calls: list[tuple[Any, ...]],
) -> None:
    note = make_note(make_participant(ws))
    db.session.commit()
    control = connect_socket(app, owner, ws, "facilitator")
    clear(control)
    owner.post(f"/sessions/{ws.id}/notes/hide", data={"note_id": str(note.id)}, headers=JSON)
    assert calls == [("session_changed", ws.id, EVERYONE)]
    assert received(control, "session:state")  # the control page hears it too


def test_a_refused_control_changes_nothing_and_tells_nobody(
    owner: FlaskClient, ws: WorkshopSession, calls: list[tuple[Any, ...]]
) -> None:
    revision = ws.revision
    not_confirmed = owner.post(f"/sessions/{ws.id}/close", data={}, headers=JSON)
    assert not_confirmed.status_code == 400
    services.close_session(ws)
    db.session.commit()
    calls.clear()
    revision = db.session.get(WorkshopSession, ws.id).revision
    refused = owner.post(f"/sessions/{ws.id}/timer/start", data={"minutes": "3"}, headers=JSON)
    assert refused.status_code != 200
    assert refused.json is not None
    assert refused.json["ok"] is False
    plain = owner.post(f"/sessions/{ws.id}/input/open")  # a form post: PRG with a flash
    assert plain.status_code == 302
    db.session.expire_all()
    again = db.session.get(WorkshopSession, ws.id)
    assert again.revision == revision
    assert again.timer_ends_at is None
    assert calls == []


def test_editing_a_step_reaches_everyone_saving_a_template_nobody(
    owner: FlaskClient, ws: WorkshopSession, calls: list[tuple[Any, ...]]
) -> None:
    step = step_of(ws, "board")
    edited = owner.post(
        f"/sessions/{ws.id}/steps/{step.id}/edit",
        data={f"s{step.id}-title": "Neu", f"s{step.id}-prompt": "Was noch?"},
    )
    assert edited.status_code == 302
    assert calls == [("session_changed", ws.id, EVERYONE)]
    calls.clear()
    saved = owner.post(f"/sessions/{ws.id}/save-template", data={"name": "Meine Vorlage"})
    assert saved.status_code == 302
    assert calls == []


def test_the_team_hears_a_team_change_and_only_the_team(
    owner: FlaskClient, ws: WorkshopSession, make_user: Factory, calls: list[tuple[Any, ...]]
) -> None:
    colleague = make_user(email="kollegin@example.org")
    db.session.commit()
    colleague_id = colleague.id
    owner.post(
        f"/sessions/{ws.id}/team/invite",
        data={"invite-email": "kollegin@example.org", "invite-role": "cofacilitator"},
    )
    assert calls == [("team_changed", ws.id, [colleague_id], False)]
    calls.clear()
    owner.post(f"/sessions/{ws.id}/team/remove", data={"account_id": str(colleague_id)})
    assert calls == [("team_changed", ws.id, [colleague_id], True)]


def test_deleting_tells_every_page_the_workshop_is_gone(
    app: Flask, owner: FlaskClient, ws: WorkshopSession, calls: list[tuple[Any, ...]]
) -> None:
    phone = app.test_client()
    join_as(phone, ws)
    socket = connect_socket(app, phone, ws)
    clear(socket)
    calls.clear()
    ws_id = ws.id
    deleted = owner.post(f"/sessions/{ws_id}/delete", data={"confirm": "y"})
    assert deleted.status_code == 302
    assert deleted.location.endswith("/dashboard")
    assert calls == [("workshop_gone", ws_id)]
    assert received(socket, "session:gone") == [{"ws": ws_id}]


def test_a_participant_action_reaches_the_views_and_its_own_state_once(
    app: Flask, ws: WorkshopSession, calls: list[tuple[Any, ...]]
) -> None:
    phone = app.test_client()
    join_as(phone, ws)
    assert calls == [("session_changed", ws.id, [])]  # joining: one more on the projector
    socket = connect_socket(app, phone, ws)
    calls.clear()
    payload = {
        "step_id": step_of(ws, "board").id,
        "column": "pro",
        "text": "Idee",
        "key": "k-000001",
    }
    first = socket.emit("note:add", payload, callback=True)
    again = socket.emit("note:add", payload, callback=True)  # resent: the same key
    assert first["ok"]
    assert again["duplicate"]
    author = db.session.scalar(select(Participant.id))
    assert calls == [("session_changed", ws.id, [author])]  # the author's own state only


def test_a_refused_participant_action_tells_nobody(
    app: Flask, ws: WorkshopSession, calls: list[tuple[Any, ...]]
) -> None:
    phone = app.test_client()
    join_as(phone, ws)
    socket = connect_socket(app, phone, ws)
    calls.clear()
    payload = {
        "step_id": step_of(ws, "board").id + 999,
        "column": "pro",
        "text": "x",
        "key": "k-000002",
    }
    ack = socket.emit("note:add", payload, callback=True)
    assert ack["ok"] is False
    assert ack["error"] == "StepClosed"
    assert calls == []


def test_the_purge_closing_a_live_workshop_tells_its_phones(
    app: Flask, ws: WorkshopSession
) -> None:
    phone = app.test_client()
    join_as(phone, ws)
    socket = connect_socket(app, phone, ws)
    clear(socket)
    result = retention.purge(now=utc_now() + timedelta(days=31), unlink_after_minutes=10**6)
    assert result.closed == 1
    states = received(socket, "session:state")
    assert states
    assert states[-1]["session"]["live"] is False


def test_the_purge_deleting_a_workshop_tells_its_pages(
    app: Flask, owner: FlaskClient, ws: WorkshopSession
) -> None:
    phone = app.test_client()
    join_as(phone, ws)
    sockets = [connect_socket(app, phone, ws), connect_socket(app, owner, ws, "facilitator")]
    services.close_session(ws)
    db.session.commit()
    for socket in sockets:
        clear(socket)
    ws_id = ws.id
    result = retention.purge(now=utc_now() + timedelta(days=400))
    assert result.deleted == 1
    for socket in sockets:
        assert received(socket, "session:gone") == [{"ws": ws_id}]


# --- static: one commit point, one broadcaster accessor ------------------------------------

BOUNDARY = {PACKAGE / "transaction.py"}


def _calls(path: Path) -> list[str]:
    """The dotted names this module calls (`db.session.commit`, `committing`, …)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            names.append(ast.unparse(node.func))
    return names


def test_only_the_boundary_commits() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in PACKAGE.rglob("*.py")
        if path not in BOUNDARY
        for name in _calls(path)
        if name.endswith("committing") or name.endswith(".commit") or name == "begin_write"
    ]
    assert offenders == []


def test_one_broadcaster_accessor() -> None:
    definitions = []
    reads = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.lstrip("_") == "broadcaster":
                definitions.append(path.relative_to(PACKAGE))
            read = isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load)
            if read and "facilitator.broadcaster" in ast.unparse(node):
                reads.append(path.relative_to(PACKAGE))
    assert definitions == [Path("extensions.py")]
    assert sorted(set(reads)) == [Path("cli.py"), Path("extensions.py")]  # cli: gc outside


def test_the_purge_command_announces_what_it_closes(
    app: Flask,
    runner: Any,
    ws: WorkshopSession,
    calls: list[tuple[Any, ...]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    later = utc_now() + timedelta(days=31)
    monkeypatch.setattr(retention, "utc_now", lambda: later)
    app.config["BROADCAST_INTERVAL"] = 5  # as configured for `serve`
    result = runner.invoke(purge_command)
    assert result.exit_code == 0, result.output
    assert ("session_changed", ws.id, EVERYONE) in calls
    assert app.config["BROADCAST_INTERVAL"] == 0  # sent at once: the process soon exits
