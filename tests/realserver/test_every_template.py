"""Every shipped template runs end to end on the real server.

One server process (gevent) serves all templates in `exercises/`. For each template the
facilitator creates a session; nine phones join in three groups (python-socketio over
WebSocket); the facilitator walks through every step; the phones answer every step kind with
plausible answers; the facilitator reveals results and takes hazards over where the template
does; finally every report format is downloaded. The test fails on any refused answer, any
step with input that no phone could answer, any traceback in the server log and any empty
report section. It asserts that sections have content, never exact per-group figures (when
group breakdowns are shown is decided elsewhere).
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from facilitator.catalog import Catalog
from facilitator.kinds import KINDS
from tests.realserver.phones import Phone, disconnect_all
from tests.realserver.server import (
    LiveServer,
    csrf_token,
    facilitator_login,
    live_server,
    wait_for,
)

pytestmark = pytest.mark.realserver

EXERCISES = Path(__file__).resolve().parents[2] / "exercises"
SLUGS = sorted(template.slug for template in Catalog.load(EXERCISES, KINDS))
GROUPS = ("Beschäftigte", "Führungskräfte", "Betriebsrat")
PHONES_PER_GROUP = 3
FORMATS = ("pdf", "docx", "xlsx", "csv", "json")
NO_INPUT = {"info"}
TIMINGS: dict[str, float] = {}
# Phones here answer a 30-hazard matrix in a second; people need minutes. The per-participant
# event limit (40 per 10 s) is raised so that it measures nothing but the test's own speed.
SERVER_ENV = {
    "FACILITATOR_EXERCISES_DIR": str(EXERCISES),
    "FACILITATOR_RATE_LIMITS": json.dumps(
        {"join": [30, 60], "login": [10, 300], "events": [100_000, 10]}
    ),
}
# Each disconnect waits for the server's close handshake (about a second); the phones of one
# template hang up in the background while the next template runs.
HANGING_UP: list[Future[None]] = []
HANGUP: list[ThreadPoolExecutor] = []
WORDS = ("Bilderkennung", "Prognose", "Chatbot", "Datenschutz", "Übersetzung", "Entlastung")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server for all templates: starting one per template would cost more than the run."""
    folder = tmp_path_factory.mktemp("every-template")
    with live_server(folder, "gevent", SERVER_ENV) as live, ThreadPoolExecutor(2) as hangup:
        # this server's executor and futures only: under pytest-xdist a worker may come back
        # to this module after another one, and set this fixture up again
        HANGUP[:] = [hangup]
        HANGING_UP.clear()
        yield live
        for done in HANGING_UP:
            done.result(timeout=60)
    assert "Traceback" not in live.log.read_text(), live.log.read_text()[-4000:]
    total = sum(TIMINGS.values())
    print(f"\nevery template end to end: {len(TIMINGS)} templates in {total:.1f}s")


