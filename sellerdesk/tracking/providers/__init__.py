"""Tracking aggregators by name, and which one this installation uses (docs/tracking.md)."""

from __future__ import annotations

from django.conf import settings

from sellerdesk.tracking.providers.aftership import AfterShip
from sellerdesk.tracking.providers.base import Provider
from sellerdesk.tracking.providers.track17 import Track17

PROVIDERS: dict[str, type[Provider]] = {"17track": Track17, "aftership": AfterShip}


def get(name: str, **kwargs) -> Provider:
    try:
        return PROVIDERS[name](**kwargs)
    except KeyError:
        raise KeyError(f"unknown tracking provider {name!r}; known: {', '.join(sorted(PROVIDERS))}") from None


def active(**kwargs) -> Provider | None:
    """The aggregator polled for due shipments: SELLERDESK_TRACKING_PROVIDER, else the one configured
    (17TRACK first); None when none is: "not configured", and no call leaves the machine."""
    names = [settings.TRACKING_PROVIDER] if settings.TRACKING_PROVIDER else list(PROVIDERS)
    for name in names:
        provider = get(name, **kwargs)
        if not provider.missing():
            return provider
    return None


def state() -> dict:
    """For the settings page and the sidebar: which aggregator works, and what the others still need."""
    current = active()
    return {
        "active": current.name if current else "",
        "label": current.label if current else "",
        "chosen": settings.TRACKING_PROVIDER,
        "missing": {name: cls().missing() for name, cls in PROVIDERS.items()},
    }
