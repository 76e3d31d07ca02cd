"""A workshop's team: the owner invites co-facilitators and observers, changes their roles,
removes them and hands the workshop over; bad input is refused with a translated reason and
changes nothing; the control page, the observer's page and the dashboard show who is who; and
changes reach open pages live (a removed member's page stops working)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import select

from facilitator.accounts.models import User
from facilitator.extensions import db
from facilitator.rules.team import Role
from facilitator.sessions import services
from facilitator.sessions.models import OwnTemplate, WorkshopMember, WorkshopSession
from tests.conftest import clear, connect_socket, login, received

Factory = Callable[..., Any]


def team_of(ws_id: int) -> dict[int, str]:
    db.session.expire_all()
    rows = db.session.execute(
        select(WorkshopMember.account_id, WorkshopMember.role).where(WorkshopMember.ws_id == ws_id)
    ).all()
    return {account: str(role) for account, role in rows}


def owner_of(ws_id: int) -> int:
    db.session.expire_all()
    ws = db.session.get(WorkshopSession, ws_id)
    assert ws is not None
    return ws.owner_id


def as_user(app: Flask, user: User) -> FlaskClient:
    db.session.commit()
    client = app.test_client()
    g.pop("_login_user", None)
    login(client, user)
    return client


def post(client: FlaskClient, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
    g.pop("_login_user", None)
    return client.post(path, data=data, follow_redirects=True, **kwargs)


def get(client: FlaskClient, path: str) -> Any:
    g.pop("_login_user", None)
    return client.get(path)


def add(ws: WorkshopSession, user: User, role: Role) -> None:
    db.session.add(WorkshopMember(ws_id=ws.id, account_id=user.id, role=role))
    db.session.commit()


@pytest.fixture
def team(app: Flask, make_user: Factory, make_session: Factory) -> Any:
    owner = make_user("owner@example.org")
    ws = make_session(owner)
    colleague = make_user("kollegin@example.org")
    chair = make_user("br-vorsitz@example.org")
    db.session.commit()
    return ws, owner, colleague, chair


def test_the_owner_invites_by_e_mail_as_observer_or_co_facilitator(app: Flask, team: Any) -> None:
    ws, owner, colleague, chair = team
    client = as_user(app, owner)
    page = post(
        client,
        f"/sessions/{ws.id}/team/invite",
        {"invite-email": "  BR-Vorsitz@Example.org ", "invite-role": "observer"},
    ).text
    assert "ist jetzt im Team als Beobachtung" in page
    post(
        client,
        f"/sessions/{ws.id}/team/invite",
        {"invite-email": colleague.email, "invite-role": "cofacilitator"},
    )
    assert team_of(ws.id) == {chair.id: "observer", colleague.id: "cofacilitator"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"invite-email": "niemand@example.org", "invite-role": "observer"},
            "kein Moderationskonto",
        ),
        ({"invite-email": "owner@example.org", "invite-role": "observer"}, "nicht selbst einladen"),
        ({"invite-email": "kollegin@example.org", "invite-role": "observer"}, "schon im Team"),
        ({"invite-email": "keine-adresse", "invite-role": "observer"}, "keine E-Mail-Adresse"),
        ({"invite-email": "", "invite-role": "observer"}, "Bitte geben Sie eine E-Mail-Adresse"),
        ({"invite-email": "kollegin@example.org", "invite-role": "owner"}, "Keine gültige Auswahl"),
        ({"invite-email": "kollegin@example.org"}, "Bitte wählen Sie eine Rolle"),
        ({"invite-email": "x@example.org" * 30, "invite-role": "observer"}, "254"),
    ],
)
def test_a_bad_invitation_says_why_and_changes_nothing(
    app: Flask, team: Any, data: dict[str, str], message: str
) -> None:
    ws, owner, colleague, _chair = team
    add(ws, colleague, Role.COFACILITATOR)
    client = as_user(app, owner)
    response = post(client, f"/sessions/{ws.id}/team/invite", data)
    assert response.status_code == 200
    assert message in response.text
    assert team_of(ws.id) == {colleague.id: "cofacilitator"}


@pytest.mark.parametrize("role", [Role.COFACILITATOR, Role.OBSERVER])
def test_only_the_owner_changes_the_team(app: Flask, team: Any, role: Role) -> None:
    ws, _owner, colleague, chair = team
    add(ws, colleague, role)
    add(ws, chair, Role.OBSERVER)
    client = as_user(app, colleague)
    before = (team_of(ws.id), owner_of(ws.id))
    for path, data in (
        ("team/invite", {"invite-email": "owner@example.org", "invite-role": "observer"}),
        ("team/role", {"account_id": chair.id, "role": "cofacilitator"}),
        ("team/role", {"account_id": colleague.id, "role": "cofacilitator"}),
        ("team/remove", {"account_id": chair.id}),
        ("team/hand-over", {"account_id": colleague.id, "confirm": "y"}),
        ("delete", {"confirm": "y"}),
    ):
        response = post(client, f"/sessions/{ws.id}/{path}", data)
        assert response.status_code == 403, path
        assert "verantwortliche Person" in response.text or "Als Beobachtung" in response.text
    assert (team_of(ws.id), owner_of(ws.id)) == before


def test_roles_change_and_members_are_removed(app: Flask, team: Any) -> None:
    ws, owner, colleague, chair = team
    add(ws, chair, Role.OBSERVER)
    client = as_user(app, owner)
    page = post(
        client, f"/sessions/{ws.id}/team/role", {"account_id": chair.id, "role": "cofacilitator"}
    )
    assert "hat jetzt die Rolle Co-Moderation" in page.text
    assert team_of(ws.id) == {chair.id: "cofacilitator"}
    for data, message in (
        ({"account_id": colleague.id, "role": "observer"}, "nicht (mehr) im Team dieses Workshops"),
        ({"account_id": owner.id, "role": "observer"}, "nicht (mehr) im Team dieses Workshops"),
        ({"account_id": chair.id, "role": "owner"}, "Keine gültige Auswahl"),
        ({"account_id": "x", "role": "observer"}, "Bitte laden Sie die Seite neu"),
    ):
        assert message in post(client, f"/sessions/{ws.id}/team/role", data).text
    assert team_of(ws.id) == {chair.id: "cofacilitator"}
    assert (
        "nicht (mehr) im Team"
        in post(client, f"/sessions/{ws.id}/team/remove", {"account_id": colleague.id}).text
    )
    page = post(client, f"/sessions/{ws.id}/team/remove", {"account_id": chair.id})
    assert "ist nicht mehr im Team" in page.text
    assert team_of(ws.id) == {}


def test_a_handover_needs_the_tick_and_a_co_facilitator(app: Flask, team: Any) -> None:
    ws, owner, colleague, chair = team
    add(ws, colleague, Role.COFACILITATOR)
    add(ws, chair, Role.OBSERVER)
    client = as_user(app, owner)
    unticked = post(client, f"/sessions/{ws.id}/team/hand-over", {"account_id": colleague.id})
    assert "Bitte bestätigen Sie die Übergabe" in unticked.text
    to_observer = post(
        client, f"/sessions/{ws.id}/team/hand-over", {"account_id": chair.id, "confirm": "y"}
    )
    assert "nur an eine Co-Moderation übergeben" in to_observer.text
    assert owner_of(ws.id) == owner.id
    assert team_of(ws.id) == {colleague.id: "cofacilitator", chair.id: "observer"}

    done = post(
        client, f"/sessions/{ws.id}/team/hand-over", {"account_id": colleague.id, "confirm": "y"}
    )
    assert "ist jetzt" in done.text
    assert "verantwortlich" in done.text
    assert owner_of(ws.id) == colleague.id
    assert team_of(ws.id) == {owner.id: "cofacilitator", chair.id: "observer"}
    # the previous owner runs the workshop on, but no longer changes the team
    assert get(client, f"/sessions/{ws.id}").status_code == 200
    refused = post(client, f"/sessions/{ws.id}/team/remove", {"account_id": chair.id})
    assert refused.status_code == 403
    new_owner = as_user(app, colleague)
    assert "Workshop löschen" in get(new_owner, f"/sessions/{ws.id}").text


def test_the_control_page_shows_who_is_who(app: Flask, team: Any) -> None:
    ws, owner, colleague, chair = team
    add(ws, colleague, Role.COFACILITATOR)
    add(ws, chair, Role.OBSERVER)
    owner_page = get(as_user(app, owner), f"/sessions/{ws.id}").text
    box = owner_page[owner_page.index('id="team"') :]
    box = box[: box.index("</section>")]
    assert [m.group(1) for m in re.finditer(r'data-role="(\w+)"', box)] == [
        "owner",
        "cofacilitator",
        "observer",
    ]
    assert box.count(">Sie</span>") == 1  # "you", beside the owner's own entry
    assert re.search(rf'data-account="{owner.id}"[^>]*>\s*<p><strong>[^<]*</strong> <span', box)
    assert "Einladen" in box
    assert "Verantwortung übergeben" in box
    assert "Workshop löschen" in owner_page

    co_page = get(as_user(app, colleague), f"/sessions/{ws.id}").text
    assert "data-control" in co_page  # the controls of running it
    assert "Workshop löschen" not in co_page  # but not deleting it, nor the team's controls
    assert "/team/invite" not in co_page
    assert "/team/remove" not in co_page
    co_box = co_page[co_page.index('id="team"') :]
    assert re.search(
        rf'data-account="{colleague.id}"[^>]*>\s*<p><strong>[^<]*</strong> <span', co_box
    )


def app_part(page: str) -> str:
    """The live part of a control page (without the navigation's logout button)."""
    return page[page.index('<div id="app"') : page.index('id="strings"')]


def test_an_observer_gets_the_live_view_without_a_single_control(app: Flask, team: Any) -> None:
    ws, _owner, _colleague, chair = team
    add(ws, chair, Role.OBSERVER)
    client = as_user(app, chair)
    page = get(client, f"/sessions/{ws.id}").text
    live = app_part(page)
    assert 'data-view="facilitator"' in live
    assert "read-only" in live
    for control in ("<form", "<button", "<input", "<select", "<textarea", "data-control"):
        assert control not in live, control
    assert "Sie beobachten diesen Workshop" in page
    assert "js/observe.js" in page
    assert "js/team.js" in page
    assert get(client, f"/sessions/{ws.id}/state.json").status_code == 200
    assert get(client, f"/sessions/{ws.id}/projector").status_code == 200


def test_the_dashboard_lists_every_workshop_one_is_in_with_the_role(
    app: Flask, team: Any, make_session: Factory
) -> None:
    ws, owner, colleague, _chair = team
    own = make_session(colleague, title="Eigener Workshop")
    other = make_session(owner, title="Fremder Workshop")
    add(ws, colleague, Role.OBSERVER)
    page = get(as_user(app, colleague), "/dashboard").text
    rows = re.findall(r'<a href="/sessions/(\d+)">([^<]+)</a>.*?<td>([^<]+)</td>', page, re.S)
    roles = {int(ws_id): role for ws_id, _title, role in rows}
    assert roles == {own.id: "Verantwortlich", ws.id: "Beobachtung"}
    assert other.id not in roles


def test_a_co_facilitator_saves_the_steps_as_their_own_template(app: Flask, team: Any) -> None:
    ws, _owner, colleague, _chair = team
    add(ws, colleague, Role.COFACILITATOR)
    post(as_user(app, colleague), f"/sessions/{ws.id}/save-template", {"name": "Meine Vorlage"})
    saved = db.session.scalars(select(OwnTemplate)).all()
    assert [(t.owner_id, t.title["de"]) for t in saved] == [(colleague.id, "Meine Vorlage")]


def test_an_observer_reads_the_report_but_changes_no_report_fact(app: Flask, team: Any) -> None:
    ws, _owner, _colleague, chair = team
    add(ws, chair, Role.OBSERVER)
    client = as_user(app, chair)
    assert get(client, f"/sessions/{ws.id}/report").status_code == 200
    download = get(client, f"/sessions/{ws.id}/report.json")
    assert download.status_code == 200
    assert download.json["session"]["title"] == ws.title
    assert get(client, f"/sessions/{ws.id}/sharing").status_code == 403  # the links are controls
    assert post(client, f"/sessions/{ws.id}/sharing", {"days": "30"}).status_code == 403
    assert get(client, f"/sessions/{ws.id}/action-plan").status_code == 403


def test_a_refused_control_answers_the_page_script_in_json(app: Flask, team: Any) -> None:
    ws, _owner, _colleague, chair = team
    add(ws, chair, Role.OBSERVER)
    client = as_user(app, chair)
    g.pop("_login_user", None)
    response = client.post(
        f"/sessions/{ws.id}/goto", data={"position": "1"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 403
    assert response.json["ok"] is False
    assert response.json["error"] == "ObserverOnly"
    assert "nichts ändern" in response.json["message"]
    assert owner_of(ws.id)
    assert db.session.get(WorkshopSession, ws.id).current_position == 0


# --- live -----------------------------------------------------------------------------------


def test_team_changes_reach_open_control_pages(app: Flask, team: Any) -> None:
    ws, owner, colleague, chair = team
    add(ws, colleague, Role.COFACILITATOR)
    owner_client = as_user(app, owner)
    colleague_socket = connect_socket(app, as_user(app, colleague), ws, "facilitator")
    assert colleague_socket.is_connected()
    clear(colleague_socket)
    post(
        owner_client,
        f"/sessions/{ws.id}/team/invite",
        {"invite-email": chair.email, "invite-role": "observer"},
    )
    assert received(colleague_socket, "team:changed") == [
        {"accounts": [chair.id], "revoked": False}
    ]
    # the refreshed team box, as the colleague's page fetches it
    box = get(as_user(app, colleague), f"/sessions/{ws.id}/team").text
    assert f'data-account="{chair.id}"' in box
    assert "/team/invite" not in box


def test_a_removed_members_open_page_stops_at_once(app: Flask, team: Any) -> None:
    ws, owner, colleague, chair = team
    add(ws, chair, Role.OBSERVER)
    add(ws, colleague, Role.COFACILITATOR)
    chair_client = as_user(app, chair)
    chair_socket = connect_socket(app, chair_client, ws, "facilitator")
    assert chair_socket.is_connected()
    assert received(chair_socket, "session:state")  # the facilitator's snapshot
    clear(chair_socket)
    post(as_user(app, owner), f"/sessions/{ws.id}/team/remove", {"account_id": chair.id})
    assert received(chair_socket, "team:changed") == [{"accounts": [chair.id], "revoked": True}]
    clear(chair_socket)
    # the workshop goes on: the removed member's open page hears nothing more of it
    colleague_client = as_user(app, colleague)
    g.pop("_login_user", None)
    assert (
        colleague_client.post(f"/sessions/{ws.id}/goto", data={"position": "1"}).status_code == 302
    )
    assert db.session.get(WorkshopSession, ws.id).current_position == 1
    assert received(chair_socket, "session:state") == []
    # and its next request is refused, its reconnect too
    assert get(chair_client, f"/sessions/{ws.id}/state.json").status_code == 404
    assert get(chair_client, f"/sessions/{ws.id}").status_code == 404
    g.pop("_login_user", None)
    assert not connect_socket(app, chair_client, ws, "facilitator").is_connected()


def test_an_observer_sees_the_facilitators_view_through_the_gate(
    app: Flask, team: Any, make_participant: Factory, make_note: Factory
) -> None:
    """A dot vote with fewer voters than the threshold: the observer's live view (the
    facilitator's snapshot) carries no dots and no ranks, and says they are withheld; the
    hidden note is there, marked, as the facilitator sees it."""
    ws, owner, _colleague, chair = team
    add(ws, chair, Role.OBSERVER)
    people = [make_participant(ws) for _ in range(2)]
    notes = [make_note(people[0], "Schulung"), make_note(people[1], "Datenschutz")]
    services.set_note_hidden(ws, notes[1].id, True)
    vote = next(s for s in ws.steps if s.kind == "dot_vote")
    services.goto_step(ws, vote.position)
    for person in people:
        services.cast_vote(person, notes[0].id, f"key-{person.id}-abcdef")
    db.session.commit()
    socket = connect_socket(app, as_user(app, chair), ws, "facilitator")
    state = received(socket, "session:state")[-1]
    assert state["dots_withheld"] == ws.anonymity_threshold
    assert all("dots" not in note and "rank" not in note for note in state["notes"])
    assert [(n["text"], n["hidden"]) for n in state["notes"]] == [
        ("Schulung", False),
        ("Datenschutz", True),
    ]
    owner_state = get(as_user(app, owner), f"/sessions/{ws.id}/state.json").json
    assert {**owner_state, "timer": None} == {**state, "timer": None}  # the very same view


def test_the_report_names_who_ran_the_workshop(app: Flask, team: Any) -> None:
    """The owner and the co-facilitators ran it; an observer only watched."""
    ws, owner, colleague, chair = team
    add(ws, colleague, Role.COFACILITATOR)
    add(ws, chair, Role.OBSERVER)
    report = get(as_user(app, chair), f"/sessions/{ws.id}/report.json").json
    assert report["session"]["facilitator"] == f"{owner.display_name}, {colleague.display_name}"
