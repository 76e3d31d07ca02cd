"""The join QR code as inline SVG, made on the server (no third-party service)."""

from __future__ import annotations

import segno


def qr_svg(url: str) -> str:
    """An SVG QR code for `url`, scalable, with a quiet zone; safe to embed in HTML."""
    code = segno.make(url, error="m")
    return code.svg_inline(scale=10, border=2, dark="#000", light="#fff", omitsize=True)
