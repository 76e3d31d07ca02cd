"""The Q&A kind's settings and its pure rules: upvotes per question, the order shown."""

from __future__ import annotations

from typing import Any

import pytest

from facilitator import kinds
from facilitator.catalog import CatalogError
from facilitator.catalog.loader import load_file
from facilitator.kinds import KINDS
from facilitator.rules import session as rules
from tests.conftest import EXERCISES

TEXT = {"de": "Betriebsrat", "en": "Works council"}


def test_qa_defaults_name_management_works_council_and_facilitator() -> None:
    settings = kinds.get_kind("qa").settings_of({}, "steps[0]", [])
    assert [c["key"] for c in settings["columns"]] == [
        "geschaeftsleitung",
        "betriebsrat",
        "moderation",
    ]
    assert settings["max_notes"] == 5
    assert settings["max_note_length"] == 280
    assert settings["results_visible"] is True
    assert settings["moderated"] is False
    assert kinds.get_kind("qa").accepts_notes
    assert kinds.get_kind("qa").has_input
    assert not kinds.get_kind("qa").accepts_votes  # no source board: its own notes


def test_qa_step_of_a_file_with_its_own_addressees() -> None:
    template = load_file(EXERCISES / "fragen-mini.toml", KINDS)
    qa = template.steps[1].settings
    assert [c["title"]["de"] for c in qa["columns"]] == ["Geschäftsleitung", "Betriebsrat"]
    assert qa["max_notes"] == 3
    assert template.steps[2].settings["moderated"] is True


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ({"colour": "red"}, "steps[2].colour: unknown key"),
        ({"columns": []}, "steps[2].columns: must be a list of 1 to 8"),
        ({"columns": [{"key": "br", "title": TEXT}] * 2}, "steps[2].columns[1].key: duplicate"),
        ({"columns": [{"key": "br", "title": {"de": "x"}}]}, "steps[2].columns[0].title.en"),
        ({"max_notes": 0}, "steps[2].max_notes: must be an integer from 1 to 100"),
        ({"max_note_length": 5000}, "steps[2].max_note_length: must be an integer from 10"),
        ({"moderated": "yes"}, "steps[2].moderated: must be true or false"),
        ({"view": "words"}, "steps[2].view: unknown key"),
    ],
)
def test_qa_refusals_name_the_key(raw: dict[str, Any], error: str) -> None:
    with pytest.raises(CatalogError) as caught:
        kinds.get_kind("qa").settings_of(raw, "steps[2]", [])
    assert str(caught.value).startswith(error)


def test_a_broken_qa_file_names_file_and_key(tmp_path: Any) -> None:
    source = (EXERCISES / "fragen-mini.toml").read_text()
    broken = tmp_path / "fragen-mini.toml"
    broken.write_text(source.replace("max_notes = 3", "max_notes = 0"))
    with pytest.raises(CatalogError) as caught:
        load_file(broken, KINDS)
    assert str(caught.value).startswith(
        "fragen-mini.toml: steps[1].max_notes: must be an integer from 1 to 100"
    )


def test_upvotes_count_people_once_per_shown_question() -> None:
    parents = {1: None, 2: 1, 3: None}  # 2 is a duplicate merged into 1
    rows = [(1, 10), (2, 10), (2, 11), (3, 12), (3, None)]
    assert rules.upvotes(rows, parents) == {1: 2, 3: 1}


def test_order_answering_first_then_open_by_upvotes_then_answered() -> None:
    questions = [(1, "open"), (2, "answered"), (3, "open"), (4, "answering"), (5, "open")]
    votes = {1: 1, 2: 9, 3: 4, 5: 4}
    # 3 and 5 tie: the older (3) first; answered last whatever its upvotes
    assert rules.question_order(questions, votes) == [4, 3, 5, 1, 2]


def test_order_without_released_counts_is_oldest_first() -> None:
    questions = [(1, "open"), (2, "answered"), (3, "open")]
    assert rules.question_order(questions, None) == [1, 3, 2]
