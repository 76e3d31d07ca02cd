"""Step kinds: each kind is one object that owns its settings, its live views, the answers it
accepts and its report section; this module lists them all explicitly (no kind registers itself
by being imported).

One module per family holds its kinds (`notes`, `qa`, `items`, `surveys`); report builders are in
the family's `*_report` module. Adding a kind is one class in its family's module (or a module of
its own), one line here, its blocks and its tests. Adding an exercise is a data file.
The catalog knows no kinds: the app hands `KINDS` to `Catalog.load` to validate the settings.
"""

from __future__ import annotations

from collections.abc import Callable

from ..reports.inputs import ReportInput
from .base import StepKind, UnknownKind
from .items import Actions, Check, Risk
from .items_plan import method_notes as item_method_notes
from .matrix2x2 import Matrix2x2
from .matrix2x2 import method_notes as matrix2x2_method_notes
from .notes import Board, Canvas, DotVote, Info
from .notes_report import method_notes as note_method_notes
from .qa import QandA
from .qa_report import method_notes as qa_method_notes
from .ranking import Ranking
from .ranking import method_notes as ranking_method_notes
from .surveys import Poll, Quiz, Scale, Weighted

__all__ = [
    "ANSWER_DIMENSIONS",
    "KINDS",
    "KIND_SCRIPTS",
    "METHOD_NOTES",
    "StepKind",
    "UnknownKind",
    "get_kind",
]

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
        Ranking,
        Matrix2x2,
    )
}

# every dimension an answer may be given in, each once: what an answer's payload may name (the
# step's kind then decides whether its step takes it)
ANSWER_DIMENSIONS: tuple[str, ...] = tuple(
    dict.fromkeys(name for kind in KINDS.values() for name in kind.answer_dimensions)
)

# the kinds' own scripts, each once, for the live pages (`templates/sessions/_live_scripts.html`)
KIND_SCRIPTS: tuple[str, ...] = tuple(
    dict.fromkeys(script for kind in KINDS.values() for script in kind.scripts)
)


def get_kind(name: str) -> StepKind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(name) from None


# The method notes of each family (how its figures were found), in the report's order; each
# says nothing when the workshop used none of the family's kinds.
METHOD_NOTES: tuple[Callable[[ReportInput], list[str]], ...] = (
    note_method_notes,
    item_method_notes,
    qa_method_notes,
    ranking_method_notes,
    matrix2x2_method_notes,
)
