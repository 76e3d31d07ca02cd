"""Report sections of the risk assessment's kinds: `check`, `risk` and `actions`.

Pure like `reports/build.py`. Results come from the same rules the live views use
(`facilitator.assessment`) through the step's gate; the blocks hold only what it released.
The action plan and the method notes of these kinds are in `items_plan.py`.
"""

from __future__ import annotations

from dataclasses import replace

from flask_babel import gettext as _
from flask_babel import ngettext

from .. import assessment as ar
from .. import disclosure
from ..catalog import localize
from ..reports.blocks import (
    Block,
    LightRow,
    LightsBlock,
    ListBlock,
    MatrixBlock,
    MatrixInfo,
    MatrixPoint,
    RiskClassInfo,
    TableBlock,
    TextBlock,
)
from ..reports.cells import Cell, percent, share_cell, yes_no
from ..reports.data import (
    GroupFigures,
    GroupResult,
    HazardRow,
    Highlights,
    ReportNote,
    SpreadRow,
    StatementRow,
    StepSection,
)
from ..reports.inputs import ItemInput, ReportInput, StepInput
from ..reports.section_base import (
    answered,
    answered_of_all,
    base_section,
    gate_of,
    group_cells,
    released,
    respondents,
    shown_notes,
    step_items,
    summarise,
)
from .notes_report import notes_block, notes_highlights


def origin_label(origin: str) -> str:
    return {
        "template": _("catalogue"),
        "own": _("added in the workshop"),
        "check": _("unmet statement"),
        "note": _("participants' note"),
        "risk": _("rated hazard"),
    }.get(origin, origin)


def hazard_text(item: ItemInput, lang: str) -> str:
    """A hazard as the report names it: an unmet check statement taken over says so."""
    text = localize(item.text, lang)
    return _("Not met: %(statement)s", statement=text) if item.origin == "check" else text


def matrix_info(settings: dict[str, object], lang: str) -> MatrixInfo | None:
    raw = settings.get("matrix")
    if not isinstance(raw, dict):
        return None
    matrix = ar.Matrix.from_settings(raw)
    return MatrixInfo(
        name=localize(matrix.name, lang),
        likelihood=tuple(localize(label, lang) for label in matrix.likelihood),
        severity=tuple(localize(label, lang) for label in matrix.severity),
        table=matrix.table,
        classes=tuple(
            RiskClassInfo(c.key, localize(c.label, lang), c.low, c.high) for c in matrix.classes
        ),
    )


def _group_result(label: str, result: ar.Result, lang: str) -> GroupResult:
    base = GroupResult(label=label, n=result.n)
    if result.check is not None:
        return replace(base, no_share=result.check.no_share)
    if result.matrix is not None:
        m = result.matrix
        return replace(
            base,
            likelihood=m.likelihood.median if m.likelihood else None,
            severity=m.severity.median if m.severity else None,
            risk_class=localize(m.risk_class.label, lang) if m.risk_class else None,
        )
    if result.light is not None:
        return replace(
            base, green=result.light.green, yellow=result.light.yellow, red=result.light.red
        )
    return base


def _spread(spread: ar.Spread | None) -> SpreadRow | None:
    if spread is None:
        return None
    return SpreadRow(spread.low, spread.q1, spread.median, spread.q3, spread.high)


def _withheld_cell(label: str) -> GroupResult:
    return GroupResult(label=label, n=0, shown=False)


def _groups(columns: GroupFigures | None) -> list[str]:
    return list(columns.columns) if columns else []


def statements_table(section: StepSection) -> TableBlock:
    groups = _groups(section.groups)
    header = (
        _("Area"),
        _("Statement"),
        _("Yes"),
        _("No"),
        _("Not applicable"),
        _("No share"),
        _("Unmet"),
        *(_("No share: %(group)s", group=g) for g in groups),
    )
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            row.area,
            row.text,
            row.yes,
            row.no,
            row.not_applicable,
            share_cell(row.no_share),
            yes_no(row.unmet),
            *(share_cell(g.no_share) for g in row.by_group),
        )
        for row in section.statements
    )
    return TableBlock(header, rows)


