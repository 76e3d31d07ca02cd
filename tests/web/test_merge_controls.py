"""The control page's merge operations over HTTP: several notes at once, refusals, undo, and
the suggestions computed on request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from facilitator.extensions import db
from facilitator.sessions.models import Note
from tests.conftest import login

Factory = Callable[..., Any]
JSON = {"Accept": "application/json"}


def wall(client: FlaskClient, ws_id: int) -> list[tuple[str, list[str]]]:
    state = client.get(f"/sessions/{ws_id}/state.json").json
    assert state is not None
    return [(n["text"], [m["text"] for m in n["merged"]]) for n in state["notes"]]


def board(
    client: FlaskClient, make_user: Factory, make_session: Factory, make_participant: Factory,
    make_note: Factory, *texts: str,
) -> tuple[int, list[int]]:  # fmt: skip
    user = make_user()
    ws = make_session(user)
    author = make_participant(ws)
    ids = [make_note(author, text).id for text in texts]
    db.session.commit()
    login(client, user)
    return ws.id, ids


def test_merge_several_with_a_title_then_undo_the_group(
    client: FlaskClient, make_user: Factory, make_session: Factory, make_participant: Factory,
    make_note: Factory,
) -> None:  # fmt: skip
    ws_id, (a, b, c, _) = board(
        client, make_user, make_session, make_participant, make_note,
        "Datenschuz", "Datenschutz!", "datenschutz", "Anderes",
    )  # fmt: skip
    posted = client.post(
        f"/sessions/{ws_id}/notes/merge",
        data={"into_id": a, "note_id": [b, c], "title": "Datenschutz"},
        headers=JSON,
    )
    assert posted.json == {"ok": True, "revision": posted.json["revision"]}
    assert wall(client, ws_id) == [
        ("Anderes", []),
        ("Datenschutz", ["Datenschuz", "Datenschutz!", "datenschutz"]),
    ]
    undone = client.post(
        f"/sessions/{ws_id}/notes/unmerge", data={"note_id": [a, b, c]}, headers=JSON
    )
    assert undone.json["ok"]
    shown = [text for text, merged in wall(client, ws_id) if not merged]
    assert {"Datenschuz", "Datenschutz!", "datenschutz", "Anderes"} <= set(shown)


def test_merge_without_title_keeps_the_target_text(
    client: FlaskClient, make_user: Factory, make_session: Factory, make_participant: Factory,
    make_note: Factory,
) -> None:  # fmt: skip
    ws_id, (a, b, c) = board(
        client, make_user, make_session, make_participant, make_note, "KI", "KI", "ki"
    )
    posted = client.post(
        f"/sessions/{ws_id}/notes/merge", data={"into_id": b, "note_id": [a, c]}, headers=JSON
    )
    assert posted.json["ok"]
    assert wall(client, ws_id) == [("KI", ["KI", "ki"])]
    assert client.post(f"/sessions/{ws_id}/notes/unmerge", data={"note_id": a}, headers=JSON).json[
        "ok"
    ]
    assert wall(client, ws_id) == [("KI", []), ("KI", ["ki"])]


def test_bad_merges_get_a_translated_error_and_change_nothing(
    client: FlaskClient, make_user: Factory, make_session: Factory, make_participant: Factory,
    make_note: Factory,
) -> None:  # fmt: skip
    ws_id, (a, b, c) = board(
        client, make_user, make_session, make_participant, make_note, "A", "B", "C"
    )
    assert client.post(f"/sessions/{ws_id}/notes/hide", data={"note_id": c}, headers=JSON).json[
        "ok"
    ]
    before = db.session.execute(select(Note.id, Note.merged_into_id, Note.text)).all()
    cases = [
        ({"into_id": a}, 400, "mindestens eine Karte"),  # no source
        ({"into_id": a, "note_id": "x"}, 400, "Unbekannte Karte"),
        ({"into_id": a, "note_id": [b, "-3"]}, 400, "Unbekannte Karte"),
        ({"into_id": a, "note_id": a}, 400, "können nicht zusammengeführt werden"),
        ({"into_id": a, "note_id": [b, c]}, 409, "ausgeblendet"),  # c is hidden
        ({"into_id": a, "note_id": 987654}, 404, "Karte"),
        ({"into_id": a, "note_id": b, "title": "x" * 1001}, 400, "1.000 Zeichen"),
        ({"into_id": a, "note_id": b, "title": "Titel\x00"}, 400, "1.000 Zeichen"),
    ]
    for data, status, says in cases:
        refused = client.post(f"/sessions/{ws_id}/notes/merge", data=data, headers=JSON)
        assert refused.status_code == status, (data, refused.text)
        assert refused.json["ok"] is False
        assert says in refused.json["message"] + str(refused.json.get("errors")), refused.json
    db.session.expire_all()
    assert db.session.execute(select(Note.id, Note.merged_into_id, Note.text)).all() == before
    # the no-JS form path: the error is flashed on the control page
    page = client.post(
        f"/sessions/{ws_id}/notes/merge", data={"into_id": a, "note_id": c}, follow_redirects=True
    )
    assert "ausgeblendet" in page.text


def test_suggestions_are_computed_on_request(
    client: FlaskClient, make_user: Factory, make_session: Factory, make_participant: Factory,
    make_note: Factory,
) -> None:  # fmt: skip
    ws_id, (a, b, c, d) = board(
        client, make_user, make_session, make_participant, make_note,
        "Angst vor Jobverlust", "angst vor jobverlust!", "Weniger Papier", "weniger Papier",
    )  # fmt: skip
    found = client.get(f"/sessions/{ws_id}/notes/suggestions.json").json
    assert found["ok"]
    assert [(g["note_ids"], g["title"]) for g in found["clusters"]] == [
        ([a, b], "Angst vor Jobverlust"),
        ([c, d], "Weniger Papier"),
    ]
    rejected = client.get(f"/sessions/{ws_id}/notes/suggestions.json?rejected={a}.{b}").json
    assert [g["note_ids"] for g in rejected["clusters"]] == [[c, d]]
    too_many = "&".join(["rejected=1.2"] * 501)
    for query in ("rejected=1.x", "rejected=1e5", "rejected=99999999999999999999", too_many):
        bad = client.get(f"/sessions/{ws_id}/notes/suggestions.json?{query}")
        assert bad.status_code == 400, query
        assert "ungültig" in bad.json["message"]
    harmless = client.get(f"/sessions/{ws_id}/notes/suggestions.json?rejected=&rejected=.&x=1")
    assert len(harmless.json["clusters"]) == 2


def test_suggestions_are_for_the_facilitator_only(
    client: FlaskClient, make_user: Factory, make_session: Factory
) -> None:
    ws = make_session(make_user())
    db.session.commit()
    login(client, make_user(email="other@example.org"))
    assert client.get(f"/sessions/{ws.id}/notes/suggestions.json").status_code == 404
