"""Arbitrary payloads to every participant event: never an unhandled error, nothing stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from facilitator.extensions import db
from facilitator.sessions import services
from facilitator.sessions.models import Note, ProcessedAction, Vote
from tests.conftest import connect_socket, join_as, step_of

Factory = Callable[..., Any]
EVENTS = ["note:add", "note:edit", "note:delete", "vote:cast", "vote:retract"]
FIELDS = ["step_id", "column", "text", "key", "note_id"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
)
payloads = st.one_of(
    scalars,
    st.lists(scalars, max_size=4),
    st.dictionaries(
        st.sampled_from(FIELDS) | st.text(max_size=8),
        scalars | st.lists(scalars, max_size=2),
        max_size=6,
    ),
)


@pytest.fixture
def phone(app: Flask, make_session: Factory, make_participant: Factory, make_note: Factory) -> Any:
    ws = make_session()
    make_note(make_participant(ws), "Vorhandene Karte")
    services.goto_step(ws, step_of(ws, "board").position)
    db.session.commit()
    client = app.test_client()
    join_as(client, ws)
    return connect_socket(app, client, ws)


def stored() -> tuple[int, int, int]:
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    return count(Note), count(Vote), count(ProcessedAction)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(event=st.sampled_from(EVENTS), payload=payloads)
def test_any_payload_gets_a_clear_answer_and_stores_nothing(
    phone: Any, event: str, payload: Any
) -> None:
    before = stored()
    ack = phone.emit(event, payload, callback=True)
    assert isinstance(ack, dict)
    if ack["ok"]:  # a payload that happens to be valid may store exactly its contribution
        return
    assert ack["error"] != "TryAgain", ack  # never an unexpected failure
    assert isinstance(ack["message"], str)
    assert ack["message"]
    db.session.rollback()
    assert stored() == before


form_values = st.dictionaries(
    st.sampled_from(["code", "group", "email", "password", "lang", "next", "csrf_token", "x"]),
    st.text(max_size=60),
    max_size=5,
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=st.sampled_from(["/", "/j/{code}", "/login", "/language"]), data=form_values)
def test_any_form_input_gets_a_page_not_a_crash(
    app: Flask, make_session: Factory, path: str, data: dict[str, str]
) -> None:
    from facilitator.accounts.models import User
    from facilitator.sessions.models import Participant

    ws = make_session()
    db.session.commit()
    before = db.session.scalar(select(func.count()).select_from(User))
    response = app.test_client().post(path.format(code=ws.join_code), data=data)
    assert response.status_code < 500
    joined = db.session.scalar(select(func.count()).where(Participant.ws_id == ws.id))
    assert joined <= 1  # at most the one valid join
    assert db.session.scalar(select(func.count()).select_from(User)) == before
    if joined:
        assert data.get("group") in ws.groups
