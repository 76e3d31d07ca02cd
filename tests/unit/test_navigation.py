"""Redirect targets from user input: normalised like a browser reads them, never off-site."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.navigation import safe_next

DEFAULT = "/dashboard"

# Known open-redirect bypasses (OWASP, PortSwigger's URL validation cheat sheet), as they arrive
# after the query string was decoded.
BYPASSES = [
    "//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "\t//evil.example",
    " //evil.example",
    "\x00//evil.example",
    "\x01/\x0b/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "https://evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    " javascript:alert(1)",
    "evil.example",
    "//evil.example/%2f..",
    "/%09/evil.example".replace("%09", "\t"),
    "///evil.example",
    "/\t\t/evil.example",
    "/\r\n/evil.example",
    "\u0000/\u0000/evil.example",
]


@pytest.mark.parametrize("target", BYPASSES)
def test_known_bypasses_fall_back_to_the_default(target: str) -> None:
    assert safe_next(target, DEFAULT) == DEFAULT


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/sessions/3", "/sessions/3"),
        ("/sessions/3?x=1#top", "/sessions/3?x=1#top"),
        (" /sessions/3\n", "/sessions/3"),
        ("/se\tssions/3", "/sessions/3"),  # the browser would drop the tab as well
        (None, DEFAULT),
        ("", DEFAULT),
    ],
)
def test_paths_on_this_site_are_kept(target: str | None, expected: str) -> None:
    assert safe_next(target, DEFAULT) == expected


def browser_reading(location: str) -> str:
    """What a browser makes of a Location value: drop tab/CR/LF, trim C0 controls and spaces,
    read backslashes as slashes (for http and https)."""
    cleaned = "".join(c for c in location if c not in "\t\n\r").strip(
        "".join(chr(i) for i in range(0x21))
    )
    return cleaned.replace("\\", "/")


@given(st.text())
def test_whatever_comes_in_the_result_stays_on_this_site(target: str) -> None:
    result = safe_next(target, DEFAULT)
    read = browser_reading(result)
    assert read.startswith("/")
    assert not read.startswith("//")
    parts = urlsplit(read)
    assert not parts.scheme
    assert not parts.netloc
    assert not any(ord(c) < 0x20 or ord(c) == 0x7F for c in result)
