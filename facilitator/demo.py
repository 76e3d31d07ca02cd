"""A seeded demo workshop, so a newcomer sees the tool working at once (`facilitator demo`)."""

from __future__ import annotations

import secrets

from flask import current_app

from . import assessment as ar
from . import kinds
from .accounts.models import User
from .accounts.services import create_user, find_user, first_user
from .extensions import db
from .sessions import services
from .sessions.models import SessionStep

DEMO_EMAIL = "demo@example.org"
DEMO_NOTES = {
    "chancen": [
        "Weniger Papierkram bei Angeboten und Rechnungen",
        "Schneller Antworten auf Kundenanfragen",
        "Hilfe bei Dokumentation auf der Baustelle",
    ],
    "sorgen": [
        "Wird meine Arbeit überwacht?",
        "Fehler der KI landen bei mir",
        "Ich komme mit der Technik nicht mit",
    ],
}


def _kind(step: SessionStep) -> kinds.StepKind:
    return kinds.get_kind(step.kind)


def _owner(lines: list[str]) -> User:
    """The first facilitator account, or a demo account made now (its password printed)."""
    owner = first_user() or find_user(DEMO_EMAIL)
    if owner is None:
        password = secrets.token_urlsafe(12)
        owner = create_user(DEMO_EMAIL, password, display_name="Demo")
        lines += [
            "Demo facilitator account:",
            f"  E-mail:   {DEMO_EMAIL}",
            f"  Password: {password}",
        ]
    return owner


def seed_demo(participant_count: int) -> list[str]:
    """Create a live demo session with participants, notes and dots; return what to print."""
    lines: list[str] = []
    owner = _owner(lines)
    template = current_app.extensions["facilitator.catalog"].get("aengste-und-chancen")
    ws = services.create_from_template(
        owner,
        template,
        title="Demo: KI in unserer Tischlerei",
        organisation="Tischlerei Muster GmbH",
        language="de",
        groups=list(current_app.config["DEFAULT_GROUPS"]),
        anonymity_threshold=current_app.config["DEFAULT_ANONYMITY_THRESHOLD"],
        code_length=current_app.config["JOIN_CODE_LENGTH"],
    )
    board = next(step for step in ws.steps if _kind(step).accepts_notes)
    columns = [column["key"] for column in board.settings["columns"]]
    participants = [
        services.join(ws, ws.groups[index % len(ws.groups)], participant_count + 1)[0]
        for index in range(participant_count)
    ]
    services.goto_step(ws, board.position)
    note_ids = []
    for index, participant in enumerate(participants):
        column = columns[index % len(columns)]
        texts = DEMO_NOTES.get(column) or [f"Demo {column}"]
        outcome = services.add_note(
            participant,
            board.id,
            column,
            texts[index // len(columns) % len(texts)],
            secrets.token_hex(8),
        )
        note_ids.append(outcome.result_id)
    vote = next((step for step in ws.steps if _kind(step).accepts_votes), None)
    if vote is not None:
        services.goto_step(ws, vote.position)
        for index, participant in enumerate(participants):
            for offset in range(min(2, vote.settings["budget"])):
                note_id = note_ids[(index + offset) % len(note_ids)]
                if note_id is not None:
                    services.cast_vote(participant, note_id, secrets.token_hex(8))
        services.goto_step(ws, board.position)
    lines += [
        f"Demo session created: {ws.title} (code {ws.join_code})",
        f"  Control page: /sessions/{ws.id}  · Projector: /sessions/{ws.id}/projector",
        f"  Phones join at /j/{ws.join_code}",
    ]
    lines.append(f"  Log in as {owner.email} to see it.")
    db.session.flush()
    return lines


def seed_risk_demo(participant_count: int) -> list[str]:
    """A live demo of the prospective risk assessment: the check answered, the strains rated
    with the traffic light (results revealed), a proposed measure in the action plan."""
    from .sessions import assessment_data, assessment_services

    lines: list[str] = []
    owner = _owner(lines)
    template = current_app.extensions["facilitator.catalog"].get("gefaehrdungsbeurteilung-ki")
    ws = services.create_from_template(
        owner,
        template,
        title="Demo: Gefährdungsbeurteilung KI-Angebotsassistent",
        organisation="Tischlerei Muster GmbH",
        language="de",
        groups=list(current_app.config["DEFAULT_GROUPS"]),
        anonymity_threshold=current_app.config["MIN_ANONYMITY_THRESHOLD"],
        code_length=current_app.config["JOIN_CODE_LENGTH"],
    )
    people = [
        services.join(ws, ws.groups[index % 3], participant_count + 1)[0]
        for index in range(participant_count)
    ]
    check = next(step for step in ws.steps if _kind(step).summary == ar.CHECKED)
    assessment_services.goto(ws, check.position)
    for index, person in enumerate(people):
        for number, item in enumerate(assessment_data.items_of(check.id)):
            answer = 2 if (index + number) % 4 == 0 or number % 7 == 3 else 1  # a few Neins
            assessment_services.set_answer(
                person, check.id, item.id, "answer", answer, secrets.token_hex(8)
            )
    risk = next(step for step in ws.steps if _kind(step).rates_hazards)
    assessment_services.goto(ws, risk.position)
    for index, person in enumerate(people):
        for number, item in enumerate(assessment_data.items_of(risk.id)):
            if item.enabled:
                light = 1 + (index + number) % 3
                assessment_services.set_answer(
                    person, risk.id, item.id, "light", light, secrets.token_hex(8)
                )
    services.set_results_visible(ws, True)
    hazards = [i for i in assessment_data.items_of(risk.id) if i.enabled]
    if hazards:
        assessment_services.add_action(
            ws,
            hazards[0].id,
            {
                "measure": "Zeitgewinne bleiben beim Team: Arbeitsmenge nur nach Absprache erhöhen",
                "stop_type": "O",
                "priority": "high",
                "responsible": "Geschäftsführung",
                "effectiveness": "Nach drei Monaten im Team nachfragen",
            },
        )
    lines += [
        f"Demo risk assessment created: {ws.title} (code {ws.join_code})",
        f"  Control page: /sessions/{ws.id}  · Projector: /sessions/{ws.id}/projector",
        f"  Action plan: /sessions/{ws.id}/action-plan",
        f"  Log in as {owner.email} to see it.",
    ]
    db.session.flush()
    return lines
