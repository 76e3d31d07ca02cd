"""Exercise templates as frozen dataclasses, and the error every loader problem raises."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

FORMAT_VERSION = 1
LANGUAGES = ("de", "en")

Text = dict[str, str]


class CatalogError(Exception):
    """A template file is invalid; the message names the file and the key path."""


def localize(text: Mapping[str, str] | None, lang: str) -> str:
    """The text in `lang`, falling back to German, then to any language there is."""
    if not text:
        return ""
    return text.get(lang) or text.get("de") or next(iter(text.values()), "")


class KindSettings(Protocol):
    """What the loader needs of a step kind: its name and the parsing of its settings. The
    kinds (`facilitator.kinds`) are handed to the loader, so the catalog imports no kind."""

    @property
    def name(self) -> str: ...

    def settings_of(
        self, raw: Mapping[str, Any], where: str, earlier: Sequence[StepSpec]
    ) -> dict[str, Any]: ...


Kinds = Mapping[str, KindSettings]


@dataclass(frozen=True)
class StepSpec:
    kind: str
    key: str
    title: Text
    prompt: Text
    facilitator_notes: Text | None
    settings: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "title": dict(self.title),
            "prompt": dict(self.prompt),
            "facilitator_notes": dict(self.facilitator_notes) if self.facilitator_notes else None,
            "settings": self.settings,
        }


@dataclass(frozen=True)
class ExerciseTemplate:
    slug: str
    format_version: int
    title: Text
    summary: Text
    duration_minutes: int
    steps: tuple[StepSpec, ...]
    source: str
    # What participants can do afterwards (2–4 de/en texts); the session keeps them in its
    # template copy so that the report's AI-literacy record (Art. 4 AI Act) can list them.
    # Empty for own templates saved from a session, which the format allows.
    learning_objectives: tuple[Text, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "format_version": self.format_version,
            "title": dict(self.title),
            "summary": dict(self.summary),
            "duration_minutes": self.duration_minutes,
            "learning_objectives": [dict(text) for text in self.learning_objectives],
            "steps": [step.to_json() for step in self.steps],
        }
