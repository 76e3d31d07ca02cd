"""The exercise template loader and the step kinds: good files parse, broken ones are named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from facilitator import kinds
from facilitator.catalog import (
    Catalog,
    CatalogError,
    UnknownTemplate,
    load_file,
    loader,
    localize,
)
from facilitator.catalog.spec import StepSpec
from facilitator.kinds import KINDS

DATA = Path(__file__).resolve().parents[1] / "data"


def test_mini_template_parses_with_defaults() -> None:
    template = load_file(DATA / "exercises" / "mini.toml", KINDS)
    assert template.slug == "mini"
    assert template.title == {"de": "Mini-Workshop", "en": "Mini workshop"}
    assert [step.kind for step in template.steps] == ["info", "board", "dot_vote"]
    info, board, vote = template.steps
    assert info.settings == {"link": None, "link_label": None, "results_visible": True}
    assert board.settings == {
        "columns": [
            {"key": "pro", "title": {"de": "Dafür", "en": "For"}},
            {"key": "contra", "title": {"de": "Dagegen", "en": "Against"}},
        ],
        "max_note_length": 280,
        "max_notes": 20,
        "results_visible": True,
        "view": "wall",
        "moderated": False,
    }
    assert vote.settings == {
        "source": "sammeln",
        "budget": 3,
        "max_per_note": 2,
        "columns": ["pro", "contra"],
        "results_visible": False,
    }
    assert json.loads(json.dumps(template.to_json()))["steps"][2]["settings"]["budget"] == 3


def test_learning_objectives_are_optional_and_copied_into_the_snapshot() -> None:
    mini = load_file(DATA / "exercises" / "mini.toml", KINDS)
    assert mini.learning_objectives[1] == {
        "de": "Die Teilnehmenden können die wichtigsten Gründe gewichten.",
        "en": "Participants can weigh the most important reasons.",
    }
    snapshot = json.loads(json.dumps(mini.to_json()))
    assert snapshot["learning_objectives"] == [dict(text) for text in mini.learning_objectives]
    without = load_file(DATA / "exercises" / "umfrage-mini.toml", KINDS)
    assert without.learning_objectives == ()
    assert without.to_json()["learning_objectives"] == []


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("Lernziel", "learning_objectives: must be a list of 2 to 4 texts"),
        ([{"de": "a", "en": "a"}] * 5, "learning_objectives: must be a list of 2 to 4 texts"),
        ([{"de": "a", "en": "a"}, "b"], r"learning_objectives\[1\]: must be a table"),
        ([{"de": "a", "en": " "}, {"de": "b", "en": "b"}], r"learning_objectives\[0\].en: missing"),
        (
            [{"de": "a" * 301, "en": "a"}, {"de": "b", "en": "b"}],
            r"learning_objectives\[0\].de: must be at most 300 characters",
        ),
    ],
)
def test_learning_objectives_refusals(value: Any, error: str) -> None:
    with pytest.raises(CatalogError, match=error):
        loader.learning_objectives(value)


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ("bad-syntax.toml", "bad-syntax.toml: not valid TOML"),
        ("unknown-version.toml", "unknown-version.toml: format_version: unknown version 7"),
        ("unknown-kind.toml", "unknown-kind.toml: steps[0].kind: unknown step kind 'whiteboard'"),
        ("unknown-key.toml", "unknown-key.toml: steps[0].colour: unknown key"),
        ("missing-english.toml", "missing-english.toml: steps[0].columns[0].title.en: missing"),
        ("duplicate-key.toml", "duplicate-key.toml: steps[1].key: duplicate step key 'sammeln'"),
        ("late-source.toml", "late-source.toml: steps[1].source: 'spaeter' is not an earlier"),
        ("slug-mismatch.toml", "slug-mismatch.toml: slug: must be kebab-case and equal"),
        (
            "budget-range.toml",
            "budget-range.toml: steps[1].budget: must be an integer from 1 to 20",
        ),
        (
            "objectives-one.toml",
            "objectives-one.toml: learning_objectives: must be a list of 2 to 4 texts",
        ),
        (
            "objectives-english.toml",
            "objectives-english.toml: learning_objectives[1].en: missing or empty text",
        ),
    ],
)
def test_broken_files_name_file_and_key(file: str, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        load_file(DATA / "exercises_broken" / file, KINDS)
    assert str(caught.value).startswith(message)


def test_broken_directory_fails_as_a_whole() -> None:
    with pytest.raises(CatalogError):
        Catalog.load(DATA / "exercises_broken", KINDS)


def test_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="not found"):
        Catalog.load(tmp_path / "nowhere", KINDS)


def test_catalog_lookup() -> None:
    catalog = Catalog.load(DATA / "exercises", KINDS)
    assert "mini" in catalog
    assert len(catalog) == 5
    assert catalog.get("mini").slug == "mini"
    assert sorted(t.slug for t in catalog.list()) == [
        "fragen-mini",
        "mini",
        "neue-arten",
        "risiko-mini",
        "umfrage-mini",
    ]
    with pytest.raises(UnknownTemplate):
        catalog.get("nope")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ({"de": "Hallo", "en": "Hello"}, "en", "Hello"),
        ({"de": "Hallo", "en": "Hello"}, "fr", "Hallo"),
        ({"en": "Hello"}, "de", "Hello"),
        (None, "de", ""),
    ],
)
def test_localize_falls_back_to_german(text: Any, lang: str, expected: str) -> None:
    assert localize(text, lang) == expected


BOARD = StepSpec(
    kind="board",
    key="sammeln",
    title={"de": "S", "en": "C"},
    prompt={"de": "S", "en": "C"},
    facilitator_notes=None,
    settings={"columns": [{"key": "pro", "title": {}}, {"key": "contra", "title": {}}]},
)
COLUMN = {"key": "a", "title": {"de": "A", "en": "A"}}


@pytest.mark.parametrize(
    ("kind", "raw", "error"),
    [
        ("info", {"link": "ftp://x"}, "steps[0].link: must start with https://"),
        ("info", {"link_label": {"de": "x"}}, "steps[0].link_label.en"),
        ("board", {}, "steps[0].columns: missing"),
        ("board", {"columns": []}, "steps[0].columns: must be a list of 1 to 6"),
        ("board", {"columns": [COLUMN, COLUMN]}, "steps[0].columns[1].key: duplicate"),
        ("board", {"columns": [{"key": "A B", "title": COLUMN["title"]}]}, "columns[0].key"),
        ("board", {"columns": [COLUMN], "max_note_length": 5}, "max_note_length: must be"),
        ("board", {"columns": [COLUMN], "results_visible": "yes"}, "results_visible: must be"),
        ("dot_vote", {}, "steps[0].source: missing"),
        ("dot_vote", {"source": "sammeln", "budget": 0}, "budget: must be an integer from 1"),
        ("dot_vote", {"source": "sammeln", "budget": 2, "max_per_note": 3}, "max_per_note"),
        ("dot_vote", {"source": "sammeln", "columns": ["x"]}, "columns[0]: no column 'x'"),
        ("dot_vote", {"source": "sammeln", "budget": True}, "budget: must be an integer"),
    ],
)
def test_kind_settings_refusals(kind: str, raw: dict[str, Any], error: str) -> None:
    with pytest.raises(CatalogError, match=error.replace("[", r"\[").replace("]", r"\]")):
        kinds.get_kind(kind).parse_settings(raw, "steps[0]", [BOARD])


def test_dot_vote_defaults_and_column_restriction() -> None:
    settings = kinds.get_kind("dot_vote").parse_settings(
        {"source": "sammeln", "budget": 5, "columns": ["contra"]}, "steps[1]", [BOARD]
    )
    assert settings == {
        "source": "sammeln",
        "budget": 5,
        "max_per_note": 5,
        "columns": ["contra"],
        "results_visible": False,
    }


def test_kind_registry() -> None:
    assert {"info", "board", "dot_vote"} <= set(kinds.KINDS)
    assert kinds.get_kind("board").accepts_notes
    assert kinds.get_kind("dot_vote").accepts_votes
    assert not kinds.get_kind("info").has_input
    with pytest.raises(kinds.UnknownKind):
        kinds.get_kind("nope")


TEXT = {"de": "x", "en": "x"}


@pytest.mark.parametrize(
    ("kind", "raw", "where"),
    [
        (
            "scale",
            {
                "items": [{"key": "a", "text": TEXT, "dimension": "nope"}],
                "dimensions": [{"key": "d", "title": TEXT}],
            },
            "steps[3].items[0].dimension",
        ),
        ("scale", {"points": 4, "items": [{"key": "a", "text": TEXT}]}, "steps[3].labels"),
        ("scale", {"items": [{"key": "a", "text": TEXT}], "variants": [TEXT]}, "steps[3].variants"),
        (
            "scale",  # labelled 0 … 2, but would be averaged on 1 … 3
            {
                "points": 3,
                "labels": [{"de": f"{n} Stufe", "en": f"{n} level"} for n in range(3)],
                "items": [{"key": "a", "text": TEXT}],
            },
            "steps[3].first_value",
        ),
        ("poll", {"options": [{"key": "a", "text": TEXT}]}, "steps[3].options"),
        (
            "poll",
            {"options": [{"key": "a", "text": TEXT}, {"key": "a", "text": TEXT}]},
            "steps[3].options[1].key",
        ),
        (
            "quiz",
            {"options": [{"key": "a", "text": TEXT}, {"key": "b", "text": TEXT}], "correct": ["c"]},
            "steps[3].correct",
        ),
        (
            "quiz",
            {
                "options": [{"key": "a", "text": TEXT}, {"key": "b", "text": TEXT}],
                "correct": ["a", "b"],
            },
            "steps[3].correct",
        ),
        (
            "canvas",
            {"fields": [{"key": "f", "title": TEXT}, {"key": "f", "title": TEXT}]},
            "steps[3].fields[1].key",
        ),
        (
            "canvas",
            {"fields": [{"key": "f", "title": TEXT, "width": 9}]},
            "steps[3].fields[0].width",
        ),
        (
            "weighted",
            {
                "criteria": [{"key": "a", "text": TEXT}, {"key": "b", "text": TEXT}],
                "options": [{"key": "x", "text": TEXT}, {"key": "y", "text": TEXT}],
                "budget": 50,
            },
            "steps[3].budget",
        ),
        ("board", {"columns": [{"key": "c", "title": TEXT}], "view": "cloud"}, "steps[3].view"),
        ("actions", {"source": "nowhere"}, "steps[3].source"),
        ("risk", {"mode": "traffic_light"}, "steps[3]"),
        (
            "risk",
            {"hazards": [{"key": "h", "text": TEXT}], "question": TEXT},
            "steps[3].question: only for mode",
        ),
        (
            "risk",
            {"mode": "traffic_light", "hazards": [{"key": "h", "text": TEXT}], "lights": [TEXT]},
            "steps[3].lights: must be a list of 3",
        ),
        (
            "risk",
            {"mode": "traffic_light", "hazards": [{"key": "h", "text": TEXT}], "question": "?"},
            "steps[3].question: must be a table",
        ),
    ],
)
def test_broken_settings_of_every_kind_name_the_key(
    kind: str, raw: dict[str, Any], where: str
) -> None:
    with pytest.raises(CatalogError) as error:
        kinds.get_kind(kind).parse_settings(raw, "steps[3]", [])
    assert str(error.value).startswith(where)


def test_a_dot_vote_may_count_on_a_canvas() -> None:
    canvas = StepSpec(
        "canvas",
        "leinwand",
        TEXT,
        TEXT,
        None,
        kinds.get_kind("canvas").parse_settings(
            {"fields": [{"key": "f", "title": TEXT}]}, "steps[0]", []
        ),
    )
    settings = kinds.get_kind("dot_vote").parse_settings(
        {"source": "leinwand"}, "steps[1]", [canvas]
    )
    assert settings["columns"] == ["f"]


def test_numbered_scale_labels_set_the_numbers_means_are_on() -> None:
    labels = [{"de": f"{n} Stufe", "en": f"{n} level"} for n in range(3)]
    settings = kinds.get_kind("scale").parse_settings(
        {"points": 3, "labels": labels, "first_value": 0, "items": [{"key": "a", "text": TEXT}]},
        "steps[0]",
        [],
    )
    assert settings["first_value"] == 0
    plain = kinds.get_kind("scale").parse_settings({"items": [{"key": "a", "text": TEXT}]}, "s", [])
    assert plain["first_value"] == 1


def test_the_automation_scale_is_averaged_on_its_levels_0_to_5() -> None:
    template = load_file(DATA.parents[1] / "exercises" / "wer-entscheidet.toml", KINDS)
    scale = next(s for s in template.steps if s.kind == "scale")
    assert scale.settings["first_value"] == 0


def test_a_traffic_light_has_its_own_question_and_labels() -> None:
    lights = [{"de": f"L{i}", "en": f"L{i}"} for i in range(3)]
    settings = kinds.get_kind("risk").parse_settings(
        {
            "mode": "traffic_light",
            "hazards": [{"key": "h", "text": TEXT}],
            "question": {"de": "Wirkt die Maßnahme?", "en": "Does the measure work?"},
            "lights": lights,
        },
        "steps[0]",
        [],
    )
    assert settings["question"]["de"] == "Wirkt die Maßnahme?"
    assert settings["lights"] == lights
    plain = kinds.get_kind("risk").parse_settings(
        {"mode": "traffic_light", "hazards": [{"key": "h", "text": TEXT}]}, "steps[0]", []
    )
    assert plain["question"] is None  # the phones ask the default hazard question
    assert plain["lights"] is None
