"""Reading the risk assessment's answers: counted per item, dimension, value and group in SQL,
so nothing that links an answer to a person leaves the database; summarised by the pure rules
in `facilitator.assessment` for the live views and the report alike."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import func, select

from .. import disclosure
from ..extensions import db
from ..rules import assessment as ar
from ..rules import surveys
from ..sessions.models import Answer, SessionStep, StepItem, WorkshopSession, person

POOL = "*"  # the label of pooled small groups in live views (the pages translate it)


def items_of(step_id: int) -> list[StepItem]:
    return list(
        db.session.scalars(
            select(StepItem).where(StepItem.step_id == step_id).order_by(StepItem.position)
        )
    )


def answer_counts(step_ids: Sequence[int]) -> list[tuple[int, ar.AnswerCount]]:
    """(step id, count) for every item, dimension, value and group answered in these steps."""
    rows = db.session.execute(
        select(
            Answer.step_id,
            Answer.item_id,
            Answer.dimension,
            Answer.value,
            Answer.group,
            func.count(),
        )
        .where(Answer.step_id.in_(step_ids))
        .group_by(Answer.step_id, Answer.item_id, Answer.dimension, Answer.value, Answer.group)
    )
    return [
        (step_id, ar.AnswerCount(item_id, dimension, value, group, int(count)))
        for step_id, item_id, dimension, value, group, count in rows
    ]


def respondents(step_ids: Sequence[int]) -> dict[tuple[int, str], int]:
    """How many participants of each group answered each item (any dimension)."""
    rows = db.session.execute(
        select(Answer.item_id, Answer.group, func.count(func.distinct(person(Answer))))
        .where(Answer.step_id.in_(step_ids))
        .group_by(Answer.item_id, Answer.group)
    )
    return {(item_id, group): int(count) for item_id, group, count in rows}


def step_respondents(step_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """How many distinct participants of each group answered at least one item of each step:
    the people behind a step's figures as a whole (a quiz's "chose right", a weighted
    decision) and the step's participation."""
    people: dict[int, dict[str, int]] = {step_id: {} for step_id in step_ids}
    rows = db.session.execute(
        select(Answer.step_id, Answer.group, func.count(func.distinct(person(Answer))))
        .where(Answer.step_id.in_(step_ids))
        .group_by(Answer.step_id, Answer.group)
    )
    for step_id, group, count in rows:
        people[step_id][group] = int(count)
    return people


def gate_of(ws: WorkshopSession, step: SessionStep) -> disclosure.Gate:
    """The disclosure gate for a step's figures: the threshold, and whether its breakdown by
    group may be released now (input closed, not reopened after a release)."""
    return disclosure.Gate(
        ws.anonymity_threshold,
        tuple(ws.groups),
        disclosure.breakdown_reason(
            disclosure.Breakdown(step.breakdown), is_open=step.is_open and ws.is_live
        ),
    )


def summarise_step(
    ws: WorkshopSession,
    step: SessionStep,
    rules: ar.StepRules,
    items: Sequence[StepItem] | None = None,
) -> dict[int, ar.ItemSummary]:
    """Every item's summary in a step whose answers are summarised by item (`rules`, from its
    kind: `StepKind.step_rules`), through the gate."""
    items = items if items is not None else items_of(step.id)
    return ar.summarise(
        rules,
        [item.id for item in items],
        [count for _, count in answer_counts([step.id])],
        respondents([step.id]),
        gate_of(ws, step),
        POOL,
    )


def answerers(step_id: int) -> set[int]:
    """The participants (still linked) who answered at least one item of a step."""
    rows = db.session.scalars(
        select(Answer.participant_id)
        .where(Answer.step_id == step_id, Answer.participant_id.is_not(None))
        .distinct()
    )
    return {pid for pid in rows if pid is not None}


def my_answers(
    step_id: int, participant_ids: Collection[int]
) -> dict[int, dict[str, dict[str, int]]]:
    """Each listed participant's own answers: {participant: {item id: {dimension: value}}}."""
    mine: dict[int, dict[str, dict[str, int]]] = {pid: {} for pid in participant_ids}
    if not participant_ids:
        return mine
    rows = db.session.execute(
        select(Answer.participant_id, Answer.item_id, Answer.dimension, Answer.value).where(
            Answer.step_id == step_id, Answer.participant_id.in_(list(participant_ids))
        )
    )
    for pid, item_id, dimension, value in rows:
        if pid in mine:
            mine[pid].setdefault(str(item_id), {})[dimension] = value
    return mine


