"""The legal basis a report names, decided by whether the workshop was a risk assessment (its
kinds' builders say so: `ReportData.risk_assessment`), and the review date of a risk
assessment. Pure: plain texts in the session's language."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from flask_babel import gettext as _

if TYPE_CHECKING:
    from .data import ReportData

# A risk assessment is kept up to date (§ 3 (1) ArbSchG); without a change earlier, a year
# is the usual interval for reviewing it.
REVIEW_AFTER = timedelta(days=365)


def legal_basis(risk_assessment: bool) -> tuple[str, ...]:
    """The provisions a workshop serves, each with what it requires."""
    lines = []
    if risk_assessment:
        lines += [
            _(
                "§§ 5–6 ArbSchG: the employer assesses the hazards of work, including mental "
                "strain, and documents the result, the measures decided and their review."
            ),
            _(
                "§ 87 (1) no. 7 BetrVG: the works council co-determines rules on health "
                "protection, including how the risk assessment is done."
            ),
        ]
    lines += [
        _(
            "§ 90 BetrVG: the employer informs the works council in good time about planned "
            "technical systems, work processes and the use of AI, and consults it on their "
            "effects on the employees."
        ),
        _(
            "§ 87 (1) no. 6 BetrVG: introducing technical systems able to monitor the "
            "behaviour or performance of employees, which includes most AI systems, needs the "
            "works council's consent."
        ),
        _(
            "Art. 4 EU AI Act: providers and deployers of AI systems take measures to ensure "
            "a sufficient level of AI literacy of their staff; this workshop is recorded as "
            "such a measure."
        ),
    ]
    if risk_assessment:
        lines.append(
            _(
                "Art. 26 (7) EU AI Act, where the AI system assessed is a high-risk system "
                "(e.g. used for decisions on employment): before putting it into service at the "
                "workplace, the employer informs the workers' representatives and the affected "
                "workers."
            )
        )
    return tuple(lines)


def review_due(report: ReportData) -> date | None:
    """When a risk assessment is to be reviewed at the latest: a year after it was held."""
    if not report.risk_assessment:
        return None
    held = report.facts.held_from or report.facts.created_at
    return (held + REVIEW_AFTER).date()
