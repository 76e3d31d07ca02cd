"""The `rank_order` step kind: participants put up to ten options in order (issue #13,
item 5). Not named `ranking`: that is the name of a report block type (a dot vote's ranked
bars) and a key of the report's archive, which the renderers may name while naming no kind.

Each option is one of the step's items (seeded from the settings' `options`); a person's
ranking is one answer per option in the dimension `rank`, its value the place (1 = first). A
ranking is set as a whole (a permutation of the step's options, see `places_of`), so every
option has the same people behind it and a half-saved order is never counted.

Results per option, through the gate like every item (`item_values.gated_values`): the mean
rank, the Borda points (an option gets `options - place` points from each person: the last
place none) and the spread of the places (lowest, quartiles, highest). Borda points and the
mean rank say the same (points = people x (options - mean rank)); the report shows both
because facilitators know one or the other. Options are ordered by mean rank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired, Regexp

from .. import disclosure, errors
from ..catalog import fields, localize
from ..catalog.spec import StepSpec
from ..live.content import StepContent
from ..queries.answer_data import items_of
from ..reports.blocks import Block, RankedBar, RankingBlock, TableBlock, TextBlock
from ..reports.cells import Cell, mean_cell
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
from ..rules import assessment as ar
from ..sessions.forms import WholeAnswerForm
from .base import WHOLE_ANSWER, Action, LiveText, StepKind
from .item_values import ItemValues, gated_values, step_values
from .notes import typed

RANK = "rank"  # the dimension of an answer: the place given to an option (1 = first)
MIN_OPTIONS = 2
MAX_OPTIONS = 10
LIVE_POOL = "*"  # the pool of small groups in live views (the pages translate it)


# --- the rules (pure) ----------------------------------------------------------------------


@dataclass(frozen=True)
class RankFigure:
    """One option's places: how many put it at each place, mean rank, Borda points, spread."""

    places: tuple[int, ...]  # how many put it first, second, … (one per option)
    mean: float | None  # mean rank, 1 = first
    borda: int  # sum over people of (options - place)
    spread: ar.Spread | None  # lowest, quartiles, highest place

    @property
    def n(self) -> int:
        return sum(self.places)


def rank_figure(ranks: Sequence[int], options: int) -> RankFigure:
    """The figure of one option from the places people gave it (1 … options).

    A place beyond `options` (an option switched off after people had ranked it) counts as the
    last: it enters the mean and spread as given and adds no Borda points."""
    given = [rank for rank in ranks if rank >= 1]
    places = [0] * options
    for rank in given:
        places[min(rank, options) - 1] += 1
    return RankFigure(
        places=tuple(places),
        mean=sum(given) / len(given) if given else None,
        borda=sum(max(0, options - rank) for rank in given),
        spread=ar.spread(given),
    )


def ranked(figures: Mapping[int, RankFigure | None], order: Sequence[int]) -> list[int]:
    """Option (item) ids from the best mean rank; ties by Borda points, then by more first
    places, then in the step's order; options without a released figure last."""
    position = {item_id: index for index, item_id in enumerate(order)}

    def key(item_id: int) -> tuple[bool, float, int, int, int]:
        figure = figures.get(item_id)
        if figure is None or figure.mean is None:
            return (True, 0.0, 0, 0, position.get(item_id, 0))
        first = figure.places[0] if figure.places else 0
        return (False, figure.mean, -figure.borda, -first, position.get(item_id, 0))

    return sorted(order, key=key)


def places_of(order: Sequence[int], asked: Sequence[int]) -> dict[int, int] | None:
    """A submitted order as {item id: place}, or None unless it names every asked option
    exactly once (a ranking is saved whole or not at all)."""
    if len(order) != len(asked) or set(order) != set(asked) or len(set(order)) != len(order):
        return None
    return {item_id: place for place, item_id in enumerate(order, start=1)}


def parse_order(text: str) -> list[int]:
    """The order as the phone sends it: item ids separated by commas ("12,15,13")."""
    return [int(part) for part in text.split(",") if part.strip()]


# --- setting an order (the phone's action `rank:set`) -------------------------------------

# the options' item ids, best first, separated by commas: "12,15,13" (2 to 10 of them)
ORDER_PATTERN = rf"^[1-9][0-9]{{0,9}}(,[1-9][0-9]{{0,9}}){{{MIN_OPTIONS - 1},{MAX_OPTIONS - 1}}}$"


class RankOrderForm(WholeAnswerForm):
    """A whole ranking: the step, and its options in the person's order (the service checks
    that it names every option of the step once)."""

    order = StringField(
        validators=[
            InputRequired(message=_l("Please put the options in order.")),
            Regexp(ORDER_PATTERN, message=_l("Please put the options in order.")),
        ]
    )

    def values(self) -> list[int]:
        return parse_order(self.order.data)


