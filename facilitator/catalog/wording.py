"""Rating questions that cannot be read backwards (issue 12 item 8).

A hazard is rated with a traffic light. If the hazard reads negatively ("Nicht erfüllt: …", an
unmet check statement taken over) and the question asks whether something is *met*, a green
light means "the unmet goal is met": a double negative in a legally relevant assessment. The
rule: a hazard is asked "how much / how serious?" (green = little), a positively worded goal
"how well met?" (green = met). These pure functions flag what breaks the rule; the tests run
them over every shipped template and over the take-over path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .spec import LANGUAGES, ExerciseTemplate, StepSpec, Text

# How an unmet check statement is titled once taken over as a hazard (the phones' and the
# report's wording, "Not met: {text}" in the UI catalogue).
NOT_MET = {"de": "Nicht erfüllt: ", "en": "Not met: "}

NEGATION = {
    "de": re.compile(
        r"\b(nicht|kein|keine|keinen|keinem|keiner|keines|niemand|nie|niemals|weder)\b", re.I
    ),
    # "no." before a number is "number" (Annex III no. 4), not a negation
    "en": re.compile(r"\b(not|never|nobody|none|neither|nor)\b|\bno\b(?!\.\s*\d)|n't\b", re.I),
}
# A question that asks whether (or how well) something is met.
FULFILMENT = {
    "de": re.compile(r"\berfüllt\b", re.I),
    "en": re.compile(r"\b(met|fulfilled)\b", re.I),
}
# A question that asks how much of something bad there is.
AMOUNT = {
    "de": re.compile(r"^\s*wie (stark|schwer|sehr|hoch)\b", re.I),
    "en": re.compile(r"^\s*how (much|serious|severe|strongly|high)\b", re.I),
}


def negates(text: str, lang: str) -> bool:
    """The text contains a negation ("nicht", "kein", "not" …)."""
    return bool(NEGATION[lang].search(text))


def asks_fulfilment(question: str, lang: str) -> bool:
    return bool(FULFILMENT[lang].search(question))


def asks_amount(question: str, lang: str) -> bool:
    return bool(AMOUNT[lang].search(question))


def rating_conflict(item: str, question: str, lang: str) -> str | None:
    """Why rating `item` (as phones show it) with `question` reads backwards, or None."""
    negative = item.startswith(NOT_MET[lang]) or negates(item, lang)
    if negative and asks_fulfilment(question, lang):
        return "a negatively worded hazard is asked whether something is met (double negative)"
    if item.startswith(NOT_MET[lang]) and negates(item[len(NOT_MET[lang]) :], lang):
        return "an unmet statement that is itself negated reads as a double negative"
    return None


def taken_over_title(statement: Text, lang: str) -> str:
    """An unmet check statement as a hazard's title (mirrors "Not met: {text}")."""
    return NOT_MET[lang] + statement[lang]


def light_conflict(question: str, lights: list[Text], lang: str) -> str | None:
    """The green label must answer the question: "met" for a fulfilment question, never "met"
    for a how-much question."""
    green = lights[0][lang]
    if asks_amount(question, lang) and asks_fulfilment(green, lang):
        return "a how-much question has a green label that says 'met'"
    if asks_fulfilment(question, lang) and not asks_fulfilment(green, lang):
        return "a fulfilment question has a green label that does not say 'met'"
    return None


def _risk_steps(template: ExerciseTemplate) -> Iterator[StepSpec]:
    """The steps that rate hazards: their settings list `hazards` (the catalog knows no kinds)."""
    return (step for step in template.steps if "hazards" in step.settings)


def template_problems(template: ExerciseTemplate) -> list[str]:
    """Every place in a template where a rating question and what it rates disagree."""
    problems: list[str] = []
    steps = {step.key: step for step in template.steps}
    for step in _risk_steps(template):
        settings = step.settings
        check = steps.get(settings["check"]) if settings.get("check") else None
        titles = {
            lang: [taken_over_title(s["text"], lang) for s in check.settings["statements"]]
            if check
            else []
            for lang in LANGUAGES
        }
        for lang in LANGUAGES:
            where = f"{template.slug}: steps {step.key!r} ({lang})"
            items = titles[lang] + [hazard["text"][lang] for hazard in settings["hazards"]]
            question = (settings.get("question") or {}).get(lang)
            for asked in filter(None, (question, step.prompt[lang] if check else None)):
                for item in items:
                    conflict = rating_conflict(item, asked, lang)
                    if conflict:
                        problems.append(f"{where}: {item!r} rated with {asked!r}: {conflict}")
            if question and settings.get("lights"):
                conflict = light_conflict(question, settings["lights"], lang)
                if conflict:
                    problems.append(f"{where}: {conflict}")
    return problems
