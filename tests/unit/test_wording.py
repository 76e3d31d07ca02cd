"""The wording rule for rating questions: a hazard is asked "how much?", a goal "how well met?";
a question never negates the item it rates."""

from __future__ import annotations

import dataclasses

import pytest

from facilitator.catalog import Catalog
from facilitator.catalog.wording import (
    light_conflict,
    negates,
    rating_conflict,
    template_problems,
)
from facilitator.kinds import KINDS
from tests.test_exercise_files import EXERCISES


@pytest.mark.parametrize(
    ("item", "question", "lang", "flagged"),
    [
        (
            "Nicht erfüllt: Bei Ausfall gibt es einen Plan B.",
            "Ist das Gestaltungsziel erfüllt?",
            "de",
            True,
        ),
        (
            "Nicht erfüllt: Bei Ausfall gibt es einen Plan B.",
            "Wie stark belastet das?",
            "de",
            False,
        ),
        ("Not met: There is a plan B.", "Is the design goal met?", "en", True),
        ("Not met: There is a plan B.", "How much strain does this cause?", "en", False),
        (
            "Das System erzeugt keine Erwartung ständiger Erreichbarkeit.",
            "Ist das erfüllt?",
            "de",
            True,
        ),
        (
            "Bei Ausfall gibt es einen Plan B.",
            "Wie gut ist das Gestaltungsziel erfüllt?",
            "de",
            False,
        ),
        ("Nicht erfüllt: Fehler werden nicht sanktioniert.", "Wie stark belastet das?", "de", True),
        ("Not met: Mistakes are not sanctioned.", "How much strain does this cause?", "en", True),
        ("Zeitdruck durch KI-Vorgaben", "Wie stark belastet das?", "de", False),
    ],
)
def test_rating_conflict(item: str, question: str, lang: str, flagged: bool) -> None:
    assert (rating_conflict(item, question, lang) is not None) is flagged


def test_negation_words_but_not_numbers() -> None:
    assert negates("Das System bleibt ohne Profile, aber nicht ohne Folgen", "de")
    assert not negates("Anhang III Nr. 4 KI-VO", "de")
    assert not negates("Annex III no. 4 AI Act", "en")
    assert negates("There is no plan B", "en")
    assert negates("It doesn't stop", "en")


def test_light_labels_answer_the_question() -> None:
    strain = [{"de": "Grün: gering", "en": "Green: low"}] * 3
    met = [{"de": "Grün: erfüllt", "en": "Green: met"}] * 3
    assert light_conflict("Wie stark belastet das?", strain, "de") is None
    assert light_conflict("Wie stark belastet das?", met, "de")
    assert light_conflict("Is the design goal met?", strain, "en")
    assert light_conflict("How well is the design goal met?", met, "en") is None


def test_no_shipped_template_asks_a_question_that_negates_its_item() -> None:
    for template in Catalog.load(EXERCISES, KINDS):
        assert template_problems(template) == [], template.slug


def test_the_old_t5_prompt_is_flagged() -> None:
    """The wording before the fix, put back into the shipped template, fails the rule."""
    t5 = Catalog.load(EXERCISES, KINDS).get("gefaehrdungsbeurteilung-ki")
    steps = [
        dataclasses.replace(
            step,
            prompt={
                "de": "Für jede Gefährdung: Ist das Gestaltungsziel erfüllt? Grün = erfüllt.",
                "en": "For each hazard: is the design goal met? Green = met.",
            },
            settings={**step.settings, "question": None},
        )
        if step.kind == "risk"
        else step
        for step in t5.steps
    ]
    problems = template_problems(dataclasses.replace(t5, steps=tuple(steps)))
    assert len(problems) == 2 * 20  # every statement, in both languages
    assert "double negative" in problems[0]
