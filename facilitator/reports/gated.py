"""From the gate's releases to the report's group columns and its sentences about what was
withheld. Pure; every group- or item-level figure of the report passes `disclosure` first, and
this module only lays out what the gate let through."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from flask_babel import gettext as _

from .. import disclosure
from .data import GroupFigures

T = TypeVar("T")


def other_groups_label() -> str:
    return _("Other groups (merged)")


def figures(releases: Sequence[disclosure.Release], order: Sequence[str]) -> GroupFigures:
    """The columns of a step's group breakdown: every group some row shows, in the session's
    order, then the pool if some row has one."""
    shown = {g for r in releases for g in r.shown}
    pooled = {g for r in releases for g in r.pooled}
    withheld = {g for r in releases for g in r.withheld}
    ordered = [g for g in order if g in shown]
    return GroupFigures(
        columns=tuple(ordered) + ((other_groups_label(),) if pooled else ()),
        withheld=tuple(g for g in order if g in withheld),
        pooled=tuple(g for g in order if g in pooled),
    )


def cells(
    columns: GroupFigures,
    release: disclosure.Release,
    values: Mapping[str | None, T],
    withheld: Callable[[str], T],
) -> tuple[T, ...]:
    """One row's cells for the step's columns: the released value of each shown group and of
    the pool (key None), `withheld(label)` where this row does not release that column."""
    row = []
    for label in columns.columns:
        key: str | None = None if label == other_groups_label() else label
        released = release.pooled if key is None else (key in release.shown)
        row.append(values[key] if released and key in values else withheld(label))
    return tuple(row)


def sentences(
    releases: Sequence[disclosure.Release], texts: Sequence[str], threshold: int
) -> tuple[str, ...]:
    """What the gate withheld in a step, in plain words, for the report and its method notes.

    `texts` name the rows (statements, hazards, items) in the order of `releases`."""
    found: list[str] = []
    too_few = [text for r, text in zip(releases, texts, strict=True) if not r.total and r.people]
    if too_few:
        found.append(
            _(
                "Too few answers to show (fewer than %(k)s people): %(items)s.",
                k=threshold,
                items="; ".join(f"„{text}“" for text in too_few),
            )
        )
    reasons = {r.reason for r in releases if r.total and r.withheld}
    if disclosure.Withheld.OPEN in reasons:
        found.append(
            _(
                "Input was still open: figures by group are shown only once it is closed, so "
                "that two versions cannot be compared."
            )
        )
    if disclosure.Withheld.REOPENED in reasons:
        found.append(
            _(
                "The step was reopened after its figures by group had been shown: they stay "
                "withheld, so that the earlier and the later version cannot be compared."
            )
        )
    small = sorted(
        {g for r in releases for g in r.pooled}
        | {
            g
            for r in releases
            if r.total and r.reason is disclosure.Withheld.TOO_FEW
            for g in r.withheld
        }
    )
    if small:
        found.append(
            _(
                "By group, groups with fewer than %(k)s people answering were merged into "
                "“other groups” or left out, together with as many other groups as needed so "
                "that no total minus the shown groups reveals them: %(groups)s.",
                k=threshold,
                groups=", ".join(small),
            )
        )
    return tuple(found)
