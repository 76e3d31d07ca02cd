"""What each audience is sent: snapshot builders over committed state.

One `StepContent` (`content.py`) is loaded per flush (a handful of queries, independent of the
number of participants) and turned into the three audience views; only `private_states` is per
participant, and it is built in batch for the participants whose own state changed.

What a step shows beyond the header every step has is its kind's (`StepKind.load`,
`header`, `phone_view`, `projector_view`, `control_view`, `owners`, `blank_state`,
`fill_states`); this module only puts the views together.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from .. import disclosure, kinds, queries
from ..db import utc_now
from ..extensions import db
from ..sessions.models import Participant, SessionStep, WorkshopSession
from ..sessions.rules import join_panel_big
from . import content as step_content

if TYPE_CHECKING:
    from .content import StepContent


def load_content(ws: WorkshopSession) -> StepContent:
    """Load what the current step shows: its own notes, or the notes it votes on and the dots."""
    content = step_content.StepContent(ws=ws, step=ws.current_step)
    kinds.get_kind(content.step.kind).load(content)
    return content


def _step_header(step: SessionStep, count: int) -> dict[str, Any]:
    return {
        "id": step.id,
        "position": step.position,
        "count": count,
        "kind": step.kind,
        "key": step.key,
        "title": step.title,
        "prompt": step.prompt,
        "open": step.is_open,
        "results_visible": step.results_visible,
        **kinds.get_kind(step.kind).header(step),
    }


def _common(content: StepContent) -> dict[str, Any]:
    ws = content.ws
    return {
        "revision": ws.revision,
        "session": {
            "id": ws.id,
            "code": ws.join_code,
            "title": ws.title,
            "organisation": ws.organisation,
            "language": ws.language,
            "live": ws.is_live,
            "threshold": ws.anonymity_threshold,
        },
        "step": _step_header(content.step, len(ws.steps)),
        "columns": content.columns,
        "timer": {
            "ends_at": step_content.epoch_ms(ws.timer_ends_at),
            "now": step_content.epoch_ms(utc_now()),
        },
    }


def participant_snapshot(content: StepContent) -> dict[str, Any]:
    """For the phones: what their view shows, nothing that changes with every vote."""
    snapshot = _common(content)
    kinds.get_kind(content.step.kind).phone_view(content, snapshot)
    return snapshot


def projector_snapshot(content: StepContent) -> dict[str, Any]:
    """For the beamer: the live wall and tallies once revealed, and how many take part."""
    snapshot = _common(content)
    snapshot["notes"] = (
        step_content.wall(content, include_hidden=False, with_dots=content.totals is not None)
        if content.step.results_visible
        else []
    )
    snapshot["participants_total"] = sum(content.group_sizes.values())
    snapshot["join_panel"] = join_panel(content.ws)
    kinds.get_kind(content.step.kind).projector_view(content, snapshot)
    return snapshot


def facilitator_snapshot(content: StepContent) -> dict[str, Any]:
    """For the facilitator's control page: everything, hidden notes and live tallies included."""
    ws = content.ws
    kind = kinds.get_kind(content.step.kind)
    snapshot = _common(content)
    snapshot["notes"] = step_content.wall(content, include_hidden=True, with_dots=True)
    snapshot["steps"] = [
        {"position": s.position, "kind": s.kind, "title": s.title, "open": s.is_open}
        for s in ws.steps
    ]
    snapshot["facilitator_notes"] = content.step.facilitator_notes
    snapshot["step"]["breakdown"] = content.step.breakdown
    snapshot["step"]["has_input"] = kind.has_input
    snapshot["participants"] = head_counts(ws, content.group_sizes)
    snapshot["join_panel"] = join_panel(ws)
    kind.control_view(content, snapshot)
    return snapshot


def join_panel(ws: WorkshopSession) -> str:
    """The join panel: "big" in the join phase (or brought back by the facilitator), or "small"."""
    inputs = [s.position for s in ws.steps if kinds.get_kind(s.kind).has_input]
    return "big" if join_panel_big(ws.current_position, inputs, ws.join_panel) else "small"


def head_counts(ws: WorkshopSession, counts: dict[str, int] | None = None) -> dict[str, Any]:
    """Who joined, per group, through the gate: a group's number from k people on, else
    "fewer than k" (None); a group pooled to protect a small one shows only in the pool.
    `counts`: the participants per group, if already counted."""
    counts = queries.group_sizes(ws) if counts is None else counts
    release = disclosure.release(counts, ws.anonymity_threshold, None, ws.groups)
    return {
        "total": sum(counts.values()),
        "threshold": ws.anonymity_threshold,
        "groups": [
            {
                "name": name,
                "count": count if release.shows(name) else None,
                "pooled": name in release.pooled,
            }
            for name, count in counts.items()
            if count
        ],
        "pool": sum(counts[g] for g in release.pooled) if release.pooled else None,
    }


def candidates(content: StepContent) -> list[dict[str, Any]]:
    """What the facilitator may take over into this step (the kind says from where)."""
    return kinds.get_kind(content.step.kind).candidates(content)


def private_states(
    content: StepContent, participant_ids: Collection[int] | None
) -> dict[int, dict[str, Any]]:
    """Each listed participant's own notes, dots and dots left (None: everyone in the session)."""
    if participant_ids is None:
        participant_ids = list(
            db.session.scalars(select(Participant.id).where(Participant.ws_id == content.ws.id))
        )
    blank = blank_state(content)
    states = {pid: step_content.fresh(blank) for pid in participant_ids}
    kinds.get_kind(content.step.kind).fill_states(content, states)
    return states


def own_states(content: StepContent) -> dict[int, dict[str, Any]]:
    """The private states of the participants who have something of their own in the current
    step (notes, dots, upvotes, answers); every other participant's is the `blank_state`."""
    owners = kinds.get_kind(content.step.kind).owners(content)
    if not owners:
        return {}
    blank = blank_state(content)
    states = private_states(content, owners)
    return {pid: state for pid, state in states.items() if state != blank}


def blank_state(content: StepContent) -> dict[str, Any]:
    """The private state of a participant with nothing of their own in the current step (no
    notes, no dots, no answers): on a step change most phones' state, so it is sent once to
    all phones instead of once to each (`broadcast`)."""
    state: dict[str, Any] = {
        "revision": content.ws.revision,
        "step_id": content.step.id,
        "notes": [],
        "dots": {},
    }
    kinds.get_kind(content.step.kind).blank_state(content, state)
    return state
