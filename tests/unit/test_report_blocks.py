"""Renderers loop, kinds declare: a step's section is a list of presentational blocks chosen by
its kind's builder (`facilitator/kinds/`); no format compares step kinds, every block type is
drawn by every format, and blocks hold only what the disclosure gate released."""

from __future__ import annotations

import ast
import io
import json
import re
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx import Document
from flask import Flask, render_template
from flask_babel import force_locale
from openpyxl import load_workbook
from pypdf import PdfReader

from facilitator.kinds import KINDS
from facilitator.reports import blocks as b
from facilitator.reports.build import build_report
from facilitator.reports.cells import Annotated, Figure
from facilitator.reports.charts import chart
from facilitator.reports.data import ReportData, StepSection, to_json
from facilitator.reports.docx import to_docx
from facilitator.reports.pdf import to_pdf
from facilitator.reports.tables import block_tables, facts_rows, literacy_rows
from facilitator.reports.tabular import to_csv_zip, to_xlsx
from tests.unit.test_report_build import make_input

PACKAGE = Path(__file__).resolve().parents[2] / "facilitator"
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

# Everything that draws or lays out a report: none of it may know step kinds.
RENDERERS = [
    "reports/blocks.py",
    "reports/cells.py",
    "reports/charts.py",
    "reports/data.py",
    "reports/document.py",
    "reports/docx.py",
    "reports/docx_layout.py",
    "reports/legal.py",
    "reports/pdf.py",
    "reports/pdf_charts.py",
    "reports/pdf_layout.py",
    "reports/summary.py",
    "reports/tables.py",
    "reports/tabular.py",
    "reports/views.py",
]
TEMPLATES = ["templates/reports/report.html", "templates/reports/sharing.html"]


def _is_kind(node: ast.AST) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name in ("kind", "kinds")


