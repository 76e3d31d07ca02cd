"""The HTML report printed by Chromium (its own PDF printing): every column of the wide action
plan and hazard list on paper, wide tables on landscape pages, tables focusable on screen."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from tests.conftest import login
from tests.web.test_assessment_report import assessed  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

Factory = Callable[..., Any]
STATIC = Path(__file__).resolve().parents[2] / "facilitator" / "static"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ORIGIN = "http://report.test"


def test_printed_html_report_shows_every_column(
    browser: Any,
    client: FlaskClient,
    assessed: Any,  # noqa: F811
) -> None:
    owner, ws = assessed
    login(client, owner)
    html = client.get(f"/sessions/{ws.id}/report").text
    page = browser.new_page()

    def serve(route: Any) -> None:
        path = route.request.url.removeprefix(ORIGIN).split("?", 1)[0]  # static URLs carry ?v=
        if path.startswith("/static/"):
            route.fulfill(path=str(STATIC / path.removeprefix("/static/")))
        else:
            route.fulfill(body=html, content_type="text/html; charset=utf-8")

    page.route(f"{ORIGIN}/**", serve)
    page.goto(f"{ORIGIN}/report")
    regions = page.locator(".table-scroll")
    assert regions.count() >= 3
    assert all(
        regions.nth(i).get_attribute("tabindex") == "0"
        and regions.nth(i).get_attribute("aria-label")
        for i in range(regions.count())
    )
    body = page.pdf(prefer_css_page_size=True, print_background=True)
    page.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "html-print.pdf").write_bytes(body)
    reader = PdfReader(io.BytesIO(body))
    text = "\n".join(p.extract_text() for p in reader.pages)
    flat = " ".join(text.split())
    # the action plan's last columns, which a scrolled table used to clip
    for header in ("Wirksamkeitskontrolle", "Status", "Priorität", "Ende", "31.03.2027"):
        assert header in flat.replace("- ", "").replace("\u00ad", ""), header
    assert "Vier-Augen-Prinzip" in flat
    assert any(p.mediabox.width > p.mediabox.height for p in reader.pages)  # landscape @page
    assert any(p.mediabox.width < p.mediabox.height for p in reader.pages)
