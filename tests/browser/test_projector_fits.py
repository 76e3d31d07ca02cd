"""The projector fits the screen under a realistic load (issue 14, item 1): every step kind of
one workshop at 1280 x 720 and 1920 x 1080, with 300 notes on a board, 20 statements, 20 hazards on
a matrix and in a traffic light, 12 scale items, 10 poll options, 300 questions of a Q&A
round, a rank order of 10 options and a 2x2 of 12 items. Nothing scrolls and nothing
is cut off: long lists page ("1/3") or show their top with "+ n weitere". The join panel is big in
the join phase, a corner box after it, big again at the facilitator's request; the timer is large
on the projector and stays in sight on a phone."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import open_workshop, watch
from tests.browser.load import TEMPLATES, end_timer_soon, seed
from tests.browser.test_workshop import PHONE, expect_no_axe_violations, join_by_code
from tests.realserver.server import LiveServer, live_server

pytestmark = pytest.mark.browser
SIZES = ((1280, 720), (1920, 1080))
SHOTS = os.environ.get("PROJECTOR_SHOTS")  # a folder: save a screenshot of every state there

# the steps in order: (the start of) its title -> what the projector shows of it
STEPS = (
    ("Willkommen", ".info-text"),
    ("Sammeln", ".wall-grid .note"),
    ("Punkte vergeben", ".bars .bar"),
    ("Prüffragen", ".check-results .check-row"),
    ("Bewerten", ".matrix-layout .hazards .hazard"),
    ("Belastung", ".lights .hazard"),
    ("Maßnahmen", ".note-groups .note"),
    ("Reifegrad", ".scale-items .bar"),
    ("Werkzeuge", ".bars .bar"),
    ("Quizfrage", ".bars .bar.correct"),
    ("KI-Canvas", ".canvas-grid .note"),
    ("Welches System?", ".decision .bar"),
    ("Fragen an die Leitung", ".question-now"),
    ("Rangfolge der Maßnahmen", ".rank-bars .bar"),
    ("Vierfeld Nutzen und Aufwand", ".quadrant-cloud .quadrant-dot"),
    ("Begriffe", ".word-cloud li"),
)
# what lies outside the screen or its box: empty when the projector fits
OVERFLOW = """() => {
  const out = [], root = document.documentElement;
  if (root.scrollHeight > innerHeight) out.push('scrollHeight ' + root.scrollHeight);
  if (root.scrollWidth > innerWidth) out.push('scrollWidth ' + root.scrollWidth);
  for (const e of document.querySelectorAll('#app *')) {
    const r = e.getBoundingClientRect();
    if (r.width && r.height && (r.bottom > innerHeight + 1 || r.right > innerWidth + 1))
      out.push('off screen: ' + e.className + ' ' + e.textContent.slice(0, 40));
  }
  for (const list of document.querySelectorAll('.pager-list')) {
    const box = list.getBoundingClientRect();
    for (const item of list.children) {
      const r = item.getBoundingClientRect();
      if (r.height && r.bottom > box.bottom + 1) out.push('cut: ' + item.textContent.slice(0, 40));
    }
  }
  return out;
}"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(tmp_path, "gevent", {"FACILITATOR_EXERCISES_DIR": str(TEMPLATES)}) as running:
        yield running


def fitted(projector: Any, width: int, height: int) -> None:
    """Resize the projector and wait until its script has fitted the step to the new size."""
    projector.set_viewport_size({"width": width, "height": height})
    projector.wait_for_function(
        f"() => (document.getElementById('app').dataset.fitted || '').endsWith(':{width}x{height}')"
    )


