"""Pure rules of the risk assessment: checks, ratings, medians, classes and disagreement.

A `check` step's statements are answered Ja / Nein / trifft nicht zu; the share of Nein among
those who could judge (Ja + Nein) decides whether a statement is suggested as a hazard. A `risk`
step's hazards are rated either on a likelihood x severity matrix, whose cells are a lookup table
from the template, or with a traffic light. Ratings are ordinal: they are summarised by median
and spread, never averaged; a traffic light is summarised as a distribution.

No Flask and no database here (like `rules/session.py`), so the catalog, the live views and
the report share it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from .. import disclosure
from . import surveys

# dimensions of an answer that these rules summarise (each kind declares the names it takes,
# `StepKind.answer_dimensions`; a kind summarised by its own module names its own)
ANSWER = "answer"  # check: Ja / Nein / n.a.
LIKELIHOOD = "likelihood"
SEVERITY = "severity"
LIGHT = "light"

# check answers
YES, NO, NOT_APPLICABLE = 1, 2, 3
CHECK_VALUES = (YES, NO, NOT_APPLICABLE)

# traffic light
GREEN, YELLOW, RED = 1, 2, 3
LIGHT_VALUES = (GREEN, YELLOW, RED)

MATRIX, TRAFFIC_LIGHT = "matrix", "traffic_light"

# How a step's answers are summarised per item. Each step kind declares its style
# (`StepKind.summary`), so these rules know styles, not kinds.
CHECKED = "yes_no"  # statements answered Ja / Nein / n.a.
RATED = "rating"  # hazards rated on a matrix or with a traffic light (settings `mode`)
SCALED = "likert"  # Likert items, per dimension (the answer, or two variants)
CHOSEN = "choice"  # options chosen (single or multiple choice)
DECIDED = "decision"  # a weighted decision, summarised as a whole (`surveys.decide`)


# --- medians and spreads -------------------------------------------------------------------


def median(values: Sequence[int]) -> int | None:
    """The median of ordinal ratings; of an even number the higher middle value (the cautious
    choice in a risk assessment: a tie between "medium" and "high" counts as "high")."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


@dataclass(frozen=True)
class Spread:
    """Where the ratings lie: lowest, lower quartile, median, upper quartile, highest."""

    low: int
    q1: int
    median: int
    q3: int
    high: int


