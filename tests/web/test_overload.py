"""Coalescing and the participant cap: one snapshot per interval, a clear page when full."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from facilitator.extensions import db
from facilitator.sessions import services
from facilitator.sessions.models import Participant, Vote
from tests.conftest import clear, connect_socket, join_as, login, received, step_of

Factory = Callable[..., Any]


def test_hundred_votes_in_one_interval_make_one_projector_snapshot(
    app: Flask,
    make_user: Factory,
    make_session: Factory,
    make_participant: Factory,
    make_note: Factory,
) -> None:
    owner = make_user()
    ws = make_session(owner)
    authors = [make_participant(ws), make_participant(ws)]
    notes = [make_note(authors[n % 2], f"Idee {n}") for n in range(40)]
    services.goto_step(ws, step_of(ws, "dot_vote").position)
    services.set_results_visible(ws, True)
    db.session.commit()
    owner_client = app.test_client()
    login(owner_client, owner)
    projector = connect_socket(app, owner_client, ws, "projector")
    phones = []
    for _ in range(50):
        client = app.test_client()
        join_as(client, ws)
        phones.append(connect_socket(app, client, ws))
    clear(projector)
    broadcaster = app.extensions["facilitator.broadcaster"]
    app.config["BROADCAST_INTERVAL"] = 3600  # one flush interval that outlasts the burst
    broadcaster._worker_started = True  # the test flushes by hand instead of the worker
    acks = [
        phone.emit(
            "vote:cast",
            {"note_id": notes[(i + k) % 40].id, "key": f"burst-{i:03d}-{k}"},
            callback=True,
        )
        for i, phone in enumerate(phones)
        for k in range(2)
    ]
    assert [ack["ok"] for ack in acks].count(True) == 100
    assert received(projector, "session:state") == []  # nothing sent during the interval
    broadcaster.flush()
    snapshots = received(projector, "session:state")
    assert len(snapshots) == 1
    assert sum(note["dots"] for note in snapshots[0]["notes"]) == 100
    assert db.session.scalar(select(func.sum(Vote.dots))) == 100


def test_participant_cap_gives_a_clear_full_page(
    app: Flask, client: FlaskClient, make_session: Factory
) -> None:
    app.config["MAX_PARTICIPANTS_PER_SESSION"] = 2
    ws = make_session()
    first, second, late = app.test_client(), app.test_client(), app.test_client()
    join_as(first, ws)
    join_as(second, ws)
    response = late.post(f"/j/{ws.join_code}", data={"group": ws.groups[0]})
    assert response.status_code == 409
    assert "Dieser Workshop ist voll." in response.text
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 2
    # those already in are not affected
    assert first.get(f"/p/{ws.join_code}").status_code == 200
    assert connect_socket(app, second, ws).is_connected()


def test_a_failed_flush_is_retried_not_lost(
    app: Flask, make_session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If building a snapshot fails (e.g. the database briefly unreachable), the session stays
    dirty and the next flush sends it; nobody's update is dropped."""
    from facilitator.live import snapshots

    ws = make_session()
    db.session.commit()
    broadcaster = app.extensions["facilitator.broadcaster"]
    real = snapshots.load_content

    def broken(ws: Any) -> Any:
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(snapshots, "load_content", broken)
    with pytest.raises(RuntimeError):
        broadcaster.session_changed(ws.id, [7])
    assert broadcaster._dirty == {ws.id: {7}}
    monkeypatch.setattr(snapshots, "load_content", real)
    flushes = broadcaster.flushes
    broadcaster.flush()
    assert broadcaster.flushes == flushes + 1
    assert broadcaster._dirty == {}


def test_phones_are_not_resent_an_unchanged_view_during_a_burst(
    app: Flask,
    make_user: Factory,
    make_session: Factory,
    make_participant: Factory,
    make_note: Factory,
) -> None:
    """Dots hidden until the reveal do not change what phones show: they get their own dots
    left after every flush, and the board only again once the results are revealed."""
    ws = make_session()
    author = make_participant(ws)
    notes = [make_note(author, f"Idee {n}") for n in range(5)]
    services.goto_step(ws, step_of(ws, "dot_vote").position)
    db.session.commit()
    phones = []
    for _ in range(5):
        client = app.test_client()
        join_as(client, ws)
        phones.append(connect_socket(app, client, ws))
    for phone in phones:
        clear(phone)
    for k in range(3):  # a flush after every dot (BROADCAST_INTERVAL 0 in tests)
        for i, phone in enumerate(phones):
            ack = phone.emit(
                "vote:cast",
                {"note_id": notes[(i + k) % 5].id, "key": f"quiet-{i}-{k}"},
                callback=True,
            )
            assert ack["ok"], ack
    for phone in phones:
        assert received(phone, "session:state") == []
        assert received(phone, "me:state")[-1]["dots_left"] == 0
    services.set_results_visible(db.session.merge(ws), True)
    db.session.commit()
    app.extensions["facilitator.broadcaster"].session_changed(ws.id, None)
    for phone in phones:
        (revealed,) = received(phone, "session:state")
        assert sum(note["dots"] for note in revealed["notes"]) == 15


def test_a_lone_change_is_flushed_at_once_and_a_burst_is_coalesced(
    app: Flask, make_session: Factory
) -> None:
    """Leading edge: the first change after a quiet spell wakes the worker at once (no tick to
    wait for); changes during its rest wait for one flush together."""
    import threading

    ws = make_session()
    broadcaster = app.extensions["facilitator.broadcaster"]
    app.config["BROADCAST_INTERVAL"] = 3600  # a tick would never come within this test
    broadcaster._worker_started = True  # the test turns the worker by hand
    broadcaster._wake = threading.Event()
    broadcaster.session_changed(ws.id)
    assert broadcaster._wake.is_set()  # woken at once by the first change
    flushes = broadcaster.flushes
    broadcaster.flush_when_woken()  # returns at once: flushed without waiting for a tick
    assert broadcaster.flushes == flushes + 1
    assert not broadcaster._wake.is_set()
    for _ in range(3):  # a burst during the worker's rest
        broadcaster.session_changed(ws.id, [1])
    assert broadcaster._dirty == {ws.id: {1}}  # coalesced, waiting for one flush
    broadcaster.flush_when_woken()
    assert broadcaster.flushes == flushes + 2
    assert broadcaster._dirty == {}
