"""The `moderated` setting: kinds that collect notes opt in; the others refuse the key."""

from __future__ import annotations

from typing import Any

import pytest

from facilitator import kinds
from facilitator.catalog import CatalogError
from facilitator.catalog.spec import StepSpec

COLUMN = {"key": "pro", "title": {"de": "Dafür", "en": "For"}}
BOARD = StepSpec("board", "sammeln", {}, {}, None, {"columns": [COLUMN]})
RISK = StepSpec("risk", "risiko", {}, {}, None, {})


def test_only_note_collecting_kinds_are_moderatable() -> None:
    moderatable = {name for name, kind in kinds.KINDS.items() if kind.moderatable}
    assert moderatable == {"board", "canvas", "actions", "qa"}
    assert all(kinds.get_kind(name).accepts_notes for name in moderatable)


@pytest.mark.parametrize("value", [True, False])
def test_a_board_takes_moderated(value: bool) -> None:
    settings = kinds.get_kind("board").settings_of(
        {"columns": [COLUMN], "moderated": value}, "steps[1]", []
    )
    assert settings["moderated"] is value
    assert kinds.get_kind("board").is_moderated(settings) is value


def test_moderated_defaults_to_false() -> None:
    settings = kinds.get_kind("canvas").settings_of(
        {"fields": [{"key": "a", "title": COLUMN["title"]}]}, "steps[1]", []
    )
    assert settings["moderated"] is False


@pytest.mark.parametrize(
    ("kind", "raw", "earlier", "error"),
    [
        ("board", {"columns": [COLUMN], "moderated": "yes"}, [], r"steps\[1\]\.moderated: must be"),
        (
            "dot_vote",
            {"source": "sammeln", "moderated": True},
            [BOARD],
            r"steps\[1\]\.moderated: unknown key",
        ),
        ("info", {"moderated": False}, [], r"steps\[1\]\.moderated: unknown key"),
    ],
)
def test_moderated_refusals(
    kind: str, raw: dict[str, Any], earlier: list[StepSpec], error: str
) -> None:
    with pytest.raises(CatalogError, match=error):
        kinds.get_kind(kind).settings_of(raw, "steps[1]", earlier)


def test_a_kind_that_is_not_moderatable_is_never_moderated() -> None:
    assert not kinds.get_kind("dot_vote").is_moderated({"moderated": True})
