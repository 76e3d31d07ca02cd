"""What each audience is sent: snapshot builders over committed state.

One `StepContent` is loaded per flush (a handful of queries, independent of the number of
participants) and turned into the three audience views; only `private_states` is per
participant, and it is built in batch for the participants whose own state changed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import select

from .. import assessment as ar
from .. import disclosure, kinds, queries, surveys
from ..db import utc_now
from ..extensions import db
from . import assessment_data, qa_view, rules
from . import hot_sql as sql
from .models import ActionItem, Note, Participant, SessionStep, StepItem, WorkshopSession


class NoteRow(NamedTuple):
    id: int
    column: str
    text: str
    hidden: bool
    merged_into: int | None
    author: int | None
    pending: bool  # waits for approval: only its author and the facilitator's queue see it


@dataclass
class StepContent:
    """The committed content of the current step, loaded once per flush."""

    ws: WorkshopSession
    step: SessionStep
    columns: list[dict[str, Any]] = field(default_factory=list)
    notes: list[NoteRow] = field(default_factory=list)
    totals: dict[int, int] | None = None  # dots per shown note, for dot-vote steps
    # (note id, person, dots) of every vote: `person` is the voter's id while linked
    dot_rows: list[tuple[int, int | None, int]] = field(default_factory=list)
    items: list[StepItem] = field(default_factory=list)  # check, risk and actions steps
    summaries: dict[int, ar.ItemSummary] = field(default_factory=dict)  # check and risk
    marks: dict[int, str] = field(default_factory=dict)  # Q&A: questions' status, if not open
    sizes: dict[str, int] | None = None  # participants per group, counted once per flush

    @property
    def group_sizes(self) -> dict[str, int]:
        if self.sizes is None:
            self.sizes = queries.group_sizes(self.ws)
        return self.sizes

    @property
    def parents(self) -> dict[int, int | None]:
        return {note.id: note.merged_into for note in self.notes}


def load_content(ws: WorkshopSession) -> StepContent:
    """Load what the current step shows: its own notes, or the notes it votes on and the dots."""
    step = ws.current_step
    kind = kinds.get_kind(step.kind)
    content = StepContent(ws=ws, step=step)
    board = step
    if kind.accepts_votes:
        board = next(s for s in ws.steps if s.key == step.settings["source"])
    if kind.accepts_notes or kind.accepts_votes:
        content.columns = kinds.get_kind(board.kind).note_columns(board)
        rows = sql.run(sql.NOTES_OF_BOARD, p_step=board.id)
        content.notes = [NoteRow._make(row) for row in rows]
    if kind.accepts_votes:
        allowed = step.settings.get("columns") or None
        if allowed is not None:
            content.columns = [c for c in content.columns if c["key"] in allowed]
            content.notes = [n for n in content.notes if n.column in allowed]
        content.dot_rows = [
            (row.note_id, row.person, row.dots) for row in sql.run(sql.DOTS_OF_STEP, p_step=step.id)
        ]
        per_note: dict[int, int] = {}
        for note_id, _, dots in content.dot_rows:
            per_note[note_id] = per_note.get(note_id, 0) + dots
        content.totals = rules.tally(per_note.items(), content.parents)
    if step.kind == "qa":  # upvotes: one-dot votes on the step's own notes
        content.dot_rows = [
            (row.note_id, row.person, row.dots) for row in sql.run(sql.DOTS_OF_STEP, p_step=step.id)
        ]
        content.marks = qa_view.statuses(step.id)
    if kind.has_items:
        content.items = assessment_data.items_of(step.id)
    if kind.has_items and step.kind != "actions":
        content.summaries = assessment_data.summarise_step(
            ws, step, kind.step_rules(step.settings), items=content.items
        )
    return content


def _items(content: StepContent, *, facilitator: bool, results: bool) -> list[dict[str, Any]]:
    """A check's statements or a risk step's hazards (switched-off ones for the facilitator
    only), with their results where the audience may see them."""
    listed = []
    for item in content.items:
        if not item.enabled and not facilitator:
            continue
        entry: dict[str, Any] = {
            "id": item.id,
            "area": item.area,
            "text": item.text,
            "origin": item.origin,
        }
        if facilitator:
            entry["enabled"] = item.enabled
        summary = content.summaries.get(item.id)
        if results and summary is not None:
            entry["result"] = assessment_data.summary_json(summary, with_groups=facilitator)
        listed.append(entry)
    return listed


def _epoch_ms(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp() * 1000)


def dots_released(content: StepContent) -> bool:
    """A dot vote's tallies are one figure of everyone who voted: shown (and ranked) only from
    k voters on, like every other figure (`disclosure`)."""
    return _voter_count(content) >= content.ws.anonymity_threshold


def _questions(content: StepContent, *, include_hidden: bool) -> list[dict[str, Any]]:
    """A Q&A step's questions: its wall, with status and (through the gate) upvotes, ranked."""
    return qa_view.questions(
        _wall(content, include_hidden=include_hidden, with_dots=False),
        content.marks,
        content.dot_rows,
        content.parents,
        dots_released(content),
    )