def check_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    items, summaries = summarise(inp, step, gate, ar.CHECKED)
    columns, withheld = released(inp, items, summaries)
    carried = {item.source_id for item in inp.items if item.origin == "check" and item.enabled}
    rows = []
    for item in items:
        summary = summaries[item.id]
        if summary.total is None:
            continue  # too few answers: named in `withheld`
        check = summary.total.check
        assert check is not None
        rows.append(
            StatementRow(
                area=localize(item.area, inp.language),
                text=localize(item.text, inp.language),
                yes=check.yes,
                no=check.no,
                not_applicable=check.not_applicable,
                no_share=check.no_share,
                unmet=summary.flagged,
                carried=item.id in carried,
                by_group=group_cells(
                    columns,
                    summary,
                    lambda label, result: _group_result(label, result, inp.language),
                    _withheld_cell,
                ),
            )
        )
    count = respondents(inp, step)
    section = replace(
        base_section(inp, step),
        statements=tuple(rows),
        groups=columns,
        respondents=count,
        withheld=withheld,
    )
    unmet = [row for row in rows if row.unmet]
    found = ListBlock(
        _("Statements found unmet"),
        tuple(f"{row.text} ({_('No share')} {percent(row.no_share)})" for row in unmet),
        empty=_("None."),
    )
    summary_line: tuple[str, ...] = ()
    if unmet:
        summary_line = (
            ngettext(
                "%(title)s: %(num)s statement found unmet",
                "%(title)s: %(num)s statements found unmet",
                len(unmet),
                title=section.title,
            ),
        )
    return replace(
        section,
        blocks=(answered(count), found, statements_table(section)),
        highlights=Highlights(
            took_part=answered_of_all(inp, step, count), count=count, unmet=summary_line
        ),
    )


def hazard_refs(inp: ReportInput) -> dict[int, tuple[str, str]]:
    """Every rated hazard's reference ("4.2": step 4, priority 2) and text, by item id."""
    refs: dict[int, tuple[str, str]] = {}
    for step in inp.steps:
        if step.kind != "risk":
            continue
        items, summaries = summarise(inp, step, gate_of(inp, step), ar.RATED)
        for rank, item_id in enumerate(_order(items, summaries), start=1):
            item = next(i for i in items if i.id == item_id)
            refs[item_id] = (f"{step.position + 1}.{rank}", hazard_text(item, inp.language))
    return refs


def _order(items: list[ItemInput], summaries: dict[int, ar.ItemSummary]) -> list[int]:
    return ar.prioritised(summaries, [item.id for item in items])


def spread_text(spread: SpreadRow | None) -> str:
    """Median and range, e.g. "3 (2–4)"."""
    if spread is None:
        return "–"
    return f"{spread.median} ({spread.low}–{spread.high})"


def class_text(row: HazardRow | GroupResult) -> str:
    if isinstance(row, HazardRow):
        return f"{row.risk_class} ({row.figure})" if row.risk_class else "–"
    return row.risk_class or "–"


def _group_text(lights: bool, group: GroupResult) -> str:
    if not group.shown:
        return "–"
    if lights:
        return f"{group.green}/{group.yellow}/{group.red}"
    if group.likelihood is None or group.severity is None:
        return "–"
    return f"{class_text(group)} · {group.likelihood}/{group.severity} · {group.n}"


def hazards_table(section: StepSection) -> TableBlock:
    """The prioritised hazard list with medians, spreads, counts and group differences."""
    groups = _groups(section.groups)
    lights = section.mode == "traffic_light"
    if lights:
        rating = [_("Green"), _("Yellow"), _("Red")]
        per_group = [_("%(group)s (green/yellow/red)", group=g) for g in groups]
    else:
        rating = [
            _("Likelihood: median (range)"),
            _("Severity: median (range)"),
            _("Risk class (figure)"),
        ]
        per_group = [_("%(group)s: class · likelihood/severity · ratings", group=g) for g in groups]
    header = (
        _("No."),
        _("Hazard"),
        _("Area"),
        _("Origin"),
        _("Ratings"),
        *rating,
        _("Needs measures"),
        _("Groups disagree"),
        *per_group,
    )
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            row.ref,
            row.text,
            row.area,
            row.origin,
            row.n,
            *(
                [row.green, row.yellow, row.red]
                if lights
                else [spread_text(row.likelihood), spread_text(row.severity), class_text(row)]
            ),
            yes_no(row.prioritised),
            yes_no(row.disagreement),
            *(_group_text(lights, g) for g in row.by_group),
        )
        for row in section.hazards
    )
    return TableBlock(header, rows, caption=_("Prioritised hazards"))


