"""Rank orders and 2x2 placements over Socket.IO and in the report: a whole order saved at once
(an incomplete one refused, a resend counted once), figures only from k people on, by group
only once input is closed, and the report's sections in HTML and JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from flask import Flask, g
from sqlalchemy import func, select

from facilitator.extensions import db
from facilitator.sessions.models import Answer, WorkshopSession
from tests.conftest import connect_socket, join_as, received
from tests.web.test_assessment_live import control, phone
from tests.web.test_assessment_report import SCHEMA
from tests.web.test_reports import download
from tests.web.test_surveys_live import goto

Factory = Callable[..., Any]
JSON = {"Accept": "application/json"}


@pytest.fixture
def ws(make_session: Factory) -> WorkshopSession:
    return make_session(template="neue-arten", anonymity_threshold=3)


def rank(socket: Any, step_id: int, order: list[int], key: str) -> Any:
    payload = {"step_id": step_id, "order": ",".join(map(str, order)), "key": key}
    return socket.emit("rank:set", payload, callback=True)


def place(socket: Any, step_id: int, item_id: int, axis: str, value: int, key: str) -> Any:
    payload = {"step_id": step_id, "item_id": item_id, "dimension": axis, "value": value}
    return socket.emit("answer:set", {**payload, "key": key}, callback=True)


def answers(dimension: str) -> int:
    query = select(func.count()).select_from(Answer).where(Answer.dimension == dimension)
    return db.session.scalar(query) or 0


def test_a_rank_order_end_to_end(app: Flask, ws: WorkshopSession) -> None:
    client, facilitator = control(app, ws)
    step = goto(client, ws, "prioritaeten")
    phones = [phone(app, ws, "Beschäftigte") for _ in range(2)]
    shown = received(phones[0], "session:state")[-1]
    assert shown["step"]["input"] == "order"
    schulung, regeln, pilot = (item["id"] for item in shown["items"])
    # a ranking is saved whole: one option missing, one twice, or one of another step: refused
    for bad in ([schulung, regeln], [schulung, regeln, regeln], [schulung, regeln, 99999]):
        refused = rank(phones[0], step.id, bad, f"bad-{len(bad)}-{bad[-1]}")
        assert refused["ok"] is False
    assert answers("rank") == 0
    first = rank(phones[0], step.id, [regeln, schulung, pilot], "order-00001")
    assert first["ok"]
    again = rank(phones[0], step.id, [regeln, schulung, pilot], "order-00001")
    assert again.get("duplicate")  # resent with the same key: counted once
    assert answers("rank") == 3
    mine = received(phones[0], "me:state")[-1]["answers"]
    assert mine[str(regeln)] == {"rank": 1}
    assert rank(phones[1], step.id, [schulung, regeln, pilot], "order-00002")["ok"]
    # two people: below k = 3, nothing of the figures
    rows = received(facilitator, "session:state")[-1]["ranks"]
    assert all(row["result"].get("too_few") for row in rows)
    third = phone(app, ws, "Führungskräfte")
    assert rank(third, step.id, [regeln, pilot, schulung], "order-00003")["ok"]
    # a changed mind replaces the earlier order (still three people)
    assert rank(phones[1], step.id, [regeln, schulung, pilot], "order-00004")["ok"]
    assert answers("rank") == 9
    rows = received(facilitator, "session:state")[-1]["ranks"]
    assert [row["item_id"] for row in rows] == [regeln, schulung, pilot]
    assert rows[0]["result"]["mean"] == 1.0
    assert rows[0]["result"]["borda"] == 6
    assert rows[0]["result"]["groups"] == []  # input open: totals only
    g.pop("_login_user", None)
    projector = received(connect_socket(app, client, ws, "projector"), "session:state")[-1]
    assert "groups" not in projector["ranks"][0]["result"]  # the projector: totals only
    assert [row["rank"] for row in projector["ranks"]] == [1, 2, 3]
    client.post(f"/sessions/{ws.id}/input/close", headers=JSON)
    rows = received(facilitator, "session:state")[-1]["ranks"]
    assert rows[0]["result"]["groups"] == []  # one manager: too few for a column or a pool
    g.pop("_login_user", None)
    page = client.get(f"/sessions/{ws.id}/report").text
    assert "Borda" in page
    assert "Regeln" in page
    archive = json.loads(download(client, ws, "json"))
    jsonschema.validate(archive, SCHEMA)
    section = next(s for s in archive["steps"] if s["kind"] == "rank_order")
    types = [block["type"] for block in section["blocks"]]
    assert types == ["text", "text", "ranking", "table"]
    assert section["blocks"][2]["bars"][0]["label"] == "Regeln"


def test_a_2x2_end_to_end(app: Flask, ws: WorkshopSession) -> None:
    client, facilitator = control(app, ws)
    step = goto(client, ws, "einordnen")
    phones = [phone(app, ws, "Beschäftigte") for _ in range(3)]
    shown = received(phones[0], "session:state")[-1]
    assert shown["step"]["input"] == "placement"
    assert shown["step"]["points"] == 5
    chatbot, dienstplan = (item["id"] for item in shown["items"])
    assert place(phones[0], step.id, chatbot, "x", 6, "too-high-1")["ok"] is False
    for index, socket in enumerate(phones):
        assert place(socket, step.id, chatbot, "x", 1 + index, f"cx-{index}-0000")["ok"]
        assert place(socket, step.id, chatbot, "y", 5, f"cy-{index}-0000")["ok"]
    assert place(phones[0], step.id, dienstplan, "x", 4, "dx-0-00000")["ok"]
    rows = received(facilitator, "session:state")[-1]["placements"]
    first = rows[0]["result"]
    assert (first["x"]["median"], first["y"]["median"], first["quadrant"]) == (2.0, 5.0, "top_left")
    assert rows[1]["result"]["too_few"]  # one person placed the rota
    assert rows[0]["result"]["groups"] == []  # input open: totals only
    managers = [phone(app, ws, "Führungskräfte") for _ in range(3)]
    for index, socket in enumerate(managers):
        assert place(socket, step.id, chatbot, "x", 5, f"mx-{index}-0000")["ok"]
    client.post(f"/sessions/{ws.id}/input/close", headers=JSON)
    first = received(facilitator, "session:state")[-1]["placements"][0]["result"]
    assert first["x"]["median"] == 4.0  # 1, 2, 3, 5, 5, 5: between the middle values
    assert first["quadrant"] == "top_right"
    by_group = {g["name"]: (g["x"]["median"], g["y"]) for g in first["groups"]}
    assert by_group == {
        "Beschäftigte": (2.0, {"n": 3, "median": 5.0, "low": 5, "high": 5}),
        "Führungskräfte": (5.0, None),  # they placed it on one axis only
    }
    g.pop("_login_user", None)
    page = client.get(f"/sessions/{ws.id}/report").text
    assert "Schnell umsetzen" in page
    assert "quadrant-chart" in page
    archive = json.loads(download(client, ws, "json"))
    jsonschema.validate(archive, SCHEMA)
    section = next(s for s in archive["steps"] if s["kind"] == "matrix2x2")
    assert [block["type"] for block in section["blocks"]] == ["text", "quadrant", "table"]
    assert section["blocks"][1]["items"] == [{"number": 1, "text": "Chatbot", "x": 4.0, "y": 5.0}]
    table = section["blocks"][2]
    assert table["header"][-2:] == ["Mediane: Beschäftigte", "Mediane: Führungskräfte"]


def test_a_dimension_of_another_kind_is_refused(app: Flask, ws: WorkshopSession) -> None:
    """The answer payload takes every kind's dimensions, the step only its own kind's: a
    rating's axis or a ranking's place on a 2x2 is refused in the workshop's language, and
    nothing is written; a name no kind declares is refused by the form."""
    client, _facilitator = control(app, ws)
    step = goto(client, ws, "einordnen")
    socket = phone(app, ws, "Beschäftigte")
    chatbot = received(socket, "session:state")[-1]["items"][0]["id"]
    for foreign in ("likelihood", "rank", "c1"):
        refused = place(socket, step.id, chatbot, foreign, 1, f"foreign-{foreign}")
        assert refused["ok"] is False
        assert refused["error"] == "ValueOutOfRange"
        assert refused["message"] == "Diese Antwort gehört nicht zu den Auswahlmöglichkeiten."
        assert answers(foreign) == 0
    unknown = place(socket, step.id, chatbot, "zz", 1, "unknown-dimension")
    assert unknown["ok"] is False
    assert "dimension" in unknown["errors"]


def test_the_kinds_scripts_and_strings_reach_the_live_pages(
    app: Flask, ws: WorkshopSession
) -> None:
    """The phone page loads the scripts the kinds list and carries their strings in the
    workshop's language, plural forms included, beside the page's own."""
    client = app.test_client()
    join_as(client, ws)
    page = client.get(f"/p/{ws.join_code}").text
    assert "js/ranking.js" in page
    assert "js/placement.js" in page
    found = re.search(r'<script type="application/json" id="strings">(.*?)</script>', page, re.S)
    assert found
    strings = json.loads(found.group(1))
    assert strings["add_note"] == "Karte hinzufügen"  # the page's own
    assert strings["rank_save"] == "Reihenfolge speichern"
    assert strings["quadrant_figures"] == {
        "one": "Median {x} / {y} · {where} · {n} Antwort",
        "other": "Median {x} / {y} · {where} · {n} Antworten",
    }
