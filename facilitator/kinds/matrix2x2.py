"""The `matrix2x2` step kind: participants place each item on two axes, e.g. "Nutzen" x
"Aufwand" or "Dringlichkeit" x "Wirkung" (issue #13, item 5).

Each item is one of the step's items (seeded from the settings' `items`); a placement is one
answer per axis, dimensions `x` (horizontal, low on the left) and `y` (vertical, low at the
bottom), values 1 … `points`. An axis can be answered alone and changed while the step is open.

The result of an item is the median per axis (ordinal answers: never a mean), with the lowest
and highest value given, through the gate like every item: the people behind an item's figure
are those who placed it on at least one axis. The medians put the item into one of four
quadrants, labelled by the template; a median on a middle line puts it between two.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import disclosure
from ..catalog import fields, localize
from ..catalog.spec import StepSpec, Text
from ..live.content import StepContent
from ..queries.answer_data import items_of
from ..reports.blocks import Block, QuadrantBlock, QuadrantPoint, TableBlock
from ..reports.cells import Cell, mean_text
from ..reports.data import Highlights, StepSection
from ..reports.gated import other_groups_label, sentences
from ..reports.inputs import ReportInput, StepInput
from ..reports.section_base import (
    answered,
    answered_of_all,
    base_section,
    respondents,
    step_items,
)
from ..sessions.models import SessionStep
from .base import LiveText, StepKind, plural_forms
from .item_values import ItemValues, gated_values, step_values

X, Y = "x", "y"  # the dimensions of an answer: the horizontal and the vertical axis
AXES = (X, Y)
MAX_ITEMS = 12
QUADRANTS = ("top_left", "top_right", "bottom_left", "bottom_right")
LOW = {"de": "gering", "en": "low"}
HIGH = {"de": "hoch", "en": "high"}
LIVE_POOL = "*"  # the pool of small groups in live views (the pages translate it)


# --- the rules (pure) ----------------------------------------------------------------------


def median(values: Sequence[int]) -> float | None:
    """The middle value; of an even number the mean of the two middle values (a point on
    the plane may lie between two marks, unlike a risk class)."""
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    middle = n // 2
    return float(ordered[middle]) if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class AxisFigure:
    """An item's values on one axis: how many, the median, the lowest and highest."""

    n: int
    median: float
    low: int
    high: int


def axis_figure(values: Sequence[int]) -> AxisFigure | None:
    found = median(values)
    if found is None:
        return None
    return AxisFigure(len(values), found, min(values), max(values))


@dataclass(frozen=True)
class Placement:
    """Where an item lies: its figure on each axis (None: nobody placed it on that axis)."""

    x: AxisFigure | None
    y: AxisFigure | None

    def quadrant(self, points: int) -> str | None:
        """Which quadrant the medians point to (None: an axis unanswered, or a median on a
        middle line)."""
        if self.x is None or self.y is None:
            return None
        return quadrant(self.x.median, self.y.median, points)


def placement(values: Mapping[str, Sequence[int]]) -> Placement:
    return Placement(axis_figure(values.get(X, ())), axis_figure(values.get(Y, ())))


def quadrant(x: float, y: float, points: int) -> str | None:
    """The quadrant of a point on axes running 1 … points: top (high y) or bottom, left (low
    x) or right; None on a middle line."""
    middle = (points + 1) / 2
    if x == middle or y == middle:
        return None
    return f"{'top' if y > middle else 'bottom'}_{'right' if x > middle else 'left'}"


# --- the settings' parts ---------------------------------------------------------------------


def _axis(raw: Any, where: str) -> dict[str, Text]:
    if not isinstance(raw, Mapping):
        raise fields.fail(where, 'must be a table, e.g. { title = { de = "…", en = "…" } }')
    fields.reject_unknown(raw, {"title", "low", "high"}, where)
    return {
        "title": fields.text(fields.required(raw, "title", where), f"{where}.title"),
        "low": fields.text(raw.get("low", LOW), f"{where}.low"),
        "high": fields.text(raw.get("high", HIGH), f"{where}.high"),
    }


def _quadrants(raw: Any, where: str) -> dict[str, Text]:
    if not isinstance(raw, Mapping):
        raise fields.fail(where, f"must be a table with the texts {', '.join(QUADRANTS)}")
    fields.reject_unknown(raw, set(QUADRANTS), where)
    return {
        name: fields.text(fields.required(raw, name, where), f"{where}.{name}")
        for name in QUADRANTS
    }


# --- figures for the live views (pure) -----------------------------------------------------


