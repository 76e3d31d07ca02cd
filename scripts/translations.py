"""Keep the German and English catalogues complete: extract, update, fill, compile, check.

Usage: .venv/bin/python scripts/translations.py [--check]

Source strings are English. The English catalogue mirrors them; German translations are
written in facilitator/translations/de/LC_MESSAGES/messages.po. With --check nothing is written
and the exit code is 1 if a string lacks a German translation.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "facilitator" / "translations"
POT = TRANSLATIONS / "messages.pot"


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


def extract() -> None:
    pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "-k",
        "plural_forms:1,2",
        "--no-location",
        "--sort-output",
        "--project",
        "facilitator",
        "-o",
        str(POT),
        ".",
    )


def po_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


def missing(lang: str) -> list[str]:
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle)
    with POT.open("rb") as handle:
        template = read_po(handle)
    result = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        forms = translated.string if translated is not None else ""
        if isinstance(forms, str):
            forms = (forms,)
        if translated is None or not all(forms) or translated.fuzzy:
            result.append(str(message.id))
    return result


def fill_english() -> None:
    path = po_path("en")
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and (not all(forms) or message.fuzzy):
            message.string = message.id
            message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100)


def main() -> int:
    if "--check" not in sys.argv:
        extract()
        for lang in ("de", "en"):
            if po_path(lang).exists():
                pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", lang, "-w", "100")
            else:
                pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", lang, "-w", "100")
        fill_english()
        pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")
    gaps = {lang: missing(lang) for lang in ("de", "en")}
    for lang, ids in gaps.items():
        for message_id in ids:
            print(f"{lang}: no translation for {message_id!r}")
    return 1 if any(gaps.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
