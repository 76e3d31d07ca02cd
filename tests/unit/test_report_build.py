"""`build_report` on plain input: exact figures, the threshold, merged and hidden notes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from facilitator import kinds
from facilitator.reports.build import build_report
from facilitator.reports.data import GroupCount
from facilitator.reports.inputs import DotInput, NoteInput, ReportInput, StepInput

T = {"de": "x", "en": "x"}
START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
COLUMNS = [
    {"key": "pro", "title": {"de": "Dafür", "en": "For"}},
    {"key": "contra", "title": {"de": "Dagegen", "en": "Against"}},
]


def make_input(**overrides: object) -> ReportInput:
    values: dict[str, object] = {
        "title": "KI in der Bäckerei",
        "organisation": "Bäckerei Süß",
        "language": "de",
        "template_title": {"de": "Mini-Workshop", "en": "Mini workshop"},
        "facilitator": "Moderation",
        "created_at": START,
        "closed_at": datetime(2026, 11, 24, 10, 30, tzinfo=UTC),
        "live": False,
        "threshold": 5,
        "groups": ("Beschäftigte", "Führungskräfte", "Betriebsrat"),
        # Betriebsrat is below the threshold, so it is pooled with the next smallest group
        "participants_by_group": {"Beschäftigte": 6, "Führungskräfte": 5, "Betriebsrat": 2},
        "steps": (
            StepInput(0, "info", "start", {"de": "Willkommen", "en": "Welcome"}, T, {"link": None}),
            StepInput(
                1, "board", "sammeln", {"de": "Sammeln", "en": "Collect"}, T, {"columns": COLUMNS}
            ),
            StepInput(
                2,
                "dot_vote",
                "punkte",
                {"de": "Punkte", "en": "Dots"},
                T,
                {"source": "sammeln", "budget": 3, "max_per_note": 2, "columns": ["pro", "contra"]},
            ),
        ),
        "notes": (
            NoteInput(1, "sammeln", "pro", "Weniger Papierkram", False, None),
            NoteInput(2, "sammeln", "pro", "Weniger Papier!", False, 1),  # merged into 1
            NoteInput(3, "sammeln", "contra", "Überwachung", False, None),
            NoteInput(4, "sammeln", "contra", "Beleidigung", True, None),  # hidden
            NoteInput(5, "sammeln", "contra", "Keiner stimmt dafür", False, None),
        ),
        "dots": (
            DotInput("punkte", 1, "Beschäftigte", 4),
            DotInput("punkte", 2, "Betriebsrat", 2),  # on the merged note: counts for note 1
            DotInput("punkte", 3, "Beschäftigte", 3),
            DotInput("punkte", 3, "Führungskräfte", 5),
            DotInput("punkte", 4, "Führungskräfte", 1),  # on the hidden note: not shown
        ),
        "voters": {"punkte": 13},
        # the people behind the dot vote: who voted, per group (not who joined)
        "people": {"punkte": {"Beschäftigte": 6, "Führungskräfte": 5, "Betriebsrat": 2}},
    }
    values.update(overrides)
    return ReportInput(**values)  # type: ignore[arg-type]


def test_facts_and_participants_respect_the_threshold() -> None:
    report = build_report(make_input(), datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    facts = report.facts
    assert (facts.title, facts.template, facts.duration_minutes) == (
        "KI in der Bäckerei",
        "Mini-Workshop",
        90,
    )
    assert facts.participants_total == 13
    assert facts.participants_by_group == (
        GroupCount("Beschäftigte", 6),
        GroupCount("Other groups (merged)", 7),
    )
    assert report.groups.pooled == ("Führungskräfte", "Betriebsrat")
    assert not facts.interim
    assert any("Führungskräfte, Betriebsrat" in line for line in report.method_notes)
    assert any("shown only if at least 5 people" in line for line in report.method_notes)
    # no dot-voting note in a report without a dot vote
    no_vote = build_report(make_input(steps=make_input().steps[:2]), START)
    assert not any(line.startswith("Dot voting") for line in no_vote.method_notes)


def test_board_shows_merged_duplicates_once_and_no_hidden_notes() -> None:
    board = build_report(make_input(), START).steps[1]
    assert board.columns == ("Dafür", "Dagegen")
    assert [(n.column, n.text, n.merged) for n in board.notes] == [
        ("Dafür", "Weniger Papierkram", ("Weniger Papier!",)),
        ("Dagegen", "Überwachung", ()),
        ("Dagegen", "Keiner stimmt dafür", ()),
    ]


def test_dot_vote_ranking_with_exact_figures_per_group() -> None:
    vote = build_report(make_input(), START).steps[2]
    assert [(r.rank, r.text, r.dots) for r in vote.ranking] == [
        (1, "Überwachung", 8),
        (2, "Weniger Papierkram", 6),
        (3, "Keiner stimmt dafür", 0),
    ]
    assert vote.ranking[0].by_group == (
        GroupCount("Beschäftigte", 3),
        GroupCount("Other groups (merged)", 5),
    )
    assert vote.ranking[1].by_group == (
        GroupCount("Beschäftigte", 4),
        GroupCount("Other groups (merged)", 2),
    )
    assert vote.groups is not None
    assert vote.groups.columns == ("Beschäftigte", "Other groups (merged)")
    assert (vote.voters, vote.dots_total, vote.budget, vote.max_per_note) == (13, 14, 3, 2)
    # no figure of the small group appears on its own anywhere
    labels = {g.label for r in vote.ranking for g in r.by_group}
    assert "Betriebsrat" not in labels


def test_withheld_when_even_the_pool_is_too_small() -> None:
    small = {"Beschäftigte": 2, "Führungskräfte": 1, "Betriebsrat": 1}
    report = build_report(
        make_input(participants_by_group=small, people={"punkte": small}, voters={"punkte": 4}),
        START,
    )
    assert report.facts.participants_by_group == ()
    assert report.groups.withheld == ("Beschäftigte", "Führungskräfte", "Betriebsrat")
    vote = report.steps[2]
    # four voters: no dot count, no rank, not even the order; the notes are listed plainly
    assert vote.ranking == ()
    assert vote.dots_total is None
    assert [n.text for n in vote.notes] == [
        "Weniger Papierkram",
        "Überwachung",
        "Keiner stimmt dafür",
    ]
    assert any("fewer than 5 people" in line for line in vote.withheld)
    assert any("Punkte: Too few answers" in line for line in report.method_notes)


def test_idle_joiners_do_not_open_a_group() -> None:
    """Padding: many people joined the works council, but only two of them voted."""
    voted = {"Beschäftigte": 6, "Führungskräfte": 5, "Betriebsrat": 2}
    joined = {"Beschäftigte": 6, "Führungskräfte": 5, "Betriebsrat": 9}
    vote = build_report(
        make_input(participants_by_group=joined, people={"punkte": voted}), START
    ).steps[2]
    assert vote.groups is not None
    assert "Betriebsrat" not in vote.groups.columns
    assert vote.groups.pooled == ("Führungskräfte", "Betriebsrat")


def test_an_open_step_shows_totals_only() -> None:
    steps = make_input().steps
    open_vote = replace(steps[2], breakdown="pending", is_open=True)
    report = build_report(make_input(steps=(*steps[:2], open_vote), live=True), START)
    vote = report.steps[2]
    assert [r.dots for r in vote.ranking] == [8, 6, 0]
    assert all(r.by_group == () for r in vote.ranking)
    assert any("still open" in line for line in vote.withheld)
    reopened = replace(steps[2], breakdown="reopened", is_open=False)
    vote = build_report(make_input(steps=(*steps[:2], reopened)), START).steps[2]
    assert all(r.by_group == () for r in vote.ranking)
    assert any("reopened" in line for line in vote.withheld)


def test_live_session_is_an_interim_result() -> None:
    report = build_report(
        make_input(live=True, closed_at=None), datetime(2026, 11, 24, 9, 45, tzinfo=UTC)
    )
    assert report.facts.interim
    assert report.facts.duration_minutes == 45
    assert any("Interim" in line for line in report.method_notes)


@pytest.mark.parametrize("kind", sorted(kinds.KINDS))
def test_every_step_kind_has_a_report_section(kind: str) -> None:
    step = kinds.get_kind(kind)
    assert type(step).report_section is not kinds.StepKind.report_section


def test_traffic_light_method_note_quotes_the_question_asked() -> None:
    light = StepInput(
        3,
        "risk",
        "ampel",
        {"de": "Belastung", "en": "Strain"},
        T,
        {
            "mode": "traffic_light",
            "disagreement_gap": 2,
            "question": {"de": "Wie stark belastet das?", "en": "How much strain?"},
            "lights": [
                {"de": "Grün: gering", "en": "Green: low"},
                {"de": "Gelb: mittel", "en": "Yellow: medium"},
                {"de": "Rot: stark", "en": "Red: high"},
            ],
        },
    )
    report = build_report(make_input(steps=(*make_input().steps, light)), START)
    note = next(line for line in report.method_notes if "Belastung" in line)
    assert "Wie stark belastet das?" in note
    assert "Rot: stark" in note
    assert "design goal" not in note