def expect_fit(projector: Any, where: str) -> None:
    assert projector.evaluate(OVERFLOW) == [], where
    if SHOTS:
        name = where.replace(" ", "-").replace("/", "-").replace("?", "")
        projector.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def test_projector_fits_every_step_kind_under_load(browser: Any, server: LiveServer) -> None:
    desk, control, projector, code, console = open_workshop(
        browser, server, "beamer-last", "Beamer unter Last"
    )
    seed(server.database, int(control.url.rstrip("/").split("/")[-1]))
    # the projector is what is measured here; the steps are changed the way the control page's
    # buttons post them, without rendering the control page for 300 notes in each step
    base, csrf = control.url, control.get_attribute("#app", "data-csrf")
    control.close()

    def goto(position: int) -> None:
        posted = desk.request.post(
            base + "/goto",
            form={"csrf_token": csrf, "position": str(position)},
            headers={"Accept": "application/json"},
        )
        assert posted.ok, posted.text()
        assert posted.json()["ok"], posted.text()

    phone = watch(browser.new_context(**PHONE).new_page(), console)
    join_by_code(phone, server.url, code, "Beschäftigte")

    for index, (title, shown) in enumerate(STEPS):
        goto(index)
        projector.wait_for_selector(f"#step-head h1:has-text('{title}')")
        projector.wait_for_selector(shown)
        # the join phase lasts until the first step with input (the board) is left
        assert projector.locator("#app.join-big").count() == (1 if index < 2 else 0), title
        for width, height in SIZES:
            fitted(projector, width, height)
            expect_fit(projector, f"{title} {width}x{height}")
        if title == "Sammeln":  # 300 notes: legible from the back, in pages
            size = projector.evaluate(
                "() => parseFloat(getComputedStyle(document.querySelector('.note-text')).fontSize)"
            )
            assert size >= 28, size
            status = projector.locator(".pager-status").first
            projector.keyboard.press(" ")  # pauses the rotation
            page, pages = map(int, status.inner_text().split("/"))
            assert pages > 1
            projector.keyboard.press("ArrowRight")  # the next page, as the rotation would
            assert status.inner_text() == f"{page % pages + 1}/{pages}"
            projector.keyboard.press(" ")
            expect_fit(projector, "Sammeln page 2")
            expect_no_axe_violations(projector, "projector, 300 notes")
        if title in ("Prüffragen", "Bewerten", "Belastung"):  # too few answers: a line, no bar
            assert projector.locator(".pager-list > .withheld").count() == 4, title
        if title in ("Punkte vergeben", "Fragen an die Leitung"):  # a ranking shows its top
            assert "weitere" in projector.inner_text(".pager-status")
        if title == "Fragen an die Leitung":  # 300 questions: the one being answered is big
            assert "Wird beantwortet" in projector.inner_text(".question-now")
            assert projector.locator(".question-votes").count() > 0  # 30 upvoted: shown
            expect_no_axe_violations(projector, "projector, 300 questions")
        if title == "Bewerten":  # the matrix with its legend and the key beside it
            expect_no_axe_violations(projector, "projector, matrix")
            legend = projector.locator(".risk-legend").bounding_box()
            key = projector.locator(".matrix-layout .pager").bounding_box()
            assert legend is not None
            assert key is not None
            assert key["x"] > legend["x"] + legend["width"]
            # the key's second page goes on numbering as the matrix does
            projector.keyboard.press(" ")
            status = projector.locator(".matrix-layout .pager-status")
            while not status.inner_text().startswith("2/"):
                projector.keyboard.press("ArrowRight")
            first = "() => document.querySelector('.hazards > li:not([hidden])').value"
            assert projector.evaluate(first) > 1
            expect_fit(projector, "Bewerten page 2")
            projector.keyboard.press(" ")

    # the facilitator brings the join panel back for latecomers; the next step shrinks it again
    control = watch(desk.new_page(), console)
    control.goto(base)
    control.click("#join-panel-big button")
    projector.wait_for_selector("#app.join-big")
    control.wait_for_selector("#join-panel-small button")
    expect_fit(projector, "words with the join panel back")
    expect_no_axe_violations(control, "control page")
    control.click("#steps button:has-text('Prüffragen')")
    projector.wait_for_selector("#app.join-small .check-row")

    # the timer: large on the projector, in sight on a phone at the top and after scrolling
    control.fill("#minutes", "3")
    control.click("button:has-text('Timer starten')")
    projector.wait_for_selector("#timer:not([hidden])")
    assert projector.evaluate(
        "() => parseFloat(getComputedStyle(document.getElementById('timer')).fontSize)"
    ) >= 1.8 * projector.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    expect_fit(projector, "check with timer")
    phone.wait_for_selector("#timer:not([hidden])")
    in_sight = """() => { const r = document.getElementById('timer').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight && r.height > 0; }"""
    assert phone.evaluate(in_sight)
    phone.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    phone.wait_for_function(in_sight)
    if SHOTS:
        phone.screenshot(path=str(Path(SHOTS) / "phone-timer.png"))
    expect_no_axe_violations(phone, "phone with timer")
    # at 0 a gentle visual signal on the projector and the phones
    end_timer_soon(server.database, int(base.rstrip("/").split("/")[-1]))
    goto(3)  # the same step: nothing changes but the snapshot is sent again
    for page in (projector, phone):
        page.wait_for_selector("#timer.timer-up:text-is('Die Zeit ist um')")
    assert phone.evaluate(in_sight)
    expect_fit(projector, "check at time up")
    assert [m for m in console if "Content Security Policy" in m] == []
    desk.close()
