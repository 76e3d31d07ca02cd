"""The other formats in Chromium, each checked with axe-core on the phone and the projector:
Ist/Soll scale, multiple-choice poll, quiz with reveal, canvas, weighted decision, word cloud."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import open_workshop, watch
from tests.browser.test_workshop import PHONE, expect_no_axe_violations, join_by_code
from tests.realserver.server import LiveServer

pytestmark = pytest.mark.browser


def goto(control: Any, title: str) -> None:
    control.click(f"#steps button:has-text('{title}')")


def test_formats_on_a_phone_and_the_projector(browser: Any, server: LiveServer) -> None:
    desk, control, projector, code, console = open_workshop(
        browser, server, "umfrage-mini", "Formate"
    )
    phone = watch(browser.new_context(**PHONE).new_page(), console)
    join_by_code(phone, server.url, code, "Beschäftigte")

    goto(control, "Wer entscheidet?")
    phone.wait_for_selector(".scale-v1")
    phone.locator(".scale-v1 label:has-text('Mensch')").click()
    phone.locator(".scale-v2 label:has-text('gemeinsam')").click()
    phone.wait_for_selector("text=Beantwortet: 1 von 1")
    expect_no_axe_violations(phone, "phone, Ist/Soll scale")

    goto(control, "Werkzeuge")
    phone.wait_for_selector("input[type=checkbox]")
    phone.locator("label:has-text('Chatbot')").click()
    phone.locator("label:has-text('Übersetzer')").click()
    # one answer is fewer than the threshold of 3: the projector says so, no bars
    projector.wait_for_selector(
        "text=Zu wenige Antworten für eine Anzeige (weniger als 3 Personen)."
    )
    assert projector.locator(".bars .bar").count() == 0
    expect_no_axe_violations(projector, "projector, poll withheld")
    others = []
    for _ in range(2):
        other = watch(browser.new_context(**PHONE).new_page(), console)
        join_by_code(other, server.url, code, "Führungskräfte")
        other.wait_for_selector("input[type=checkbox]")
        other.locator("label:has-text('Chatbot')").click()
        others.append(other)
    projector.wait_for_selector(".bars .bar")
    values = "[...document.querySelectorAll('.bar-value')].map(e => e.textContent).join()"
    projector.wait_for_function(f"() => {values} === '3,1,0'")
    for other in others:
        other.context.close()
    expect_no_axe_violations(phone, "phone, poll")
    expect_no_axe_violations(projector, "projector, poll")

    goto(control, "Quizfrage")
    phone.wait_for_selector("label:has-text('Wörter vorhersagen')")
    phone.locator("label:has-text('Wörter vorhersagen')").click()
    projector.wait_for_selector("text=1 hat geantwortet")
    assert projector.locator("text=richtig").count() == 0  # secret until revealed
    control.click("button:has-text('Ergebnisse zeigen')")
    projector.wait_for_selector("text=richtig")  # the answer, but no count of one person
    assert projector.locator("text=hat richtig geantwortet").count() == 0
    phone.wait_for_selector("text=Es berechnet wahrscheinliche Fortsetzungen.")
    expect_no_axe_violations(phone, "phone, quiz revealed")
    expect_no_axe_violations(projector, "projector, quiz revealed")

    goto(control, "KI-Canvas")
    phone.wait_for_selector("#note-column")
    phone.select_option("#note-column", "urteil")
    phone.fill("#note-text", "Fehler sind teuer")
    phone.click(".note-form button[type=submit]")
    phone.wait_for_selector(".own-notes .note-text:text-is('Fehler sind teuer')")
    projector.wait_for_selector(
        ".canvas-grid .wall-column:has-text('Urteil') .note-text:text-is('Fehler sind teuer')"
    )
    expect_no_axe_violations(phone, "phone, canvas")
    expect_no_axe_violations(projector, "projector, canvas")

    goto(control, "Welches System?")
    phone.wait_for_selector("text=Verbleibende Punkte: 4")
    phone.click("button[aria-label='Einen Punkt hinzufügen: Preis']")
    phone.wait_for_selector("text=Verbleibende Punkte: 3")
    phone.click("button[aria-label='Einen Punkt hinzufügen: Preis']")
    phone.wait_for_selector("text=Verbleibende Punkte: 2")
    phone.locator(".scale-o1 label:has-text('5 · sehr gut')").first.click()
    expect_no_axe_violations(phone, "phone, weighted decision")
    control.click("button:has-text('Ergebnisse zeigen')")
    projector.wait_for_selector(".decision:has-text('Zu wenige Antworten')")
    expect_no_axe_violations(projector, "projector, weighted decision withheld")

    goto(control, "Begriffe")
    for word in ("Daten", "daten", "KI"):
        phone.wait_for_selector("#note-text")
        phone.fill("#note-text", word)
        phone.click(".note-form button[type=submit]")
        phone.wait_for_selector(f".own-notes .note-text:text-is('{word}')")
    projector.wait_for_selector(".word-cloud li:text-is('Daten')")
    assert projector.locator(".word-cloud li").count() == 2
    expect_no_axe_violations(projector, "projector, word cloud")
    steps = desk.new_page()
    steps.goto(control.url + "/steps")
    steps.wait_for_selector("text=Schritt hinzufügen")
    expect_no_axe_violations(steps, "edit steps page")
    steps.goto(server.url + "/sessions/new")
    expect_no_axe_violations(steps, "new workshop page")
    assert [m for m in console if "Content Security Policy" in m] == []
    desk.close()
