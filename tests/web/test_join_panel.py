"""The projector's join panel: big in the join phase (until the first step with input is left),
a corner box after it; the facilitator brings it back big until the next step change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, g

from tests.conftest import connect_socket, received
from tests.web.test_assessment_live import control

JSON = {"Accept": "application/json"}


def post(client: Any, path: str, **data: Any) -> None:
    g.pop("_login_user", None)
    assert client.post(path, data=data, headers=JSON).json["ok"]


def test_join_panel_follows_the_phase_and_the_facilitator(
    app: Flask, make_session: Callable[..., Any]
) -> None:
    ws = make_session()  # mini: info, board, dot vote
    client, facilitator = control(app, ws)
    projector = connect_socket(app, client, ws, "projector")

    def panel(socket: Any) -> str:
        return str(received(socket, "session:state")[-1]["join_panel"])

    assert panel(projector) == "big"  # the welcome step
    post(client, f"/sessions/{ws.id}/goto", position=1)
    assert panel(projector) == "big"  # the board: the first step with input
    post(client, f"/sessions/{ws.id}/goto", position=2)
    assert panel(projector) == "small"  # the board was left
    post(client, f"/sessions/{ws.id}/join-panel/big")
    assert panel(projector) == "big"  # for latecomers
    assert panel(facilitator) == "big"  # the control page offers to make it small
    post(client, f"/sessions/{ws.id}/goto", position=1)
    assert panel(projector) == "big"
    post(client, f"/sessions/{ws.id}/join-panel/small")
    assert panel(projector) == "small"
    post(client, f"/sessions/{ws.id}/goto", position=2)
    assert panel(projector) == "small"  # the phase decides again
