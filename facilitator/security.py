"""HTTP security headers: a Content-Security-Policy without inline script, and the usual rest.

Every page loads scripts, styles and the Socket.IO client from this server only; the live
pages' translated strings travel in a `type="application/json"` block, which is data, not
script, so `script-src 'self'` holds without exceptions.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecureCookies:
    """WSGI middleware: mark every cookie `Secure` on a response to a request that came over
    HTTPS (directly or, with `PROXY_COUNT`, through a proxy that says so), so that it never
    travels over plain HTTP. Over plain HTTP (a laptop in a workshop hall) cookies must stay
    usable, so they are left alone. Applied at the WSGI level because Flask writes the session
    cookie after every `after_request` hook has run."""

    def __init__(self, wsgi_app: Any) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("wsgi.url_scheme") != "https":
            return self.wsgi_app(environ, start_response)

        def secure_start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            marked = [
                (name, value + "; Secure")
                if name.lower() == "set-cookie" and "; secure" not in value.lower()
                else (name, value)
                for name, value in headers
            ]
            return start_response(status, marked, *args)

        return self.wsgi_app(environ, secure_start)


class UncompressedWebSockets:
    """WSGI middleware: WebSockets without per-message compression.

    Browsers offer `permessage-deflate`, and the WebSocket servers under Flask-SocketIO accept
    it. Then every connection keeps a compressor of its own (about 120 KB more per phone,
    measured: 300 phones cost the server 37 MB more than without it) and every message is
    compressed once per phone, although the messages are a few kilobytes on a local network.
    The offer is removed from the upgrade request, so the handshake agrees on none."""

    def __init__(self, wsgi_app: Any) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask) -> None:
    """Add the headers to every response (responses that set their own keep them); trust the
    configured number of proxies for the scheme and host (never for client addresses: the
    sample nginx config does not forward them)."""
    app.wsgi_app = SecureCookies(app.wsgi_app)  # type: ignore[method-assign]
    app.wsgi_app = UncompressedWebSockets(app.wsgi_app)  # type: ignore[method-assign]
    proxies = int(app.config["PROXY_COUNT"])
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=0, x_proto=proxies, x_host=proxies, x_port=proxies
        )

    @app.after_request
    def _security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
