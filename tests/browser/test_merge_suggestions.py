"""Merging on a board with many notes (issue 14, item 3): the facilitator asks for suggestions,
accepts a group, the projector shows one merged note, undoing the group restores the notes; a
rejected suggestion does not come back; the search filters the notes; ticked notes merge under
a new title, and undoing that removes the title again. The control page stays axe clean."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from facilitator import create_app
from facilitator.extensions import db
from facilitator.sessions import services
from facilitator.sessions.models import WorkshopSession
from tests.browser.conftest import axe_violations, open_workshop
from tests.realserver.server import LiveServer

pytestmark = pytest.mark.browser
EXERCISES = Path(__file__).resolve().parents[1] / "data" / "exercises"

DUPLICATES = (
    ["Datenschutz bei Kundendaten"] * 3
    + ["datenschutz bei kundendaten!", "Datenschutz bei Kundendatn"]
    + ["Angst vor Jobverlust"] * 2
    + ["angst vor jobverlust"]
    + ["Weniger Papierkram"] * 2
    + ["Weniger Papierkramm"]
)
OTHERS = (
    "Angebote schneller fertig",
    "Fehler in Rechnungen fallen früher auf",
    "Wer prüft, was die KI vorschlägt?",
    "Mehr Zeit für die Beratung am Telefon",
    "Schulung in der Arbeitszeit nötig",
    "Übersetzungen für ausländische Kunden",
    "Kontrolle der Leistung durch die Hintertür",
    "Der Betriebsrat muss von Anfang an beteiligt werden",
    "Roboter für schwere Lasten",
    "Tourenplanung optimieren",
    "Heizung intelligent steuern",
    "Urheberrecht bei KI-Bildern",
    "Azubis lernen nichts mehr selbst",
    "Chefs haben keine Ahnung von KI",
    "Energieverbrauch der Rechenzentren",
    "Gefälschte Videos",
)
NOTES = len(DUPLICATES) + len(OTHERS)
HAS_NOTE = "text => [...document.querySelectorAll('.note-text')].some(n => n.textContent === text)"


def seed(database: Path, ws_id: int) -> None:
    """Write the notes straight into the running server's database, on the open board."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "EXERCISES_DIR": str(EXERCISES),
            "SECRET_KEY": "merge-seeding",
        }
    )
    keys = (f"merge-seed-{n}" for n in itertools.count())
    with app.app_context():
        ws = db.session.get(WorkshopSession, ws_id)
        assert ws is not None
        board = next(step for step in ws.steps if step.kind == "board")
        services.goto_step(ws, board.position)
        people = [services.join(ws, ws.groups[n % 3], 10_000)[0] for n in range(6)]
        texts = list(itertools.chain.from_iterable(itertools.zip_longest(DUPLICATES, OTHERS)))
        for n, text in enumerate(t for t in texts if t):
            services.add_note(people[n % 6], board.id, "pro", text, next(keys))
        db.session.commit()


def projector_notes(projector: Any, text: str) -> int:
    return int(projector.locator(".note-text", has_text=text).count())


def test_suggestions_accept_undo_reject_search_and_ticked_merge(
    browser: Any, server: LiveServer
) -> None:
    desk, control, projector, _code, console = open_workshop(browser, server, "mini", "Doppelt")
    seed(server.database, int(control.url.rstrip("/").split("/")[-1]))
    control.locator("body").press("ArrowRight")  # to the board (the seed is there): a new state
    control.wait_for_function(
        f"() => document.querySelectorAll('#step .notes > li.note').length === {NOTES}"
    )
    projector.wait_for_function(
        f"() => document.querySelectorAll('.note-text').length >= {NOTES}"
    )  # fmt: skip
    assert control.locator("#merge-panel").is_visible()
    assert control.locator("#suggestions").is_hidden()  # computed only when asked for

    control.get_by_role("button", name="Vorschläge zum Zusammenführen").click()
    control.wait_for_selector(".suggestion")
    titles = control.locator(".suggestion input[type=text]")
    assert sorted(titles.evaluate_all("inputs => inputs.map(i => i.value)")) == [
        "Angst vor Jobverlust",
        "Datenschutz bei Kundendaten",
        "Weniger Papierkram",
    ]
    assert axe_violations(control) == []

    # accept: five notes become one on the projector
    group = control.locator(".suggestion", has=control.locator('input[value^="Datenschutz"]'))
    assert group.locator("legend").inner_text() == "Dafür: 5 Karten"
    group.get_by_role("button", name="Zusammenführen", exact=True).click()
    projector.wait_for_function(
        "() => [...document.querySelectorAll('.merged')].some(m => m.textContent === '+4')"
    )
    assert projector_notes(projector, "atenschutz") == 1
    control.wait_for_function("() => document.querySelectorAll('.suggestion').length === 2")
    assert "5 Karten zusammengeführt" in control.inner_text("#merge-status")

    # undo the whole group at once: the five notes are back
    control.get_by_role("button", name="Zusammenführung dieser Gruppe aufheben (4 Karten)").click()
    projector.wait_for_function(
        "() => ![...document.querySelectorAll('.merged')].some(m => m.textContent === '+4')"
    )
    assert projector_notes(projector, "atenschutz") == 5
    control.wait_for_function(
        f"() => document.querySelectorAll('#step .notes > li.note').length === {NOTES}"
    )

    # reject: not suggested again on this page
    jobs = control.locator(
        ".suggestion", has=control.locator('input[value="Angst vor Jobverlust"]')
    )
    jobs.get_by_role("button", name="Nicht zusammenführen").click()
    control.wait_for_function("() => document.querySelectorAll('.suggestion').length === 1")
    control.get_by_role("button", name="Neu vorschlagen").click()
    control.wait_for_function(
        "() => document.getElementById('merge-status').textContent.includes('Vorschl')"
    )
    values = titles.evaluate_all("inputs => inputs.map(i => i.value)")
    assert sorted(values) == ["Datenschutz bei Kundendaten", "Weniger Papierkram"]
    control.reload()  # remembered in this tab, across a reload
    control.get_by_role("button", name="Vorschläge zum Zusammenführen").click()
    control.wait_for_selector(".suggestion")
    values = titles.evaluate_all("inputs => inputs.map(i => i.value)")
    assert sorted(values) == ["Datenschutz bei Kundendaten", "Weniger Papierkram"]

    # search: only the matching notes are shown, by keyboard
    control.locator("body").press("/")  # the key to the search
    control.keyboard.type("PAPIERKRAM")
    assert control.locator("#step .notes > li.note:visible").count() == 3
    assert control.inner_text("#note-search-count") == f"3 von {NOTES} Karten passen"

    # tick the three, merge them under a new title (keyboard only), then undo
    for box in control.locator("#step .notes > li.note:visible .merge-tick").all():
        box.focus()
        control.keyboard.press("Space")
    assert control.inner_text("#merge-selected-count") == "3 Karten angehakt"
    control.get_by_label("Neuer Titel (freiwillig)").fill("Papierkram abbauen")
    assert axe_violations(control) == []
    control.get_by_label("Neuer Titel (freiwillig)").press("Enter")
    projector.wait_for_function(HAS_NOTE, arg="Papierkram abbauen")
    control.get_by_label("Karten durchsuchen").fill("")
    control.get_by_role("button", name="Zusammenführung dieser Gruppe aufheben (3 Karten)").click()
    projector.wait_for_function(f"text => !({HAS_NOTE})(text)", arg="Papierkram abbauen")
    assert projector_notes(projector, "Papierkram") == 3
    assert not [m for m in console if "Content Security Policy" in m or "rror" in m]
    desk.close()
