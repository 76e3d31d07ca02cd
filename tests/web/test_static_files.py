"""Static files come from memory in front of Flask: compressed once per file and encoding,
with the security headers of every response, revalidated by ETag, and nothing outside the
static folder."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
from flask import Flask
from flask.testing import FlaskClient

from facilitator.security import HEADERS
from facilitator.static_files import StaticFiles

STATIC = Path(__file__).resolve().parents[2] / "facilitator" / "static"


def _hashed(client: FlaskClient, name: str) -> str:
    page = client.get("/login").text
    found = re.search(rf'"(/static/{re.escape(name)}\?v=[0-9a-f]{{16}})"', page)
    assert found, name
    return found.group(1)


def test_each_encoding_holds_the_file_and_says_so(client: FlaskClient) -> None:
    url = _hashed(client, "css/app.css")
    original = (STATIC / "css" / "app.css").read_bytes()
    plain = client.get(url)
    assert plain.data == original
    assert "Content-Encoding" not in plain.headers
    assert plain.headers["Content-Type"] == "text/css; charset=utf-8"
    assert plain.headers["Vary"] == "Accept-Encoding"
    assert plain.headers["Content-Length"] == str(len(original))
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == original
    squeezed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert squeezed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(squeezed.data) == original
    assert len(squeezed.data) < len(original) / 3
    refused = client.get(url, headers={"Accept-Encoding": "br;q=0, gzip"})
    assert refused.headers["Content-Encoding"] == "gzip"
    # three forms, three validators; each carries the security headers of every response
    assert len({plain.headers["ETag"], zipped.headers["ETag"], squeezed.headers["ETag"]}) == 3
    for response in (plain, zipped, squeezed):
        for name, value in HEADERS.items():
            assert response.headers[name] == value


def test_a_known_version_is_not_sent_again(client: FlaskClient) -> None:
    url = "/static/js/live.js"  # without its hash: revalidated, so the ETag matters
    first = client.get(url, headers={"Accept-Encoding": "br"})
    again = client.get(
        url, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    assert again.data == b""
    assert first.headers["Cache-Control"] == "no-cache"
    head = client.head(url)
    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["Content-Length"] == str((STATIC / "js" / "live.js").stat().st_size)


def test_only_files_of_the_static_folder_are_served(client: FlaskClient) -> None:
    for path in (
        "/static/../config.py",
        "/static/%2e%2e/config.py",
        "/static/css/",
        "/static/css/none.css",
        "/static/../../pyproject.toml",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
    posted = client.post("/static/css/app.css")
    assert posted.status_code in (400, 405)  # Flask's answer: the static route takes GET only


def test_a_changed_file_is_read_again(app: Flask, tmp_path: Path) -> None:
    (tmp_path / "a.js").write_text("var a = 1;\n" * 100)
    seen: list[str] = []
    files = StaticFiles(
        lambda environ, start: seen.append("app") or [b""],
        str(tmp_path),
        "/static",
        ["text/javascript", "application/javascript"],
    )
    first = files.file("a.js")
    assert first is not None
    (tmp_path / "a.js").write_text("var b = 2;\n" * 120)
    second = files.file("a.js")
    assert second is not None
    assert second.digest != first.digest
    assert second.body.startswith(b"var b")
    assert files.file("../a.js") is None
    assert files.file("missing.js") is None
