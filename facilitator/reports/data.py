"""`ReportData`: one structure for every report format, built from the database by `build`.

Everything here is plain, immutable data in the session's language, so every format renders
the same content and none of them queries the database.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from . import blocks
from .blocks import Block, MatrixInfo, RiskClassInfo

__all__ = ["MatrixInfo", "RiskClassInfo"]  # kept importable from here

REPORT_FORMAT_VERSION = 1


@dataclass(frozen=True)
class GroupCount:
    label: str  # a group's name, or the pooled "other groups" label
    value: int | None  # None: this group's figure is withheld for this row (disclosure gate)


@dataclass(frozen=True)
class GroupFigures:
    """A per-group breakdown after the disclosure gate: shown columns and what is not.

    Rows of a step may release different groups (each item has its own respondents); the
    columns are every group any row shows, and a row's cell is empty where it withholds it."""

    columns: tuple[str, ...]  # group labels shown, the pool last if there is one
    withheld: tuple[str, ...]  # groups withheld on at least one row (counted in the totals)
    pooled: tuple[str, ...]  # groups merged into the pool column on at least one row


@dataclass(frozen=True)
class FactsSection:
    title: str
    organisation: str
    template: str
    facilitator: str
    language: str
    created_at: datetime
    ended_at: datetime | None
    duration_minutes: int
    participants_total: int
    participants_by_group: tuple[GroupCount, ...]
    interim: bool
    # filled by `document.complete`: when and where it was really held, and what made the file
    place: str = ""
    held_from: datetime | None = None
    held_until: datetime | None = None
    software: str = ""


@dataclass(frozen=True)
class ReportNote:
    text: str
    column: str
    merged: tuple[str, ...] = ()


@dataclass(frozen=True)
class RankedNote:
    rank: int
    text: str
    column: str
    dots: int
    by_group: tuple[GroupCount, ...]
    merged: tuple[str, ...] = ()


@dataclass(frozen=True)
class GroupResult:
    """One group's (or the pool's) answers to a statement or hazard."""

    label: str
    n: int
    shown: bool = True  # False: withheld for this row (its figures are empty)
    no_share: float | None = None  # check
    likelihood: int | None = None  # risk matrix: medians
    severity: int | None = None
    risk_class: str | None = None
    green: int = 0  # traffic light: distribution
    yellow: int = 0
    red: int = 0


@dataclass(frozen=True)
class StatementRow:
    area: str
    text: str
    yes: int
    no: int
    not_applicable: int
    no_share: float | None  # Nein among Ja + Nein
    unmet: bool  # the default rule suggests it as a hazard
    carried: bool  # taken over into a risk step
    by_group: tuple[GroupResult, ...]


@dataclass(frozen=True)
class SpreadRow:
    low: int
    q1: int
    median: int
    q3: int
    high: int


@dataclass(frozen=True)
class HazardRow:
    rank: int
    ref: str  # e.g. "4.2": step 4, rank 2; used by the matrix graphic and the action plan
    text: str
    area: str
    origin: str
    n: int
    likelihood: SpreadRow | None = None
    severity: SpreadRow | None = None
    figure: int | None = None
    risk_class: str | None = None
    class_key: str | None = None
    green: int = 0
    yellow: int = 0
    red: int = 0
    prioritised: bool = False
    disagreement: bool = False
    by_group: tuple[GroupResult, ...] = ()


@dataclass(frozen=True)
class ActionRow:
    ref: str
    hazard: str
    measure: str
    stop_type: str
    stop_label: str
    priority: str
    expertise: str
    responsible: str
    budget: str
    start_on: date | None
    due_on: date | None
    effectiveness: str
    status: str
    hazard_ref: str = ""  # the hazard's "4.1"; `ref` is the measure's own, unique number


@dataclass(frozen=True)
class GroupMean:
    label: str
    mean: float | None
    n: int
    distribution: tuple[int, ...] = ()  # scale items: answers per point (nominal scales' result)