def kind_decisions(source: str) -> list[str]:
    """Where Python code decides by a step's kind: a comparison with `kind`, or a kind's name
    written out (in a comparison, a set, a dict of kinds …)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(
            _is_kind(side) for side in (node.left, *node.comparators)
        ):
            found.append(f"line {node.lineno}: compares a kind")
        if isinstance(node, ast.Constant) and node.value in KINDS:
            found.append(f"line {node.lineno}: names the kind {node.value!r}")
    return found


def template_kind_decisions(source: str) -> list[str]:
    code = re.sub(r"\{#.*?#\}", "", source, flags=re.S)  # comments may say "kinds"
    found = [m.group(0) for m in re.finditer(r"\bkinds?\b", code)]
    found += [m.group(0) for m in re.finditer(r"[\"']([a-z_]+)[\"']", code) if m.group(1) in KINDS]
    return found


@pytest.mark.parametrize("module", RENDERERS)
def test_renderers_know_no_kinds(module: str) -> None:
    assert kind_decisions((PACKAGE / module).read_text(encoding="utf-8")) == [], module


@pytest.mark.parametrize("template", TEMPLATES)
def test_report_templates_know_no_kinds(template: str) -> None:
    assert template_kind_decisions((PACKAGE / template).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "code",
    [
        'if step.kind == "quiz": pass',
        'x = step.kind in ("board", "canvas")',
        'x = "risk" != s.kind',
        'x = any(k in kinds for k in ("a",))',
        'TABLES = {"dot_vote": 1}',
    ],
)
def test_the_check_finds_a_kind_reintroduced(code: str) -> None:
    assert kind_decisions(code)


def test_the_template_check_finds_a_kind_reintroduced() -> None:
    assert template_kind_decisions('{% if step.kind == "quiz" %}x{% endif %}')
    assert template_kind_decisions("{% if s.x in ('board',) %}x{% endif %}")
    assert not template_kind_decisions("{# no step kinds here #}{{ draw[block.type](block) }}")


def _types(section: StepSection) -> list[str]:
    return [block.type for block in section.blocks]


def test_each_kind_chooses_its_blocks() -> None:
    report = build_report(make_input(), NOW)
    info, board, vote = report.steps
    assert _types(info) == ["text"]
    assert _types(board) == ["notes"]
    assert _types(vote) == ["text", "ranking", "table"]
    notes = board.blocks[0]
    assert isinstance(notes, b.NotesBlock)
    assert [c.title for c in notes.columns] == ["Dafür", "Dagegen"]
    assert notes.columns[0].notes == (b.NoteEntry("Weniger Papierkram", ("Weniger Papier!",)),)
    ranking, table = vote.blocks[1], vote.blocks[2]
    assert isinstance(ranking, b.RankingBlock)
    assert isinstance(table, b.TableBlock)
    assert ranking.groups == ("Beschäftigte", "Other groups (merged)")
    assert [(bar.rank, bar.label, bar.value, bar.by_group) for bar in ranking.bars][:2] == [
        (1, "Überwachung", 8, (3, 5)),
        (2, "Weniger Papierkram", 6, (4, 2)),
    ]
    assert table.header == ("Rank", "Note", "Column", "Dots", *ranking.groups)
    assert table.rows[1][1] == Annotated("Weniger Papierkram", "Merged: Weniger Papier!")
    assert set(table.lists) == {"Überwachung", "Weniger Papierkram", "Keiner stimmt dafür"}


def test_blocks_hold_no_figure_the_gate_withholds() -> None:
    small = {"Beschäftigte": 2, "Führungskräfte": 1, "Betriebsrat": 1}
    vote = build_report(
        make_input(participants_by_group=small, people={"punkte": small}, voters={"punkte": 4}),
        NOW,
    ).steps[2]
    # four voters: no bars, no ranking table, no dot count; the notes plainly, in their order
    assert _types(vote) == ["text", "notes"]
    assert "too few to show their dots" in vote.blocks[0].text  # type: ignore[union-attr]
    serialised = json.dumps(b.to_json(vote.blocks), ensure_ascii=False)
    assert "Betriebsrat" not in serialised
    open_vote = replace(make_input().steps[2], breakdown="pending", is_open=True)
    vote = build_report(make_input(steps=(*make_input().steps[:2], open_vote)), NOW).steps[2]
    ranking = vote.blocks[1]
    assert isinstance(ranking, b.RankingBlock)
    assert ranking.groups == ()  # still open: totals only
    assert all(bar.by_group == () for bar in ranking.bars)


def test_json_serialises_blocks_generically() -> None:
    archive = to_json(build_report(make_input(), NOW))
    blocks = archive["steps"][2]["blocks"]
    assert [block["type"] for block in blocks] == ["text", "ranking", "table"]
    assert blocks[2]["rows"][1][1] == "Weniger Papierkram"  # an annotated cell: its text
    assert b.to_json(Figure(0.25, "25 %")) == 0.25
    assert "ranking" in archive["steps"][2]  # the existing keys stay
    json.dumps(archive)


def _every_block() -> tuple[b.Block, ...]:
    matrix = b.MatrixInfo(
        "Matrix M",
        ("selten", "oft"),
        ("leicht", "schwer"),
        ((1, 2), (2, 3)),
        (b.RiskClassInfo("low", "Klasse A", 1, 2), b.RiskClassInfo("high", "Klasse B", 3, 3)),
    )
    return (
        b.TextBlock("Textblock", lead="Fett", label="Etikett"),
        b.ListBlock("Listenkopf", ("Listenpunkt",), empty="leer"),
        b.TableBlock(
            ("Kopf A", "Kopf B"),
            (("Zelle", Figure(0.5, "50 %", "0 %")), (Annotated("Notiz", "Beiseite"), 3)),
            caption="Tabellentitel",
        ),
        b.NotesBlock(
            (b.NoteColumn("Spalte S", (b.NoteEntry("Kartentext", ("Doppel",)),)),),
            empty="Keine",
            merged_label="Zusammengeführt:",
        ),
        b.DistributionBlock("Verteilung", (b.Bar("Option O", 4, 0.5),)),
        b.RankingBlock("Rangfolge", (b.RankedBar(1, "Platz eins", 5, (3, None)),), ("G1", "G2")),
        b.MatrixBlock(matrix, (b.MatrixPoint(1, "Gefahr G", 2, 2),), "W", "S", "Schlüssel"),
        b.LightsBlock("Ampel", (b.LightRow(1, "Belastung L", 1, 2, 3),), ("Gr", "Ge", "Ro")),
        b.ProfileBlock("Profil", (b.ProfileBar("Dimension D", 3.5),), points=5),
        b.QuadrantBlock(
            "Vierfeld",
            "Aufwand",
            "Nutzen",
            5,
            ("Schnell umsetzen", "Planen", "Nebenbei", "Lassen"),
            (b.QuadrantPoint(1, "Punkt Q", 4.5, 2.0), b.QuadrantPoint(2, "Punkt M", 3.0, 3.0)),
            "Schlüssel",
            x_ends=("gering", "hoch"),
            y_ends=("gering", "hoch"),
        ),
    )


MARKERS = (
    "Textblock",
    "Listenpunkt",
    "Kopf A",
    "Kartentext",
    "Option O",
    "Platz eins",
    "Gefahr G",
    "Belastung L",
    "Dimension D",
    "Punkt Q",
    "Schnell umsetzen",
)


@pytest.fixture
def every_block_report(app: Flask) -> ReportData:
    with app.test_request_context(), force_locale("de"):
        report = build_report(make_input(), NOW)
    step = replace(report.steps[0], blocks=_every_block())
    assert {type(block) for block in step.blocks} == set(b.BLOCK_TYPES)  # the closed set
    return replace(report, steps=(step,))


def test_every_block_type_is_drawn_by_every_format(
    app: Flask, every_block_report: ReportData
) -> None:
    report = every_block_report
    with app.test_request_context(), force_locale("de"):
        page = render_template(
            "reports/report.html",
            report=report,
            downloads=[],
            chart=chart,
            facts_rows=facts_rows,
            literacy_rows=literacy_rows,
            summary=(),
            roles=(),
            generated="",
            action_plan=None,
        )
        pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(report))).pages)
        docx = Document(io.BytesIO(to_docx(report)))
        words = [p.text for p in docx.paragraphs]
        words += [c.text for t in docx.tables for row in t.rows for c in row.cells]
        docx_text = "\n".join(words)
        xlsx = load_workbook(io.BytesIO(to_xlsx(report)))
        with zipfile.ZipFile(io.BytesIO(to_csv_zip(report))) as archive:
            csv_text = archive.read("step-01-info.csv").decode("utf-8-sig")
    for marker in MARKERS:
        assert marker in page, marker
        assert marker in pdf.replace("\n", " "), marker
        assert marker in docx_text, marker
    assert "<small>Beiseite</small>" in page  # the aside only where there is room for it
    assert "Beiseite" not in docx_text
    sheet = xlsx[xlsx.sheetnames[3]]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert [
        v for v in values if v in ("Kopf A", "Zelle", 0.5, "Notiz", "Kartentext", "Doppel")
    ] == ["Kopf A", "Zelle", 0.5, "Notiz", "Kartentext", "Doppel"]
    assert "Kopf A,Kopf B" in csv_text
    assert "Zelle,0.5" in csv_text
    assert "Spalte S,Kartentext,Doppel" in csv_text


def test_tables_for_spreadsheets_come_from_blocks_only() -> None:
    step = StepSection(position=0, kind="anything", title="T", prompt="", blocks=_every_block())
    tables = block_tables(step)
    assert [header for header, _ in tables] == [
        ["Kopf A", "Kopf B"],
        ["Column", "Note", "Zusammengeführt:"],
    ]
