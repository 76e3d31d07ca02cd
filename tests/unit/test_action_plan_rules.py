"""The action plan's pure rules: a proposal's STOP prefix, and measure numbers that never repeat."""

from __future__ import annotations

import pytest

from facilitator.kinds.items_plan import measure_numbers
from facilitator.rules.assessment import proposal_stop_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("S: anderes System ohne Leistungsdaten", ("S", "anderes System ohne Leistungsdaten")),
        ("t:Auswertung abschalten", ("T", "Auswertung abschalten")),
        ("  O : Pilotphase mit Freiwilligen", ("O", "Pilotphase mit Freiwilligen")),
        ("P: Schulung", ("P", "Schulung")),
        ("Schulung für alle", ("O", "Schulung für alle")),  # no prefix: organisational
        ("X: etwas", ("O", "X: etwas")),  # not a STOP letter
        ("Stop: die Kamera", ("O", "Stop: die Kamera")),  # a word, not a prefix
        ("T:", ("O", "T:")),  # a prefix with nothing after it stays as written
    ],
)
def test_a_proposal_names_its_stop_type_with_a_prefix(text: str, expected: tuple[str, str]) -> None:
    assert proposal_stop_type(text) == expected


def test_measure_numbers_are_unique_per_measure() -> None:
    refs = ["4.1", "4.1", "4.2", "", "4.1", ""]
    assert measure_numbers(refs) == ["4.1.1", "4.1.2", "4.2.1", "1", "4.1.3", "2"]
