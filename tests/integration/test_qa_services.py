"""Q&A services against SQLite: asking, upvoting once, taking it back, the status marks."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from facilitator import errors
from facilitator.extensions import db
from facilitator.sessions import merging, qa_services, services
from facilitator.sessions.models import Note, Vote, WorkshopSession
from tests.conftest import step_of

Factory = Callable[..., Any]


def key() -> str:
    return secrets.token_hex(8)


@pytest.fixture
def ws(make_session: Factory) -> WorkshopSession:
    ws = make_session(template="fragen-mini", anonymity_threshold=3)
    services.goto_step(ws, step_of(ws, "qa").position)
    return ws


def ask(participant: Any, ws: WorkshopSession, text: str = "Wer sieht die Daten?") -> int:
    step = step_of(ws, "qa")
    outcome = services.add_note(participant, step.id, "br", text, key())
    assert outcome.result_id is not None
    return outcome.result_id


def upvotes(note_id: int) -> int:
    return db.session.scalar(select(func.count()).where(Vote.note_id == note_id)) or 0


def test_ask_writes_a_question_to_an_addressee(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    asker = make_participant(ws)
    note = db.session.get(Note, ask(asker, ws))
    assert (note.column, note.qa_status, note.participant_id) == ("br", "open", asker.id)
    with pytest.raises(errors.UnknownColumn):
        services.add_note(asker, step_of(ws, "qa").id, "nobody", "Frage?", key())
    for _ in range(2):
        ask(asker, ws)
    with pytest.raises(errors.NoteLimitReached):  # max_notes = 3
        ask(asker, ws)


def test_upvote_once_then_take_it_back(ws: WorkshopSession, make_participant: Factory) -> None:
    asker, other = make_participant(ws), make_participant(ws, "Betriebsrat")
    question = ask(asker, ws)
    first = qa_services.upvote(other, question, key())
    assert first.result_id == question
    assert upvotes(question) == 1
    vote = db.session.scalar(select(Vote).where(Vote.note_id == question))
    assert (vote.dots, vote.max_dots, vote.group) == (1, 1, "Betriebsrat")
    with pytest.raises(errors.AlreadyUpvoted):
        qa_services.upvote(other, question, key())
    assert upvotes(question) == 1
    qa_services.withdraw_upvote(other, question, key())
    assert upvotes(question) == 0
    with pytest.raises(errors.NoVoteToRetract):
        qa_services.withdraw_upvote(other, question, key())
    again = qa_services.upvote(other, question, key())  # after taking it back: once more
    assert again.result_id == question
    assert upvotes(question) == 1


def test_a_retried_upvote_acts_once(ws: WorkshopSession, make_participant: Factory) -> None:
    asker, other = make_participant(ws), make_participant(ws)
    question = ask(asker, ws)
    same = key()
    qa_services.upvote(other, question, same)
    assert qa_services.upvote(other, question, same).duplicate
    assert upvotes(question) == 1


def test_own_question_cannot_be_upvoted(ws: WorkshopSession, make_participant: Factory) -> None:
    asker = make_participant(ws)
    question = ask(asker, ws)
    with pytest.raises(errors.OwnQuestion):
        qa_services.upvote(asker, question, key())
    assert upvotes(question) == 0


def test_upvotes_only_on_shown_questions_of_the_open_step(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    asker, other = make_participant(ws), make_participant(ws)
    question = ask(asker, ws)
    duplicate = ask(asker, ws, "Wer sieht die Daten eigentlich?")
    merging.merge_note(ws, duplicate, question)
    assert qa_services.upvote(other, duplicate, key()).result_id == question  # the shown one
    services.set_note_hidden(ws, question, True)
    with pytest.raises(errors.UnknownNote):
        qa_services.upvote(make_participant(ws), question, key())
    with pytest.raises(errors.UnknownNote):
        qa_services.upvote(other, 999_999, key())
    services.set_input_open(ws, False)
    with pytest.raises(errors.StepClosed):
        qa_services.upvote(other, question, key())


def test_upvote_refused_on_another_kind_of_step(
    make_session: Factory, make_participant: Factory, make_note: Factory
) -> None:
    ws = make_session()
    note = make_note(make_participant(ws))
    with pytest.raises(errors.WrongStepKind):
        qa_services.upvote(make_participant(ws), note.id, key())


def test_answered_questions_take_no_new_upvotes(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    asker, other = make_participant(ws), make_participant(ws)
    question = ask(asker, ws)
    qa_services.upvote(other, question, key())
    qa_services.set_question_status(ws, question, "answered")
    with pytest.raises(errors.QuestionAnswered):
        qa_services.upvote(make_participant(ws), question, key())
    qa_services.withdraw_upvote(other, question, key())  # taking back is still possible
    assert upvotes(question) == 0


def test_one_question_at_a_time_is_being_answered(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    asker = make_participant(ws)
    first, second = ask(asker, ws, "Erste?"), ask(asker, ws, "Zweite?")
    revision = ws.revision
    assert qa_services.set_question_status(ws, first, "answering") > revision
    qa_services.set_question_status(ws, second, "answering")
    db.session.expire_all()
    assert db.session.get(Note, first).qa_status == "answered"  # moved on
    assert db.session.get(Note, second).qa_status == "answering"
    qa_services.set_question_status(ws, second, "answered")
    qa_services.set_question_status(ws, first, "open")  # undone
    db.session.expire_all()
    states = dict(db.session.execute(select(Note.id, Note.qa_status)).all())
    assert states == {first: "open", second: "answered"}
    assert list(states.values()).count("answering") == 0


def test_status_only_for_questions_of_this_workshop(
    ws: WorkshopSession, make_session: Factory, make_participant: Factory, make_note: Factory
) -> None:
    question = ask(make_participant(ws), ws)
    other = make_session(template="fragen-mini")
    with pytest.raises(errors.UnknownNote):
        qa_services.set_question_status(other, question, "answering")
    board = make_session()
    note = make_note(make_participant(board))
    with pytest.raises(errors.WrongStepKind):
        qa_services.set_question_status(board, note.id, "answered")
    with pytest.raises(errors.DomainError):
        qa_services.set_question_status(ws, question, "maybe")
