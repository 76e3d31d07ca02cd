"""Moderation of a Q&A step (a kind that opts in by collecting notes): a question waiting for
approval is on no phone, gets no upvote and is never put on the projector as answered."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest

from facilitator import errors
from facilitator.live import snapshots
from facilitator.sessions import moderation, qa_services, services
from facilitator.sessions.models import WorkshopSession

Factory = Callable[..., Any]


def key() -> str:
    return secrets.token_hex(8)


@pytest.fixture
def ws(make_session: Factory) -> WorkshopSession:
    ws = make_session(template="fragen-mini", anonymity_threshold=3)
    moderated = [s for s in ws.steps if s.kind == "qa"][1]  # `moderated = true` in the file
    services.goto_step(ws, moderated.position)
    return ws


def test_a_waiting_question_is_only_in_the_queue(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    asker, other = make_participant(ws), make_participant(ws)
    step = ws.current_step
    assert moderation.is_moderated(step)
    column = step.settings["columns"][0]["key"]
    question = services.add_note(asker, step.id, column, "Wer sieht die Daten?", key()).result_id
    assert question is not None
    with pytest.raises(errors.UnknownNote):
        qa_services.upvote(other, question, key())
    with pytest.raises(errors.NoteWaiting):
        qa_services.set_question_status(ws, question, "answering")
    content = snapshots.load_content(ws)
    assert [q["id"] for q in snapshots.facilitator_snapshot(content)["moderation"]["queue"]] == [
        question
    ]
    for view in (snapshots.projector_snapshot(content), snapshots.participant_snapshot(content)):
        assert "Wer sieht die Daten?" not in str(view)
    moderation.approve_note(ws, question)
    qa_services.upvote(other, question, key())
    qa_services.set_question_status(ws, question, "answering")
    content = snapshots.load_content(ws)
    assert "Wer sieht die Daten?" in str(snapshots.projector_snapshot(content))