class IncompleteOrder(errors.DomainError):
    """A submitted order leaves out an option, names one twice or one of another step."""

    message = _l("Please put every option in order, each once.")


# --- figures for the live views (pure) -----------------------------------------------------


def figures(values: Mapping[int, ItemValues], options: int) -> dict[int, RankFigure | None]:
    """Each option's released total figure (None: too few people ranked it)."""
    return {
        item_id: rank_figure(v.total[RANK], options) if v.total is not None else None
        for item_id, v in values.items()
    }


def _figure_json(figure: RankFigure) -> dict[str, Any]:
    spread = figure.spread
    return {
        "n": figure.n,
        "mean": None if figure.mean is None else round(figure.mean, 2),
        "borda": figure.borda,
        "places": list(figure.places),
        "spread": None
        if spread is None
        else {
            "low": spread.low,
            "q1": spread.q1,
            "median": spread.median,
            "q3": spread.q3,
            "high": spread.high,
        },
    }


def live_results(
    item_ids: Sequence[int], values: Mapping[int, ItemValues], options: int, with_groups: bool
) -> list[dict[str, Any]]:
    """The options' released figures for the live pages, best first: `{item_id, rank,
    result}`; `result` is `{too_few, k}` for an option the gate withholds. With groups (the
    control page), each released column's mean rank, and why the rest is withheld."""
    totals = figures(values, options)
    rows = []
    place = 0
    for item_id in ranked(totals, item_ids):
        figure, item = totals[item_id], values[item_id]
        if figure is None:
            result: dict[str, Any] = {"too_few": True, "k": item.release.threshold}
        else:
            place += 1
            result = _figure_json(figure)
        if with_groups:
            result["groups"] = [
                {
                    "name": LIVE_POOL if column is None else column,
                    **_figure_json(rank_figure(column_values[RANK], options)),
                }
                for column, column_values, _people in item.columns
            ]
            release = item.release
            result["withheld"] = (
                release.reason.value if release.reason and release.withheld else None
            )
            result["k"] = release.threshold
        rows.append(
            {"item_id": item_id, "rank": place if figure is not None else None, "result": result}
        )
    return rows


# --- the report section --------------------------------------------------------------------


def _column_label(column: str | None) -> str:
    return other_groups_label() if column is None else column


def ranking_table(
    rows: Sequence[tuple[int, str, RankFigure, dict[str, float | None]]], groups: Sequence[str]
) -> TableBlock:
    """Options by mean rank: places' spread, Borda points, answers, mean rank per shown group."""
    header = (
        _("Rank"),
        _("Ranked option"),
        _("Mean rank"),
        _("Median (quartiles)"),
        _("Places from–to"),
        _("Borda points"),
        _("Answers"),
        *(_("Mean rank: %(group)s", group=g) for g in groups),
    )
    cells: list[tuple[Cell, ...]] = []
    for rank, text, figure, by_group in rows:
        spread = figure.spread
        cells.append(
            (
                rank,
                text,
                mean_cell(figure.mean),
                f"{spread.median} ({spread.q1}–{spread.q3})" if spread else "–",
                f"{spread.low}–{spread.high}" if spread else "–",
                figure.borda,
                figure.n,
                *(mean_cell(by_group.get(g)) for g in groups),
            )
        )
    return TableBlock(header, tuple(cells))


def ranking_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    """The options by mean rank with Borda points and spread; per group the mean rank where
    the gate releases the group for every option (one common set of columns)."""
    lang = inp.language
    items = step_items(inp, step)
    options = len(items) or len(step.settings.get("options", ()))
    values = gated_values(
        [item.id for item in items],
        inp.answers.get(step.key, ()),
        inp.respondents,
        gate,
        (RANK,),
    )
    totals = figures(values, options)
    texts = {item.id: localize(item.text, lang) for item in items}
    releases = [values[item.id].release for item in items]
    shown, pooled = disclosure.common_columns(releases)
    columns: list[str | None] = [*shown, *([None] if pooled else [])]
    rows: list[tuple[int, str, RankFigure, dict[str, float | None]]] = []
    for item_id in ranked(totals, [item.id for item in items]):
        figure = totals[item_id]
        if figure is None:
            continue  # too few: named in `withheld`
        by_group: dict[str, float | None] = {}
        for column, column_values, _people in values[item_id].columns:
            if column in columns:
                by_group[_column_label(column)] = rank_figure(column_values[RANK], options).mean
        rows.append((len(rows) + 1, texts[item_id], figure, by_group))
    count = respondents(inp, step)
    section = replace(
        base_section(inp, step),
        respondents=count,
        withheld=sentences(releases, [texts[item.id] for item in items], inp.threshold),
    )
    groups = [_column_label(column) for column in columns]
    blocks: list[Block] = [answered(count)]
    if rows:
        blocks.append(
            TextBlock(
                _(
                    "Each person put all %(n)s options in order. An option gets %(top)s Borda "
                    "points for a first place, one point less for each place further down and "
                    "none for the last; the mean rank is the average place (1 = first).",
                    n=options,
                    top=options - 1,
                ),
                tone="help",
            )
        )
        blocks.append(
            RankingBlock(
                _("%(title)s: Borda points", title=section.title),
                tuple(RankedBar(rank, text, figure.borda) for rank, text, figure, _g in rows),
            )
        )
    blocks.append(ranking_table(rows, groups))
    highlights = Highlights(took_part=answered_of_all(inp, step, count), count=count)
    if rows:
        top = (_("%(title)s: first “%(option)s”", title=section.title, option=rows[0][1]),)
        highlights = replace(highlights, top=top)
    return replace(section, blocks=tuple(blocks), highlights=highlights)


