"""Browser fixtures: Debian's Chromium driven by Playwright, the app as a real subprocess."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.realserver.server import LiveServer, live_server

CHROMIUM = Path("/usr/bin/chromium")
# Chromium's background services try to reach Google; this machine has no such network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + "; with CI=true they must run")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server for every browser test (a start costs seconds: `facilitator init`, then
    `serve`). Each test opens its own workshop and its own browser contexts, so none depends
    on what another left behind; the log's address check runs once, at the end."""
    with live_server(tmp_path_factory.mktemp("browser-server"), "gevent") as running:
        yield running


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page; return its violations."""
    # evaluated through the DevTools protocol, so the app's CSP (no inline script) stays on
    page.evaluate(AXE.read_text() + "\n;undefined")
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def open_workshop(
    browser: Any, server: LiveServer, template: str, title: str, threshold: int = 3
) -> tuple[Any, Any, Any, str, list[str]]:
    """Log in as the facilitator, create a workshop from `template`, open the projector.
    Returns the desk context, the control page, the projector page, the join code and a list
    that collects every console message of these pages (and of pages passed to `watch`)."""
    import re

    from tests.realserver.server import EMAIL, PASSWORD

    console: list[str] = []
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    control = watch(desk.new_page(), console)
    control.goto(server.url + "/login")
    control.fill("#email", EMAIL)
    control.fill("#password", PASSWORD)
    control.click("main button[type=submit]")
    control.wait_for_url(re.compile(r".*/dashboard$"))
    control.click("text=Neuer Workshop")
    control.select_option("#template", template)
    control.fill("#title", title)
    control.fill("#anonymity_threshold", str(threshold))
    control.click("main form button[type=submit]")
    control.wait_for_url(re.compile(r".*/sessions/\d+$"))
    code = control.inner_text(".join-line .code").strip()
    control.wait_for_selector("#status.status-ok")
    projector = watch(desk.new_page(), console)
    projector.goto(control.url + "/projector")
    projector.wait_for_selector("#status.status-ok")
    return desk, control, projector, code, console


def watch(page: Any, console: list[str], timeout: int = 30_000) -> Any:
    """Collect a page's console messages (CSP violations show up there) and set its timeout."""
    page.set_default_timeout(timeout)
    page.on("console", lambda message: console.append(message.text))
    return page