@dataclass(frozen=True)
class ScaleRow:
    """One item of a scale (in one variant, e.g. Ist or Soll)."""

    dimension: str
    text: str
    variant: str
    reversed: bool
    distribution: tuple[int, ...]
    no_answer: int
    n: int
    mean: float | None
    by_group: tuple[GroupMean, ...]


@dataclass(frozen=True)
class DimensionRow:
    """A dimension's score: the mean of all its answers, reversed items flipped."""

    dimension: str
    variant: str
    mean: float | None
    n: int
    by_group: tuple[GroupMean, ...]


@dataclass(frozen=True)
class OptionRow:
    text: str
    count: int
    share: float | None
    correct: bool
    by_group: tuple[GroupCount, ...]


@dataclass(frozen=True)
class WeightRow:
    criterion: str
    share: float


@dataclass(frozen=True)
class DecisionRow:
    rank: int
    option: str
    score: float | None
    low: float | None
    median: float | None
    high: float | None
    raters: int
    ratings: tuple[float | None, ...] = ()  # mean rating per criterion, in `weights` order


@dataclass(frozen=True)
class Highlights:
    """What a step adds to the report's one-page summary and its participation sheet, in the
    words its kind's builder chose (every figure in them already released by the gate)."""

    took_part: str = ""  # "3. Punkte: 13 of 20 people voted – 14 dots"; "" leaves it out
    count: int | None = None  # how many took part (voted, answered, or notes written)
    top: tuple[str, ...] = ()  # top-ranked results
    unmet: tuple[str, ...] = ()  # "Check: 3 statements found unmet"
    needs_measures: tuple[str, ...] = ()  # hazards that need measures
    disagree: tuple[str, ...] = ()  # hazards on which groups disagree


@dataclass(frozen=True)
class QuestionRow:
    """A question of a Q&A step, in the order shown (by upvotes once they may be shown)."""

    number: int
    text: str
    addressee: str
    status: str  # "open", "answering" or "answered"
    status_label: str
    votes: int | None  # None: withheld by the gate (too few people upvoted)
    merged: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepSection:
    """One step's part of the report: what every format draws is `blocks`, in order; the
    other fields are the step's results as data (the JSON archive), filled by its kind."""

    position: int
    kind: str
    title: str
    prompt: str
    columns: tuple[str, ...] = ()
    notes: tuple[ReportNote, ...] = ()
    ranking: tuple[RankedNote, ...] = ()
    groups: GroupFigures | None = None
    budget: int | None = None
    max_per_note: int | None = None
    voters: int | None = None
    dots_total: int | None = None
    link: str | None = None
    statements: tuple[StatementRow, ...] = ()
    hazards: tuple[HazardRow, ...] = ()
    mode: str | None = None
    matrix: MatrixInfo | None = None
    respondents: int | None = None
    labels: tuple[str, ...] = ()  # scale points
    first_value: int = 1  # scale: the number of the first label (means are on these numbers)
    nominal: bool = False  # scale: categories without an order, no means
    scale_rows: tuple[ScaleRow, ...] = ()
    dimension_scores: tuple[DimensionRow, ...] = ()
    options: tuple[OptionRow, ...] = ()
    multiple: bool = False
    chose_right: int | None = None  # quiz, once revealed
    explanation: str | None = None
    words: tuple[tuple[str, int], ...] = ()  # board shown as a word cloud
    # what the disclosure gate withheld in this step and why, in one or two sentences
    withheld: tuple[str, ...] = ()
    # how many of each group took part (answered or voted), as the gate releases head counts
    participation: tuple[GroupCount, ...] = ()
    weights: tuple[WeightRow, ...] = ()  # weighted decision
    decision: tuple[DecisionRow, ...] = ()
    questions: tuple[QuestionRow, ...] = ()  # Q&A
    blocks: tuple[Block, ...] = ()  # what the formats draw, in order (`reports/blocks.py`)
    highlights: Highlights = Highlights()


