"""A kind's own socket events carry their operation (`kinds.Action.operation`): an action of
another shape than the ranking's whole answer needs neither an edit of `sessions/events.py`
nor of a shared service, only its form, its operation and the kind's declaration."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import pytest
from flask import Flask
from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange

from facilitator import kinds
from facilitator.change import NOBODY, Change
from facilitator.kinds.base import WHOLE_ANSWER
from facilitator.sessions import assessment_services, events
from facilitator.sessions.forms import IDEMPOTENCY_KEY, PayloadForm
from facilitator.sessions.models import WorkshopSession
from facilitator.sessions.services import Acting
from tests.web.test_assessment_live import phone

Factory = Callable[..., Any]


class LuckyForm(PayloadForm):
    number = IntegerField(validators=[InputRequired(), NumberRange(1, 99)])
    key = StringField(validators=[InputRequired(), IDEMPOTENCY_KEY])


SEEN: list[tuple[int, int]] = []


def pick_lucky_number(participant: Acting, form: LuckyForm) -> Change:
    """An operation of another shape: it keeps who picked which number, writes nothing."""
    SEEN.append((participant.id, form.number.data))
    return Change(ws_id=participant.ws_id, result_id=form.number.data, scope=NOBODY)


class Lucky(kinds.StepKind):
    name = "lucky"
    actions: ClassVar[tuple[kinds.Action, ...]] = (
        kinds.Action("lucky:pick", LuckyForm, f"{__name__}:pick_lucky_number"),
    )


def test_the_ranking_names_the_whole_answer_operation() -> None:
    ranking = kinds.get_kind("rank_order")
    assert [a.operation for a in ranking.actions] == [WHOLE_ANSWER]
    assert events.operation_of(ranking.actions[0]) is assessment_services.save_whole


def test_every_kinds_action_names_an_operation_that_resolves() -> None:
    for kind in kinds.KINDS.values():
        for action in kind.actions:
            assert callable(events.operation_of(action)), action.event


def test_an_operation_that_is_no_function_is_refused_at_registration() -> None:
    wrong = kinds.Action("lucky:pick", LuckyForm, "facilitator.kinds.base:WHOLE_ANSWER")
    with pytest.raises(TypeError, match="lucky:pick"):
        events.operation_of(wrong)


def test_the_registration_leaves_no_loop_variables_behind() -> None:
    assert not hasattr(events, "kind")
    assert not hasattr(events, "action")


def test_an_action_of_another_shape_runs_its_own_operation(
    app: Flask, make_session: Factory
) -> None:
    ws: WorkshopSession = make_session(template="neue-arten")
    events.register_kind_actions({"lucky": Lucky()})  # on this app's server only
    socket = phone(app, ws)
    SEEN.clear()
    ack = socket.emit("lucky:pick", {"number": 7, "key": "lucky-0001"}, callback=True)
    assert ack == {"ok": True, "revision": None, "id": 7}
    assert [number for _pid, number in SEEN] == [7]
    refused = socket.emit("lucky:pick", {"number": 100, "key": "lucky-0002"}, callback=True)
    assert refused["ok"] is False  # the action's form validates its payload
    assert [number for _pid, number in SEEN] == [7]
