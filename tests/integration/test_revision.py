"""Snapshots are ordered by revision without a row that every contribution writes.

A contribution must not update or lock its workshop's row: that would make every write of a
workshop wait for the one before it, in every process. And the revisions must still order
what clients are sent: a snapshot with a higher revision never holds less than one with a
lower revision, and a flush's snapshot holds every contribution acknowledged with a revision
up to its own (see `facilitator/live/revision.py`).
"""

from __future__ import annotations

import bisect
import itertools
import re
import secrets
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from facilitator import create_app, errors
from facilitator.accounts.services import create_user
from facilitator.extensions import db
from facilitator.live import revision
from facilitator.live.broadcast import Broadcaster
from facilitator.sessions import services
from facilitator.sessions.models import Participant, WorkshopSession
from facilitator.transaction import committing
from tests.conftest import EXERCISES
from tests.realserver.services import postgres_schema

WRITES_TO_WORKSHOP = re.compile(
    r'^\s*(UPDATE\s+"?workshop_session"?\s|.*\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE)\b)',
    re.IGNORECASE | re.DOTALL,
)


def make_app(database_url: str, lock_timeout_ms: int | None = None) -> Flask:
    if lock_timeout_ms is not None:  # PostgreSQL gives up waiting for a lock after this
        option = f"options=-clock_timeout%3D{lock_timeout_ms}%20"
        database_url = database_url.replace("options=", option, 1)
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "EXERCISES_DIR": str(EXERCISES),
            "BROADCAST_INTERVAL": 0,  # a flush right after session_changed, in the caller
        }
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'revision.sqlite'}"
        return
    with postgres_schema() as url:
        yield url


def dot_vote(app: Flask, voters: int) -> tuple[int, list[int], list[int]]:
    """A workshop on its dot vote over three notes: its id, the voters' and the notes' ids."""
    with app.app_context():
        db.create_all()
        owner = create_user(f"{secrets.token_hex(4)}@example.org", "long enough for the policy")
        template = app.extensions["facilitator.catalog"].get("mini")
        ws = services.create_from_template(
            owner,
            template,
            title="Reihenfolge",
            organisation="",
            language="de",
            groups=["A"],
            anonymity_threshold=3,
            code_length=6,
        )
        people = [services.join(ws, "A", 1000)[0] for _ in range(voters)]
        services.goto_step(ws, 1)
        notes = [
            services.add_note(people[0], ws.steps[1].id, "pro", f"Idee {n}", f"n{n}").result_id
            for n in range(3)
        ]
        services.goto_step(ws, 2)
        db.session.commit()
        result = (ws.id, [p.id for p in people], [n for n in notes if n is not None])
        db.session.remove()
    return result