@dataclass(frozen=True)
class ReportData:
    version: int
    language: str
    generated_at: datetime
    facts: FactsSection
    steps: tuple[StepSection, ...]
    anonymity_threshold: int
    groups: GroupFigures  # how participants per group were shown
    method_notes: tuple[str, ...] = field(default_factory=tuple)
    literacy_topics: tuple[str, ...] = field(default_factory=tuple)
    action_plan: tuple[ActionRow, ...] = ()
    show_action_plan: bool = False  # a section of its own (measures, or a step to propose them)
    risk_assessment: bool = False  # a step of the risk assessment's kinds: its legal basis, review
    # filled by `document.complete` (reports/document.py, reports/legal.py)
    literacy_from_objectives: bool = False  # topics are the template's learning objectives
    legal_basis: tuple[str, ...] = ()
    review_due: date | None = None
    approval_roles: tuple[str, ...] = ()  # who signs

    @property
    def title(self) -> str:
        return self.facts.title


def to_json(report: ReportData) -> dict[str, Any]:
    """The versioned, machine-readable archive (no participant tokens or ids)."""

    def counts(items: tuple[GroupCount, ...]) -> dict[str, int]:
        return {item.label: item.value for item in items if item.value is not None}

    def groups(figures: GroupFigures | None) -> dict[str, Any] | None:
        if figures is None:
            return None
        return {
            "columns": list(figures.columns),
            "pooled": list(figures.pooled),
            "withheld": list(figures.withheld),
        }

    facts = report.facts
    return {
        "format": "facilitator-report",
        "version": report.version,
        "language": report.language,
        "generated_at": report.generated_at.isoformat(),
        "interim": facts.interim,
        "session": {
            "title": facts.title,
            "organisation": facts.organisation,
            "template": facts.template,
            "facilitator": facts.facilitator,
            "created_at": facts.created_at.isoformat(),
            "ended_at": facts.ended_at.isoformat() if facts.ended_at else None,
            "duration_minutes": facts.duration_minutes,
            "participants_total": facts.participants_total,
            "participants_by_group": counts(facts.participants_by_group),
            "groups": groups(report.groups),
            "place": facts.place,
            "held_from": facts.held_from.isoformat() if facts.held_from else None,
            "held_until": facts.held_until.isoformat() if facts.held_until else None,
            "generated_by": facts.software,
        },
        "legal_basis": list(report.legal_basis),
        "review_due": report.review_due.isoformat() if report.review_due else None,
        "anonymity_threshold": report.anonymity_threshold,
        "method_notes": list(report.method_notes),
        "ai_literacy_record": {
            "date": (facts.held_from or facts.created_at).date().isoformat(),
            "duration_minutes": facts.duration_minutes,
            "topics": list(report.literacy_topics),
            "topics_are_learning_objectives": report.literacy_from_objectives,
            "facilitator": facts.facilitator,
            "participants_by_group": counts(facts.participants_by_group),
        },
        "steps": [
            {
                "position": step.position + 1,
                "kind": step.kind,
                "title": step.title,
                "prompt": step.prompt,
                "link": step.link,
                "columns": list(step.columns),
                "notes": [
                    {"text": n.text, "column": n.column, "merged": list(n.merged)}
                    for n in step.notes
                ],
                "ranking": [
                    {
                        "rank": r.rank,
                        "text": r.text,
                        "column": r.column,
                        "dots": r.dots,
                        "by_group": counts(r.by_group),
                        "merged": list(r.merged),
                    }
                    for r in step.ranking
                ],
                "groups": groups(step.groups),
                "withheld": list(step.withheld),
                "budget": step.budget,
                "max_per_note": step.max_per_note,
                "voters": step.voters,
                "dots_total": step.dots_total,
                "respondents": step.respondents,
                "statements": [
                    {
                        "area": r.area,
                        "text": r.text,
                        "yes": r.yes,
                        "no": r.no,
                        "not_applicable": r.not_applicable,
                        "no_share": r.no_share,
                        "unmet": r.unmet,
                        "carried_over": r.carried,
                        "by_group": [group_json(g) for g in r.by_group if g.shown],
                    }
                    for r in step.statements
                ],
                "mode": step.mode,
                "matrix": matrix_json(step.matrix),
                "hazards": [hazard_json(h) for h in step.hazards],
                "labels": list(step.labels),
                "first_value": step.first_value,
                "nominal": step.nominal,
                "dimension_scores": [
                    {
                        "dimension": d.dimension,
                        "variant": d.variant,
                        "mean": d.mean,
                        "n": d.n,
                        "by_group": [mean_json(g) for g in d.by_group if g.n],
                    }
                    for d in step.dimension_scores
                ],
                "scale_items": [
                    {
                        "dimension": r.dimension,
                        "text": r.text,
                        "variant": r.variant,
                        "reversed": r.reversed,
                        "distribution": list(r.distribution),
                        "no_answer": r.no_answer,
                        "n": r.n,
                        "mean": r.mean,
                        "by_group": [mean_json(g) for g in r.by_group if g.n],
                    }
                    for r in step.scale_rows
                ],
                "options": [
                    {
                        "text": o.text,
                        "count": o.count,
                        "share": o.share,
                        "correct": o.correct,
                        "by_group": counts(o.by_group),
                    }
                    for o in step.options
                ],
                "multiple": step.multiple,
                "words": [{"word": w, "count": c} for w, c in step.words],
                "weights": [{"criterion": w.criterion, "share": w.share} for w in step.weights],
                "decision": [
                    {
                        "rank": d.rank,
                        "option": d.option,
                        "score": d.score,
                        "low": d.low,
                        "median": d.median,
                        "high": d.high,
                        "raters": d.raters,
                    }
                    for d in step.decision
                ],
                "chose_right": step.chose_right,
                "explanation": step.explanation,
                "questions": [
                    {
                        "number": q.number,
                        "text": q.text,
                        "addressee": q.addressee,
                        "status": q.status,
                        "upvotes": q.votes,
                        "merged": list(q.merged),
                    }
                    for q in step.questions
                ],
                "blocks": [blocks.to_json(block) for block in step.blocks],
            }
            for step in report.steps
        ],
        "action_plan": [
            {
                "ref": a.ref,
                "hazard_ref": a.hazard_ref,
                "hazard": a.hazard,
                "measure": a.measure,
                "stop_type": a.stop_type,
                "priority": a.priority,
                "expertise": a.expertise,
                "responsible": a.responsible,
                "budget": a.budget,
                "start": a.start_on.isoformat() if a.start_on else None,
                "due": a.due_on.isoformat() if a.due_on else None,
                "effectiveness_check": a.effectiveness,
                "status": a.status,
            }
            for a in report.action_plan
        ],
    }


