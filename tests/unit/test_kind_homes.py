"""One home per step kind: outside `facilitator/kinds/` no code compares a kind's name.

A kind is an object that declares what it does (`kinds/base.py`); everything else asks it
(`kinds.get_kind(step.kind).accepts_notes`, `kind.header(step)`, `kind.report_section(...)`)
instead of testing its name. This test reads the source: Python through its syntax tree (a
comparison or a dict key with a kind's name next to something called `kind`), JavaScript and
the Jinja templates by pattern.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path
from typing import Any

from facilitator.catalog import Catalog
from facilitator.kinds import KINDS, StepKind
from facilitator.sessions.answer_forms import DIMENSION_CHOICES

PACKAGE = Path(__file__).resolve().parents[2] / "facilitator"
NAMES = frozenset(KINDS)


def _names_in(node: ast.AST) -> set[str]:
    """The kind names among the string constants of an expression (tuples and sets included)."""
    return {
        sub.value
        for sub in ast.walk(node)
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and sub.value in NAMES
    }


def _mentions_kind(node: ast.AST) -> bool:
    return any(
        (isinstance(sub, ast.Name) and "kind" in sub.id.lower())
        or (isinstance(sub, ast.Attribute) and "kind" in sub.attr.lower())
        for sub in ast.walk(node)
    )


def python_violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.name if PACKAGE not in path.parents else path.relative_to(PACKAGE.parent)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_names_in(side) for side in sides) and any(_mentions_kind(s) for s in sides):
                found.append(f"{where}:{node.lineno}")
        elif isinstance(node, ast.Dict):
            keys = [k for k in node.keys if k is not None]
            if len(keys) > 1 and sum(bool(_names_in(k)) for k in keys) > 1:
                found.append(f"{where}:{node.lineno} (dict by kind)")
    return found


def test_no_python_module_outside_kinds_compares_a_kind_name() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "kinds" in path.relative_to(PACKAGE).parts[:1]:
            continue
        found += python_violations(path)
    assert found == []


_ANY = "|".join(sorted(NAMES))
JS_COMPARE = re.compile(
    rf"kind\s*(===|!==|==|!=)\s*[\"']({_ANY})[\"']"
    rf"|[\"']({_ANY})[\"']\s*(===|!==|==|!=)\s*[\w.]*kind"
    rf"|case\s+[\"']({_ANY})[\"']"
)
JINJA_COMPARE = re.compile(r"\{[%{][^%}]*kind\s*(==|!=|in\b|not in\b)[^%}]*[%}]\}")


def test_no_script_or_template_compares_a_kind_name() -> None:
    found = []
    for path in sorted((PACKAGE / "static").rglob("*.js")):
        if path.parent.name == "vendor":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if JS_COMPARE.search(line):
                found.append(f"{path.name}:{number}: {line.strip()}")
    for path in sorted((PACKAGE / "templates").rglob("*.html")):
        for match in JINJA_COMPARE.finditer(path.read_text(encoding="utf-8")):
            found.append(f"{path.name}: {match.group(0)}")
    assert found == []


def test_the_checks_find_what_they_look_for(tmp_path: Path) -> None:
    """The patterns are not vacuous: each recognises the comparisons it forbids."""
    sample = tmp_path / "sample.py"
    code = (
        'if step.kind == "risk":\n    pass\n'
        'x = kind in ("poll", "quiz")\n'
        'S = {"board": 1, "canvas": 2}\n'
    )
    sample.write_text(code, encoding="utf-8")
    assert len(python_violations(sample)) == 3
    assert JS_COMPARE.search('if (step.kind === "quiz") {')
    assert JINJA_COMPARE.search('{% if step.kind == "risk" %}')


# --- what a kind declares, the shared code takes from the registry ----------------------------

ROOT = PACKAGE.parent


def _templates() -> list[Any]:
    return [
        template
        for folder in (ROOT / "exercises", ROOT / "tests" / "data" / "exercises")
        for template in Catalog.load(folder, KINDS).list()
    ]


def test_every_steps_dimensions_are_among_its_kinds_declared_ones() -> None:
    """A step's dimensions come from its kind's `answer_dimensions`; answer payloads accept
    exactly the union over the registry (a new kind's names need no shared list)."""
    used = set()
    for template in _templates():
        for step in template.steps:
            kind = KINDS[step.kind]
            dimensions = set(kind.dimensions(step.settings))
            assert dimensions <= set(kind.answer_dimensions), (template.slug, step.key)
            used.add(step.kind)
    assert {name for name, kind in KINDS.items() if kind.answer_dimensions} <= used
    declared = {name for kind in KINDS.values() for name in kind.answer_dimensions}
    assert {choice.value for choice in DIMENSION_CHOICES} == declared


def _defined_constants(path: Path) -> set[str]:
    """The strings a module defines as its constants (`RANK = "rank"`, `X, Y = "x", "y"`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.value
        for statement in tree.body
        if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None
        for node in ast.walk(statement.value)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_a_kinds_own_dimension_names_live_in_its_module() -> None:
    """A dimension whose name a kind's module defines (not one of the shared rules') is
    defined by no rule, service or form: those take the names from the kind."""
    own = set()
    for kind in KINDS.values():
        module = Path(sys.modules[type(kind).__module__].__file__ or "")
        own |= set(kind.answer_dimensions) & _defined_constants(module)
    assert {"rank", "x", "y"} <= own  # the ranking's and the 2x2's
    shared = [*(PACKAGE / "rules").rglob("*.py"), *(PACKAGE / "sessions").rglob("*.py")]
    found = {path.name: own & _defined_constants(path) for path in shared}
    assert {name: names for name, names in found.items() if names} == {}


KIND_MODULES = frozenset(type(kind).__module__ for kind in KINDS.values())
OWN_EVENTS = frozenset(action.event for kind in KINDS.values() for action in kind.actions)


def _imported_modules(path: Path) -> set[str]:
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = (f"{base}." if node.level else "") + (node.module or "")
            found |= {module, *(f"{module}.{alias.name}" for alias in node.names)}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_the_kinds_own_events_are_declared_once() -> None:
    events = [action.event for kind in KINDS.values() for action in kind.actions]
    assert "rank:set" in events
    assert len(events) == len(set(events))
    shared = re.findall(r'participant_action\("([a-z]+:[a-z]+)"', _source("sessions/events.py"))
    assert shared
    assert not set(shared) & OWN_EVENTS


def _source(name: str) -> str:
    return (PACKAGE / name).read_text(encoding="utf-8")


def test_no_python_module_outside_kinds_names_a_kinds_own_event_or_module() -> None:
    """The shared code reaches a kind through the registry (`kinds.KINDS`): it imports no
    module that defines a kind and names none of a kind's own events (`StepKind.actions`)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "kinds" in path.relative_to(PACKAGE).parts[:1]:
            continue
        name = path.relative_to(PACKAGE)
        found += [f"{name}: imports {m}" for m in sorted(_imported_modules(path) & KIND_MODULES)]
        found += [f"{name}: {e}" for e in sorted(_string_constants(path) & OWN_EVENTS)]
    assert found == []


