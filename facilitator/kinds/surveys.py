"""Step kinds of surveys, polls and quizzes: `scale`, `poll` and `quiz` (EXERCISES.md §1.2,
T1, T3, T10, T12).

- `scale`: Likert items grouped into dimensions, reversed items, optional "keine Angabe", and
  optionally every item asked twice with two labels (e.g. Ist and Soll).
- `poll`: single or multiple choice with live bars.
- `quiz`: a poll with correct answers and an explanation, revealed by the facilitator; it shows
  how many chose right, never a ranking of people.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField
from wtforms.validators import NumberRange, Optional

from .. import errors
from ..catalog import fields
from ..catalog.spec import StepSpec
from ..live.content import StepContent
from ..queries.answer_data import own_dimensions, own_sum_elsewhere
from ..rules import assessment as ar
from ..rules import surveys
from ..sessions.models import SessionStep, StepItem, StepLike
from . import surveys_live
from .base import StepKind
from .notes import typed
from .surveys_report import poll_section, quiz_section, scale_section, weighted_section

AGREEMENT = [
    {"de": "trifft gar nicht zu", "en": "strongly disagree"},
    {"de": "trifft eher nicht zu", "en": "disagree"},
    {"de": "teils, teils", "en": "neutral"},
    {"de": "trifft eher zu", "en": "agree"},
    {"de": "trifft voll zu", "en": "strongly agree"},
]


class Scale(StepKind):
    """Likert items in dimensions; results per item and dimension."""

    name = "scale"
    has_input = True
    has_items = True

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        fields.reject_unknown(
            raw,
            {
                "points",
                "labels",
                "first_value",
                "no_answer",
                "nominal",
                "dimensions",
                "items",
                "variants",
                "results_visible",
            },
            where,
        )
        points = fields.integer(raw.get("points", 5), f"{where}.points", 2, 11)
        labels = fields.labels(raw.get("labels"), f"{where}.labels", points, AGREEMENT)
        first_value = fields.integer(raw.get("first_value", 1), f"{where}.first_value", -10, 10)
        _numbered_as(labels, first_value, where)
        dimensions = (
            fields.keyed_texts(raw["dimensions"], f"{where}.dimensions", 1, 12, "title")
            if "dimensions" in raw
            else []
        )
        known = {d["key"] for d in dimensions}
        items = []
        for at, item, item_key in fields.keyed_tables(
            fields.required(raw, "items", where),
            f"{where}.items",
            1,
            80,
            {"text", "dimension", "reversed"},
        ):
            dimension = item.get("dimension")
            if dimensions and dimension not in known:
                raise fields.fail(f"{at}.dimension", f"must be one of {sorted(known)}")
            if not dimensions and dimension is not None:
                raise fields.fail(f"{at}.dimension", "no dimensions are defined for this step")
            items.append(
                {
                    "key": item_key,
                    "text": fields.text(fields.required(item, "text", at), f"{at}.text"),
                    "area": next((d["title"] for d in dimensions if d["key"] == dimension), None),
                    "dimension": dimension,
                    "reversed": fields.boolean(item.get("reversed", False), f"{at}.reversed"),
                }
            )
        variants = raw.get("variants")
        if variants is not None:
            if not isinstance(variants, list) or len(variants) != len(surveys.VARIANTS):
                raise fields.fail(
                    f"{where}.variants", "needs exactly two labels, e.g. Ist and Soll"
                )
            variants = [fields.text(v, f"{where}.variants[{i}]") for i, v in enumerate(variants)]
        return {
            "points": points,
            "labels": labels,
            # the number the first label stands for (the next ones count up by one): means
            # are on these numbers, e.g. 0 for an automation scale labelled 0 … 5
            "first_value": first_value,
            "no_answer": fields.boolean(raw.get("no_answer", True), f"{where}.no_answer"),
            # categories without an order (e.g. geregelt / offen / strittig): no means
            "nominal": fields.boolean(raw.get("nominal", False), f"{where}.nominal"),
            "dimensions": dimensions,
            "items": items,
            "variants": variants,
            "results_visible": fields.boolean(
                raw.get("results_visible", False), f"{where}.results_visible"
            ),
        }

    # --- write side ---
    item_list = "items"
    own_items = True
    summary = ar.SCALED
    editable = True
    edit_label = _l("Scale (agreement, five points)")
    edit_place = 6
    edit_lines = _l("Scale: the items.")

    def item_attributes(self, item: Mapping[str, Any]) -> dict[str, Any] | None:
        return {"dimension": item.get("dimension"), "reversed": item.get("reversed", False)}

    def saved_item(self, entry: dict[str, Any], item: StepItem) -> dict[str, Any] | None:
        """A scale item keeps its dimension and direction; one switched off is left out."""
        if not item.enabled:
            return None
        attributes = item.attributes or {}
        return {
            **entry,
            "dimension": attributes.get("dimension"),
            "reversed": bool(attributes.get("reversed")),
        }

    answer_dimensions = (surveys.SCALE, *surveys.VARIANTS)  # the answer, or Ist and Soll

    def dimensions(self, settings: Mapping[str, Any]) -> dict[str, int]:
        top = settings["points"] + (1 if settings["no_answer"] else 0)
        names = surveys.VARIANTS if settings.get("variants") else (surveys.SCALE,)
        return dict.fromkeys(names, top)

    def raw_settings(self, lines: Sequence[str], extra: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "items": [{"key": f"i{i + 1}", "text": typed(text)} for i, text in enumerate(lines)]
        }

    report_section = staticmethod(scale_section)

    # --- live view ---
    phone_input = "items"
    answer_form: ClassVar[str | None] = "likert"

    def header(self, step: SessionStep) -> dict[str, Any]:
        settings = step.settings
        header = super().header(step)
        for name in ("points", "labels", "no_answer", "nominal", "variants", "dimensions"):
            header[name] = settings[name]
        header["first_value"] = settings.get("first_value", 1)  # the first label's number
        return header

    def add_results(
        self, content: StepContent, snapshot: dict[str, Any], *, with_groups: bool
    ) -> None:
        snapshot["profile"] = surveys_live.profile(content, with_groups=with_groups)


LEADING_NUMBER = re.compile(r"^\s*(-?\d+)\b")


def _numbered_as(labels: Sequence[Mapping[str, str]], first_value: int, where: str) -> None:
    """Labels that carry numbers ("0 Mensch ohne KI", "1 KI informiert" …) must count up
    from `first_value`, or means would be on other numbers than the labels show."""
    for language in sorted({language for label in labels for language in label}):
        found = [LEADING_NUMBER.match(label.get(language, "")) for label in labels]
        if not all(found):
            continue
        numbers = [int(match.group(1)) for match in found if match]
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            continue  # not a numbered scale (e.g. percentages)
        if numbers[0] != first_value:
            raise fields.fail(
                f"{where}.first_value",
                f"the labels are numbered from {numbers[0]}: set first_value = {numbers[0]}",
            )


def _options(raw: Mapping[str, Any], where: str, most: int) -> list[dict[str, Any]]:
    return fields.keyed_texts(fields.required(raw, "options", where), f"{where}.options", 2, most)


class Poll(StepKind):
    """Single or multiple choice with live bars."""

    name = "poll"
    has_input = True
    has_items = True
    keys: ClassVar[frozenset[str]] = frozenset(
        {"options", "multiple", "max_choices", "results_visible"}
    )
    results_default: ClassVar[bool] = True

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        fields.reject_unknown(raw, set(self.keys), where)
        options = _options(raw, where, surveys.MAX_OPTIONS)
        multiple = fields.boolean(raw.get("multiple", False), f"{where}.multiple")
        max_choices = 1
        if multiple:
            max_choices = fields.integer(
                raw.get("max_choices", len(options)), f"{where}.max_choices", 1, len(options)
            )
        elif "max_choices" in raw:
            raise fields.fail(f"{where}.max_choices", "only with multiple = true")
        return {
            "options": options,
            "multiple": multiple,
            "max_choices": max_choices,
            "results_visible": fields.boolean(
                raw.get("results_visible", self.results_default), f"{where}.results_visible"
            ),
        }

    # --- write side ---
    prompt_is_item = True
    summary = ar.CHOSEN
    editable = True
    edit_label = _l("Poll")
    edit_place = 4
    edit_lines = _l("Poll: the options.")
    quick_fields: ClassVar[Mapping[str, Any]] = {
        "multiple": BooleanField(_l("Several options may be chosen")),
    }

    def template_items(self, step: SessionStep) -> list[Mapping[str, Any]]:
        return [{"text": step.prompt}]  # one question, answered by choosing options

    answer_dimensions = (surveys.CHOICE, *surveys.MULTI)  # single, or one per option ticked

    def dimensions(self, settings: Mapping[str, Any]) -> dict[str, int]:
        options = len(settings["options"])
        if settings["multiple"]:
            return dict.fromkeys(surveys.MULTI[:options], 1)
        return {surveys.CHOICE: options}

    def check_answer(
        self, step: StepLike, item_id: int, participant_id: int, dimension: str, value: int
    ) -> None:
        """A multiple choice's ticks are one dimension each: at most `max_choices` of them."""
        if dimension in surveys.MULTI:
            ticked = own_dimensions(item_id, participant_id)
            if len(ticked | {dimension}) > step.settings["max_choices"]:
                raise errors.ChoiceLimit()

    def raw_settings(self, lines: Sequence[str], extra: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "options": [{"key": f"o{i + 1}", "text": typed(text)} for i, text in enumerate(lines)],
            "multiple": bool(extra.get("multiple")),
        }

    report_section = staticmethod(poll_section)

    # --- live view ---
    phone_input = "items"
    answer_form: ClassVar[str | None] = "choice"

    def header(self, step: SessionStep) -> dict[str, Any]:
        settings = step.settings
        return {
            **super().header(step),
            "options": settings["options"],
            "multiple": settings["multiple"],
            "max_choices": settings["max_choices"],
        }


