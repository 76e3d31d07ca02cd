"""Surveys, polls and quizzes: distributions, means, dimension scores with reversed items,
Ist/Soll pairs, choice counts, counting right answers, and word folding."""

from __future__ import annotations

import pytest

from facilitator import assessment as ar
from facilitator import disclosure, surveys


def test_distribution_mean_and_no_answer() -> None:
    result = surveys.scale_result([1, 4, 4, 3, 5, 5], points=4)  # 5 is "keine Angabe"
    assert result.distribution == (1, 0, 1, 2)
    assert result.no_answer == 2
    assert result.n == 4
    assert result.mean == pytest.approx(3.0)
    assert surveys.scale_result([], 4).mean is None


def test_dimension_score_flips_reversed_items() -> None:
    normal = surveys.scale_result([4, 4], 4)
    reversed_item = surveys.scale_result([1, 2], 4)  # flipped: 4 and 3
    score = surveys.dimension_score([(normal, False), (reversed_item, True)], 4)
    assert score.mean == pytest.approx((4 + 4 + 4 + 3) / 4)
    assert score.n == 4
    assert surveys.dimension_score([], 4).mean is None


def test_means_are_on_the_numbers_the_labels_carry() -> None:
    # an automation scale labelled 0 … 5: points 1 … 6 stand for levels 0 … 5
    result = surveys.scale_result([1, 2, 6, 7], points=6, first=0)  # 7 is "keine Angabe"
    assert result.distribution == (1, 1, 0, 0, 0, 1)
    assert result.mean == pytest.approx((0 + 1 + 5) / 3)
    reversed_item = surveys.scale_result([6], 6, first=0)  # flipped: point 1, level 0
    score = surveys.dimension_score([(result, False), (reversed_item, True)], 6, first=0)
    assert score.mean == pytest.approx((0 + 1 + 5 + 0) / 4)


def test_a_scale_step_summarises_and_profiles_on_its_label_numbers() -> None:
    rules = ar.StepRules.from_settings(
        ar.SCALED, {"points": 6, "first_value": 0, "variants": [{"de": "Ist"}, {"de": "Soll"}]}
    )
    answers = [*counts(1, "v1", "A", 1, 1, 2), *counts(1, "v2", "A", 6, 6, 6)]
    summary = ar.summarise(rules, [1], answers, {(1, "A"): 3}, disclosure.Gate(3, ("A",)), "*")
    total = summary[1].total
    assert total is not None
    assert total.scale is not None
    assert total.scale["v1"].mean == pytest.approx(1 / 3)
    assert total.scale["v2"].mean == pytest.approx(5)
    profile = ar.dimension_profile(rules, [(1, "", False)], summary, "*")
    assert [row.total.mean for row in profile] == [pytest.approx(1 / 3), pytest.approx(5)]
    assert profile[0].by_group["A"].mean == pytest.approx(1 / 3)


def counts(item: int, dim: str, group: str, *values: int) -> list[ar.AnswerCount]:
    return [ar.AnswerCount(item, dim, value, group, 1) for value in values]


def test_ist_and_soll_are_two_dimensions_side_by_side() -> None:
    rules = ar.StepRules.from_settings(
        ar.SCALED, {"points": 3, "variants": [{"de": "Ist"}, {"de": "Soll"}]}
    )
    answers = [*counts(1, "v1", "A", 3, 3, 2), *counts(1, "v2", "A", 1, 2, 2)]
    summary = ar.summarise(rules, [1], answers, {(1, "A"): 3}, disclosure.Gate(3, ("A",)), "*")[1]
    assert summary.total is not None
    assert summary.total.scale is not None
    assert summary.total.scale["v1"].mean == pytest.approx(8 / 3)
    assert summary.total.scale["v2"].mean == pytest.approx(5 / 3)
    profile = ar.dimension_profile(rules, [(1, "", False)], {1: summary}, "*")
    assert [(row.variant, round(row.total.mean or 0, 2)) for row in profile] == [
        ("v1", 2.67),
        ("v2", 1.67),
    ]


