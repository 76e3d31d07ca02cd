"""The method notes' record of moderation: per step, how many notes the facilitator approved,
hid, showed again, merged or unmerged, and when.

These are counts of the facilitator's actions on notes, not figures about people or groups, so
they do not pass the anonymity gate (`disclosure`): no one stands behind them but the
facilitator, and the log holds no note, text or author (`sessions/moderation_log.py`).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_date, format_time, get_timezone, ngettext
from flask_babel import gettext as _

from ..catalog import localize
from ..sessions.moderation_log import StepModeration
from .inputs import ReportInput


def _actions(counts: dict[str, int]) -> list[str]:
    """Each action with its count, in the order a note goes through them."""
    wording = {
        "approved": lambda n: ngettext("%(num)s note approved", "%(num)s notes approved", n),
        "hidden": lambda n: ngettext("%(num)s hidden", "%(num)s hidden", n),
        "unhidden": lambda n: ngettext("%(num)s shown again", "%(num)s shown again", n),
        "merged": lambda n: ngettext("%(num)s merged", "%(num)s merged", n),
        "unmerged": lambda n: ngettext("%(num)s merge undone", "%(num)s merges undone", n),
    }
    return [say(counts[action]) for action, say in wording.items() if counts.get(action)]


def _period(first: datetime, last: datetime) -> str:
    zone = str(get_timezone())
    if format_date(first) != format_date(last):
        return _(
            "between %(start)s and %(end)s, %(zone)s",
            start=f"{format_date(first)} {format_time(first, 'short')}",
            end=f"{format_date(last)} {format_time(last, 'short')}",
            zone=zone,
        )
    if format_time(first, "short") == format_time(last, "short"):
        return _("at %(time)s, %(zone)s", time=format_time(first, "short"), zone=zone)
    return _(
        "between %(start)s and %(end)s, %(zone)s",
        start=format_time(first, "short"),
        end=format_time(last, "short"),
        zone=zone,
    )


def step_sentence(title: str, moderation: StepModeration) -> list[str]:
    """The sentences for one step: what moderation did, and what still waited."""
    sentences = []
    actions = _actions(moderation.counts)
    if actions and moderation.first is not None and moderation.last is not None:
        sentences.append(
            _(
                "%(step)s – moderated: %(actions)s (%(period)s).",
                step=title,
                actions=", ".join(actions),
                period=_period(moderation.first, moderation.last),
            )
        )
    if moderation.pending:
        sentences.append(
            ngettext(
                "%(step)s: %(num)s note was still waiting for approval; it is not in this report.",
                "%(step)s: %(num)s notes were still waiting for approval; they are not in this "
                "report.",
                moderation.pending,
                step=title,
            )
        )
    return sentences


NONE = StepModeration()


def method_notes(inp: ReportInput) -> list[str]:
    """Every step's moderation sentences, in the order of the steps."""
    notes: list[str] = []
    if any(
        s.settings.get("moderated") or inp.moderation.get(s.key, NONE).counts.get("approved")
        for s in inp.steps
    ):
        notes.append(
            _(
                "In moderated steps, new notes appeared on the projector and the other phones "
                "only after the facilitator approved them. The moderation log counts the "
                "facilitator's actions on notes; it records neither which notes nor whose."
            )
        )
    for step in inp.steps:
        moderation = inp.moderation.get(step.key)
        if moderation is not None:
            notes += step_sentence(localize(step.title, inp.language), moderation)
    return notes
