"""Retention: `purge` closes abandoned workshops, cuts the participant link, deletes the
expired ones."""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from facilitator import errors, kinds, queries, surveys
from facilitator.db import utc_now
from facilitator.extensions import db
from facilitator.live import snapshots
from facilitator.reports import links
from facilitator.reports.build import build_report
from facilitator.reports.data import to_json
from facilitator.reports.load import load_report_input
from facilitator.reports.models import ReportLink
from facilitator.sessions import assessment_services, retention, services
from facilitator.sessions.models import (
    Answer,
    Ballot,
    Note,
    Participant,
    ProcessedAction,
    SessionStatus,
    SessionStep,
    StepItem,
    Vote,
    WorkshopSession,
)
from facilitator.transaction import committing
from tests.conftest import app_on, step_of

Factory = Callable[..., Any]


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request: pytest.FixtureRequest) -> Iterator[Flask]:
    """The app on SQLite and on PostgreSQL: the unlink rewrites rows in bulk on both."""
    with app_on(request.param) as app:
        yield app


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


# --- the unlink keeps every figure and no link ------------------------------------------------

TEMPLATES = [
    "mini",  # board, dot vote
    "risiko-mini",  # check, matrix and traffic-light risk, actions
    "umfrage-mini",  # scales, poll, quiz, weighted decision, canvas, dot vote
]


def _write_notes(step: SessionStep, people: list[Participant], rng: random.Random) -> None:
    columns = [column["key"] for column in kinds.get_kind(step.kind).note_columns(step)]
    for index, someone in enumerate(people[::2]):
        services.add_note(someone, step.id, rng.choice(columns), f"Notiz {index}", key())


def _cast_dots(
    ws: WorkshopSession, step: SessionStep, people: list[Participant], rng: random.Random
) -> None:
    source = next(s for s in ws.steps if s.key == step.settings["source"])
    allowed = step.settings.get("columns") or None
    notes = [
        note_id
        for note_id, column in db.session.execute(
            select(Note.id, Note.column).where(Note.step_id == source.id)
        )
        if allowed is None or column in allowed
    ]
    for someone in people:
        if notes and rng.random() < 0.8:
            for note_id in rng.sample(notes, min(step.settings["budget"], len(notes))):
                services.cast_vote(someone, note_id, key())


def _answer(step: SessionStep, someone: Participant, rng: random.Random) -> None:
    """Answer some of the step's items in some of their dimensions, within its rules."""
    items = db.session.scalars(
        select(StepItem.id).where(StepItem.step_id == step.id, StepItem.enabled)
    ).all()
    dimensions = assessment_services.dimensions(step)
    chosen: list[tuple[int, str, int]] = []
    if step.kind in ("poll", "quiz") and step.settings["multiple"]:
        ticks = rng.randint(1, step.settings["max_choices"])
        options = list(dimensions)
        chosen = [(items[0], tick, 1) for tick in rng.sample(options, ticks)]
    elif step.kind == "weighted":
        left = step.settings["budget"]
        for item in items:
            points = rng.randint(0, left)
            if points:
                chosen.append((item, surveys.WEIGHT, points))
                left -= points
            chosen += [
                (item, rate, rng.randint(1, top))
                for rate, top in dimensions.items()
                if rate != surveys.WEIGHT and rng.random() < 0.8
            ]
    else:
        chosen = [
            (item, dimension, rng.randint(1, top))
            for item in items
            for dimension, top in dimensions.items()
            if rng.random() < 0.7
        ]
    for item, dimension, value in chosen:
        assessment_services.set_answer(someone, step.id, item, dimension, value, key())


def _run_workshop(ws: WorkshopSession, people: list[Participant], rng: random.Random) -> None:
    for step in ws.steps:
        assessment_services.goto(ws, step.position)
        if step.kind in ("board", "canvas"):
            _write_notes(step, people, rng)
        elif step.kind == "dot_vote":
            _cast_dots(ws, step, people, rng)
        elif assessment_services.dimensions(step):
            for someone in people:
                if rng.random() < 0.85:
                    _answer(step, someone, rng)
    services.close_session(ws)
    db.session.commit()


def _views(ws: WorkshopSession) -> list[Any]:
    """Every step's control-page, projector and phone snapshot (without the clock), as seen
    on the closed workshop; the step shown is moved in memory only and rolled back."""
    seen = []
    for position in range(len(ws.steps)):
        ws.current_position = position
        content = snapshots.load_content(ws)
        for build in (
            snapshots.facilitator_snapshot,
            snapshots.projector_snapshot,
            snapshots.participant_snapshot,
        ):
            view = build(content)
            view.pop("timer")
            seen.append(view)
    db.session.rollback()
    return seen


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_unlink_deletes_the_participants_and_keeps_every_figure(
    template: str, make_session: Factory, make_participant: Factory
) -> None:
    rng = random.Random(template)
    ws = make_session(template=template, anonymity_threshold=3)
    people = [
        make_participant(ws, group)
        for group, size in zip(ws.groups, (7, 4, 2), strict=True)
        for _ in range(size)
    ]
    _run_workshop(ws, people, rng)
    assert count(Answer) + count(Vote) > 0
    moment = utc_now()
    report_before = build_report(load_report_input(ws), moment)
    views_before = _views(ws)

    assert purge_at(61, ws).unlinked == 1
    db.session.expire_all()

    assert db.session.scalar(select(func.count()).where(Participant.ws_id == ws.id)) == 0
    for model in (Answer, Vote, Note):
        linked = select(func.count()).where(model.participant_id.is_not(None))
        assert db.session.scalar(linked) == 0, model
    ws = db.session.get(WorkshopSession, ws.id)
    assert ws is not None
    report_after = build_report(load_report_input(ws), moment)
    assert report_after == report_before  # every format renders this one structure
    assert to_json(report_after) == to_json(report_before)
    assert _views(ws) == views_before


def test_each_step_numbers_its_respondents_afresh(
    make_session: Factory, make_participant: Factory
) -> None:
    rng = random.Random(12)
    ws = make_session(template="umfrage-mini", anonymity_threshold=3)
    people = [make_participant(ws, group) for group in ws.groups for _ in range(6)]
    _run_workshop(ws, people, rng)
    before: dict[int, dict[int, set[int]]] = {}  # step → participant → row ids
    for model in (Answer, Vote):
        for row_id, step_id, participant_id in db.session.execute(
            select(model.id, model.step_id, model.participant_id)
        ):
            before.setdefault(step_id, {}).setdefault(participant_id, set()).add(
                (model.__tablename__, row_id)
            )
    assert len(before) >= 2

    purge_at(61, ws)
    db.session.expire_all()

    numbers: dict[tuple[str, int], int] = {}
    for model in (Answer, Vote):
        for row_id, number in db.session.execute(select(model.id, model.respondent)):
            numbers[(model.__tablename__, row_id)] = number
    for people_rows in before.values():
        # one number per person, and the numbers of a step are 1 … n
        per_person = [{numbers[row] for row in rows} for rows in people_rows.values()]
        assert all(len(given) == 1 for given in per_person)
        assert sorted(next(iter(given)) for given in per_person) == list(
            range(1, len(people_rows) + 1)
        )


def test_the_unlink_keeps_the_head_counts_per_group(voted: WorkshopSession) -> None:
    sizes = queries.group_sizes(voted)
    purge_at(61, voted)
    db.session.expire_all()
    ws = db.session.get(WorkshopSession, voted.id)
    assert ws is not None
    assert ws.participants_by_group == sizes
    assert queries.group_sizes(ws) == sizes
