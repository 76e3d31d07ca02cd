"""The control page by keyboard: → ← O R T press the button that applies (never while typing),
and ending the workshop asks for a tick first; phones and the page hear the end at once."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_violations, open_workshop, watch
from tests.browser.test_workshop import PHONE, join_by_code
from tests.realserver.server import LiveServer

pytestmark = pytest.mark.browser


def shown(page: Any, toggle: str) -> bool:
    return bool(page.locator(f'form[data-toggle="{toggle}"]').is_visible())


def test_keyboard_shortcuts_and_a_confirmed_end(browser: Any, server: LiveServer) -> None:
    desk, control, _projector, code, console = open_workshop(browser, server, "mini", "Tasten")
    phone = watch(browser.new_context(**PHONE).new_page(), console)
    join_by_code(phone, server.url, code, "Beschäftigte")
    assert control.locator("#shortcuts kbd").all_inner_texts() == ["→", "←", "O", "R", "T", "A"]

    control.locator("body").press("ArrowRight")  # info → board, whose input opens
    control.wait_for_selector("#steps li:nth-child(2) [aria-current=step]")
    control.wait_for_selector('form[data-toggle="input-close"]:visible')
    assert not shown(control, "input-open")  # one button per pair, never both
    control.locator("body").press("o")
    control.wait_for_selector('form[data-toggle="input-open"]:visible')
    assert not shown(control, "input-close")
    before = shown(control, "results-hide")
    control.locator("body").press("r")
    control.wait_for_selector(
        f'form[data-toggle="{"results-reveal" if before else "results-hide"}"]:visible'
    )

    control.locator("#minutes").press("t")  # typing in a field: no shortcut
    control.locator("#minutes").press("ArrowLeft")
    control.wait_for_timeout(500)
    assert control.locator("#timer").is_hidden()
    assert control.locator("#steps li:nth-child(2) [aria-current=step]").count() == 1
    control.evaluate("document.activeElement.blur()")  # out of the field: keys act again
    control.locator("body").press("t")
    control.wait_for_selector("#timer:visible")
    control.wait_for_selector('form[data-toggle="timer-stop"]:visible')
    control.locator("body").press("ArrowLeft")
    control.wait_for_selector("#steps li:nth-child(1) [aria-current=step]")
    assert axe_violations(control) == []

    end = control.locator('form[data-toggle="end"]')
    end.locator("button").click()  # not ticked: the browser asks for the tick, nothing is sent
    control.wait_for_timeout(500)
    assert control.locator("#ended-note").is_hidden()
    end.locator("input[type=checkbox]").check()
    end.locator("button").click()
    control.wait_for_selector("#ended-note:visible")
    control.wait_for_selector('form[data-toggle="reopen"]:visible')
    phone.wait_for_selector("text=Dieser Workshop ist beendet")
    assert not [m for m in console if "Content Security Policy" in m]
    desk.close()
