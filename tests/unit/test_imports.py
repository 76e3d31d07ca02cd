"""Imports run downwards: no import circle between the application's modules, and no import
at the bottom of a module to dodge one (blueprints live in modules of their own, and the app
factory imports the modules that add routes to them)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "facilitator"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py") if "static" not in p.parts}


def top_level_imports(path: Path) -> list[ast.stmt]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]


def targets(name: str, path: Path, node: ast.stmt) -> set[str]:
    """The application modules an import statement loads."""
    found: set[str] = set()
    if isinstance(node, ast.Import):
        found = {alias.name for alias in node.names}
    elif isinstance(node, ast.ImportFrom):
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        if node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = f"{base}.{node.module}" if node.module else base
        else:
            module = node.module or ""
        found.add(module)
        found |= {f"{module}.{alias.name}" for alias in node.names}
    return {t for t in found if t in MODULES and t != name}


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        edges[name] = set()
        for node in top_level_imports(path):
            for target in targets(name, path, node):
                # a package's __init__ that only gathers routes is not a dependency of its
                # modules; importing a submodule imports its package first, not the reverse
                if not name.startswith(target + "."):
                    edges[name].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in edges:
        if node not in index:
            visit(node)
    return found


def test_no_import_circles() -> None:
    assert cycles(graph()) == []


def test_no_import_at_the_bottom_of_a_module() -> None:
    late = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        seen_code = False
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                if seen_code:
                    late.append(f"{name}:{node.lineno}")
            elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
                seen_code = not isinstance(node, ast.If)  # `if TYPE_CHECKING:` blocks
    assert late == []
