"""LAN mode: the address for phones, and the banner with a terminal QR code."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from facilitator import lan


def test_banner_shows_url_and_a_qr_code() -> None:
    text = lan.banner("http://192.168.178.20:5000/")
    assert "http://192.168.178.20:5000/" in text
    assert text.count("█") > 100  # a QR code drawn with block characters


class FakeSocket:
    def __init__(self, address: str | None) -> None:
        self.address = address

    def __enter__(self) -> FakeSocket:
        return self

    def __exit__(self, *args: object) -> None:
        return None

    def connect(self, target: tuple[str, int]) -> None:
        assert target == lan.PROBE
        if self.address is None:
            raise OSError("network unreachable")

    def getsockname(self) -> tuple[str, int]:
        assert self.address is not None
        return (self.address, 40000)


@pytest.mark.parametrize(
    ("routed", "host", "expected"),
    [
        ("192.168.4.2", ["127.0.1.1"], "192.168.4.2"),
        (None, ["127.0.1.1", "10.0.0.5"], "10.0.0.5"),  # no route: the host name's address
        (None, ["127.0.1.1"], None),  # only loopback: no LAN
        ("169.254.3.3", ["127.0.0.1"], None),  # link-local is not a usable LAN address
    ],
)
def test_lan_address(
    monkeypatch: pytest.MonkeyPatch, routed: str | None, host: list[str], expected: str | None
) -> None:
    monkeypatch.setattr(lan.socket, "socket", lambda *args: FakeSocket(routed))

    def getaddrinfo(*args: Any) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET, socket.SOCK_DGRAM, 17, "", (address, 0)) for address in host]

    monkeypatch.setattr(lan.socket, "getaddrinfo", getaddrinfo)
    assert lan.lan_address() == expected
