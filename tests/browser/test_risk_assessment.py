"""A risk assessment in Chromium: three phones in different groups answer a check and rate two
hazards on the matrix; the projector places them as computed; a proposed measure goes into the
action plan; the PDF and XLSX hold the same numbers. axe-core checks every page on the way."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from tests.browser.conftest import open_workshop, watch
from tests.browser.test_workshop import PHONE, expect_no_axe_violations, join_by_code
from tests.realserver.server import LiveServer

pytestmark = pytest.mark.browser
GROUPS = ("Beschäftigte", "Führungskräfte", "Betriebsrat")
# each phone's (likelihood, severity) per hazard; medians: 3 and 4 (figure 6, "hoch") and
# 1 and 2 (figure 2, "gering")
RATINGS = {
    "Fehlerhafte Ergebnisse": ((4, 4), (3, 4), (2, 1)),
    "Datenabfluss": ((1, 2), (2, 2), (1, 3)),
}


def item(page: Any, text: str) -> Any:
    return page.locator(f"#step .item:has(.item-text:text-is('{text}'))")


def test_risk_assessment_with_three_phones(browser: Any, server: LiveServer) -> None:
    url = server.url
    desk, control, projector, code, console = open_workshop(
        browser, server, "risiko-mini", "KI im Angebotswesen"
    )

    phones = []
    for group in GROUPS:
        phone = watch(browser.new_context(**PHONE).new_page(), console)
        join_by_code(phone, url, code, group)
        phones.append(phone)

    # the check: two of three say there is no plan B
    control.click("#steps button:has-text('Prüffragen')")
    for index, phone in enumerate(phones):
        phone.wait_for_selector("#step .item")
        for statement in (
            "KI-Vorschläge können übernommen, geändert oder verworfen werden.",
            "Das System vergleicht keine Leistungen.",
        ):
            item(phone, statement).locator("label:has-text('Ja')").click()
        answer = "Nein" if index < 2 else "Ja"
        item(phone, "Bei Ausfall gibt es einen Plan B.").locator(
            f"label:has-text('{answer}')"
        ).click()
        phone.wait_for_selector("text=Beantwortet: 3 von 3")
    expect_no_axe_violations(phones[0], "participant check")
    projector.wait_for_selector("text=3 haben geantwortet")
    expect_no_axe_violations(control, "control page, check")
    # by group: nothing while input is open; once closed, withheld all the same, because each
    # group has one person (threshold 3) – the control page says why, and shows no group table
    control.wait_for_selector(".withheld-note:has-text('erst nach dem Schließen')")
    control.click("button:has-text('Eingabe schließen')")
    control.wait_for_selector(".withheld-note:has-text('weniger als 3 Personen')")
    assert control.locator(".group-table").count() == 0
    expect_no_axe_violations(control, "control page, groups withheld")

    # the rating: the unmet statement was taken over; two hazards are rated
    control.click("#steps button:has-text('Bewerten')")
    for phone in phones:
        phone.wait_for_selector("#step .item .scale-likelihood")
    assert item(phones[0], "Nicht erfüllt: Bei Ausfall gibt es einen Plan B.").count() == 1
    for hazard, ratings in RATINGS.items():
        for phone, (likelihood, severity) in zip(phones, ratings, strict=True):
            card = item(phone, hazard)
            card.locator(f".scale-likelihood label:has-text('{likelihood} ·')").click()
            card.locator(f".scale-severity label:has-text('{severity} ·')").click()
    for phone in phones:
        phone.wait_for_selector("text=Beantwortet: 2 von 3")
    expect_no_axe_violations(phones[1], "participant rating")
    # one phone changes its mind and back: counted once
    card = item(phones[2], "Datenabfluss")
    card.locator(".scale-severity label:has-text('4 ·')").click()
    card.locator(".scale-severity label:has-text('3 ·')").click()
    projector.wait_for_selector("text=3 haben geantwortet")
    assert projector.locator(".risk-matrix").count() == 0  # hidden until revealed

    control.click("button:has-text('Ergebnisse zeigen')")
    projector.wait_for_selector(".risk-matrix")
    assert projector.locator("td[data-cell='3-4'] .marker").all_inner_texts() == ["1"]
    assert projector.locator("td[data-cell='1-2'] .marker").all_inner_texts() == ["2"]
    assert projector.locator(".marker").count() == 2  # the unrated hazard is not placed
    first = projector.locator(".hazards .hazard").nth(0).inner_text()
    assert "Fehlerhafte Ergebnisse" in first
    assert "hoch (6)" in first
    assert "Wahrscheinlichkeit 3 (2–4)" in first
    expect_no_axe_violations(projector, "projector matrix")
    expect_no_axe_violations(control, "control page, rating")

    # measures: a phone proposes one for the prioritised hazard; it goes into the plan
    control.click("#steps button:has-text('Maßnahmen')")
    phones[0].wait_for_selector("#note-column")
    assert phones[0].locator("#note-column option").all_inner_texts() == ["Fehlerhafte Ergebnisse"]
    phones[0].fill("#note-text", "T: Vier-Augen-Prinzip für Angebote")
    phones[0].click(".note-form button[type=submit]")
    phones[0].wait_for_selector(
        ".own-notes .note-text:text-is('T: Vier-Augen-Prinzip für Angebote')"
    )
    expect_no_axe_violations(phones[0], "participant measures")
    proposal = control.locator(".note:has-text('Vier-Augen-Prinzip')")
    assert proposal.locator("select[name=stop_type]").input_value() == "T"  # from the prefix
    note_id = proposal.locator("form.to-action input[name=note_id]").input_value()
    with control.expect_response(lambda r: r.url.endswith("/notes/to-action")) as posted:
        proposal.locator("button:has-text('In den Maßnahmenplan')").click()
    assert posted.value.json()["ok"]
    proposal.locator("text=Im Maßnahmenplan (übernommen)").wait_for()
    assert proposal.locator("form.to-action").count() == 0  # no button once taken over
    again = control.request.post(  # a second click already on its way adds nothing
        control.url + "/notes/to-action",
        form={"note_id": note_id, "csrf_token": control.get_attribute("#app", "data-csrf")},
        headers={"Accept": "application/json"},
    )
    assert again.ok, again.text()
    plan = desk.new_page()
    plan.goto(control.url + "/action-plan")
    assert plan.locator(".action-row").count() == 1
    heading = plan.wait_for_selector(".action-row h2").inner_text()
    assert re.fullmatch(r"Maßnahme \d+\.1\.1", heading), heading  # hazard 1's first measure
    assert plan.locator("select[name$='stop_type']").first.input_value() == "T"
    assert plan.locator("textarea[name$='measure']").first.input_value() == (
        "Vier-Augen-Prinzip für Angebote"
    )
    plan.fill("input[name$='responsible'] >> nth=0", "Teamleitung")
    plan.click(".action-row button:has-text('Speichern')")
    plan.wait_for_selector("text=Der Maßnahmenplan wurde gespeichert.")
    expect_no_axe_violations(plan, "action plan")

    # the exports hold the same numbers as the projector
    base = control.url
    xlsx = desk.request.get(base + "/report.xlsx")
    assert xlsx.ok
    book = openpyxl.load_workbook(io.BytesIO(xlsx.body()))
    risk = next(sheet for sheet in book.worksheets if sheet.title.startswith("3 "))
    rows = {row[1]: row for row in risk.iter_rows(values_only=True)}
    assert rows["Fehlerhafte Ergebnisse"][4:8] == (3, "3 (2–4)", "4 (1–4)", "hoch (6)")
    assert rows["Datenabfluss"][4:8] == (3, "1 (1–2)", "2 (2–3)", "gering (2)")
    plan_rows = list(book["Maßnahmenplan"].iter_rows(values_only=True))
    assert plan_rows[1][1:3] == ("Fehlerhafte Ergebnisse", "Vier-Augen-Prinzip für Angebote")
    assert plan_rows[1][5] == "Teamleitung"
    pdf = desk.request.get(base + "/report.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body())).pages)
    for expected in ("hoch (6)", "3 (2–4)", "gering (2)", "Vier-Augen-Prinzip für Angebote"):
        assert expected in text, expected
    assert [m for m in console if "Content Security Policy" in m] == []
    desk.close()


def test_traffic_light_asks_the_templates_question(browser: Any, server: LiveServer) -> None:
    """The phone asks the template's question with its labels, the projector's bar uses the
    same labels: what is rated and how it is asked agree (issue 12 item 8)."""
    _desk, control, projector, code, console = open_workshop(
        browser, server, "risiko-mini", "Ampel"
    )
    phone = watch(browser.new_context(**PHONE).new_page(), console)
    join_by_code(phone, server.url, code, GROUPS[0])
    control.click("#steps button:has-text('Belastung')")
    phone.wait_for_selector("#step .item .scale-light")
    light = item(phone, "Höheres Arbeitstempo").locator(".scale-light")
    assert light.locator("legend").inner_text() == "Wie stark belastet das?"
    assert light.locator("label").all_inner_texts() == [
        "Grün: gering",
        "Gelb: mittel",
        "Rot: stark",
    ]
    light.locator("label:has-text('Rot: stark')").click()
    phone.wait_for_selector("text=Beantwortet: 1 von 1")
    control.click("button:has-text('Ergebnisse zeigen')")
    # one rating is fewer than the threshold of 3: the projector says so instead of a bar
    projector.wait_for_selector(".lights .withheld")
    for _ in range(2):
        other = watch(browser.new_context(**PHONE).new_page(), console)
        join_by_code(other, server.url, code, GROUPS[1])
        other.wait_for_selector("#step .item .scale-light")
        item(other, "Höheres Arbeitstempo").locator("label:has-text('Rot: stark')").click()
        other.wait_for_selector("text=Beantwortet: 1 von 1")
    projector.wait_for_selector(".lights .stack")
    assert projector.locator(".lights .seg-red").get_attribute("title") == "Rot: stark: 3"
    assert "Gestaltungsziel" not in phone.inner_text("#step")
    assert not [line for line in console if "error" in line.lower()], console
