"""Tables of a workshop session: its steps, participants, notes and dots."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from ..db import UTCDateTime, utc_now
from ..extensions import db
from ..rules.team import Role


class SessionStatus(enum.StrEnum):
    LIVE = "live"
    CLOSED = "closed"


class WorkshopSession(db.Model):  # type: ignore[name-defined,misc]
    """One workshop, copied from an exercise template when it was created."""

    __tablename__ = "workshop_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(200), default="")  # where it is held (optional)
    language: Mapped[str] = mapped_column(String(5), default="de")
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    template_slug: Mapped[str] = mapped_column(String(80))
    template: Mapped[dict[str, Any]] = mapped_column(JSON)  # the template as it was copied
    groups: Mapped[list[str]] = mapped_column(JSON)
    anonymity_threshold: Mapped[int] = mapped_column(default=5)
    current_position: Mapped[int] = mapped_column(default=0)
    revision: Mapped[int] = mapped_column(default=1)
    status: Mapped[SessionStatus] = mapped_column(
        Enum(SessionStatus, native_enum=False, length=10), default=SessionStatus.LIVE
    )
    timer_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # the projector's join panel as the facilitator set it ("big"/"small"); None: by the phase
    join_panel: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    # When the facilitator first opened a step for input: the report's "held from" (a workshop
    # is often prepared days before it is held, so `created_at` is not the event).
    input_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Days after closing until `purge` deletes the workshop; set by the facilitator.
    retention_days: Mapped[int] = mapped_column(default=90)
    # When `purge` cut the link between participants and their contributions (then final).
    unlinked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # How many joined as each group, kept at the unlink when the participant rows are deleted.
    participants_by_group: Mapped[dict[str, int] | None] = mapped_column(JSON)

    steps: Mapped[list[SessionStep]] = relationship(
        back_populates="workshop",
        order_by="SessionStep.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        CheckConstraint("anonymity_threshold >= 3", name="threshold_min"),
        CheckConstraint("retention_days BETWEEN 1 AND 3650", name="retention_range"),
    )

    @property
    def current_step(self) -> SessionStep:
        return self.steps[self.current_position]

    @property
    def is_live(self) -> bool:
        return self.status is SessionStatus.LIVE


class StepLike(Protocol):
    """What the rules of a step read: a `SessionStep` row, or a contribution's open step."""

    @property
    def id(self) -> int: ...

    @property
    def kind(self) -> str: ...

    @property
    def settings(self) -> dict[str, Any]: ...


class SessionStep(db.Model):  # type: ignore[name-defined,misc]
    """A step of a session: its kind and content (copied from the template) and its live state."""

    __tablename__ = "session_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    ws_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"))
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(40))
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    prompt: Mapped[dict[str, str]] = mapped_column(JSON)
    facilitator_notes: Mapped[dict[str, str] | None] = mapped_column(JSON)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    is_open: Mapped[bool] = mapped_column(default=False)
    results_visible: Mapped[bool] = mapped_column(default=True)
    # Whether its group breakdown may be released (`disclosure.Breakdown`): set only through
    # `services.set_step_input`, which applies `disclosure.after_input_change`.
    breakdown: Mapped[str] = mapped_column(String(10), default="pending")

    workshop: Mapped[WorkshopSession] = relationship(back_populates="steps")

    __table_args__ = (
        UniqueConstraint("ws_id", "position"),
        UniqueConstraint("ws_id", "key"),
    )


class Participant(db.Model):  # type: ignore[name-defined,misc]
    """An anonymous participant: a group and a hashed random token, nothing else.

    `purge` deletes the row when it cuts the link to the contributions (keeping one count per
    group on the workshop); answers and votes then carry a pseudonym per step instead.
    """

    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    ws_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    group: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class Note(db.Model):  # type: ignore[name-defined,misc]
    """A note on a board. `merged_into_id` points at the note it was merged into (undoable).
    `pending`: written while its step was moderated and not yet approved; only its author and
    the facilitator see it (`sessions/moderation.py`)."""

    __tablename__ = "note"

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("session_step.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL")
    )
    column: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(default=False)
    pending: Mapped[bool] = mapped_column(default=False)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("note.id", ondelete="SET NULL"))
    # a question of a Q&A step: "open", "answering" (at most one per step) or "answered"
    qa_status: Mapped[str] = mapped_column(String(10), default="open")
    # a title the facilitator gave merged notes (no author); goes when the merge is undone
    heading: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)

    __table_args__ = (
        Index("ix_note_step_id", "step_id"),
        Index("ix_note_participant_id", "participant_id"),
        CheckConstraint("length(text) > 0", name="text_not_empty"),
    )


class ModerationEvent(db.Model):  # type: ignore[name-defined,misc]
    """One moderation action of the facilitator on a step's notes: what was done to how many
    notes, and when. Never which notes, their texts or their authors: the report states that
    moderation was fair, not what was moderated."""

    __tablename__ = "moderation_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    ws_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    step_id: Mapped[int] = mapped_column(
        ForeignKey("session_step.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(10))
    notes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)

    __table_args__ = (
        CheckConstraint(
            "action IN ('approved', 'hidden', 'unhidden', 'merged', 'unmerged')",
            name="action_known",
        ),
        CheckConstraint("notes > 0", name="notes_positive"),
    )


class Ballot(db.Model):  # type: ignore[name-defined,misc]
    """A participant's dot budget on one dot-vote step; the database holds the limit."""

    __tablename__ = "ballot"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    step_id: Mapped[int] = mapped_column(
        ForeignKey("session_step.id", ondelete="CASCADE"), primary_key=True
    )
    budget: Mapped[int]
    used: Mapped[int] = mapped_column(default=0)

    __table_args__ = (CheckConstraint("used >= 0 AND used <= budget", name="within_budget"),)


