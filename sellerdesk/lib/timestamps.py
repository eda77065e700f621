"""ISO 8601 times as the platforms send them ("2026-11-04T09:12:03Z", "…+09:00")."""

from __future__ import annotations

import datetime as dt


def parse_iso(value) -> dt.datetime | None:
    """The time in UTC; None for an empty value; a time without an offset is taken as UTC.

    Raises ValueError for text that is not an ISO 8601 time."""
    if value in (None, ""):
        return None
    parsed = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    return parsed.astimezone(dt.timezone.utc) if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def parse_iso_or_none(value) -> dt.datetime | None:
    """parse_iso, with None for a value that is not a time (API answers we only display)."""
    try:
        return parse_iso(value)
    except ValueError:
        return None
