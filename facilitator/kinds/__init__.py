"""Step kinds: each kind is one object that owns its settings, its live views, the answers it
accepts and its report section; this module lists them all explicitly (no kind registers itself
by being imported).

One module per family holds its kinds (`notes`, `qa`, `items`, `surveys`); report builders are in
the family's `*_report` module. Adding a kind is one class in its family's module (or a module of
its own), one line here, its blocks and its tests. Adding an exercise is a data file.
The catalog knows no kinds: the app hands `KINDS` to `Catalog.load` to validate the settings.
"""

from __future__ import annotations

from .base import Action, LiveText, StepKind, UnknownKind
from .items import Actions, Check, Risk
from .matrix2x2 import Matrix2x2
from .notes import Board, Canvas, DotVote, Info
from .qa import QandA
from .ranking import Ranking
from .surveys import Poll, Quiz, Scale, Weighted

__all__ = [
    "ANSWER_DIMENSIONS",
    "KINDS",
    "KIND_SCRIPTS",
    "KIND_STYLES",
    "LIVE_STRINGS",
    "Action",
    "StepKind",
    "UnknownKind",
    "get_kind",
]

# in the order the report's method section names them (`StepKind.method_notes`)
KINDS: dict[str, StepKind] = {
    kind.name: kind()
    for kind in (
        Info,
        Board,
        Canvas,
        DotVote,
        Check,
        Risk,
        Actions,
        QandA,
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

# the kinds' own style sheets, each once, for the live pages (`sessions/_live_styles.html`)
KIND_STYLES: tuple[str, ...] = tuple(
    dict.fromkeys(style for kind in KINDS.values() for style in kind.styles)
)

# the strings of the kinds' own scripts, joined into the live pages' strings
LIVE_STRINGS: dict[str, LiveText] = {
    name: text for kind in KINDS.values() for name, text in kind.live_strings.items()
}


def get_kind(name: str) -> StepKind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(name) from None
