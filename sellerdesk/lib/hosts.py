"""Host names as security decisions see them."""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """A server on this machine, named by a loopback address or localhost (no DNS lookup)."""
    host = host.strip().strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
