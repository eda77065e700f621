"""Where a request comes from: the client's address and browser, for throttling and the audit log."""

from __future__ import annotations

import contextvars
import ipaddress
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Origin:
    ip: str | None = None
    user_agent: str = ""
    via: str = "system"  # web | api | cli | system


_current: contextvars.ContextVar[Origin] = contextvars.ContextVar("sellerdesk_origin", default=Origin())


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The peer address, or with SELLERDESK_TRUSTED_PROXY_COUNT=N the address N hops back in
    X-Forwarded-For: only what our own proxies appended is believed, not what a client sent."""
    peer = _valid(request.META.get("REMOTE_ADDR", ""))
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return peer
    forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < hops:
        return peer
    return _valid(forwarded[-hops]) or peer


def of_request(request) -> Origin:
    via = "api" if request.path.startswith("/api/") else "web"
    return Origin(ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:200], via=via)


def current() -> Origin:
    return _current.get()


def use(origin: Origin):
    """Set the origin for what follows (a request, a command); returns the token to reset it."""
    return _current.set(origin)


def reset(token) -> None:
    _current.reset(token)
