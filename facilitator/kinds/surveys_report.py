"""Report sections of surveys, polls, quizzes and weighted decisions (`scale`, `poll`, `quiz`,
`weighted`); pure like `reports/build.py`.

Results come from the same rules the live views use (`facilitator.surveys` through
`facilitator.assessment.summarise`) with the step's gate; the blocks hold what it released.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from flask_babel import gettext as _
from flask_babel import ngettext

from .. import assessment as ar
from .. import disclosure, surveys
from ..catalog import localize
from ..reports.blocks import (
    Bar,
    Block,
    DistributionBlock,
    ProfileBar,
    ProfileBlock,
    TableBlock,
    TextBlock,
)
from ..reports.cells import Cell, count_cell, mean_cell, mean_text, share_cell, yes_no
from ..reports.data import (
    DecisionRow,
    DimensionRow,
    GroupCount,
    GroupFigures,
    GroupMean,
    Highlights,
    OptionRow,
    ScaleRow,
    StepSection,
    WeightRow,
)
from ..reports.gated import other_groups_label, sentences
from ..reports.inputs import ItemInput, ReportInput, StepInput
from ..reports.section_base import (
    POOL,
    answered,
    answered_of_all,
    base_section,
    group_cells,
    released,
    respondents,
    summarise,
)


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
        score = scores.get(POOL if label == other_groups_label() else label)
        cells.append(GroupMean(label, score.mean, score.n) if score else GroupMean(label, None, 0))
    return tuple(cells)


def _reversed(item: ItemInput) -> bool:
    return bool((item.attributes or {}).get("reversed"))


def _groups(columns: GroupFigures | None) -> list[str]:
    return list(columns.columns) if columns else []


def scale_table(section: StepSection) -> TableBlock:
    """Dimension scores first, then every item: distribution, "keine Angabe", answers, mean and
    the mean per shown group."""
    groups = _groups(section.groups)
    variants = any(row.variant for row in section.scale_rows)
    rows: list[tuple[Cell, ...]] = []
    if section.nominal:  # categories without an order: counts per group, no means
        header = (
            _("Dimension"),
            _("Item"),
            _("Group"),
            *section.labels,
            _("No answer"),
            _("Answers"),
        )
        blank = (0,) * len(section.labels)
        for row in section.scale_rows:
            rows.append(
                (row.dimension, row.text, _("All"), *row.distribution, row.no_answer, row.n)
            )
            rows += [
                (row.dimension, row.text, g.label, *(g.distribution or blank), "", g.n)
                for g in row.by_group
                if g.n
            ]
        return TableBlock(header, tuple(rows))
    header = (
        _("Dimension"),
        _("Item"),
        *([_("Variant")] if variants else []),
        _("Reversed"),
        *section.labels,
        _("No answer"),
        _("Answers"),
        _("Mean"),
        *(_("Mean: %(group)s", group=g) for g in groups),
    )
    rows = [
        (
            score.dimension,
            _("Dimension score"),
            *([score.variant] if variants else []),
            "",
            *([""] * len(section.labels)),
            "",
            score.n,
            mean_cell(score.mean),
            *(mean_cell(g.mean) for g in score.by_group),
        )
        for score in section.dimension_scores
    ]
    rows += [
        (
            row.dimension,
            row.text,
            *([row.variant] if variants else []),
            yes_no(row.reversed),
            *row.distribution,
            row.no_answer,
            row.n,
            mean_cell(row.mean),
            *(mean_cell(g.mean) for g in row.by_group),
        )
        for row in section.scale_rows
    ]
    return TableBlock(header, tuple(rows))


def _respondents_highlights(inp: ReportInput, step: StepInput, count: int) -> Highlights:
    return Highlights(took_part=answered_of_all(inp, step, count), count=count)


def scale_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    lang, points = inp.language, step.settings["points"]
    items, summaries = summarise(inp, step, gate, ar.SCALED)
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
        ar.StepRules.from_settings(ar.SCALED, step.settings),
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
    count = respondents(inp, step)
    section = replace(
        base_section(inp, step),
        labels=tuple(localize(label, lang) for label in step.settings["labels"]),
        first_value=step.settings.get("first_value", 1),
        nominal=step.settings.get("nominal", False),
        scale_rows=tuple(rows),
        dimension_scores=tuple(scores),
        groups=columns,
        respondents=count,
        withheld=withheld,
    )
    blocks: list[Block] = [answered(count)]
    if not section.nominal:  # a profile of means; nominal categories have no means
        blocks.append(
            ProfileBlock(
                section.title,
                tuple(ProfileBar(f"{d.dimension} {d.variant}".strip(), d.mean) for d in scores),
                points=max(2, len(section.labels)),
                first=section.first_value,
            )
        )
    blocks.append(scale_table(section))
    return replace(
        section, blocks=tuple(blocks), highlights=_respondents_highlights(inp, step, count)
    )


def _option_count(index: int) -> Callable[[str, ar.Result], GroupCount]:
    def count(label: str, result: ar.Result) -> GroupCount:
        return GroupCount(label, result.choice.counts[index] if result.choice else 0)

    return count


def options_table(section: StepSection, quiz: bool) -> TableBlock:
    groups = _groups(section.groups)
    header = (
        _("Option"),
        _("Answers"),
        _("Share"),
        *([_("Correct")] if quiz else []),
        *groups,
    )
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            option.text,
            option.count,
            share_cell(option.share),
            *([yes_no(option.correct)] if quiz else []),
            *(count_cell(g.value) for g in option.by_group),
        )
        for option in section.options
    )
    return TableBlock(header, rows)


def _quiz_summary(section: StepSection) -> str:
    if section.chose_right is None:  # too few answers for the gate: no count of right answers
        return _("Too few answers to show how many chose the right answer.")
    return ngettext(
        "%(num)s of %(n)s chose the right answer.",
        "%(num)s of %(n)s chose the right answer.",
        section.chose_right,
        n=section.respondents,
    )


def _choices(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    """A poll's or quiz's options with their counts, through the gate."""
    lang = inp.language
    items, summaries = summarise(inp, step, gate, ar.CHOSEN)
    columns, withheld = released(inp, items, summaries)
    summary = summaries[items[0].id] if items else None
    correct_keys = set(step.settings.get("correct") or [])
    total = summary.total.choice if summary and summary.total else None
    rows = []
    for index, option in enumerate(step.settings["options"] if total is not None else []):
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
    return replace(
        base_section(inp, step),
        options=tuple(rows),
        multiple=step.settings["multiple"],
        groups=columns,
        respondents=respondents(inp, step),
        withheld=withheld,
    )


def _choice_blocks(section: StepSection, quiz: tuple[Block, ...]) -> tuple[Block, ...]:
    bars = DistributionBlock(
        section.title, tuple(Bar(o.text, o.count, o.share) for o in section.options)
    )
    return (
        answered(section.respondents or 0),
        *quiz,
        bars,
        options_table(section, quiz=bool(quiz)),
    )


def poll_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    section = _choices(inp, step, gate)
    count = section.respondents or 0
    top: tuple[str, ...] = ()
    if section.options:
        leader = max(section.options, key=lambda option: option.count).text
        top = (_("%(title)s: first “%(option)s”", title=section.title, option=leader),)
    return replace(
        section,
        blocks=_choice_blocks(section, ()),
        highlights=replace(_respondents_highlights(inp, step, count), top=top),
    )


def quiz_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    section = _choices(inp, step, gate)
    if section.options:  # the total was released: how many chose right, and why
        options = step.settings["options"]
        correct_keys = set(step.settings.get("correct") or [])
        correct = frozenset(
            index + 1 for index, option in enumerate(options) if option["key"] in correct_keys
        )
        section = replace(
            section,
            chose_right=surveys.chose_right(inp.selections.get(step.key, ()), correct),
            explanation=localize(step.settings.get("explanation"), inp.language) or None,
        )
    result = TextBlock(section.explanation or "", lead=_quiz_summary(section))
    return replace(
        section,
        blocks=_choice_blocks(section, (result,)),
        highlights=_respondents_highlights(inp, step, section.respondents or 0),
    )


def decision_table(section: StepSection) -> TableBlock:
    """The weighted decision: options by weighted score (with the spread of the respondents'
    own scores and the mean rating per criterion), then the criteria's weights."""
    criteria = [w.criterion for w in section.weights]
    header = (
        _("Rank"),
        _("Option or criterion"),
        _("Weighted score or weight"),
        _("Spread"),
        _("Ratings"),
        *(_("Mean rating: %(criterion)s", criterion=c) for c in criteria),
    )
    rows: list[tuple[Cell, ...]] = [
        (
            row.rank,
            row.option,
            mean_cell(row.score),
            f"{mean_text(row.low)}–{mean_text(row.high)}" if row.low is not None else "–",
            row.raters,
            *(mean_cell(r) for r in (row.ratings or (None,) * len(criteria))),
        )
        for row in section.decision
    ]
    rows += [
        (
            "",
            _("Weight: %(criterion)s", criterion=w.criterion),
            share_cell(w.share),
            "",
            "",
            *([""] * len(criteria)),
        )
        for w in section.weights
    ]
    return TableBlock(header, tuple(rows))


def weighted_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    """A weighted decision is one figure of everyone who answered: shown from k people on."""
    lang = inp.language
    release = gate.release(inp.people.get(step.key, {}))
    count = respondents(inp, step)
    highlights = _respondents_highlights(inp, step, count)
    if not release.total:
        section = replace(
            base_section(inp, step),
            respondents=count,
            withheld=sentences([release], [localize(step.title, lang)], inp.threshold),
        )
        return replace(
            section, blocks=(answered(count), decision_table(section)), highlights=highlights
        )
    result = inp.decisions.get(step.key) or surveys.decide({}, [], len(step.settings["options"]))
    criteria = [i for i in inp.items if i.step_key == step.key and i.enabled]
    options = step.settings["options"]
    order = sorted(result.scores, key=lambda s: (s.score is None, -(s.score or 0), s.option))
    section = replace(
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
        respondents=count,
    )
    if section.decision:
        top = (
            _(
                "%(title)s: first “%(option)s”",
                title=section.title,
                option=section.decision[0].option,
            ),
        )
        highlights = replace(highlights, top=top)
    return replace(
        section, blocks=(answered(count), decision_table(section)), highlights=highlights
    )
