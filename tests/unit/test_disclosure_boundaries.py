"""Every group- or item-level figure passes the one gate: the modules that draw figures never
read raw per-group counts, and nothing outside `facilitator/disclosure.py` decides pooling."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "facilitator"

# Renderers and snapshot builders: they get figures that already passed the gate.
RENDERERS = [
    "reports/pdf.py",
    "reports/pdf_charts.py",
    "reports/pdf_layout.py",
    "reports/docx.py",
    "reports/docx_layout.py",
    "reports/tabular.py",
    "reports/tables.py",
    "reports/charts.py",
    "reports/summary.py",
    "reports/legal.py",
    "reports/data.py",
    "reports/blocks.py",
    "reports/cells.py",
    "live/broadcast.py",
]
# What a report renderer may import from the application: the blocks and data it draws and
# the other formats' layout helpers. Never the read side, the gate, the section builders or
# the kinds: figures reach a format only inside blocks, after the gate.
REPORT_RENDERER_IMPORTS = {
    "blocks",
    "cells",
    "data",
    "tables",
    "summary",
    "charts",
    "pdf",
    "pdf_charts",
    "pdf_layout",
    "docx_layout",
}
# What reads raw counts from the database: only the read side may.
RAW_READERS = {"load", "assessment_data", "hot_sql", "models"}
# Raw counting helpers that only the read side and the gate's callers may use.
RAW_CALLS = {"answer_counts", "respondents", "step_respondents", "group_sizes"}


def imported_modules(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names.add(module.rsplit(".", 1)[-1])
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name.rsplit(".", 1)[-1] for alias in node.names)
    return names


def called_names(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                found.add(func.attr)
            elif isinstance(func, ast.Name):
                found.add(func.id)
    return found


@pytest.mark.parametrize("module", RENDERERS)
def test_renderers_never_read_raw_counts(module: str) -> None:
    path = PACKAGE / module
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not imported_modules(tree) & (RAW_READERS - {"models"}), module
    assert not called_names(tree) & RAW_CALLS, module


def application_imports(tree: ast.AST) -> set[str]:
    """The application modules a module imports (relative imports), by their last name."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            if node.module:
                names.add(node.module.rsplit(".", 1)[-1])
            else:  # `from . import x`: x is a module
                names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("module", [m for m in RENDERERS if m.startswith("reports/")])
def test_report_renderers_import_only_blocks_and_data(module: str) -> None:
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    assert application_imports(tree) <= REPORT_RENDERER_IMPORTS, module


def test_the_import_check_would_see_counts() -> None:
    for code in (
        "from .load import ReportInput",
        "from ..kinds.items_report import x",
        "from . import gated",
    ):
        assert not application_imports(ast.parse(code)) <= REPORT_RENDERER_IMPORTS


def test_only_the_gate_pools_groups() -> None:
    """No second home for the threshold rule: pooling and suppression live in disclosure.py."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "disclosure.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "def group_plan" in text or "GroupPlan" in text or "def release(" in text:
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_figures_are_summarised_through_a_gate() -> None:
    """The one summarising function takes a `Gate`, and its totals may be withheld (None)."""
    from typing import get_type_hints

    from facilitator import assessment, disclosure

    hints = get_type_hints(assessment.summarise)
    assert hints["gate"] is disclosure.Gate
    assert get_type_hints(assessment.ItemSummary)["total"] == assessment.Result | None
