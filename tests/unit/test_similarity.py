"""Merge suggestions (pure): near-duplicates grouped, other topics and columns apart."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.similarity import Candidate, normalize, suggest, words


def notes(*texts: str, column: str = "pro", start: int = 1) -> list[Candidate]:
    return [Candidate(start + index, column, text) for index, text in enumerate(texts)]


def groups(candidates: list[Candidate], **options: object) -> list[tuple[int, ...]]:
    return [cluster.note_ids for cluster in suggest(candidates, **options)]  # type: ignore[arg-type]


def test_normalize_folds_case_umlauts_accents_and_punctuation() -> None:
    assert normalize("  Ärger über DATENSCHUTZ!!! ") == "aerger ueber datenschutz"
    assert normalize("Straße") == normalize("STRASSE") == "strasse"
    fullwidth = "\uff26\uff55\uff4c\uff4cwidth"  # "Full" in fullwidth letters
    assert normalize(f"Café, {fullwidth}") == "cafe fullwidth"  # NFKC, accents dropped
    assert normalize("👍 ?!") == ""


def test_words_drop_fillers_and_stem_endings() -> None:
    assert words("Ich finde: Angst vor der Überwachung") == ["angst", "ueberwach"]
    assert words("Regelungen") == words("Regelung")
    assert words("und der") == ["und", "der"]  # nothing but fillers: kept, so it still compares


def test_identical_duplicates_are_grouped() -> None:
    board = notes("Angst vor Jobverlust", "Mehr Zeit für Kunden", "Angst vor Jobverlust")
    [cluster] = suggest(board)
    assert cluster.note_ids == (1, 3)
    assert cluster.title == "Angst vor Jobverlust"
    assert cluster.column == "pro"


@pytest.mark.parametrize(
    "variant",
    [
        "angst vor jobverlust",
        "ANGST VOR JOBVERLUST!!!",
        "Angst vor Jobverlust?",
        "Angst vor Jobverlußt",
        "Angst vor Jobverlust 👍",
        "Angst vor dem Jobverlust",
        "Angst vor Jbverlust",  # a typo
    ],
)
def test_case_punctuation_umlaut_and_typo_variants_are_grouped(variant: str) -> None:
    assert groups(notes("Angst vor Jobverlust", variant)) == [(1, 2)]


def test_umlaut_spelled_out_is_the_same_word() -> None:
    assert groups(notes("Weniger Bürokratie", "weniger Buerokratie", "Zu viel Stress")) == [(1, 2)]


def test_different_topics_stay_apart() -> None:
    board = notes(
        "Angst vor Jobverlust",
        "Überwachung am Arbeitsplatz",
        "Datenschutz bei Kundendaten",
        "Weniger Bürokratie",
        "Mehr Zeit für Kunden",
        "Zu wenig Schulung",
    )
    assert suggest(board) == []


def test_other_columns_are_never_grouped_together() -> None:
    board = notes("Datenschutz", "Datenschutz!") + notes("Datenschutz", column="contra", start=3)
    assert groups(board) == [(1, 2)]
    board += notes("datenschutz", column="contra", start=4)
    assert sorted(groups(board)) == [(1, 2), (3, 4)]
    assert {cluster.column for cluster in suggest(board)} == {"pro", "contra"}


def test_hidden_and_merged_notes_never_take_part() -> None:
    board = [
        Candidate(1, "pro", "Datenschutz"),
        Candidate(2, "pro", "Datenschutz", hidden=True),
        Candidate(3, "pro", "Datenschutz", merged=True),
    ]
    assert suggest(board) == []
    board.append(Candidate(4, "pro", "datenschutz"))
    assert groups(board) == [(1, 4)]


def test_title_is_the_most_written_wording() -> None:
    board = notes("Ich finde: weniger Papierkram", "Weniger Papierkram", "Weniger Papierkram")
    [cluster] = suggest(board)
    assert (cluster.title, cluster.title_id) == ("Weniger Papierkram", 2)
    assert cluster.note_ids == (1, 2, 3)


def test_no_chaining_through_a_note_in_between() -> None:
    """Leader clustering: two different topics are not joined by a note that mentions both."""
    board = notes(
        "Datenschutz", "Datenschutz", "Datenschutz", "Datenschutz und Überwachung",
        "Überwachung", "Überwachung", "Überwachung",
    )  # fmt: skip
    found = groups(board)
    assert (1, 2, 3) in [group[:3] for group in found]
    assert not any({1, 5} <= set(group) for group in found)


def test_rejected_groups_are_not_suggested_again_until_a_new_note_joins() -> None:
    board = notes("Datenschutz", "Datenschutz!", "Weniger Stress", "weniger Stress")
    assert groups(board) == [(1, 2), (3, 4)]
    assert groups(board, rejected=[{1, 2}]) == [(3, 4)]
    board += notes("datenschutz", start=5)
    assert groups(board, rejected=[{1, 2}]) == [(1, 2, 5), (3, 4)]


def test_output_is_deterministic_whatever_the_input_order() -> None:
    base = ["Angst vor Jobverlust", "Weniger Papierkram", "Datenschutz", "Zu wenig Schulung"]
    rng = random.Random(7)
    board = [
        Candidate(i + 1, "pro", rng.choice(base) + rng.choice(["", "!", " ?"])) for i in range(60)
    ]
    first = suggest(board)
    for _ in range(5):
        rng.shuffle(board)
        assert suggest(board) == first
    assert [len(cluster.note_ids) for cluster in first] == sorted(
        (len(cluster.note_ids) for cluster in first), reverse=True
    )
    assert sum(len(cluster.note_ids) for cluster in first) == 60


def test_empty_and_blank_notes_are_harmless() -> None:
    assert suggest([]) == []
    assert suggest(notes("!!!", "???", "👍")) == []


@given(st.lists(st.tuples(st.sampled_from(["pro", "contra"]), st.text(max_size=40)), max_size=30))
def test_any_text_gives_groups_of_one_column_each_note_at_most_once(
    rows: list[tuple[str, str]],
) -> None:
    board = [Candidate(index + 1, column, text) for index, (column, text) in enumerate(rows)]
    found = suggest(board)
    ids = [note_id for cluster in found for note_id in cluster.note_ids]
    assert len(ids) == len(set(ids))
    column_of = {note.id: note.column for note in board}
    for cluster in found:
        assert len(cluster.note_ids) >= 2
        assert {column_of[note_id] for note_id in cluster.note_ids} == {cluster.column}
        assert cluster.title_id in cluster.note_ids
    assert suggest(list(reversed(board))) == found


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Überwachung am Arbeitsplatz", "Keine Überwachung am Arbeitsplatz"),
        ("KI soll entscheiden", "KI soll nicht entscheiden"),
        ("Mehr Schulung für alle", "Weniger Schulung für alle"),
        ("Mehr Stress im Alltag", "Stress im Alltag"),
    ],
)
def test_notes_of_opposite_meaning_are_not_grouped(one: str, other: str) -> None:
    assert sorted(groups(notes(one, other, one, other))) == [(1, 3), (2, 4)]
