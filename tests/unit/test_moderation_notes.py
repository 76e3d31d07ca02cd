"""The method notes' moderation sentences on plain values: counts, one moment or a span, and
the notes still waiting."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from flask import Flask
from flask_babel import force_locale

from facilitator.reports.moderation_notes import method_notes, step_sentence
from facilitator.sessions.moderation_log import StepModeration
from tests.unit.test_report_build import make_input

AT = datetime(2026, 11, 24, 9, 5, tzinfo=UTC)


def test_one_moment_and_singular_forms(app: Flask) -> None:
    moderation = StepModeration({"approved": 1, "unhidden": 1, "unmerged": 1}, AT, AT, pending=0)
    with app.test_request_context(), force_locale("de"):
        assert step_sentence("Sammeln", moderation) == [
            "Sammeln – moderiert: 1 Karte freigegeben, 1 wieder eingeblendet, "
            "1 Zusammenführung aufgehoben (um 09:05 Uhr, UTC)."
        ]


def test_a_span_over_two_days(app: Flask) -> None:
    later = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    moderation = StepModeration({"hidden": 2}, AT, later)
    with app.test_request_context(), force_locale("de"):
        (sentence,) = step_sentence("Sammeln", moderation)
    assert sentence.startswith("Sammeln – moderiert: 2 ausgeblendet (zwischen 24.11.2026 09:05")
    assert "25.11.2026 08:00 Uhr, UTC)." in sentence


def test_only_waiting_notes(app: Flask) -> None:
    with app.test_request_context(), force_locale("de"):
        assert step_sentence("Sammeln", StepModeration(pending=3)) == [
            "Sammeln: 3 Karten warteten noch auf Freigabe; sie sind nicht in diesem Bericht."
        ]


def test_no_moderation_no_notes(app: Flask) -> None:
    with app.test_request_context():
        assert method_notes(make_input()) == []


def test_a_moderated_step_is_explained_once(app: Flask) -> None:
    inp = make_input()
    board = inp.steps[1]
    moderated = replace(board, settings={**board.settings, "moderated": True})
    inp = replace(inp, steps=(inp.steps[0], moderated, inp.steps[2]))
    with app.test_request_context(), force_locale("en"):
        notes = method_notes(inp)
    assert len(notes) == 1
    assert notes[0].startswith("In moderated steps, new notes appeared on the projector")
