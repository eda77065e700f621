"""A person's quiet hours: when their alert emails may go out again."""

from __future__ import annotations

import datetime as dt
import zoneinfo


def quiet_until(start: dt.time | None, end: dt.time | None, tz_name: str, now: dt.datetime) -> dt.datetime | None:
    """The end of the quiet hours `now` falls in (UTC), or None when they are not quiet.

    start/end are wall-clock times in the person's zone; start after end runs past midnight.
    """
    if start is None or end is None or start == end:
        return None
    try:
        tz = zoneinfo.ZoneInfo(tz_name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    local = now.astimezone(tz)
    t = local.time().replace(tzinfo=None)
    if start < end:
        if not (start <= t < end):
            return None
        day = local.date()
    elif t >= start:
        day = local.date() + dt.timedelta(days=1)
    elif t < end:
        day = local.date()
    else:
        return None
    return dt.datetime.combine(day, end, tzinfo=tz).astimezone(dt.timezone.utc)