class Vote(db.Model):  # type: ignore[name-defined,misc]
    """The dots one participant put on one note in one dot-vote step, or their upvote of a
    question in a Q&A step (one dot, at most one)."""

    __tablename__ = "vote"

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(
        ForeignKey("session_step.id", ondelete="CASCADE"), index=True
    )
    note_id: Mapped[int] = mapped_column(ForeignKey("note.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL")
    )
    # the voter's group, written with the vote: group figures never join the participant
    group: Mapped[str] = mapped_column(String(80))
    # after the unlink: the voter's number in this step (see `person`); NULL while linked
    respondent: Mapped[int | None]
    dots: Mapped[int]
    max_dots: Mapped[int]

    __table_args__ = (
        UniqueConstraint("step_id", "participant_id", "note_id"),
        CheckConstraint("dots >= 0 AND dots <= max_dots", name="dots_in_range"),
    )


class ProcessedAction(db.Model):  # type: ignore[name-defined,misc]
    """The idempotency key of every contribution, so a retried emit never acts twice."""

    __tablename__ = "processed_action"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    result_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class StepItem(db.Model):  # type: ignore[name-defined,misc]
    """A statement of a `check` step, a hazard of a `risk` step, a hazard an `actions` step
    collects measures for, an item of a `scale`, or the question of a `poll` or `quiz`.
    `origin` says where it came from: the template, the facilitator
    ("own"), an unmet check statement, a board's note, or a rated hazard ("risk");
    `source_id` is that statement's, note's or hazard's id. Switched off, it is not asked."""

    __tablename__ = "step_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(
        ForeignKey("session_step.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    origin: Mapped[str] = mapped_column(String(10))
    source_id: Mapped[int | None]
    area: Mapped[dict[str, str] | None] = mapped_column(JSON)
    text: Mapped[dict[str, str]] = mapped_column(JSON)
    enabled: Mapped[bool] = mapped_column(default=True)
    # a scale item's dimension and whether it is reversed
    attributes: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (UniqueConstraint("step_id", "origin", "source_id"),)


class Answer(db.Model):  # type: ignore[name-defined,misc]
    """One participant's answer to one item in one dimension: a check's Ja / Nein / n.a., a
    hazard's likelihood, severity or traffic light. A change overwrites it (counted once); a
    skip deletes it."""

    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(
        ForeignKey("session_step.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("step_item.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL")
    )
    # the respondent's group, written with the answer: group figures never join the participant
    group: Mapped[str] = mapped_column(String(80))
    # after the unlink: the respondent's number in this step (see `person`); NULL while linked
    respondent: Mapped[int | None]
    dimension: Mapped[str] = mapped_column(String(12))
    value: Mapped[int]

    __table_args__ = (
        UniqueConstraint("item_id", "participant_id", "dimension"),
        Index("ix_answer_participant_id", "participant_id"),
        CheckConstraint("value BETWEEN 1 AND 20", name="value_range"),
    )


class ActionItem(db.Model):  # type: ignore[name-defined,misc]
    """A row of the action plan (OiRA's columns and ours), edited by the facilitator during
    and after the workshop. Only what the facilitator types: a person's name appears only if
    they type one as responsible."""

    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    ws_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    hazard_id: Mapped[int | None] = mapped_column(ForeignKey("step_item.id", ondelete="SET NULL"))
    # the participant's proposal this row was taken over from: at most one row per proposal
    note_id: Mapped[int | None] = mapped_column(ForeignKey("note.id", ondelete="SET NULL"))
    position: Mapped[int]
    measure: Mapped[str] = mapped_column(Text)
    stop_type: Mapped[str] = mapped_column(String(1), default="O")
    priority: Mapped[str] = mapped_column(String(6), default="medium")
    expertise: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(String(200), default="")
    budget: Mapped[str] = mapped_column(String(100), default="")
    start_on: Mapped[date | None]
    due_on: Mapped[date | None]
    effectiveness: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)

    __table_args__ = (
        CheckConstraint("stop_type IN ('S', 'T', 'O', 'P')", name="stop_type_known"),
        CheckConstraint("length(measure) > 0", name="measure_not_empty"),
        Index("uq_action_item_note_id", "note_id", unique=True),
    )


class OwnTemplate(db.Model):  # type: ignore[name-defined,misc]
    """A facilitator's own template, saved from a session's steps; only its owner sees it."""

    __tablename__ = "own_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    summary: Mapped[dict[str, str]] = mapped_column(JSON)
    duration_minutes: Mapped[int]
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # as in a session's template copy
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class WorkshopMember(db.Model):  # type: ignore[name-defined,misc]
    """A facilitator account in a workshop's team besides its owner: a co-facilitator (the
    owner's control rights) or an observer (the live control view, read-only). The owner is
    `WorkshopSession.owner_id`, never a row here (`rules.team`)."""

    __tablename__ = "workshop_member"

    ws_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[Role] = mapped_column(
        Enum(
            Role,
            native_enum=False,
            length=20,
            values_callable=lambda roles: [r.value for r in roles],
        )
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)

    __table_args__ = (CheckConstraint("role IN ('cofacilitator', 'observer')", name="member_role"),)


def person(contribution: type[Answer] | type[Vote]) -> ColumnElement[int]:
    """One number per person and step of whoever gave an answer or a vote, for counting
    distinct people: the participant's id while linked, minus the step's pseudonym after the
    unlink (`retention`), so every count is the same before and after it."""
    return func.coalesce(contribution.participant_id, -contribution.respondent)
