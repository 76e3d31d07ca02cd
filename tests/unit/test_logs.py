"""No IP address in any log line."""

from __future__ import annotations

import io

import pytest

from facilitator.logs import RedactingStream, redact


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "<socket>: (from ('192.0.2.7', 50312)) Invalid http version: 'GET / HTTP/9'",
            "<socket>: (from ('[address]', 50312)) Invalid http version: 'GET / HTTP/9'",
        ),
        (
            "::1 - - [30/Nov/2026 19:12:37] GET / 200",
            "[address] - - [30/Nov/2026 19:12:37] GET / 200",
        ),
        ("from 2001:db8::7 and fe80::1%eth0.", "from [address] and [address]."),
        ("version 1.2.3 at 19:12:37.123, 2026-11-30", "version 1.2.3 at 19:12:37.123, 2026-11-30"),
    ],
)
def test_redact(line: str, expected: str) -> None:
    assert redact(line) == expected


def test_stream_redacts_whole_lines_even_when_written_in_pieces() -> None:
    target = io.StringIO()
    stream = RedactingStream(target)
    for piece in ("client 192.0", ".2.", "7 said\nsecond ", "line 10.0.0.1"):
        stream.write(piece)
    assert target.getvalue() == "client [address] said\n"
    stream.flush()
    assert target.getvalue() == "client [address] said\nsecond line [address]"
