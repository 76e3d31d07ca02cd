"""Step kinds of the risk assessment: `check`, `risk` and `actions` (EXERCISES.md T5, T7, T13).

- `check`: OiRA-style statements of how work should be with the AI, grouped by area, answered
  Ja / Nein / trifft nicht zu; unmet statements become hazards of a later `risk` step.
- `risk`: hazards rated on a likelihood x severity matrix (a lookup table from the template) or
  with a traffic light; hazards come from the template's catalogue, a `check` and a board.
- `actions`: participants propose measures for the prioritised hazards of a `risk` step; the
  facilitator turns them into the action plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from .. import queries
from ..catalog import fields
from ..catalog.spec import StepSpec
from ..live.content import StepContent
from ..rules import assessment as ar
from ..sessions.models import SessionStep, StepLike
from . import items_live
from .base import StepKind
from .items_plan import actions_method_notes, check_method_notes, risk_method_notes
from .items_report import actions_section, check_section, risk_section


def _items(raw: Any, where: str, name: str, low: int, high: int) -> list[dict[str, Any]]:
    """Statements or hazards: key, optional area, text, optional enabled flag."""
    items = []
    for at, item, item_key in fields.keyed_tables(
        raw, f"{where}.{name}", low, high, {"area", "text", "enabled"}
    ):
        area = item.get("area")
        items.append(
            {
                "key": item_key,
                "area": fields.text(area, f"{at}.area") if area is not None else None,
                "text": fields.text(fields.required(item, "text", at), f"{at}.text"),
                "enabled": fields.boolean(item.get("enabled", True), f"{at}.enabled"),
            }
        )
    return items


def _earlier(
    raw: Mapping[str, Any], name: str, kind: str, where: str, earlier: Sequence[StepSpec]
) -> str | None:
    value = raw.get(name)
    if value is None:
        return None
    step_key = fields.key(value, f"{where}.{name}")
    if not any(step.key == step_key and step.kind == kind for step in earlier):
        raise fields.fail(f"{where}.{name}", f"{step_key!r} is not an earlier {kind} step")
    return step_key


def _labels(raw: Any, where: str) -> list[dict[str, str]]:
    if not isinstance(raw, list) or not 2 <= len(raw) <= 7:
        raise fields.fail(where, "must be a list of 2 to 7 labels")
    return [fields.text(label, f"{where}[{index}]") for index, label in enumerate(raw)]


def _matrix(raw: Any, where: str) -> dict[str, Any]:
    """A custom matrix, or the default one; every cell must fall into exactly one class."""
    default = ar.default_matrix()
    if raw is None:
        return default
    if not isinstance(raw, Mapping):
        raise fields.fail(where, "must be a table")
    fields.reject_unknown(raw, {"name", "likelihood", "severity", "table", "classes"}, where)
    name = fields.text(raw.get("name", default["name"]), f"{where}.name")
    likelihood = _labels(fields.required(raw, "likelihood", where), f"{where}.likelihood")
    severity = _labels(fields.required(raw, "severity", where), f"{where}.severity")
    table = fields.required(raw, "table", where)
    if not isinstance(table, list) or len(table) != len(likelihood):
        raise fields.fail(f"{where}.table", "needs one row per likelihood level")
    for index, row in enumerate(table):
        if not isinstance(row, list) or len(row) != len(severity):
            raise fields.fail(f"{where}.table[{index}]", "needs one value per severity level")
        for column, value in enumerate(row):
            fields.integer(value, f"{where}.table[{index}][{column}]", 1, 99)
    classes: list[dict[str, Any]] = []
    for index, item in enumerate(
        fields.table_list(fields.required(raw, "classes", where), f"{where}.classes", 2, 6)
    ):
        at = f"{where}.classes[{index}]"
        fields.reject_unknown(item, {"key", "label", "min", "max"}, at)
        low = fields.integer(fields.required(item, "min", at), f"{at}.min", 1, 99)
        high = fields.integer(fields.required(item, "max", at), f"{at}.max", low, 99)
        if classes and low != classes[-1]["max"] + 1:
            raise fields.fail(f"{at}.min", "classes must follow each other without gaps")
        classes.append(
            {
                "key": fields.key(fields.required(item, "key", at), f"{at}.key"),
                "label": fields.text(fields.required(item, "label", at), f"{at}.label"),
                "min": low,
                "max": high,
            }
        )
    for index, row in enumerate(table):
        for column, value in enumerate(row):
            if not classes[0]["min"] <= value <= classes[-1]["max"]:
                raise fields.fail(f"{where}.table[{index}][{column}]", f"{value} is in no class")
    return {
        "name": name,
        "likelihood": likelihood,
        "severity": severity,
        "table": table,
        "classes": classes,
    }


def _results_visible(raw: Mapping[str, Any], where: str, default: bool) -> bool:
    return fields.boolean(raw.get("results_visible", default), f"{where}.results_visible")


class Check(StepKind):
    """Statements answered Ja / Nein / trifft nicht zu (OiRA style)."""

    name = "check"
    has_input = True
    has_items = True

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        fields.reject_unknown(raw, {"statements", "min_no_percent", "results_visible"}, where)
        return {
            "statements": _items(
                fields.required(raw, "statements", where), where, "statements", 1, 80
            ),
            "min_no_percent": fields.integer(
                raw.get("min_no_percent", 30), f"{where}.min_no_percent", 1, 100
            ),
            "results_visible": _results_visible(raw, where, False),
        }

    # --- write side ---
    item_list = "statements"
    own_items = True
    summary = ar.CHECKED
    risk_assessment = True

    answer_dimensions = (ar.ANSWER,)

    def dimensions(self, settings: Mapping[str, Any]) -> dict[str, int]:
        return {ar.ANSWER: len(ar.CHECK_VALUES)}

    report_section = staticmethod(check_section)

    method_notes = staticmethod(check_method_notes)

    # --- live view ---
    phone_input = "items"
    answer_form: ClassVar[str | None] = "yes_no"
    lists_items = True


class Risk(StepKind):
    """Hazards rated on a likelihood x severity matrix or with a traffic light."""

    name = "risk"
    has_input = True
    has_items = True

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        fields.reject_unknown(
            raw,
            {
                "mode",
                "check",
                "board",
                "hazards",
                "matrix",
                "priority_from",
                "disagreement_gap",
                "question",
                "lights",
                "results_visible",
            },
            where,
        )
        mode = raw.get("mode", ar.MATRIX)
        if mode not in (ar.MATRIX, ar.TRAFFIC_LIGHT):
            raise fields.fail(f"{where}.mode", 'must be "matrix" or "traffic_light"')
        if mode == ar.TRAFFIC_LIGHT and "matrix" in raw:
            raise fields.fail(f"{where}.matrix", 'only for mode = "matrix"')
        for name in ("question", "lights"):
            if mode == ar.MATRIX and name in raw:
                raise fields.fail(f"{where}.{name}", 'only for mode = "traffic_light"')
        check = _earlier(raw, "check", "check", where, earlier)
        board = _earlier(raw, "board", "board", where, earlier)
        hazards = _items(raw["hazards"], where, "hazards", 0, 80) if "hazards" in raw else []
        if not hazards and check is None and board is None:
            raise fields.fail(where, "needs hazards, a check step or a board to take them from")
        matrix = _matrix(raw.get("matrix"), f"{where}.matrix") if mode == ar.MATRIX else None
        priority_from = None
        if matrix is not None:
            keys = [c["key"] for c in matrix["classes"]]
            priority_from = raw.get("priority_from", keys[1])
            if priority_from not in keys:
                raise fields.fail(f"{where}.priority_from", f"must be one of {keys}")
        elif "priority_from" in raw:
            raise fields.fail(f"{where}.priority_from", 'only for mode = "matrix"')
        return {
            "mode": mode,
            "check": check,
            "board": board,
            "hazards": hazards,
            "matrix": matrix,
            "priority_from": priority_from,
            "disagreement_gap": fields.integer(
                raw.get("disagreement_gap", 2), f"{where}.disagreement_gap", 1, 10
            ),
            "question": (
                fields.text(raw["question"], f"{where}.question") if "question" in raw else None
            ),
            "lights": _lights(raw["lights"], f"{where}.lights") if "lights" in raw else None,
            "results_visible": _results_visible(raw, where, False),
        }

    # --- write side ---
    item_list = "hazards"
    own_items = True
    summary = ar.RATED
    rates_hazards = True
    risk_assessment = True

    answer_dimensions = (ar.LIKELIHOOD, ar.SEVERITY, ar.LIGHT)  # a matrix's axes, or a light

    def dimensions(self, settings: Mapping[str, Any]) -> dict[str, int]:
        matrix = settings.get("matrix")
        if matrix is None:
            return {ar.LIGHT: len(ar.LIGHT_VALUES)}
        return {ar.LIKELIHOOD: len(matrix["likelihood"]), ar.SEVERITY: len(matrix["severity"])}

    def sources(self, settings: Mapping[str, Any]) -> set[str]:
        return {key for key in self.take_over_sources(settings).values() if key}

    def take_over_sources(self, settings: Mapping[str, Any]) -> dict[str, str | None]:
        return {"check": settings.get("check"), "note": settings.get("board")}

    def taken_on_entering(self, settings: Mapping[str, Any]) -> str | None:
        return "check" if settings.get("check") else None  # the unmet statements

    report_section = staticmethod(risk_section)

    method_notes = staticmethod(risk_method_notes)

    # --- live view ---
    phone_input = "items"
    answer_form: ClassVar[str | None] = "rating"
    lists_items = True

    def header(self, step: SessionStep) -> dict[str, Any]:
        settings = step.settings
        return {
            **super().header(step),
            "mode": settings["mode"],
            "matrix": settings["matrix"],
            "question": settings.get("question"),  # traffic light; None: the default
            "lights": settings.get("lights"),
        }

    def candidates(self, content: StepContent) -> list[dict[str, Any]]:
        """A check's unmet statements and a board's notes."""
        settings = content.step.settings
        return items_live.candidates(
            content, [("check", settings.get("check")), ("note", settings.get("board"))]
        )


def _lights(raw: Any, where: str) -> list[dict[str, str]]:
    """The labels of green, yellow and red. They must fit the question and the hazards'
    wording: a hazard is asked "how much?" (green = little), a goal "how well met?"."""
    if not isinstance(raw, list) or len(raw) != 3:
        raise fields.fail(where, "must be a list of 3 labels: green, yellow, red")
    return [fields.text(label, f"{where}[{index}]") for index, label in enumerate(raw)]


class Actions(StepKind):
    """Measures proposed per prioritised hazard of an earlier `risk` step."""

    name = "actions"
    accepts_notes = True
    has_input = True
    moderatable = True
    has_items = True

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        fields.reject_unknown(
            raw, {"source", "max_note_length", "max_notes", "results_visible"}, where
        )
        source = _earlier(raw, "source", "risk", where, earlier)
        if source is None:
            raise fields.fail(f"{where}.source", "missing: the key of an earlier risk step")
        return {
            "source": source,
            "max_note_length": fields.integer(
                raw.get("max_note_length", 280), f"{where}.max_note_length", 10, 1000
            ),
            "max_notes": fields.integer(raw.get("max_notes", 20), f"{where}.max_notes", 1, 100),
            "results_visible": _results_visible(raw, where, True),
        }

    # --- write side ---
    proposes_measures = True
    risk_assessment = True

    def note_columns(self, step: StepLike) -> list[dict[str, Any]]:
        """Its hazards, one column each (keyed `i<item id>`)."""
        return queries.item_columns(step)

    def sources(self, settings: Mapping[str, Any]) -> set[str]:
        return {settings["source"]} if settings.get("source") else set()

    def take_over_sources(self, settings: Mapping[str, Any]) -> dict[str, str | None]:
        return {"risk": settings.get("source")}

    def taken_on_entering(self, settings: Mapping[str, Any]) -> str | None:
        return "risk"  # the prioritised hazards

    report_section = staticmethod(actions_section)

    method_notes = staticmethod(actions_method_notes)

    # --- live view ---
    phone_input = "notes"
    note_target: ClassVar[str | None] = "hazard"
    lists_items = True

    def candidates(self, content: StepContent) -> list[dict[str, Any]]:
        """The risk step's rated hazards."""
        return items_live.candidates(content, [("risk", content.step.settings.get("source"))])

    def control_view(self, content: StepContent, snapshot: dict[str, Any]) -> None:
        super().control_view(content, snapshot)
        items_live.add_handover(content, snapshot)
