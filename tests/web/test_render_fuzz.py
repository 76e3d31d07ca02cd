"""Every report format renders whatever text a workshop holds.

The forms refuse control characters now, but text stored before that (or a template's own)
must never make an export fail: the notes, title, organisation, groups and action plan here
are written straight through the services, past the forms, as such data would have been.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from flask import Flask, g
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.extensions import db
from facilitator.reports.views import FORMATS
from facilitator.sessions import assessment_services, services
from tests.conftest import login, step_of

Factory = Callable[..., Any]

# Any character SQLite can store (so no lone surrogates), with the troublemakers made likely.
ODD = [
    "\x00",
    "\x01",
    "\x0b",
    "\x1b",
    "\x7f",
    "\x85",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\r",
    "\r\n",
    "=1+1",
    "<b>",
    "\U0001f600",
    "\u0301",
    "ﷺ",
]
TEXT = (
    st.lists(
        st.one_of(st.sampled_from(ODD), st.text(st.characters(exclude_categories=["Cs"]))),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .filter(lambda text: text.strip() and text[0] != "\x00")
)  # SQLite stops at NUL


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=TEXT, organisation=TEXT, group=TEXT, note=TEXT, measure=TEXT)
def test_every_format_renders_any_text(
    app: Flask,
    make_user: Factory,
    make_session: Factory,
    make_participant: Factory,
    title: str,
    organisation: str,
    group: str,
    note: str,
    measure: str,
) -> None:
    owner = make_user()
    ws = make_session(owner, title=title, organisation=organisation, groups=[group, f"{group} (2)"])
    people = [make_participant(ws, group) for _ in range(5)]
    board = step_of(ws, "board")
    services.goto_step(ws, board.position)
    for person in people:
        services.add_note(person, board.id, "pro", note, secrets.token_hex(8))
    assessment_services.add_action(ws, None, {"measure": measure, "responsible": note})
    db.session.commit()
    client = app.test_client()
    login(client, owner)
    assert client.get(f"/sessions/{ws.id}/report").status_code == 200
    for fmt in FORMATS:
        response = client.get(f"/sessions/{ws.id}/report.{fmt}")
        assert response.status_code == 200, (fmt, response.text[:300])
    g.pop("_login_user", None)