def _string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_no_template_lists_a_kinds_own_script() -> None:
    """The live pages load the scripts the kinds list (`StepKind.scripts`), not a copy."""
    scripts = {script for kind in KINDS.values() for script in kind.scripts}
    assert {"js/ranking.js", "js/placement.js"} <= scripts
    found = [
        f"{path.name}: {script}"
        for path in sorted((PACKAGE / "templates").rglob("*.html"))
        for script in sorted(scripts)
        if script in path.read_text(encoding="utf-8")
    ]
    assert found == []


def test_what_a_kind_takes_follows_from_one_declaration() -> None:
    """Taking answers follows from the dimensions a kind declares; a summary style needs them."""
    for kind in KINDS.values():
        assert kind.takes_answers == bool(kind.answer_dimensions), kind.name
        assert kind.summary is None or kind.takes_answers, kind.name
    assert {name for name, kind in KINDS.items() if kind.proposes_measures} == {"actions"}


def test_a_kinds_live_strings_are_its_own() -> None:
    """The strings of a kind's scripts live on the kind: each key once, none of the page's own
    strings (`sessions/_strings.html`), which names none of them."""
    keys = [name for kind in KINDS.values() for name in kind.live_strings]
    assert {"rank_save", "quadrant_figures"} <= set(keys)
    assert len(keys) == len(set(keys))
    page = (PACKAGE / "templates" / "sessions" / "_strings.html").read_text(encoding="utf-8")
    assert not set(keys) & set(re.findall(r'"(\w+)":', page))


def test_a_kinds_answer_checks_are_its_own() -> None:
    """How answers limit each other (a multiple choice's `max_choices`, a weighted decision's
    budget) is the kind's `check_answer`; the shared answer service asks the kind and knows
    neither the survey rules nor those settings."""
    service = PACKAGE / "sessions" / "assessment_services.py"
    assert "facilitator.rules.surveys" not in _imported_modules(service)
    source = service.read_text(encoding="utf-8")
    assert 'settings["max_choices"]' not in source
    assert 'settings["budget"]' not in source
    checking = {
        name for name, kind in KINDS.items() if type(kind).check_answer is not StepKind.check_answer
    }
    assert checking == {"poll", "quiz", "weighted"}