# --- the kind ------------------------------------------------------------------------------


class Ranking(StepKind):
    """Participants put options in order; results by mean rank and Borda points."""

    name = "rank_order"
    has_input = True
    has_items = True

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        fields.reject_unknown(raw, {"options", "results_visible"}, where)
        options = fields.keyed_texts(
            fields.required(raw, "options", where), f"{where}.options", MIN_OPTIONS, MAX_OPTIONS
        )
        return {
            "options": options,
            # hidden until the facilitator reveals them: a visible order pulls the next ones
            "results_visible": fields.boolean(
                raw.get("results_visible", False), f"{where}.results_visible"
            ),
        }

    # --- write side ---
    item_list = "options"  # one item per option, in the template's order

    answer_dimensions = (RANK,)
    whole_dimension = RANK  # set whole by `rank:set`, never one option alone
    actions = (Action("rank:set", RankOrderForm, WHOLE_ANSWER),)
    editable = True
    edit_label = _l("Rank order")
    edit_place = 7
    edit_lines = _l("Rank order: the options (2 to 10).")

    def dimensions(self, settings: Mapping[str, Any]) -> dict[str, int]:
        """An option's place, at most the number of options."""
        return {RANK: len(settings["options"])}

    def whole_answer(self, values: Sequence[int], asked: Sequence[int]) -> dict[int, int]:
        places = places_of(values, asked)
        if places is None:
            raise IncompleteOrder()
        return places

    def raw_settings(self, lines: Sequence[str], extra: Mapping[str, Any]) -> dict[str, Any]:
        return {"options": [{"key": f"o{i + 1}", "text": typed(t)} for i, t in enumerate(lines)]}

    report_section = staticmethod(ranking_section)

    def method_notes(self, inp: ReportInput) -> list[str]:
        """How a ranking step's figures were found, once if the workshop ranked anything."""
        if not any(step.kind == self.name for step in inp.steps):
            return []
        return [
            _(
                "Ranking: each person put the options in order. Options are listed by their mean "
                "rank (the average place, 1 = first); Borda points give the same order as a sum "
                "(with n options, a first place is worth n - 1 points, the last none). The spread "
                "shows the median place with the quartiles and the lowest and highest place given."
            )
        ]

    # --- live view ---
    phone_input = "order"  # the phone's list with up and down buttons
    scripts = ("js/ranking.js",)
    styles = ("css/ranking.css",)
    live_strings: ClassVar[Mapping[str, LiveText]] = {
        "rank_heading": _l("Your order"),
        "rank_help": _l(
            "Put the options in order, the most important first: move an option with “Up” and "
            "“Down”, then save the order."
        ),
        "rank_up": _l("Up"),
        "rank_down": _l("Down"),
        "rank_up_label": _l("Up: {text}"),
        "rank_down_label": _l("Down: {text}"),
        "rank_moved": _l("{text}: now in place {n} of {total}."),
        "rank_save": _l("Save order"),
        "rank_saved": _l("Your order is saved."),
        "rank_changed": _l("Changed – not saved yet."),
        "rank_unsaved": _l("Not saved yet."),
        "rank_figures": _l("mean rank {mean} · {borda} Borda points"),
        "rank_by_group": _l("Mean rank by group"),
        "rank_option": _l("Ranked option"),
    }

    def load(self, content: StepContent) -> None:
        """The options, and their places through the gate (not summarised per answer)."""
        content.items = items_of(content.step.id)
        content.values = step_values(content, (RANK,))

    def add_results(
        self, content: StepContent, snapshot: dict[str, Any], *, with_groups: bool
    ) -> None:
        """The options by mean rank (`ranks`), by group for the control page."""
        asked = [item.id for item in content.items if item.enabled]
        snapshot["ranks"] = live_results(asked, content.values, len(asked), with_groups)
