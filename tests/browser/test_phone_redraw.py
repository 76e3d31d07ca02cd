"""A phone redraws its step from every snapshot; a tap that is under way meanwhile still counts.

Before: the page replaced the whole step on each snapshot, so a finger that went down on an
answer before a snapshot arrived lifted on a new copy of it, the browser saw no click, and the
answer was never sent (found as lost taps in the readiness and risk tests)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import open_workshop, watch
from tests.browser.test_workshop import PHONE, join_by_code
from tests.realserver.server import LiveServer

pytestmark = pytest.mark.browser


def test_a_tap_across_a_redraw_counts_and_the_nodes_stay(browser: Any, server: LiveServer) -> None:
    _desk, control, _projector, code, console = open_workshop(
        browser, server, "umfrage-mini", "Neu zeichnen"
    )
    phone = watch(browser.new_context(**PHONE).new_page(), console)
    join_by_code(phone, server.url, code, "Beschäftigte")
    phone.wait_for_selector("#step .item .scale-answer")
    label = phone.locator("#step .item").nth(0).locator("label:has-text('3 ·')")
    label.scroll_into_view_if_needed()
    box = label.bounding_box()
    assert box is not None
    label.evaluate("node => { node.probe = true; }")  # a mark only the same node carries
    phone.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    phone.mouse.down()

    # the facilitator starts the timer: a new snapshot, and the phone redraws its step
    control.locator("body").press("t")
    phone.wait_for_selector("#timer:visible")
    assert label.evaluate("node => node.probe === true")  # still the node under the finger

    # the timer takes room at the top: follow the label down, then lift (without the redraw
    # keeping the node, the lift lands on a new copy and no click happens)
    moved = label.bounding_box()
    assert moved is not None
    phone.mouse.move(moved["x"] + moved["width"] / 2, moved["y"] + moved["height"] / 2)
    phone.mouse.up()
    phone.wait_for_selector("text=Beantwortet: 1 von 3")
    assert phone.locator("#step .item").nth(0).locator("input[value='3']").is_checked()
    assert [m for m in console if "Content Security Policy" in m] == []


def _write(phone: Any, text: str) -> None:
    phone.wait_for_selector("#note-text")
    phone.fill("#note-text", text)
    phone.click(".note-form button[type=submit]")
    phone.wait_for_selector(f".own-notes .note-text:text-is('{text}')")


def test_the_control_page_keeps_a_click_and_typing_across_redraws(
    browser: Any, server: LiveServer
) -> None:
    """While notes come in, the control page redraws its step with every snapshot: a click on
    "Ausblenden" that spans a redraw still hides the note, a tick for merging stays, and a
    statement being typed on a check step is still there afterwards."""
    _desk, control, _projector, code, console = open_workshop(
        browser, server, "risiko-mini", "Steuerung neu zeichnen"
    )
    phone = watch(browser.new_context(**PHONE).new_page(), console)
    join_by_code(phone, server.url, code, "Beschäftigte")
    control.click("#steps button:has-text('Tätigkeiten')")
    _write(phone, "Erste Karte")
    note = control.locator("#step li.note:has(.note-text:text-is('Erste Karte'))")
    hide = note.locator("button:has-text('Ausblenden')")
    hide.wait_for()
    note.locator(".merge-tick").check()  # ticked for merging: a redraw keeps the tick
    hide.scroll_into_view_if_needed()
    box = hide.bounding_box()
    assert box is not None
    control.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    control.mouse.down()
    _write(phone, "Zweite Karte")  # a snapshot: the control page redraws its step
    control.wait_for_selector("#step .note-text:text-is('Zweite Karte')")
    moved = hide.bounding_box()
    assert moved is not None
    control.mouse.move(moved["x"] + moved["width"] / 2, moved["y"] + moved["height"] / 2)
    control.mouse.up()
    note.locator("button:has-text('Einblenden')").wait_for()  # hidden: the click counted
    assert note.locator(".merge-tick").count() == 0  # a hidden note is not offered for merging

    # a check step: the facilitator types an own statement while a phone answers
    control.click("#steps button:has-text('Prüffragen')")
    area = control.locator("#own-item-text")
    area.fill("Eine eigene Aussage, noch nicht gesendet")
    phone.wait_for_selector("#step .item")
    phone.locator("#step .item").first.locator("label").first.click()
    control.wait_for_selector("#step .voters:has-text('1 von 1')")  # redrawn after the answer
    assert area.input_value() == "Eine eigene Aussage, noch nicht gesendet"
    assert [m for m in console if "Content Security Policy" in m] == []
