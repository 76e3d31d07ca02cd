"""The risk assessment's pure rules: medians, spreads, lookup classes, traffic lights, checks,
disagreement and the per-group summary with the anonymity plan."""

from __future__ import annotations

import pytest

from facilitator import assessment as ar
from facilitator import disclosure
from facilitator.catalog import CatalogError
from facilitator.kinds.items import Risk

DEFAULT = ar.Matrix.from_settings(ar.default_matrix())


def test_median_of_an_even_count_is_the_higher_middle_value() -> None:
    assert ar.median([1, 2, 3]) == 2
    assert ar.median([3, 1, 4, 2]) == 3  # 2 and 3 in the middle: the cautious 3
    assert ar.median([2, 2]) == 2
    assert ar.median([]) is None


def test_spread() -> None:
    spread = ar.spread([1, 2, 2, 3, 4, 4, 4])
    assert spread == ar.Spread(low=1, q1=2, median=3, q3=4, high=4)
    assert ar.spread([3]) == ar.Spread(3, 3, 3, 3, 3)
    assert ar.spread([]) is None


def test_default_matrix_is_additive_with_three_classes() -> None:
    assert DEFAULT.figure(1, 1) == 1
    assert DEFAULT.figure(4, 4) == 7
    assert DEFAULT.figure(2, 3) == 4
    assert [DEFAULT.class_of(f).key for f in range(1, 8)] == [
        "gering",
        "gering",
        "signifikant",
        "signifikant",
        "hoch",
        "hoch",
        "hoch",
    ]
    assert DEFAULT.name["de"] == "Risikomatrix (angelehnt an Nohl)"


def test_a_custom_table_from_a_template() -> None:
    settings = Risk().parse_settings(
        {
            "hazards": [{"key": "h1", "text": {"de": "Lärm", "en": "Noise"}}],
            "matrix": {
                "likelihood": [{"de": "selten", "en": "rare"}, {"de": "oft", "en": "often"}],
                "severity": [
                    {"de": "leicht", "en": "slight"},
                    {"de": "mittel", "en": "medium"},
                    {"de": "schwer", "en": "severe"},
                ],
                "table": [[1, 2, 4], [2, 4, 6]],
                "classes": [
                    {"key": "klein", "label": {"de": "klein", "en": "small"}, "min": 1, "max": 2},
                    {"key": "gross", "label": {"de": "groß", "en": "large"}, "min": 3, "max": 6},
                ],
            },
        },
        "steps[1]",
        [],
    )
    matrix = ar.Matrix.from_settings(settings["matrix"])
    assert matrix.figure(2, 3) == 6
    assert matrix.class_of(matrix.figure(1, 2)).key == "klein"
    assert matrix.class_of(matrix.figure(2, 2)).key == "gross"
    assert settings["priority_from"] == "gross"  # the second class by default
    result = ar.matrix_result([1, 2, 2], [3, 3, 1], 3, matrix)
    assert (result.figure, result.risk_class.key if result.risk_class else None) == (6, "gross")


@pytest.mark.parametrize(
    ("matrix", "problem"),
    [
        ({"likelihood": [], "severity": [], "table": [], "classes": []}, "likelihood"),
        (
            {
                "likelihood": [{"de": "a", "en": "a"}, {"de": "b", "en": "b"}],
                "severity": [{"de": "a", "en": "a"}, {"de": "b", "en": "b"}],
                "table": [[1, 2], [2]],
                "classes": [],
            },
            "table[1]",
        ),
        (
            {
                "likelihood": [{"de": "a", "en": "a"}, {"de": "b", "en": "b"}],
                "severity": [{"de": "a", "en": "a"}, {"de": "b", "en": "b"}],
                "table": [[1, 2], [2, 9]],
                "classes": [
                    {"key": "a", "label": {"de": "a", "en": "a"}, "min": 1, "max": 2},
                    {"key": "b", "label": {"de": "b", "en": "b"}, "min": 4, "max": 9},
                ],
            },
            "without gaps",
        ),
    ],
)
def test_a_broken_matrix_names_the_key(matrix: dict[str, object], problem: str) -> None:
    hazards = [{"key": "h1", "text": {"de": "x", "en": "x"}}]
    with pytest.raises(CatalogError, match=r"steps\[2\]\.matrix") as error:
        Risk().parse_settings({"hazards": hazards, "matrix": matrix}, "steps[2]", [])
    assert problem in str(error.value)


def test_traffic_light_is_a_distribution() -> None:
    result = ar.light_result([ar.GREEN, ar.RED, ar.RED, ar.YELLOW])
    assert (result.green, result.yellow, result.red, result.n) == (1, 1, 2, 4)
    assert result.level == ar.RED  # median colour, for ordering only
    assert ar.is_prioritised_light(result)
    assert not ar.is_prioritised_light(ar.light_result([ar.GREEN, ar.GREEN, ar.YELLOW]))


