"""Merging duplicate notes: several into one (optionally under a new title), undoing it, and
suggesting groups of near-duplicates for the facilitator to merge (computed on request only,
never on the flush path: see `facilitator.similarity`).

Services flush, never commit (the boundary commits once); they raise `DomainError`s.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import select

from .. import errors, kinds, similarity
from ..change import EVERYONE, Change
from ..extensions import db
from . import hot_sql as sql
from . import moderation_log, services
from .models import ActionItem, Note, SessionStep, Vote, WorkshopSession


def merge_notes(
    ws: WorkshopSession, into_id: int, note_ids: Sequence[int], title: str | None = None
) -> Change:
    """Show several duplicate notes as part of one note of the same board (undo: `unmerge`).

    All notes must be on one board of this workshop, shown (not hidden, not waiting for
    approval) and not merged already; otherwise nothing changes. With a `title` other than the
    target's text, a new note of the facilitator's (no participant) with that text heads the
    group, and the target is merged into it too: what participants wrote is never rewritten.

    :raises UnknownNote: a note is not in this workshop.
    :raises InvalidMerge: no source, or the target is among the sources.
    :raises NotMergeable: a note is hidden, merged already or on another board.
    :raises NoteTooLong: the title is longer than the board allows.
    """
    sources = list(dict.fromkeys(note_ids))
    if not sources or into_id in sources:
        raise errors.InvalidMerge()
    target = _note(ws, into_id)
    notes = [_note(ws, note_id) for note_id in sources]
    if any(
        note.step_id != target.step_id
        or note.hidden
        or note.pending
        or note.merged_into_id is not None
        for note in [target, *notes]
    ):
        raise errors.NotMergeable()
    title = (title or "").strip()
    if title and title != target.text.strip():
        step = db.session.get(SessionStep, target.step_id)
        if step is not None and len(title) > step.settings.get("max_note_length", 1000):
            raise errors.NoteTooLong()
        head = Note(
            step_id=target.step_id,
            participant_id=None,
            column=target.column,
            text=title,
            heading=True,
        )
        db.session.add(head)
        db.session.flush()
        notes.append(target)
        target = head
    for note in notes:
        note.merged_into_id = target.id
    moderation_log.record(ws.id, target.step_id, "merged", len(notes))
    return services.changed(ws, EVERYONE)


def merge_note(ws: WorkshopSession, note_id: int, into_id: int) -> Change:
    """Merge one duplicate note into another (see `merge_notes`)."""
    return merge_notes(ws, into_id, [note_id])


def unmerge(ws: WorkshopSession, note_ids: Iterable[int]) -> Change:
    """Undo merges: each note is shown on its own again, with its own dots (undoing a whole
    group is one action: all its notes at once). A title the facilitator gave the group goes
    with its last note, unless it has dots or was taken into the action plan."""
    parents = set()
    undone: dict[int, int] = {}  # per step: how many notes were taken out of a merge
    for note_id in dict.fromkeys(note_ids):
        note = _note(ws, note_id)
        if note.merged_into_id is not None:
            parents.add(note.merged_into_id)
            undone[note.step_id] = undone.get(note.step_id, 0) + 1
        note.merged_into_id = None
    for step_id, count in undone.items():
        moderation_log.record(ws.id, step_id, "unmerged", count)
    db.session.flush()
    for parent_id in sorted(parents):
        _drop_lone_heading(parent_id)
    return services.changed(ws, EVERYONE)


def _drop_lone_heading(note_id: int) -> None:
    head = db.session.get(Note, note_id)
    if head is None or not head.heading:
        return
    still_used = (
        select(Note.id).where(Note.merged_into_id == note_id),  # other notes still below it
        select(Vote.id).where(Vote.note_id == note_id),
        select(ActionItem.id).where(ActionItem.note_id == note_id),
    )
    if any(db.session.scalar(query.limit(1)) is not None for query in still_used):
        return
    db.session.delete(head)


def _note(ws: WorkshopSession, note_id: int) -> Note:
    note = db.session.get(Note, note_id)
    if note is None or note.step_id not in {step.id for step in ws.steps}:
        raise errors.UnknownNote()
    return note


def suggestions(
    ws: WorkshopSession, rejected: Iterable[Collection[int]] = ()
) -> list[similarity.Cluster]:
    """Groups of near-duplicates among the shown notes of the board the current step shows
    (its own, or the one a dot vote votes on), leaving out groups the facilitator rejected."""
    step = ws.current_step
    kind = kinds.get_kind(step.kind)
    if not (kind.accepts_notes or kind.accepts_votes):
        return []
    board = step
    allowed: Collection[str] | None = None
    if kind.accepts_votes:
        board = next(s for s in ws.steps if s.key == step.settings["source"])
        allowed = step.settings.get("columns") or None
    notes = [
        similarity.Candidate(
            row.id, row.column, row.text, hidden=row.hidden, merged=row.merged_into_id is not None
        )
        for row in sql.run(sql.NOTES_OF_BOARD, p_step=board.id)
        if (allowed is None or row.column in allowed) and not row.pending  # shown notes only
    ]
    return similarity.suggest(notes, rejected=rejected)
