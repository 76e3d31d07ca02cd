"""The DOCX's page frame: A4, the workshop's language for spelling (de-DE or en-GB), the title
and the interim mark in the header and "Page x of y" with the time of generation in the footer of
every section, a cover, a table of contents field, landscape sections that end in portrait, and
the approval block with roles and room for reservations.

python-docx has no API for fields, document language or cell shading; those are written as
WordprocessingML elements, as its documentation suggests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from flask_babel import gettext as _

from .data import ReportData
from .tables import facts_rows, generated_text

LANGUAGES = {"de": "de-DE", "en": "en-GB"}
INTERIM_RED = RGBColor(0xA4, 0x16, 0x1A)


def _field(paragraph: Any, instruction: str, placeholder: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES, TOC …): begin, instruction, separator, shown text, end."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")  # Word computes it when the file is opened
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _language(document: Any, code: str) -> None:
    """The proofing language of every style, so Word checks the spelling in that language."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.append(run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    for style in [None, *document.styles]:
        target = properties if style is None else style.element.get_or_add_rPr()
        old = target.find(qn("w:lang"))
        if old is not None:
            target.remove(old)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), code)
        lang.set(qn("w:eastAsia"), code)
        lang.set(qn("w:bidi"), "ar-SA")
        target.append(lang)


def _update_fields_on_open(document: Any) -> None:
    """Ask Word to fill the table of contents and page counts when the file is opened."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _a4(section: Any, landscape: bool = False) -> None:
    width, height = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)


def prepare(document: Any, report: ReportData) -> None:
    """A4 portrait, the document language, header and footer on every page."""
    section = document.sections[0]
    _a4(section)
    _language(document, LANGUAGES.get(report.language, report.language))
    _update_fields_on_open(document)
    document.styles["Normal"].font.size = Pt(10.5)
    header = section.header.paragraphs[0]
    header.text = report.title
    header.runs[0].font.size = Pt(8)
    if report.facts.interim:
        run = header.add_run("  ·  " + _("Interim result"))
        run.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = INTERIM_RED
    footer = section.footer.paragraphs[0]
    footer.add_run(generated_text(report) + "  ·  ").font.size = Pt(8)
    page, pages = _("Page %(page)s of %(pages)s", page="\x00", pages="\x01").split("\x00")
    before, after = pages.split("\x01")
    footer.add_run(page)
    _field(footer, "PAGE")
    footer.add_run(before)
    _field(footer, "NUMPAGES")
    footer.add_run(after)
    for run in footer.runs:
        run.font.size = Pt(8)


def cover(
    document: Any, report: ReportData, pairs: Callable[[Any, list[tuple[str, str]]], None]
) -> None:
    document.add_paragraph(_("Result report"))
    document.add_heading(report.title, level=1)
    if report.facts.interim:
        run = document.add_paragraph().add_run(
            _("Interim result: the workshop was still running when this was produced.")
        )
        run.bold = True
        run.font.color.rgb = INTERIM_RED
    pairs(document, facts_rows(report))
    document.add_page_break()


def contents(document: Any) -> None:
    """A table-of-contents field over the headings; Word fills it when the file is opened."""
    document.add_heading(_("Contents"), level=1)
    _field(
        document.add_paragraph(),
        'TOC \\o "1-2" \\h \\z \\u',
        _("The table of contents is filled in when the file is opened (or: update field)."),
    )
    document.add_page_break()


def landscape(document: Any) -> None:
    _a4(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)


def portrait(document: Any) -> None:
    _a4(document.add_section(WD_SECTION.NEW_PAGE))


def approval(document: Any, roles: Sequence[str]) -> None:
    """One signature field per role, then room for reservations."""
    document.add_heading(_("Approval"), level=2)
    document.add_paragraph(
        _(
            "Read and agreed. Reservations or dissenting opinions are noted below with the "
            "role that raises them."
        )
    )
    grid = document.add_table(rows=(len(roles) + 1) // 2, cols=2)
    grid.style = "Table Grid"
    for index, role in enumerate(roles):
        cell = grid.cell(index // 2, index % 2)
        cell.text = ""
        cell.paragraphs[0].add_run(role).bold = True
        cell.add_paragraph("\n\n")
        cell.add_paragraph(_("Date, name, signature")).runs[0].font.size = Pt(8)
    document.add_heading(_("Reservations"), level=3)
    box = document.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    box.cell(0, 0).text = "\n" * 8
