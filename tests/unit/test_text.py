"""Text typed by people: normal form, refused characters, printable copies."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.kinds import KINDS
from facilitator.text import collation_key, normalize, printable, printable_tree, text_problem


def test_normalize_composes_and_unifies_line_breaks() -> None:
    assert normalize("  Caf\u0065\u0301\r\nzwei\rdrei\u2028vier ") == "Café\nzwei\ndrei\nvier"


@pytest.mark.parametrize(
    "text", ["a\x00b", "\x01", "Idee\x0b", "\x1b[31mrot", "\x7f", "\x85", "a\ud800", "\ufffe"]
)
def test_control_characters_are_refused(text: str) -> None:
    assert text_problem(text) == "control"


@pytest.mark.parametrize(
    "text", ["\u200b", "\u200b\u200c\u200d\ufeff", " \u2060 ", "\u3164", "\u2800\u2800", "\u202e"]
)
def test_only_invisible_characters_are_refused(text: str) -> None:
    assert text_problem(text) == "invisible"


@pytest.mark.parametrize(
    "text", ["", "Idee", "Zeile 1\nZeile 2\tTab", "👩‍🔧 Technikerin", "مرحبا", "a\u200bb"]
)
def test_ordinary_text_passes(text: str) -> None:
    assert text_problem(text) is None


@given(st.text())
def test_printable_leaves_nothing_refused(text: str) -> None:
    cleaned = printable(text)
    assert text_problem(cleaned) != "control"
    assert printable(cleaned) == cleaned


@dataclasses.dataclass(frozen=True)
class Inner:
    label: str
    values: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Outer:
    title: str
    count: int
    inner: tuple[Inner, ...]
    extra: dict[str, list[str]]


def test_printable_tree_reaches_every_string() -> None:
    tree = Outer("T\x0bitel", 3, (Inner("a\x00", ("b\x1b", "c")),), {"k\x01": ["v\x02"]})
    assert printable_tree(tree) == Outer("Titel", 3, (Inner("a", ("b", "c")),), {"k": ["v"]})


def test_collation_key_sorts_umlauts_with_their_base_letter() -> None:
    titles = ["Zukunft", "Arbeit", "Ängste und Chancen", "Öffnung", "Ostern", "Straße", "Strasse"]
    assert sorted(titles, key=collation_key) == [
        "Ängste und Chancen",
        "Arbeit",
        "Öffnung",
        "Ostern",
        "Strasse",
        "Straße",
        "Zukunft",
    ]


def test_the_template_list_puts_aengste_near_the_top() -> None:
    from pathlib import Path

    from facilitator.catalog import Catalog

    catalog = Catalog.load(Path(__file__).parents[2] / "exercises", KINDS)
    titles = [t.title["de"] for t in catalog.list("de")]
    assert titles.index("Ängste und Chancen") < len(titles) // 3
    assert titles == sorted(titles, key=collation_key)
