"""The `matrix2x2` kind on plain values: medians per axis (never means), quadrants, the gate per
item; settings name file and key; the report section draws the 2x2 and a table of what the
gate released."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from facilitator import disclosure
from facilitator.catalog import CatalogError
from facilitator.catalog.loader import load_file
from facilitator.kinds.item_values import gated_values
from facilitator.kinds.matrix2x2 import (
    AXES,
    AxisFigure,
    Matrix2x2,
    Placement,
    X,
    Y,
    axis_figure,
    live_results,
    matrix2x2_section,
    median,
    placement,
    quadrant,
)
from facilitator.reports import blocks as b
from facilitator.reports.inputs import ItemInput, ReportInput, StepInput
from facilitator.rules.assessment import AnswerCount
from tests.unit.test_report_build import make_input

GATE = disclosure.Gate(5, ("Beschäftigte", "Führungskräfte", "Betriebsrat"))


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], None), ([3], 3.0), ([1, 5, 2], 2.0), ([1, 2, 4, 5], 3.0), ([2, 3], 2.5)],
)
def test_median_of_an_even_number_lies_between_the_middle_values(
    values: list[int], expected: float | None
) -> None:
    assert median(values) == expected


def test_an_axis_figure_has_median_and_range() -> None:
    assert axis_figure([4, 1, 5, 5]) == AxisFigure(n=4, median=4.5, low=1, high=5)
    assert axis_figure([]) is None


@pytest.mark.parametrize(
    ("x", "y", "points", "expected"),
    [
        (1.0, 5.0, 5, "top_left"),
        (4.5, 4.0, 5, "top_right"),
        (2.0, 1.5, 5, "bottom_left"),
        (5.0, 2.0, 5, "bottom_right"),
        (3.0, 4.0, 5, None),  # on the vertical middle line
        (4.0, 3.0, 5, None),
        (2.0, 3.0, 4, "top_left"),  # 4 points: the middle is 2.5
        (2.5, 3.0, 4, None),
    ],
)
def test_quadrant_of_a_point(x: float, y: float, points: int, expected: str | None) -> None:
    assert quadrant(x, y, points) == expected


def test_a_placement_needs_both_axes_for_a_quadrant() -> None:
    assert placement({X: (4, 5, 5)}).quadrant(5) is None
    assert placement({X: (4, 5, 5), Y: (1, 2)}) == Placement(
        AxisFigure(3, 5.0, 4, 5), AxisFigure(2, 1.5, 1, 2)
    )
    assert placement({X: (4, 5, 5), Y: (1, 2)}).quadrant(5) == "bottom_right"


# --- the gate ------------------------------------------------------------------------------


def _counts(item: int, given: list[tuple[str, str, int, int]]) -> list[AnswerCount]:
    return [AnswerCount(item, axis, value, group, n) for group, axis, value, n in given]


def test_live_results_per_item_with_the_gate() -> None:
    counts = _counts(
        1,
        [
            ("Beschäftigte", X, 4, 5),
            ("Beschäftigte", Y, 2, 5),
            ("Führungskräfte", X, 2, 5),
            ("Führungskräfte", Y, 5, 4),
        ],
    )
    counts += _counts(2, [("Beschäftigte", X, 1, 3), ("Beschäftigte", Y, 1, 3)])
    respondents = {(1, "Beschäftigte"): 5, (1, "Führungskräfte"): 5, (2, "Beschäftigte"): 3}
    values = gated_values([1, 2], counts, respondents, GATE, AXES)
    rows = live_results([1, 2], values, 5, with_groups=True)
    first = rows[0]["result"]
    assert rows[0]["number"] == 1
    assert first["n"] == 10
    assert first["x"] == {"n": 10, "median": 3.0, "low": 2, "high": 4}
    assert first["y"] == {"n": 9, "median": 2.0, "low": 2, "high": 5}
    assert first["quadrant"] is None  # x on the middle line
    assert [(g["name"], g["x"]["median"], g["y"]["median"]) for g in first["groups"]] == [
        ("Beschäftigte", 4.0, 2.0),
        ("Führungskräfte", 2.0, 5.0),
    ]
    assert first["groups"][0]["quadrant"] == "bottom_right"
    assert rows[1]["result"] == {"too_few": True, "k": 5, "groups": [], "withheld": "too_few"}
    assert "groups" not in live_results([1, 2], values, 5, with_groups=False)[0]["result"]


# --- settings ------------------------------------------------------------------------------

AXES_TOML = (
    'x_axis = { title = { de = "Aufwand", en = "Effort" } }\n'
    'y_axis = { title = { de = "Nutzen", en = "Benefit" }, low = { de = "klein", en = "small" },'
    ' high = { de = "groß", en = "large" } }\n'
)
QUADRANTS_TOML = (
    "quadrants = { "
    + ", ".join(
        f'{name} = {{ de = "{de}", en = "{en}" }}'
        for name, de, en in (
            ("top_left", "Schnell umsetzen", "Quick wins"),
            ("top_right", "Planen", "Plan"),
            ("bottom_left", "Nebenbei", "On the side"),
            ("bottom_right", "Lassen", "Drop"),
        )
    )
    + " }\n"
)
ITEMS_TOML = 'items = [{ key = "a", text = { de = "Chatbot", en = "Chatbot" } }]\n'


def _template(tmp_path: Path, step: str) -> Path:
    path = tmp_path / "t.toml"
    path.write_text(
        'format_version = 1\nslug = "t"\nduration_minutes = 30\n'
        'title = { de = "T", en = "T" }\nsummary = { de = "S", en = "S" }\n'
        '[[steps]]\nkey = "m"\ntitle = { de = "M", en = "M" }\n'
        'prompt = { de = "P", en = "P" }\nkind = "matrix2x2"\n' + step,
        encoding="utf-8",
    )
    return path


KINDS = {"matrix2x2": Matrix2x2()}


def test_settings_parse_with_defaults(tmp_path: Path) -> None:
    template = load_file(_template(tmp_path, ITEMS_TOML + AXES_TOML + QUADRANTS_TOML), KINDS)
    settings = template.steps[0].settings
    assert settings["points"] == 5
    assert settings["results_visible"] is False
    assert settings["x_axis"] == {
        "title": {"de": "Aufwand", "en": "Effort"},
        "low": {"de": "gering", "en": "low"},
        "high": {"de": "hoch", "en": "high"},
    }
    assert settings["y_axis"]["high"] == {"de": "groß", "en": "large"}
    assert settings["quadrants"]["top_left"] == {"de": "Schnell umsetzen", "en": "Quick wins"}
    items = Matrix2x2().template_items(SimpleNamespace(settings=settings))  # type: ignore[arg-type]
    assert [item["text"] for item in items] == [{"de": "Chatbot", "en": "Chatbot"}]
    assert Matrix2x2().dimensions(settings) == {X: 5, Y: 5}


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (AXES_TOML + QUADRANTS_TOML, r"t.toml: steps\[0\].items: missing"),
        (ITEMS_TOML + QUADRANTS_TOML, r"steps\[0\].x_axis: missing"),
        (ITEMS_TOML + AXES_TOML, r"steps\[0\].quadrants: missing"),
        (
            ITEMS_TOML + AXES_TOML + QUADRANTS_TOML + "points = 12\n",
            r"steps\[0\].points: must be an integer from 3 to 9",
        ),
        (
            ITEMS_TOML
            + AXES_TOML.replace('title = { de = "Aufwand", en = "Effort" }', "name = 1")
            + QUADRANTS_TOML,
            r"steps\[0\].x_axis.name: unknown key",
        ),
        (
            ITEMS_TOML + AXES_TOML + QUADRANTS_TOML.replace("top_right", "top"),
            r"steps\[0\].quadrants.top: unknown key",
        ),
        (
            ITEMS_TOML + AXES_TOML + 'quadrants = { top_left = { de = "A", en = "A" } }\n',
            r"steps\[0\].quadrants.top_right: missing",
        ),
        (
            "items = ["
            + ", ".join(f'{{ key = "i{i}", text = {{ de = "I", en = "I" }} }}' for i in range(13))
            + "]\n"
            + AXES_TOML
            + QUADRANTS_TOML,
            r"steps\[0\].items: must be a list of 1 to 12 tables",
        ),
    ],
)
def test_broken_settings_name_file_and_key(tmp_path: Path, step: str, message: str) -> None:
    with pytest.raises(CatalogError, match=message):
        load_file(_template(tmp_path, step), KINDS)


# --- the report section --------------------------------------------------------------------

SETTINGS = {
    "items": [],
    "points": 5,
    "x_axis": {
        "title": {"de": "Aufwand", "en": "Effort"},
        "low": {"de": "gering", "en": "low"},
        "high": {"de": "hoch", "en": "high"},
    },
    "y_axis": {
        "title": {"de": "Nutzen", "en": "Benefit"},
        "low": {"de": "gering", "en": "low"},
        "high": {"de": "hoch", "en": "high"},
    },
    "quadrants": {
        "top_left": {"de": "Schnell umsetzen", "en": "Quick wins"},
        "top_right": {"de": "Planen", "en": "Plan"},
        "bottom_left": {"de": "Nebenbei", "en": "On the side"},
        "bottom_right": {"de": "Lassen", "en": "Drop"},
    },
    "results_visible": True,
}
STEP = StepInput(
    4,
    "matrix2x2",
    "feld",
    {"de": "Einordnen", "en": "Place"},
    {"de": "P", "en": "P"},
    SETTINGS,
    breakdown="released",
)
ITEMS = (
    ItemInput(31, "feld", "template", None, None, {"de": "Chatbot", "en": "Chatbot"}, True),
    ItemInput(32, "feld", "template", None, None, {"de": "Dienstplan", "en": "Rota"}, True),
    ItemInput(33, "feld", "template", None, None, {"de": "Archiv", "en": "Archive"}, True),
)


def _input(people: dict[str, int]) -> ReportInput:
    """Six employees and `people` managers; the chatbot: low effort, high benefit from the
    employees, high effort from the managers; the rota: everyone 4 x 4; the archive: two."""
    counts = _counts(31, [("Beschäftigte", X, 1, 6), ("Beschäftigte", Y, 5, 6)])
    counts += _counts(31, [(g, X, 5, n) for g, n in people.items()])
    counts += _counts(31, [(g, Y, 4, n) for g, n in people.items()])
    counts += _counts(32, [("Beschäftigte", X, 4, 6), ("Beschäftigte", Y, 4, 6)])
    counts += _counts(33, [("Beschäftigte", X, 2, 2), ("Beschäftigte", Y, 2, 2)])
    respondents = {(31, "Beschäftigte"): 6, (32, "Beschäftigte"): 6, (33, "Beschäftigte"): 2}
    respondents |= {(31, g): n for g, n in people.items()}
    return make_input(
        steps=(STEP,),
        items=ITEMS,
        answers={"feld": tuple(counts)},
        respondents=respondents,
        people={"feld": {"Beschäftigte": 6, **people}},
    )


def test_report_section_draws_the_medians_in_the_quadrants() -> None:
    inp = _input({"Führungskräfte": 3})
    section = matrix2x2_section(inp, STEP, GATE)
    assert [block.type for block in section.blocks] == ["text", "quadrant", "table"]
    chart = section.blocks[1]
    assert isinstance(chart, b.QuadrantBlock)
    assert (chart.x_label, chart.y_label, chart.points) == ("Aufwand", "Nutzen", 5)
    assert chart.quadrants == ("Schnell umsetzen", "Planen", "Nebenbei", "Lassen")
    # the chatbot: x = 1 x6, 5 x3 → median 1; y = 5 x6, 4 x3 → 5; the archive: too few
    assert chart.items == (
        b.QuadrantPoint(1, "Chatbot", 1.0, 5.0),
        b.QuadrantPoint(2, "Dienstplan", 4.0, 4.0),
    )
    table = section.blocks[2]
    assert isinstance(table, b.TableBlock)
    assert table.header == (
        "No.",
        "Placed item",
        "Aufwand: median (from–to)",
        "Nutzen: median (from–to)",
        "Quadrant",
        "Answers",
    )  # three managers: too few for a column of their own or a pool
    assert table.rows[0] == (1, "Chatbot", "1.0 (1–5)", "5.0 (4–5)", "Schnell umsetzen", 9)
    assert table.rows[1][4] == "Planen"
    assert "Archiv" in section.withheld[0]
    assert any("median" in line for line in Matrix2x2().method_notes(inp))


def test_groups_where_every_released_item_shows_them() -> None:
    section = matrix2x2_section(_input({"Führungskräfte": 5}), STEP, GATE)
    table = section.blocks[-1]
    assert isinstance(table, b.TableBlock)
    # the rota has no managers: it does not hold back the managers' column of the chatbot
    assert table.header[6:] == ("Medians: Beschäftigte", "Medians: Führungskräfte")
    assert table.rows[0][6:] == ("1.0 / 5.0", "5.0 / 4.0")
    assert table.rows[1][6:] == ("4.0 / 4.0", "–")


def test_nothing_to_draw_when_everything_is_withheld() -> None:
    section = matrix2x2_section(_input({}), STEP, disclosure.Gate(7, GATE.order))
    assert [block.type for block in section.blocks] == ["text", "table"]
