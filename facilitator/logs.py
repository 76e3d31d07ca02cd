"""No IP address in any log line: the server's standard error passes through `redact`.

gevent's and eventlet's WSGI servers and Werkzeug's development server write the client's
address into their error lines (e.g. "(from ('192.0.2.7', 50312)) Invalid http version"), which
would contradict docs/privacy.md. `facilitator serve` therefore replaces `sys.stderr` with a
`RedactingStream` before any server or logging is set up, so every writer that resolves
`sys.stderr` – logging handlers, the servers' error logs, tracebacks – is covered.
"""

from __future__ import annotations

import ipaddress
import re
import sys
from typing import Any, TextIO

REDACTED = "[address]"
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\w)")
_IPV6_CANDIDATE = re.compile(
    r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?(?![\w:])"
)


def _ipv6(match: re.Match[str]) -> str:
    text = match.group(0)
    try:
        ipaddress.IPv6Address(text.split("%")[0])
    except ValueError:
        return text  # a time of day or the like
    return REDACTED


def redact(text: str) -> str:
    """`text` with every IPv4 and IPv6 address literal replaced by "[address]"."""
    return _IPV6_CANDIDATE.sub(_ipv6, _IPV4.sub(REDACTED, text))


class RedactingStream:
    """A text stream that redacts addresses from whole lines before passing them on."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        self._pending += text
        if "\n" in self._pending:
            complete, self._pending = self._pending.rsplit("\n", 1)
            self._stream.write(redact(complete) + "\n")
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(redact(self._pending))
            self._pending = ""
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:  # fileno, isatty, encoding, …
        return getattr(self._stream, name)


def redact_stderr() -> None:
    """Route everything written to `sys.stderr` from now on through `redact` (once)."""
    if not isinstance(sys.stderr, RedactingStream):
        sys.stderr = RedactingStream(sys.stderr)  # type: ignore[assignment]