class Quiz(Poll):
    """A poll with correct answers and an explanation, revealed by the facilitator."""

    name = "quiz"
    keys: ClassVar[frozenset[str]] = Poll.keys | {"correct", "explanation"}
    results_default: ClassVar[bool] = False

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        settings = super().parse_settings(raw, where, earlier)
        correct = fields.required(raw, "correct", where)
        keys = [o["key"] for o in settings["options"]]
        if not isinstance(correct, list) or not correct or any(c not in keys for c in correct):
            raise fields.fail(f"{where}.correct", f"must list option keys out of {keys}")
        if len(correct) > 1 and not settings["multiple"]:
            raise fields.fail(f"{where}.correct", "several correct options need multiple = true")
        explanation = raw.get("explanation")
        settings["correct"] = list(dict.fromkeys(correct))
        settings["explanation"] = (
            fields.text(explanation, f"{where}.explanation") if explanation is not None else None
        )
        return settings

    # --- write side ---
    answer_in_results = True
    reads_selections = True
    edit_label = _l("Quiz question")
    edit_place = 5
    edit_lines = _l("Quiz: the options.")
    quick_fields: ClassVar[Mapping[str, Any]] = {
        **Poll.quick_fields,  # the same field: a quiz may have several correct options too
        "correct": IntegerField(
            _l("Quiz: number of the correct option"),
            validators=[Optional(), NumberRange(1, surveys.MAX_OPTIONS)],
            render_kw={"class": "short"},
        ),
    }

    def raw_settings(self, lines: Sequence[str], extra: Mapping[str, Any]) -> dict[str, Any]:
        return {
            **super().raw_settings(lines, extra),
            "correct": [f"o{extra['correct']}"] if extra.get("correct") else [],
        }

    report_section = staticmethod(quiz_section)

    # --- live view ---

    def header(self, step: SessionStep) -> dict[str, Any]:
        header = super().header(step)
        if step.results_visible:  # never before the reveal
            header["correct"] = step.settings["correct"]
            header["explanation"] = step.settings["explanation"]
        return header

    def phone_view(self, content: StepContent, snapshot: dict[str, Any]) -> None:
        super().phone_view(content, snapshot)
        if content.step.results_visible:
            snapshot["chose_right"] = surveys_live.chose_right(content)

    def control_view(self, content: StepContent, snapshot: dict[str, Any]) -> None:
        super().control_view(content, snapshot)
        # the facilitator knows the answer before the reveal
        settings = content.step.settings
        snapshot["step"] = {
            **snapshot["step"],
            "correct": settings["correct"],
            "explanation": settings["explanation"],
        }

    def add_results(
        self, content: StepContent, snapshot: dict[str, Any], *, with_groups: bool
    ) -> None:
        snapshot["chose_right"] = surveys_live.chose_right(content)


