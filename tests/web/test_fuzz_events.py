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
from facilitator.kinds import KINDS
from facilitator.sessions import services
from facilitator.sessions.models import Answer, Note, ProcessedAction, Vote
from tests.conftest import connect_socket, join_as, step_of

Factory = Callable[..., Any]
EVENTS = [
    "note:add",
    "note:edit",
    "note:delete",
    "vote:cast",
    "vote:retract",
    "answer:set",
    "answer:skip",
    "question:upvote",
    "question:withdraw",
    *(action.event for kind in KINDS.values() for action in kind.actions),
]
FIELDS = ["step_id", "column", "text", "key", "note_id", "item_id", "dimension", "value", "order"]

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


@pytest.fixture(params=["board", "risk", "qa"])
def phone(
    request: pytest.FixtureRequest,
    app: Flask,
    make_session: Factory,
    make_participant: Factory,
    make_note: Factory,
) -> Any:
    """A phone on a board (notes and dots), on a risk step (ratings, item ids 1–8 exist) or on
    a Q&A step (question 1 exists)."""
    if request.param == "qa":
        ws = make_session(template="fragen-mini")
        step = step_of(ws, "qa")
        services.goto_step(ws, step.position)
        services.add_note(make_participant(ws), step.id, "br", "Vorhandene Frage?", "fuzz-seed")
    elif request.param == "board":
        ws = make_session()
        make_note(make_participant(ws), "Vorhandene Karte")
        services.goto_step(ws, step_of(ws, "board").position)
    else:
        ws = make_session(template="risiko-mini")
        services.goto_step(ws, step_of(ws, "risk").position)
    db.session.commit()
    client = app.test_client()
    join_as(client, ws)
    return connect_socket(app, client, ws)


def stored() -> tuple[int, int, int, int]:
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    return count(Note), count(Vote), count(ProcessedAction), count(Answer)


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


FACILITATOR_FIELDS = [
    "position",
    "minutes",
    "note_id",
    "into_id",
    "confirm",
    "retention_days",
    "days",
    "title",
    "template",
    "groups",
    "anonymity_threshold",
    "language",
]
facilitator_forms = st.dictionaries(
    st.sampled_from(FACILITATOR_FIELDS) | st.text(max_size=8),
    st.text(max_size=30) | st.integers(min_value=-(2**40), max_value=2**40).map(str),
    max_size=6,
)


@pytest.fixture
def control_client(app: Flask, make_user: Factory, make_session: Factory) -> Any:
    from tests.conftest import login

    user = make_user()
    ws = make_session(user)
    db.session.commit()
    client = app.test_client()
    login(client, user)
    posts = [
        rule
        for rule in app.url_map.iter_rules()
        if ("ws_id" in rule.arguments or rule.endpoint == "sessions.new")
        and "POST" in (rule.methods or ())
        and rule.endpoint != "sessions.delete"  # would end the run early; tested on its own
    ]
    return client, ws.id, posts


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), form=facilitator_forms)
def test_any_facilitator_form_gets_a_clear_answer_and_a_refusal_changes_nothing(
    app: Flask, control_client: Any, data: Any, form: dict[str, str]
) -> None:
    """Every facilitator POST route with arbitrary form data: never a server error; an error
    answer carries a message and leaves the workshop as it was."""
    from flask import g, url_for

    from facilitator.sessions.models import WorkshopSession

    client, ws_id, rules = control_client
    rule = data.draw(st.sampled_from(rules))
    values: dict[str, Any] = {"ws_id": ws_id}
    for name in rule.arguments - {"ws_id"}:
        converter = rule._converters[name]
        items = sorted(getattr(converter, "items", ())) or [data.draw(st.integers(0, 5))]
        values[name] = data.draw(st.sampled_from(items))
    with app.test_request_context():
        url = url_for(rule.endpoint, **values)

    def state() -> Any:
        db.session.expire_all()
        ws = db.session.get(WorkshopSession, ws_id)
        if ws is None:
            return None
        return (ws.revision, ws.status, ws.current_position, ws.retention_days, ws.title)

    before = state()
    g.pop("_login_user", None)
    response = client.post(url, data=form, headers={"Accept": "application/json"})
    assert response.status_code < 500, (url, form)
    if response.status_code >= 400:
        if response.is_json:
            assert response.json["message"]
        assert state() == before, (url, form)
