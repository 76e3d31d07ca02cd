"""Co-facilitation in Chromium: the owner invites an observer (the works council chair), whose
control page follows the workshop live without a single control; the owner then removes them
and their open page stops at once."""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest

from tests.browser.conftest import axe_violations, open_workshop, watch
from tests.realserver.server import COMMAND, LiveServer, server_env

pytestmark = pytest.mark.browser
CHAIR = "br-vorsitz@example.org"
CHAIR_PASSWORD = "works-council-secret-42"


def create_account(server: LiveServer, email: str, password: str, name: str) -> None:
    """`facilitator create-user` against the running server's database."""
    subprocess.run(
        [*COMMAND, "create-user", email, "--name", name, "--password", password],
        env=server_env(f"sqlite:///{server.database}"),
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_an_observer_follows_live_without_controls(browser: Any, server: LiveServer) -> None:
    desk, control, _projector, _code, console = open_workshop(browser, server, "mini", "Team")
    create_account(server, CHAIR, CHAIR_PASSWORD, "Betriebsratsvorsitz")

    # the owner invites the chair as observer, from the control page's team box
    control.locator("#team .invite summary").click()
    control.fill("#invite-email", CHAIR.upper())
    control.select_option("#invite-role", "observer")
    control.click("#team .invite-form button[type=submit]")
    control.wait_for_selector("text=ist jetzt im Team als Beobachtung")
    control.wait_for_selector("#status.status-ok")
    assert control.locator("#team [data-role=observer]").count() == 1
    assert axe_violations(control) == []

    # the chair logs in, finds the workshop on the dashboard with the role, and opens it
    room = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    chair = watch(room.new_page(), console)
    chair.goto(server.url + "/login")
    chair.fill("#email", CHAIR)
    chair.fill("#password", CHAIR_PASSWORD)
    chair.click("main button[type=submit]")
    chair.wait_for_url(re.compile(r".*/dashboard$"))
    row = chair.locator("tr", has_text="Team")
    assert "Beobachtung" in row.inner_text()
    row.locator("a").click()
    chair.wait_for_selector("#status.status-ok")
    chair.wait_for_selector("#step h2")
    app = chair.locator("#app")
    assert app.locator("button, form, input, select, textarea").count() == 0
    assert chair.locator("#team .team-me").inner_text().count("Sie") == 1
    assert axe_violations(chair) == []

    # the owner moves to the board and opens it: the chair's page follows, still without controls
    control.locator("body").press("ArrowRight")
    chair.wait_for_selector("#steps li:nth-child(2) [aria-current=step]")
    # the control page may redraw after the chair's page: read its title once it shows step 2
    control.wait_for_selector("#steps li:nth-child(2) [aria-current=step]")
    first_title = control.locator("#step h2").evaluate("h2 => h2.textContent")
    chair.wait_for_function(
        "title => document.querySelector('#step h2').textContent === title", arg=first_title
    )
    assert app.locator("button, form, input, select, textarea").count() == 0
    assert axe_violations(chair) == []

    # the owner removes the chair: the chair's open page reloads and is refused
    control.locator("#team [data-role=observer] summary").click()
    assert axe_violations(control) == []  # the owner's controls of a member, opened
    control.locator("#team [data-role=observer] button.danger").click()
    control.wait_for_selector("text=ist nicht mehr im Team")
    chair.wait_for_selector("text=Diese Seite gibt es nicht")
    assert not [m for m in console if "Content Security Policy" in m]
    room.close()
    desk.close()
