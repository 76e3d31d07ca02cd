"""Rating questions match what they rate, over the take-over path (issue 12 item 8): an unmet
check statement taken over into a traffic-light step reads "Nicht erfüllt: …" on the phones,
so the question asked there must not be "Ist das Gestaltungsziel erfüllt?"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale, gettext

from facilitator.catalog import Catalog
from facilitator.catalog.wording import rating_conflict
from facilitator.extensions import db
from facilitator.kinds import KINDS
from facilitator.queries import answer_data
from facilitator.sessions import assessment_services, services
from facilitator.sessions.models import WorkshopSession
from tests.conftest import connect_socket, join_as, received

EXERCISES = Path(__file__).resolve().parents[2] / "exercises"
Factory = Callable[..., Any]
NO = 2


def shipped_session(make_user: Factory, slug: str, language: str) -> WorkshopSession:
    template = Catalog.load(EXERCISES, KINDS).get(slug)
    return services.create_from_template(
        make_user(),
        template,
        title="Werkstatt",
        organisation="Tischlerei",
        language=language,
        groups=["Beschäftigte", "Führungskräfte", "Betriebsrat"],
        anonymity_threshold=3,
        code_length=6,
    )


def phone_view_of_risk_step(app: Flask, make_user: Factory, slug: str, lang: str) -> Any:
    """Everyone answers No to every statement; entering the risk step takes them over."""
    ws = shipped_session(make_user, slug, lang)
    check = next(s for s in ws.steps if s.kind == "check")
    risk = next(s for s in ws.steps if s.kind == "risk" and s.settings.get("check") == check.key)
    services.goto_step(ws, check.position)
    people = [services.join(ws, ws.groups[i % 3], 10_000)[0] for i in range(3)]
    statements = [item.id for item in answer_data.items_of(check.id)]
    for n, person in enumerate(people):
        for item_id in statements:
            assessment_services.set_answer(
                person, check.id, item_id, "answer", NO, f"k-{n}-{item_id}"
            )
    assessment_services.goto(ws, risk.position)
    db.session.commit()
    client = app.test_client()
    join_as(client, ws)
    return received(connect_socket(app, client, ws), "session:state")[-1]


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("slug", ["gefaehrdungsbeurteilung-ki", "risikobetrachtung-dsfa"])
def test_taken_over_statements_are_asked_a_matching_question(
    app: Flask, make_user: Factory, slug: str, lang: str
) -> None:
    state = phone_view_of_risk_step(app, make_user, slug, lang)
    step = state["step"]
    taken = [item for item in state["items"] if item["origin"] == "check"]
    assert len(taken) >= 6  # every statement had only Nos
    with app.test_request_context(), force_locale(lang):
        default = gettext("How serious is this?")
        titles = [gettext("Not met: {text}").format(text=item["text"][lang]) for item in taken]
    assert all(title.startswith(("Nicht erfüllt: ", "Not met: ")) for title in titles)
    questions = [step["prompt"][lang]]
    if slug == "gefaehrdungsbeurteilung-ki":  # the template's own question reaches the phones
        assert step["question"]["de"] == "Wie stark belastet das die Beschäftigten?"
        assert step["lights"][0]["de"] == "Grün: gering – kein Handlungsbedarf"
    if step["mode"] == "traffic_light":
        questions.append((step["question"] or {}).get(lang) or default)
    for title in titles:
        for question in questions:
            assert rating_conflict(title, question, lang) is None, (title, question)


def test_the_old_t5_question_would_be_flagged(app: Flask) -> None:
    """The wording that prompted the fix: the rule catches it on the real take-over title."""
    with app.test_request_context(), force_locale("de"):
        title = gettext("Not met: {text}").format(text="Bei Ausfall gibt es einen Plan B.")
    assert rating_conflict(title, "Ist das Gestaltungsziel erfüllt?", "de")