def mean_json(group: GroupMean) -> dict[str, Any]:
    return {
        "group": group.label,
        "mean": group.mean,
        "n": group.n,
        "distribution": list(group.distribution),
    }


def group_json(group: GroupResult) -> dict[str, Any]:
    return {
        "group": group.label,
        "n": group.n,
        "no_share": group.no_share,
        "likelihood_median": group.likelihood,
        "severity_median": group.severity,
        "risk_class": group.risk_class,
        "green": group.green,
        "yellow": group.yellow,
        "red": group.red,
    }


def spread_json(spread: SpreadRow | None) -> dict[str, int] | None:
    return None if spread is None else asdict(spread)


def hazard_json(row: HazardRow) -> dict[str, Any]:
    return {
        "rank": row.rank,
        "ref": row.ref,
        "text": row.text,
        "area": row.area,
        "origin": row.origin,
        "n": row.n,
        "likelihood": spread_json(row.likelihood),
        "severity": spread_json(row.severity),
        "risk_figure": row.figure,
        "risk_class": row.risk_class,
        "green": row.green,
        "yellow": row.yellow,
        "red": row.red,
        "needs_measures": row.prioritised,
        "groups_disagree": row.disagreement,
        "by_group": [group_json(g) for g in row.by_group if g.shown],
    }


def matrix_json(matrix: MatrixInfo | None) -> dict[str, Any] | None:
    if matrix is None:
        return None
    return {
        "name": matrix.name,
        "likelihood": list(matrix.likelihood),
        "severity": list(matrix.severity),
        "table": [list(row) for row in matrix.table],
        "classes": [
            {"key": c.key, "label": c.label, "min": c.low, "max": c.high} for c in matrix.classes
        ],
    }
