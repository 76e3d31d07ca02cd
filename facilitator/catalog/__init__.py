"""Exercise templates: the code side of `exercises/*.toml`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..text import collation_key
from .loader import load_dir, load_file
from .spec import CatalogError, ExerciseTemplate, Kinds, StepSpec, localize

__all__ = [
    "Catalog",
    "CatalogError",
    "ExerciseTemplate",
    "StepSpec",
    "UnknownTemplate",
    "load_file",
    "localize",
]


class UnknownTemplate(LookupError):
    """No template has this slug."""


class Catalog:
    """The loaded exercise templates, by slug."""

    def __init__(self, templates: dict[str, ExerciseTemplate]) -> None:
        self._templates = templates

    @classmethod
    def load(cls, directory: Path, kinds: Kinds) -> Catalog:
        """The templates in `directory`, their steps validated by `kinds` (`facilitator.kinds`)."""
        return cls(load_dir(directory, kinds))

    def get(self, slug: str) -> ExerciseTemplate:
        try:
            return self._templates[slug]
        except KeyError:
            raise UnknownTemplate(slug) from None

    def list(self, lang: str = "de") -> list[ExerciseTemplate]:
        """Every template, sorted by its title in `lang` as a German reader expects."""
        return sorted(
            self._templates.values(), key=lambda t: collation_key(localize(t.title, lang))
        )

    def __contains__(self, slug: object) -> bool:
        return slug in self._templates

    def __len__(self) -> int:
        return len(self._templates)

    def __iter__(self) -> Iterator[ExerciseTemplate]:
        return iter(self.list())
