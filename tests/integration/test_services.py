"""Services against SQLite: happy paths and every refusal, with nothing half-written."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from facilitator import errors
from facilitator.extensions import db
from facilitator.live import snapshots
from facilitator.sessions import merging, services
from facilitator.sessions.models import Ballot, Note, SessionStatus, Vote, WorkshopSession
from facilitator.transaction import committing
from tests.conftest import step_of

Factory = Callable[..., Any]


def key() -> str:
    return secrets.token_hex(8)


@pytest.fixture
def ws(make_session: Factory) -> WorkshopSession:
    return make_session()


def vote_step(ws: WorkshopSession) -> Any:
    step = step_of(ws, "dot_vote")
    services.goto_step(ws, step.position)
    return step


def test_create_copies_the_template_into_the_session(ws: WorkshopSession) -> None:
    assert [step.kind for step in ws.steps] == ["info", "board", "dot_vote"]
    assert ws.template["slug"] == "mini"
    assert ws.steps[1].settings["columns"][0]["key"] == "pro"
    assert len(ws.join_code) == 6
    assert ws.status is SessionStatus.LIVE
    assert ws.steps[2].results_visible is False  # dot votes start hidden


def test_join_codes_are_unique(make_session: Factory) -> None:
    codes = {make_session().join_code for _ in range(20)}
    assert len(codes) == 20


def test_find_by_code_is_forgiving_about_case_and_dashes(ws: WorkshopSession) -> None:
    typed = ws.join_code[:3].lower() + "-" + ws.join_code[3:]
    assert services.find_by_code(typed) is ws


def test_find_by_unknown_code(ws: WorkshopSession) -> None:
    with pytest.raises(errors.UnknownSession):
        services.find_by_code("ZZZZZZ")


def test_join_stores_only_group_and_token_hash(ws: WorkshopSession) -> None:
    participant, token = services.join(ws, "Betriebsrat", 100)
    assert participant.group == "Betriebsrat"
    assert token not in participant.token_hash
    assert services.participant_by_token(ws.id, token) is participant
    assert services.participant_by_token(ws.id + 1, token) is None


def test_join_refuses_unknown_group_closed_and_full(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    with pytest.raises(errors.DomainError):
        services.join(ws, "Vorstand", 100)
    make_participant(ws)
    with pytest.raises(errors.SessionFull):
        services.join(ws, ws.groups[0], 1)
    services.close_session(ws)
    with pytest.raises(errors.SessionClosed):
        services.join(ws, ws.groups[0], 100)


def test_add_note_to_open_board(ws: WorkshopSession, make_participant: Factory) -> None:
    participant = make_participant(ws)
    board = step_of(ws, "board")
    services.goto_step(ws, board.position)
    before = ws.revision
    outcome = services.add_note(participant, board.id, "pro", "Weniger Papierkram", key())
    note = db.session.get(Note, outcome.result_id)
    assert note.text == "Weniger Papierkram"
    assert outcome.revision > before


def test_add_note_is_idempotent_per_key(ws: WorkshopSession, make_participant: Factory) -> None:
    participant = make_participant(ws)
    board = step_of(ws, "board")
    services.goto_step(ws, board.position)
    first = services.add_note(participant, board.id, "pro", "Einmal", "same-key-123")
    again = services.add_note(participant, board.id, "pro", "Einmal", "same-key-123")
    assert again.duplicate
    assert again.result_id == first.result_id
    assert db.session.scalar(select(func.count()).select_from(Note)) == 1


@pytest.mark.parametrize(
    ("column", "text", "error"),
    [
        ("nope", "Text", errors.UnknownColumn),
        ("pro", "x" * 281, errors.NoteTooLong),
    ],
)
def test_add_note_refusals(
    ws: WorkshopSession, make_participant: Factory, column: str, text: str, error: type
) -> None:
    participant = make_participant(ws)
    board = step_of(ws, "board")
    services.goto_step(ws, board.position)
    with pytest.raises(error):
        services.add_note(participant, board.id, column, text, key())


def test_add_note_refused_when_step_closed_or_not_current(
    ws: WorkshopSession, make_participant: Factory
) -> None:
    participant = make_participant(ws)
    board = step_of(ws, "board")
    with pytest.raises(errors.StepClosed):  # the info step is current
        services.add_note(participant, board.id, "pro", "Text", key())
    services.goto_step(ws, board.position)
    services.set_input_open(ws, False)
    with pytest.raises(errors.StepClosed):
        services.add_note(participant, board.id, "pro", "Text", key())


def test_note_limit(ws: WorkshopSession, make_participant: Factory) -> None:
    participant = make_participant(ws)
    board = step_of(ws, "board")
    services.goto_step(ws, board.position)
    for index in range(board.settings["max_notes"]):
        services.add_note(participant, board.id, "pro", f"Idee {index}", key())
    with pytest.raises(errors.NoteLimitReached):
        services.add_note(participant, board.id, "pro", "Eine zu viel", key())


def test_edit_and_delete_own_note_only(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    author, other = make_participant(ws), make_participant(ws)
    note = make_note(author, "Tippfehlr")
    services.edit_note(author, note.id, "Tippfehler", key())
    assert note.text == "Tippfehler"
    with pytest.raises(errors.UnknownNote):
        services.edit_note(other, note.id, "Fremd", key())
    with pytest.raises(errors.UnknownNote):
        services.delete_note(other, note.id, key())
    services.delete_note(author, note.id, key())
    assert db.session.get(Note, note.id) is None


def test_edit_refused_after_step_closed(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    author = make_participant(ws)
    note = make_note(author)
    services.set_input_open(ws, False)
    with pytest.raises(errors.StepClosed):
        services.edit_note(author, note.id, "Neu", key())


def test_cast_and_retract_within_budget(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    voter = make_participant(ws)
    first, second = make_note(voter, "A"), make_note(voter, "B")
    step = vote_step(ws)
    db.session.commit()

    def cast(note: Note) -> None:  # through the boundary, as views and events do
        with committing():
            services.cast_vote(voter, note.id, key())

    cast(first)
    cast(first)  # max_per_note is 2 in mini.toml
    with pytest.raises(errors.NoteVoteLimit):
        cast(first)
    cast(second)
    with pytest.raises(errors.VoteBudgetExceeded):
        cast(second)
    with committing():
        services.retract_vote(voter, first.id, key())
    assert db.session.get(Ballot, (voter.id, step.id)).used == 2
    with committing():
        services.retract_vote(voter, first.id, key())
    with pytest.raises(errors.NoVoteToRetract), committing():
        services.retract_vote(voter, first.id, key())
    dots = dict(db.session.execute(select(Vote.note_id, Vote.dots)).all())
    assert dots == {second.id: 1}


def test_a_refused_vote_writes_nothing(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    voter = make_participant(ws)
    note = make_note(voter)
    vote_step(ws)
    db.session.commit()
    services.cast_vote(voter, note.id, key())
    services.cast_vote(voter, note.id, key())
    db.session.commit()
    with pytest.raises(errors.NoteVoteLimit):
        services.cast_vote(voter, note.id, key())
    db.session.rollback()  # what the boundary does
    step = step_of(ws, "dot_vote")
    assert db.session.get(Ballot, (voter.id, step.id)).used == 2


def test_votes_on_merged_note_count_for_its_root(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    voter = make_participant(ws)
    keep, duplicate = make_note(voter, "Datenschutz"), make_note(voter, "Datenschutz!")
    merging.merge_note(ws, duplicate.id, keep.id)
    vote_step(ws)
    services.cast_vote(voter, duplicate.id, key())  # a stale phone votes on the merged note
    vote = db.session.scalar(select(Vote))
    assert vote.note_id == keep.id


def test_vote_refused_on_hidden_note_and_outside_dot_vote(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    voter = make_participant(ws)
    note = make_note(voter)
    with pytest.raises(errors.WrongStepKind):
        services.cast_vote(voter, note.id, key())
    services.set_note_hidden(ws, note.id, True)
    vote_step(ws)
    with pytest.raises(errors.UnknownNote):
        services.cast_vote(voter, note.id, key())
    with pytest.raises(errors.UnknownNote):
        services.cast_vote(voter, 987654, key())


def test_notes_with_dots_can_no_longer_be_changed(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    voter = make_participant(ws)
    note = make_note(voter)
    vote_step(ws)
    services.cast_vote(voter, note.id, key())
    services.goto_step(ws, step_of(ws, "board").position)
    with pytest.raises(errors.NoteHasDots):
        services.delete_note(voter, note.id, key())


def test_merge_and_undo(ws: WorkshopSession, make_participant: Factory, make_note: Factory) -> None:
    author = make_participant(ws)
    a, b, c = make_note(author, "A"), make_note(author, "B"), make_note(author, "C")
    merging.merge_note(ws, b.id, a.id)
    assert b.merged_into_id == a.id
    with pytest.raises(errors.InvalidMerge):
        merging.merge_note(ws, a.id, a.id)
    with pytest.raises(errors.NotMergeable):
        merging.merge_note(ws, b.id, c.id)  # b is merged already
    with pytest.raises(errors.NotMergeable):
        merging.merge_note(ws, c.id, b.id)  # into a merged note: refused, nothing changes
    assert c.merged_into_id is None
    merging.unmerge(ws, [b.id])
    assert b.merged_into_id is None


def test_moderation_is_scoped_to_the_session(
    ws: WorkshopSession, make_session: Factory, make_participant: Factory, make_note: Factory
) -> None:
    note = make_note(make_participant(ws))
    other = make_session()
    with pytest.raises(errors.UnknownNote):
        services.set_note_hidden(other, note.id, True)


def test_goto_opens_target_and_closes_previous(ws: WorkshopSession) -> None:
    board = step_of(ws, "board")
    services.start_timer(ws, 60)
    services.goto_step(ws, board.position)
    assert ws.current_position == board.position
    assert board.is_open
    assert not ws.steps[0].is_open
    assert ws.timer_ends_at is None
    services.goto_step(ws, 99)
    assert ws.current_position == len(ws.steps) - 1


def test_revision_increases_with_every_change(ws: WorkshopSession) -> None:
    revisions = [
        services.set_results_visible(ws, True).revision,
        services.start_timer(ws, 30).revision,
        services.stop_timer(ws).revision,
        services.set_input_open(ws, False).revision,
    ]
    assert revisions == sorted(set(revisions))
    assert db.session.get(WorkshopSession, ws.id).revision == revisions[-1]


def test_close_and_reopen(ws: WorkshopSession, make_participant: Factory) -> None:
    participant = make_participant(ws)
    services.goto_step(ws, 1)
    services.close_session(ws)
    assert not ws.is_live
    assert ws.closed_at is not None
    with pytest.raises(errors.StepClosed):
        services.add_note(participant, ws.steps[1].id, "pro", "Zu spät", key())
    with pytest.raises(errors.SessionClosed):
        services.goto_step(ws, 0)
    services.reopen_session(ws)
    assert ws.is_live


def test_phones_keep_a_dot_votes_order_until_it_closes(
    ws: WorkshopSession, make_participant: Factory, make_note: Factory
) -> None:
    people = [make_participant(ws) for _ in range(ws.anonymity_threshold)]
    notes = [make_note(person, f"Idee {index}") for index, person in enumerate(people[:3])]
    written = [note.id for note in notes]
    vote_step(ws)
    for person in people:  # enough voters for the tally to pass the gate
        services.cast_vote(person, notes[2].id, key())  # the last note written leads
    services.set_results_visible(ws, True)

    shown = snapshots.participant_snapshot(snapshots.load_content(ws))["notes"]
    assert [note["id"] for note in shown] == written  # revealed while open: writing order
    assert [note["dots"] for note in shown] == [0, 0, ws.anonymity_threshold]
    services.set_input_open(ws, False)
    shown = snapshots.participant_snapshot(snapshots.load_content(ws))["notes"]
    assert [note["id"] for note in shown] == [written[2], written[0], written[1]]  # ranked
