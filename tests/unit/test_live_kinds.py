"""The live pages know no kind by name: each kind declares what its step header tells the page
scripts (which input block the phones show, how an item is answered, what a note is written
into), and the scripts and snapshot builders branch on those declared values only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from facilitator.kinds import KINDS, StepKind

PACKAGE = Path(__file__).resolve().parents[2] / "facilitator"
SCRIPTS = ["participate.js", "projector.js", "facilitate.js", "assessment.js"]
LIVE_MODULES = ["live/snapshots.py", "live/content.py", "live/broadcast.py"]


def script(name: str) -> str:
    """A page script by its name in `static/js/`, or a kind's by its path under `static/`."""
    path = PACKAGE / "static" / (name if "/" in name else f"js/{name}")
    return path.read_text(encoding="utf-8")


def test_scripts_never_compare_a_kind() -> None:
    for name in SCRIPTS:
        assert not re.search(r"\bkind\b", script(name)), name


def test_snapshot_builders_name_no_kind() -> None:
    for module in LIVE_MODULES:
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        named = {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        assert not named & set(KINDS), module


PAGES = ["participate.js", "projector.js", "facilitate.js"]
REGISTERS = re.compile(r"\bL\.inputs\.(\w+)\s*=")


def own_inputs(kind: StepKind) -> set[str]:
    """The inputs the kind's own scripts register into the pages' `Live.inputs`."""
    return {found for name in kind.scripts for found in REGISTERS.findall(script(name))}


def test_the_scripts_handle_every_declared_value() -> None:
    """Every declared input is drawn: by the phone page itself, or by the kind's own script
    (registered under the declared value, which the pages then look up)."""
    phone = script("participate.js")
    for kind in KINDS.values():
        assert f'"{kind.phone_input}"' in phone or kind.phone_input in own_inputs(kind), kind.name
        if kind.answer_form is not None:
            assert f'"{kind.answer_form}"' in phone, kind.name
        if kind.note_target is not None and kind.note_target != "column":
            # the label of the list a note is written into is the target's string
            strings = (PACKAGE / "templates" / "sessions" / "_strings.html").read_text("utf-8")
            assert f'"{kind.note_target}":' in strings, kind.name


def test_a_kinds_own_input_is_known_to_its_script_alone() -> None:
    """A kind's script registers only the input its kind declares, with all three views; the
    pages name no such input (they look it up in `Live.inputs`), so a new one needs no edit."""
    registered = set()
    for kind in KINDS.values():
        for name in kind.scripts:
            assert (PACKAGE / "static" / name).is_file(), name
        for value in own_inputs(kind):
            assert value == kind.phone_input, kind.name
            registered.add(value)
    assert {"order", "placement", "questions"} <= registered  # the ranking's, 2x2's, Q&A's
    for page in PAGES:
        source = script(page)
        assert "L.inputs[step.input]" in source, page
        assert not [value for value in registered if f'"{value}"' in source], page
    for kind in KINDS.values():
        for name in kind.scripts:
            if own_inputs(kind):
                source = script(name)
                for view in ("phone", "projector", "control"):
                    assert re.search(rf"\b{view}:", source), (name, view)


GLOBALS = re.compile(r"\bwindow\.(\w+)\s*=")


def test_the_pages_reach_a_kinds_script_through_the_registry_alone() -> None:
    """A kind's script puts nothing of its own on `window` for the pages to call (as `qa.js`
    did with `window.QA`): the pages reach it only through `Live.inputs`."""
    own = {name: GLOBALS.findall(script(name)) for kind in KINDS.values() for name in kind.scripts}
    assert {name: found for name, found in own.items() if found} == {}
    assert GLOBALS.search("  window.QA = { phoneList: phoneList };")  # the check finds them


SHEET_CLASS = re.compile(r"\.([a-z][a-z0-9-]*)")
DRAWN_CLASS = re.compile(r"class: \"([^\"]+)\"")


def _styled(css: str) -> set[str]:
    """The class names a style sheet's selectors name (declarations left out)."""
    selectors = re.sub(r"\{[^}]*\}", "{}", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    return set(SHEET_CLASS.findall(selectors))


def _drawn(js: str) -> set[str]:
    """The class names a script puts on the elements it draws (`class: "a b"`)."""
    return {name for found in DRAWN_CLASS.findall(js) for name in found.split()}


def test_a_kinds_styles_are_its_own_and_linked_by_every_live_page() -> None:
    """The classes only a kind's own script draws are styled in the kind's own sheet, which
    the live pages link, never in the shared `app.css`."""
    static = PACKAGE / "static"
    shared_sheet = _styled((static / "css" / "app.css").read_text(encoding="utf-8"))
    pages = set().union(*(_drawn(script(name)) for name in [*SCRIPTS, "live.js"]))
    for template in (PACKAGE / "templates").rglob("*.html"):  # the shared vocabulary
        for found in re.findall(r'class="([^"{]+)"', template.read_text(encoding="utf-8")):
            pages |= set(found.split())
    for kind in KINDS.values():
        if not kind.scripts:
            continue
        own = set().union(*(_drawn(script(name)) for name in kind.scripts)) - pages
        sheets = set().union(
            *(_styled((static / style).read_text(encoding="utf-8")) for style in kind.styles)
        )
        assert own.isdisjoint(shared_sheet), (kind.name, sorted(own & shared_sheet))
        assert own & sheets, kind.name  # the kind styles what it draws itself
    template = (PACKAGE / "templates" / "sessions" / "_live_styles.html").read_text()
    assert "kind_styles" in template
    for page in ("participate", "projector", "facilitate", "observe"):
        text = (PACKAGE / "templates" / "sessions" / f"{page}.html").read_text()
        assert '{% include "sessions/_live_styles.html" %}' in text, page
