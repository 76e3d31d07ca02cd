"""Moderation before the projector: pending notes, approving, hiding, the log, the report."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select, text

from facilitator import errors
from facilitator.db import add_missing_columns, utc_now
from facilitator.extensions import db
from facilitator.live import snapshots
from facilitator.reports.load import load_report_input
from facilitator.sessions import (
    merging,
    moderation,
    moderation_log,
    retention,
    services,
)
from facilitator.sessions.models import ModerationEvent, Note, WorkshopSession
from tests.conftest import app_on, step_of

Factory = Callable[..., Any]


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request: pytest.FixtureRequest) -> Iterator[Flask]:
    """The app on SQLite and on PostgreSQL: approving is one conditional UPDATE on both."""
    with app_on(request.param) as app:
        yield app


def key() -> str:
    return secrets.token_hex(8)


@pytest.fixture
def ws(make_session: Factory) -> WorkshopSession:
    ws = make_session()
    services.goto_step(ws, step_of(ws, "board").position)
    moderation.set_moderated(ws, True)
    return ws


def write(participant: Any, ws: WorkshopSession, text: str, column: str = "pro") -> Note:
    board = step_of(ws, "board")
    outcome = services.add_note(participant, board.id, column, text, key())
    note = db.session.get(Note, outcome.result_id)
    assert note is not None
    return note


def texts(notes: list[dict[str, Any]]) -> list[str]:
    found = []
    for note in notes:
        found.append(note["text"])
        found += [child["text"] for child in note.get("merged", [])]
    return found


def views(ws: WorkshopSession) -> dict[str, Any]:
    content = snapshots.load_content(ws)
    return {
        "facilitator": snapshots.facilitator_snapshot(content),
        "projector": snapshots.projector_snapshot(content),
        "phones": snapshots.participant_snapshot(content),
        "private": snapshots.private_states(content, None),
    }


def log_counts(ws: WorkshopSession) -> dict[str, int]:
    rows = db.session.execute(
        select(ModerationEvent.action, func.sum(ModerationEvent.notes))
        .where(ModerationEvent.ws_id == ws.id)
        .group_by(ModerationEvent.action)
    )
    return {action: int(total) for action, total in rows}


def test_a_new_note_waits_and_only_its_author_and_the_queue_see_it(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    author, other = make_participant(ws), make_participant(ws)
    note = write(author, ws, "Bitte erst prüfen")
    assert note.pending
    services.set_input_open(ws, False)  # closed and revealed: the phones get the wall
    seen = views(ws)
    assert seen["facilitator"]["moderation"] == {
        "on": True,
        "queue": [{"id": note.id, "column": "pro", "text": "Bitte erst prüfen"}],
    }
    assert "Bitte erst prüfen" not in texts(seen["facilitator"]["notes"])  # the queue, not the wall
    assert "Bitte erst prüfen" not in texts(seen["projector"]["notes"])
    assert "Bitte erst prüfen" not in texts(seen["phones"]["notes"])
    assert "moderation" not in seen["projector"]
    assert "moderation" not in seen["phones"]
    assert seen["phones"]["step"]["moderated"] is True
    mine = seen["private"][author.id]["notes"]
    assert [(n["text"], n["pending"]) for n in mine] == [("Bitte erst prüfen", True)]
    assert seen["private"][other.id]["notes"] == []


def test_approving_one_shows_it_and_is_idempotent(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    author = make_participant(ws)
    note = write(author, ws, "Gute Idee")
    revision = moderation.approve_note(ws, note.id).revision
    assert not note.pending
    assert "Gute Idee" in texts(views(ws)["projector"]["notes"])
    assert moderation.approve_note(ws, note.id).revision > revision  # again: nothing more happens
    assert not note.pending
    assert not note.hidden
    assert log_counts(ws) == {"approved": 1}
    assert views(ws)["facilitator"]["moderation"]["queue"] == []


def test_approve_all_approves_only_what_the_facilitator_saw(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    people = [make_participant(ws) for _ in range(3)]
    first, second, late = (write(p, ws, f"Karte {i}") for i, p in enumerate(people))
    moderation.approve_all(ws, step_of(ws, "board").id, up_to=second.id)
    assert (first.pending, second.pending, late.pending) == (False, False, True)
    assert log_counts(ws) == {"approved": 2}
    queue = views(ws)["facilitator"]["moderation"]["queue"]
    assert [entry["id"] for entry in queue] == [late.id]
    moderation.approve_all(ws, step_of(ws, "board").id, up_to=late.id)
    moderation.approve_all(ws, step_of(ws, "board").id, up_to=late.id)  # nothing left: no entry
    assert log_counts(ws) == {"approved": 3}


def test_hiding_from_the_queue_rejects_the_note(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    author = make_participant(ws)
    note = write(author, ws, "Beleidigung")
    moderation.reject_note(ws, note.id)
    assert note.hidden
    assert not note.pending
    seen = views(ws)
    assert seen["facilitator"]["moderation"]["queue"] == []
    assert [n["hidden"] for n in seen["facilitator"]["notes"]] == [True]  # shown again if need be
    assert "Beleidigung" not in texts(seen["projector"]["notes"])
    assert seen["private"][author.id]["notes"][0]["hidden"] is True
    assert log_counts(ws) == {"hidden": 1}


def test_the_log_counts_every_moderation_action_but_no_note(
    make_session: Factory, make_participant: Factory, make_note: Factory
) -> None:
    ws = make_session()  # not moderated: notes are shown at once
    person = make_participant(ws)
    a, b, c, d, e = (make_note(person, text) for text in ("eins", "zwei", "drei", "vier", "5"))
    assert not a.pending
    merging.merge_note(ws, b.id, a.id)
    merging.unmerge(ws, [b.id])
    merging.unmerge(ws, [b.id])  # not merged any more: nothing to log
    merging.merge_notes(ws, d.id, [b.id, e.id], title="Zusammen")  # two notes under a title
    merging.unmerge(ws, [b.id, d.id, e.id])  # the group at once: three notes out of it
    services.set_note_hidden(ws, c.id, True)
    services.set_note_hidden(ws, c.id, True)  # hidden already
    services.set_note_hidden(ws, c.id, False)
    assert log_counts(ws) == {"merged": 4, "unmerged": 4, "hidden": 1, "unhidden": 1}
    columns = set(ModerationEvent.__table__.columns.keys())
    assert columns == {"id", "ws_id", "step_id", "action", "notes", "created_at"}  # no note, no one


def test_switching_off_approves_nothing(ws: WorkshopSession, make_participant: Factory) -> None:
    waiting = write(make_participant(ws), ws, "wartet")
    moderation.set_moderated(ws, False)
    later = write(make_participant(ws), ws, "sofort")
    assert waiting.pending
    assert not later.pending
    seen = views(ws)["facilitator"]
    assert seen["moderation"] == {
        "on": False,
        "queue": [{"id": waiting.id, "column": "pro", "text": "wartet"}],
    }
    assert texts(seen["notes"]) == ["sofort"]
    assert step_of(ws, "board").settings["moderated"] is False
    assert log_counts(ws) == {}


def test_a_changed_note_waits_again(ws: WorkshopSession, make_participant: Factory) -> None:
    author = make_participant(ws)
    note = write(author, ws, "harmlos")
    moderation.approve_note(ws, note.id)
    services.edit_note(author, note.id, "harmlos", key())  # the same text: still approved
    assert not note.pending
    services.edit_note(author, note.id, "ganz anders", key())
    assert note.pending
    assert "ganz anders" not in texts(views(ws)["projector"]["notes"])


def test_waiting_notes_are_neither_voted_on_nor_merged(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    author = make_participant(ws)
    shown, waiting = write(author, ws, "frei"), write(author, ws, "wartet")
    moderation.approve_note(ws, shown.id)
    with pytest.raises(errors.NotMergeable):
        merging.merge_note(ws, waiting.id, shown.id)
    with pytest.raises(errors.NotMergeable):
        merging.merge_note(ws, shown.id, waiting.id)
    services.goto_step(ws, step_of(ws, "dot_vote").position)
    with pytest.raises(errors.UnknownNote):
        services.cast_vote(author, waiting.id, key())
    services.cast_vote(author, shown.id, key())
    seen = views(ws)
    assert texts(seen["phones"]["notes"]) == ["frei"]  # offered for voting: approved only
    assert seen["facilitator"]["source_pending"] == 1
    assert "moderation" not in seen["facilitator"]  # a dot vote has no queue of its own


def test_a_waiting_note_is_suggested_for_no_merge(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    shown = write(make_participant(ws), ws, "Mehr Zeit für Kundinnen und Kunden")
    waiting = write(make_participant(ws), ws, "Mehr Zeit für Kundinnen und Kunden!")
    moderation.approve_note(ws, shown.id)
    assert merging.suggestions(ws) == []
    moderation.approve_note(ws, waiting.id)
    assert [sorted(group.note_ids) for group in merging.suggestions(ws)] == [
        sorted([shown.id, waiting.id])
    ]


def test_switching_refused_where_it_makes_no_sense(
    make_session: Factory,
) -> None:
    ws = make_session()
    revision = ws.revision
    with pytest.raises(errors.NotModeratable):
        moderation.set_moderated(ws, True)  # the info step collects no notes
    assert "moderated" not in ws.current_step.settings
    assert ws.revision == revision
    services.goto_step(ws, step_of(ws, "board").position)
    services.close_session(ws)
    with pytest.raises(errors.SessionClosed):
        moderation.set_moderated(ws, True)
    assert step_of(ws, "board").settings["moderated"] is False


def test_approve_refusals_change_nothing(
    ws: WorkshopSession, make_session: Factory, make_participant: Factory
) -> None:
    note = write(make_participant(ws), ws, "wartet")
    elsewhere = make_session()
    with pytest.raises(errors.UnknownNote):
        moderation.approve_note(elsewhere, note.id)
    with pytest.raises(errors.NotFound):
        moderation.approve_all(elsewhere, step_of(ws, "board").id, up_to=note.id)
    with pytest.raises(errors.UnknownNote):
        moderation.approve_note(ws, note.id + 1000)
    assert note.pending
    assert log_counts(ws) == {}


def test_the_report_has_approved_notes_only_and_the_log_summed_up(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    people = [make_participant(ws) for _ in range(4)]
    notes = [write(p, ws, f"Karte {i}") for i, p in enumerate(people)]
    moderation.approve_all(ws, step_of(ws, "board").id, up_to=notes[1].id)
    moderation.reject_note(ws, notes[2].id)
    inp = load_report_input(ws)
    assert [n.text for n in inp.notes] == ["Karte 0", "Karte 1", "Karte 2"]  # 2 is hidden
    assert [n.hidden for n in inp.notes] == [False, False, True]
    summary = inp.moderation["sammeln"]
    assert summary.counts == {"approved": 2, "hidden": 1}
    assert summary.pending == 1
    assert summary.first is not None
    assert summary.last is not None
    assert summary.first <= summary.last
    assert set(inp.moderation) == {"sammeln"}
    assert moderation_log.summaries([]) == {}


def test_an_older_database_gets_the_pending_column_with_every_note_shown(tmp_path: Any) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT, heading BOOLEAN, "
                "qa_status VARCHAR(10))"
            )
        )
        connection.execute(text("INSERT INTO note VALUES (1, 'schon da', FALSE, 'open')"))
    assert add_missing_columns(engine) == ["note.pending"]
    with engine.begin() as connection:
        assert connection.execute(text("SELECT pending FROM note")).scalar_one() in (0, False)
    assert add_missing_columns(engine) == []
    engine.dispose()


def test_the_log_is_kept_and_deleted_with_the_workshop(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    note = write(make_participant(ws), ws, "frei")
    waiting = write(make_participant(ws), ws, "wartet")
    moderation.approve_note(ws, note.id)
    services.close_session(ws)
    db.session.commit()
    assert retention.purge(now=utc_now() + timedelta(hours=2)).unlinked == 1
    db.session.expire_all()
    assert log_counts(ws) == {"approved": 1}  # the unlink concerns people, not the log
    assert db.session.get(Note, waiting.id).pending  # still waiting, still in no report
    assert retention.purge(now=utc_now() + timedelta(days=91)).deleted == 1
    assert db.session.scalar(select(func.count()).select_from(ModerationEvent)) == 0
    assert db.session.scalar(select(func.count()).select_from(Note)) == 0
