"""Who is acting: a facilitator in a workshop's team, or a participant known by cookie token.

Facilitators: `workshop_for` is the one access rule (owner, co-facilitator, observer; see
`rules.team`); every view of a workshop declares what it needs with `observed_session`,
`facilitator_session` or `owner_session`, and the socket's connect handler asks `team_role`.

Participants are identified by a random token kept in the signed cookie session, per workshop;
the database stores only its hash. Socket handlers read this identity; they never write the
cookie (that happens over HTTP at join).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Flask, Request, abort, g, jsonify, request
from flask import session as cookie
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_login import current_user

from .. import errors
from ..errors import NotAParticipant
from ..extensions import db
from ..rules.team import Access, Role, allows
from . import services, team_services
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


def team_role(ws: WorkshopSession) -> Role | None:
    """The logged-in facilitator's role in the workshop's team (None: not in it, or nobody
    logged in). Read from the database on every request and event, so a change to the team
    takes effect with the next one."""
    if not current_user.is_authenticated:
        return None
    return team_services.role_of(ws, current_user.id)


def team_workshop(ws_id: int, needed: Access) -> WorkshopSession:
    """The workshop, if the logged-in facilitator's role in its team allows what `needed` says;
    else a `DomainError`. The one access rule of every facilitator page, control, download,
    live view and socket event (`rules.team`): not in the team, or no such workshop, is "not
    found", so nobody learns of others' workshops; in the team without the right is a refusal
    that says why."""
    ws = db.session.get(WorkshopSession, ws_id)
    role = None if ws is None else team_role(ws)
    if ws is None or role is None:
        raise errors.NotFound()
    if not allows(role, needed):
        raise errors.OwnerOnly() if needed is Access.OWN else errors.ObserverOnly()
    g.team_role = role
    return with_workshop_language(ws)


def workshop_for(ws_id: int, needed: Access) -> WorkshopSession:
    """`team_workshop` for HTTP: a 404 page for strangers (the workshop's title never shows)."""
    try:
        return team_workshop(ws_id, needed)
    except errors.NotFound:
        abort(404)


def owned_session(ws_id: int) -> WorkshopSession:
    """A workshop the logged-in facilitator may run (owner or co-facilitator), else 404/403."""
    return workshop_for(ws_id, Access.CONTROL)


def current_role() -> Role | None:
    """The role `workshop_for` found for this request (for templates)."""
    role = g.get("team_role")
    return role if isinstance(role, Role) else None


def with_workshop_language(ws: WorkshopSession) -> WorkshopSession:
    """Make the session's language the default UI language for this request or event."""
    use_workshop_language(ws.language)
    return ws


def use_workshop_language(language: str) -> None:
    g.workshop_language = language


def _guarded(needed: Access) -> Callable[[F], F]:
    """View decorator: replace the `ws_id` argument by the workshop, if the facilitator's role
    allows `needed`. A refused control posted by the page's script gets its answer as JSON."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(ws_id: int, **kwargs: Any) -> Any:
            try:
                ws = workshop_for(ws_id, needed)
            except errors.DomainError as refusal:
                if request.accept_mimetypes.best == "application/json":
                    body = {"ok": False, "error": refusal.code, "message": str(refusal.message)}
                    return jsonify(body), refusal.status
                raise
            return view(ws, **kwargs)

        wrapper.access = needed  # type: ignore[attr-defined]  # read by the ownership tests
        return cast(F, wrapper)

    return decorate


# Every view of a workshop names what it needs with one of these (see `rules.team.Access`).
observed_session = _guarded(Access.READ)  # observers too: read-only pages and downloads
facilitator_session = _guarded(Access.CONTROL)  # owner and co-facilitators: running it
owner_session = _guarded(Access.OWN)  # the owner only: the team, the handover, deleting


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
