"""What a Q&A step shows: its questions with their status, ranked by upvotes where the gate
releases the counts, and which questions each phone has upvoted.

The questions are the notes of the step as `snapshots` builds every board's wall (hidden and
merged ones handled there), so whatever filters a board's notes filters these too; this module
only adds the status, the counts and the order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..rules import session as rules
from .models import Note


def statuses(step_id: int) -> dict[int, str]:
    """The status of every question of a step that is not open (most are open)."""
    rows = db.session.execute(
        select(Note.id, Note.qa_status).where(Note.step_id == step_id, Note.qa_status != "open")
    )
    return {note_id: status for note_id, status in rows}


def questions(
    wall: list[dict[str, Any]],
    marks: Mapping[int, str],
    rows: Iterable[tuple[int, int | None, int]],
    parents: Mapping[int, int | None],
    released: bool,
) -> list[dict[str, Any]]:
    """The shown questions (a board's wall of the step) in the order phones and the projector
    show them, each with its status and, once the gate released the counts, its upvotes.

    :param rows: (note id, person, dots) of every upvote of the step
    :param released: whether enough people upvoted for the counts to be shown (the gate)
    """
    votes = rules.upvotes(((note, person) for note, person, _ in rows), parents)
    for question in wall:
        question["status"] = marks.get(question["id"], "open")
        if released:
            question["votes"] = votes.get(question["id"], 0)
    order = rules.question_order(
        [(q["id"], q["status"]) for q in wall], votes if released else None
    )
    by_id = {question["id"]: question for question in wall}
    return [by_id[question_id] for question_id in order]


def upvoted(
    rows: Iterable[tuple[int, int | None, int]],
    parents: Mapping[int, int | None],
    participant_ids: Collection[int],
) -> dict[int, list[int]]:
    """Per participant, the shown questions they upvoted (their own state only)."""
    mine: dict[int, set[int]] = {}
    for note_id, person, _ in rows:
        if person is not None and person in participant_ids:
            mine.setdefault(person, set()).add(rules.root_of(note_id, parents))
    return {person: sorted(ids) for person, ids in mine.items()}
