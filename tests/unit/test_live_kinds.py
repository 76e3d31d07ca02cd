"""The live pages know no kind by name: each kind declares what its step header tells the page
scripts (which input block the phones show, how an item is answered, what a note is written
into), and the scripts and snapshot builders branch on those declared values only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from facilitator.kinds import KINDS

PACKAGE = Path(__file__).resolve().parents[2] / "facilitator"
SCRIPTS = ["participate.js", "projector.js", "facilitate.js", "assessment.js"]
LIVE_MODULES = ["live/snapshots.py", "live/content.py", "live/broadcast.py"]


def script(name: str) -> str:
    return (PACKAGE / "static" / "js" / name).read_text(encoding="utf-8")


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


def test_the_scripts_handle_every_declared_value() -> None:
    phone = script("participate.js")
    for kind in KINDS.values():
        assert f'"{kind.phone_input}"' in phone, kind.name
        if kind.answer_form is not None:
            assert f'"{kind.answer_form}"' in phone, kind.name
        if kind.note_target is not None and kind.note_target != "column":
            # the label of the list a note is written into is the target's string
            strings = (PACKAGE / "templates" / "sessions" / "_strings.html").read_text("utf-8")
            assert f'"{kind.note_target}":' in strings, kind.name