def _add_questions(content: StepContent, snapshot: dict[str, Any], *, facilitator: bool) -> None:
    """A Q&A step's questions (once shown, for phones and the projector) and who upvoted. The
    control page keeps the notes as well: merging duplicates works on them as on a board."""
    visible = facilitator or content.step.results_visible
    if not facilitator:
        snapshot["notes"] = []
    snapshot["questions"] = _questions(content, include_hidden=facilitator) if visible else []
    snapshot["voters"] = _voter_count(content)
    snapshot["dots_withheld"] = None if dots_released(content) else content.ws.anonymity_threshold


def _wall(content: StepContent, *, include_hidden: bool, with_dots: bool) -> list[dict[str, Any]]:
    """Shown notes (merge roots), each with the texts merged into it, in writing order; dots and
    ranks only where the gate releases them. Notes waiting for approval are on no wall (the
    facilitator sees them in the queue, their author among their own notes)."""
    with_dots = with_dots and content.totals is not None and dots_released(content)
    parents = content.parents
    children: dict[int, list[dict[str, Any]]] = {}
    for note in content.notes:
        if (
            note.merged_into is not None
            and not note.pending
            and (include_hidden or not note.hidden)
        ):
            root = rules.root_of(note.id, parents)
            children.setdefault(root, []).append({"id": note.id, "text": note.text})
    wall = []
    for note in content.notes:
        if note.merged_into is not None or note.pending or (note.hidden and not include_hidden):
            continue
        item: dict[str, Any] = {
            "id": note.id,
            "column": note.column,
            "text": note.text,
            "merged": children.get(note.id, []),
        }
        if include_hidden:
            item["hidden"] = note.hidden
        if with_dots and content.totals is not None:
            item["dots"] = content.totals.get(note.id, 0)
        wall.append(item)
    if with_dots and content.totals is not None:
        order = rules.ranking([item["id"] for item in wall], content.totals)
        position = {note_id: index for index, (note_id, _) in enumerate(order)}
        for item in wall:
            item["rank"] = position[item["id"]] + 1
    return wall


