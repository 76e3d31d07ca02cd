"""Retention: how long a workshop's data is kept, and `purge`, which enforces it.

`purge` works in three passes, each workshop in its own transaction so one failure never
stops the rest:

1. close workshops left live for longer than `AUTO_CLOSE_AFTER_DAYS` (abandoned);
2. cut the link between participants and their contributions in every workshop closed for at
   least `UNLINK_AFTER_MINUTES`: the head count per group is kept on the workshop, each step's
   answers and votes get a random number per person instead of the participant (a fresh
   shuffle per step, so numbers neither follow the order of joining nor link steps), note
   authors are emptied, and the participant rows (group, token hash, join time), dot budgets
   and idempotency keys deleted. Answers and votes keep their group for the group figures;
   every figure is the same before and after;
3. delete every workshop whose retention period after closing has ended, with everything in it
   (report links included).

Each workshop's pass goes through `transaction.perform`, so its pages hear of it: closing sends
the closed snapshot to the phones, the projector and the control pages, deleting tells them the
workshop is gone. Inside `facilitator serve` (`run_periodically`) that reaches every connected
page. `facilitator purge` run as a separate process reaches them only through the Socket.IO
message queue (`SOCKETIO_MESSAGE_QUEUE`), if one is configured; without one, a page learns of
it on its next action or reconnect.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from flask import Flask, current_app
from sqlalchemy import bindparam, delete, select, update

from .. import queries
from ..change import Change
from ..db import utc_now
from ..extensions import db
from ..transaction import perform
from . import services
from .models import (
    Answer,
    Ballot,
    Note,
    Participant,
    ProcessedAction,
    SessionStatus,
    SessionStep,
    Vote,
    WorkshopSession,
)


@dataclass(frozen=True)
class PurgeResult:
    closed: int = 0
    unlinked: int = 0
    deleted: int = 0
    failed: int = 0


def deletion_due(ws: WorkshopSession) -> datetime | None:
    """When `purge` deletes this workshop (None while it is live)."""
    if ws.closed_at is None:
        return None
    return ws.closed_at + timedelta(days=ws.retention_days)


def unlink_participants(ws: WorkshopSession) -> Change:
    """Cut the link between a closed workshop's participants and their contributions: after
    it no row ties an answer, a vote or a note to a participant, or one step's answers to
    another's. Nothing a page shows changes (the workshop is closed): nobody is told."""
    ws.participants_by_group = queries.group_sizes(ws)  # before the rows go
    for step in ws.steps:
        _number_respondents(step.id)
    steps = select(SessionStep.id).where(SessionStep.ws_id == ws.id).scalar_subquery()
    people = select(Participant.id).where(Participant.ws_id == ws.id).scalar_subquery()
    for model in (Note, Answer, Vote):
        db.session.execute(
            update(model)
            .where(model.step_id.in_(steps))
            .values(participant_id=None)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(delete(Ballot).where(Ballot.participant_id.in_(people)))
    db.session.execute(delete(ProcessedAction).where(ProcessedAction.participant_id.in_(people)))
    db.session.execute(
        delete(Participant)
        .where(Participant.ws_id == ws.id)
        .execution_options(synchronize_session=False)
    )
    ws.unlinked_at = utc_now()
    return Change(ws_id=ws.id)


def _number_respondents(step_id: int) -> None:
    """Give each person who answered or voted in a step a number 1 … n, shuffled, written into
    their answers' and votes' `respondent` (`models.person` counts by it once the participant
    is gone)."""
    people = sorted(
        {
            participant_id
            for model in (Answer, Vote)
            for participant_id in db.session.scalars(
                select(model.participant_id).where(model.step_id == step_id).distinct()
            )
            if participant_id is not None
        }
    )
    if not people:
        return
    numbers = list(range(1, len(people) + 1))
    secrets.SystemRandom().shuffle(numbers)
    numbered = [
        {"b_step": step_id, "b_participant": participant_id, "b_number": number}
        for participant_id, number in zip(people, numbers, strict=True)
    ]
    for model in (Answer, Vote):
        table = model.__table__
        db.session.connection().execute(
            update(table)
            .where(
                table.c.step_id == bindparam("b_step"),
                table.c.participant_id == bindparam("b_participant"),
            )
            .values(respondent=bindparam("b_number")),
            numbered,
        )


def purge(
    *,
    now: datetime | None = None,
    unlink_after_minutes: int = 60,
    auto_close_after_days: int = 30,
) -> PurgeResult:
    """Apply every workshop's retention (see the module docstring). Commits per workshop."""
    now = now or utc_now()
    counts = {"closed": 0, "unlinked": 0, "deleted": 0, "failed": 0}

    def each(query: Any, action: Callable[[WorkshopSession], Change], name: str) -> None:
        ids = list(db.session.scalars(query))
        db.session.rollback()  # end the read before the writes (SQLite takes its lock per write)
        for ws_id in ids:
            try:
                change = perform(partial(_on_workshop, ws_id, action))
            except Exception:  # one workshop's failure must not stop the rest
                current_app.logger.exception("purge: %s failed for workshop %s", name, ws_id)
                counts["failed"] += 1
            else:
                counts[name] += change.ws_id is not None

    live = WorkshopSession.status == SessionStatus.LIVE
    each(
        select(WorkshopSession.id).where(
            live, WorkshopSession.created_at <= now - timedelta(days=auto_close_after_days)
        ),
        services.close_session,
        "closed",
    )
    closed = WorkshopSession.status == SessionStatus.CLOSED
    each(
        select(WorkshopSession.id).where(
            closed,
            WorkshopSession.unlinked_at.is_(None),
            WorkshopSession.closed_at <= now - timedelta(minutes=unlink_after_minutes),
        ),
        unlink_participants,
        "unlinked",
    )
    expired = [
        ws_id
        for ws_id, closed_at, days in db.session.execute(
            select(
                WorkshopSession.id, WorkshopSession.closed_at, WorkshopSession.retention_days
            ).where(closed)
        )
        if closed_at is not None and closed_at + timedelta(days=days) <= now
    ]
    each(
        select(WorkshopSession.id).where(WorkshopSession.id.in_(expired)),
        services.delete_session,
        "deleted",
    )
    return PurgeResult(**counts)


def _on_workshop(ws_id: int, action: Callable[[WorkshopSession], Change]) -> Change:
    """Run a purge pass's action on one workshop; nothing if it is gone meanwhile."""
    ws = db.session.get(WorkshopSession, ws_id)
    return Change() if ws is None else action(ws)


def purge_with_config(app: Flask, now: datetime | None = None) -> PurgeResult:
    """`purge` with the app's configured periods."""
    return purge(
        now=now,
        unlink_after_minutes=app.config["UNLINK_AFTER_MINUTES"],
        auto_close_after_days=app.config["AUTO_CLOSE_AFTER_DAYS"],
    )


def run_periodically(app: Flask) -> None:
    """The background task of `facilitator serve`: purge now and then every interval."""
    from ..extensions import socketio

    interval = float(app.config["PURGE_INTERVAL_SECONDS"])
    while True:
        with app.app_context():
            try:
                result = purge_with_config(app)
                if result != PurgeResult():
                    app.logger.info("purge: %s", result)
            except Exception:  # e.g. the database unreachable; try next time
                app.logger.exception("purge failed; retrying in %s s", interval)
            finally:
                db.session.remove()
        socketio.sleep(interval)