def own_dimensions(item_id: int, participant_id: int) -> set[str]:
    """The dimensions one person has answered an item in (a multiple choice: the options they
    ticked), for their kind's check of a new answer (`StepKind.check_answer`)."""
    return set(
        db.session.scalars(
            select(Answer.dimension).where(
                Answer.item_id == item_id, Answer.participant_id == participant_id
            )
        )
    )


def own_sum_elsewhere(step_id: int, participant_id: int, dimension: str, item_id: int) -> int:
    """The sum of one person's answers in a dimension over a step's other items (a weighted
    decision's points given to the other criteria), for their kind's check of a new answer."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(Answer.value), 0)).where(
            Answer.step_id == step_id,
            Answer.participant_id == participant_id,
            Answer.dimension == dimension,
            Answer.item_id != item_id,
        )
    )
    return int(total or 0)


def result_json(result: ar.Result) -> dict[str, Any]:
    """A result as the live pages get it."""
    data: dict[str, Any] = {"n": result.n}
    if result.check is not None:
        c = result.check
        data.update(
            yes=c.yes,
            no=c.no,
            na=c.not_applicable,
            no_share=None if c.no_share is None else round(c.no_share, 3),
        )
    if result.matrix is not None:
        m = result.matrix
        data.update(
            likelihood=_spread_json(m.likelihood),
            severity=_spread_json(m.severity),
            figure=m.figure,
            risk_class=m.risk_class.key if m.risk_class else None,
        )
    if result.light is not None:
        light = result.light
        data.update(green=light.green, yellow=light.yellow, red=light.red, level=light.level)
    if result.scale is not None:
        data["scale"] = {
            dimension: {
                "distribution": list(scale.distribution),
                "no_answer": scale.no_answer,
                "n": scale.n,
                "mean": scale.mean,
            }
            for dimension, scale in result.scale.items()
        }
    if result.choice is not None:
        data["counts"] = list(result.choice.counts)
    return data


def _spread_json(spread: ar.Spread | None) -> dict[str, int] | None:
    return None if spread is None else asdict(spread)


def summary_json(summary: ar.ItemSummary, with_groups: bool) -> dict[str, Any]:
    """An item's released figures as the live pages get them; `withheld` says why the rest
    is not there (the pages explain it in one line)."""
    release = summary.release
    data: dict[str, Any] = (
        result_json(summary.total)
        if summary.total is not None
        else {"too_few": True, "k": release.threshold}
    )
    data["flagged"] = summary.flagged
    data["disagreement"] = summary.disagreement
    if with_groups:
        data["groups"] = [
            {"name": name, **result_json(result)} for name, result in summary.by_group.items()
        ]
        data["withheld"] = release.reason.value if release.reason and release.withheld else None
        data["k"] = release.threshold
    return data


def selections(step: SessionStep) -> tuple[frozenset[int], ...]:
    """Each respondent's chosen option numbers in a poll or quiz, in no particular order and
    without who chose them (to count how many chose exactly the right ones)."""
    chosen: dict[int, set[int]] = {}
    for someone, dimension, value in db.session.execute(
        select(person(Answer), Answer.dimension, Answer.value).where(Answer.step_id == step.id)
    ):
        option = value if dimension == surveys.CHOICE else surveys.MULTI.index(dimension) + 1
        chosen.setdefault(someone, set()).add(option)
    return tuple(frozenset(options) for options in chosen.values())


def decision_of(step: SessionStep, items: Sequence[StepItem]) -> surveys.Decision:
    """A weighted decision's result from every respondent's points and ratings (read here,
    reduced to numbers without who gave them)."""
    position = {item.id: index + 1 for index, item in enumerate(items) if item.enabled}
    weight_points = dict.fromkeys(position.values(), 0)
    people: dict[int, dict[tuple[int, int], int]] = {}
    for someone, item_id, dimension, value in db.session.execute(
        select(person(Answer), Answer.item_id, Answer.dimension, Answer.value).where(
            Answer.step_id == step.id
        )
    ):
        criterion = position.get(item_id)
        if criterion is None:
            continue
        if dimension == surveys.WEIGHT:
            weight_points[criterion] += value
        elif dimension in surveys.RATE:
            option = surveys.RATE.index(dimension) + 1
            people.setdefault(someone, {})[(option, criterion)] = value
    return surveys.decide(weight_points, list(people.values()), len(step.settings["options"]))