def _step_header(step: SessionStep, count: int) -> dict[str, Any]:
    settings = step.settings
    header: dict[str, Any] = {
        "id": step.id,
        "position": step.position,
        "count": count,
        "kind": step.kind,
        "key": step.key,
        "title": step.title,
        "prompt": step.prompt,
        "open": step.is_open,
        "results_visible": step.results_visible,
    }
    if step.kind == "info":
        header["link"] = settings.get("link")
        header["link_label"] = settings.get("link_label")
    if "max_note_length" in settings:
        header["max_note_length"] = settings["max_note_length"]
        header["max_notes"] = settings["max_notes"]
    if step.kind == "dot_vote":
        header["budget"] = settings["budget"]
        header["max_per_note"] = settings["max_per_note"]
    if step.kind == "risk":
        header["mode"] = settings["mode"]
        header["matrix"] = settings["matrix"]
        header["question"] = settings.get("question")  # traffic light; None: the default
        header["lights"] = settings.get("lights")
    if step.kind == "board":
        header["view"] = settings.get("view", "wall")
    if kinds.get_kind(step.kind).moderatable:  # phones say that notes appear after approval
        header["moderated"] = kinds.get_kind(step.kind).is_moderated(settings)
    if step.kind == "weighted":
        for name in ("criteria", "options", "budget", "points", "labels"):
            header[name] = settings[name]
    if step.kind == "canvas":
        header["grid_columns"] = settings["grid_columns"]
        header["layout"] = settings["layout"]
    if step.kind == "scale":
        for name in ("points", "labels", "no_answer", "nominal", "variants", "dimensions"):
            header[name] = settings[name]
        header["first_value"] = settings.get("first_value", 1)  # the first label's number
    if step.kind in ("poll", "quiz"):
        header["options"] = settings["options"]
        header["multiple"] = settings["multiple"]
        header["max_choices"] = settings["max_choices"]
    if step.kind == "quiz" and step.results_visible:  # never before the reveal
        header["correct"] = settings["correct"]
        header["explanation"] = settings["explanation"]
    return header


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
        "timer": {"ends_at": _epoch_ms(ws.timer_ends_at), "now": _epoch_ms(utc_now())},
    }


def participant_snapshot(content: StepContent) -> dict[str, Any]:
    """For the phones: what their view shows, nothing that changes with every vote.

    A board's wall reaches the phones once input is closed (while writing, people see their
    own notes: silent writing, and no wall of a thousand notes resent to a thousand phones);
    a dot vote's notes are always there to vote on, the dots only after reveal. They come in
    the order the phone shows them: writing order while the vote is open (a note never moves
    under a thumb), ranked once it is closed and revealed.
    """
    snapshot = _common(content)
    step = content.step
    kind = kinds.get_kind(step.kind)
    if step.kind == "qa":
        _add_questions(content, snapshot, facilitator=False)
    elif kind.accepts_votes:
        snapshot["notes"] = _wall(content, include_hidden=False, with_dots=step.results_visible)
        if step.results_visible and not step.is_open:
            snapshot["notes"].sort(key=lambda note: note["rank"])
    elif kind.accepts_notes and step.results_visible and not step.is_open:
        snapshot["notes"] = _wall(content, include_hidden=False, with_dots=False)
    else:
        snapshot["notes"] = []
    if content.items and step.kind != "actions":
        snapshot["items"] = _items(content, facilitator=False, results=False)
    if step.kind == "quiz" and step.results_visible:
        snapshot["chose_right"] = _chose_right(content)
    return snapshot


def projector_snapshot(content: StepContent) -> dict[str, Any]:
    """For the beamer: the live wall and tallies once revealed, and how many take part."""
    snapshot = _common(content)
    step = content.step
    snapshot["notes"] = (
        _wall(content, include_hidden=False, with_dots=content.totals is not None)
        if step.results_visible
        else []
    )
    snapshot["participants_total"] = sum(content.group_sizes.values())
    snapshot["join_panel"] = join_panel(content.ws)
    if step.settings.get("view") == "words" and step.results_visible:
        snapshot["words"] = _words(content)
    if content.totals is not None:
        snapshot["voters"] = _voter_count(content)
        snapshot["dots_withheld"] = (
            None if dots_released(content) else content.ws.anonymity_threshold
        )
    if step.kind == "qa":
        _add_questions(content, snapshot, facilitator=False)
    if content.items and step.kind != "actions":
        snapshot["items"] = _items(content, facilitator=False, results=step.results_visible)
        snapshot["respondents"] = _respondent_count(content)
        if step.results_visible:
            _add_survey_results(content, snapshot, with_groups=False)
    return snapshot


