"""Static files under content-hashed URLs, cached by browsers for a year.

`url_for("static", filename=…)` adds `?v=<hash of the file's content>`; a request that carries
the current hash is answered with `Cache-Control: public, max-age=31536000, immutable`, so a
page's CSS and scripts are not revalidated on every page. A changed file gets a new URL; a
request with an old or no hash keeps Flask's revalidating default.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

from flask import Flask, Response, request, send_from_directory
from werkzeug.security import safe_join

YEAR = 365 * 24 * 60 * 60
FAVICON = "img/favicon.svg"  # drawn here, served by the app: no external host


class ContentHashes:
    """The hash of each static file, computed once per content (size and mtime as the key)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._known: dict[str, tuple[tuple[int, int], str]] = {}
        self._lock = threading.Lock()

    def of(self, filename: str) -> str | None:
        joined = safe_join(self.folder, filename)
        if joined is None:
            return None
        path = Path(joined)
        try:
            stat = path.stat()
        except OSError:
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            known = self._known.get(filename)
        if known is not None and known[0] == key:
            return known[1]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        with self._lock:
            self._known[filename] = (key, digest)
        return digest


def init_app(app: Flask) -> None:
    """Hash static URLs and cache the hashed ones for good."""
    if app.static_folder is None:
        return
    hashes = ContentHashes(app.static_folder)
    static_folder = app.static_folder

    @app.get("/favicon.ico")
    def favicon() -> Response:
        """Browsers ask for /favicon.ico before they read the page's icon link."""
        return send_from_directory(static_folder, FAVICON, mimetype="image/svg+xml")

    @app.url_defaults
    def _hashed_static_url(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            digest = hashes.of(values["filename"])
            if digest is not None:
                values["v"] = digest

    @app.after_request
    def _cache_hashed_static(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        filename = (request.view_args or {}).get("filename", "")
        if request.args.get("v") and request.args.get("v") == hashes.of(filename):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
        return response
