"""A realistic load for the projector tests, written straight into a running server's SQLite file
through the app's own services (no clicking): 30 participants, 300 notes on a board, answers to
every statement, hazard, item and option of the `beamer-last` template (every fifth statement and
hazard by two people only, fewer than the threshold), every result revealed.

The server builds its snapshots from the database, so the next control action in the browser
(the facilitator moving to a step) shows the load."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from facilitator import create_app, kinds
from facilitator.db import utc_now
from facilitator.extensions import db
from facilitator.queries import answer_data
from facilitator.sessions import assessment_services, qa_services, services
from facilitator.sessions.models import Note, Participant, SessionStep, WorkshopSession

TEMPLATES = Path(__file__).resolve().parents[1] / "data" / "projector"
PEOPLE = 30  # joined; 300 notes are ten each
RESPONDENTS = 6  # answer the questions: two per group, above the threshold of 3

IDEAS = (
    "Weniger Papierkram bei der Auftragsannahme",
    "Angebote schneller fertig",
    "Fehler in Rechnungen fallen früher auf",
    "Angst, dass Stellen wegfallen",
    "Wer prüft, was die KI vorschlägt?",
    "Datenschutz bei Kundendaten ungeklärt",
    "Mehr Zeit für die Beratung am Telefon",
    "Schulung in der Arbeitszeit nötig",
    "Übersetzungen für ausländische Kunden",
    "Kontrolle der Leistung durch die Hintertür",
    "Bessere Planung der Einsätze auf den Baustellen, weil das System Fahrzeiten und Material "
    "gleich mitdenkt",
    "Der Betriebsrat muss von Anfang an beteiligt werden",
)
WORDS = (
    "Daten",
    "Zeit",
    "Angst",
    "Chance",
    "Kontrolle",
    "Schulung",
    "Tempo",
    "Fehler",
    "Entlastung",
    "Datenschutz",
    "Vertrauen",
    "Qualität",
)


def seed(database: Path, ws_id: int) -> None:
    """Fill every step of workshop `ws_id` and reveal its results; end on the first step."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "EXERCISES_DIR": str(TEMPLATES),
            "SECRET_KEY": "load-seeding",
        }
    )
    keys = (f"load-{n}" for n in itertools.count())
    with app.app_context():
        ws = db.session.get(WorkshopSession, ws_id)
        assert ws is not None
        people = [services.join(ws, ws.groups[n % 3], 10_000)[0] for n in range(PEOPLE)]
        answering = people[:RESPONDENTS]
        notes: dict[str, list[int]] = {}
        for step in list(ws.steps):
            assessment_services.goto(ws, step.position)
            kind = step.kind
            if kind in ("board", "canvas", "actions"):
                columns = [c["key"] for c in kinds.get_kind(step.kind).note_columns(step)]
                view = step.settings.get("view")
                count = {"board": 300, "canvas": 80, "actions": 40}[kind]
                if view == "words":
                    count = 90
                for n in range(count):
                    if view == "words":
                        text = WORDS[n % len(WORDS)] if n % 4 else WORDS[n % 5]
                    else:
                        text = f"{IDEAS[n % len(IDEAS)]} ({n + 1})"
                    services.add_note(
                        people[n % PEOPLE], step.id, columns[n % len(columns)], text, next(keys)
                    )
                notes[step.key] = [
                    note.id
                    for note in db.session.scalars(db.select(Note).filter_by(step_id=step.id))
                ]
            elif kind == "qa":
                ask_and_upvote(step, people, keys)
            elif kind == "dot_vote":
                source = notes[step.settings["source"]]
                for n, person in enumerate(people):
                    for dot in range(step.settings["budget"]):
                        note_id = source[(n * 7 + dot * 13) % 40]  # five different notes
                        services.cast_vote(person, note_id, next(keys))
            else:
                answer(step, answering, keys)
            if not step.results_visible:
                services.set_results_visible(ws, True)
            db.session.commit()
        assessment_services.goto(ws, 0)
        db.session.commit()