def facilitator_snapshot(content: StepContent) -> dict[str, Any]:
    """For the facilitator's control page: everything, hidden notes and live tallies included."""
    ws = content.ws
    snapshot = _common(content)
    snapshot["notes"] = _wall(content, include_hidden=True, with_dots=True)
    snapshot["steps"] = [
        {"position": s.position, "kind": s.kind, "title": s.title, "open": s.is_open}
        for s in ws.steps
    ]
    snapshot["facilitator_notes"] = content.step.facilitator_notes
    snapshot["step"]["breakdown"] = content.step.breakdown
    snapshot["step"]["has_input"] = kinds.get_kind(content.step.kind).has_input
    if content.step.settings.get("view") == "words":
        snapshot["words"] = _words(content)
    _add_moderation(content, snapshot)
    snapshot["participants"] = head_counts(ws, content.group_sizes)
    snapshot["join_panel"] = join_panel(ws)
    if content.totals is not None:
        snapshot["voters"] = _voter_count(content)
        snapshot["dots_withheld"] = None if dots_released(content) else ws.anonymity_threshold
    if content.step.kind == "qa":
        _add_questions(content, snapshot, facilitator=True)
    if content.items or content.step.kind in ("check", "risk", "actions"):
        snapshot["items"] = _items(content, facilitator=True, results=True)
        snapshot["respondents"] = _respondent_count(content)
        snapshot["candidates"] = candidates(content)
        _add_survey_results(content, snapshot, with_groups=True)
    if content.step.kind == "quiz":  # the facilitator knows the answer before the reveal
        settings = content.step.settings
        snapshot["step"] = {
            **snapshot["step"],
            "correct": settings["correct"],
            "explanation": settings["explanation"],
        }
    if content.step.kind == "actions":
        source = next(s for s in ws.steps if s.key == content.step.settings["source"])
        snapshot["source_matrix"] = source.settings.get("matrix")
        _mark_handover(ws, snapshot["notes"])
    return snapshot


def _add_moderation(content: StepContent, snapshot: dict[str, Any]) -> None:
    """The facilitator's moderation queue: the step's notes waiting for approval, oldest first
    (only the facilitator's snapshot has it); a dot vote says how many of its board's notes
    still wait (they are not offered for voting)."""
    kind = kinds.get_kind(content.step.kind)
    waiting = [note for note in content.notes if note.pending]
    if kind.moderatable:
        snapshot["moderation"] = {
            "on": kind.is_moderated(content.step.settings),
            "queue": [{"id": n.id, "column": n.column, "text": n.text} for n in waiting],
        }
    elif kind.accepts_votes:
        snapshot["source_pending"] = len(waiting)


def _mark_handover(ws: WorkshopSession, notes: list[dict[str, Any]]) -> None:
    """Each proposal: whether it is in the action plan already, and the STOP type it names."""
    taken = set(
        db.session.scalars(
            select(ActionItem.note_id).where(
                ActionItem.ws_id == ws.id, ActionItem.note_id.is_not(None)
            )
        )
    )
    for note in notes:
        note["in_plan"] = note["id"] in taken
        note["stop_type"] = ar.proposal_stop_type(note["text"])[0]


def join_panel(ws: WorkshopSession) -> str:
    """The join panel: "big" in the join phase (or brought back by the facilitator), or "small"."""
    inputs = [s.position for s in ws.steps if kinds.get_kind(s.kind).has_input]
    return "big" if rules.join_panel_big(ws.current_position, inputs, ws.join_panel) else "small"


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


