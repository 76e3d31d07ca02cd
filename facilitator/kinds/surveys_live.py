"""The live figures of surveys, polls, quizzes and weighted decisions: a scale's dimension
profile, how many chose a quiz's right answers, a decision's weighted scores (each through
the gate)."""

from __future__ import annotations

from typing import Any

from .. import assessment as ar
from .. import surveys
from ..live.content import StepContent
from ..sessions.assessment_data import POOL, decision_of, gate_of, selections, step_respondents


def profile(content: StepContent, *, with_groups: bool) -> list[dict[str, Any]]:
    """A scale's mean per dimension (and variant), by group for the control page."""
    step = content.step
    rows = ar.dimension_profile(
        ar.StepRules.from_settings(ar.SCALED, step.settings),
        [
            (
                item.id,
                (item.attributes or {}).get("dimension") or "",
                bool((item.attributes or {}).get("reversed")),
            )
            for item in content.items
            if item.enabled
        ],
        content.summaries,
        POOL,
    )
    return [
        {
            "dimension": row.dimension,
            "variant": row.variant,
            "mean": row.total.mean,
            "n": row.total.n,
            **(
                {
                    "groups": [
                        {"name": name, "mean": score.mean, "n": score.n}
                        for name, score in row.by_group.items()
                    ]
                }
                if with_groups
                else {}
            ),
        }
        for row in rows
    ]


def chose_right(content: StepContent) -> int | None:
    """How many chose exactly the right options; None while too few answered (gate)."""
    if not any(summary.total is not None for summary in content.summaries.values()):
        return None
    settings = content.step.settings
    correct = frozenset(
        index + 1
        for index, option in enumerate(settings["options"])
        if option["key"] in settings["correct"]
    )
    return surveys.chose_right(selections(content.step), correct)


def decision(content: StepContent) -> dict[str, Any]:
    """A weighted decision's weights and scores with their spread, or that too few answered
    (the gate on the step's figures as a whole)."""
    step = content.step
    people = step_respondents([step.id])[step.id]
    if not gate_of(content.ws, step).release(people).total:
        return {"too_few": True, "k": content.ws.anonymity_threshold}
    result = decision_of(step, content.items)
    return {
        "weights": [round(share, 4) for _, share in sorted(result.weights.items())],
        "options": [
            {
                "score": score.score,
                "low": score.spread.low if score.spread else None,
                "median": score.spread.median if score.spread else None,
                "high": score.spread.high if score.spread else None,
                "raters": score.raters,
            }
            for score in result.scores
        ],
    }
