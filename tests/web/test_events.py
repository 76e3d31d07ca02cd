"""Socket.IO events: connect refusals, acks, validation, rooms and audience payloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from facilitator.accounts.models import User
from facilitator.extensions import db, socketio
from facilitator.sessions import services
from facilitator.sessions.models import Note, Vote, WorkshopSession
from tests.conftest import clear, connect_socket, join_as, login, received, step_of

Factory = Callable[..., Any]


@pytest.fixture
def ws(make_session: Factory, make_user: Factory) -> WorkshopSession:
    owner = make_user(email="owner@example.org")
    ws = make_session(owner)
    services.goto_step(ws, step_of(ws, "board").position)
    return ws


def phone(app: Flask, ws: WorkshopSession, group: str | None = None) -> Any:
    client = app.test_client()
    join_as(client, ws, group)
    return connect_socket(app, client, ws)


def _owner(ws: WorkshopSession) -> User:
    return db.session.get(User, ws.owner_id)


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_connect_refused_for_strangers(app: Flask, ws: WorkshopSession) -> None:
    stranger = app.test_client()
    db.session.commit()
    for auth in (
        {"ws": ws.id, "view": "participant"},
        {"ws": ws.id, "view": "facilitator"},
        {"ws": "x"},
        None,
    ):
        socket = socketio.test_client(app, flask_test_client=stranger, auth=auth)
        assert not socket.is_connected()


def test_connect_sends_full_snapshot(app: Flask, ws: WorkshopSession) -> None:
    socket = phone(app, ws)
    assert socket.is_connected()
    state = received(socket, "session:state")[-1]
    me = received(socket, "me:state")[-1]
    assert state["step"]["kind"] == "board"
    assert state["step"]["open"] is True
    assert state["session"]["code"] == ws.join_code
    assert me["notes"] == []
    assert me["step_id"] == state["step"]["id"]


def test_note_add_acks_and_broadcasts_to_the_right_rooms(app: Flask, ws: WorkshopSession) -> None:
    author, other = phone(app, ws), phone(app, ws)
    owner_client = app.test_client()
    login(owner_client, _owner(ws))
    control = connect_socket(app, owner_client, ws, "facilitator")
    for socket in (author, other, control):
        clear(socket)
    board = step_of(ws, "board")
    ack = author.emit(
        "note:add",
        {
            "step_id": board.id,
            "column": "pro",
            "text": "<script>alert(1)</script>",
            "key": "k-000001",
        },
        callback=True,
    )
    assert ack["ok"] is True
    assert ack["revision"] > 0
    note = db.session.get(Note, ack["id"])
    assert note.text == "<script>alert(1)</script>"  # stored as text, rendered with textContent
    author_me = received(author, "me:state")
    assert author_me[-1]["notes"][0]["text"] == "<script>alert(1)</script>"
    assert received(other, "me:state") == []  # nobody else's private state
    # while writing, phones see their own notes only: their view did not change, nothing sent
    assert received(other, "session:state") == []
    facilitator_state = received(control, "session:state")[-1]
    assert facilitator_state["notes"][0]["id"] == note.id
    assert "participants" in facilitator_state


def test_invalid_payloads_get_translated_errors_and_change_nothing(
    app: Flask, ws: WorkshopSession
) -> None:
    socket = phone(app, ws)
    board = step_of(ws, "board")
    bad_payloads = [
        None,
        "text",
        [1, 2],
        {},
        {"step_id": board.id, "column": "pro", "text": "   ", "key": "k-000002"},
        {"step_id": "x", "column": "pro", "text": "Hallo", "key": "k-000003"},
        {"step_id": board.id, "column": "pro", "text": {"nested": 1}, "key": "k-000004"},
        {"step_id": board.id, "column": "pro", "text": "Hallo", "key": "short"},
        {"step_id": board.id, "column": "pro", "text": "x" * 1001, "key": "k-000005"},
    ]
    for payload in bad_payloads:
        ack = socket.emit("note:add", payload, callback=True)
        assert ack["ok"] is False, payload
        assert ack["errors"], (payload, ack)
    ack = socket.emit(
        "note:add",
        {"step_id": board.id, "column": "pro", "text": " ", "key": "k-000006"},
        callback=True,
    )
    assert "Bitte schreiben Sie etwas." in str(ack["errors"])
    assert count(Note) == 0


def test_domain_refusal_is_an_error_ack(app: Flask, ws: WorkshopSession) -> None:
    socket = phone(app, ws)
    board = step_of(ws, "board")
    ack = socket.emit(
        "note:add",
        {"step_id": board.id, "column": "gibtsnicht", "text": "Hi", "key": "k-000007"},
        callback=True,
    )
    assert ack == {"ok": False, "error": "UnknownColumn", "message": "Diese Spalte gibt es nicht."}
    assert count(Note) == 0


def test_retried_emit_never_duplicates(app: Flask, ws: WorkshopSession) -> None:
    socket = phone(app, ws)
    payload = {
        "step_id": step_of(ws, "board").id,
        "column": "pro",
        "text": "Einmal",
        "key": "retry-0001",
    }
    first = socket.emit("note:add", payload, callback=True)
    second = socket.emit("note:add", payload, callback=True)
    assert first["ok"]
    assert second["ok"]
    assert second["duplicate"] is True
    assert second["id"] == first["id"]
    assert count(Note) == 1


def test_dot_vote_over_sockets_with_budget(
    app: Flask, ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    author = make_participant(ws)
    notes = [make_note(author, text) for text in ("A", "B")]
    services.goto_step(ws, step_of(ws, "dot_vote").position)
    socket = phone(app, ws)
    acks = [
        socket.emit("vote:cast", {"note_id": notes[i].id, "key": f"vote-{n:04d}"}, callback=True)
        for n, i in enumerate([0, 0, 1, 1])
    ]
    assert [ack["ok"] for ack in acks] == [True, True, True, False]
    assert acks[-1]["error"] == "VoteBudgetExceeded"
    me = received(socket, "me:state")[-1]
    assert me["dots_left"] == 0
    assert me["dots"] == {str(notes[0].id): 2, str(notes[1].id): 1}
    # results are hidden from participants until revealed
    state = received(socket, "session:state")[-1]
    assert all("dots" not in note for note in state["notes"])
    back = socket.emit("vote:retract", {"note_id": notes[0].id, "key": "vote-0099"}, callback=True)
    assert back["ok"]
    assert received(socket, "me:state")[-1]["dots_left"] == 1
    assert db.session.scalar(select(func.sum(Vote.dots))) == 2


def test_reveal_shows_counts_to_participants(
    app: Flask, ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    note = make_note(make_participant(ws), "A")
    services.goto_step(ws, step_of(ws, "dot_vote").position)
    socket = phone(app, ws)
    socket.emit("vote:cast", {"note_id": note.id, "key": "vote-1000"}, callback=True)
    owner_client = app.test_client()
    login(owner_client, _owner(ws))
    owner_client.post(f"/sessions/{ws.id}/results/reveal")
    state = received(socket, "session:state")[-1]
    assert "dots" not in state["notes"][0]  # one voter is fewer than the threshold
    for index in range(ws.anonymity_threshold - 1):
        services.cast_vote(make_participant(ws), note.id, f"vote-20{index:02d}")
    db.session.commit()
    owner_client.post(f"/sessions/{ws.id}/results/hide")
    owner_client.post(f"/sessions/{ws.id}/results/reveal")
    state = received(socket, "session:state")[-1]
    assert state["notes"][0]["dots"] == ws.anonymity_threshold
    assert "voters" not in state  # a figure for the projector, not resent to every phone


def _names(socket: Any) -> list[str]:
    return [message["name"] for message in socket.get_received()]


def test_step_change_is_one_message_per_phone_and_own_states_follow(
    app: Flask, ws: WorkshopSession
) -> None:
    author, other = phone(app, ws), phone(app, ws)
    board = step_of(ws, "board")
    ack = author.emit(
        "note:add",
        {"step_id": board.id, "column": "pro", "text": "Mein Zettel", "key": "k-000001"},
        callback=True,
    )
    assert ack["ok"]
    owner_client = app.test_client()
    login(owner_client, _owner(ws))
    dot_vote = step_of(ws, "dot_vote")
    for socket in (author, other):
        clear(socket)
    assert owner_client.post(f"/sessions/{ws.id}/goto", data={"position": dot_vote.position})
    # nobody has anything of their own in the vote yet: one message each, own state inside
    for socket in (author, other):
        inbox = socket.get_received()
        assert [message["name"] for message in inbox] == ["session:state"]
        state = inbox[0]["args"][0]
        assert state["step"]["id"] == dot_vote.id
        assert state["me"] == {
            "revision": state["revision"],
            "step_id": dot_vote.id,
            "notes": [],
            "dots": {},
            "dots_left": dot_vote.settings["budget"],
        }
    owner_client.post(f"/sessions/{ws.id}/goto", data={"position": board.position})
    assert _names(other) == ["session:state"]
    # the author's own notes follow the shared view, with the same revision
    inbox = author.get_received()
    assert [message["name"] for message in inbox] == ["session:state", "me:state"]
    state, mine = inbox[0]["args"][0], inbox[1]["args"][0]
    assert state["me"]["notes"] == []
    assert mine["revision"] == state["revision"]
    assert [note["text"] for note in mine["notes"]] == ["Mein Zettel"]
    assert "me" not in received(other, "session:state")  # no one else's notes anywhere


def test_back_on_a_dot_vote_only_voters_get_their_own_state(
    app: Flask, ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    note = make_note(make_participant(ws), "A")
    dot_vote = step_of(ws, "dot_vote")
    services.goto_step(ws, dot_vote.position)
    voter, other = phone(app, ws), phone(app, ws)
    assert voter.emit("vote:cast", {"note_id": note.id, "key": "vote-3000"}, callback=True)["ok"]
    owner_client = app.test_client()
    login(owner_client, _owner(ws))
    owner_client.post(f"/sessions/{ws.id}/goto", data={"position": dot_vote.position - 1})
    voter.get_received(), other.get_received()
    owner_client.post(f"/sessions/{ws.id}/goto", data={"position": dot_vote.position})
    assert _names(other) == ["session:state"]
    inbox = voter.get_received()
    assert [message["name"] for message in inbox] == ["session:state", "me:state"]
    assert inbox[1]["args"][0]["dots"] == {str(note.id): 1}
    assert inbox[1]["args"][0]["dots_left"] == dot_vote.settings["budget"] - 1


def test_own_states_reach_every_phone_when_the_shared_view_is_unchanged(
    app: Flask, ws: WorkshopSession
) -> None:
    author, other = phone(app, ws), phone(app, ws)
    board = step_of(ws, "board")
    ack = author.emit(
        "note:add",
        {"step_id": board.id, "column": "pro", "text": "Beleidigung", "key": "k-000002"},
        callback=True,
    )
    owner_client = app.test_client()
    login(owner_client, _owner(ws))
    for socket in (author, other):
        clear(socket)
    # hiding a note while people write: the phones' view (own notes only) stays the same
    owner_client.post(f"/sessions/{ws.id}/notes/hide", data={"note_id": ack["id"]})
    assert received(other, "session:state") == []
    assert [me["notes"] for me in received(other, "me:state")] == [[]]
    assert received(author, "session:state") == []
    assert received(author, "me:state")[-1]["notes"][0]["hidden"] is True


def test_events_need_a_joined_participant(app: Flask, ws: WorkshopSession) -> None:
    owner_client = app.test_client()
    login(owner_client, _owner(ws))
    control = connect_socket(app, owner_client, ws, "facilitator")
    ack = control.emit(
        "note:add",
        {"step_id": step_of(ws, "board").id, "column": "pro", "text": "x", "key": "k-000010"},
        callback=True,
    )
    assert ack["ok"] is False
    assert ack["error"] == "NotAParticipant"


def test_participant_cannot_act_on_another_session(
    app: Flask, ws: WorkshopSession, make_session: Factory
) -> None:
    other = make_session()
    services.goto_step(other, step_of(other, "board").position)
    socket = phone(app, ws)
    ack = socket.emit(
        "note:add",
        {"step_id": step_of(other, "board").id, "column": "pro", "text": "x", "key": "k-000011"},
        callback=True,
    )
    assert ack["ok"] is False
    assert ack["error"] == "StepClosed"
    assert count(Note) == 0


def test_oversized_message_is_refused_by_the_server(app: Flask) -> None:
    assert app.config["SOCKETIO_MAX_MESSAGE_BYTES"] <= 64 * 1024
    assert socketio.server.eio.max_http_buffer_size == app.config["SOCKETIO_MAX_MESSAGE_BYTES"]


def test_connect_needs_the_pages_csrf_token(app: Flask, ws: WorkshopSession) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    db.session.commit()
    page = client.get(f"/j/{ws.join_code}").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(f"/j/{ws.join_code}", data={"group": ws.groups[0], "csrf_token": token})
    live = client.get(f"/p/{ws.join_code}").text
    live_token = live.split('data-csrf="')[1].split('"')[0]
    auth = {"ws": ws.id, "view": "participant"}
    without = socketio.test_client(app, flask_test_client=client, auth=auth)
    assert not without.is_connected()
    forged = socketio.test_client(app, flask_test_client=client, auth={**auth, "csrf": "forged"})
    assert not forged.is_connected()
    good = socketio.test_client(app, flask_test_client=client, auth={**auth, "csrf": live_token})
    assert good.is_connected()


def test_socket_events_are_rate_limited_per_participant(app: Flask, ws: WorkshopSession) -> None:
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "events": (3, 10)}
    socket = phone(app, ws)
    board = step_of(ws, "board")
    acks = [
        socket.emit(
            "note:add",
            {"step_id": board.id, "column": "pro", "text": f"Idee {n}", "key": f"rate-{n:04d}"},
            callback=True,
        )
        for n in range(5)
    ]
    assert [ack["ok"] for ack in acks] == [True, True, True, False, False]
    assert acks[-1]["error"] == "RateLimited"
    assert "Zu viele Versuche" in acks[-1]["message"]
    assert count(Note) == 3


def test_control_page_resyncs_after_the_laptop_slept(app: Flask, ws: WorkshopSession) -> None:
    owner_client = app.test_client()
    login(owner_client, _owner(ws))
    control = connect_socket(app, owner_client, ws, "facilitator")
    control.disconnect()  # the lid closes; the workshop goes on without the control page
    participant = phone(app, ws)
    board = step_of(ws, "board")
    ack = participant.emit(
        "note:add",
        {"step_id": board.id, "column": "pro", "text": "Während der Pause", "key": "sleep-0001"},
        callback=True,
    )
    assert ack["ok"]
    again = connect_socket(app, owner_client, ws, "facilitator")  # the lid opens: reconnect
    state = received(again, "session:state")[-1]
    assert state["revision"] == ack["revision"]
    assert [note["text"] for note in state["notes"]] == ["Während der Pause"]
