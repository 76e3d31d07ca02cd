"""The data inventory in docs/privacy.md lists every stored field, in English and German."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from facilitator.extensions import db

INVENTORY = (Path(__file__).resolve().parents[2] / "docs" / "privacy.md").read_text()
ENGLISH, GERMAN = INVENTORY.split("## Deutsch")
FIELD = re.compile(r"`([a-z_]+)\.([a-z_]+)`")


def stored_fields(app: Flask) -> list[str]:
    with app.app_context():
        return [f"{t.name}.{c.name}" for t in db.metadata.sorted_tables for c in t.columns]


@pytest.mark.parametrize("part", [ENGLISH, GERMAN], ids=["en", "de"])
def test_every_column_is_in_the_inventory(app: Flask, part: str) -> None:
    missing = [field for field in stored_fields(app) if f"`{field}`" not in part]
    assert missing == [], "add these fields to docs/privacy.md"


def test_inventory_lists_no_field_that_does_not_exist(app: Flask) -> None:
    fields = set(stored_fields(app))
    listed = {part.strip("`") for part in INVENTORY.split() if part.count(".") == 1}
    listed = {item.rstrip(",.").strip("`") for item in listed if item.startswith("`")}
    assert {item for item in listed if "." in item} <= fields
