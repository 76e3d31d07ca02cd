"""An item's answers as plain values, overall and per released group, through the gate. Pure
but for `step_values`, which reads a live step's counts for it.

The `ranking` and `matrix2x2` kinds summarise each item from the values people gave it (a
place, a position on an axis), not from fixed categories, so they need the values themselves
rather than `assessment.summarise`'s results. The gate decides exactly as for every other
item: the people behind an item's figure are those who answered that item (any dimension),
counted per group; a group's values appear only in a column the item's release shows (on its
own, or in the pool). Nothing here links a value to a person: the input is counts per item,
dimension, value and group.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from .. import disclosure
from ..live.content import StepContent
from ..queries.answer_data import answer_counts, gate_of
from ..queries.answer_data import respondents as item_respondents
from ..rules.assessment import by_item


class ValueCount(Protocol):
    """How many people of `group` gave `value` in `dimension` to an item (as
    `assessment.AnswerCount`)."""

    @property
    def item_id(self) -> int: ...
    @property
    def dimension(self) -> str: ...
    @property
    def value(self) -> int: ...
    @property
    def group(self) -> str: ...
    @property
    def count(self) -> int: ...


Values = dict[str, tuple[int, ...]]  # dimension → the values given, sorted


@dataclass(frozen=True)
class ItemValues:
    """One item's values as far as the gate releases them.

    `total` is None when fewer than k people answered the item; `columns` holds the released
    group columns in order (a group's name, None for the pool of small groups), each with its
    values and its people."""

    item_id: int
    total: Values | None
    people: int  # everyone behind the item (also when withheld: said as "too few")
    columns: tuple[tuple[str | None, Values, int], ...]
    release: disclosure.Release


def _values(counts: Iterable[ValueCount], dimensions: Sequence[str]) -> Values:
    found: dict[str, list[int]] = {dimension: [] for dimension in dimensions}
    for count in counts:
        if count.dimension in found:
            found[count.dimension].extend([count.value] * count.count)
    return {dimension: tuple(sorted(values)) for dimension, values in found.items()}


def gated_values(
    item_ids: Sequence[int],
    counts: Iterable[ValueCount],
    respondents: Mapping[tuple[int, str], int],
    gate: disclosure.Gate,
    dimensions: Sequence[str],
) -> dict[int, ItemValues]:
    """Each item's values in `dimensions`, overall and per released column.

    `respondents[(item_id, group)]` is how many people of a group answered the item at all:
    the people behind its figures, from whom the gate decides."""
    per_item, people = by_item(item_ids, counts, respondents)
    result = {}
    for item_id, item_counts in per_item.items():
        release = gate.release(people[item_id])
        columns = []
        for column in release.columns:
            members = release.members(column)
            columns.append(
                (
                    column,
                    _values((c for c in item_counts if c.group in members), dimensions),
                    sum(people[item_id].get(group, 0) for group in members),
                )
            )
        result[item_id] = ItemValues(
            item_id=item_id,
            total=_values(item_counts, dimensions) if release.total else None,
            people=release.people,
            columns=tuple(columns),
            release=release,
        )
    return result


def step_values(content: StepContent, dimensions: Sequence[str]) -> dict[int, ItemValues]:
    """The live step's asked (enabled) items with their values, through the step's gate: two
    counting queries, once per flush (`StepKind.load`)."""
    step = content.step
    return gated_values(
        [item.id for item in content.items if item.enabled],
        [count for _, count in answer_counts([step.id])],
        item_respondents([step.id]),
        gate_of(content.ws, step),
        dimensions,
    )
