"""Report sections of surveys, polls and quizzes (`scale`, `poll`, `quiz`); pure like `build.py`.

Results come from the same rules the live views use (`facilitator.surveys` through
`facilitator.assessment.summarise`), with the report's anonymity plan.
"""

from __future__ import annotations

from dataclasses import replace

from flask_babel import gettext as _

from .. import assessment as ar
from .. import surveys
from ..catalog import localize
from ..sessions import rules
from .build import _base, section
from .build_assessment import _label, summarise
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


def _variants(step: StepInput, lang: str) -> list[tuple[str, str]]:
    """(dimension, label) pairs an item is asked in: once, or twice (e.g. Ist and Soll)."""
    variants = step.settings.get("variants")
    if not variants:
        return [(surveys.SCALE, "")]
    return [
        (name, localize(label, lang))
        for name, label in zip(surveys.VARIANTS, variants, strict=True)
    ]


def _group_means(summary: ar.ItemSummary, dimension: str) -> tuple[GroupMean, ...]:
    means = []
    for name, result in summary.by_group.items():
        scale = (result.scale or {}).get(dimension)
        means.append(
            GroupMean(
                _label(name),
                scale.mean if scale else None,
                scale.n if scale else 0,
                scale.distribution if scale else (),
            )
        )
    return tuple(means)


def _reversed(item: ItemInput) -> bool:
    return bool((item.attributes or {}).get("reversed"))


@section("scale")
def scale_section(
    inp: ReportInput, step: StepInput, figures: GroupFigures, plan: rules.GroupPlan
) -> StepSection:
    lang, points = inp.language, step.settings["points"]
    items, summaries = summarise(inp, step, plan)
    dimensions = {d["key"]: localize(d["title"], lang) for d in step.settings["dimensions"]}
    variants = _variants(step, lang)
    rows = []
    for item in items:
        summary = summaries[item.id]
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
                    by_group=_group_means(summary, dimension),
                )
            )
    variant_labels = dict(variants)
    profile = ar.dimension_profile(
        ar.StepRules.from_settings("scale", step.settings),
        [(i.id, (i.attributes or {}).get("dimension") or "", _reversed(i)) for i in items],
        summaries,
    )
    scores = [
        DimensionRow(
            dimension=dimensions.get(row.dimension, _("All items")),
            variant=variant_labels.get(row.variant, ""),
            mean=row.total.mean,
            n=row.total.n,
            by_group=tuple(
                GroupMean(_label(name), score.mean, score.n) for name, score in row.by_group.items()
            ),
        )
        for row in profile
    ]
    return replace(
        _base(inp, step),
        labels=tuple(localize(label, lang) for label in step.settings["labels"]),
        nominal=step.settings.get("nominal", False),
        scale_rows=tuple(rows),
        dimension_scores=tuple(scores),
        groups=figures,
        respondents=max([0, *(summaries[i.id].total.n for i in items)]),
    )


def _choice_section(
    inp: ReportInput, step: StepInput, figures: GroupFigures, plan: rules.GroupPlan
) -> StepSection:
    lang = inp.language
    items, summaries = summarise(inp, step, plan)
    summary = summaries[items[0].id] if items else None
    options = step.settings["options"]
    correct_keys = set(step.settings.get("correct") or [])
    total = summary.total.choice if summary else None
    rows = []
    for index, option in enumerate(options):
        by_group = []
        if summary is not None:
            for name, result in summary.by_group.items():
                counts = result.choice.counts if result.choice else ()
                by_group.append(GroupCount(_label(name), counts[index] if counts else 0))
        rows.append(
            OptionRow(
                text=localize(option["text"], lang),
                count=total.counts[index] if total else 0,
                share=total.share(index) if total else None,
                correct=option["key"] in correct_keys,
                by_group=tuple(by_group),
            )
        )
    section_ = replace(
        _base(inp, step),
        options=tuple(rows),
        multiple=step.settings["multiple"],
        groups=figures,
        respondents=total.respondents if total else 0,
    )
    if step.kind == "quiz":
        correct = frozenset(
            index + 1 for index, option in enumerate(options) if option["key"] in correct_keys
        )
        section_ = replace(
            section_,
            chose_right=surveys.chose_right(inp.selections.get(step.key, ()), correct),
            explanation=localize(step.settings.get("explanation"), lang) or None,
        )
    return section_


section("poll")(_choice_section)
section("quiz")(_choice_section)


@section("weighted")
def weighted_section(
    inp: ReportInput, step: StepInput, figures: GroupFigures, plan: rules.GroupPlan
) -> StepSection:
    lang = inp.language
    result = inp.decisions.get(step.key) or surveys.decide({}, [], len(step.settings["options"]))
    criteria = [i for i in inp.items if i.step_key == step.key and i.enabled]
    options = step.settings["options"]
    order = sorted(result.scores, key=lambda s: (s.score is None, -(s.score or 0), s.option))
    return replace(
        _base(inp, step),
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
        respondents=max([0, *(s.raters for s in result.scores)]),
    )