def _axis_json(figure: AxisFigure | None) -> dict[str, Any] | None:
    if figure is None:
        return None
    return {"n": figure.n, "median": figure.median, "low": figure.low, "high": figure.high}


def _placement_json(found: Placement, people: int, points: int) -> dict[str, Any]:
    return {
        "n": people,
        "x": _axis_json(found.x),
        "y": _axis_json(found.y),
        "quadrant": found.quadrant(points),
    }


def live_results(
    item_ids: Sequence[int], values: Mapping[int, ItemValues], points: int, with_groups: bool
) -> list[dict[str, Any]]:
    """Each item's released placement for the live pages, in the step's order and numbered
    like the report (`number`: the item's place in the step); `result` is `{too_few, k}`
    where the gate withholds it. With groups (the control page), each released column's
    medians, and why the rest is withheld."""
    rows = []
    for number, item_id in enumerate(item_ids, start=1):
        item = values[item_id]
        if item.total is None:
            result: dict[str, Any] = {"too_few": True, "k": item.release.threshold}
        else:
            result = _placement_json(placement(item.total), item.people, points)
        if with_groups:
            result["groups"] = [
                {
                    "name": LIVE_POOL if column is None else column,
                    **_placement_json(placement(column_values), people, points),
                }
                for column, column_values, people in item.columns
            ]
            release = item.release
            result["withheld"] = (
                release.reason.value if release.reason and release.withheld else None
            )
            result["k"] = release.threshold
        rows.append({"item_id": item_id, "number": number, "result": result})
    return rows


# --- the report section --------------------------------------------------------------------


def _axis_text(figure: AxisFigure | None) -> str:
    """A median with the range of values: "3,5 (2–5)"."""
    if figure is None:
        return "–"
    return f"{mean_text(figure.median)} ({figure.low}–{figure.high})"


def _column_label(column: str | None) -> str:
    return other_groups_label() if column is None else column


