"""Pure rules of surveys, polls and quizzes: Likert distributions and means, dimension scores with
reversed items, Ist/Soll pairs, choice counts and correct answers.

Likert answers are summarised by their distribution and, as the questionnaires this tool ships
(T1, T3) are read, by their mean; a dimension's score is the mean of all its answers, reversed
items flipped. "Keine Angabe" is counted apart and never enters a mean. No Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# dimensions of an answer (see `StepKind.answer_dimensions`)
SCALE = "answer"
VARIANTS = ("v1", "v2")  # an item asked twice with two labels, e.g. Ist and Soll
CHOICE = "choice"  # single choice: the option's number
MAX_OPTIONS = 12
MULTI = tuple(f"c{n}" for n in range(1, MAX_OPTIONS + 1))  # multiple choice: one per option


def reverse(value: int, points: int) -> int:
    """A reversed item's answer on the normal direction (1 ↔ points)."""
    return points + 1 - value


@dataclass(frozen=True)
class ScaleResult:
    """One item's answers in one dimension: how many chose each point, and "keine Angabe".

    Answers are stored as point numbers 1 … points; the mean is on the numbers the labels
    carry, which start at `first` (e.g. an automation scale labelled 0 … 5 has `first` 0).
    """

    distribution: tuple[int, ...]  # count per point 1 … points
    no_answer: int
    first: int = 1  # the number the first point stands for

    @property
    def n(self) -> int:
        return sum(self.distribution)

    @property
    def mean(self) -> float | None:
        if not self.n:
            return None
        return sum((self.first + i) * c for i, c in enumerate(self.distribution)) / self.n


def scale_result(values: Iterable[int], points: int, first: int = 1) -> ScaleResult:
    """Answers 1 … points count on the scale; points + 1 is "keine Angabe". `first` is the
    number the first point's label stands for."""
    distribution = [0] * points
    no_answer = 0
    for value in values:
        if 1 <= value <= points:
            distribution[value - 1] += 1
        elif value == points + 1:
            no_answer += 1
    return ScaleResult(tuple(distribution), no_answer, first)


@dataclass(frozen=True)
class Score:
    mean: float | None
    n: int  # answers that entered the mean


def dimension_score(
    results: Sequence[tuple[ScaleResult, bool]], points: int, first: int = 1
) -> Score:
    """The mean of all answers to a dimension's items, reversed items flipped first, on the
    numbers the labels carry (starting at `first`)."""
    total = count = 0
    for result, reversed_item in results:
        for index, how_many in enumerate(result.distribution):
            value = index + 1
            total += (reverse(value, points) if reversed_item else value) * how_many
            count += how_many
    return Score(total / count + first - 1 if count else None, count)


@dataclass(frozen=True)
class ChoiceResult:
    counts: tuple[int, ...]  # per option
    respondents: int  # people who chose at least one option

    def share(self, index: int) -> float | None:
        return self.counts[index] / self.respondents if self.respondents else None


def choice_result(
    chosen: Mapping[str, Sequence[int]], options: int, respondents: int
) -> ChoiceResult:
    """Counts per option from single-choice values (`CHOICE`: option numbers) or multiple-choice
    marks (`c1` … `cN`: one value per person who ticked it)."""
    counts = [0] * options
    for value in chosen.get(CHOICE, ()):
        if 1 <= value <= options:
            counts[value - 1] += 1
    for index, dimension in enumerate(MULTI[:options]):
        counts[index] += len(chosen.get(dimension, ()))
    return ChoiceResult(tuple(counts), respondents)


def chose_right(selections: Iterable[frozenset[int]], correct: frozenset[int]) -> int:
    """How many people chose exactly the correct options (never who)."""
    return sum(1 for selection in selections if selection == correct)


# --- word clouds ---------------------------------------------------------------------------

PLURAL_ENDINGS = ("en", "es", "n", "s", "e")
PUNCTUATION = ".,;:!?\"'()[]-\u2013\u201e\u201c\u201d\u201a\u2018\u2019\u00ab\u00bb"


