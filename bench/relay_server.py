"""A bare python-socketio relay: no database, no application logic, the same broadcast pattern.

Used by `load.py` and `fanout.py` as the baseline. A `vote:cast` is acknowledged at once with a
counter as its revision, and every 0.2 s the newest counter is sent to the projector room, as our
flush does; a `step:goto` sends the new step to every phone at once.
Run: python bench/relay_server.py PORT
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402

import gevent  # noqa: E402
import socketio  # noqa: E402
from gevent import pywsgi  # noqa: E402

server = socketio.Server(async_mode="gevent", cors_allowed_origins=None)
app = socketio.WSGIApp(server)
state = {"revision": 0, "sent": 0}


@server.on("connect")
def connect(sid: str, environ: dict[str, object], auth: object) -> None:
    if isinstance(auth, dict) and auth.get("view") == "projector":
        server.enter_room(sid, "projector")
    else:
        server.enter_room(sid, "phones")


@server.on("step:goto")
def goto(sid: str, payload: object) -> dict[str, object]:
    """A step change as `fanout.py` times it: the new step to every phone at once."""
    state["revision"] += 1
    position = payload.get("position", 0) if isinstance(payload, dict) else 0
    server.emit(
        "session:state",
        {"revision": state["revision"], "step": {"position": position}},
        to="phones",
    )
    return {"ok": True, "revision": state["revision"]}


@server.on("vote:cast")
def vote(sid: str, payload: object) -> dict[str, object]:
    state["revision"] += 1
    return {"ok": True, "revision": state["revision"]}


@server.on("note:add")
def note(sid: str, payload: object) -> dict[str, object]:
    state["revision"] += 1
    return {"ok": True, "revision": state["revision"], "id": state["revision"]}


def flusher() -> None:
    while True:
        gevent.sleep(0.2)
        if state["sent"] != state["revision"]:
            state["sent"] = state["revision"]
            server.emit("session:state", {"revision": state["sent"]}, to="projector")


if __name__ == "__main__":
    gevent.spawn(flusher)

    pywsgi.WSGIServer(("127.0.0.1", int(sys.argv[1])), app, log=None).serve_forever()
