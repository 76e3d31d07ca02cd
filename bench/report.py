"""Report benchmark: how long every format takes for two large workshops, and how long the PDF is.

Run:  .venv/bin/python bench/report.py [--participants 1000] [--notes 300] [--dots 10000]
      [--hazards 20] [--repeat 3] [--out FOLDER]

Builds both workshops in-process through the app's services on a file SQLite database in a
temporary folder (as `facilitator demo` seeds one): a dot vote of N participants, 300 notes
(some merged, a few with emoji) and 10,000 dots; and a risk assessment (the DSFA template's
4 x 4 matrix) with N participants, a check answered by all of them and 20 hazards rated by
all of them, with a few measures in the action plan. Then it times loading and building the
report and every format (median of `--repeat` runs, CPU time of this process) and prints the
size of each file and the PDF's pages (main part and annex). With `--out` the files are kept.
Bounded: at most 3,000 participants; no network.
"""

from __future__ import annotations

import argparse
import io
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_babel import force_locale  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from facilitator import create_app  # noqa: E402
from facilitator.accounts.services import create_user  # noqa: E402
from facilitator.db import utc_now  # noqa: E402
from facilitator.extensions import db  # noqa: E402
from facilitator.queries import answer_data  # noqa: E402
from facilitator.reports.data import ReportData  # noqa: E402
from facilitator.reports.document import report_of  # noqa: E402
from facilitator.reports.load import load_report_input  # noqa: E402
from facilitator.reports.views import FORMATS  # noqa: E402
from facilitator.sessions import assessment_services, services  # noqa: E402
from facilitator.sessions.models import WorkshopSession  # noqa: E402

MAX_PARTICIPANTS = 3000
GROUPS = ["Beschäftigte", "Führungskräfte", "Betriebsrat", "Sonstige"]
WORDS = [
    "Kompetenzverlust",
    "Wirksamkeitskontrolle",
    "Arbeitsverdichtung",
    "Überwachung",
    "Datenschutz",
    "Qualifizierung",
    "Entlastung",
    "Dokumentation",
    "Kundenanfragen",
    "Fehlentscheidungen",
    "Verantwortung",
    "Transparenz",
    "Betriebsvereinbarung",
    "Mitbestimmung",
    "Zeitdruck",
    "Weiterbildung",
    "Ergonomie",
]
EMOJI = (
    "Super 👍 KI hilft 🚀",
    "Angst 😟 vor Kontrolle",
    "مرحبا – mehr Sprachen",
    "人工智能 im Büro",
)


def _text(rng: random.Random, index: int) -> str:
    if index % 37 == 5:
        return EMOJI[index % len(EMOJI)]
    words = rng.sample(WORDS, rng.randint(3, 9))
    return f"{' '.join(words)} ({index})"


def _people(ws: WorkshopSession, count: int) -> list[Any]:
    return [services.join(ws, GROUPS[i % 7 % 4], count + 1)[0] for i in range(count)]