class Facilitator:
    """The control page's HTTP calls, with the CSRF token read once per session."""

    def __init__(self, url: str, slug: str) -> None:
        self.url = url
        self.browser = facilitator_login(url)
        page = self.browser.get(f"{url}/sessions/new", timeout=10).text
        response = self.browser.post(
            f"{url}/sessions/new",
            data={
                "csrf_token": csrf_token(page),
                "template": slug,
                "title": f"Durchlauf {slug}",
                "organisation": "Tischlerei Beispiel GmbH",
                "language": "de",
                "groups": "\n".join(GROUPS),
                "anonymity_threshold": "3",
                "retention_days": "30",
            },
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text[:2000]
        self.ws_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
        self.token = csrf_token(self.browser.get(f"{url}/sessions/{self.ws_id}", timeout=10).text)

    def control(self, path: str, **data: Any) -> int:
        """Post a control; returns the revision it produced."""
        response = self.browser.post(
            f"{self.url}/sessions/{self.ws_id}/{path}",
            data={"csrf_token": self.token, **{k: str(v) for k, v in data.items()}},
            headers={"Accept": "application/json"},
            timeout=15,
        )
        assert response.json()["ok"], f"{path}: {response.text[:2000]}"
        return int(response.json()["revision"])

    def state(self) -> dict[str, Any]:
        response = self.browser.get(f"{self.url}/sessions/{self.ws_id}/state.json", timeout=15)
        assert response.status_code == 200
        return response.json()  # type: ignore[no-any-return]


# --- plausible answers, per step kind ------------------------------------------------------


class Answers:
    """One phone's answers to the step it shows; every refusal fails the test."""

    def __init__(self, phone: Phone, number: int, slug: str) -> None:
        self.phone = phone
        self.number = number  # 0 … 8: groups are number % 3
        self.slug = slug
        self.sent = 0

    def _call(self, event: str, payload: dict[str, Any]) -> dict[str, Any]:
        self.sent += 1
        payload["key"] = f"{self.slug[:20]}-{self.number}-{self.sent:05d}"
        ack = self.phone.call(event, payload)
        assert ack.get("ok"), f"{self.slug}: {event} {payload} refused: {ack}"
        return ack

    def answer(self, event: str, step_id: int, item_id: int, dimension: str, value: int) -> None:
        self._call(
            event,
            {"step_id": step_id, "item_id": item_id, "dimension": dimension, "value": value},
        )

    def run(self, state: dict[str, Any]) -> int:
        """Answer the shown step; returns how many answers were acknowledged."""
        step = state["step"]
        kind = step["kind"]
        handler: Callable[[dict[str, Any], dict[str, Any]], None] = getattr(self, f"_{kind}")
        before = self.sent
        handler(step, state)
        return self.sent - before

    def _notes(self, step: dict[str, Any], state: dict[str, Any]) -> None:
        columns = [column["key"] for column in state["columns"]]
        assert columns, f"{self.slug}: {step['key']} has no column to write into"
        short = step.get("max_note_length", 280) < 60  # a word cloud: one to three words
        for n in range(2):
            column = columns[(self.number + n) % len(columns)]
            text = (
                WORDS[(self.number + n) % len(WORDS)]
                if short
                else f"Beispiel {self.number + 1}.{n + 1}: Ablauf in der Werkstatt prüfen"
            )
            self._call("note:add", {"step_id": step["id"], "column": column, "text": text})

    _board = _canvas = _actions = _notes

    def _qa(self, step: dict[str, Any], state: dict[str, Any]) -> None:
        """Ask one question, then upvote one of someone else's once it reaches this phone."""
        columns = [column["key"] for column in state["columns"]]
        assert columns, f"{self.slug}: {step['key']} has no addressee"
        column = columns[self.number % len(columns)]
        text = f"Frage {self.number + 1}: Wer entscheidet, wofür die KI genutzt wird?"
        own = self._call("note:add", {"step_id": step["id"], "column": column, "text": text})

        def others() -> list[int]:
            shown = self.phone.state.get("questions") or []
            return [q["id"] for q in shown if q["id"] != own["id"]]

        wait_for(lambda: bool(others()), 20, f"{self.slug}: another phone's question")
        self._call("question:upvote", {"note_id": others()[0]})

    def _dot_vote(self, step: dict[str, Any], state: dict[str, Any]) -> None:
        allowed = {column["key"] for column in state["columns"]}
        notes = [note["id"] for note in state["notes"] if note["column"] in allowed]
        assert notes, f"{self.slug}: {step['key']} has no note to vote on"
        budget, per_note = step["budget"], step["max_per_note"]
        for n in range(budget):
            note = notes[(self.number + n // per_note) % len(notes)]
            self._call("vote:cast", {"note_id": note})

    def _check(self, step: dict[str, Any], state: dict[str, Any]) -> None:
        # a third of the statements mostly Ja, a third with many Nein (taken over as
        # hazards), a third partly "trifft nicht zu"
        for index, item in enumerate(state["items"]):
            share = index % 3
            if share == 0:
                value = 2 if self.number == 0 else 1
            elif share == 1:
                value = 2 if self.number < 5 else 1
            else:
                value = 3 if self.number < 2 else 1
            self.answer("answer:set", step["id"], item["id"], "answer", value)

    def _risk(self, step: dict[str, Any], state: dict[str, Any]) -> None:
        for index, item in enumerate(state["items"]):
            if (index + self.number) % 3 == 2:
                continue  # a third skips what they cannot judge
            if step["mode"] == "traffic_light":
                light = 3 if index % 2 == 0 and self.number % 3 else 1 + (index + self.number) % 3
                self.answer("answer:set", step["id"], item["id"], "light", light)
            else:
                likelihood = len(step["matrix"]["likelihood"])
                severity = len(step["matrix"]["severity"])
                high = index % 2 == 0
                self.answer(
                    "answer:set",
                    step["id"],
                    item["id"],
                    "likelihood",
                    likelihood if high else 1 + self.number % likelihood,
                )
                self.answer(
                    "answer:set",
                    step["id"],
                    item["id"],
                    "severity",
                    severity - (self.number % 2) if high else 1 + index % severity,
                )

    def _scale(self, step: dict[str, Any], state: dict[str, Any]) -> None:
        dimensions = ["v1", "v2"] if step.get("variants") else ["answer"]
        points = step["points"]
        for index, item in enumerate(state["items"]):
            for offset, dimension in enumerate(dimensions):
                value = 1 + (index + self.number + 2 * offset) % points
                if step["no_answer"] and (index + self.number) % 7 == 6:
                    value = points + 1  # "keine Angabe"
                self.answer("answer:set", step["id"], item["id"], dimension, value)

    def _poll(self, step: dict[str, Any], state: dict[str, Any]) -> None:
        (item,) = state["items"]
        options = len(step["options"])
        if not step.get("multiple"):
            choice = 1 + (self.number % options)
            self.answer("answer:set", step["id"], item["id"], "choice", choice)
            return
        most = min(step.get("max_choices") or options, options, 2)
        for n in range(most):
            dimension = f"c{1 + (self.number + n) % options}"
            self.answer("answer:set", step["id"], item["id"], dimension, 1)

    _quiz = _poll

    def _weighted(self, step: dict[str, Any], state: dict[str, Any]) -> None:
        criteria = state["items"]
        weights = [0] * len(criteria)
        for n in range(step["budget"]):
            weights[(self.number + n * (1 + self.number % 2)) % len(criteria)] += 1
        for index, item in enumerate(criteria):
            if weights[index]:
                self.answer("answer:set", step["id"], item["id"], "weight", weights[index])
            for option in range(len(step["options"])):
                rating = 1 + (index + option + self.number) % step["points"]
                self.answer("answer:set", step["id"], item["id"], f"o{option + 1}", rating)

    def _rank_order(self, step: dict[str, Any], state: dict[str, Any]) -> None:
        """The whole order at once, each phone starting from another option."""
        ids = [item["id"] for item in state["items"]]
        shift = self.number % len(ids)
        order = ids[shift:] + ids[:shift]
        self._call("rank:set", {"step_id": step["id"], "order": ",".join(map(str, order))})

    def _matrix2x2(self, step: dict[str, Any], state: dict[str, Any]) -> None:
        points = step["points"]
        for index, item in enumerate(state["items"]):
            x = 1 + (index + self.number) % points
            y = 1 + (2 * index + self.number) % points
            self.answer("answer:set", step["id"], item["id"], "x", x)
            self.answer("answer:set", step["id"], item["id"], "y", y)


# --- the run -------------------------------------------------------------------------------


def on_every_phone(phones: list[Phone], position: int) -> None:
    wait_for(
        lambda: all(p.state.get("step", {}).get("position") == position for p in phones),
        20,
        f"step {position + 1} on every phone",
    )


def take_over_where_the_template_does(facilitator: Facilitator, phones: list[Phone]) -> None:
    """A risk step takes the first two board notes in (unmet statements come by themselves);
    an actions step gets a rated hazard if none was prioritised."""
    state = facilitator.state()
    step = state["step"]
    candidates = [c for c in state.get("candidates", []) if not c["taken"]]
    wanted = []
    if step["kind"] == "risk":
        wanted = [c for c in candidates if c["origin"] == "note"][:2]
    elif step["kind"] == "actions" and not state["columns"]:
        wanted = candidates[:2]
    revision = 0
    for candidate in wanted:
        revision = facilitator.control(
            "items/take", step_id=step["id"], origin=candidate["origin"], source_id=candidate["id"]
        )
    if wanted:  # the first flush after the last control holds it, with a newer revision
        wait_for(
            lambda: all(p.state.get("revision", 0) > revision for p in phones),
            20,
            "the taken-over items on every phone",
        )


def run_template(server: LiveServer, slug: str) -> None:
    facilitator = Facilitator(server.url, slug)
    code = facilitator.state()["session"]["code"]
    count = len(GROUPS) * PHONES_PER_GROUP
    with ThreadPoolExecutor(max_workers=count) as joining:
        phones = list(
            joining.map(
                lambda n: Phone(server.url, facilitator.ws_id, code, GROUPS[n % 3]), range(count)
            )
        )
    answers = [Answers(phone, n, slug) for n, phone in enumerate(phones)]
    try:
        with ThreadPoolExecutor(max_workers=count) as pool:
            steps = facilitator.state()["steps"]
            for step in steps:
                position, kind = step["position"], step["kind"]
                if position:
                    facilitator.control("goto", position=position)
                on_every_phone(phones, position)
                if kind in ("risk", "actions"):
                    take_over_where_the_template_does(facilitator, phones)
                if kind in NO_INPUT:
                    continue
                states = [phone.state for phone in phones]
                given = list(
                    pool.map(lambda pair: pair[0].run(pair[1]), zip(answers, states, strict=True))
                )
                assert all(given), f"{slug}: a phone could not answer step {position + 1}"
                if kind == "actions":
                    proposal = next(n for n in facilitator.state()["notes"])
                    facilitator.control("notes/to-action", note_id=proposal["id"])
                if kind == "qa":  # the most upvoted question is answered, then the next
                    first, second = facilitator.state()["questions"][:2]
                    facilitator.control("questions/status", note_id=first["id"], status="answering")
                    facilitator.control(
                        "questions/status", note_id=second["id"], status="answering"
                    )
                facilitator.control("input/close")
                facilitator.control("results/reveal")
        check_reports(facilitator, slug, steps)
    finally:
        facilitator.browser.close()
        HANGING_UP.append(HANGUP[0].submit(hang_up, phones))


def hang_up(phones: list[Phone]) -> None:
    disconnect_all([phone.client for phone in phones])
    for phone in phones:
        phone.http.close()


def section_content(step: dict[str, Any]) -> bool:
    """Whether a report section has what its kind should produce from the answers given."""
    kind = step["kind"]
    if kind == "info":
        return bool(step["prompt"])
    if kind in ("board", "canvas", "actions"):
        return bool(step["notes"])
    if kind == "dot_vote":
        return bool(step["ranking"]) and step["dots_total"] > 0
    if kind == "check":
        return any(s["yes"] + s["no"] + s["not_applicable"] for s in step["statements"])
    if kind == "risk":
        return any(h["n"] for h in step["hazards"])
    if kind == "scale":
        return any(row["n"] for row in step["scale_items"])
    if kind in ("poll", "quiz"):
        return sum(option["count"] for option in step["options"]) > 0
    if kind == "weighted":
        return bool(step["decision"]) and bool(step["weights"])
    if kind == "qa":
        return bool(step["questions"]) and sum(q["upvotes"] or 0 for q in step["questions"]) > 0
    if kind in ("rank_order", "matrix2x2"):  # their figures are in their blocks' table
        return any(block["type"] == "table" and block["rows"] for block in step["blocks"])
    raise AssertionError(f"unknown kind {kind}")


def check_reports(facilitator: Facilitator, slug: str, steps: list[dict[str, Any]]) -> None:
    base = f"{facilitator.url}/sessions/{facilitator.ws_id}"
    page = facilitator.browser.get(f"{base}/report", timeout=60)
    assert page.status_code == 200, page.text[:2000]
    bodies: dict[str, bytes] = {}
    for fmt in FORMATS:
        response = facilitator.browser.get(f"{base}/report.{fmt}", timeout=120)
        assert response.status_code == 200, f"{slug}: report.{fmt}: {response.status_code}"
        assert len(response.content) > 500, f"{slug}: report.{fmt} is nearly empty"
        bodies[fmt] = response.content
    assert bodies["pdf"].startswith(b"%PDF")
    for fmt in ("docx", "xlsx", "csv"):
        assert zipfile.ZipFile(io.BytesIO(bodies[fmt])).namelist(), fmt
    report = json.loads(bodies["json"])
    assert len(report["steps"]) == len(steps)
    empty = [
        f"{s['position']} {s['kind']} “{s['title']}”"
        for s in report["steps"]
        if not section_content(s)
    ]
    assert not empty, f"{slug}: empty report sections: {empty}"
    if any(s["kind"] == "actions" for s in steps):
        assert report["action_plan"], f"{slug}: the action plan is empty"


@pytest.mark.parametrize("slug", SLUGS)
def test_template_runs_end_to_end(server: LiveServer, slug: str) -> None:
    started = time.monotonic()
    run_template(server, slug)
    TIMINGS[slug] = time.monotonic() - started


def test_every_shipped_template_is_covered() -> None:
    assert len(SLUGS) == len(list(EXERCISES.glob("*.toml"))) == 22
