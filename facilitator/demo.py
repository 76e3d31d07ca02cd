"""A seeded demo workshop, so a newcomer sees the tool working at once (`facilitator demo`)."""

from __future__ import annotations

import secrets

from flask import current_app

from .accounts.services import create_user, find_user, first_user
from .extensions import db
from .sessions import services

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


def seed_demo(participant_count: int) -> list[str]:
    """Create a live demo session with participants, notes and dots; return what to print."""
    lines: list[str] = []
    owner = first_user() or find_user(DEMO_EMAIL)
    if owner is None:
        password = secrets.token_urlsafe(9)
        owner = create_user(DEMO_EMAIL, password, display_name="Demo")
        lines += [
            "Demo facilitator account:",
            f"  E-mail:   {DEMO_EMAIL}",
            f"  Password: {password}",
        ]
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
    board = next(step for step in ws.steps if step.kind == "board")
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
    vote = next((step for step in ws.steps if step.kind == "dot_vote"), None)
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