def seed_dot_vote(owner: Any, catalog: Any, participants: int, notes: int, dots: int) -> int:
    """A fears-and-hopes board with `notes` notes and a dot vote of `dots` dots."""
    rng = random.Random(15)
    ws = services.create_from_template(
        owner,
        catalog.get("aengste-und-chancen"),
        title="Betriebsversammlung: KI in der Auftragsbearbeitung",
        organisation="Tischlerei Muster GmbH",
        place="Werkhalle 2",
        language="de",
        groups=GROUPS,
        anonymity_threshold=5,
        code_length=6,
    )
    people = _people(ws, participants)
    board = next(step for step in ws.steps if step.kind == "board")
    columns = [column["key"] for column in board.settings["columns"]]
    services.goto_step(ws, board.position)
    note_ids = []
    for index in range(notes):
        outcome = services.add_note(
            people[index % len(people)],
            board.id,
            columns[index % len(columns)],
            _text(rng, index),
            secrets.token_hex(8),
        )
        note_ids.append(outcome.result_id)
    merged = set()
    for index in range(0, notes - 1, 20):  # a few merged duplicates
        services.merge_note(ws, note_ids[index + 1], note_ids[index])
        merged.add(note_ids[index + 1])
    shown = [note_id for note_id in note_ids if note_id not in merged]
    vote = next(step for step in ws.steps if step.kind == "dot_vote")
    # the facilitator raises the budget (the template's 3 dots each allow only 3,000 dots)
    vote.settings = {**vote.settings, "budget": -(-dots // len(people)), "max_per_note": 3}
    services.goto_step(ws, vote.position)
    budget, limit = vote.settings["budget"], vote.settings["max_per_note"]
    weights = [1 / (rank + 1) ** 0.7 for rank in range(len(shown))]
    spent = 0
    for person in people:
        given: dict[int, int] = {}
        for _ in range(budget * 5):
            if spent >= dots or sum(given.values()) >= budget:
                break
            note_id = rng.choices(shown, weights)[0]
            if given.get(note_id, 0) >= limit:
                continue
            services.cast_vote(person, note_id, secrets.token_hex(8))
            given[note_id] = given.get(note_id, 0) + 1
            spent += 1
    db.session.commit()
    return ws.id


def seed_risk(owner: Any, catalog: Any, participants: int, hazards: int) -> int:
    """The DSFA risk assessment: the check answered, `hazards` hazards rated on the matrix."""
    rng = random.Random(16)
    ws = services.create_from_template(
        owner,
        catalog.get("risikobetrachtung-dsfa"),
        title="Risikobetrachtung KI-Angebotsassistent",
        organisation="Tischlerei Muster GmbH",
        place="Besprechungsraum 1",
        language="de",
        groups=GROUPS,
        anonymity_threshold=5,
        code_length=6,
    )
    people = _people(ws, participants)
    check = next(step for step in ws.steps if step.kind == "check")
    assessment_services.goto(ws, check.position)
    for person in people:
        for item in answer_data.items_of(check.id):
            value = 2 if rng.random() < 0.4 else 1
            assessment_services.set_answer(
                person, check.id, item.id, "answer", value, secrets.token_hex(8)
            )
    db.session.commit()
    risk = next(step for step in ws.steps if step.kind == "risk")
    assessment_services.goto(ws, risk.position)
    enabled = [item for item in answer_data.items_of(risk.id) if item.enabled]
    for number in range(len(enabled), hazards):
        assessment_services.add_own_item(
            ws, risk.id, f"Zusätzliche Gefährdung {number + 1}: {' '.join(rng.sample(WORDS, 4))}"
        )
    enabled = [item for item in answer_data.items_of(risk.id) if item.enabled][:hazards]
    for index, person in enumerate(people):
        for number, item in enumerate(enabled):
            base = 1 + (number * 7) % 4
            for dimension in ("likelihood", "severity"):
                value = min(4, max(1, base + rng.choice((-1, 0, 0, 1)) + (index % 5 == 0)))
                assessment_services.set_answer(
                    person, risk.id, item.id, dimension, value, secrets.token_hex(8)
                )
        if index % 200 == 0:
            db.session.commit()
    for item in enabled[:6]:
        assessment_services.add_action(
            ws,
            item.id,
            {
                "measure": "Ergebnisse der KI vor dem Versand von einer zweiten Person prüfen",
                "stop_type": "O",
                "priority": "high",
                "responsible": "Leitung Auftragsbearbeitung",
                "expertise": "Schulung im Umgang mit dem Assistenten",
                "effectiveness": "Stichprobe nach drei Monaten, Fachkraft für Arbeitssicherheit",
            },
        )
    services.close_session(ws)
    db.session.commit()
    return ws.id


def _median(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.process_time()
        result = run()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def _pdf_pages(body: bytes) -> tuple[int, int]:
    """All pages, and the pages before the annex (the main part)."""
    reader = PdfReader(io.BytesIO(body))
    main = len(reader.pages)
    for outline in reader.outline:
        if not isinstance(outline, list) and outline.title.startswith(("Anhang", "Annex")):
            main = reader.get_destination_page_number(outline)
    return len(reader.pages), main


def measure(app: Any, ws_id: int, label: str, repeat: int, out: Path | None) -> None:
    ws = db.session.get(WorkshopSession, ws_id)
    assert ws is not None
    with force_locale(ws.language):
        seconds, report = _median(lambda: report_of(load_report_input(ws), utc_now()), repeat)
        print(f"\n{label}")
        print(f"  {'load + build':<14} {seconds:6.2f} s")
        data: ReportData = report
        for fmt, (renderer, _mime, extension, _name) in FORMATS.items():
            seconds, body = _median(lambda r=renderer: r(data), repeat)  # type: ignore[misc]
            pages = ""
            if fmt == "pdf":
                total, main = _pdf_pages(body)
                pages = f"  {total} pages ({main} main, {total - main} annex)"
            print(f"  {fmt:<14} {seconds:6.2f} s  {len(body) / 1024:8.0f} KiB{pages}")
            if out is not None:
                (out / f"{label.split(':')[0].lower().replace(' ', '-')}.{extension}").write_bytes(
                    body
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--dots", type=int, default=10_000)
    parser.add_argument("--hazards", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    participants = min(args.participants, MAX_PARTICIPANTS)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SECRET_KEY": secrets.token_hex(16),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'report.sqlite'}",
                "MAX_PARTICIPANTS_PER_SESSION": 10**6,
            }
        )
        with app.app_context(), app.test_request_context():
            db.create_all()
            owner = create_user(
                "bench@example.org", "Messlauf-Kennwort-2026", display_name="Moderation"
            )
            catalog = app.extensions["facilitator.catalog"]
            start = time.perf_counter()
            votes = seed_dot_vote(owner, catalog, participants, args.notes, args.dots)
            risk = seed_risk(owner, catalog, participants, args.hazards)
            print(f"seeded in {time.perf_counter() - start:.0f} s (not part of the figures)")
            measure(
                app,
                votes,
                f"Dot vote: {participants} participants, {args.notes} notes, {args.dots} dots",
                args.repeat,
                args.out,
            )
            measure(
                app,
                risk,
                f"Risk assessment: {participants} participants, {args.hazards} hazards",
                args.repeat,
                args.out,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
