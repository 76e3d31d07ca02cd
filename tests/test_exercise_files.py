"""Every shipped exercise template loads, in German and English."""

from __future__ import annotations

import re
from pathlib import Path

from facilitator.catalog import Catalog
from facilitator.catalog.spec import LANGUAGES
from facilitator.kinds import KINDS

EXERCISES = Path(__file__).resolve().parents[1] / "exercises"


def test_every_exercise_file_is_valid() -> None:
    catalog = Catalog.load(EXERCISES, KINDS)
    assert len(catalog) == len(list(EXERCISES.glob("*.toml")))
    assert "aengste-und-chancen" in catalog
    for template in catalog:
        assert set(template.title) == set(LANGUAGES)
        for step in template.steps:
            assert all(step.title[lang] and step.prompt[lang] for lang in LANGUAGES)


def test_every_shipped_template_declares_observable_learning_objectives() -> None:
    """Optional in the format (own templates have none), required for what we ship: the
    report's AI-literacy record lists them."""
    for template in Catalog.load(EXERCISES, KINDS):
        objectives = template.learning_objectives
        assert 2 <= len(objectives) <= 4, template.slug
        for objective in objectives:
            assert objective["de"].startswith("Die Teilnehmenden können "), objective
            assert objective["en"].startswith("Participants can "), objective
            assert objective["de"].endswith("."), objective
            assert objective["en"].endswith("."), objective


def test_fears_and_hopes_has_info_board_and_dot_vote() -> None:
    template = Catalog.load(EXERCISES, KINDS).get("aengste-und-chancen")
    kinds = [step.kind for step in template.steps]
    assert kinds[:3] == ["info", "board", "dot_vote"]
    board = template.steps[1]
    assert [c["title"]["de"] for c in board.settings["columns"]] == [
        "Chancen und Hoffnungen",
        "Sorgen und Befürchtungen",
    ]


def test_basics_quiz_covers_ai_beyond_chatbots_and_learning_from_data() -> None:
    quiz = Catalog.load(EXERCISES, KINDS).get("ki-grundlagen-quiz")
    questions = {step.key: step for step in quiz.steps if step.kind == "quiz"}
    assert {"jenseits-chatbot", "lernen", "verzerrung"} <= set(questions)
    assert questions["verzerrung"].settings["correct"] == ["muster"]
    for step in questions.values():  # every answer is explained, in both languages
        assert all(step.settings["explanation"][lang] for lang in LANGUAGES), step.key


# The templates that close the gaps of the curriculum map (CURRICULUM.md, N1–N8).
NEW_TEMPLATES = (
    "sichere-smarte-arbeitsmittel",
    "daten-organisieren",
    "lern-und-beteiligungskultur",
    "gesundheit-digital",
    "ki-leitlinien",
    "ki-strategie",
    "organisationsfolgen-ki",
    "arbeit-im-wandel",
)


def test_the_eight_curriculum_templates_are_complete_workshops() -> None:
    catalog = Catalog.load(EXERCISES, KINDS)
    assert len(catalog) == 22
    for slug in NEW_TEMPLATES:
        template = catalog.get(slug)
        assert 45 <= template.duration_minutes <= 90, slug
        # every step tells the facilitator how long, what to watch for or how to read it
        for step in template.steps:
            assert step.facilitator_notes, f"{slug}: {step.key}"
        # the header comment names the published sources the items follow
        header = (EXERCISES / f"{slug}.toml").read_text(encoding="utf-8").split("format_version")[0]
        assert header.startswith("#"), slug
        assert "Sources" in header, slug


def coverage_rows() -> list[tuple[str, str]]:
    """The rows of the coverage table in exercises/README.md: (sequence, templates and steps)."""
    text = (EXERCISES / "README.md").read_text(encoding="utf-8")
    table = text.split("## Coverage of the AI qualification modules", 1)[1]
    rows = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 2 and cells[0][:1].isdigit():
            rows.append((cells[0], cells[1]))
    return rows


def test_coverage_table_names_only_existing_templates_and_steps() -> None:
    catalog = Catalog.load(EXERCISES, KINDS)
    rows = coverage_rows()
    assert len(rows) == 40 + 9  # modules 1–5 and the nine works-council topics
    named: set[str] = set()
    for sequence, cell in rows:
        if cell.startswith("pure input: "):
            assert len(cell) > len("pure input: ") + 20, f"{sequence}: give a reason"
            continue
        for part in cell.split(";"):
            slug, _, keys = part.partition(":")
            slug = slug.strip().strip("`")
            assert slug in catalog, f"{sequence}: no template {slug!r}"
            named.add(slug)
            steps = {step.key for step in catalog.get(slug).steps}
            found = re.findall(r"`([^`]+)`", keys)
            assert found, f"{sequence}: {slug} names no step"
            for key in found:
                assert key in steps, f"{sequence}: {slug} has no step {key!r}"
    # every shipped template serves at least one learning sequence
    assert named == {template.slug for template in catalog}
