"""The base of every step kind: what a kind declares (settings, what it accepts).

Each kind family lives in its own module (`notes`, `qa`, `items`, `surveys`);
`kinds/__init__.py` lists them all explicitly, so nothing registers itself by being imported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from flask_babel import LazyString

from .. import assessment as ar
from .. import disclosure
from ..catalog import fields
from ..catalog.spec import StepSpec
from ..reports.data import StepSection
from ..reports.inputs import ReportInput, StepInput
from ..sessions.models import SessionStep, StepItem, StepLike


class UnknownKind(LookupError):
    """No step kind has this name."""


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
    # (`ar.CHECKED` …); None for a kind without answers
    summary: ClassVar[str | None] = None
    # its hazards are rated: they can be chosen for a measure of the action plan
    rates_hazards: ClassVar[bool] = False
    # participants propose measures (notes per hazard) that can become the action plan's rows
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
    # its answers are saved only as a whole, in this dimension (a ranking: every option's
    # place at once, `whole_answer`); one answer alone can be neither set nor removed
    whole_dimension: ClassVar[str | None] = None

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

    def dimensions(self, settings: Mapping[str, Any]) -> dict[str, int]:
        """The dimensions a step's items are answered in, each with its highest value; none:
        the kind takes no answers."""
        return {}

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

    def raw_settings(
        self, lines: Sequence[str], multiple: bool, correct: int | None
    ) -> dict[str, Any]:
        """A step's raw settings from the control page's quick form (one line per column,
        option or item), validated by `settings_of` like a template's."""
        return {}

    def report_section(
        self, inp: ReportInput, step: StepInput, gate: disclosure.Gate
    ) -> StepSection:
        """The step's section of the report, with its blocks, every figure through `gate`."""
        raise NotImplementedError(self.name)
