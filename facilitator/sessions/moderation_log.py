"""The moderation log: what the facilitator did to a step's notes, how many, and when.

Written by every moderation service (approve, hide, show again, merge, undo a merge); read by
the report's method notes. It holds no note ids, no texts and nothing about authors, so the
works council can see that moderation was fair, not what was moderated. It is deleted with the
workshop (the database cascades), like every other row of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select

from ..db import utc_now
from ..extensions import db
from .models import ModerationEvent, Note

ACTIONS = ("approved", "hidden", "unhidden", "merged", "unmerged")


def record(ws_id: int, step_id: int, action: str, notes: int) -> None:
    """Log one moderation action on `notes` notes of a step (nothing when no note changed)."""
    if action not in ACTIONS:
        raise ValueError(action)
    if notes > 0:
        db.session.add(
            ModerationEvent(
                ws_id=ws_id, step_id=step_id, action=action, notes=notes, created_at=utc_now()
            )
        )


@dataclass(frozen=True)
class StepModeration:
    """A step's moderation in numbers: notes per action, first and last action, and how many
    notes still wait for approval (counted nowhere else)."""

    counts: dict[str, int] = field(default_factory=dict)
    first: datetime | None = None
    last: datetime | None = None
    pending: int = 0


def summaries(step_ids: Sequence[int]) -> dict[int, StepModeration]:
    """Per step (only those with something to say): the log summed up and the notes pending."""
    if not step_ids:
        return {}
    counts: dict[int, dict[str, int]] = {}
    times: dict[int, list[datetime]] = {}
    for step_id, action, notes, first, last in db.session.execute(
        select(
            ModerationEvent.step_id,
            ModerationEvent.action,
            func.sum(ModerationEvent.notes),
            func.min(ModerationEvent.created_at),
            func.max(ModerationEvent.created_at),
        )
        .where(ModerationEvent.step_id.in_(step_ids))
        .group_by(ModerationEvent.step_id, ModerationEvent.action)
    ):
        counts.setdefault(step_id, {})[action] = int(notes)
        times.setdefault(step_id, []).extend(
            moment for moment in (_utc(first), _utc(last)) if moment is not None
        )
    pending = {
        step_id: int(waiting)
        for step_id, waiting in db.session.execute(
            select(Note.step_id, func.count())
            .where(Note.step_id.in_(step_ids), Note.pending)
            .group_by(Note.step_id)
        )
    }
    return {
        step_id: StepModeration(
            counts=counts.get(step_id, {}),
            first=min(times.get(step_id, []), default=None),
            last=max(times.get(step_id, []), default=None),
            pending=pending.get(step_id, 0),
        )
        for step_id in step_ids
        if step_id in counts or pending.get(step_id)
    }


def _utc(moment: datetime | str | None) -> datetime | None:
    """Aggregates (min/max) bypass the column type, so SQLite returns them naive or as text."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
