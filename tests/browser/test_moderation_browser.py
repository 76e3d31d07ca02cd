"""Moderation before the projector, end to end in Chromium: the facilitator switches it on, a
phone writes, the projector stays empty, the facilitator approves by keyboard, the projector
shows the note; the control page with its queue passes axe."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_violations, open_workshop, watch
from tests.browser.test_workshop import PHONE, join_by_code
from tests.realserver.server import LiveServer

pytestmark = pytest.mark.browser


def write(phone: Any, text: str) -> None:
    phone.wait_for_selector("#note-text")
    phone.fill("#note-text", text)
    phone.click(".note-form button[type=submit]")
    phone.wait_for_selector(f".own-notes .note-pending .note-text:text-is('{text}')")


def test_notes_wait_for_approval_by_keyboard(browser: Any, server: LiveServer) -> None:
    desk, control, projector, code, console = open_workshop(browser, server, "mini", "Freigabe")
    phone = watch(browser.new_context(**PHONE).new_page(), console)
    join_by_code(phone, server.url, code, "Beschäftigte")

    control.locator("body").press("ArrowRight")  # info → board
    control.wait_for_selector("#steps li:nth-child(2) [aria-current=step]")
    switch_on = control.locator('form[data-toggle="moderation-on"] button')
    switch_on.wait_for()
    switch_on.focus()
    control.keyboard.press("Enter")  # a real button: the keyboard works it
    control.wait_for_selector('form[data-toggle="moderation-off"]:visible')
    control.wait_for_selector(".state-line .badge:text-is('Freigabe an')")
    phone.wait_for_selector("text=Ihre Karten erscheinen auf dem Beamer, sobald")

    write(phone, "Erst prüfen, dann zeigen")
    assert phone.locator(".own-notes .pending-mark").inner_text() == "Wartet auf Freigabe"
    assert axe_violations(phone) == []
    control.wait_for_selector("#moderation .note-text:text-is('Erst prüfen, dann zeigen')")
    control.wait_for_selector("#moderation-count:text-is('1 Karte wartet')")
    write(phone, "Zweite Karte")
    control.wait_for_selector("#moderation-count:text-is('2 Karten warten')")
    projector.wait_for_timeout(500)  # the projector had the same flush as the control page
    assert projector.locator(".note-text").count() == 0
    assert axe_violations(control) == []

    control.locator("body").press("a")  # approves the first (oldest) waiting note
    projector.wait_for_selector(".note-text:text-is('Erst prüfen, dann zeigen')")
    control.wait_for_selector("#moderation-count:text-is('1 Karte wartet')")
    phone.wait_for_selector(
        ".own-notes .note:not(.note-pending) .note-text:text-is('Erst prüfen, dann zeigen')"
    )
    assert projector.locator(".note-text:text-is('Zweite Karte')").count() == 0

    hide = control.locator("#moderation button[aria-label^='Ausblenden']")
    hide.focus()
    control.keyboard.press("Enter")  # rejected: it leaves the queue, never reaches the beamer
    control.wait_for_selector("#moderation-count:text-is('Keine Karten warten auf Freigabe.')")
    assert control.evaluate("document.activeElement.id") == "moderation-title"  # focus kept
    phone.wait_for_selector("text=Von der Moderation ausgeblendet")
    assert projector.locator(".note-text:text-is('Zweite Karte')").count() == 0
    assert axe_violations(control) == []
    assert not [m for m in console if "Content Security Policy" in m]
    desk.close()