def _chart(section: StepSection) -> Block:
    """The risk matrix with the hazards placed by their medians, or the traffic lights."""
    if section.matrix is not None:
        return MatrixBlock(
            section.matrix,
            tuple(
                MatrixPoint(row.rank, row.text, row.likelihood.median, row.severity.median)
                for row in section.hazards
                if row.likelihood and row.severity
            ),
            likelihood_label=_("Likelihood"),
            severity_label=_("Severity"),
            key_label=_("Key"),
        )
    return LightsBlock(
        section.title,
        tuple(LightRow(r.rank, r.text, r.green, r.yellow, r.red) for r in section.hazards),
        (_("Green"), _("Yellow"), _("Red")),
    )


def _hazard_line(lights: bool, row: HazardRow) -> str:
    if lights:
        rating = _(
            "green %(green)s · yellow %(yellow)s · red %(red)s",
            green=row.green,
            yellow=row.yellow,
            red=row.red,
        )
    else:
        rating = f"{row.risk_class} ({row.figure})" if row.risk_class else "–"
    return f"{row.ref} {row.text} – {rating}"


def risk_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    items, summaries = summarise(inp, step, gate, ar.RATED)
    columns, withheld = released(inp, items, summaries)
    by_id = {item.id: item for item in items}
    rows = []
    for rank, item_id in enumerate(_order(items, summaries), start=1):
        item, summary = by_id[item_id], summaries[item_id]
        total = summary.total
        if total is None:
            continue  # too few ratings: named in `withheld`, ranked last
        row = HazardRow(
            rank=rank,
            ref=f"{step.position + 1}.{rank}",
            text=hazard_text(item, inp.language),
            area=localize(item.area, inp.language),
            origin=origin_label(item.origin),
            n=total.n,
            prioritised=summary.flagged,
            disagreement=summary.disagreement,
            by_group=group_cells(
                columns,
                summary,
                lambda label, result: _group_result(label, result, inp.language),
                _withheld_cell,
            ),
        )
        if total.matrix is not None:
            m = total.matrix
            row = replace(
                row,
                likelihood=_spread(m.likelihood),
                severity=_spread(m.severity),
                figure=m.figure,
                risk_class=localize(m.risk_class.label, inp.language) if m.risk_class else None,
                class_key=m.risk_class.key if m.risk_class else None,
            )
        if total.light is not None:
            row = replace(
                row, green=total.light.green, yellow=total.light.yellow, red=total.light.red
            )
        rows.append(row)
    count = respondents(inp, step)
    section = replace(
        base_section(inp, step),
        hazards=tuple(rows),
        mode=step.settings["mode"],
        matrix=matrix_info(step.settings, inp.language),
        groups=columns,
        respondents=count,
        withheld=withheld,
    )
    lights = section.mode == "traffic_light"
    rated = ngettext("%(num)s person rated.", "%(num)s people rated.", count)
    return replace(
        section,
        blocks=(TextBlock(rated), _chart(section), hazards_table(section)),
        highlights=Highlights(
            took_part=answered_of_all(inp, step, count),
            count=count,
            needs_measures=tuple(_hazard_line(lights, r) for r in rows if r.prioritised),
            disagree=tuple(_hazard_line(lights, r) for r in rows if r.disagreement),
        ),
    )


def actions_section(inp: ReportInput, step: StepInput, gate: disclosure.Gate) -> StepSection:
    """The measures participants proposed, per hazard (as columns, like a board)."""
    items = step_items(inp, step)
    titles = {f"i{item.id}": localize(item.text, inp.language) for item in items}
    notes = [n for n in inp.notes if n.step_key == step.key]
    shown = shown_notes(notes)
    order = list(titles)
    shown.sort(key=lambda pair: order.index(pair[0].column) if pair[0].column in order else 99)
    columns = tuple(titles.values())
    report_notes = tuple(
        ReportNote(text=note.text, column=titles.get(note.column, ""), merged=merged)
        for note, merged in shown
        if note.column in titles
    )
    return replace(
        base_section(inp, step),
        columns=columns,
        notes=report_notes,
        blocks=(notes_block(columns, report_notes),),
        highlights=notes_highlights(inp, step, len(report_notes)),
    )
