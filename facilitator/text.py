"""Text typed by people: one normal form, what it may contain, and a printable copy.

Every form's text fields pass through `normalize` and `text_problem` (see `TextForm`), so what
is stored is NFC with one kind of line break and holds no control characters other than newline
and tab, and never consists of invisible characters only. Reports additionally render through
`printable_tree`, because data stored before these checks (or a template's text) must never make
an export fail: XML-based formats (DOCX, XLSX) refuse control characters outright.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, StringField, ValidationError

T = TypeVar("T")

ALLOWED_CONTROLS = frozenset("\n\t")
# Characters that show nothing, beyond whitespace and Unicode's format characters (Cf, e.g.
# zero-width space, joiners, BOM, bidi controls): fillers that fonts draw blank.
BLANKS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0"
    + "".join(chr(code) for code in range(0xFE00, 0xFE10))  # variation selectors
)
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


# A control character other than newline and tab (Unicode category Cc), a lone surrogate (Cs)
# or a noncharacter: nothing a person means to type, and nothing XML (DOCX, XLSX) may hold.
# One compiled class, so that checking a form field costs one call, not several per character
# (every socket payload's idempotency key passes through here on the hot path of a dot).
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)


def is_forbidden(char: str) -> bool:
    """A control character other than newline and tab, a lone surrogate or a noncharacter."""
    return _FORBIDDEN.match(char) is not None


def is_invisible(char: str) -> bool:
    """Shows nothing on screen: whitespace, format characters, blank fillers."""
    return (
        char.isspace()
        or char in BLANKS
        or unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp", "Cc")
        or 0xE0100 <= ord(char) <= 0xE01EF  # variation selectors supplement
    )


def normalize(value: str) -> str:
    """NFC, one kind of line break (LF), no surrounding whitespace."""
    return _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", value)).strip()


def text_problem(value: str) -> str | None:
    """Why `value` cannot be accepted ("control" or "invisible"), or None if it can."""
    if _FORBIDDEN.search(value):
        return "control"
    if value and all(is_invisible(char) for char in value):
        return "invisible"
    return None


def collation_key(value: str) -> tuple[str, str]:
    """A sort key that orders German the way a reader expects (DIN 5007-1, as in a
    dictionary): "Ä" with "A", "ß" with "ss", case ignored; ties keep a fixed order. No locale
    and no ICU needed: the accents are split off (NFKD) and dropped."""
    folded = unicodedata.normalize("NFKD", value.casefold())
    base = "".join(char for char in folded if not unicodedata.combining(char))
    return base, value


def printable(value: str) -> str:
    """`value` without the characters `is_forbidden` names (line breaks become LF)."""
    value = _LINE_BREAKS.sub("\n", value)
    if not _FORBIDDEN.search(value):
        return value
    return "".join(char for char in value if not is_forbidden(char))


def printable_tree(value: T) -> T:
    """A copy of `value` with every string in it made `printable`: through frozen dataclasses,
    tuples, lists and dicts (what the report's data is built from)."""
    return _printable(value)  # type: ignore[no-any-return]


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _printable(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return type(value)(*(_printable(item) for item in value))
    if isinstance(value, list | tuple):
        return type(value)(_printable(item) for item in value)
    if isinstance(value, dict):
        return {_printable(key): _printable(item) for key, item in value.items()}
    return value


# --- forms ----------------------------------------------------------------------------------

MESSAGES = {
    "control": _l(
        "The text contains control characters (invisible special characters). Please remove "
        "them, e.g. by typing the text instead of pasting it."
    ),
    "invisible": _l("The text consists of invisible characters only. Please write something."),
}


def _normalized(value: object) -> object:
    return normalize(value) if isinstance(value, str) else value


def plain_text(form: Any, field: Field) -> None:
    """WTForms validator: no control characters, not only invisible characters."""
    if isinstance(field.data, str) and (problem := text_problem(field.data)):
        raise ValidationError(MESSAGES[problem])


class TextForm(FlaskForm):
    """Base of every form: each text field (not passwords) is normalised first and checked
    last, so no form can forget it."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                declared = unbound_field.kwargs  # shared by every instance: left unchanged
                options = {
                    **options,
                    "filters": [_normalized, *declared.get("filters", ())],
                    "validators": [*(declared.get("validators") or ()), plain_text],
                }
            return super().bind_field(form, unbound_field, options)  # type: ignore[misc]
