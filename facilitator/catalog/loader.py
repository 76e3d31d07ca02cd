"""Exercise template files (TOML) → validated, frozen `ExerciseTemplate`s."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import fields
from .spec import FORMAT_VERSION, CatalogError, ExerciseTemplate, Kinds, StepSpec, Text

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TOP_KEYS = {
    "format_version",
    "slug",
    "title",
    "summary",
    "duration_minutes",
    "learning_objectives",
    "steps",
}
OBJECTIVES_MIN, OBJECTIVES_MAX = 2, 4
OBJECTIVE_MAX_LENGTH = 300
COMMON_STEP_KEYS = {"kind", "key", "title", "prompt", "facilitator_notes"}


def load_file(path: Path, kinds: Kinds) -> ExerciseTemplate:
    """Parse and validate one template file; `kinds` (by name) validate the steps' settings."""
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{name}: not valid TOML: {error}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogError(f"{name}: cannot be read: {error}") from error
    try:
        return _template(data, path, kinds)
    except CatalogError as error:
        raise CatalogError(f"{name}: {error}") from None


def _template(data: dict[str, Any], path: Path, kinds: Kinds) -> ExerciseTemplate:
    fields.reject_unknown(data, TOP_KEYS, "")
    version = fields.required(data, "format_version", "")
    if version != FORMAT_VERSION:
        raise fields.fail(
            "format_version", f"unknown version {version!r}, expected {FORMAT_VERSION}"
        )
    slug = fields.required(data, "slug", "")
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug) or slug != path.stem:
        raise fields.fail("slug", f"must be kebab-case and equal the file name {path.stem!r}")
    raw_steps = fields.table_list(fields.required(data, "steps", ""), "steps", 1, 100)
    steps: list[StepSpec] = []
    for index, raw in enumerate(raw_steps):
        steps.append(_step(raw, f"steps[{index}]", steps, kinds))
    return ExerciseTemplate(
        slug=slug,
        format_version=version,
        title=fields.text(fields.required(data, "title", ""), "title"),
        summary=fields.text(fields.required(data, "summary", ""), "summary"),
        duration_minutes=fields.integer(
            fields.required(data, "duration_minutes", ""), "duration_minutes", 5, 480
        ),
        steps=tuple(steps),
        source=path.name,
        learning_objectives=learning_objectives(data.get("learning_objectives")),
    )


def learning_objectives(value: Any) -> tuple[Text, ...]:
    """Optional: 2–4 observable outcomes ("Die Teilnehmenden können … benennen"), each a
    de/en text of at most 300 characters; shipped templates must have them (checked in CI)."""
    if value is None:
        return ()
    where = "learning_objectives"
    if not isinstance(value, list) or not OBJECTIVES_MIN <= len(value) <= OBJECTIVES_MAX:
        raise fields.fail(
            where,
            f"must be a list of {OBJECTIVES_MIN} to {OBJECTIVES_MAX} texts, "
            'e.g. [{ de = "…", en = "…" }, …]',
        )
    objectives = []
    for index, raw in enumerate(value):
        text = fields.text(raw, f"{where}[{index}]")
        for lang, wording in text.items():
            if len(wording) > OBJECTIVE_MAX_LENGTH:
                raise fields.fail(
                    f"{where}[{index}].{lang}",
                    f"must be at most {OBJECTIVE_MAX_LENGTH} characters",
                )
        objectives.append(text)
    return tuple(objectives)


def _step(raw: Mapping[str, Any], where: str, earlier: list[StepSpec], kinds: Kinds) -> StepSpec:
    kind_name = fields.required(raw, "kind", where)
    kind = kinds.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        raise fields.fail(f"{where}.kind", f"unknown step kind {kind_name!r}")
    step_key = fields.key(fields.required(raw, "key", where), f"{where}.key")
    if any(step.key == step_key for step in earlier):
        raise fields.fail(f"{where}.key", f"duplicate step key {step_key!r}")
    notes = raw.get("facilitator_notes")
    specific = {name: value for name, value in raw.items() if name not in COMMON_STEP_KEYS}
    return StepSpec(
        kind=kind.name,
        key=step_key,
        title=fields.text(fields.required(raw, "title", where), f"{where}.title"),
        prompt=fields.text(fields.required(raw, "prompt", where), f"{where}.prompt"),
        facilitator_notes=(
            fields.text(notes, f"{where}.facilitator_notes") if notes is not None else None
        ),
        settings=kind.settings_of(specific, where, earlier),
    )


def load_dir(directory: Path, kinds: Kinds) -> dict[str, ExerciseTemplate]:
    """All templates in a directory, by slug."""
    if not directory.is_dir():
        raise CatalogError(f"{directory}: exercise directory not found")
    templates = {}
    for path in sorted(directory.glob("*.toml")):
        template = load_file(path, kinds)
        templates[template.slug] = template
    return templates