def quadrant_labels(settings: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {name: localize(settings["quadrants"][name], lang) for name in QUADRANTS}


def placement_table(
    rows: Sequence[tuple[int, str, Placement, int, dict[str, Placement]]],
    axes: tuple[str, str],
    quadrant_names: Mapping[str, str],
    points: int,
    groups: Sequence[str],
) -> TableBlock:
    """Per item: its median on each axis with the range, its quadrant, how many placed it,
    and per shown group the two medians."""
    x_title, y_title = axes
    header = (
        _("No."),
        _("Placed item"),
        _("%(axis)s: median (from–to)", axis=x_title),
        _("%(axis)s: median (from–to)", axis=y_title),
        _("Quadrant"),
        _("Answers"),
        *(_("Medians: %(group)s", group=g) for g in groups),
    )
    cells: list[tuple[Cell, ...]] = []
    for number, text, found, people, by_group in rows:
        where = found.quadrant(points)
        cells.append(
            (
                number,
                text,
                _axis_text(found.x),
                _axis_text(found.y),
                quadrant_names[where] if where else _("between two quadrants"),
                people,
                *(_medians(by_group.get(g)) for g in groups),
            )
        )
    return TableBlock(header, tuple(cells))


def _medians(found: Placement | None) -> str:
    if found is None:
        return "–"
    x = mean_text(found.x.median) if found.x else "–"
    y = mean_text(found.y.median) if found.y else "–"
    return f"{x} / {y}"


def matrix2x2_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    """The items placed by their medians in the 2x2 (a chart with the quadrants' labels) and
    a table with the medians, ranges and quadrants; per group the two medians where the gate
    releases the group for every item (one common set of columns)."""
    lang, settings = inp.language, step.settings
    points = settings["points"]
    items = step_items(inp, step)
    values = gated_values(
        [item.id for item in items], inp.answers.get(step.key, ()), inp.respondents, gate, AXES
    )
    texts = {item.id: localize(item.text, lang) for item in items}
    releases = [values[item.id].release for item in items]
    shown, pooled = disclosure.common_columns(releases)
    columns: list[str | None] = [*shown, *([None] if pooled else [])]
    rows = []
    for number, item in enumerate(items, start=1):
        item_values = values[item.id]
        if item_values.total is None:
            continue  # too few: named in `withheld`
        by_group = {
            _column_label(column): placement(column_values)
            for column, column_values, _people in item_values.columns
            if column in columns
        }
        rows.append(
            (number, texts[item.id], placement(item_values.total), item_values.people, by_group)
        )
    count = respondents(inp, step)
    section = replace(
        base_section(inp, step),
        respondents=count,
        withheld=sentences(releases, [texts[item.id] for item in items], inp.threshold),
    )
    x_axis, y_axis = settings["x_axis"], settings["y_axis"]
    axes = (localize(x_axis["title"], lang), localize(y_axis["title"], lang))
    names = quadrant_labels(settings, lang)
    blocks: list[Block] = [answered(count)]
    placed = [
        QuadrantPoint(number, text, found.x.median, found.y.median)
        for number, text, found, _people, _groups in rows
        if found.x is not None and found.y is not None
    ]
    if placed:
        blocks.append(
            QuadrantBlock(
                title=section.title,
                x_label=axes[0],
                y_label=axes[1],
                points=points,
                quadrants=(
                    names["top_left"],
                    names["top_right"],
                    names["bottom_left"],
                    names["bottom_right"],
                ),
                items=tuple(placed),
                key_label=_("Key"),
                x_ends=(localize(x_axis["low"], lang), localize(x_axis["high"], lang)),
                y_ends=(localize(y_axis["low"], lang), localize(y_axis["high"], lang)),
            )
        )
    groups = [_column_label(column) for column in columns]
    blocks.append(placement_table(rows, axes, names, points, groups))
    return replace(
        section,
        blocks=tuple(blocks),
        highlights=Highlights(took_part=answered_of_all(inp, step, count), count=count),
    )


# --- the kind ------------------------------------------------------------------------------


class Matrix2x2(StepKind):
    """Participants place items on two axes; results as medians in four labelled quadrants."""

    name = "matrix2x2"
    has_input = True
    has_items = True

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        fields.reject_unknown(
            raw, {"items", "points", "x_axis", "y_axis", "quadrants", "results_visible"}, where
        )
        items = fields.keyed_texts(
            fields.required(raw, "items", where), f"{where}.items", 1, MAX_ITEMS
        )
        return {
            "items": items,
            "points": fields.integer(raw.get("points", 5), f"{where}.points", 3, 9),
            "x_axis": _axis(fields.required(raw, "x_axis", where), f"{where}.x_axis"),
            "y_axis": _axis(fields.required(raw, "y_axis", where), f"{where}.y_axis"),
            "quadrants": _quadrants(fields.required(raw, "quadrants", where), f"{where}.quadrants"),
            # hidden until revealed: a visible cloud pulls the later placements towards it
            "results_visible": fields.boolean(
                raw.get("results_visible", False), f"{where}.results_visible"
            ),
        }

    # --- write side ---
    item_list = "items"
    answer_dimensions = AXES
    editable = False  # not on the control page's quick form: its axes and quadrants need texts

    def dimensions(self, settings: Mapping[str, Any]) -> dict[str, int]:
        """Both axes, each answered alone (`answer:set`), up to the number of points."""
        return dict.fromkeys(AXES, settings["points"])

    report_section = staticmethod(matrix2x2_section)

    def method_notes(self, inp: ReportInput) -> list[str]:
        """How a 2x2 step's figures were found, once if the workshop placed anything."""
        if not any(step.kind == self.name for step in inp.steps):
            return []
        return [
            _(
                "2x2 placement: each person placed each item on two axes. An item is shown at the "
                "median of its placements on each axis (of an even number, halfway between the two "
                "middle values), never at a mean; the range shows the lowest and highest value "
                "given. A median on a middle line puts the item between two quadrants."
            )
        ]

    # --- live view ---
    phone_input = "placement"  # a row of choices per axis
    scripts = ("js/placement.js",)
    styles = ("css/placement.css",)
    live_strings: ClassVar[Mapping[str, LiveText]] = {
        "quadrant_between": _l("between two quadrants"),
        "quadrant_figures": plural_forms(
            "median {x} / {y} · {where} · {n} answer", "median {x} / {y} · {where} · {n} answers"
        ),
        "quadrant_axes": _l("Across: {x} · Up: {y}"),
    }

    def header(self, step: SessionStep) -> dict[str, Any]:
        header = super().header(step)
        for name in ("points", "x_axis", "y_axis", "quadrants"):
            header[name] = step.settings[name]
        return header

    def load(self, content: StepContent) -> None:
        """The items, and their positions through the gate (not summarised per answer)."""
        content.items = items_of(content.step.id)
        content.values = step_values(content, AXES)

    def add_results(
        self, content: StepContent, snapshot: dict[str, Any], *, with_groups: bool
    ) -> None:
        """Each item's medians (`placements`), by group for the control page."""
        asked = [item.id for item in content.items if item.enabled]
        points = content.step.settings["points"]
        snapshot["placements"] = live_results(asked, content.values, points, with_groups)
