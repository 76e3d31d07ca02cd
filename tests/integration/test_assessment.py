"""Risk assessment services: answers, refusals that store nothing, carrying hazards over, the
action plan, and one rating per participant, hazard and dimension under concurrent emits."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from facilitator import assessment as ar
from facilitator import errors, kinds
from facilitator.accounts.services import create_user
from facilitator.extensions import db
from facilitator.sessions import assessment_data, assessment_services, services
from facilitator.sessions.models import (
    ActionItem,
    Answer,
    Participant,
    ProcessedAction,
    StepItem,
    WorkshopSession,
)
from facilitator.transaction import committing
from tests.conftest import step_of
from tests.integration.test_concurrency import database_url, file_app  # noqa: F401

Factory = Callable[..., Any]


def key() -> str:
    return secrets.token_hex(8)


@pytest.fixture
def ws(make_session: Factory) -> WorkshopSession:
    return make_session(template="risiko-mini", anonymity_threshold=3)


def items(step: Any) -> list[StepItem]:
    return assessment_data.items_of(step.id)


def goto(ws: WorkshopSession, kind: str, nth: int = 0) -> Any:
    step = [s for s in ws.steps if s.kind == kind][nth]
    assessment_services.goto(ws, step.position)
    return step


def answers() -> list[tuple[int, int | None, str, int]]:
    rows = db.session.execute(
        select(Answer.item_id, Answer.participant_id, Answer.dimension, Answer.value).order_by(
            Answer.id
        )
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_template_items_are_copied(ws: WorkshopSession) -> None:
    check, matrix, light = step_of(ws, "check"), *[s for s in ws.steps if s.kind == "risk"]
    assert [i.text["de"][:10] for i in items(check)] == ["KI-Vorschl", "Bei Ausfal", "Das System"]
    assert [i.origin for i in items(matrix)] == ["template", "template"]
    assert len(items(light)) == 1
    assert assessment_services.dimensions(matrix) == {"likelihood": 4, "severity": 4}
    assert assessment_services.dimensions(light) == {"light": 3}


def test_a_changed_answer_counts_once(ws: WorkshopSession, make_participant: Factory) -> None:
    person = make_participant(ws)
    check = goto(ws, "check")
    first = items(check)[0]
    assessment_services.set_answer(person, check.id, first.id, ar.ANSWER, ar.YES, key())
    assessment_services.set_answer(person, check.id, first.id, ar.ANSWER, ar.NO, key())
    assert answers() == [(first.id, person.id, "answer", ar.NO)]
    counted = [count for _, count in assessment_data.answer_counts([check.id])]
    assert [(c.item_id, c.value, c.count) for c in counted] == [(first.id, ar.NO, 1)]
    # one person is fewer than the threshold: the gate shows no figure of the statement
    assert (
        assessment_data.summarise_step(
            ws, check, kinds.get_kind(check.kind).step_rules(check.settings)
        )[first.id].total
        is None
    )


def test_a_retried_answer_is_stored_once(ws: WorkshopSession, make_participant: Factory) -> None:
    person = make_participant(ws)
    check = goto(ws, "check")
    same = key()
    one = assessment_services.set_answer(person, check.id, items(check)[0].id, "answer", 2, same)
    two = assessment_services.set_answer(person, check.id, items(check)[0].id, "answer", 2, same)
    assert two.duplicate
    assert one.result_id == two.result_id
    assert len(answers()) == 1


@pytest.mark.parametrize(
    ("dimension", "value", "error"),
    [
        ("answer", 4, errors.ValueOutOfRange),
        ("answer", 0, errors.ValueOutOfRange),
        ("likelihood", 1, errors.ValueOutOfRange),  # a check has no likelihood
        ("light", 2, errors.ValueOutOfRange),
    ],
)
def test_an_answer_out_of_range_stores_nothing(
    ws: WorkshopSession, make_participant: Factory, dimension: str, value: int, error: type
) -> None:
    person = make_participant(ws)
    check = goto(ws, "check")
    db.session.commit()
    with pytest.raises(error), committing():
        assessment_services.set_answer(
            person, check.id, items(check)[0].id, dimension, value, key()
        )
    assert answers() == []
    assert db.session.scalar(select(func.count()).select_from(ProcessedAction)) == 0


def test_matrix_axes_are_limited_by_the_template(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    person = make_participant(ws)
    matrix = goto(ws, "risk")
    hazard = next(i for i in items(matrix) if i.origin == "template")
    db.session.commit()
    with pytest.raises(errors.ValueOutOfRange), committing():
        assessment_services.set_answer(person, matrix.id, hazard.id, "severity", 5, key())
    with committing():
        assessment_services.set_answer(person, matrix.id, hazard.id, "severity", 4, key())
    assert answers() == [(hazard.id, person.id, "severity", 4)]


def test_unknown_switched_off_or_foreign_items_are_refused(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    person = make_participant(ws)
    check = step_of(ws, "check")
    matrix = goto(ws, "risk")
    hazard = next(i for i in items(matrix) if i.origin == "template")
    assessment_services.set_item_enabled(ws, hazard.id, False)
    db.session.commit()
    for item_id in (items(check)[0].id, hazard.id, 999_999):
        with pytest.raises(errors.UnknownItem), committing():
            assessment_services.set_answer(person, matrix.id, item_id, "likelihood", 2, key())
    assert answers() == []


def test_a_closed_step_or_another_step_stores_nothing(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    person = make_participant(ws)
    check = goto(ws, "check")
    first = items(check)[0].id
    services.set_input_open(ws, False)
    db.session.commit()
    with pytest.raises(errors.StepClosed), committing():
        assessment_services.set_answer(person, check.id, first, "answer", 1, key())
    services.set_input_open(ws, True)
    goto(ws, "risk")
    db.session.commit()
    with pytest.raises(errors.StepClosed), committing():
        assessment_services.set_answer(person, check.id, first, "answer", 1, key())
    assert answers() == []


def test_skip_removes_both_axes(ws: WorkshopSession, make_participant: Factory) -> None:
    person, other = make_participant(ws), make_participant(ws)
    matrix = goto(ws, "risk")
    hazard = items(matrix)[0].id
    for who in (person, other):
        assessment_services.set_answer(who, matrix.id, hazard, "likelihood", 3, key())
        assessment_services.set_answer(who, matrix.id, hazard, "severity", 2, key())
    assessment_services.skip_item(person, matrix.id, hazard, key())
    assert {row[1] for row in answers()} == {other.id}
    assert sum(assessment_data.respondents([matrix.id]).values()) == 1
    counted = [count for _, count in assessment_data.answer_counts([matrix.id])]
    assert sorted((c.dimension, c.value, c.count) for c in counted) == [
        ("likelihood", 3, 1),
        ("severity", 2, 1),
    ]
    assert (
        assessment_data.summarise_step(
            ws, matrix, kinds.get_kind(matrix.kind).step_rules(matrix.settings)
        )[hazard].total
        is None
    )


def test_unmet_statements_and_prioritised_hazards_are_carried_over(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    people = [make_participant(ws) for _ in range(4)]
    note = make_note(people[0], "Angebote schreiben", column="taetigkeiten")
    check = goto(ws, "check")
    statements = items(check)
    for index, person in enumerate(people):
        # statement 0: all No; statement 1: one No of four (25 % < 30 %); statement 2: all Yes
        assessment_services.set_answer(person, check.id, statements[0].id, "answer", 2, key())
        answer = ar.NO if index == 0 else ar.YES
        assessment_services.set_answer(person, check.id, statements[1].id, "answer", answer, key())
        assessment_services.set_answer(person, check.id, statements[2].id, "answer", 1, key())
    matrix = goto(ws, "risk")
    carried = [i for i in items(matrix) if i.origin == "check"]
    assert [i.source_id for i in carried] == [statements[0].id]
    assert carried[0].text == statements[0].text
    # the facilitator decides: takes the second statement and a note too, switches one off
    assessment_services.take_over(ws, matrix.id, "check", statements[1].id)
    assessment_services.take_over(ws, matrix.id, "note", note.id)
    assessment_services.take_over(ws, matrix.id, "note", note.id)  # twice: still one
    catalogue = [i for i in items(matrix) if i.origin == "template"]
    assessment_services.set_item_enabled(ws, catalogue[1].id, False)
    assessment_services.add_own_item(ws, matrix.id, "Lärm in der Werkstatt", "Umgebung")
    assert [(i.origin, i.enabled) for i in items(matrix)] == [
        ("template", True),
        ("template", False),
        ("check", True),
        ("check", True),
        ("note", True),
        ("own", True),
    ]
    with pytest.raises(errors.UnknownItem):
        assessment_services.take_over(ws, matrix.id, "check", catalogue[0].id)
    # ratings: the note's hazard high, the first catalogue hazard low
    by_origin = {i.origin: i for i in items(matrix) if i.enabled}
    for person in people:
        for item, (lik, sev) in ((by_origin["note"], (4, 3)), (by_origin["template"], (1, 1))):
            assessment_services.set_answer(person, matrix.id, item.id, "likelihood", lik, key())
            assessment_services.set_answer(person, matrix.id, item.id, "severity", sev, key())
    actions = goto(ws, "actions")
    taken = [i for i in items(actions) if i.origin == "risk"]
    assert [i.source_id for i in taken] == [by_origin["note"].id]  # only "hoch" is prioritised
    assert kinds.get_kind(actions.kind).note_columns(actions) == [
        {"key": f"i{taken[0].id}", "title": taken[0].text}
    ]


def test_the_action_plan(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    person = make_participant(ws)
    matrix = goto(ws, "risk")
    hazard = items(matrix)[0]
    actions = goto(ws, "actions")
    assessment_services.take_over(ws, actions.id, "risk", hazard.id)
    column = kinds.get_kind(actions.kind).note_columns(actions)[0]["key"]
    outcome = services.add_note(person, actions.id, column, "Vier-Augen-Prinzip", key())
    assessment_services.action_from_note(ws, outcome.result_id)
    row = db.session.scalar(select(ActionItem))
    assert (row.measure, row.hazard_id, row.stop_type, row.status) == (
        "Vier-Augen-Prinzip",
        hazard.id,
        "O",
        "open",
    )
    assessment_services.update_action(
        ws,
        row.id,
        hazard.id,
        {"stop_type": "T", "responsible": "Geschäftsführung", "due_on": date(2027, 3, 1)},
    )
    assert (row.stop_type, row.responsible, row.due_on) == (
        "T",
        "Geschäftsführung",
        date(2027, 3, 1),
    )
    for bad in ({"stop_type": "X"}, {"status": "maybe"}, {"measure": "  "}):
        db.session.commit()
        with pytest.raises(errors.InvalidPayload), committing():
            assessment_services.update_action(ws, row.id, hazard.id, bad)
        db.session.refresh(row)
        assert row.stop_type == "T"
        assert row.measure == "Vier-Augen-Prinzip"
    services.close_session(ws)  # editable after the workshop
    assessment_services.add_action(
        ws, None, {"measure": "Pilot mit Freiwilligen", "stop_type": "O"}
    )
    assessment_services.delete_action(ws, row.id)
    assert db.session.scalars(select(ActionItem.measure)).all() == ["Pilot mit Freiwilligen"]


def test_no_action_for_a_foreign_hazard(ws: WorkshopSession, make_session: Factory) -> None:
    other = make_session(template="risiko-mini")
    foreign = items(next(s for s in other.steps if s.kind == "risk"))[0]
    with pytest.raises(errors.UnknownItem):
        assessment_services.add_action(ws, foreign.id, {"measure": "x"})


ATTEMPTS = 10


def test_concurrent_ratings_keep_one_row_per_dimension(database_url: str) -> None:  # noqa: F811
    app = file_app(database_url)
    with app.app_context():
        db.create_all()
        owner = create_user("rate@example.org", "long enough for the policy")
        template = app.extensions["facilitator.catalog"].get("risiko-mini")
        ws = services.create_from_template(
            owner,
            template,
            title="Race",
            organisation="",
            language="de",
            groups=["A"],
            anonymity_threshold=3,
            code_length=6,
        )
        rater, _ = services.join(ws, "A", 100)
        matrix = next(s for s in ws.steps if s.kind == "risk")
        assessment_services.goto(ws, matrix.position)
        hazard = items(matrix)[0].id
        db.session.commit()
        rater_id, step_id = rater.id, matrix.id

    outcomes: list[tuple[int, str]] = []
    barrier = threading.Barrier(ATTEMPTS)

    def rate(value: int) -> None:
        with app.app_context():
            participant = db.session.get(Participant, rater_id)
            assert participant is not None
            barrier.wait()
            try:
                with committing():
                    assessment_services.set_answer(
                        participant, step_id, hazard, "likelihood", value, key()
                    )
                outcomes.append((value, "ok"))
            except errors.TryAgain:
                outcomes.append((value, "TryAgain"))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=rate, args=(1 + i % 4,)) for i in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == ATTEMPTS
    acknowledged = {value for value, result in outcomes if result == "ok"}
    assert acknowledged
    with app.app_context():
        rows = db.session.execute(select(Answer.dimension, Answer.value)).all()
        assert len(rows) == 1  # one rating per participant, hazard and dimension
        assert rows[0].value in acknowledged  # the last acknowledged write wins
    with app.app_context():
        db.engine.dispose()
