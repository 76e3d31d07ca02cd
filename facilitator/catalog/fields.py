"""Small validators shared by the loader and the step kinds; errors name the key path."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .spec import LANGUAGES, CatalogError, Text

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def fail(where: str, problem: str) -> CatalogError:
    return CatalogError(f"{where}: {problem}")


def path(where: str, name: str) -> str:
    """The key path of `name` inside the table at `where` ("" is the file's top level)."""
    return f"{where}.{name}" if where else name


def reject_unknown(table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    for name in table:
        if name not in allowed:
            raise fail(path(where, name), "unknown key")


def required(table: Mapping[str, Any], name: str, where: str) -> Any:
    if name not in table:
        raise fail(path(where, name), "missing")
    return table[name]


def text(value: Any, where: str) -> Text:
    if not isinstance(value, Mapping):
        raise fail(where, 'must be a table with de and en texts, e.g. { de = "…", en = "…" }')
    reject_unknown(value, set(LANGUAGES), where)
    result: Text = {}
    for lang in LANGUAGES:
        item = value.get(lang)
        if not isinstance(item, str) or not item.strip():
            raise fail(f"{where}.{lang}", "missing or empty text")
        result[lang] = item.strip()
    return result


def integer(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise fail(where, f"must be an integer from {low} to {high}")
    return value


def boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise fail(where, "must be true or false")
    return value


def key(value: Any, where: str) -> str:
    if not isinstance(value, str) or not KEY_PATTERN.match(value):
        raise fail(where, "must be a key of lowercase letters, digits and dashes")
    return value


def string(value: Any, where: str, max_length: int) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        raise fail(where, f"must be a text of at most {max_length} characters")
    return value.strip()


def table_list(value: Any, where: str, low: int, high: int) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not low <= len(value) <= high:
        raise fail(where, f"must be a list of {low} to {high} tables")
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise fail(f"{where}[{index}]", "must be a table")
    return value


def keyed_tables(
    value: Any, where: str, low: int, high: int, allowed: set[str]
) -> list[tuple[str, Mapping[str, Any], str]]:
    """A list of tables that each have a unique `key` (columns, options, statements …):
    per table its key path, the table and its key."""
    entries = []
    seen: set[str] = set()
    for index, table in enumerate(table_list(value, where, low, high)):
        at = f"{where}[{index}]"
        reject_unknown(table, {"key", *allowed}, at)
        table_key = key(required(table, "key", at), f"{at}.key")
        if table_key in seen:
            raise fail(f"{at}.key", f"duplicate key {table_key!r}")
        seen.add(table_key)
        entries.append((at, table, table_key))
    return entries


def keyed_texts(
    value: Any, where: str, low: int, high: int, name: str = "text"
) -> list[dict[str, Any]]:
    """Keyed tables with one text each, e.g. `{ key = "a", text = { de = …, en = … } }`."""
    return [
        {"key": table_key, name: text(required(table, name, at), f"{at}.{name}")}
        for at, table, table_key in keyed_tables(value, where, low, high, {name})
    ]


def labels(value: Any, where: str, count: int, default: list[Text] | None) -> list[Text]:
    """The labels of a scale's points, one per point; `default` when none are given."""
    if value is None:
        if default is None or len(default) != count:
            raise fail(where, f"missing: {count} labels for {count} points")
        return default
    if not isinstance(value, list) or len(value) != count:
        raise fail(where, f"needs exactly {count} labels")
    return [text(label, f"{where}[{index}]") for index, label in enumerate(value)]
