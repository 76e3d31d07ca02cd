"""A readiness check in Chromium: three phones answer a scale, the projector shows the dimension
profile, and the XLSX export holds the same numbers. axe-core checks the pages."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from tests.browser.conftest import open_workshop, watch
from tests.browser.test_workshop import PHONE, expect_no_axe_violations, join_by_code
from tests.realserver.server import LiveServer

pytestmark = pytest.mark.browser
# each phone's answers to "digital", "scattered" (reversed) and "mistakes" on the 1–4 scale
ANSWERS = ((4, 1, 2), (3, 2, 3), (4, 1, 1))


def test_readiness_check_with_three_phones(browser: Any, server: LiveServer) -> None:
    url = server.url
    desk, control, projector, code, console = open_workshop(
        browser, server, "umfrage-mini", "Wo stehen wir?"
    )

    phones = []
    for group in ("Beschäftigte", "Führungskräfte", "Betriebsrat"):
        phone = watch(browser.new_context(**PHONE).new_page(), console)
        join_by_code(phone, url, code, group)
        phones.append(phone)

    for phone, values in zip(phones, ANSWERS, strict=True):
        phone.wait_for_selector("#step .item .scale-answer")
        for index, value in enumerate(values):
            phone.locator("#step .item").nth(index).locator(f"label:has-text('{value} ·')").click()
            # each answer is counted, one by one (test_phone_redraw covers taps during redraws)
            phone.wait_for_selector(f"text=Beantwortet: {index + 1} von 3")
    expect_no_axe_violations(phones[0], "participant scale")
    projector.wait_for_selector("text=3 haben geantwortet")
    assert projector.locator(".profile").count() == 0  # hidden until revealed

    control.click("button:has-text('Ergebnisse zeigen')")
    projector.wait_for_selector(".profile .bar")
    bars = projector.locator(".profile .bar")
    # Daten: 4, 3, 4 and the reversed 1, 2, 1 → 4, 3, 4: mean 3.7; Kultur: 2, 3, 1 → 2.0
    assert bars.nth(0).inner_text().split("\n") == ["Daten", "3,7"]
    assert bars.nth(1).inner_text().split("\n") == ["Kultur", "2,0"]
    expect_no_axe_violations(projector, "projector profile")
    expect_no_axe_violations(control, "control page, scale")

    xlsx = desk.request.get(control.url + "/report.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.body()))
    rows = list(
        next(s for s in book.worksheets if s.title.startswith("1 ")).iter_rows(values_only=True)
    )
    mean = rows[0].index("Mittelwert")
    # typed numbers (shown with one decimal by the cell's number format)
    assert (rows[1][0], round(rows[1][mean], 1)) == ("Daten", 3.7)
    assert (rows[2][0], rows[2][mean]) == ("Kultur", 2.0)
    assert [m for m in console if "Content Security Policy" in m] == []
    desk.close()
