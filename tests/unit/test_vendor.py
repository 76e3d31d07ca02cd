"""Third-party browser files are the pinned, unmodified npm builds, and nothing loads from
another host."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC_VENDOR = ROOT / "facilitator" / "static" / "vendor"
TEST_VENDOR = ROOT / "tests" / "browser" / "vendor"
# Pinned here as well as in SHA256SUMS, so that changing the file and the sums together fails.
SOCKET_IO_SHA256 = "d5d79a35039e860b32bdef4795528b05c2f788d4b2d9dacc913120e2878f7b3f"
EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']\s*(?:https?:)?//""", re.IGNORECASE)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("folder", [STATIC_VENDOR, TEST_VENDOR], ids=["static", "tests"])
def test_vendored_files_match_their_sums(folder: Path) -> None:
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    assert lines
    for line in lines:
        digest, name = line.split()
        assert sha256(folder / name) == digest, name


def test_socket_io_client_is_the_pinned_build() -> None:
    script = STATIC_VENDOR / "socket.io.min.js"
    assert sha256(script) == SOCKET_IO_SHA256
    assert script.read_text()[:80].splitlines()[1].strip() == "* Socket.IO v4.8.4"
    assert "MIT" in (STATIC_VENDOR / "socket.io-client.LICENSE").read_text()
    assert (STATIC_VENDOR / "VERSIONS").read_text().startswith("socket.io-client 4.8.4 sha512-")


def external_references(text: str) -> list[str]:
    return EXTERNAL.findall(text)


@pytest.mark.parametrize(
    ("html", "count"),
    [
        ('<script src="https://cdn.example/x.js">', 1),
        ("<link href='//fonts.example/css'>", 1),
        ('<img src="/static/logo.svg"><a href="/j/ABC">', 0),
        ("<p>see https://example.org</p>", 0),
    ],
)
def test_external_reference_scanner(html: str, count: int) -> None:
    assert len(external_references(html)) == count


def test_no_page_loads_anything_from_another_host() -> None:
    package = ROOT / "facilitator"
    files = [*package.glob("templates/**/*.html"), *package.glob("static/**/*.js")]
    files += list(package.glob("static/**/*.css"))
    offenders = [
        str(path.relative_to(ROOT))
        for path in files
        if "vendor" not in path.parts and external_references(path.read_text())
    ]
    assert files
    assert offenders == []
    css = "\n".join(path.read_text() for path in package.glob("static/**/*.css"))
    assert "@import" not in css
    assert "url(http" not in css
