"""Retention: `purge` closes abandoned workshops, cuts the participant link, deletes the
expired ones."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from facilitator import errors
from facilitator.db import utc_now
from facilitator.extensions import db
from facilitator.reports import links
from facilitator.reports.load import load_report_input
from facilitator.reports.models import ReportLink
from facilitator.sessions import retention, services
from facilitator.sessions.models import (
    Ballot,
    Note,
    Participant,
    ProcessedAction,
    SessionStatus,
    Vote,
    WorkshopSession,
)
from facilitator.transaction import committing
from tests.conftest import step_of

Factory = Callable[..., Any]


def key() -> str:
    return secrets.token_hex(8)


def count(model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def voted(make_session: Factory, make_participant: Factory, make_note: Factory) -> WorkshopSession:
    """A workshop with notes by two groups and dots on them, closed just now."""
    ws = make_session(anonymity_threshold=3)
    people = [make_participant(ws, group) for group in ["Beschäftigte"] * 3 + ["Betriebsrat"] * 3]
    notes = [make_note(person, f"Idee {index}") for index, person in enumerate(people[:2])]
    services.goto_step(ws, step_of(ws, "dot_vote").position)
    for person in people:
        services.cast_vote(person, notes[0].id, key())
    services.cast_vote(people[5], notes[1].id, key())
    services.close_session(ws)
    db.session.commit()
    return ws


def purge_at(minutes_after_close: float, ws: WorkshopSession) -> retention.PurgeResult:
    assert ws.closed_at is not None
    return retention.purge(now=ws.closed_at + timedelta(minutes=minutes_after_close))


def test_unlink_cuts_every_link_between_people_and_contributions(voted: WorkshopSession) -> None:
    before = load_report_input(voted)
    assert count(Ballot)
    assert count(ProcessedAction)
    result = purge_at(61, voted)
    assert (result.unlinked, result.deleted, result.failed) == (1, 0, 0)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(Note.participant_id.is_not(None))) == 0
    assert (
        db.session.scalar(select(Participant.token_hash).where(Participant.token_hash.is_not(None)))
        is None
    )
    assert count(Ballot) == 0
    assert count(ProcessedAction) == 0
    ws = db.session.get(WorkshopSession, voted.id)
    assert ws is not None
    assert ws.unlinked_at is not None
    after = load_report_input(ws)
    # the report's figures survive: group sizes, dots per group, voters, notes
    assert after.participants_by_group == before.participants_by_group
    assert sorted(after.dots, key=repr) == sorted(before.dots, key=repr)
    assert after.voters == before.voters
    assert after.notes == before.notes


def test_nothing_is_unlinked_before_the_grace_period(voted: WorkshopSession) -> None:
    assert purge_at(59, voted) == retention.PurgeResult()
    assert count(Ballot) > 0
    assert db.session.get(WorkshopSession, voted.id).unlinked_at is None


def test_a_live_workshop_is_never_unlinked(
    make_session: Factory, make_participant: Factory, make_note: Factory
) -> None:
    ws = make_session()
    make_note(make_participant(ws))
    db.session.commit()
    assert retention.purge(now=utc_now() + timedelta(days=29)) == retention.PurgeResult()
    assert db.session.scalar(select(Note.participant_id)) is not None


def test_an_abandoned_live_workshop_is_closed_then_unlinked(
    make_session: Factory, make_participant: Factory, make_note: Factory
) -> None:
    ws = make_session()
    make_note(make_participant(ws))
    db.session.commit()
    assert retention.purge(now=utc_now() + timedelta(days=29)).closed == 0
    result = retention.purge(now=utc_now() + timedelta(days=31))
    assert (result.closed, result.unlinked) == (1, 1)  # an hour after closing passed, too
    db.session.expire_all()
    ws = db.session.get(WorkshopSession, ws.id)
    assert ws.status is SessionStatus.CLOSED
    assert ws.unlinked_at is not None


def test_the_retention_period_deletes_the_workshop_with_everything(
    voted: WorkshopSession, make_session: Factory
) -> None:
    links.create_link(voted, days=30)
    kept = make_session(retention_days=365)
    services.close_session(kept)
    db.session.commit()
    assert purge_at(60 * 24 * 89, voted).deleted == 0
    result = purge_at(60 * 24 * 90, voted)
    assert result.deleted == 1
    db.session.expire_all()
    assert db.session.scalars(select(WorkshopSession.id)).all() == [kept.id]
    for model in (Note, Vote, Participant, Ballot, ProcessedAction, ReportLink):
        assert count(model) == 0, model


def test_purge_is_idempotent(voted: WorkshopSession) -> None:
    assert purge_at(61, voted).unlinked == 1
    assert purge_at(62, voted) == retention.PurgeResult()


def test_an_unlinked_workshop_cannot_be_reopened(voted: WorkshopSession) -> None:
    purge_at(61, voted)
    ws = db.session.get(WorkshopSession, voted.id)
    with pytest.raises(errors.AlreadyUnlinked), committing():
        services.reopen_session(ws)
    db.session.expire_all()
    assert db.session.get(WorkshopSession, voted.id).status is SessionStatus.CLOSED


def test_a_closed_workshop_can_be_reopened_before_unlinking(voted: WorkshopSession) -> None:
    with committing():
        services.reopen_session(voted)
    assert voted.is_live


def test_deletion_date(voted: WorkshopSession) -> None:
    assert voted.closed_at is not None
    assert retention.deletion_due(voted) == voted.closed_at + timedelta(days=90)
