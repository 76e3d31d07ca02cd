"""Redirect targets taken from user input stay on this site."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, url_for
from werkzeug.routing import IntegerConverter, Map

# What a browser's URL parser drops before it reads a URL (WHATWG URL standard): C0 control
# characters and spaces at either end, and tab, LF and CR anywhere. `/%09/evil.example` arrives
# here as "/\t/evil.example", which the browser reads as "//evil.example" (another site).
_ENDS = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def public_url(endpoint: str, **values: Any) -> str:
    """The address others open (phones, the works council): `PUBLIC_URL` if configured (set by
    `serve --lan` to this machine's LAN address), else this request's host."""
    public = current_app.config["PUBLIC_URL"]
    if public:
        return str(public).rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, **values, _external=True)


def safe_next(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, otherwise `default` (no open redirects).

    The target is first normalised the way the browser will read it; a path that is then
    scheme-relative (`//host`), uses a backslash (which browsers read as a slash), names a
    scheme or host, or still holds a control character (which no header may carry) is refused.
    """
    if not target:
        return default
    path = _TAB_OR_NEWLINE.sub("", target.strip(_ENDS))
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return default
    if _CONTROL.search(path):
        return default
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return default
    return path


# The largest id the database holds: PostgreSQL's `integer` (SQLite's is larger; this is the
# smaller of the two, and the same bound the socket payload forms use).
MAX_ID = 2**31 - 1


class DatabaseId(IntegerConverter):
    """`<int:…>` in every route: a positive integer the database can hold. A larger one is a
    404 like any unknown id, not a 500 from the driver's overflow."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
