"""The report's tables as rows of text and numbers: shared by PDF, DOCX, XLSX and CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_time,
    get_locale,
    get_timezone,
    ngettext,
)
from flask_babel import gettext as _

from .data import GroupResult, HazardRow, ReportData, SpreadRow, StepSection


@dataclass(frozen=True)
class Figure:
    """A number or date: text in the language's format where a format shows text (PDF, DOCX,
    HTML), the value itself where a format has types (XLSX with `number_format`, CSV)."""

    value: float | date | None
    text: str
    number_format: str = "General"

    def __str__(self) -> str:
        return self.text


Cell = str | int | Figure
Table = tuple[list[str], list[list[Cell]]]


def share_cell(share: float | None) -> Figure:
    return Figure(share, percent(share), "0 %")


def mean_cell(mean: float | None) -> Figure:
    return Figure(mean, mean_text(mean), "0.0")


def date_cell(day: date | None) -> Figure | str:
    if day is None:
        return ""
    return Figure(
        day, format_date(day, "medium"), DATE_FORMATS.get(str(get_locale()), "YYYY-MM-DD")
    )


DATE_FORMATS = {"de": "DD.MM.YYYY", "en": "DD/MM/YYYY"}


def group_summary(report: ReportData) -> str:
    facts = report.facts
    parts = [f"{g.label}: {g.value}" for g in facts.participants_by_group]
    return f"{facts.participants_total}" + (f" ({', '.join(parts)})" if parts else "")


def zone() -> str:
    """The name of the time zone times are shown in (UTC unless configured)."""
    return str(get_timezone())


def moment_text(moment: datetime) -> str:
    """A date and time with its zone, e.g. "24.11.26, 09:00 UTC"."""
    return f"{format_datetime(moment, 'short')} {zone()}"


def held_text(report: ReportData) -> str:
    """When the workshop was held: one day with a time span, or from one moment to another."""
    facts = report.facts
    start, end = facts.held_from, facts.held_until
    if start is None:
        return _("not held yet (created on %(date)s)", date=format_date(facts.created_at, "long"))
    if end is None or format_date(start) == format_date(end):
        until = f"–{format_time(end, 'short')}" if end and end != start else ""
        return f"{format_date(start, 'long')}, {format_time(start, 'short')}{until} {zone()}"
    return f"{moment_text(start)} – {moment_text(end)}"


def duration_text(minutes: int) -> str:
    return ngettext("%(num)s minute", "%(num)s minutes", minutes)


def status_text(report: ReportData) -> str:
    if report.facts.interim:
        return _("Interim result: the workshop was still running")
    return _("Final: the workshop was closed")


def generated_text(report: ReportData, prefix: bool = True) -> str:
    """When the file was made and by what, printed on every page."""
    made = moment_text(report.generated_at)
    software = report.facts.software
    when = _("Generated %(when)s", when=made) if prefix else made
    return when + (f" · {software}" if software else "")


def facts_rows(report: ReportData) -> list[tuple[str, str]]:
    facts = report.facts
    rows = [
        (_("Organisation"), facts.organisation),
        (_("Place"), facts.place),
        (_("Held"), held_text(report)),
        (_("Duration"), duration_text(facts.duration_minutes)),
        (_("Facilitated by"), facts.facilitator),
        (_("Exercise template"), facts.template),
        (_("Participants"), group_summary(report)),
        (_("Anonymity threshold"), str(report.anonymity_threshold)),
        (_("Status"), status_text(report)),
        (_("Review due by"), format_date(report.review_due, "long") if report.review_due else ""),
        (_("Generated"), generated_text(report, prefix=False)),
    ]
    return [(label, value) for label, value in rows if value]


def literacy_rows(report: ReportData) -> list[tuple[str, str]]:
    """The record of an AI-literacy measure (Art. 4 EU AI Act): content, time spent, who."""
    facts = report.facts
    topics = _("Learning objectives") if report.literacy_from_objectives else _("Topics")
    return [
        (_("Held"), held_text(report)),
        (_("Time spent"), duration_text(facts.duration_minutes)),
        (_("Place"), facts.place or "–"),
        (_("Facilitated by"), facts.facilitator or "–"),
        (topics, "; ".join(report.literacy_topics)),
        (_("Participants"), group_summary(report)),
    ]


def notes_table(step: StepSection) -> Table:
    header = [_("Column"), _("Note"), _("Merged:")]
    rows: list[list[Cell]] = [
        [note.column, note.text, " · ".join(note.merged)] for note in step.notes
    ]
    return header, rows


def ranking_table(step: StepSection) -> Table:
    groups = list(step.groups.columns) if step.groups else []
    header = [_("Rank"), _("Note"), _("Column"), _("Dots"), *groups]
    rows: list[list[Cell]] = [
        [row.rank, row.text, row.column, row.dots, *(count_cell(g.value) for g in row.by_group)]
        for row in step.ranking
    ]
    return header, rows


def count_cell(value: int | None) -> Cell:
    """A group's count, or a dash where the disclosure gate withheld it for this row."""
    return "–" if value is None else value


def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)} %"


def yes_no(flag: bool) -> str:
    return _("yes") if flag else ""