def _add_survey_results(
    content: StepContent, snapshot: dict[str, Any], *, with_groups: bool
) -> None:
    """A scale's dimension profile; a quiz's count of right answers."""
    step = content.step
    if step.kind == "scale":
        profile = ar.dimension_profile(
            ar.StepRules.from_settings(ar.SCALED, step.settings),
            [
                (
                    item.id,
                    (item.attributes or {}).get("dimension") or "",
                    bool((item.attributes or {}).get("reversed")),
                )
                for item in content.items
                if item.enabled
            ],
            content.summaries,
            assessment_data.POOL,
        )
        snapshot["profile"] = [
            {
                "dimension": row.dimension,
                "variant": row.variant,
                "mean": row.total.mean,
                "n": row.total.n,
                **(
                    {
                        "groups": [
                            {"name": name, "mean": score.mean, "n": score.n}
                            for name, score in row.by_group.items()
                        ]
                    }
                    if with_groups
                    else {}
                ),
            }
            for row in profile
        ]
    if step.kind == "quiz":
        snapshot["chose_right"] = _chose_right(content)
    if step.kind == "weighted" and not _step_release(content).total:
        snapshot["decision"] = {"too_few": True, "k": content.ws.anonymity_threshold}
    elif step.kind == "weighted":
        result = assessment_data.decision_of(step, content.items)
        snapshot["decision"] = {
            "weights": [round(share, 4) for _, share in sorted(result.weights.items())],
            "options": [
                {
                    "score": score.score,
                    "low": score.spread.low if score.spread else None,
                    "median": score.spread.median if score.spread else None,
                    "high": score.spread.high if score.spread else None,
                    "raters": score.raters,
                }
                for score in result.scores
            ],
        }


def _step_release(content: StepContent) -> disclosure.Release:
    """What the gate lets through of a step's figures as a whole (from everyone who answered)."""
    people = assessment_data.step_respondents([content.step.id])[content.step.id]
    return assessment_data.gate_of(content.ws, content.step).release(people)


def _chose_right(content: StepContent) -> int | None:
    """How many chose exactly the right options; None while too few answered (gate)."""
    if not any(summary.total is not None for summary in content.summaries.values()):
        return None
    settings = content.step.settings
    correct = frozenset(
        index + 1
        for index, option in enumerate(settings["options"])
        if option["key"] in settings["correct"]
    )
    return surveys.chose_right(assessment_data.selections(content.step), correct)


def _words(content: StepContent) -> list[list[Any]]:
    """A word cloud of the shown notes: case and simple plurals folded, most frequent first."""
    texts = [n.text for n in content.notes if not n.hidden and not n.pending]
    return [[word, count] for word, count in surveys.fold_words(texts)[:60]]


def _respondent_count(content: StepContent) -> int:
    """How many distinct people answered at least one item of a check, risk, scale, poll, quiz
    or weighted step (not a group-level figure: the total of who took part)."""
    if not kinds.get_kind(content.step.kind).has_items or content.step.kind == "actions":
        return 0
    return sum(assessment_data.step_respondents([content.step.id])[content.step.id].values())


def candidates(content: StepContent) -> list[dict[str, Any]]:
    """What the facilitator may take over into this step: a risk step's unmet check statements
    and a board's notes, an actions step's rated hazards; each with whether it is taken."""
    ws, step = content.ws, content.step
    taken = {(item.origin, item.source_id) for item in content.items if item.enabled}
    sources: list[tuple[str, str | None]] = []
    if step.kind == "risk":
        sources = [("check", step.settings.get("check")), ("note", step.settings.get("board"))]
    elif step.kind == "actions":
        sources = [("risk", step.settings.get("source"))]
    found: list[dict[str, Any]] = []
    for origin, key in sources:
        source = next((s for s in ws.steps if key is not None and s.key == key), None)
        if source is None:
            continue
        if origin == "note":
            rows = db.session.execute(
                select(Note.id, Note.text).where(
                    Note.step_id == source.id,
                    Note.hidden.is_(False),
                    Note.pending.is_(False),
                    Note.merged_into_id.is_(None),
                )
            )
            found += [
                {
                    "origin": origin,
                    "id": note_id,
                    "text": {"de": text, "en": text},
                    "taken": (origin, note_id) in taken,
                }
                for note_id, text in rows
            ]
            continue
        items = [item for item in assessment_data.items_of(source.id) if item.enabled]
        rules_of_source = kinds.get_kind(source.kind).step_rules(source.settings)
        summaries = assessment_data.summarise_step(ws, source, rules_of_source, items=items)
        for item in items:
            found.append(
                {
                    "origin": origin,
                    "id": item.id,
                    "text": item.text,
                    "taken": (origin, item.id) in taken,
                    "result": assessment_data.summary_json(summaries[item.id], with_groups=False),
                }
            )
    return found


