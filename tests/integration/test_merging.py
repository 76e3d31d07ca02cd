"""Merging several notes at once, under a new title, undoing a group; suggestions on request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, text

from facilitator import errors
from facilitator.db import add_missing_columns
from facilitator.extensions import db
from facilitator.live import snapshots
from facilitator.sessions import merging, services
from facilitator.sessions.models import Note, WorkshopSession
from tests.conftest import step_of

Factory = Callable[..., Any]


@pytest.fixture
def ws(make_session: Factory) -> WorkshopSession:
    return make_session()


def links() -> dict[int, int | None]:
    return {row[0]: row[1] for row in db.session.execute(select(Note.id, Note.merged_into_id))}


def wall(ws: WorkshopSession) -> list[tuple[str, list[str]]]:
    state = snapshots.facilitator_snapshot(snapshots.load_content(ws))
    return [(note["text"], [m["text"] for m in note["merged"]]) for note in state["notes"]]


def test_several_notes_merge_into_one_and_a_group_is_undone_at_once(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    author = make_participant(ws)
    a, b, c, d = (make_note(author, text) for text in ("KI", "KI!", "ki", "Anderes"))
    before = ws.revision
    merging.merge_notes(ws, a.id, [b.id, c.id])
    assert ws.revision > before
    assert wall(ws) == [("KI", ["KI!", "ki"]), ("Anderes", [])]
    merging.unmerge(ws, [b.id, c.id])
    assert wall(ws) == [("KI", []), ("KI!", []), ("ki", []), ("Anderes", [])]
    assert d.merged_into_id is None


def test_a_new_title_heads_the_group_and_keeps_what_participants_wrote(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    author = make_participant(ws)
    a, b = make_note(author, "Datenschuz"), make_note(author, "datenschutz!!")
    merging.merge_notes(ws, a.id, [b.id], title="Datenschutz")
    head = db.session.scalar(select(Note).where(Note.text == "Datenschutz"))
    assert head is not None
    assert (head.participant_id, head.column) == (None, a.column)
    assert (a.text, b.text) == ("Datenschuz", "datenschutz!!")
    assert wall(ws) == [("Datenschutz", ["Datenschuz", "datenschutz!!"])]
    assert head.heading
    merging.unmerge(ws, [a.id])
    assert wall(ws) == [("Datenschuz", []), ("Datenschutz", ["datenschutz!!"])]
    merging.unmerge(ws, [b.id])  # the title goes with its last note
    assert wall(ws) == [("Datenschuz", []), ("datenschutz!!", [])]
    assert db.session.get(Note, head.id) is None


def test_a_title_with_dots_stays_when_the_merge_is_undone(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    voter = make_participant(ws)
    a, b = make_note(voter, "KI"), make_note(voter, "KI!")
    merging.merge_notes(ws, a.id, [b.id], title="Künstliche Intelligenz")
    head = db.session.scalar(select(Note).where(Note.heading))
    assert head is not None
    services.goto_step(ws, step_of(ws, "dot_vote").position)
    services.cast_vote(voter, head.id, "k" * 16)
    merging.unmerge(ws, [a.id, b.id])
    assert db.session.get(Note, head.id) is not None  # its dot is not lost


@pytest.mark.parametrize(
    "problem",
    ["hidden source", "hidden target", "merged source", "merged target", "other board",
     "unknown", "self", "none", "title too long"],
)  # fmt: skip
def test_a_refused_merge_changes_nothing(
    problem: str,
    ws: WorkshopSession,
    make_session: Factory,
    make_participant: Factory,
    make_note: Factory,
) -> None:
    author = make_participant(ws)
    a, b, c, d = (make_note(author, text) for text in ("A", "B", "C", "D"))
    merging.merge_notes(ws, c.id, [d.id])
    if "hidden" in problem:
        services.set_note_hidden(ws, b.id, True)
    other = make_session()
    foreign = make_note(make_participant(other), "F")
    into, sources, title = {
        "hidden source": (a.id, [b.id], None),
        "hidden target": (b.id, [a.id], None),
        "merged source": (a.id, [d.id], None),
        "merged target": (d.id, [a.id], None),
        "other board": (a.id, [foreign.id], None),
        "unknown": (a.id, [987654], None),
        "self": (a.id, [a.id], None),
        "none": (a.id, [], None),
        "title too long": (a.id, [c.id], "x" * 281),
    }[problem]
    db.session.commit()
    before = links()
    notes_before = db.session.scalar(select(db.func.count()).select_from(Note))
    with pytest.raises(errors.DomainError):
        merging.merge_notes(ws, into, sources, title)
    db.session.rollback()  # what the boundary does
    assert links() == before
    assert db.session.scalar(select(db.func.count()).select_from(Note)) == notes_before


def test_suggestions_cover_the_current_board_only_shown_notes(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    author = make_participant(ws)
    a, b, c = (make_note(author, text) for text in ("Datenschutz", "datenschutz", "Datenschutz!"))
    d = make_note(author, "Datenschutz", column="contra")
    e = make_note(author, "Datenschutz", column="contra")
    services.set_note_hidden(ws, c.id, True)
    found = {cluster.note_ids for cluster in merging.suggestions(ws)}
    assert found == {(a.id, b.id), (d.id, e.id)}
    assert [c.note_ids for c in merging.suggestions(ws, rejected=[[d.id, e.id]])] == [(a.id, b.id)]
    merging.merge_notes(ws, a.id, [b.id])
    assert [c.note_ids for c in merging.suggestions(ws)] == [(d.id, e.id)]
    services.goto_step(ws, step_of(ws, "dot_vote").position)  # the board it votes on
    assert [c.note_ids for c in merging.suggestions(ws)] == [(d.id, e.id)]
    services.goto_step(ws, step_of(ws, "info").position)
    assert merging.suggestions(ws) == []


def test_an_older_database_gains_the_heading_column(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    note = make_note(make_participant(ws), "Schichtplan")
    db.session.commit()
    with db.engine.begin() as connection:
        connection.execute(text('ALTER TABLE "note" DROP COLUMN "heading"'))
    assert "note.heading" in add_missing_columns(db.engine)
    db.session.expire_all()
    assert db.session.get(Note, note.id).heading is False
