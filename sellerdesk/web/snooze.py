"""Snooze choices -> the UTC time the conversation comes back, in the agent's time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

PRESETS = ("1h", "4h", "tomorrow")


def snooze_until(preset: str, now: dt.datetime, tz: zoneinfo.ZoneInfo, custom: dt.datetime | None = None) -> dt.datetime:
    """`custom` is a naive wall-clock time in the agent's zone (from a datetime-local input)."""
    if preset == "1h":
        return now + dt.timedelta(hours=1)
    if preset == "4h":
        return now + dt.timedelta(hours=4)
    if preset == "tomorrow":
        local = now.astimezone(tz)
        morning = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(9, 0), tzinfo=tz)
        return morning.astimezone(dt.timezone.utc)
    if preset == "custom" and custom is not None:
        aware = custom.replace(tzinfo=tz) if custom.tzinfo is None else custom
        return aware.astimezone(dt.timezone.utc)
    raise ValueError(f"unknown snooze choice {preset!r}")
