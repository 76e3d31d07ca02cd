"""A Q&A round in Chromium: a phone asks, another upvotes, the facilitator answers it, the
projector shows it big; the counts appear only from k people on; axe finds nothing."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.browser.conftest import open_workshop, watch
from tests.browser.test_workshop import PHONE, expect_no_axe_violations, join_by_code
from tests.realserver.server import LiveServer

pytestmark = pytest.mark.browser
QUESTION = "Wer darf die Auswertungen der KI sehen?"


def test_phones_ask_and_upvote_and_the_projector_shows_the_answered_question(
    browser: Any, server: LiveServer
) -> None:
    desk, control, projector, code, console = open_workshop(
        browser, server, "fragen-mini", "Fragerunde", threshold=3
    )
    phones = []
    for group in ("Beschäftigte", "Betriebsrat", "Führungskräfte"):
        phone = watch(browser.new_context(**PHONE).new_page(), console)
        join_by_code(phone, server.url, code, group)
        phones.append(phone)
    control.click("#steps button:has-text('Ihre Fragen')")
    asker, voter, third = phones

    # the asker chooses the addressee and asks; the question is theirs, without a button
    asker.wait_for_selector("#note-column")
    asker.select_option("#note-column", label="Betriebsrat")
    asker.fill("#note-text", QUESTION)
    asker.click(".note-form button[type=submit]:has-text('Frage stellen')")
    asker.wait_for_selector(f".questions .note-text:text-is('{QUESTION}')")
    mine = asker.locator(".questions .question").first
    assert mine.locator("button.upvote").count() == 0
    assert "Ihre eigene Frage" in mine.inner_text()
    assert "An: Betriebsrat" in mine.inner_text()
    expect_no_axe_violations(asker, "phone asking")

    # another phone upvotes: a toggle button with aria-pressed, and back again
    third.fill("#note-text", "Gibt es Schulungen in der Arbeitszeit?")
    third.click(".note-form button[type=submit]")
    button = voter.locator(f".question:has(.note-text:text-is('{QUESTION}')) button.upvote")
    button.wait_for()
    assert button.get_attribute("aria-pressed") == "false"
    # a large target (the list is redrawn with every state, so measure in one step)
    voter.wait_for_function(
        """() => { const all = [...document.querySelectorAll('.question button.upvote')];
          return all.length > 0 && all.every(b => b.getBoundingClientRect().height >= 44); }"""
    )
    button.click()
    voter.wait_for_selector(
        f".question:has(.note-text:text-is('{QUESTION}')) button.upvote[aria-pressed='true']"
    )
    expect_no_axe_violations(voter, "phone upvoting")
    # one person upvoted: fewer than k = 3, so no counts, oldest first
    voter.wait_for_selector(".questions-box .withheld")
    assert voter.locator(".questions .dots-total").count() == 0
    button.click()  # taken back
    voter.wait_for_selector(
        f".question:has(.note-text:text-is('{QUESTION}')) button.upvote[aria-pressed='false']"
    )
    # three people upvote: the counts are released and the newer question with more goes first
    other = "Gibt es Schulungen in der Arbeitszeit?"
    for phone in (asker, voter):
        phone.click(f".question:has(.note-text:text-is('{other}')) button.upvote")
    third.click(f".question:has(.note-text:text-is('{QUESTION}')) button.upvote")
    projector.wait_for_selector(".question-votes")
    first = projector.locator(".questions .question .note-text").first
    assert first.inner_text() == other  # 2 upvotes before 1
    assert "2-mal unterstützt" in projector.inner_text(".questions")

    # the facilitator answers the asker's question: big on the projector, marked on phones
    item = control.locator(f".questions-control .question:has(.note-text:text-is('{QUESTION}'))")
    item.locator("button:has-text('Jetzt beantworten')").click()
    projector.wait_for_selector(f".question-now .question-now-text:text-is('{QUESTION}')")
    assert "Wird beantwortet" in projector.inner_text(".question-now")
    expect_no_axe_violations(projector, "projector with the question being answered")
    if os.environ.get("PROJECTOR_SHOTS"):  # a folder: screenshots of the phone and control page
        voter.screenshot(path=f"{os.environ['PROJECTOR_SHOTS']}/qa-phone.png", full_page=True)
        control.screenshot(path=f"{os.environ['PROJECTOR_SHOTS']}/qa-control.png", full_page=True)
    expect_no_axe_violations(control, "control page of a Q&A step")
    voter.wait_for_selector(".question-answering .question-status:text-is('Wird beantwortet')")
    item.locator("button:has-text('Als beantwortet markieren')").click()
    projector.wait_for_selector(".question-now", state="detached")
    last = voter.locator(".questions .question").last
    last.locator(".question-status:text-is('Beantwortet')").wait_for()
    assert QUESTION in last.inner_text()  # answered ones after the open ones
    assert [m for m in console if "Content Security Policy" in m] == []
    desk.close()
