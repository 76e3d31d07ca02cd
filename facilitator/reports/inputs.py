"""What a report is built from: plain values read from the database (`load.py` reads them,
`build.py` and the kinds' section builders turn them into the report). Nothing here links a
contribution to a participant, and this module imports nothing that reads the database, so the
kinds' builders depend on it without depending on the reading (which asks the kinds what to read).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .. import assessment as ar
from .. import surveys
from ..sessions.moderation_log import StepModeration


@dataclass(frozen=True)
class StepInput:
    position: int
    kind: str
    key: str
    title: dict[str, str]
    prompt: dict[str, str]
    settings: dict[str, Any]
    breakdown: str = "pending"  # disclosure.Breakdown of the step
    is_open: bool = False  # input open (only while the workshop is live)


@dataclass(frozen=True)
class NoteInput:
    id: int
    step_key: str
    column: str
    text: str
    hidden: bool
    merged_into: int | None


@dataclass(frozen=True)
class DotInput:
    step_key: str
    note_id: int
    group: str
    dots: int


@dataclass(frozen=True)
class ItemInput:
    """A statement or hazard of a check, risk or actions step."""

    id: int
    step_key: str
    origin: str
    source_id: int | None
    area: dict[str, str] | None
    text: dict[str, str]
    enabled: bool
    attributes: dict[str, Any] | None = None


@dataclass(frozen=True)
class ActionInput:
    hazard_id: int | None
    measure: str
    stop_type: str
    priority: str
    expertise: str
    responsible: str
    budget: str
    start_on: date | None
    due_on: date | None
    effectiveness: str
    status: str


@dataclass(frozen=True)
class ReportInput:
    title: str
    organisation: str
    language: str
    template_title: dict[str, str]
    facilitator: str
    created_at: datetime
    closed_at: datetime | None
    live: bool
    threshold: int
    groups: tuple[str, ...]
    participants_by_group: dict[str, int]
    steps: tuple[StepInput, ...]
    notes: tuple[NoteInput, ...]
    dots: tuple[DotInput, ...]
    voters: dict[str, int]  # per dot-vote step key: how many people spent dots
    # per step key: distinct people per group who voted (dot vote) or answered (other kinds)
    people: dict[str, dict[str, int]] = field(default_factory=dict)
    retention_days: int = 90
    unlink_after_minutes: int = 60
    items: tuple[ItemInput, ...] = ()
    # per step key: answers counted per item, dimension, value and group (no person in them)
    answers: dict[str, tuple[ar.AnswerCount, ...]] = field(default_factory=dict)
    respondents: dict[tuple[int, str], int] = field(default_factory=dict)
    actions: tuple[ActionInput, ...] = ()
    # per quiz step key: each respondent's chosen option numbers, without who
    selections: dict[str, tuple[frozenset[int], ...]] = field(default_factory=dict)
    decisions: dict[str, surveys.Decision] = field(default_factory=dict)  # weighted steps
    # the document's facts (reports/document.py): where and when it was really held
    place: str = ""
    input_opened_at: datetime | None = None
    last_activity_at: datetime | None = None
    # the template's declared learning objectives, one {"de": …, "en": …} table each
    learning_objectives: tuple[dict[str, str], ...] = ()
    # per Q&A step key: distinct people who upvoted each shown question (a merged duplicate's
    # upvotes count for the question it was merged into, each person once); each question's
    # status where it is not open
    upvotes: dict[str, dict[int, int]] = field(default_factory=dict)
    question_status: dict[int, str] = field(default_factory=dict)
    # per step key: the moderation log summed up (how many notes per action, when) and the
    # notes still waiting for approval; never which notes
    moderation: dict[str, StepModeration] = field(default_factory=dict)