def statements_table(step: StepSection) -> Table:
    groups = list(step.groups.columns) if step.groups else []
    header = [
        _("Area"),
        _("Statement"),
        _("Yes"),
        _("No"),
        _("Not applicable"),
        _("No share"),
        _("Unmet"),
        *(_("No share: %(group)s", group=g) for g in groups),
    ]
    rows: list[list[Cell]] = [
        [
            row.area,
            row.text,
            row.yes,
            row.no,
            row.not_applicable,
            share_cell(row.no_share),
            yes_no(row.unmet),
            *(share_cell(g.no_share) for g in row.by_group),
        ]
        for row in step.statements
    ]
    return header, rows


def spread_text(spread: SpreadRow | None) -> str:
    """Median and range, e.g. "3 (2–4)"."""
    if spread is None:
        return "–"
    return f"{spread.median} ({spread.low}–{spread.high})"


def class_text(row: HazardRow | GroupResult) -> str:
    if isinstance(row, HazardRow):
        return f"{row.risk_class} ({row.figure})" if row.risk_class else "–"
    return row.risk_class or "–"


def group_text(step: StepSection, group: GroupResult) -> str:
    if not group.shown:
        return "–"
    if step.mode == "traffic_light":
        return f"{group.green}/{group.yellow}/{group.red}"
    if group.likelihood is None or group.severity is None:
        return "–"
    return f"{class_text(group)} · {group.likelihood}/{group.severity} · {group.n}"


def hazards_table(step: StepSection) -> Table:
    """The prioritised hazard list with medians, spreads, counts and group differences."""
    groups = list(step.groups.columns) if step.groups else []
    lights = step.mode == "traffic_light"
    if lights:
        rating = [_("Green"), _("Yellow"), _("Red")]
        per_group = [_("%(group)s (green/yellow/red)", group=g) for g in groups]
    else:
        rating = [
            _("Likelihood: median (range)"),
            _("Severity: median (range)"),
            _("Risk class (figure)"),
        ]
        per_group = [_("%(group)s: class · likelihood/severity · ratings", group=g) for g in groups]
    header = [
        _("No."),
        _("Hazard"),
        _("Area"),
        _("Origin"),
        _("Ratings"),
        *rating,
        _("Needs measures"),
        _("Groups disagree"),
        *per_group,
    ]
    rows: list[list[Cell]] = [
        [
            row.ref,
            row.text,
            row.area,
            row.origin,
            row.n,
            *(
                [row.green, row.yellow, row.red]
                if lights
                else [spread_text(row.likelihood), spread_text(row.severity), class_text(row)]
            ),
            yes_no(row.prioritised),
            yes_no(row.disagreement),
            *(group_text(step, g) for g in row.by_group),
        ]
        for row in step.hazards
    ]
    return header, rows


def action_plan_table(report: ReportData) -> Table:
    """The action plan with OiRA's columns (as in its Excel export) plus ours."""
    header = [
        _("No."),
        _("Hazard"),
        _("Measure (general approach)"),
        _("Type (STOP)"),
        _("Expertise or requirements needed"),
        _("Responsible"),
        _("Budget"),
        _("Start"),
        _("Due"),
        _("Priority"),
        _("Effectiveness check: how, when, by whom"),
        _("Status"),
    ]
    rows: list[list[Cell]] = [
        [
            row.ref,
            row.hazard,
            row.measure,
            f"{row.stop_type} – {row.stop_label}",
            row.expertise,
            row.responsible,
            row.budget,
            date_cell(row.start_on),
            date_cell(row.due_on),
            row.priority,
            row.effectiveness,
            row.status,
        ]
        for row in report.action_plan
    ]
    return header, rows


def mean_text(mean: float | None) -> str:
    return "–" if mean is None else format_decimal(mean, "0.0")


def scale_table(step: StepSection) -> Table:
    """Dimension scores first, then every item: distribution, "keine Angabe", answers, mean and
    the mean per shown group."""
    groups = list(step.groups.columns) if step.groups else []
    variants = any(row.variant for row in step.scale_rows)
    if step.nominal:  # categories without an order: counts per group, no means
        header = [_("Dimension"), _("Item"), _("Group"), *step.labels, _("No answer"), _("Answers")]
        rows: list[list[Cell]] = []
        blank = [0] * len(step.labels)
        for row in step.scale_rows:
            rows.append(
                [row.dimension, row.text, _("All"), *row.distribution, row.no_answer, row.n]
            )
            rows += [
                [row.dimension, row.text, g.label, *(g.distribution or blank), "", g.n]
                for g in row.by_group
                if g.n
            ]
        return header, rows
    header = [
        _("Dimension"),
        _("Item"),
        *([_("Variant")] if variants else []),
        _("Reversed"),
        *step.labels,
        _("No answer"),
        _("Answers"),
        _("Mean"),
        *(_("Mean: %(group)s", group=g) for g in groups),
    ]
    rows = [
        [
            score.dimension,
            _("Dimension score"),
            *([score.variant] if variants else []),
            "",
            *([""] * len(step.labels)),
            "",
            score.n,
            mean_cell(score.mean),
            *(mean_cell(g.mean) for g in score.by_group),
        ]
        for score in step.dimension_scores
    ]
    rows += [
        [
            row.dimension,
            row.text,
            *([row.variant] if variants else []),
            yes_no(row.reversed),
            *row.distribution,
            row.no_answer,
            row.n,
            mean_cell(row.mean),
            *(mean_cell(g.mean) for g in row.by_group),
        ]
        for row in step.scale_rows
    ]
    return header, rows


