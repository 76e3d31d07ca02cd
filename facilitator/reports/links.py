"""Creating, finding and revoking works-council report links (services: flush, not commit)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select

from ..db import utc_now
from ..errors import NotFound
from ..extensions import db
from ..sessions.models import WorkshopSession
from ..sessions.services import hash_token
from .models import ReportLink


def create_link(ws: WorkshopSession, days: int) -> tuple[ReportLink, str]:
    """A new read-only link valid for `days`; returns it and its token (shown only once)."""
    token = secrets.token_urlsafe(24)
    link = ReportLink(
        ws_id=ws.id, token_hash=hash_token(token), expires_at=utc_now() + timedelta(days=days)
    )
    db.session.add(link)
    db.session.flush()
    return link, token


def revoke_link(ws: WorkshopSession, link_id: int) -> None:
    link = db.session.get(ReportLink, link_id)
    if link is None or link.ws_id != ws.id:
        raise NotFound()
    link.revoked_at = utc_now()


def session_for_token(token: str) -> WorkshopSession:
    """The session an unexpired, unrevoked link belongs to.

    :raises NotFound: unknown, expired or revoked (never say which).
    """
    link = db.session.scalar(select(ReportLink).filter_by(token_hash=hash_token(token)))
    if link is None or not link.is_valid(utc_now()):
        raise NotFound()
    ws = db.session.get(WorkshopSession, link.ws_id)
    if ws is None:
        raise NotFound()
    return ws


def links_of(ws: WorkshopSession) -> list[ReportLink]:
    return list(
        db.session.scalars(
            select(ReportLink).where(ReportLink.ws_id == ws.id).order_by(ReportLink.id.desc())
        )
    )