def ask_and_upvote(step: SessionStep, people: list[Participant], keys: Iterator[str]) -> None:
    """300 questions, ten per person; everyone upvotes six others'; the longest question is
    being answered, every tenth answered."""
    columns = [c["key"] for c in kinds.get_kind(step.kind).note_columns(step)]
    asked = []
    for n in range(300):
        text = f"Was passiert mit: {IDEAS[n % len(IDEAS)]}? ({n + 1})"
        outcome = services.add_note(
            people[n % PEOPLE], step.id, columns[n % len(columns)], text, next(keys)
        )
        asked.append((outcome.result_id, n % PEOPLE))
    for p, person in enumerate(people):
        others = [note for note, author in asked if author != p]
        for k in range(6):
            qa_services.upvote(person, others[(p * 11 + k * 37) % 40], next(keys))
    ws = db.session.get(WorkshopSession, step.ws_id)
    assert ws is not None
    for note_id, _author in asked[::10]:
        qa_services.set_question_status(ws, note_id, "answered")
    qa_services.set_question_status(ws, asked[10][0], "answering")  # IDEAS[10]: the longest


def answer(step: SessionStep, people: list[Participant], keys: Iterator[str]) -> None:
    """Every respondent answers every item of a check, risk, scale, poll, quiz, decision or
    2x2, or ranks every option of a rank order (each from another start)."""
    items = answer_data.items_of(step.id)
    if kinds.get_kind(step.kind).whole_dimension is not None:
        ids = [item.id for item in items]
        for p, person in enumerate(people):
            order = ids[p:] + ids[:p]
            assessment_services.set_whole(person, step.id, order, next(keys))
        return
    for p, person in enumerate(people):
        for i, item in enumerate(items):
            if step.kind in ("check", "risk") and i % 5 == 4 and p >= 2:
                continue  # two answers: the gate withholds this item ("Zu wenige Antworten")
            for dimension, value in values(step, p, i):
                assessment_services.set_answer(
                    person, step.id, item.id, dimension, value, next(keys)
                )


def values(step: SessionStep, p: int, i: int) -> list[tuple[str, int]]:
    """The (dimension, value) pairs respondent `p` gives item `i` of `step`."""
    settings = step.settings
    if step.kind == "check":
        return [("answer", 1 + (p + i) % 3)]
    if step.kind == "risk" and settings.get("mode") == "traffic_light":
        return [("light", 1 + (p * i) % 3)]
    if step.kind == "risk":
        levels = len(settings["matrix"]["likelihood"]), len(settings["matrix"]["severity"])
        return [("likelihood", 1 + (p + i) % levels[0]), ("severity", 1 + (p * 2 + i) % levels[1])]
    if step.kind == "scale":
        return [("answer", 1 + (p + i) % settings["points"])]
    if step.kind == "poll":
        options = len(settings["options"])
        return [(f"c{1 + (p + n) % options}", 1) for n in range(settings["max_choices"])]
    if step.kind == "quiz":
        return [("choice", 1 + p % len(settings["options"]))]
    if step.kind == "matrix2x2":
        return [
            ("x", 1 + (p + i) % settings["points"]),
            ("y", 1 + (p + 2 * i) % settings["points"]),
        ]
    if step.kind == "weighted":
        weight = 2 if i < 4 else 1  # ten points over six criteria
        rates = [(f"o{n + 1}", 1 + (p + i + n) % settings["points"]) for n in range(4)]
        return [("weight", weight), *rates]
    return []


def end_timer_soon(database: Path, ws_id: int) -> None:
    """Let the running timer end in a second (the form starts it in whole minutes); the next
    control action sends it to the screens."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "EXERCISES_DIR": str(TEMPLATES),
            "SECRET_KEY": "load-seeding",
        }
    )
    with app.app_context():
        ws = db.session.get(WorkshopSession, ws_id)
        assert ws is not None
        ws.timer_ends_at = utc_now() + timedelta(seconds=1)
        db.session.commit()
