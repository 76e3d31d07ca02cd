"""Redirect targets taken from user input stay on this site."""

from __future__ import annotations


def safe_next(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, otherwise `default` (no open redirects)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return default
