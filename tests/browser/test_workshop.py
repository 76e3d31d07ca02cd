"""A whole workshop in Chromium: a facilitator, a projector and two phones."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import axe_violations
from tests.realserver.server import EMAIL, PASSWORD, LiveServer

pytestmark = pytest.mark.browser
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "locale": "de-DE",
}
TIMEOUT = 30_000  # generous: the 2-core machine also runs the server and Chromium


def expect_no_axe_violations(page: Any, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def join_by_code(phone: Any, url: str, code: str, group: str) -> None:
    phone.goto(url + "/")
    phone.fill("#code", code.lower())
    phone.click("main button[type=submit]")
    phone.get_by_label(group).check()
    expect_no_axe_violations(phone, "join page")
    phone.click("main button[type=submit]")
    phone.wait_for_selector("#step h1", timeout=TIMEOUT)
    # the choice was answered with the live page, which shows its own address (a reload
    # opens it again instead of posting the choice twice)
    assert phone.url.endswith(f"/p/{code.upper()}"), phone.url


def test_fears_and_hopes_with_projector_and_two_phones(browser: Any, server: LiveServer) -> None:
    url = server.url
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    control = desk.new_page()
    control.set_default_timeout(TIMEOUT)
    csp_violations: list[str] = []

    def watch(page: Any) -> None:
        page.on(
            "console",
            lambda message: (
                csp_violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )

    watch(control)
    control.goto(url + "/login")
    control.fill("#email", EMAIL)
    control.fill("#password", PASSWORD)
    control.click("main button[type=submit]")
    control.wait_for_url(re.compile(r".*/dashboard$"))
    control.click("text=Neuer Workshop")
    control.select_option("#template", "mini")
    control.fill("#title", "KI in der Werkstatt")
    control.fill("#organisation", "Schreinerei Müller")
    control.fill("#anonymity_threshold", "3")
    control.click("main form button[type=submit]")
    control.wait_for_url(re.compile(r".*/sessions/\d+$"))
    code = control.inner_text(".join-line .code").strip()
    assert re.fullmatch(r"[A-HJ-KM-NP-Z2-9]{6}", code)
    control.wait_for_selector("#status.status-ok")
    expect_no_axe_violations(control, "control page")

    projector = desk.new_page()
    projector.set_default_timeout(TIMEOUT)
    watch(projector)
    projector.goto(control.url + "/projector")
    projector.wait_for_selector("#status.status-ok")
    assert code in projector.inner_text(".join-code")
    assert projector.locator(".qr svg").count() == 1
    expect_no_axe_violations(projector, "projector")

    phones = []
    for group in ("Beschäftigte", "Betriebsrat"):
        context = browser.new_context(**PHONE)
        phone = context.new_page()
        phone.set_default_timeout(TIMEOUT)
        watch(phone)
        weights: list[int] = []
        phone.on(
            "requestfinished",
            lambda request, w=weights: w.append(request.sizes()["responseBodySize"]),
        )
        join_by_code(phone, url, code, group)
        assert sum(weights) < 60 * 1024, f"first load {sum(weights)} bytes"
        phones.append(phone)
    assert projector.inner_text("#count") == "2 machen mit"

    # the board: both phones write, the projector shows the notes as text
    control.click("#steps button:has-text('Sammeln')")
    texts = ["Weniger Papierkram im Büro", "<script>alert(1)</script>"]
    for phone, text in zip(phones, texts, strict=True):
        phone.wait_for_selector("#note-text")
        phone.fill("#note-text", text)
        phone.click(".note-form button[type=submit]")
        phone.wait_for_selector(f".own-notes .note-text:text-is('{text}')")
    expect_no_axe_violations(phones[0], "participant board")
    for text in texts:
        projector.wait_for_selector(f".wall-grid .note-text:text-is('{text}')")
    assert projector.evaluate("() => window.__xss === undefined")

    # the identity survives a reload
    phones[0].reload()
    phones[0].wait_for_selector(".own-notes .note-text:text-is('Weniger Papierkram im Büro')")

    # the dot vote: hidden tally until the facilitator reveals it
    control.click("#steps button:has-text('Punkte vergeben')")
    for phone in phones:
        phone.wait_for_selector("text=Verbleibende Punkte: 3")
    first = "Weniger Papierkram im Büro"
    phones[0].click(f".note:has(.note-text:text-is('{first}')) button.vote.primary")
    phones[0].wait_for_selector("text=Verbleibende Punkte: 2")
    phones[0].click(f".note:has(.note-text:text-is('{first}')) button.vote.primary")
    phones[0].wait_for_selector("text=Verbleibende Punkte: 1")
    phones[1].click(f".note:has(.note-text:text-is('{first}')) button.vote.primary")
    phones[1].wait_for_selector("text=Verbleibende Punkte: 2")
    phones[1].click(f".note:has(.note-text:text-is('{texts[1]}')) button.vote.primary")
    phones[1].wait_for_selector("text=Verbleibende Punkte: 1")
    phones[1].click(f".note:has(.note-text:text-is('{texts[1]}')) button.vote:not(.primary)")
    phones[1].wait_for_selector("text=Verbleibende Punkte: 2")
    expect_no_axe_violations(phones[1], "participant dot vote")
    projector.wait_for_selector("text=2 haben abgestimmt")
    assert projector.locator(".bars").count() == 0

    control.click("button:has-text('Ergebnisse zeigen')")
    # two voters are fewer than the threshold of 3: no tally, no order, a note saying so
    projector.wait_for_selector(
        "text=Zu wenige Antworten für eine Anzeige (weniger als 3 Personen)."
    )
    assert projector.locator(".bars").count() == 0
    control.wait_for_selector("text=Zu wenige Antworten für eine Anzeige (weniger als 3 Personen).")
    third = browser.new_context(**PHONE).new_page()
    third.set_default_timeout(TIMEOUT)
    watch(third)
    join_by_code(third, url, code, "Führungskräfte")
    third.wait_for_selector("text=Verbleibende Punkte: 3")
    third.click(f".note:has(.note-text:text-is('{texts[1]}')) button.vote.primary")
    third.wait_for_selector("text=Verbleibende Punkte: 2")
    third.click(f".note:has(.note-text:text-is('{texts[1]}')) button.vote:not(.primary)")
    third.wait_for_selector("text=Verbleibende Punkte: 3")
    third.click(f".note:has(.note-text:text-is('{first}')) button.vote.primary")
    projector.wait_for_selector(".bars .bar")
    bars = projector.locator(".bars .bar")
    assert bars.nth(0).inner_text().split("\n")[0] == first
    assert bars.nth(0).locator(".bar-value").inner_text() == "4"
    assert bars.nth(1).locator(".bar-value").inner_text() == "0"
    phones[0].wait_for_selector("text=4 Punkte")
    expect_no_axe_violations(projector, "projector results")
    assert csp_violations == []  # every page works under the Content-Security-Policy
    desk.close()


def test_axe_check_catches_a_violation(browser: Any) -> None:
    page = browser.new_page()
    page.set_content('<html lang="de"><body><main><input type="text"></main></body></html>')
    assert "label" in [violation["id"] for violation in axe_violations(page)]
    page.close()
