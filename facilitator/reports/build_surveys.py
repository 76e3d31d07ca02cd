"""Report sections of surveys, polls and quizzes (`scale`, `poll`, `quiz`); pure like `build.py`.

Results come from the same rules the live views use (`facilitator.surveys` through
`facilitator.assessment.summarise`), with the report's anonymity plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from flask_babel import gettext as _

from .. import assessment as ar
from .. import disclosure, surveys
from ..catalog import localize
from . import gated
from .build_assessment import POOL, group_cells, released, respondents, summarise
from .data import (
    DecisionRow,
    DimensionRow,
    GroupCount,
    GroupFigures,
    GroupMean,
    OptionRow,
    ScaleRow,
    StepSection,
    WeightRow,
)
from .load import ItemInput, ReportInput, StepInput
from .section_base import base_section


def _variants(step: StepInput, lang: str) -> list[tuple[str, str]]:
    """(dimension, label) pairs an item is asked in: once, or twice (e.g. Ist and Soll)."""
    variants = step.settings.get("variants")
    if not variants:
        return [(surveys.SCALE, "")]
    return [
        (name, localize(label, lang))
        for name, label in zip(surveys.VARIANTS, variants, strict=True)
    ]


def _group_means(
    columns: GroupFigures, summary: ar.ItemSummary, dimension: str
) -> tuple[GroupMean, ...]:
    def mean(label: str, result: ar.Result) -> GroupMean:
        scale = (result.scale or {}).get(dimension)
        return GroupMean(
            label,
            scale.mean if scale else None,
            scale.n if scale else 0,
            scale.distribution if scale else (),
        )

    return group_cells(columns, summary, mean, lambda label: GroupMean(label, None, 0))


def _score_cells(columns: GroupFigures, scores: dict[str, surveys.Score]) -> tuple[GroupMean, ...]:
    """A dimension score per column: the profile already keeps only the groups every item of
    the dimension released (`assessment.dimension_profile`), the rest stay empty."""
    cells = []
    for label in columns.columns:
        score = scores.get(POOL if label == gated.other_groups_label() else label)
        cells.append(GroupMean(label, score.mean, score.n) if score else GroupMean(label, None, 0))
    return tuple(cells)


def _reversed(item: ItemInput) -> bool:
    return bool((item.attributes or {}).get("reversed"))


def scale_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    lang, points = inp.language, step.settings["points"]
    items, summaries = summarise(inp, step, gate)
    columns, withheld = released(inp, items, summaries)
    dimensions = {d["key"]: localize(d["title"], lang) for d in step.settings["dimensions"]}
    variants = _variants(step, lang)
    rows = []
    for item in items:
        summary = summaries[item.id]
        if summary.total is None:
            continue  # too few answers: named in `withheld`
        for dimension, variant in variants:
            result = (summary.total.scale or {}).get(dimension) or surveys.scale_result([], points)
            rows.append(
                ScaleRow(
                    dimension=dimensions.get((item.attributes or {}).get("dimension") or "", ""),
                    text=localize(item.text, lang),
                    variant=variant,
                    reversed=_reversed(item),
                    distribution=result.distribution,
                    no_answer=result.no_answer,
                    n=result.n,
                    mean=result.mean,
                    by_group=_group_means(columns, summary, dimension),
                )
            )
    variant_labels = dict(variants)
    profile = ar.dimension_profile(
        ar.StepRules.from_settings("scale", step.settings),
        [(i.id, (i.attributes or {}).get("dimension") or "", _reversed(i)) for i in items],
        summaries,
        POOL,
    )
    scores = [
        DimensionRow(
            dimension=dimensions.get(row.dimension, _("All items")),
            variant=variant_labels.get(row.variant, ""),
            mean=row.total.mean,
            n=row.total.n,
            by_group=_score_cells(columns, row.by_group),
        )
        for row in profile
    ]
    return replace(
        base_section(inp, step),
        labels=tuple(localize(label, lang) for label in step.settings["labels"]),
        first_value=step.settings.get("first_value", 1),
        nominal=step.settings.get("nominal", False),
        scale_rows=tuple(rows),
        dimension_scores=tuple(scores),
        groups=columns,
        respondents=respondents(inp, step),
        withheld=withheld,
    )


def _option_count(index: int) -> Callable[[str, ar.Result], GroupCount]:
    def count(label: str, result: ar.Result) -> GroupCount:
        return GroupCount(label, result.choice.counts[index] if result.choice else 0)

    return count


def choice_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    lang = inp.language
    items, summaries = summarise(inp, step, gate)
    columns, withheld = released(inp, items, summaries)
    summary = summaries[items[0].id] if items else None
    options = step.settings["options"]
    correct_keys = set(step.settings.get("correct") or [])
    total = summary.total.choice if summary and summary.total else None
    rows = []
    for index, option in enumerate(options if total is not None else []):
        by_group: tuple[GroupCount, ...] = ()
        if summary is not None:
            by_group = group_cells(
                columns, summary, _option_count(index), lambda label: GroupCount(label, None)
            )
        rows.append(
            OptionRow(
                text=localize(option["text"], lang),
                count=total.counts[index] if total else 0,
                share=total.share(index) if total else None,
                correct=option["key"] in correct_keys,
                by_group=by_group,
            )
        )
    section_ = replace(
        base_section(inp, step),
        options=tuple(rows),
        multiple=step.settings["multiple"],
        groups=columns,
        respondents=respondents(inp, step),
        withheld=withheld,
    )
    if step.kind == "quiz" and total is not None:
        correct = frozenset(
            index + 1 for index, option in enumerate(options) if option["key"] in correct_keys
        )
        section_ = replace(
            section_,
            chose_right=surveys.chose_right(inp.selections.get(step.key, ()), correct),
            explanation=localize(step.settings.get("explanation"), lang) or None,
        )
    return section_


def weighted_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    """A weighted decision is one figure of everyone who answered: shown from k people on."""
    lang = inp.language
    release = gate.release(inp.people.get(step.key, {}))
    if not release.total:
        return replace(
            base_section(inp, step),
            respondents=respondents(inp, step),
            withheld=gated.sentences([release], [localize(step.title, lang)], inp.threshold),
        )
    result = inp.decisions.get(step.key) or surveys.decide({}, [], len(step.settings["options"]))
    criteria = [i for i in inp.items if i.step_key == step.key and i.enabled]
    options = step.settings["options"]
    order = sorted(result.scores, key=lambda s: (s.score is None, -(s.score or 0), s.option))
    return replace(
        base_section(inp, step),
        weights=tuple(
            WeightRow(localize(item.text, lang), result.weights.get(index + 1, 0.0))
            for index, item in enumerate(criteria)
        ),
        decision=tuple(
            DecisionRow(
                rank=rank,
                option=localize(options[score.option - 1]["text"], lang),
                score=score.score,
                low=score.spread.low if score.spread else None,
                median=score.spread.median if score.spread else None,
                high=score.spread.high if score.spread else None,
                raters=score.raters,
                ratings=tuple(score.means.get(index + 1) for index in range(len(criteria))),
            )
            for rank, score in enumerate(order, start=1)
        ),
        labels=tuple(localize(label, lang) for label in step.settings["labels"]),
        first_value=step.settings.get("first_value", 1),
        respondents=respondents(inp, step),
    )
