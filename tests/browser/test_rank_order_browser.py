"""A rank order and a 2x2 in Chromium on small phones: options moved with labelled up and down
buttons (large targets, focus kept on the moved option), the whole order saved, the projector's
bars from k people on; the 2x2's rows of choices and the projector's cloud; axe finds nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import open_workshop, watch
from tests.browser.test_workshop import PHONE, expect_no_axe_violations, join_by_code
from tests.realserver.server import LiveServer

pytestmark = pytest.mark.browser


def test_phones_rank_with_buttons_and_place_on_two_axes(browser: Any, server: LiveServer) -> None:
    desk, control, projector, code, console = open_workshop(
        browser, server, "neue-arten", "Prioritäten", threshold=3
    )
    errors: list[str] = []  # uncaught script errors of every page
    phones = []
    for group in ("Beschäftigte", "Beschäftigte", "Führungskräfte"):
        phone = watch(browser.new_context(**PHONE).new_page(), console)
        phone.on("pageerror", lambda error: errors.append(str(error)))
        join_by_code(phone, server.url, code, group)
        phones.append(phone)
    for page in (control, projector):
        page.on("pageerror", lambda error: errors.append(str(error)))
    control.click("#steps button:has-text('Was zuerst?')")
    first = phones[0]
    first.wait_for_selector(".rank-list .rank-row")
    assert first.locator(".rank-text").all_inner_texts() == ["Schulung", "Regeln", "Pilot"]
    # every button is a large target with its option in its name; the first cannot go up
    first.wait_for_function(
        """() => { const all = [...document.querySelectorAll('.rank-move')];
          return all.length === 6 && all.every(b => b.getBoundingClientRect().height >= 44
            && b.getBoundingClientRect().width >= 44); }"""
    )
    assert first.get_by_role("button", name="Nach oben: Schulung").is_disabled()
    expect_no_axe_violations(first, "phone ranking")
    # "Regeln" up by keyboard: focus stays on it, the status line says it moved
    up = first.get_by_role("button", name="Nach oben: Regeln")
    up.focus()
    first.keyboard.press("Enter")
    assert first.locator(".rank-text").all_inner_texts() == ["Regeln", "Schulung", "Pilot"]
    focused = first.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Nach unten: Regeln"  # at the top now: on the other button
    assert "Platz 1 von 3" in first.inner_text("#step")
    assert "Noch nicht gespeichert" in first.inner_text(".rank-status")
    first.click("button:has-text('Reihenfolge speichern')")
    first.wait_for_selector(".rank-status:has-text('Ihre Reihenfolge ist gespeichert.')")
    expect_no_axe_violations(first, "phone ranking saved")
    for phone in phones[1:]:
        phone.wait_for_selector(".rank-list .rank-row")
        phone.click("button:has-text('Reihenfolge speichern')")
        phone.wait_for_selector(".rank-status:has-text('gespeichert.')")
    projector.wait_for_selector(".rank-bars .rank-figures")  # k people: figures, not "too few"
    # each label holds the option and its figures; whether the figures wrap onto a line of
    # their own depends on the room the projector has
    labels = projector.locator(".rank-bars .bar-label > span:first-child").all_text_contents()
    assert labels[0] == "Schulung"  # two of three kept Schulung first
    figures = projector.locator(".rank-bars .rank-figures").first.text_content()
    assert figures == "mittlerer Rang 1,3 · 5 Borda-Punkte"
    expect_no_axe_violations(projector, "projector ranking")

    control.click("#steps button:has-text('Nutzen und Aufwand')")
    first.wait_for_selector(".quadrant-items .item")
    first.get_by_label("1 · gering").first.check()
    expect_no_axe_violations(first, "phone 2x2")
    for phone in phones:
        phone.wait_for_selector(".quadrant-items .item")
        items = phone.locator(".quadrant-items .item").first
        items.locator("fieldset.scale-x label:has-text('2')").click()
        items.locator("fieldset.scale-y label:has-text('5 · hoch')").click()
    projector.wait_for_selector(".quadrant-cloud .quadrant-dot")
    assert "Schnell umsetzen" in projector.inner_text(".quadrant-box")
    expect_no_axe_violations(projector, "projector 2x2")
    control.wait_for_selector(".quadrant-control .quadrant-cloud")  # the control page's view
    assert "Schnell umsetzen" in control.inner_text(".quadrant-control")
    assert not [m for m in console if "Content Security Policy" in m], console
    assert errors == []
    desk.close()
