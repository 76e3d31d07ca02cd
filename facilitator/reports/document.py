"""The report as a document to file: when and where the workshop was really held, the software
that made it, the legal basis, the review date and the AI-literacy record's topics.

`complete` adds these facts to a built `ReportData`; it is pure (no database) and leaves the
step sections, and with them every figure the anonymity rules let through, as they are.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from importlib import metadata

from flask_babel import gettext as _

from ..catalog import localize
from .build import build_report
from .data import ReportData
from .inputs import ReportInput
from .legal import legal_basis, review_due

# A workshop closed this long after its last activity was left open (or closed as abandoned):
# its end is the last activity, not the close.
IDLE_CLOSE = timedelta(hours=12)


def software() -> str:
    """What made the file: the application and its version, printed on every page."""
    try:
        version = metadata.version("facilitator")
    except metadata.PackageNotFoundError:  # running from a source tree without installing
        version = "dev"
    return f"Facilitator {version}"


def held_period(inp: ReportInput) -> tuple[datetime | None, datetime | None]:
    """From the first time input was opened (or a phone joined an open step) to the close, or to
    the last activity while live or when the close came long after it.

    A workshop is often prepared days ahead, so its creation is not when it was held."""
    start = inp.input_opened_at
    end = inp.closed_at
    last = inp.last_activity_at
    if end is None or (last is not None and end - last > IDLE_CLOSE):
        end = last
    if start is None:
        return None, inp.closed_at
    if end is None or end < start:
        end = start
    return start, end


def literacy_topics(inp: ReportInput, report: ReportData) -> tuple[tuple[str, ...], bool]:
    """The learning objectives the template declares, in the workshop's language; without
    them the step titles, as before."""
    objectives = tuple(
        text for text in (localize(o, inp.language) for o in inp.learning_objectives) if text
    )
    return (objectives, True) if objectives else (report.literacy_topics, False)


def complete(report: ReportData, inp: ReportInput) -> ReportData:
    """Add the document's facts to a built report."""
    start, end = held_period(inp)
    minutes = round((end - start).total_seconds() / 60) if start and end else 0
    facts = replace(
        report.facts,
        place=inp.place,
        held_from=start,
        held_until=end,
        duration_minutes=minutes,
        software=software(),
    )
    topics, from_objectives = literacy_topics(inp, report)
    notes = report.method_notes
    if start is not None:
        notes = (
            *notes,
            _(
                "The workshop counts as held from the first time participants could give input "
                "(or the first joined) until it was closed, or until the last activity while it "
                "is still running."
            ),
        )
    completed = replace(
        report,
        facts=facts,
        literacy_topics=topics,
        literacy_from_objectives=from_objectives,
        legal_basis=legal_basis(report.risk_assessment),
        method_notes=notes,
    )
    return replace(
        completed, review_due=review_due(completed), approval_roles=approval_roles(completed)
    )


def report_of(inp: ReportInput, now: datetime) -> ReportData:
    """The whole report: built from the loaded input, then completed as a document."""
    return complete(build_report(inp, now), inp)


def event_date(report: ReportData) -> datetime:
    """The date the report names: when the workshop was held, else when it was created."""
    return report.facts.held_from or report.facts.created_at


def is_risk_assessment(report: ReportData) -> bool:
    return report.risk_assessment


def approval_roles(report: ReportData) -> tuple[str, ...]:
    """Who signs: employer and works council; for a risk assessment also the occupational
    safety specialist and the company doctor, who advise on it (§§ 3, 6 ASiG)."""
    roles = [_("Employer"), _("Works council")]
    if is_risk_assessment(report):
        roles += [_("Occupational safety specialist"), _("Company doctor")]
    return tuple(roles)
