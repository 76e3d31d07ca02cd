"""Static files from memory, each compressed once, under content-hashed URLs cached for good.

`url_for("static", filename=…)` adds `?v=<hash of the file's content>`; a request that carries
the current hash is answered with `Cache-Control: public, max-age=31536000, immutable`, so a
page's CSS and scripts are not revalidated on every page. A changed file gets a new URL; a
request with an old or no hash must revalidate (`no-cache`, with an ETag).

Why not Flask's static route: a room joins at once, and every phone's first visit loads about
ten files. Through Flask each cost a request context, the session, the after-request hooks
and a compression of the file for that phone: 10.9 ms of server CPU per phone for the live
page's files (measured with 300 phones on the running server), more than joining itself.
`StaticFiles` answers them in front of Flask from memory, with the security headers every
response carries; a file is read and compressed again only when it changes on disk. Paths
that are no file (or outside the folder) go on to Flask, which answers 404.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from flask import Flask, Response, send_from_directory
from werkzeug.security import safe_join

from .security import HEADERS

try:  # Brotli comes with Flask-Compress; without it, gzip only
    import brotli
except ImportError:  # pragma: no cover
    brotli = None

YEAR = 365 * 24 * 60 * 60
FAVICON = "img/favicon.svg"  # drawn here, served by the app: no external host
MIN_COMPRESSED = 500  # bytes; smaller files go as they are


@dataclass
class StaticFile:
    """One file as read from disk: its bytes, hash and type, and its compressed forms."""

    key: tuple[int, int]  # mtime and size when read
    body: bytes
    digest: str
    mimetype: str
    compressible: bool
    encoded: dict[str, bytes] = field(default_factory=dict)

    def body_for(self, accepted: str) -> tuple[str | None, bytes]:
        """The encoding (None: identity) and body for a client's Accept-Encoding."""
        if not self.compressible:
            return None, self.body
        offered = _accepted(accepted)
        for name in ("br", "gzip"):
            if name in offered and (name != "br" or brotli is not None):
                if name not in self.encoded:  # once per file and encoding, at the best level
                    self.encoded[name] = (
                        brotli.compress(self.body, quality=11)
                        if name == "br"
                        else gzip.compress(self.body, 9, mtime=0)
                    )
                return name, self.encoded[name]
        return None, self.body


def _accepted(header: str) -> set[str]:
    """The codings an Accept-Encoding header accepts (ignoring those with q=0)."""
    names = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name and params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            names.add(name.strip().lower())
    return names


class StaticFiles:
    """WSGI middleware: GET and HEAD of files under the static URL path, from memory."""

    def __init__(
        self, wsgi_app: Any, folder: str, url_path: str, compressible: Iterable[str]
    ) -> None:
        self.wsgi_app = wsgi_app
        self.folder = folder
        self.prefix = url_path.rstrip("/") + "/"
        self.compressible = frozenset(compressible)
        self._files: dict[str, StaticFile] = {}
        self._lock = threading.Lock()

    def file(self, filename: str) -> StaticFile | None:
        """The file as it is on disk now (read again if it changed); None if there is none."""
        joined = safe_join(self.folder, filename)
        if joined is None:
            return None
        path = Path(joined)
        try:
            stat = path.stat()
        except OSError:
            return None
        if not path.is_file():
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            known = self._files.get(filename)
        if known is not None and known.key == key:
            return known
        body = path.read_bytes()
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        found = StaticFile(
            key=key,
            body=body,
            digest=hashlib.sha256(body).hexdigest()[:16],
            mimetype=mimetype,
            compressible=mimetype in self.compressible and len(body) >= MIN_COMPRESSED,
        )
        with self._lock:
            self._files[filename] = found
        return found

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path: str = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD") or not path.startswith(self.prefix):
            return self.wsgi_app(environ, start_response)
        found = self.file(path[len(self.prefix) :])
        if found is None:
            return self.wsgi_app(environ, start_response)  # Flask answers 404
        encoding, body = found.body_for(environ.get("HTTP_ACCEPT_ENCODING", ""))
        etag = f'"{found.digest}-{encoding or "identity"}"'
        query = parse_qs(environ.get("QUERY_STRING", ""))
        current = query.get("v", [""])[0] == found.digest
        headers = [
            ("Content-Type", _content_type(found.mimetype)),
            ("ETag", etag),
            (
                "Cache-Control",
                f"public, max-age={YEAR}, immutable" if current else "no-cache",
            ),
            *HEADERS.items(),
        ]
        if found.compressible:
            headers.append(("Vary", "Accept-Encoding"))
        if encoding is not None:
            headers.append(("Content-Encoding", encoding))
        if environ.get("wsgi.url_scheme") == "https":
            headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
        if etag in _etags(environ.get("HTTP_IF_NONE_MATCH", "")):
            start_response("304 Not Modified", headers)
            return [b""]
        headers.append(("Content-Length", str(len(body))))
        start_response("200 OK", headers)
        return [b""] if method == "HEAD" else [body]


def _content_type(mimetype: str) -> str:
    if mimetype.startswith("text/") or mimetype in ("application/javascript", "image/svg+xml"):
        return f"{mimetype}; charset=utf-8"
    return mimetype


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def init_app(app: Flask) -> None:
    """Serve static files from memory in front of Flask, and hash their URLs. Call before
    `security.init_app`, so that a proxy's scheme is known to this middleware too."""
    if app.static_folder is None:
        return
    static_folder = app.static_folder
    files = StaticFiles(
        app.wsgi_app,
        static_folder,
        app.static_url_path or "/static",
        app.config["COMPRESS_MIMETYPES"],
    )
    app.wsgi_app = files  # type: ignore[method-assign]

    @app.get("/favicon.ico")
    def favicon() -> Response:
        """Browsers ask for /favicon.ico before they read the page's icon link."""
        return send_from_directory(static_folder, FAVICON, mimetype="image/svg+xml")

    @app.url_defaults
    def _hashed_static_url(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            found = files.file(values["filename"])
            if found is not None:
                values["v"] = found.digest
