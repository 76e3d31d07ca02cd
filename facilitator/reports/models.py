"""Read-only report links for the works council."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, utc_now
from ..extensions import db


class ReportLink(db.Model):  # type: ignore[name-defined,misc]
    """An unguessable link to one session's report; only the token's hash is stored."""

    __tablename__ = "report_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    ws_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def is_valid(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at
