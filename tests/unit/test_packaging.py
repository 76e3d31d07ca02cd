"""The wheel's package list is complete (it is explicit, because it maps exercises/ in)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_is_in_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "facilitator").rglob("__init__.py")
    }
    assert found <= listed, "add these packages to [tool.setuptools] packages in pyproject.toml"
    assert config["package-dir"]["facilitator.exercises"] == "exercises"
    assert "*.toml" in config["package-data"]["facilitator.exercises"]
