"""The Q&A kind: questions with upvotes (a board whose notes are questions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l

from ..catalog import fields
from ..catalog.spec import StepSpec
from ..live.content import StepContent
from . import notes_live, qa_live
from .notes import Board, note_limits
from .qa_report import qa_method_notes, qa_section

# whom questions are addressed to when a Q&A step names nobody (a template should name them)
DEFAULT_ADDRESSEES = [
    {"key": "geschaeftsleitung", "title": {"de": "Geschäftsleitung", "en": "Management"}},
    {"key": "betriebsrat", "title": {"de": "Betriebsrat", "en": "Works council"}},
    {"key": "moderation", "title": {"de": "Moderation", "en": "Facilitator"}},
]


class QandA(Board):
    """Questions and answers: participants ask questions addressed to someone (the columns),
    upvote others' questions once each, and see them ranked; the facilitator marks the one
    being answered (shown big on the projector) and the answered ones. A question is a note,
    an upvote a one-dot vote, so moderation and hiding work as on a board."""

    name = "qa"

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        fields.reject_unknown(
            raw, {"columns", "max_note_length", "max_notes", "results_visible"}, where
        )
        columns = (
            fields.keyed_texts(raw["columns"], f"{where}.columns", 1, 8, "title")
            if "columns" in raw
            else [dict(column) for column in DEFAULT_ADDRESSEES]
        )
        return {"columns": columns, **note_limits(raw, where, 5)}

    # --- write side ---
    has_questions = True
    counts_voters = True  # upvotes
    edit_label = _l("Questions and answers (Q&A)")
    edit_place = 3
    edit_lines = _l("Q&A: to whom questions go (none: management, works council, facilitator).")

    def raw_settings(self, lines: Sequence[str], extra: Mapping[str, Any]) -> dict[str, Any]:
        if not lines:
            return {}  # the default addressees: management, works council, facilitator
        return super().raw_settings(lines, extra)

    report_section = staticmethod(qa_section)

    method_notes = staticmethod(qa_method_notes)

    # --- live view ---
    phone_input = "questions"
    styles = ("css/qa.css",)
    scripts = ("js/qa.js",)  # its list and upvotes on every live page (`Live.inputs.questions`)
    note_target: ClassVar[str | None] = "addressee"
    chooses_view: ClassVar[bool] = False

    def load(self, content: StepContent) -> None:
        super().load(content)
        qa_live.load_upvotes(content)

    def phone_view(self, content: StepContent, snapshot: dict[str, Any]) -> None:
        qa_live.add_questions(content, snapshot, facilitator=False)

    def projector_view(self, content: StepContent, snapshot: dict[str, Any]) -> None:
        qa_live.add_questions(content, snapshot, facilitator=False)

    def control_view(self, content: StepContent, snapshot: dict[str, Any]) -> None:
        super().control_view(content, snapshot)
        qa_live.add_questions(content, snapshot, facilitator=True)

    def owners(self, content: StepContent) -> set[int]:
        return super().owners(content) | notes_live.voters(content)

    def blank_state(self, content: StepContent, state: dict[str, Any]) -> None:
        state["upvoted"] = []

    def fill_states(self, content: StepContent, states: dict[int, dict[str, Any]]) -> None:
        super().fill_states(content, states)
        qa_live.fill_upvoted(content, states)