class Statements:
    """The SQL statements run on an engine while it listens."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.seen.append(statement)

    def writing_the_workshop(self) -> list[str]:
        return [s for s in self.seen if WRITES_TO_WORKSHOP.match(s)]


def test_a_contribution_writes_no_row_of_its_workshop_but_a_flush_does(database_url: str) -> None:
    app = make_app(database_url)
    ws_id, people, notes = dot_vote(app, 2)
    statements = Statements()
    with app.app_context():
        revision_before = db.session.get(WorkshopSession, ws_id).revision  # type: ignore[union-attr]
        participant = db.session.get(Participant, people[1])
        assert participant is not None
        event.listen(db.engine, "before_cursor_execute", statements)
        outcomes = []
        for action in (
            lambda: services.cast_vote(participant, notes[0], "v1"),
            lambda: services.cast_vote(participant, notes[1], "v2"),
            lambda: services.retract_vote(participant, notes[0], "r1"),
            lambda: services.cast_vote(participant, notes[1], "v2"),  # a resend
        ):
            with committing():
                outcomes.append(action())
        assert len(statements.seen) >= 4 * 3
        assert statements.writing_the_workshop() == []
        # each carries the revision of the next flush, which holds it
        assert [o.revision for o in outcomes] == [revision_before + 1] * 4
        assert outcomes[-1].duplicate
        app.extensions["facilitator.broadcaster"].session_changed(ws_id, [participant.id])
        flushed = statements.writing_the_workshop()
        assert len(flushed) == 1  # the flush takes the next revision: one write per flush
        assert db.session.get(WorkshopSession, ws_id).revision == revision_before + 1  # type: ignore[union-attr]
        event.remove(db.engine, "before_cursor_execute", statements)
        db.session.remove()
        db.engine.dispose()


def test_an_ack_names_a_flush_that_read_after_the_commit() -> None:
    """On PostgreSQL a flush never waits for contributions: it may take the revision a
    contribution read, and read, before that contribution commits. The ack then names the
    flush after it (read after the commit), never the one that missed it."""
    with postgres_schema() as url:
        apps = [make_app(url), make_app(url, lock_timeout_ms=2000)]
        ws_id, people, notes = dot_vote(apps[0], 1)
        with apps[0].app_context():
            participant = db.session.get(Participant, people[0])
            with committing():
                change = services.cast_vote(participant, notes[0], "k")  # type: ignore[arg-type]
                with apps[1].app_context():  # another process flushes meanwhile, unhindered
                    missed = revision.advance(ws_id)
                    db.session.remove()
            assert change.revision == missed  # read before that flush took it
            acknowledged = revision.settled(change).revision
            db.session.remove()
        assert missed is not None
        assert acknowledged == missed + 1
        for app in apps:
            with app.app_context():
                db.engine.dispose()


class Recorder:
    """Stands in for Flask-SocketIO: keeps what a broadcaster sends."""

    def __init__(self, sent: list[tuple[int, int, bool]], lock: threading.Condition) -> None:
        self.sent, self.lock = sent, lock
        self.server = SimpleNamespace(manager=None)  # one queue message per emit

    def emit(self, event_name: str, payload: dict[str, Any], to: str) -> None:
        if event_name != "session:state" or "steps" not in payload:
            return  # the facilitator's snapshots are enough: they carry every tally
        dots = sum(note.get("dots", 0) for note in payload["notes"])
        with self.lock:
            self.sent.append((int(payload["revision"]), dots, to.startswith("initial")))
            self.lock.notify_all()


def test_snapshots_of_two_processes_are_ordered_by_their_revision(database_url: str) -> None:
    """Two apps with their own connection pools (as two processes) on one database:
    participants vote through both while both flush and send full snapshots on connect."""
    url = database_url
    apps = [make_app(url), make_app(url)]
    ws_id, people, notes = dot_vote(apps[0], 33)
    sent: list[tuple[int, int, bool]] = []
    acked: list[int] = []
    lock = threading.Condition()
    with apps[0].app_context():  # three voters first: the tallies are shown from then on
        for person in people[30:]:
            participant = db.session.get(Participant, person)
            with committing():
                first = services.cast_vote(participant, notes[0], "first")  # type: ignore[arg-type]
            acked.append(revision.settled(first).revision)  # as the ack carries it
        db.session.remove()
    for app in apps:
        broadcaster: Broadcaster = app.extensions["facilitator.broadcaster"]
        broadcaster._socketio = Recorder(sent, lock)  # type: ignore[assignment]
    voting = threading.Event()

    def flushed_since(seen: int) -> bool:
        return any(not initial for *_, initial in sent[seen:])

    failures: list[BaseException] = []

    def vote(app: Flask, person: int, turn: int) -> None:
        with app.app_context():
            participant = db.session.get(Participant, person)
            assert participant is not None
            for k in range(3):
                for _attempt in range(20):  # like a phone: the same key again when busy
                    try:
                        with committing():
                            outcome = services.cast_vote(
                                participant, notes[(turn + k) % 3], f"{person}-{k}"
                            )
                        break
                    except errors.TryAgain:
                        continue
                acknowledged = revision.settled(outcome).revision  # as the ack carries it
                with lock:
                    acked.append(acknowledged)
                    # votes and flushes interleave: each voter's next dot after a flush
                    lock.wait_for(partial(flushed_since, len(sent)), 5)
            db.session.remove()

    def flush(app: Flask) -> None:
        with app.app_context():
            broadcaster = app.extensions["facilitator.broadcaster"]
            while voting.is_set():
                broadcaster.session_changed(ws_id, ())
            db.session.remove()

    def connect(app: Flask) -> None:
        with app.app_context():
            broadcaster = app.extensions["facilitator.broadcaster"]
            while voting.is_set():
                ws = db.session.get(WorkshopSession, ws_id)
                assert ws is not None
                broadcaster.send_initial("initial", "facilitator", ws, None)
                db.session.remove()

    def guarded(target: Any, *args: Any) -> None:
        try:
            target(*args)
        except BaseException as error:  # reported by the test below
            failures.append(error)

    voting.set()
    helpers = [
        threading.Thread(target=guarded, args=(job, app))
        for app in apps
        for job in (flush, connect)
    ]
    voters = [
        threading.Thread(target=guarded, args=(vote, apps[i % 2], person, i))
        for i, person in enumerate(people[:30])
    ]
    for thread in helpers + voters:
        thread.start()
    for thread in voters:
        thread.join(timeout=60)
    voting.clear()
    for thread in helpers:
        thread.join(timeout=60)
    assert not failures, failures
    flushes = [(label, dots) for label, dots, initial in sent if not initial]
    assert len(flushes) >= 3  # flushes that a later one overtook send nothing
    assert len(sent) > len(flushes)
    # never an older view under a newer revision. Every page hears every flush, so the flushes
    # grow with their revision. A full snapshot goes to one connecting page, before the flushes
    # it hears later: it holds at least what every older flush sent, and every newer flush
    # holds at least what it holds. (Two full snapshots for two pages are not compared: one
    # that read its revision first may read its content last, which no page ever sees as a
    # step back; the flush of its own revision may hold more, and the next flush sends that.)
    flushes.sort()
    for (older, fewer), (newer, more) in itertools.pairwise(flushes):
        assert more >= fewer, (older, newer)
    for label, dots, initial in sent:
        if not initial:
            continue
        for flushed, flushed_dots in flushes:
            if flushed < label:
                assert dots >= flushed_dots, (label, flushed)
            elif flushed > label:
                assert flushed_dots >= dots, (label, flushed)
    # a flush's snapshot holds every dot acknowledged with its revision or an older one
    acked.sort()
    for label, dots in flushes:
        assert dots >= bisect.bisect_right(acked, label), label
    assert len(acked) == 3 + 30 * 3
    with apps[0].app_context():
        db.session.remove()
    for app in apps:
        with app.app_context():
            db.engine.dispose()
