"""LAN mode: find this machine's address in the room's network and show phones how to join.

For a workshop hall with a laptop and a Wi-Fi hotspot, no internet needed. Finding the address
sends nothing: connecting a UDP socket only asks the operating system which interface it would
route through.
"""

from __future__ import annotations

import io
import ipaddress
import socket

import segno

# TEST-NET-1 (RFC 5737): never routed on the internet, only used to ask for the outgoing interface
PROBE = ("192.0.2.1", 9)


def lan_address() -> str | None:
    """This machine's IPv4 address on the local network, or None if there is none."""
    candidates: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(PROBE)  # UDP: sets a destination, sends no packet
            candidates.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        candidates += [str(info[4][0]) for info in infos]
    except OSError:
        pass
    for candidate in candidates:
        address = ipaddress.ip_address(candidate)
        if not (address.is_loopback or address.is_unspecified or address.is_link_local):
            return candidate
    return None


def banner(url: str) -> str:
    """What `serve --lan` prints: the address for phones and a QR code for the terminal."""
    qr = io.StringIO()
    segno.make(url, error="m").terminal(out=qr, compact=True)
    return (
        f"Phones and the projector open: {url}\n"
        f"(or scan this code; the join code of each workshop is on its projector page)\n"
        f"{qr.getvalue()}"
    )