def options_table(step: StepSection) -> Table:
    groups = list(step.groups.columns) if step.groups else []
    quiz = step.kind == "quiz"
    header = [
        _("Option"),
        _("Answers"),
        _("Share"),
        *([_("Correct")] if quiz else []),
        *groups,
    ]
    rows: list[list[Cell]] = [
        [
            option.text,
            option.count,
            share_cell(option.share),
            *([yes_no(option.correct)] if quiz else []),
            *(count_cell(g.value) for g in option.by_group),
        ]
        for option in step.options
    ]
    return header, rows


def decision_table(step: StepSection) -> Table:
    """The weighted decision: options by weighted score (with the spread of the respondents'
    own scores and the mean rating per criterion), then the criteria's weights."""
    criteria = [w.criterion for w in step.weights]
    header = [
        _("Rank"),
        _("Option or criterion"),
        _("Weighted score or weight"),
        _("Spread"),
        _("Ratings"),
        *(_("Mean rating: %(criterion)s", criterion=c) for c in criteria),
    ]
    rows: list[list[Cell]] = [
        [
            row.rank,
            row.option,
            mean_cell(row.score),
            f"{mean_text(row.low)}–{mean_text(row.high)}" if row.low is not None else "–",
            row.raters,
            *(mean_cell(r) for r in (row.ratings or (None,) * len(criteria))),
        ]
        for row in step.decision
    ]
    rows += [
        [
            "",
            _("Weight: %(criterion)s", criterion=w.criterion),
            share_cell(w.share),
            "",
            "",
            *([""] * len(criteria)),
        ]
        for w in step.weights
    ]
    return header, rows


def words_line(step: StepSection) -> str:
    """A word cloud as text: "Daten (5) · KI (3) · …"."""
    return " · ".join(f"{word} ({count})" for word, count in step.words)


def respondents_line(step: StepSection) -> str:
    """How many answered the step (rated, for a risk step)."""
    if step.kind == "risk":
        return ngettext("%(num)s person rated.", "%(num)s people rated.", step.respondents)
    return ngettext("%(num)s person answered.", "%(num)s people answered.", step.respondents)


def quiz_summary(step: StepSection) -> str:
    if step.chose_right is None:  # too few answers for the gate: no count of right answers
        return _("Too few answers to show how many chose the right answer.")
    return ngettext(
        "%(num)s of %(n)s chose the right answer.",
        "%(num)s of %(n)s chose the right answer.",
        step.chose_right,
        n=step.respondents,
    )


def questions_table(step: StepSection) -> Table:
    """A Q&A step's questions; upvotes "–" where the gate withholds them."""
    header = [_("No."), _("Question"), _("To"), _("Status"), _("Upvotes"), _("Merged:")]
    rows: list[list[Cell]] = [
        [q.number, q.text, q.addressee, q.status_label, count_cell(q.votes), " · ".join(q.merged)]
        for q in step.questions
    ]
    return header, rows


def qa_summary(step: StepSection) -> str:
    asked = ngettext("%(num)s question", "%(num)s questions", len(step.questions))
    if step.questions and step.questions[0].votes is None:
        return (
            asked
            + " · "
            + _(
                "%(voters)s people upvoted; too few to show the upvotes (see the method notes).",
                voters=step.voters or 0,
            )
        )
    return asked + " · " + _("%(voters)s people upvoted.", voters=step.voters or 0)


def step_table(step: StepSection) -> Table | None:
    """The table a step contributes to the tabular exports, if it has one."""
    if step.kind == "qa":
        return questions_table(step)
    if step.kind in ("board", "actions", "canvas"):
        return notes_table(step)
    if step.kind == "dot_vote":  # too few voters: the notes, without dots or order (the gate)
        return ranking_table(step) if step.ranking else notes_table(step)
    if step.kind == "check":
        return statements_table(step)
    if step.kind == "risk":
        return hazards_table(step)
    if step.kind == "scale":
        return scale_table(step)
    if step.kind in ("poll", "quiz"):
        return options_table(step)
    if step.kind == "weighted":
        return decision_table(step)
    return None


def has_action_plan(report: ReportData) -> bool:
    return bool(report.action_plan) or any(s.kind == "actions" for s in report.steps)


def dot_vote_summary(step: StepSection) -> str:
    if step.dots_total is None:  # the tally is withheld: say so instead of a count
        return _(
            "%(voters)s people voted; too few to show their dots (see the method notes).",
            voters=step.voters,
        )
    return _(
        "%(voters)s people spent %(dots)s dots (each up to %(budget)s, at most %(max)s per note).",
        voters=step.voters,
        dots=step.dots_total,
        budget=step.budget,
        max=step.max_per_note,
    )
