"""Kinds of the notes family: info, board, canvas and dot vote."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l

from ..catalog import fields
from ..catalog.spec import LANGUAGES, StepSpec
from ..live.content import StepContent, add_voters, words
from ..sessions.models import SessionStep
from . import notes_live
from .base import StepKind
from .notes_report import board_section, dot_vote_method_notes, dot_vote_section, info_section


def note_limits(raw: Mapping[str, Any], where: str, max_notes: int) -> dict[str, Any]:
    """The settings every note-collecting kind shares: how long a note may be, how many one
    person may write, and whether the notes are shown to everyone (default: yes)."""
    return {
        "max_note_length": fields.integer(
            raw.get("max_note_length", 280), f"{where}.max_note_length", 10, 1000
        ),
        "max_notes": fields.integer(raw.get("max_notes", max_notes), f"{where}.max_notes", 1, 100),
        "results_visible": fields.boolean(
            raw.get("results_visible", True), f"{where}.results_visible"
        ),
    }


def typed(text: str) -> dict[str, str]:
    """A text the facilitator typed in the room, in every language (they type in the room's)."""
    return {lang: text for lang in LANGUAGES}


class Info(StepKind):
    """A short input shown on the phones and the projector."""

    name = "info"

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        fields.reject_unknown(raw, {"link", "link_label"}, where)
        link = raw.get("link")
        if link is not None:
            link = fields.string(link, f"{where}.link", 500)
            if not link.startswith(("https://", "http://")):
                raise fields.fail(f"{where}.link", "must start with https:// or http://")
        label = raw.get("link_label")
        return {
            "link": link,
            "link_label": fields.text(label, f"{where}.link_label") if label is not None else None,
            "results_visible": True,
        }

    # --- write side ---
    editable = True
    edit_label = _l("Information")
    edit_place = 1

    report_section = staticmethod(info_section)

    # --- live view ---

    def header(self, step: SessionStep) -> dict[str, Any]:
        return {
            **super().header(step),
            "link": step.settings.get("link"),
            "link_label": step.settings.get("link_label"),
        }


class Board(StepKind):
    """Participants write notes into columns."""

    name = "board"
    accepts_notes = True
    has_input = True
    moderatable = True

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        fields.reject_unknown(
            raw, {"columns", "max_note_length", "max_notes", "results_visible", "view"}, where
        )
        view = raw.get("view", "wall")
        if view not in ("wall", "words"):
            raise fields.fail(f"{where}.view", 'must be "wall" or "words" (a word cloud)')
        columns = fields.keyed_texts(
            fields.required(raw, "columns", where), f"{where}.columns", 1, 6, "title"
        )
        return {"columns": columns, **note_limits(raw, where, 20), "view": view}

    # --- write side ---
    editable = True
    edit_label = _l("Board (notes in columns)")
    edit_place = 2
    edit_lines = _l("Board: its columns.")

    def raw_settings(self, lines: Sequence[str], extra: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "columns": [{"key": f"c{i + 1}", "title": typed(text)} for i, text in enumerate(lines)]
        }

    report_section = staticmethod(board_section)

    # --- live view ---
    phone_input = "notes"
    note_target: ClassVar[str | None] = "column"
    # the setting `view` shows the notes as a wall or a word cloud
    chooses_view: ClassVar[bool] = True

    def header(self, step: SessionStep) -> dict[str, Any]:
        header = super().header(step)
        if self.chooses_view:
            header["view"] = step.settings.get("view", "wall")
        return header

    def projector_view(self, content: StepContent, snapshot: dict[str, Any]) -> None:
        super().projector_view(content, snapshot)
        if content.step.settings.get("view") == "words" and content.step.results_visible:
            snapshot["words"] = words(content)

    def control_view(self, content: StepContent, snapshot: dict[str, Any]) -> None:
        if content.step.settings.get("view") == "words":
            snapshot["words"] = words(content)
        super().control_view(content, snapshot)


class DotVote(StepKind):
    """Participants spend a budget of dots on the notes of an earlier board."""

    name = "dot_vote"
    accepts_votes = True
    has_input = True

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        fields.reject_unknown(
            raw, {"source", "budget", "max_per_note", "columns", "results_visible"}, where
        )
        source_key = fields.key(fields.required(raw, "source", where), f"{where}.source")
        source = next((step for step in earlier if step.key == source_key), None)
        if source is None or source.kind not in ("board", "canvas"):
            raise fields.fail(
                f"{where}.source", f"{source_key!r} is not an earlier board or canvas step"
            )
        budget = fields.integer(raw.get("budget", 3), f"{where}.budget", 1, 20)
        max_per_note = fields.integer(
            raw.get("max_per_note", budget), f"{where}.max_per_note", 1, budget
        )
        known = [column["key"] for column in source.settings["columns"]]
        columns = raw.get("columns", known)
        if not isinstance(columns, list) or not columns:
            raise fields.fail(f"{where}.columns", "must be a list of column keys")
        for index, column in enumerate(columns):
            if column not in known:
                raise fields.fail(
                    f"{where}.columns[{index}]", f"no column {column!r} in {source_key!r}"
                )
        return {
            "source": source_key,
            "budget": budget,
            "max_per_note": max_per_note,
            "columns": list(columns),
            "results_visible": fields.boolean(
                raw.get("results_visible", False), f"{where}.results_visible"
            ),
        }

    # --- write side ---
    counts_voters = True

    def sources(self, settings: Mapping[str, Any]) -> set[str]:
        return {settings["source"]} if settings.get("source") else set()

    report_section = staticmethod(dot_vote_section)

    method_notes = staticmethod(dot_vote_method_notes)

    # --- live view ---
    phone_input = "dots"

    def header(self, step: SessionStep) -> dict[str, Any]:
        return {
            **super().header(step),
            "budget": step.settings["budget"],
            "max_per_note": step.settings["max_per_note"],
        }

    def load(self, content: StepContent) -> None:
        notes_live.load_vote(content, self.note_columns)  # a board's columns: the default

    def phone_view(self, content: StepContent, snapshot: dict[str, Any]) -> None:
        snapshot["notes"] = notes_live.phone_notes(content)

    def projector_view(self, content: StepContent, snapshot: dict[str, Any]) -> None:
        add_voters(content, snapshot)

    def control_view(self, content: StepContent, snapshot: dict[str, Any]) -> None:
        # how many of the board's notes still wait for approval (they are not offered)
        snapshot["source_pending"] = sum(1 for note in content.notes if note.pending)
        add_voters(content, snapshot)

    def owners(self, content: StepContent) -> set[int]:
        return notes_live.voters(content)

    def blank_state(self, content: StepContent, state: dict[str, Any]) -> None:
        state["dots_left"] = notes_live.dots_at_start(content.step)

    def fill_states(self, content: StepContent, states: dict[int, dict[str, Any]]) -> None:
        notes_live.fill_dots(content, states)


class Canvas(Board):
    """Named fields laid out as a grid (e.g. the AI canvas); notes go into fields, with the
    same moderation and dot voting as a board. Phones list the fields, the projector shows
    the grid."""

    name = "canvas"

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        fields.reject_unknown(
            raw,
            {"fields", "grid_columns", "max_note_length", "max_notes", "results_visible"},
            where,
        )
        grid_columns = fields.integer(raw.get("grid_columns", 3), f"{where}.grid_columns", 1, 6)
        columns, layout = [], {}
        for at, item, field_key in fields.keyed_tables(
            fields.required(raw, "fields", where),
            f"{where}.fields",
            1,
            16,
            {"title", "hint", "width", "height"},
        ):
            hint = item.get("hint")
            columns.append(
                {
                    "key": field_key,
                    "title": fields.text(fields.required(item, "title", at), f"{at}.title"),
                    "hint": fields.text(hint, f"{at}.hint") if hint is not None else None,
                }
            )
            layout[field_key] = {
                "width": fields.integer(item.get("width", 1), f"{at}.width", 1, grid_columns),
                "height": fields.integer(item.get("height", 1), f"{at}.height", 1, 4),
            }
        return {
            "columns": columns,
            "grid_columns": grid_columns,
            "layout": layout,
            **note_limits(raw, where, 30),
        }

    # --- write side ---
    editable = False  # its fields and grid need a template
    edit_label = None

    # --- live view ---
    note_target: ClassVar[str | None] = "field"
    chooses_view: ClassVar[bool] = False

    def header(self, step: SessionStep) -> dict[str, Any]:
        return {
            **super().header(step),
            "grid_columns": step.settings["grid_columns"],
            "layout": step.settings["layout"],
        }
