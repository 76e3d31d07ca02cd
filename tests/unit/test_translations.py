"""German and English catalogues are complete and compiled."""

from __future__ import annotations

import gettext
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import Babel

from facilitator.i18n import plural_forms
from facilitator.reports.section_base import answered

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "facilitator" / "translations"


def test_every_string_has_a_german_and_english_translation() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/translations.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("lang", ["de", "en"])
def test_compiled_catalogue_matches_the_po_file(lang: str) -> None:
    folder = TRANSLATIONS / lang / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    with (folder / "messages.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog:
        if message.id and isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, message.id


@pytest.mark.parametrize(
    ("lang", "one", "other"),
    [
        ("de", "{n} hat abgestimmt", "{n} haben abgestimmt"),
        ("en", "{n} has voted", "{n} have voted"),
    ],
)
def test_counts_have_a_singular_for_one(lang: str, one: str, other: str) -> None:
    """ "1 haben abgestimmt" is wrong German: counts carry both forms, in the catalogue and in
    the strings the live pages pick from."""
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.ngettext("{n} has voted", "{n} have voted", 1) == one
    assert compiled.ngettext("{n} has voted", "{n} have voted", 7) == other
    app = Flask(__name__)
    app.config.update(BABEL_DEFAULT_LOCALE=lang, BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS))
    Babel(app)
    with app.test_request_context():
        assert plural_forms("{n} has voted", "{n} have voted") == {"one": one, "other": other}

        expected = {"de": "1 Person hat geantwortet.", "en": "1 person answered."}[lang]
        assert answered(1).text == expected
