"""Who is acting: the facilitator who owns a session, or a participant known by cookie token.

Participants are identified by a random token kept in the signed cookie session, per workshop;
the database stores only its hash. Socket handlers read this identity; they never write the
cookie (that happens over HTTP at join).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Flask, Request, abort, g
from flask import session as cookie
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_login import current_user

from ..errors import NotAParticipant
from ..extensions import db
from . import services
from .models import Participant, WorkshopSession

PARTICIPANTS_KEY = "participants"

F = TypeVar("F", bound=Callable[..., Any])


def remember_participant(ws_id: int, token: str) -> None:
    """Store a participant's token in the cookie (HTTP only, at join)."""
    tokens = dict(cookie.get(PARTICIPANTS_KEY, {}))
    tokens[str(ws_id)] = token
    cookie[PARTICIPANTS_KEY] = tokens
    cookie.permanent = True


def current_participant(ws: WorkshopSession) -> Participant | None:
    """The participant this browser joined `ws` as, if any."""
    token = cookie.get(PARTICIPANTS_KEY, {}).get(str(ws.id))
    if not isinstance(token, str):
        return None
    return services.participant_by_token(ws.id, token)


def require_participant(ws: WorkshopSession) -> Participant:
    participant = current_participant(ws)
    if participant is None:
        raise NotAParticipant()
    return participant


def owned_session(ws_id: int) -> WorkshopSession:
    """A session of the logged-in facilitator, or 404 (never reveal others' sessions)."""
    ws = db.session.get(WorkshopSession, ws_id)
    if ws is None or not current_user.is_authenticated or ws.owner_id != current_user.id:
        abort(404)
    return with_workshop_language(ws)


def with_workshop_language(ws: WorkshopSession) -> WorkshopSession:
    """Make the session's language the default UI language for this request or event."""
    use_workshop_language(ws.language)
    return ws


def use_workshop_language(language: str) -> None:
    g.workshop_language = language


def facilitator_session(view: F) -> F:
    """View decorator: replace the `ws_id` argument by the facilitator's own session."""

    @functools.wraps(view)
    def wrapper(ws_id: int, **kwargs: Any) -> Any:
        return view(owned_session(ws_id), **kwargs)

    return cast(F, wrapper)


class CookieOncePerConnection(SecureCookieSessionInterface):
    """The signed cookie session, verified and decoded once per Socket.IO connection.

    Flask-SocketIO pushes a request context over the connection's WSGI environ for every
    event, and Flask would open the cookie each time. A connection's cookie cannot change, so
    the session opened for its first use is kept in that environ (an HTTP request has its own
    environ, so nothing is shared between requests).
    """

    KEY = "facilitator.cookie_session"

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        opened = request.environ.get(self.KEY)
        if opened is None:
            opened = super().open_session(app, request)
            request.environ[self.KEY] = opened
        return opened  # type: ignore[no-any-return]