def test_check_share_of_no_ignores_not_applicable() -> None:
    result = ar.check_result([ar.YES, ar.NO, ar.NO, ar.NOT_APPLICABLE, ar.NOT_APPLICABLE])
    assert (result.yes, result.no, result.not_applicable, result.answered) == (1, 2, 2, 5)
    assert result.no_share == pytest.approx(2 / 3)
    assert ar.suggested_as_hazard(result, 30)
    assert not ar.suggested_as_hazard(result, 70)
    assert ar.check_result([ar.NOT_APPLICABLE]).no_share is None
    assert not ar.suggested_as_hazard(ar.check_result([ar.YES] * 5), 1)


def test_disagreement_needs_two_groups_far_apart() -> None:
    assert ar.disagreement([6, 3], 2)
    assert not ar.disagreement([4, 3], 2)
    assert not ar.disagreement([7, None], 2)
    assert not ar.disagreement([], 1)


def test_priority_order_puts_unrated_last_and_keeps_ties_stable() -> None:
    levels = {10: (3, 4), 11: (None, 0), 12: (6, 2), 13: (3, 5), 14: (3, 5)}
    assert ar.priority_order(levels) == [12, 13, 14, 10, 11]


def counts(item: int, dim: str, group: str, *values: int) -> list[ar.AnswerCount]:
    return [ar.AnswerCount(item, dim, value, group, 1) for value in values]


def test_summary_per_group_with_pool_skips_and_disagreement() -> None:
    rules = ar.StepRules.from_settings(
        ar.RATED,
        {
            "mode": "matrix",
            "matrix": ar.default_matrix(),
            "priority_from": "signifikant",
            "disagreement_gap": 2,
        },
    )
    answers = [
        # employees rate hazard 1 high, management low; one employee skipped severity
        *counts(1, ar.LIKELIHOOD, "Beschäftigte", 4, 4, 3, 4, 4),
        *counts(1, ar.SEVERITY, "Beschäftigte", 4, 3, 4, 4),
        *counts(1, ar.LIKELIHOOD, "Führungskräfte", 1, 2, 1, 1, 1),
        *counts(1, ar.SEVERITY, "Führungskräfte", 1, 1, 2, 1, 1),
        *counts(1, ar.LIKELIHOOD, "Betriebsrat", 3, 3),
        *counts(1, ar.SEVERITY, "Betriebsrat", 3, 3),
    ]
    respondents = {(1, "Beschäftigte"): 5, (1, "Führungskräfte"): 5, (1, "Betriebsrat"): 2}
    gate = disclosure.Gate(5, ("Beschäftigte", "Führungskräfte", "Betriebsrat"))
    summary = ar.summarise(rules, [1, 2], answers, respondents, gate, "*")
    one = summary[1]
    assert one.total is not None
    assert one.total.n == 12
    assert one.total.matrix is not None
    assert one.total.matrix.likelihood is not None
    assert one.total.matrix.likelihood.median == 3
    # the works council (2) is too small; pooled alone it would be total minus the two shown
    # groups, so management joins the pool
    assert set(one.by_group) == {"Beschäftigte", "*"}
    assert one.release.pooled == ("Führungskräfte", "Betriebsrat")
    employees = one.by_group["Beschäftigte"].matrix
    others = one.by_group["*"].matrix
    assert employees is not None
    assert others is not None
    assert (employees.figure, others.figure) == (7, 1)
    assert one.by_group["*"].n == 7
    assert one.disagreement
    assert one.flagged  # median 3 and 3 give figure 5: "hoch"
    assert summary[2].total is None  # nobody rated it: nothing to show
    assert not summary[2].flagged
    assert not summary[2].disagreement


def test_summary_pools_small_groups_under_one_label() -> None:
    rules = ar.StepRules.from_settings(ar.CHECKED, {"min_no_percent": 50})
    answers = [
        *counts(5, ar.ANSWER, "A", ar.NO, ar.NO, ar.YES),
        *counts(5, ar.ANSWER, "B", ar.YES),
        *counts(5, ar.ANSWER, "C", ar.NO),
    ]
    respondents = {(5, "A"): 3, (5, "B"): 1, (5, "C"): 2}
    gate = disclosure.Gate(3, ("A", "B", "C"))
    summary = ar.summarise(rules, [5], answers, respondents, gate, "other")[5]
    assert summary.release.shown == ("A",)
    assert summary.by_group["other"].check == ar.CheckResult(yes=1, no=1, not_applicable=0)
    assert summary.by_group["other"].n == 3
    assert summary.total.check == ar.CheckResult(yes=2, no=3, not_applicable=0)
    assert summary.flagged
    assert not summary.disagreement  # only risk steps flag disagreement
