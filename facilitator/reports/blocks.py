"""The presentational blocks a step's section is made of: a closed set of small, plain values.

A kind's section builder (`facilitator/kinds/`) decides which blocks a step shows and fills
them with figures that have already passed the disclosure gate (released values, dashes where
a figure is withheld); every format loops over a section's blocks and draws each by its
`type`, without knowing step kinds. A new kind needs no new renderer code as long as it is
made of these blocks; a new block type needs a drawing in every format (HTML macro, PDF,
DOCX, and its table in XLSX/CSV where it has one) and is listed in `BLOCK_TYPES`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from .cells import Annotated, Cell, Figure

TOP = 20  # rows of a long table or note list in the PDF and DOCX main part; all in the annex
TOP_BARS = 10  # bars of a ranking drawn per group


@dataclass(frozen=True)
class TextBlock:
    """A paragraph. `lead` is set in bold before the text; with a `label` the HTML page puts
    the label above as a small heading, the documents before the text ("Label: text")."""

    text: str
    lead: str = ""
    label: str = ""
    tone: Literal["plain", "help"] = "plain"  # help: a muted remark
    type: Literal["text"] = field(default="text", init=False)


@dataclass(frozen=True)
class ListBlock:
    """A heading with a bulleted list, or the `empty` sentence when there is nothing."""

    heading: str
    items: tuple[str, ...]
    empty: str = ""
    type: Literal["list"] = field(default="list", init=False)


@dataclass(frozen=True)
class TableBlock:
    """A table of cells already gated and formatted; every format shows it, and it is the
    step's sheet in XLSX and CSV. With `top`, PDF and DOCX show the first `top` rows followed
    by `more`, and the whole table in the annex; `lists` names the notes it lists in full (so
    the annex need not repeat a board whose notes a full ranking already lists)."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    top: int = 0
    more: str = ""
    lists: tuple[str, ...] = ()
    type: Literal["table"] = field(default="table", init=False)


@dataclass(frozen=True)
class NoteEntry:
    text: str
    merged: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoteColumn:
    """A column's notes as they were shown; `more` says where the rest is when PDF and DOCX
    show only the first `NotesBlock.top` (merged clusters first)."""

    title: str
    notes: tuple[NoteEntry, ...]
    more: str = ""


@dataclass(frozen=True)
class NotesBlock:
    """Notes by column (a board, a canvas, proposed measures, a dot vote too small to show)."""

    columns: tuple[NoteColumn, ...]
    empty: str  # said under a column without notes
    merged_label: str  # "Merged:"
    top: int = TOP
    type: Literal["notes"] = field(default="notes", init=False)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    share: float | None = None


@dataclass(frozen=True)
class DistributionBlock:
    """Bars of counts (a poll's options)."""

    title: str
    bars: tuple[Bar, ...]
    type: Literal["distribution"] = field(default="distribution", init=False)


@dataclass(frozen=True)
class RankedBar:
    rank: int
    label: str
    value: int
    by_group: tuple[int | None, ...] = ()  # per column of `groups`; None: withheld


@dataclass(frozen=True)
class RankingBlock:
    """Ranked bars (a dot vote), the first `top` also per released group."""

    title: str
    bars: tuple[RankedBar, ...]
    groups: tuple[str, ...] = ()
    all_label: str = ""  # the legend's name of the total bar
    top: int = TOP_BARS
    type: Literal["ranking"] = field(default="ranking", init=False)


@dataclass(frozen=True)
class RiskClassInfo:
    key: str
    label: str
    low: int
    high: int


@dataclass(frozen=True)
class MatrixInfo:
    name: str
    likelihood: tuple[str, ...]
    severity: tuple[str, ...]
    table: tuple[tuple[int, ...], ...]
    classes: tuple[RiskClassInfo, ...]

    def class_index(self, figure: int) -> int:
        return next(i for i, c in enumerate(self.classes) if c.low <= figure <= c.high)


@dataclass(frozen=True)
class MatrixPoint:
    """A hazard placed in the matrix by the medians of its ratings, numbered by its rank."""

    rank: int
    text: str
    likelihood: int
    severity: int


@dataclass(frozen=True)
class MatrixBlock:
    """The risk matrix with its classes, the hazards placed in it and a key to their numbers."""

    matrix: MatrixInfo
    points: tuple[MatrixPoint, ...]
    likelihood_label: str
    severity_label: str
    key_label: str
    type: Literal["matrix"] = field(default="matrix", init=False)


@dataclass(frozen=True)
class LightRow:
    rank: int
    text: str
    green: int
    yellow: int
    red: int


@dataclass(frozen=True)
class LightsBlock:
    """Per hazard a bar split into its green, yellow and red ratings (a distribution)."""

    title: str
    rows: tuple[LightRow, ...]
    labels: tuple[str, str, str]  # green, yellow, red
    type: Literal["lights"] = field(default="lights", init=False)


@dataclass(frozen=True)
class ProfileBar:
    label: str
    mean: float | None


@dataclass(frozen=True)
class ProfileBlock:
    """Means on a scale (a dimension profile): bars from the first point to the last."""

    title: str
    bars: tuple[ProfileBar, ...]
    points: int
    first: int = 1
    type: Literal["profile"] = field(default="profile", init=False)


@dataclass(frozen=True)
class QuadrantPoint:
    """An item placed on two axes by the medians of its placements, numbered by its place in
    the step (as in the table and the key)."""

    number: int
    text: str
    x: float  # median on the horizontal axis, 1 … points
    y: float  # median on the vertical axis, 1 … points


@dataclass(frozen=True)
class QuadrantBlock:
    """A 2x2 (e.g. benefit x effort): items placed by their medians on two axes running
    1 … `points`, the four quadrants labelled, a key from number to item."""

    title: str
    x_label: str  # the horizontal axis, low on the left
    y_label: str  # the vertical axis, low at the bottom
    points: int
    quadrants: tuple[str, str, str, str]  # top left, top right, bottom left, bottom right
    items: tuple[QuadrantPoint, ...]
    key_label: str
    x_ends: tuple[str, str] = ("", "")  # the horizontal axis's low and high end
    y_ends: tuple[str, str] = ("", "")
    type: Literal["quadrant"] = field(default="quadrant", init=False)


Block = (
    TextBlock
    | ListBlock
    | TableBlock
    | NotesBlock
    | DistributionBlock
    | RankingBlock
    | MatrixBlock
    | LightsBlock
    | ProfileBlock
    | QuadrantBlock
)
BLOCK_TYPES: tuple[type[Any], ...] = (
    TextBlock,
    ListBlock,
    TableBlock,
    NotesBlock,
    DistributionBlock,
    RankingBlock,
    MatrixBlock,
    LightsBlock,
    ProfileBlock,
    QuadrantBlock,
)


def to_json(value: Any) -> Any:
    """A block as JSON, generically: its fields by name (`type` among them), a figure as its
    plain value (a date as YYYY-MM-DD), an annotated cell as its text."""
    if isinstance(value, Figure):
        return value.value.isoformat() if isinstance(value.value, date) else value.value
    if isinstance(value, Annotated):
        return value.text
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    return value
