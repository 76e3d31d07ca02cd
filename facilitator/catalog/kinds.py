"""The registry of step kinds: code owns the mechanics, exercise files the content.

Every kind is listed here explicitly, family by family; adding a kind is one class in its
family's module, one line here, and its rendering and tests. Adding an exercise is a data file.
"""

from __future__ import annotations

from .assessment_kinds import Actions, Check, Risk
from .kind_base import StepKind, UnknownKind
from .note_kinds import Board, Canvas, DotVote, Info, QandA
from .survey_kinds import Poll, Quiz, Scale, Weighted

__all__ = ["KINDS", "StepKind", "UnknownKind", "get_kind"]

KINDS: dict[str, StepKind] = {
    kind.name: kind()
    for kind in (
        Info,
        Board,
        Canvas,
        DotVote,
        QandA,
        Check,
        Risk,
        Actions,
        Scale,
        Poll,
        Quiz,
        Weighted,
    )
}


def get_kind(name: str) -> StepKind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(name) from None