def _voter_count(content: StepContent) -> int:
    return len({pid for _, pid, _ in content.dot_rows})


def private_states(
    content: StepContent, participant_ids: Collection[int] | None
) -> dict[int, dict[str, Any]]:
    """Each listed participant's own notes, dots and dots left (None: everyone in the session)."""
    ws, step = content.ws, content.step
    if participant_ids is None:
        participant_ids = list(
            db.session.scalars(select(Participant.id).where(Participant.ws_id == ws.id))
        )
    blank = blank_state(content)
    states = {pid: _fresh(blank) for pid in participant_ids}
    kind = kinds.get_kind(step.kind)
    if kind.accepts_notes:
        for note in content.notes:
            if note.author in states:
                states[note.author]["notes"].append(
                    {
                        "id": note.id,
                        "column": note.column,
                        "text": note.text,
                        "hidden": note.hidden,
                        "pending": note.pending,
                    }
                )
    if kind.accepts_votes:
        parents = content.parents
        for note_id, pid, dots in content.dot_rows:
            if pid in states:
                root = str(rules.root_of(note_id, parents))
                mine = states[pid]["dots"]
                mine[root] = mine.get(root, 0) + dots
        dot_rules = _dot_rules(step)
        for state in states.values():
            state["dots_left"] = rules.dots_left(dot_rules, sum(state["dots"].values()))
    if step.kind == "qa":
        mine = qa_view.upvoted(content.dot_rows, content.parents, states.keys())
        for pid, state in states.items():
            state["upvoted"] = mine.get(pid, [])
    if kind.has_items and step.kind != "actions":
        for pid, answers in assessment_data.my_answers(step.id, list(states)).items():
            states[pid]["answers"] = answers
    return states


def own_states(content: StepContent) -> dict[int, dict[str, Any]]:
    """The private states of the participants who have something of their own in the current
    step (notes, dots, upvotes, answers); every other participant's is the `blank_state`."""
    step = content.step
    kind = kinds.get_kind(step.kind)
    owners: set[int] = set()
    if kind.accepts_notes:
        owners.update(note.author for note in content.notes if note.author is not None)
    if kind.accepts_votes or step.kind == "qa":  # dots, or a Q&A's upvotes
        # `person` is negative once unlinked: nobody to send it to then
        owners.update(pid for _, pid, _ in content.dot_rows if pid is not None and pid > 0)
    if kind.has_items and step.kind != "actions":
        owners |= assessment_data.answerers(step.id)
    if not owners:
        return {}
    blank = blank_state(content)
    states = private_states(content, owners)
    return {pid: state for pid, state in states.items() if state != blank}


def blank_state(content: StepContent) -> dict[str, Any]:
    """The private state of a participant with nothing of their own in the current step (no
    notes, no dots, no answers): on a step change most phones' state, so it is sent once to
    all phones instead of once to each (`broadcast`)."""
    step = content.step
    state: dict[str, Any] = {
        "revision": content.ws.revision,
        "step_id": step.id,
        "notes": [],
        "dots": {},
    }
    kind = kinds.get_kind(step.kind)
    if kind.accepts_votes:
        state["dots_left"] = rules.dots_left(_dot_rules(step), 0)
    if step.kind == "qa":
        state["upvoted"] = []
    if kind.has_items and step.kind != "actions":
        state["answers"] = {}
    return state


def _fresh(blank: dict[str, Any]) -> dict[str, Any]:
    """A copy of the blank state whose lists and dicts can be filled in."""
    state = {**blank, "notes": [], "dots": {}}
    if "answers" in blank:
        state["answers"] = {}
    if "upvoted" in blank:
        state["upvoted"] = []
    return state


def _dot_rules(step: SessionStep) -> rules.DotRules:
    return rules.DotRules(step.settings["budget"], step.settings["max_per_note"])