def fold_words(answers: Iterable[str]) -> list[tuple[str, int]]:
    """Count the words of short answers (one to three words each), case and simple plural
    variants folded: "Daten", "daten" and "Date" count as one; shown in the spelling used most.
    Most frequent first, ties alphabetically."""
    spellings: dict[str, dict[str, int]] = {}
    for answer in answers:
        for word in answer.split()[:3]:
            cleaned = word.strip(PUNCTUATION)
            if cleaned:
                spellings.setdefault(cleaned.lower(), {}).setdefault(cleaned, 0)
                spellings[cleaned.lower()][cleaned] += 1
    root: dict[str, str] = {}
    for lower in sorted(spellings, key=len):
        stem = next(
            (
                root[lower[: -len(ending)]]
                for ending in PLURAL_ENDINGS
                if lower.endswith(ending) and lower[: -len(ending)] in root
            ),
            lower,
        )
        root[lower] = stem
    groups: dict[str, dict[str, int]] = {}
    for lower, forms in spellings.items():
        group = groups.setdefault(root[lower], {})
        for form, count in forms.items():
            group[form] = group.get(form, 0) + count
    words = [
        (max(forms.items(), key=lambda item: (item[1], -len(item[0])))[0], sum(forms.values()))
        for forms in groups.values()
    ]
    return sorted(words, key=lambda item: (-item[1], item[0].lower()))


# --- weighted decisions --------------------------------------------------------------------

WEIGHT = "weight"  # points a participant puts on a criterion
MAX_DECISION_OPTIONS = 8
RATE = tuple(f"o{n}" for n in range(1, MAX_DECISION_OPTIONS + 1))  # an option's rating


def normalised_weights(points: Mapping[int, int]) -> dict[int, float]:
    """Each criterion's share of all points the room gave (0 for a criterion nobody chose)."""
    total = sum(points.values())
    return {criterion: (value / total if total else 0.0) for criterion, value in points.items()}


def weighted_score(weights: Mapping[int, float], ratings: Mapping[int, float]) -> float | None:
    """The sum of weight times rating over the criteria that were rated, divided by their
    weights (so a criterion nobody could rate does not pull an option down)."""
    rated = {c: r for c, r in ratings.items() if weights.get(c, 0.0) > 0}
    total = sum(weights[c] for c in rated)
    if not total:
        return None
    return sum(weights[c] * r for c, r in rated.items()) / total


@dataclass(frozen=True)
class FloatSpread:
    low: float
    median: float
    high: float


def float_spread(values: Sequence[float]) -> FloatSpread | None:
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    middle = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
    return FloatSpread(ordered[0], middle, ordered[-1])


@dataclass(frozen=True)
class OptionScore:
    option: int
    score: float | None  # with the room's weights and everyone's mean ratings
    spread: FloatSpread | None  # of each respondent's own score (same weights, own ratings)
    raters: int
    means: Mapping[int, float] = field(default_factory=dict)  # criterion → mean rating


@dataclass(frozen=True)
class Decision:
    weights: dict[int, float]  # criterion number → share of all points
    scores: list[OptionScore]  # per option number


def decide(
    weight_points: Mapping[int, int],
    people: Sequence[Mapping[tuple[int, int], int]],
    options: int,
) -> Decision:
    """The weighted decision: normalised criterion weights, and per option (1 … options) its
    weighted score and the spread of the respondents' own scores. `people` holds each
    respondent's ratings {(option, criterion): rating}, without who they are."""
    weights = normalised_weights(weight_points)
    scores = []
    for option in range(1, options + 1):
        sums: dict[int, list[int]] = {}
        own = []
        for ratings in people:
            mine = {c: r for (o, c), r in ratings.items() if o == option}
            for criterion, rating in mine.items():
                sums.setdefault(criterion, []).append(rating)
            personal = weighted_score(weights, mine)
            if personal is not None:
                own.append(personal)
        means = {c: sum(v) / len(v) for c, v in sums.items()}
        scores.append(
            OptionScore(option, weighted_score(weights, means), float_spread(own), len(own), means)
        )
    return Decision(weights, scores)