def spread(values: Sequence[int]) -> Spread | None:
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    lower, upper = ordered[: (n + 1) // 2], ordered[n // 2 :]
    return Spread(
        low=ordered[0],
        q1=lower[(len(lower) - 1) // 2],
        median=ordered[n // 2],
        q3=upper[len(upper) // 2],
        high=ordered[-1],
    )


# --- the risk matrix -----------------------------------------------------------------------


@dataclass(frozen=True)
class RiskClass:
    key: str
    label: Mapping[str, str]
    low: int  # lowest risk figure of the class
    high: int


@dataclass(frozen=True)
class Matrix:
    """A likelihood x severity lookup table and the classes of its risk figures."""

    name: Mapping[str, str]
    likelihood: tuple[Mapping[str, str], ...]  # labels of 1 … n
    severity: tuple[Mapping[str, str], ...]
    table: tuple[tuple[int, ...], ...]  # table[likelihood - 1][severity - 1] = risk figure
    classes: tuple[RiskClass, ...]  # from lowest to highest

    @classmethod
    def from_settings(cls, raw: Mapping[str, Any]) -> Matrix:
        return cls(
            name=raw["name"],
            likelihood=tuple(raw["likelihood"]),
            severity=tuple(raw["severity"]),
            table=tuple(tuple(row) for row in raw["table"]),
            classes=tuple(
                RiskClass(c["key"], c["label"], c["min"], c["max"]) for c in raw["classes"]
            ),
        )

    def figure(self, likelihood: int, severity: int) -> int:
        return self.table[likelihood - 1][severity - 1]

    def class_of(self, figure: int) -> RiskClass:
        for risk_class in self.classes:
            if risk_class.low <= figure <= risk_class.high:
                return risk_class
        raise ValueError(f"risk figure {figure} is in no class")

    def class_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.classes) if c.key == key)


def default_matrix() -> dict[str, Any]:
    """The default 4 x 4 matrix "angelehnt an Nohl": figure = likelihood + severity - 1 (1–7),
    classes gering 1–2, signifikant 3–4, hoch 5–7 (EXERCISES.md §3.1: the original cell values
    are not verified, so the table is labelled as based on Nohl and can be replaced)."""
    return {
        "name": {"de": "Risikomatrix (angelehnt an Nohl)", "en": "Risk matrix (based on Nohl)"},
        "likelihood": [
            {"de": "sehr gering", "en": "very low"},
            {"de": "gering", "en": "low"},
            {"de": "mittel", "en": "medium"},
            {"de": "hoch", "en": "high"},
        ],
        "severity": [
            {"de": "gering", "en": "minor"},
            {"de": "spürbar", "en": "noticeable"},
            {"de": "erheblich", "en": "considerable"},
            {"de": "gravierend", "en": "severe"},
        ],
        "table": [[row + column - 1 for column in range(1, 5)] for row in range(1, 5)],
        "classes": [
            {"key": "gering", "label": {"de": "gering", "en": "low"}, "min": 1, "max": 2},
            {
                "key": "signifikant",
                "label": {"de": "signifikant", "en": "significant"},
                "min": 3,
                "max": 4,
            },
            {"key": "hoch", "label": {"de": "hoch", "en": "high"}, "min": 5, "max": 7},
        ],
    }


@dataclass(frozen=True)
class MatrixResult:
    """A hazard's ratings on the matrix: how many rated it, medians and spreads, its class."""

    n: int
    likelihood: Spread | None
    severity: Spread | None
    figure: int | None
    risk_class: RiskClass | None

    @property
    def level(self) -> int | None:
        return self.figure


def matrix_result(
    likelihood: Sequence[int], severity: Sequence[int], n: int, matrix: Matrix
) -> MatrixResult:
    """Medians per axis, and the class of the cell they point to (both axes rated, or none)."""
    lik, sev = spread(likelihood), spread(severity)
    figure = matrix.figure(lik.median, sev.median) if lik and sev else None
    return MatrixResult(
        n=n,
        likelihood=lik,
        severity=sev,
        figure=figure,
        risk_class=matrix.class_of(figure) if figure is not None else None,
    )


# --- the traffic light ---------------------------------------------------------------------


@dataclass(frozen=True)
class LightResult:
    """A traffic-light distribution: how many said green, yellow, red. Never averaged."""

    green: int
    yellow: int
    red: int
    level: int | None  # the median colour, for ordering and disagreement only

    @property
    def n(self) -> int:
        return self.green + self.yellow + self.red


def light_result(values: Sequence[int]) -> LightResult:
    return LightResult(
        green=sum(1 for v in values if v == GREEN),
        yellow=sum(1 for v in values if v == YELLOW),
        red=sum(1 for v in values if v == RED),
        level=median(values),
    )


# --- checks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    yes: int
    no: int
    not_applicable: int

    @property
    def answered(self) -> int:
        return self.yes + self.no + self.not_applicable

    @property
    def no_share(self) -> float | None:
        """The share of Nein among those who could judge (Ja + Nein); n.a. does not count."""
        judged = self.yes + self.no
        return self.no / judged if judged else None


def check_result(values: Iterable[int]) -> CheckResult:
    values = list(values)
    return CheckResult(
        yes=values.count(YES), no=values.count(NO), not_applicable=values.count(NOT_APPLICABLE)
    )


def suggested_as_hazard(result: CheckResult, min_no_percent: int) -> bool:
    """The default rule: a statement is unmet when at least `min_no_percent` % of those who
    could judge said Nein (and at least one did). The facilitator decides in the end."""
    share = result.no_share
    return result.no > 0 and share is not None and share * 100 >= min_no_percent


# --- groups, disagreement and priority -----------------------------------------------------


def disagreement(levels: Iterable[int | None], gap: int) -> bool:
    """Groups differ markedly: the medians of two groups lie at least `gap` apart (on the risk
    figure for a matrix, on the colours for a traffic light)."""
    known = [level for level in levels if level is not None]
    return len(known) >= 2 and max(known) - min(known) >= gap


def is_prioritised_matrix(result: MatrixResult, matrix: Matrix, from_class: str) -> bool:
    """A hazard needs measures when its class is `from_class` or higher."""
    if result.risk_class is None:
        return False
    return matrix.class_index(result.risk_class.key) >= matrix.class_index(from_class)


def is_prioritised_light(result: LightResult) -> bool:
    """A strain needs measures when the median colour is yellow or red."""
    return result.level is not None and result.level >= YELLOW


def priority_order(levels: Mapping[int, tuple[int | None, int]]) -> list[int]:
    """Item ids from the highest risk down: by level (figure or colour), then by how many
    rated it; unrated last; ties keep the given order."""
    ids = list(levels)
    return sorted(
        ids,
        key=lambda i: (
            levels[i][0] is None,
            -(levels[i][0] or 0),
            -levels[i][1],
            ids.index(i),
        ),
    )


def prioritised(summaries: Mapping[int, ItemSummary], item_ids: Sequence[int]) -> list[int]:
    """`priority_order` from the released totals; an item with too few ratings counts as
    unrated."""
    levels: dict[int, tuple[int | None, int]] = {}
    for item_id in item_ids:
        total = summaries[item_id].total
        levels[item_id] = (total.level, total.n) if total is not None else (None, 0)
    return priority_order(levels)


# --- summarising a step's answers ----------------------------------------------------------


@dataclass(frozen=True)
class AnswerCount:
    """How many participants of `group` gave `value` in `dimension` to an item."""

    item_id: int
    dimension: str
    value: int
    group: str
    count: int


@dataclass(frozen=True)
class Result:
    """An item's answers, overall or for one group: exactly one of the three is set."""

    n: int
    check: CheckResult | None = None
    matrix: MatrixResult | None = None
    light: LightResult | None = None
    scale: dict[str, surveys.ScaleResult] | None = None  # per dimension (answer, or v1 and v2)
    choice: surveys.ChoiceResult | None = None

    @property
    def level(self) -> int | None:
        if self.matrix is not None:
            return self.matrix.figure
        if self.light is not None:
            return self.light.level
        return None


@dataclass(frozen=True)
class ItemSummary:
    item_id: int
    total: Result | None  # None: fewer people than the threshold answered the item
    by_group: dict[str, Result]  # released groups and the pool (under the pool label)
    disagreement: bool  # between released groups only
    flagged: bool  # check: suggested as a hazard; risk: prioritised (from the released total)
    release: disclosure.Release  # what the gate let through, and why not the rest


@dataclass(frozen=True)
class StepRules:
    """What a step's settings say about summarising it."""

    summary: str  # CHECKED, RATED, SCALED, CHOSEN or DECIDED
    mode: str | None = None  # rated: MATRIX or TRAFFIC_LIGHT
    matrix: Matrix | None = None
    priority_from: str | None = None
    gap: int = 2
    min_no_percent: int = 30
    points: int = 5  # scale
    first_value: int = 1  # scale: the number the first point's label stands for
    scale_dimensions: tuple[str, ...] = (ANSWER,)  # scale: answer, or the two variants
    options: int = 0  # choices and decisions

    @classmethod
    def from_settings(cls, summary: str, settings: Mapping[str, Any]) -> StepRules:
        """The rules of a step summarised in the style `summary` (its kind's)."""
        if summary == CHECKED:
            return cls(summary=summary, min_no_percent=settings["min_no_percent"])
        if summary == SCALED:
            variants = settings.get("variants")
            return cls(
                summary=summary,
                points=settings["points"],
                first_value=settings.get("first_value", 1),
                scale_dimensions=surveys.VARIANTS if variants else (ANSWER,),
            )
        if summary in (CHOSEN, DECIDED):
            return cls(summary=summary, options=len(settings["options"]))
        matrix = settings.get("matrix")
        return cls(
            summary=summary,
            mode=settings["mode"],
            matrix=Matrix.from_settings(matrix) if matrix else None,
            priority_from=settings.get("priority_from"),
            gap=settings["disagreement_gap"],
        )


def _values(counts: Iterable[AnswerCount], dimension: str) -> list[int]:
    return [c.value for c in counts if c.dimension == dimension for _ in range(c.count)]


def _result(rules: StepRules, counts: list[AnswerCount], n: int) -> Result:
    if rules.summary == DECIDED:  # summarised as a whole decision (`surveys.decision`)
        return Result(n=n)
    if rules.summary == SCALED:
        return Result(
            n=n,
            scale={
                dimension: surveys.scale_result(
                    _values(counts, dimension), rules.points, rules.first_value
                )
                for dimension in rules.scale_dimensions
            },
        )
    if rules.summary == CHOSEN:
        chosen: dict[str, list[int]] = {}
        for count in counts:
            chosen.setdefault(count.dimension, []).extend([count.value] * count.count)
        return Result(n=n, choice=surveys.choice_result(chosen, rules.options, n))
    if rules.summary == CHECKED:
        return Result(n=n, check=check_result(_values(counts, ANSWER)))
    if rules.mode == TRAFFIC_LIGHT:
        return Result(n=n, light=light_result(_values(counts, LIGHT)))
    assert rules.matrix is not None
    return Result(
        n=n,
        matrix=matrix_result(
            _values(counts, LIKELIHOOD), _values(counts, SEVERITY), n, rules.matrix
        ),
    )


def _flagged(rules: StepRules, result: Result) -> bool:
    if result.check is not None:
        return suggested_as_hazard(result.check, rules.min_no_percent)
    if result.light is not None:
        return is_prioritised_light(result.light)
    if result.matrix is not None and rules.matrix is not None and rules.priority_from:
        return is_prioritised_matrix(result.matrix, rules.matrix, rules.priority_from)
    return False


class ItemKeyed(Protocol):
    """An answer count of one item (`AnswerCount`, or a kind's own count of values)."""

    @property
    def item_id(self) -> int: ...


Counted = TypeVar("Counted", bound=ItemKeyed)


def by_item(
    item_ids: Sequence[int],
    counts: Iterable[Counted],
    respondents: Mapping[tuple[int, str], int],
) -> tuple[dict[int, list[Counted]], dict[int, dict[str, int]]]:
    """The counts of each listed item, and the people per group behind each item (from
    `respondents[(item_id, group)]`): what the gate decides an item's figures from."""
    per_item: dict[int, list[Counted]] = {item_id: [] for item_id in item_ids}
    for count in counts:
        if count.item_id in per_item:
            per_item[count.item_id].append(count)
    people: dict[int, dict[str, int]] = {item_id: {} for item_id in item_ids}
    for (item_id, group), n in respondents.items():
        if item_id in people:
            people[item_id][group] = n
    return per_item, people


def summarise(
    rules: StepRules,
    item_ids: Sequence[int],
    counts: Iterable[AnswerCount],
    respondents: Mapping[tuple[int, str], int],
    gate: disclosure.Gate,
    pool_label: str,
) -> dict[int, ItemSummary]:
    """Each item's result overall and per group as far as the disclosure gate releases them,
    whether released groups disagree, and whether it is flagged.

    `respondents[(item_id, group)]` is how many participants of a group answered the item at
    all (for a matrix: rated at least one axis), so a skip is not counted: these are the people
    behind the item's figures, and the gate decides from them alone.
    """
    per_item, people = by_item(item_ids, counts, respondents)
    summaries = {}
    for item_id, item_counts in per_item.items():
        release = gate.release(people[item_id])
        total = _result(rules, item_counts, release.people) if release.total else None
        by_group: dict[str, Result] = {}
        for column in release.columns:
            members = release.members(column)
            by_group[pool_label if column is None else column] = _result(
                rules,
                [c for c in item_counts if c.group in members],
                sum(people[item_id].get(group, 0) for group in members),
            )
        summaries[item_id] = ItemSummary(
            item_id=item_id,
            total=total,
            by_group=by_group,
            disagreement=rules.summary == RATED
            and disagreement((r.level for r in by_group.values()), rules.gap),
            flagged=total is not None and _flagged(rules, total),
            release=release,
        )
    return summaries


@dataclass(frozen=True)
class ProfileRow:
    """A scale dimension's score in one variant (e.g. Ist), overall and per shown group."""

    dimension: str  # the dimension's key ("" for items without one)
    variant: str  # surveys.SCALE, or one of surveys.VARIANTS
    total: surveys.Score
    by_group: dict[str, surveys.Score]


def dimension_profile(
    rules: StepRules,
    items: Sequence[tuple[int, str, bool]],
    summaries: Mapping[int, ItemSummary],
    pool_label: str,
) -> list[ProfileRow]:
    """Scores per dimension and variant from the released item figures; `items` are (item id,
    dimension key or "", reversed), in order; dimensions appear in the order of their first item.

    A score is derived, so it uses only what the gate released: the total from the items whose
    total was released, a group's score only where every one of those items shows that group
    (or the same pool) — otherwise the score and the items' figures together could be
    subtracted.
    """
    order = list(dict.fromkeys(dimension for _, dimension, _ in items))
    profile = []
    for dimension in order:
        members = [
            (i, rev)
            for i, d, rev in items
            if d == dimension and i in summaries and summaries[i].total is not None
        ]
        shown, pooled = disclosure.common_columns(summaries[i].release for i, _ in members)
        groups = [*shown, *((pool_label,) if pooled else ())]
        for variant in rules.scale_dimensions:
            profile.append(
                ProfileRow(
                    dimension,
                    variant,
                    _score(members, summaries, None, variant, rules),
                    {g: _score(members, summaries, g, variant, rules) for g in groups},
                )
            )
    return profile


def _score(
    members: Sequence[tuple[int, bool]],
    summaries: Mapping[int, ItemSummary],
    group: str | None,
    variant: str,
    rules: StepRules,
) -> surveys.Score:
    results = []
    for item_id, reversed_item in members:
        summary = summaries[item_id]
        result = summary.total if group is None else summary.by_group.get(group)
        scale = (result.scale or {}).get(variant) if result is not None else None
        if scale is not None:
            results.append((scale, reversed_item))
    return surveys.dimension_score(results, rules.points, rules.first_value)


# A proposed measure may start with its STOP type: "T: Leistungsauswertung abschalten".
STOP_TYPES = ("S", "T", "O", "P")
DEFAULT_STOP_TYPE = "O"
_STOP_PREFIX = re.compile(r"^\s*([STOPstop])\s*:\s*")


def proposal_stop_type(text: str) -> tuple[str, str]:
    """The STOP type a proposal names with an "S:", "T:", "O:" or "P:" prefix (any case) and
    the measure without it; without a prefix, organisational ("O") and the text as it is."""
    found = _STOP_PREFIX.match(text)
    if found is None or not text[found.end() :].strip():
        return DEFAULT_STOP_TYPE, text
    return found.group(1).upper(), text[found.end() :].strip()