def test_profile_per_dimension_and_group() -> None:
    rules = ar.StepRules.from_settings(ar.SCALED, {"points": 4})
    answers = [
        *counts(1, "answer", "A", 4, 4, 4),
        *counts(2, "answer", "A", 1, 1, 1),  # reversed: counts as 4
        *counts(1, "answer", "B", 2, 2, 2),
        *counts(3, "answer", "B", 3, 3, 3),
    ]
    respondents = {(1, "A"): 3, (2, "A"): 3, (1, "B"): 3, (3, "B"): 3}
    gate = disclosure.Gate(3, ("A", "B"))
    summaries = ar.summarise(rules, [1, 2, 3], answers, respondents, gate, "*")
    profile = ar.dimension_profile(
        rules, [(1, "daten", False), (2, "daten", True), (3, "kultur", False)], summaries, "*"
    )
    daten, kultur = profile
    assert (daten.dimension, kultur.dimension) == ("daten", "kultur")
    assert daten.by_group["A"].mean == pytest.approx(4.0)
    assert daten.by_group["B"].mean == pytest.approx(2.0)
    assert daten.total.mean == pytest.approx((12 + 12 + 6) / 9)
    assert "A" not in kultur.by_group  # nobody of A answered the item: no column


def test_choice_counts_single_and_multiple() -> None:
    single = surveys.choice_result({surveys.CHOICE: [1, 2, 2, 9]}, options=3, respondents=4)
    assert single.counts == (1, 2, 0)
    assert single.share(1) == pytest.approx(0.5)
    multiple = surveys.choice_result({"c1": [1, 1], "c3": [1]}, options=3, respondents=2)
    assert multiple.counts == (2, 0, 1)
    assert surveys.choice_result({}, 2, 0).share(0) is None


def test_chose_right_counts_exact_selections_only() -> None:
    selections = [frozenset({1, 3}), frozenset({1}), frozenset({1, 3}), frozenset({1, 2, 3})]
    assert surveys.chose_right(selections, frozenset({1, 3})) == 2
    assert surveys.chose_right([], frozenset({1})) == 0


def test_word_folding() -> None:
    words = surveys.fold_words(
        ["Daten", "daten!", "Datenschutz", "Roboter Roboters", "KI", "ki", "Kosten", "Kosten"]
    )
    assert words[0] == ("Daten", 2)
    assert ("Roboter", 2) in words
    assert ("KI", 2) in words or ("ki", 2) in words
    assert ("Kosten", 2) in words
    assert ("Datenschutz", 1) in words
    assert surveys.fold_words(["eins zwei drei vier"]) == [
        ("drei", 1),
        ("eins", 1),
        ("zwei", 1),
    ]


def test_weighted_decision() -> None:
    # the room put 3 points on criterion 1 and 1 on criterion 2: weights 0.75 and 0.25
    people = [
        {(1, 1): 5, (1, 2): 1, (2, 1): 2, (2, 2): 5},
        {(1, 1): 4, (1, 2): 2, (2, 1): 2},  # did not rate option 2 on criterion 2
    ]
    result = surveys.decide({1: 3, 2: 1}, people, options=2)
    assert result.weights == {1: 0.75, 2: 0.25}
    first, second = result.scores
    # option 1: criterion means 4.5 and 1.5 → 0.75 * 4.5 + 0.25 * 1.5 = 3.75
    assert first.score == pytest.approx(3.75)
    # own scores: 0.75 * 5 + 0.25 * 1 = 4.0 and 0.75 * 4 + 0.25 * 2 = 3.5
    assert first.spread == surveys.FloatSpread(3.5, 3.75, 4.0)
    assert first.raters == 2
    # option 2: means 2 and 5 → 2.75; the second person's own score only from criterion 1: 2
    assert second.score == pytest.approx(2.75)
    assert second.spread is not None
    assert (second.spread.low, second.spread.high) == (2.0, 2.75)
    empty = surveys.decide({1: 0, 2: 0}, [], options=1)
    assert empty.scores[0].score is None
