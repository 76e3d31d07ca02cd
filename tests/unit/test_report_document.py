"""The report as a document: held period, legal basis, review date, literacy record, summary."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from facilitator.kinds.surveys_report import decision_table
from facilitator.reports import document, legal, summary
from facilitator.reports.build import build_report, is_risk_assessment
from facilitator.reports.cells import Figure
from facilitator.reports.data import DecisionRow, StepSection, WeightRow
from facilitator.surveys import decide
from tests.unit.test_report_build import make_input

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
HELD = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # three days after the workshop was created


def test_held_from_first_input_to_close_not_from_creation() -> None:
    inp = make_input(
        input_opened_at=HELD,
        last_activity_at=HELD + timedelta(minutes=80),
        closed_at=HELD + timedelta(minutes=95),
    )
    report = document.report_of(inp, NOW)
    assert report.facts.held_from == HELD
    assert report.facts.held_until == HELD + timedelta(minutes=95)
    assert report.facts.duration_minutes == 95  # not the 4,000-odd minutes since creation
    assert report.facts.software.startswith("Facilitator ")


def test_a_late_close_ends_at_the_last_activity() -> None:
    inp = make_input(
        input_opened_at=HELD,
        last_activity_at=HELD + timedelta(minutes=60),
        closed_at=HELD + timedelta(days=30),  # closed as abandoned a month later
    )
    start, end = document.held_period(inp)
    assert (start, end) == (HELD, HELD + timedelta(minutes=60))


def test_live_workshop_runs_to_its_last_activity() -> None:
    inp = make_input(
        live=True,
        closed_at=None,
        input_opened_at=HELD,
        last_activity_at=HELD + timedelta(hours=2),
    )
    assert document.held_period(inp) == (HELD, HELD + timedelta(hours=2))


def test_never_held_has_no_period() -> None:
    report = document.report_of(make_input(closed_at=None, live=True), NOW)
    assert report.facts.held_from is None
    assert report.facts.duration_minutes == 0


def test_legal_basis_follows_the_kinds_of_steps() -> None:
    board = make_input()
    assessment = make_input(steps=(*board.steps, replace(board.steps[0], kind="check")))
    assert not is_risk_assessment(board)
    assert is_risk_assessment(assessment)
    for kind in ("check", "risk", "actions"):
        assert is_risk_assessment(make_input(steps=(replace(board.steps[0], kind=kind),)))
    assert not build_report(board, NOW).risk_assessment
    plain = legal.legal_basis(False)
    risk = legal.legal_basis(True)
    assert not any("ArbSchG" in line for line in plain)
    assert any("§ 90 BetrVG" in line for line in plain)
    assert any("Art. 4" in line for line in plain)
    assert any("§§ 5–6 ArbSchG" in line for line in risk)
    assert any("Art. 26" in line for line in risk)
    assert not any("Art. 26" in line for line in plain)


def test_review_date_only_for_a_risk_assessment() -> None:
    report = document.report_of(make_input(input_opened_at=HELD), NOW)
    assert report.review_due is None
    risk = replace(report, risk_assessment=True)
    assert legal.review_due(risk) == date(2027, 11, 27)
    assert len(document.approval_roles(risk)) == 4  # with safety specialist and company doctor
    assert len(document.approval_roles(report)) == 2


def test_method_notes_only_for_kinds_used() -> None:
    with_vote = build_report(make_input(), NOW)
    without = build_report(make_input(steps=make_input().steps[:2]), NOW)
    assert any(note.startswith("Dot voting") for note in with_vote.method_notes)
    assert not any(note.startswith("Dot voting") for note in without.method_notes)


def test_literacy_record_uses_learning_objectives_else_step_titles() -> None:
    objectives = ({"de": "Chancen und Grenzen von KI kennen", "en": "Know what AI can do"},)
    report = document.report_of(make_input(learning_objectives=objectives), NOW)
    assert report.literacy_topics == ("Chancen und Grenzen von KI kennen",)
    assert report.literacy_from_objectives
    fallback = document.report_of(make_input(), NOW)
    assert fallback.literacy_topics == ("Willkommen", "Sammeln", "Punkte")
    assert not fallback.literacy_from_objectives


def test_summary_is_built_from_the_gated_sections_only() -> None:
    report = document.report_of(make_input(), NOW)
    parts = {part.heading: part.lines for part in summary.summarise(report)}
    assert parts["Participation"][0].startswith("13 participants in all")
    assert parts["Top-ranked results"][0] == "1. Überwachung – 8 dots"
    # Betriebsrat is pooled upstream: the summary says so and shows no figure of its own
    assert any("Betriebsrat" in line for line in parts["Withheld and merged group figures"])
    votes = next(line for line in parts["Participation"] if "people voted" in line)
    assert votes.startswith("3. Punkte: 13 of 13 people voted – 14 dots – by group:")
    assert "Betriebsrat" not in votes
    assert "Hazards that need measures" not in parts  # no risk step, no such part


def test_weighted_decision_lists_the_mean_rating_per_criterion() -> None:
    step = StepSection(
        position=0,
        kind="weighted",
        title="Angebote",
        prompt="",
        weights=(WeightRow("Kosten", 0.6), WeightRow("Nutzen", 0.4)),
        decision=(DecisionRow(1, "Angebot A", 3.2, 2.0, 3.0, 4.0, 5, (3.5, 2.75)),),
    )
    table = decision_table(step)
    assert table.header[-2:] == ("Mean rating: Kosten", "Mean rating: Nutzen")
    ratings = table.rows[0][-2:]
    assert [r.value for r in ratings if isinstance(r, Figure)] == [3.5, 2.75]
    assert decide({1: 3, 2: 2}, [{(1, 1): 4, (1, 2): 2}, {(1, 1): 2, (1, 2): 2}], 1).scores[
        0
    ].means == {1: 3.0, 2: 2.0}
