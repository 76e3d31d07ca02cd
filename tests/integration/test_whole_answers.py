"""A ranking is saved whole: every asked option once, one statement, an earlier ranking
replaced; refusals store nothing; a ranking's places can be neither set nor removed one by one,
while a 2x2's axes are answered one by one."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from facilitator import errors
from facilitator.extensions import db
from facilitator.kinds.ranking import RANK, IncompleteOrder
from facilitator.queries import answer_data
from facilitator.sessions import assessment_services, services
from facilitator.sessions.models import Answer, WorkshopSession

Factory = Callable[..., Any]


def key() -> str:
    return secrets.token_hex(8)


@pytest.fixture
def ws(make_session: Factory) -> WorkshopSession:
    return make_session(template="neue-arten", anonymity_threshold=3)


def goto(ws: WorkshopSession, key_of_step: str) -> Any:
    step = next(s for s in ws.steps if s.key == key_of_step)
    services.goto_step(ws, step.position)
    return step


def places(participant_id: int) -> dict[int, int]:
    rows = db.session.execute(
        select(Answer.item_id, Answer.value).where(
            Answer.participant_id == participant_id, Answer.dimension == RANK
        )
    )
    return {item_id: value for item_id, value in rows}


def test_the_options_become_the_steps_items(ws: WorkshopSession) -> None:
    ranking = next(s for s in ws.steps if s.key == "prioritaeten")
    placed = next(s for s in ws.steps if s.key == "einordnen")
    assert [i.text["de"] for i in answer_data.items_of(ranking.id)] == [
        "Schulung",
        "Regeln",
        "Pilot",
    ]
    assert assessment_services.dimensions(ranking) == {"rank": 3}
    assert assessment_services.dimensions(placed) == {"x": 5, "y": 5}


def test_a_ranking_is_saved_whole_and_replaced_whole(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    person = make_participant(ws)
    step = goto(ws, "prioritaeten")
    schulung, regeln, pilot = (i.id for i in answer_data.items_of(step.id))
    assessment_services.set_whole(person, step.id, [regeln, schulung, pilot], key())
    assert places(person.id) == {regeln: 1, schulung: 2, pilot: 3}
    assessment_services.set_whole(person, step.id, [pilot, regeln, schulung], key())
    assert places(person.id) == {pilot: 1, regeln: 2, schulung: 3}  # one row per option still
    same = key()
    first = assessment_services.set_whole(person, step.id, [schulung, regeln, pilot], same)
    again = assessment_services.set_whole(person, step.id, [pilot, schulung, regeln], same)
    assert again.duplicate
    assert not first.duplicate
    assert places(person.id) == {schulung: 1, regeln: 2, pilot: 3}  # the resend did nothing


@pytest.mark.parametrize("bad", ["missing", "twice", "foreign", "switched_off"])
def test_an_incomplete_ranking_stores_nothing(
    ws: WorkshopSession, make_participant: Factory, bad: str
) -> None:
    person = make_participant(ws)
    step = goto(ws, "prioritaeten")
    schulung, regeln, pilot = (i.id for i in answer_data.items_of(step.id))
    other = answer_data.items_of(next(s for s in ws.steps if s.key == "einordnen").id)[0]
    order = {
        "missing": [schulung, regeln],
        "twice": [schulung, regeln, regeln],
        "foreign": [schulung, regeln, other.id],
        "switched_off": [schulung, regeln, pilot],
    }[bad]
    if bad == "switched_off":  # a switched-off option is not asked any more
        assessment_services.set_item_enabled(ws, pilot, False)
    with pytest.raises(IncompleteOrder):
        assessment_services.set_whole(person, step.id, order, key())
    db.session.rollback()
    assert places(person.id) == {}


def test_places_cannot_be_set_or_removed_one_by_one(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    person = make_participant(ws)
    step = goto(ws, "prioritaeten")
    first = answer_data.items_of(step.id)[0]
    with pytest.raises(errors.WrongStepKind):
        assessment_services.set_answer(person, step.id, first.id, RANK, 1, key())
    with pytest.raises(errors.WrongStepKind):
        assessment_services.skip_item(person, step.id, first.id, key())


def test_a_2x2_takes_its_axes_one_by_one_but_no_whole_set(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    person = make_participant(ws)
    step = goto(ws, "einordnen")
    chatbot = answer_data.items_of(step.id)[0]
    assessment_services.set_answer(person, step.id, chatbot.id, "x", 2, key())
    assessment_services.set_answer(person, step.id, chatbot.id, "y", 5, key())
    with pytest.raises(errors.ValueOutOfRange):
        assessment_services.set_answer(person, step.id, chatbot.id, "y", 6, key())
    with pytest.raises(errors.WrongStepKind):
        assessment_services.set_whole(person, step.id, [chatbot.id], key())
    assessment_services.skip_item(person, step.id, chatbot.id, key(), "x")
    rows = db.session.execute(select(Answer.dimension, Answer.value)).all()
    assert [tuple(row) for row in rows] == [("y", 5)]
