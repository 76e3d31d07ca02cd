"""The base of every step kind: what a kind declares (settings, what it accepts).

Each kind family lives in its own module (`notes`, `qa`, `items`, `surveys`);
`kinds/__init__.py` lists them all explicitly, so nothing registers itself by being imported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from ..catalog import fields
from ..catalog.spec import StepSpec


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
