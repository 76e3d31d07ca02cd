"""The base of every step kind: what a kind declares (settings, what it accepts).

Each kind family lives in its own module (`note_kinds`, `assessment_kinds`, `survey_kinds`);
`kinds` lists them all explicitly, so nothing registers itself by being imported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from . import fields
from .spec import StepSpec


class UnknownKind(LookupError):
    """No step kind has this name."""


class StepKind:
    """Base of all step kinds."""

    name: ClassVar[str]
    accepts_notes: ClassVar[bool] = False
    accepts_votes: ClassVar[bool] = False
    has_input: ClassVar[bool] = False
    has_items: ClassVar[bool] = False  # statements or hazards (table step_item)

    def parse_settings(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]:
        """Validate the kind-specific keys of a step and fill in defaults."""
        fields.reject_unknown(raw, set(), where)
        return {"results_visible": True}
