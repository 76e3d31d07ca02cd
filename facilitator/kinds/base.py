"""The base of every step kind: what a kind declares (settings, what it accepts).

Each kind family lives in its own module (`notes`, `qa`, `items`, `surveys`);
`kinds/__init__.py` lists them all explicitly, so nothing registers itself by being imported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeAlias

from flask_babel import LazyString, lazy_ngettext

from .. import disclosure
from ..catalog import fields
from ..catalog.spec import StepSpec
from ..live.content import StepContent, items_json, load_notes, wall
from ..queries.answer_data import answerers, items_of, my_answers, step_respondents, summarise_step
from ..reports.data import StepSection
from ..reports.inputs import ReportInput, StepInput
from ..rules import assessment as ar
from ..sessions.forms import PayloadForm
from ..sessions.models import SessionStep, StepItem, StepLike


class UnknownKind(LookupError):
    """No step kind has this name."""


LiveText: TypeAlias = LazyString | Mapping[str, LazyString]  # a string, or its plural forms


def plural_forms(singular: str, plural: str) -> dict[str, LazyString]:
    """Both forms of a count for a kind's live strings, translated when the live pages' strings
    are drawn (like `i18n.plural_forms` in `sessions/_strings.html`, and extracted by its name)."""
    return {"one": lazy_ngettext(singular, plural, 1), "other": lazy_ngettext(singular, plural, 2)}


@dataclass(frozen=True)
class Action:
    """A socket event a kind's participants send beyond the shared ones (`note:add`,
    `answer:set` …): its name (`noun:verb`), the form of its payload, and the operation it
    performs, named by its import path (`"package.module:function"`). The operation takes the
    acting participant and the validated form and returns the `Change`, like every handler of
    `sessions/events.py`, which registers every kind's actions in one loop and resolves the
    names there, once, at start.

    Why a name and not the function: an operation writes, and the write side imports the
    kinds (it asks them for dimensions, items and checks), so a kind that imported its
    operation would close an import circle (`tests/unit/test_imports.py`; the layers in
    docs/architecture.md). The registration sits above both and may import either. So an
    action of another shape is its form, its operation in a module of the write side, and
    this declaration; neither `events.py` nor a shared service changes. The ranking names
    `WHOLE_ANSWER` (`assessment_services.save_whole`, checked by the kind's `whole_answer`).
    """

    event: str
    form: type[PayloadForm]
    operation: str


# the operation that saves a whole answer at once (a ranking's order), for `Action.operation`
WHOLE_ANSWER = "facilitator.sessions.assessment_services:save_whole"


class StepKind:
    """Base of all step kinds."""

    name: ClassVar[str]
    accepts_notes: ClassVar[bool] = False
    accepts_votes: ClassVar[bool] = False
    has_input: ClassVar[bool] = False
    has_items: ClassVar[bool] = False  # statements or hazards (table step_item)
    # collects notes that the facilitator may approve before anyone else sees them: the step
    # takes the setting `moderated` (and the control page's switch); see `sessions/moderation`
    moderatable: ClassVar[bool] = False

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        """Validate the kind-specific keys of a step and fill in defaults."""
        fields.reject_unknown(raw, set(), where)
        return {"results_visible": True}

    def is_moderated(self, settings: Mapping[str, Any]) -> bool:
        """Whether new notes of a step with these settings wait for the facilitator's approval."""
        return self.moderatable and bool(settings.get("moderated"))

    def settings_of(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        """The kind's settings plus the settings every kind of its sort shares: a moderatable
        kind takes `moderated` (default false: notes are shown as they come)."""
        if not self.moderatable:
            return self.parse_settings(raw, where, earlier)
        own = {name: value for name, value in raw.items() if name != "moderated"}
        settings = self.parse_settings(own, where, earlier)
        settings["moderated"] = fields.boolean(raw.get("moderated", False), f"{where}.moderated")
        return settings

    # --- write side ---
    # the settings key that lists the items a template gives a step (statements, hazards, scale
    # items, criteria): copied into the session's items, saved back into an own template
    item_list: ClassVar[str | None] = None
    # the step's one item is its question, the prompt (rewording the step rewords it)
    prompt_is_item: ClassVar[bool] = False
    # the facilitator may add own items in the room (statements, hazards, scale items)
    own_items: ClassVar[bool] = False
    # how the answers to its items are summarised: one of the styles in `assessment`
    # (`ar.CHECKED` …); None for a kind without answers or one that figures its own (a ranking)
    summary: ClassVar[str | None] = None
    # its hazards are rated: they can be chosen for a measure of the action plan
    rates_hazards: ClassVar[bool] = False
    # participants propose measures (notes per hazard) that can become the action plan's rows
    # (the control page offers the hand-over; the report says how the plan was made)
    proposes_measures: ClassVar[bool] = False
    # its notes are questions with upvotes and a status the facilitator marks
    has_questions: ClassVar[bool] = False
    # the right answer is in its results: input may not be open while they are shown
    answer_in_results: ClassVar[bool] = False
    # part of a risk assessment: the report names the legal basis, review date and signatures
    risk_assessment: ClassVar[bool] = False
    # the report counts how many people voted in the step (dots or upvotes)
    counts_voters: ClassVar[bool] = False
    # the report reads each respondent's chosen options (who chose exactly the right ones)
    reads_selections: ClassVar[bool] = False
    # the report reads the weighted decision (every respondent's points and ratings)
    reads_decision: ClassVar[bool] = False
    # the facilitator may add a step of this kind on the control page (`raw_settings`), where
    # the form offers it with this label, at this place in its list
    editable: ClassVar[bool] = False
    edit_label: ClassVar[LazyString | None] = None
    edit_place: ClassVar[int] = 0
    # what the form's lines are for a step of this kind (one sentence of the field's help)
    edit_lines: ClassVar[LazyString | None] = None
    # its own fields of the quick form beyond the lines, by name: unbound WTForms fields with
    # translated labels (`BooleanField(_l(…))`), joined into the form once from the registry
    # (`sessions/assessment_forms.py`); `raw_settings` reads their data. Kinds that read the
    # same field name the same field object (the quiz reads the poll's `multiple`)
    quick_fields: ClassVar[Mapping[str, Any]] = {}
    # its answers are saved only as a whole, in this dimension (a ranking: every option's
    # place at once, `whole_answer`); one answer alone can be neither set nor removed
    whole_dimension: ClassVar[str | None] = None
    # its own socket events (`Action`): how its participants save such a whole answer, or
    # anything else the shared events do not cover
    actions: ClassVar[tuple[Action, ...]] = ()

    def whole_answer(self, values: Sequence[int], asked: Sequence[int]) -> dict[int, int]:
        """A whole submission's answer per asked item (item id → value), checked against the
        step's asked (enabled) items.

        :raises DomainError: the submission is not whole (the kind's own error)."""
        raise TypeError(f"a {self.name} step takes its answers one by one")

    def template_items(self, step: SessionStep) -> list[Mapping[str, Any]]:
        """The items a new step of this kind starts with, from its settings (or its prompt)."""
        return list(step.settings.get(self.item_list) or []) if self.item_list else []

    def item_attributes(self, item: Mapping[str, Any]) -> dict[str, Any] | None:
        """What a session's item keeps beyond area and text (a scale item's dimension)."""
        return None

    def saved_item(self, entry: dict[str, Any], item: StepItem) -> dict[str, Any] | None:
        """An item as an own template lists it (`entry` has key, area, text, enabled); None
        leaves it out."""
        return entry

    # every dimension its answers may be given in, whatever the settings (`dimensions` takes
    # a step's from these); an answer's payload may name any kind's (`kinds.ANSWER_DIMENSIONS`)
    answer_dimensions: ClassVar[tuple[str, ...]] = ()

    def dimensions(self, settings: Mapping[str, Any]) -> dict[str, int]:
        """The dimensions a step's items are answered in, each with its highest value; none:
        the kind takes no answers."""
        return {}

    def check_answer(
        self, step: StepLike, item_id: int, participant_id: int, dimension: str, value: int
    ) -> None:
        """Check one answer beyond its dimension's range, before it is saved (`answer:set`,
        inside the write's transaction): a kind whose answers limit each other (at most so
        many options ticked, points within a budget) reads what it needs and refuses.

        :raises DomainError: the answer breaks the kind's rule (the kind's own error)."""

    @property
    def takes_answers(self) -> bool:
        """Participants answer the step's items (their own state has `answers`; figures per
        item): the kind has dimensions to answer in."""
        return bool(self.answer_dimensions)

    def step_rules(self, settings: Mapping[str, Any]) -> ar.StepRules:
        """What a step's settings say about summarising its answers."""
        if self.summary is None:
            raise TypeError(f"a {self.name} step has no answers to summarise")
        return ar.StepRules.from_settings(self.summary, settings)

    def note_columns(self, step: StepLike) -> list[dict[str, Any]]:
        """The columns notes go into: a board's from its settings."""
        return list(step.settings.get("columns", []))

    def sources(self, settings: Mapping[str, Any]) -> set[str]:
        """The keys of the earlier steps a step takes notes, statements or hazards from (it
        must stay after them, and they may not be deleted)."""
        return set()

    def take_over_sources(self, settings: Mapping[str, Any]) -> dict[str, str | None]:
        """Per origin ("check", "note", "risk"), the key of the earlier step whose statements,
        notes or hazards the facilitator may carry into this step as items."""
        return {}

    def taken_on_entering(self, settings: Mapping[str, Any]) -> str | None:
        """The origin of what the default rule takes over when the step is first entered
        (unmet statements, prioritised hazards); None: nothing."""
        return None

    def raw_settings(self, lines: Sequence[str], extra: Mapping[str, Any]) -> dict[str, Any]:
        """A step's raw settings from the control page's quick form: one line per column,
        option or item, and in `extra` the data of the fields the kinds add to the form
        (`quick_fields`, by name; a kind reads its own). Validated by `settings_of` like a
        template's."""
        return {}

    def report_section(
        self, inp: ReportInput, step: StepInput, gate: disclosure.Gate
    ) -> StepSection:
        """The step's section of the report, with its blocks, every figure through `gate`; a
        kind names its builder: `report_section = staticmethod(board_section)`."""
        raise NotImplementedError(self.name)

    def method_notes(self, inp: ReportInput) -> list[str]:
        """How the figures of the workshop's steps of this kind were found, for the report's
        method section (collected in the order of `KINDS`); none if the workshop had none."""
        return []

    # --- live view ---
    # What the live pages show of a step of this kind. The step header carries the declared
    # values below, and the scripts branch on them, never on the kind's name:
    # the phones' input block: "none", "notes", "questions", "dots", "items" or "weights"
    phone_input: ClassVar[str] = "none"
    # how one item is answered: "yes_no", "rating", "likert" or "choice" (None: no such items)
    answer_form: ClassVar[str | None] = None
    # what a note is written into: "column" (radio buttons), "field" (a canvas' grid),
    # "addressee" (a question's) or "hazard" (a proposal's); None: the kind takes no notes
    note_target: ClassVar[str | None] = None
    # the control page lists the items even while there are none (the facilitator adds them)
    lists_items: ClassVar[bool] = False
    # its own scripts under `static/`, which the live pages load after `live.js`: a script that
    # draws the kind's own input registers itself as `Live.inputs[phone_input]`
    scripts: ClassVar[tuple[str, ...]] = ()
    # its own style sheets under `static/` (the classes its scripts draw), which the live
    # pages link after `app.css`, whose variables they use
    styles: ClassVar[tuple[str, ...]] = ()
    # the interface strings its scripts use (`Live.t(name)`), joined into the live pages' own
    live_strings: ClassVar[Mapping[str, LiveText]] = {}

    def header(self, step: SessionStep) -> dict[str, Any]:
        """The kind's fields of the public step header (phones, projector, control page)."""
        settings = step.settings
        header: dict[str, Any] = {"input": self.phone_input}
        if self.answer_form is not None:
            header["answer"] = self.answer_form
        if self.note_target is not None:
            header["note_target"] = self.note_target
        if self.proposes_measures:
            header["action_plan"] = True
        if "max_note_length" in settings:
            header["max_note_length"] = settings["max_note_length"]
            header["max_notes"] = settings["max_notes"]
        if self.moderatable:  # phones say that notes appear after approval
            header["moderated"] = self.is_moderated(settings)
        return header

    def load(self, content: StepContent) -> None:
        """Load what the step shows into `content` (once per flush, a few queries)."""
        step = content.step
        if self.accepts_notes:
            load_notes(content, step, self.note_columns(step))
        if self.has_items:
            content.items = items_of(step.id)
        if self.summary is not None:
            content.summaries = summarise_step(
                content.ws, step, self.step_rules(step.settings), items=content.items
            )

    def phone_view(self, content: StepContent, snapshot: dict[str, Any]) -> None:
        """Fill in the phones' shared view. A board's wall reaches the phones once input is
        closed (while writing, people see their own notes: silent writing, and no wall of a
        thousand notes resent to a thousand phones)."""
        step = content.step
        shown = self.accepts_notes and step.results_visible and not step.is_open
        snapshot["notes"] = wall(content, include_hidden=False, with_dots=False) if shown else []
        if self.takes_answers and content.items:
            snapshot["items"] = items_json(content, facilitator=False, results=False)

    def projector_view(self, content: StepContent, snapshot: dict[str, Any]) -> None:
        """Add what the projector shows beyond the wall (set already, if results are shown)."""
        if self.takes_answers and content.items:
            visible = content.step.results_visible
            snapshot["items"] = items_json(content, facilitator=False, results=visible)
            snapshot["respondents"] = self.respondents(content)
            if visible:
                self.add_results(content, snapshot, with_groups=False)

    def control_view(self, content: StepContent, snapshot: dict[str, Any]) -> None:
        """Add what the facilitator's control page shows beyond the wall of every note."""
        if self.moderatable:  # the queue of notes waiting for approval, oldest first
            snapshot["moderation"] = {
                "on": self.is_moderated(content.step.settings),
                "queue": [
                    {"id": n.id, "column": n.column, "text": n.text}
                    for n in content.notes
                    if n.pending
                ],
            }
        if content.items or self.lists_items:
            snapshot["items"] = items_json(content, facilitator=True, results=True)
            snapshot["respondents"] = self.respondents(content)
            snapshot["candidates"] = self.candidates(content)
            self.add_results(content, snapshot, with_groups=True)

    def add_results(
        self, content: StepContent, snapshot: dict[str, Any], *, with_groups: bool
    ) -> None:
        """Add the step's figures as a whole (a profile, a decision …), for the projector once
        revealed and always for the control page (`with_groups`: by group as well)."""

    def respondents(self, content: StepContent) -> int:
        """How many distinct people answered at least one item (the total of who took part,
        not a group-level figure); 0 for kinds without answers."""
        if not self.takes_answers:
            return 0
        return sum(step_respondents([content.step.id])[content.step.id].values())

    def candidates(self, content: StepContent) -> list[dict[str, Any]]:
        """What the facilitator may take over into this step from earlier ones."""
        return []

    def owners(self, content: StepContent) -> set[int]:
        """The participants with something of their own in the step (notes, dots, answers)."""
        owners: set[int] = set()
        if self.accepts_notes:
            owners.update(note.author for note in content.notes if note.author is not None)
        if self.takes_answers:
            owners |= answerers(content.step.id)
        return owners

    def blank_state(self, content: StepContent, state: dict[str, Any]) -> None:
        """Add the kind's fields to the private state of someone with nothing of their own."""
        if self.takes_answers:
            state["answers"] = {}

    def fill_states(self, content: StepContent, states: dict[int, dict[str, Any]]) -> None:
        """Fill in each listed participant's own notes, dots or answers (blank states given)."""
        if self.accepts_notes:
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
        if self.takes_answers:
            for pid, answers in my_answers(content.step.id, list(states)).items():
                states[pid]["answers"] = answers
