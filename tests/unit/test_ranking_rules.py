"""The `rank_order` kind on plain values: mean rank, Borda points and spread; a submitted order
must be a whole permutation; the gate decides per option; settings name file and key; the
report section shows only what the gate released."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from flask_babel import force_locale

from facilitator import disclosure
from facilitator.catalog import CatalogError
from facilitator.catalog.loader import load_file
from facilitator.kinds.item_values import gated_values
from facilitator.kinds.notes import Info
from facilitator.kinds.ranking import (
    RANK,
    Ranking,
    RankOrderForm,
    live_results,
    parse_order,
    places_of,
    rank_figure,
    ranked,
    ranking_section,
)
from facilitator.reports import blocks as b
from facilitator.reports.inputs import ItemInput, StepInput
from facilitator.rules.assessment import AnswerCount, Spread
from tests.unit.test_report_build import make_input

GATE = disclosure.Gate(5, ("Beschäftigte", "Führungskräfte", "Betriebsrat"))
OPTIONS = [
    {"key": "schulung", "text": {"de": "Schulung", "en": "Training"}},
    {"key": "regeln", "text": {"de": "Regeln", "en": "Rules"}},
    {"key": "pilot", "text": {"de": "Pilot", "en": "Pilot"}},
]


# --- figures -------------------------------------------------------------------------------


def test_mean_rank_borda_and_spread_of_one_option() -> None:
    figure = rank_figure([1, 1, 2, 3, 1], options=3)
    assert figure.places == (3, 1, 1)
    assert figure.n == 5
    assert figure.mean == pytest.approx(8 / 5)
    assert figure.borda == 2 + 2 + 1 + 0 + 2  # options - place, the last place none
    assert figure.spread == Spread(low=1, q1=1, median=1, q3=2, high=3)


def test_borda_and_mean_rank_say_the_same() -> None:
    ranks = [2, 3, 1, 2, 2, 4]
    figure = rank_figure(ranks, options=4)
    assert figure.mean is not None
    assert figure.borda == pytest.approx(figure.n * (4 - figure.mean))


def test_no_places_no_mean() -> None:
    figure = rank_figure([], options=4)
    assert (figure.n, figure.mean, figure.borda, figure.spread) == (0, None, 0, None)


def test_a_place_beyond_the_options_counts_as_last_without_points() -> None:
    """An option switched off after people ranked: a place 4 of 3 options."""
    figure = rank_figure([4, 1], options=3)
    assert figure.places == (1, 0, 1)
    assert figure.borda == 2
    assert figure.mean == 2.5


def test_options_ordered_by_mean_rank_then_borda_then_first_places() -> None:
    figures = {
        10: rank_figure([2, 2, 2, 2], 3),  # mean 2.0, no first place
        11: rank_figure([1, 3, 1, 3], 3),  # mean 2.0, two first places
        12: rank_figure([1, 1, 1, 2], 3),  # mean 1.25
        13: None,  # withheld
    }
    assert ranked(figures, [13, 10, 11, 12]) == [12, 11, 10, 13]


def test_ties_keep_the_steps_order() -> None:
    figures = {1: rank_figure([1, 2], 2), 2: rank_figure([2, 1], 2)}
    assert ranked(figures, [2, 1]) == [2, 1]


# --- a submitted order ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "places"),
    [
        ([7, 5, 6], {7: 1, 5: 2, 6: 3}),
        ([5, 6], None),  # one missing: a ranking is saved whole or not at all
        ([5, 6, 6], None),  # one twice
        ([5, 6, 8], None),  # not an option of this step
        ([5, 6, 7, 7], None),
    ],
)
def test_an_order_must_name_every_option_once(
    order: list[int], places: dict[int, int] | None
) -> None:
    assert places_of(order, [5, 6, 7]) == places


def test_the_phone_sends_the_order_as_ids_with_commas() -> None:
    assert parse_order("12,15,13") == [12, 15, 13]


@pytest.mark.parametrize(
    ("order", "valid"),
    [
        ("12,15,13", True),
        ("1,2,3,4,5,6,7,8,9,10", True),
        ("12", False),  # one option is no ranking
        ("1,2,3,4,5,6,7,8,9,10,11", False),  # at most ten
        ("12,,13", False),
        ("12, 13", False),
        ("0,1", False),
        ("a,b", False),
        ("", False),
    ],
)
def test_the_form_takes_two_to_ten_ids(app: Flask, order: str, valid: bool) -> None:
    with app.test_request_context(), force_locale("de"):
        form = RankOrderForm.from_payload({"step_id": 3, "order": order, "key": "k" * 12})
        assert form.validate() is valid
        if not valid:
            assert form.errors == {"order": ["Bitte bringen Sie die Optionen in eine Reihenfolge."]}


# --- the gate ------------------------------------------------------------------------------


def _counts(item: int, places: dict[tuple[str, int], int]) -> list[AnswerCount]:
    return [AnswerCount(item, RANK, place, group, n) for (group, place), n in places.items()]


def test_the_gate_decides_per_option_from_the_people_who_ranked_it() -> None:
    counts = _counts(1, {("Beschäftigte", 1): 4, ("Führungskräfte", 2): 1})
    counts += _counts(2, {("Beschäftigte", 2): 4, ("Führungskräfte", 1): 1})
    respondents = {(1, "Beschäftigte"): 4, (1, "Führungskräfte"): 1}
    respondents |= {(2, "Beschäftigte"): 4, (2, "Führungskräfte"): 1}
    values = gated_values([1, 2], counts, respondents, GATE, (RANK,))
    assert values[1].total == {RANK: (1, 1, 1, 1, 2)}
    assert values[1].columns == ()  # one manager: pooled with the employees, one column
    small = {(1, "Beschäftigte"): 3, (1, "Führungskräfte"): 1}
    withheld = gated_values([1], counts[:2], small, GATE, (RANK,))[1]
    assert withheld.total is None
    assert withheld.people == 4


def test_live_results_best_first_with_too_few_said_plainly() -> None:
    counts = _counts(1, {("Beschäftigte", 2): 5, ("Führungskräfte", 1): 5})
    counts += _counts(2, {("Beschäftigte", 1): 5, ("Führungskräfte", 2): 5})
    respondents = {(i, g): 5 for i in (1, 2) for g in ("Beschäftigte", "Führungskräfte")}
    respondents[(3, "Beschäftigte")] = 2
    values = gated_values([1, 2, 3], counts, respondents, GATE, (RANK,))
    rows = live_results([1, 2, 3], values, 2, with_groups=True)
    assert [row["item_id"] for row in rows] == [1, 2, 3]  # tie: the step's order
    assert rows[0]["result"]["mean"] == 1.5
    assert rows[0]["result"]["borda"] == 5
    assert [g["name"] for g in rows[0]["result"]["groups"]] == ["Beschäftigte", "Führungskräfte"]
    assert rows[0]["result"]["groups"][0]["mean"] == 2.0
    assert rows[2] == {
        "item_id": 3,
        "rank": None,
        "result": {"too_few": True, "k": 5, "groups": [], "withheld": "too_few"},
    }
    phones = live_results([1, 2, 3], values, 2, with_groups=False)
    assert "groups" not in phones[0]["result"]


# --- settings ------------------------------------------------------------------------------


def _template(tmp_path: Path, step: str) -> Path:
    path = tmp_path / "t.toml"
    path.write_text(
        'format_version = 1\nslug = "t"\nduration_minutes = 30\n'
        'title = { de = "T", en = "T" }\nsummary = { de = "S", en = "S" }\n'
        '[[steps]]\nkey = "r"\ntitle = { de = "R", en = "R" }\n'
        'prompt = { de = "P", en = "P" }\n' + step,
        encoding="utf-8",
    )
    return path


KINDS = {"rank_order": Ranking(), "info": Info()}


def test_settings_parse_with_defaults(tmp_path: Path) -> None:
    options = ", ".join(
        f'{{ key = "{o["key"]}", text = {{ de = "{o["text"]["de"]}", en = "{o["text"]["en"]}" }} }}'
        for o in OPTIONS
    )
    template = load_file(
        _template(tmp_path, f'kind = "rank_order"\noptions = [{options}]\n'), KINDS
    )
    settings = template.steps[0].settings
    assert settings == {"options": OPTIONS, "results_visible": False}
    step = SimpleNamespace(settings=settings)
    assert [item["text"] for item in Ranking().template_items(step)] == [  # type: ignore[arg-type]
        o["text"] for o in OPTIONS
    ]
    assert Ranking().dimensions(settings) == {RANK: 3}


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ('kind = "rank_order"\n', r"t.toml: steps\[0\].options: missing"),
        (
            'kind = "rank_order"\noptions = [{ key = "a", text = { de = "A", en = "A" } }]\n',
            r"steps\[0\].options: must be a list of 2 to 10 tables",
        ),
        (
            'kind = "rank_order"\noptions = ['
            + ", ".join(f'{{ key = "o{i}", text = {{ de = "O", en = "O" }} }}' for i in range(11))
            + "]\n",
            r"steps\[0\].options: must be a list of 2 to 10 tables",
        ),
        (
            'kind = "rank_order"\noptions = [{ key = "a", text = { de = "A", en = "A" } }, '
            '{ key = "a", text = { de = "B", en = "B" } }]\n',
            r"steps\[0\].options\[1\].key: duplicate key 'a'",
        ),
        (
            'kind = "rank_order"\nshuffle = true\noptions = []\n',
            r"steps\[0\].shuffle: unknown key",
        ),
        (
            'kind = "rank_order"\noptions = [{ key = "a", text = { de = "A" } }, '
            '{ key = "b", text = { de = "B", en = "B" } }]\n',
            r"steps\[0\].options\[0\].text.en: missing or empty text",
        ),
    ],
)
def test_broken_settings_name_file_and_key(tmp_path: Path, step: str, message: str) -> None:
    with pytest.raises(CatalogError, match=message):
        load_file(_template(tmp_path, step), KINDS)


# --- the report section --------------------------------------------------------------------

STEP = StepInput(
    3,
    "rank_order",
    "prio",
    {"de": "Prioritäten", "en": "Priorities"},
    {"de": "Ordnen Sie", "en": "Order"},
    {"options": OPTIONS, "results_visible": True},
    breakdown="released",
)
ITEMS = tuple(
    ItemInput(20 + index, "prio", "template", None, None, option["text"], True)
    for index, option in enumerate(OPTIONS)
)
# nine people: six employees, three managers (pooled alone would be too few: total only)
ORDERS = [("Beschäftigte", (21, 20, 22))] * 4 + [("Beschäftigte", (20, 21, 22))] * 2
ORDERS += [("Führungskräfte", (22, 20, 21))] * 3


def _report_input(orders: list[tuple[str, tuple[int, ...]]]) -> object:
    counts: dict[tuple[int, int, str], int] = {}
    people: dict[str, int] = {}
    for group, order in orders:
        people[group] = people.get(group, 0) + 1
        for place, item in enumerate(order, start=1):
            counts[(item, place, group)] = counts.get((item, place, group), 0) + 1
    return make_input(
        steps=(STEP,),
        items=ITEMS,
        answers={
            "prio": tuple(
                AnswerCount(item, RANK, place, group, n)
                for (item, place, group), n in counts.items()
            )
        },
        respondents={(item.id, g): n for item in ITEMS for g, n in people.items()},
        people={"prio": people},
    )


def test_report_section_by_mean_rank_with_borda_bars_and_a_table() -> None:
    inp = _report_input(ORDERS)
    section = ranking_section(inp, STEP, GATE)  # type: ignore[arg-type]
    assert [block.type for block in section.blocks] == ["text", "text", "ranking", "table"]
    bars = section.blocks[2]
    assert isinstance(bars, b.RankingBlock)
    # Schulung: 2 x first, 7 x second → mean 16/9; Regeln: 4 x first, 2 x second,
    # 3 x third → 17/9; Pilot: 3 x first, 6 x third → 21/9
    assert [(bar.rank, bar.label, bar.value) for bar in bars.bars] == [
        (1, "Schulung", 2 * 2 + 7 * 1),
        (2, "Regeln", 4 * 2 + 2 * 1),
        (3, "Pilot", 3 * 2),
    ]
    table = section.blocks[3]
    assert isinstance(table, b.TableBlock)
    assert table.header[:7] == (
        "Rank",
        "Ranked option",
        "Mean rank",
        "Median (quartiles)",
        "Places from–to",
        "Borda points",
        "Answers",
    )
    assert len(table.header) == 7  # the managers are too few for a column, so no groups
    first = table.rows[0]
    assert first[:2] == (1, "Schulung")
    assert first[2].value == pytest.approx(16 / 9)  # type: ignore[union-attr]
    assert first[3:] == ("2 (2–2)", "1–2", 11, 9)
    assert table.rows[1][3:] == ("2 (1–3)", "1–3", 10, 9)
    assert section.highlights.top == ("Prioritäten: first “Schulung”",)
    assert section.withheld  # the managers: left out of the breakdown, said so
    assert any("Borda" in line for line in Ranking().method_notes(inp))  # type: ignore[arg-type]


def test_report_section_withholds_everything_below_k() -> None:
    section = ranking_section(_report_input(ORDERS[:4]), STEP, GATE)  # type: ignore[arg-type]
    assert [block.type for block in section.blocks] == ["text", "table"]
    table = section.blocks[1]
    assert isinstance(table, b.TableBlock)
    assert table.rows == ()
    assert "Too few answers" in section.withheld[0]
    assert "Regeln" in section.withheld[0]


def test_group_columns_only_where_every_option_releases_them() -> None:
    orders = ORDERS + [("Führungskräfte", (20, 21, 22))] * 2  # now five managers
    section = ranking_section(_report_input(orders), STEP, GATE)  # type: ignore[arg-type]
    table = section.blocks[-1]
    assert isinstance(table, b.TableBlock)
    assert table.header[7:] == ("Mean rank: Beschäftigte", "Mean rank: Führungskräfte")
    managers = [row[8].value for row in table.rows]  # type: ignore[union-attr]
    # Schulung, Regeln, Pilot for the managers: Schulung (3 x place 2 + 2 x place 1) / 5 …
    assert managers == [pytest.approx(1.6), pytest.approx(2.6), pytest.approx(1.8)]


def test_an_open_step_shows_totals_only() -> None:
    orders = ORDERS + [("Führungskräfte", (20, 21, 22))] * 2
    gate = disclosure.Gate(5, GATE.order, disclosure.Withheld.OPEN)
    section = ranking_section(_report_input(orders), STEP, gate)  # type: ignore[arg-type]
    table = section.blocks[-1]
    assert isinstance(table, b.TableBlock)
    assert len(table.header) == 7
    assert any("still open" in line for line in section.withheld)
