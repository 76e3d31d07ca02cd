"""Merge-suggestion benchmark: how long the near-duplicate groups take for a big board.

Run:  .venv/bin/python bench/suggestions.py [--notes 300 1000] [--repeat 5] [--seed 1] [--show 5]

Generates plausible German workshop notes on a two-column board (fears / hopes about AI at
work): about 60 topics, each written in several wordings, with the variations 1,000 phones
produce (identical duplicates, case, punctuation, "ae" for "ä", typos, filler words, emoji).
Then it times `facilitator.similarity.suggest` (pure, in-process, no database, no network;
median of `--repeat` runs, wall-clock) and prints the number of groups and of notes in them.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from facilitator.similarity import Candidate, suggest  # noqa: E402

FEARS = [
    ["Angst vor Jobverlust", "Ich habe Angst, meinen Job zu verlieren", "Arbeitsplätze fallen weg"],
    ["Überwachung am Arbeitsplatz", "Leistungskontrolle durch KI", "Totale Überwachung"],
    ["Datenschutz bei Kundendaten", "Was passiert mit unseren Daten?", "Datenschutz"],
    ["Fehler der KI merkt keiner", "Falsche Antworten der KI", "KI macht Fehler"],
    ["Zu wenig Schulung", "Keine Zeit für Weiterbildung", "Wer schult uns?"],
    ["Mehr Arbeitsdruck", "Noch mehr Tempo und Stress", "Arbeitsverdichtung"],
    ["Ältere Kollegen werden abgehängt", "Ältere kommen nicht mit"],
    ["Verantwortung bei Fehlern unklar", "Wer haftet, wenn die KI falsch liegt?"],
    ["Betriebsrat wird nicht beteiligt", "Mitbestimmung wird umgangen"],
    ["Abhängigkeit von großen Anbietern", "Abhängigkeit von Microsoft und Google"],
    ["Kosten für Lizenzen", "Teure Lizenzen ohne Nutzen"],
    ["Wissen geht verloren", "Wir verlernen unser Handwerk"],
    ["Kunden wollen Menschen, keine Chatbots", "Kunden mögen keine Chatbots"],
    ["Bewerbungen werden von KI aussortiert", "KI entscheidet über Bewerbungen"],
    ["Diskriminierung durch Algorithmen", "KI benachteiligt Frauen"],
    ["Keine klaren Regeln für die Nutzung", "Es fehlt eine Betriebsvereinbarung"],
    ["Geschäftsgeheimnisse landen in ChatGPT", "Betriebsgeheimnisse werden hochgeladen"],
    ["Technik funktioniert nicht zuverlässig", "Das System stürzt ständig ab"],
    ["Entscheidungen werden nicht mehr erklärt", "Niemand versteht, wie die KI entscheidet"],
    ["Weniger Kontakt im Team", "Wir reden nur noch mit Maschinen"],
    ["Urheberrecht bei KI-Texten unklar", "Wem gehören die KI-Bilder?"],
    ["Energieverbrauch der Rechenzentren", "KI schadet dem Klima"],
    ["Lohndruck durch Automatisierung", "Löhne sinken"],
    ["Azubis lernen nichts mehr selbst", "Auszubildende verlassen sich nur auf KI"],
    ["Zu schnelle Einführung", "Alles wird übers Knie gebrochen"],
    ["Keine Zeit zum Ausprobieren", "Im Alltag keine Zeit zum Testen"],
    ["Fake News und Deepfakes", "Gefälschte Videos"],
    ["Gesundheit: Bildschirmzeit steigt", "Noch mehr sitzen am Bildschirm"],
    ["Führungskräfte verstehen KI selbst nicht", "Chefs haben keine Ahnung von KI"],
    ["Rationalisierung in der Verwaltung", "Stellenabbau im Büro"],
]
HOPES = [
    ["Weniger Bürokratie", "Weniger Papierkram", "Bürokratie abbauen"],
    ["Entlastung bei Routineaufgaben", "Routinearbeiten automatisieren", "Lästige Routine weg"],
    ["Mehr Zeit für Kunden", "Mehr Zeit für die Kundschaft", "Zeit für Beratung"],
    ["Schnellere Angebote schreiben", "Angebote in Minuten statt Stunden"],
    ["Bessere Dokumentation", "Dokumentation auf der Baustelle per Sprache"],
    ["Übersetzungen für Kollegen", "Sprachbarrieren abbauen", "Übersetzung für Kollegen"],
    ["Fachkräftemangel abfedern", "Hilfe gegen den Fachkräftemangel"],
    ["Weniger körperlich schwere Arbeit", "Roboter für schwere Lasten"],
    ["Bessere Planung der Einsätze", "Tourenplanung optimieren"],
    ["Wissen im Betrieb sichern", "Erfahrung der Alten festhalten"],
    ["Fehler früher erkennen", "Qualitätskontrolle mit Kamera"],
    ["Neue Geschäftsideen", "Neue Produkte und Dienstleistungen"],
    ["Weiterbildung für alle", "Lernen mit KI-Tutor"],
    ["Attraktiver für junge Leute", "Moderner Betrieb zieht Azubis an"],
    ["Weniger Überstunden", "Pünktlich Feierabend"],
    ["Buchhaltung automatisch", "Rechnungen automatisch erfassen"],
    ["Schneller Antworten auf E-Mails", "E-Mails vorformulieren lassen"],
    ["Barrierefreiheit verbessern", "Hilfe für Kollegen mit Behinderung"],
    ["Energie sparen durch bessere Steuerung", "Heizung intelligent steuern"],
    ["Wartung vorausschauend planen", "Maschinenausfälle vorhersagen"],
    ["Mehr Mitsprache bei der Einführung", "Beschäftigte gestalten mit"],
    ["Lagerbestand im Blick", "Materialbestellung automatisch"],
    ["Bessere Arbeitsschutz-Unterweisungen", "Unterweisung per Video"],
    ["Kundenanfragen rund um die Uhr", "Chatbot für einfache Fragen"],
    ["Entlastung im Schichtplan", "Dienstplan fairer erstellen"],
    ["Weniger Suchen nach Unterlagen", "Dokumente schneller finden"],
    ["Präzisere Kalkulation", "Kalkulation genauer machen"],
    ["Homeoffice leichter", "Mehr mobiles Arbeiten"],
    ["Mehr Sicherheit auf der Baustelle", "Unfälle vermeiden"],
    ["Kreativere Arbeit", "Mehr Zeit für kreative Aufgaben"],
]
FILLERS = ["", "", "", "Ich finde: ", "Hoffentlich ", "Sorge: ", "!!", " 👍", " ?"]


def typo(text: str, rng: random.Random) -> str:
    """One slip of the thumb: a letter dropped, doubled or swapped with the next."""
    if len(text) < 6:
        return text
    at = rng.randrange(1, len(text) - 2)
    slip = rng.choice(("drop", "double", "swap"))
    if slip == "drop":
        return text[:at] + text[at + 1 :]
    if slip == "double":
        return text[:at] + text[at] + text[at:]
    return text[:at] + text[at + 1] + text[at] + text[at + 2 :]


def vary(text: str, rng: random.Random) -> str:
    """How another phone writes the same thought."""
    roll = rng.random()
    if roll < 0.35:
        return text  # identical duplicates are the norm
    if roll < 0.45:
        return text.lower()
    if roll < 0.55:
        return text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    if roll < 0.75:
        return typo(text, rng)
    filler = rng.choice(FILLERS)
    if filler.startswith((" ", "!")):
        return text + filler
    return filler + text[0].lower() + text[1:]


def board(count: int, seed: int = 1) -> list[Candidate]:
    """`count` notes over two columns: popular topics come up often, others once or twice."""
    rng = random.Random(seed)
    notes = []
    for index in range(count):
        column, topics = ("fears", FEARS) if index % 2 == 0 else ("hopes", HOPES)
        # Zipf-like popularity: a few thoughts are written by many people
        topic = topics[min(int(rng.paretovariate(1.2)) - 1, len(topics) - 1)]
        if rng.random() < 0.5:
            topic = rng.choice(topics)
        notes.append(Candidate(index + 1, column, vary(rng.choice(topic), rng)))
    return notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="print the first N groups")
    args = parser.parse_args()
    for count in args.notes:
        notes = board(min(count, 5000), args.seed)
        times = []
        for _ in range(max(1, min(args.repeat, 20))):
            started = time.perf_counter()
            clusters = suggest(notes)
            times.append(time.perf_counter() - started)
        grouped = sum(len(cluster.note_ids) for cluster in clusters)
        print(
            f"{count:>5} notes: {statistics.median(times) * 1000:7.1f} ms median of {len(times)}"
            f" · {len(clusters)} groups · {grouped} notes in groups"
        )
        text = {note.id: note.text for note in notes}
        for cluster in clusters[: args.show]:
            print(f"  [{cluster.column}] {cluster.title!r} ({cluster.score}):")
            print("    " + " | ".join(text[i] for i in cluster.note_ids[:8]))


if __name__ == "__main__":
    main()