QUALITY = [
    {"de": "ungenügend", "en": "insufficient"},
    {"de": "schwach", "en": "weak"},
    {"de": "mittel", "en": "fair"},
    {"de": "gut", "en": "good"},
    {"de": "sehr gut", "en": "very good"},
]


class Weighted(StepKind):
    """A weighted decision: participants distribute points over criteria and rate every option
    per criterion; the result is a weighted score per option with its spread."""

    name = "weighted"
    has_input = True
    has_items = True

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        fields.reject_unknown(
            raw, {"criteria", "options", "budget", "points", "labels", "results_visible"}, where
        )
        criteria = fields.keyed_texts(
            fields.required(raw, "criteria", where), f"{where}.criteria", 2, 12
        )
        options = _options(raw, where, surveys.MAX_DECISION_OPTIONS)
        points = fields.integer(raw.get("points", 5), f"{where}.points", 2, 10)
        labels = fields.labels(raw.get("labels"), f"{where}.labels", points, QUALITY)
        return {
            "criteria": criteria,
            "options": options,
            "budget": fields.integer(raw.get("budget", 10), f"{where}.budget", 1, 20),
            "points": points,
            "labels": labels,
            "results_visible": fields.boolean(
                raw.get("results_visible", False), f"{where}.results_visible"
            ),
        }

    # --- write side ---
    item_list = "criteria"
    summary = ar.DECIDED
    reads_decision = True

    answer_dimensions = (surveys.WEIGHT, *surveys.RATE)  # a criterion's points, its ratings

    def dimensions(self, settings: Mapping[str, Any]) -> dict[str, int]:
        rates = surveys.RATE[: len(settings["options"])]
        return {surveys.WEIGHT: settings["budget"], **dict.fromkeys(rates, settings["points"])}

    def check_answer(
        self, step: StepLike, item_id: int, participant_id: int, dimension: str, value: int
    ) -> None:
        """A weighted decision's points: all criteria together at most the budget."""
        if dimension == surveys.WEIGHT:
            elsewhere = own_sum_elsewhere(step.id, participant_id, surveys.WEIGHT, item_id)
            if elsewhere + value > step.settings["budget"]:
                raise errors.VoteBudgetExceeded()

    report_section = staticmethod(weighted_section)

    # --- live view ---
    phone_input = "weights"

    def header(self, step: SessionStep) -> dict[str, Any]:
        header = super().header(step)
        for name in ("criteria", "options", "budget", "points", "labels"):
            header[name] = step.settings[name]
        return header

    def add_results(
        self, content: StepContent, snapshot: dict[str, Any], *, with_groups: bool
    ) -> None:
        snapshot["decision"] = surveys_live.decision(content)
