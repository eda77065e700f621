"""Quiet hours in the buyer's time zone: no automated message between 21:00 and 08:00 their time.

The zone comes from the buyer's address country, else the marketplace, else the phone number's
country prefix. A country with several zones (US, AU) is quiet while any of its zones is; the
send moves to the first quarter hour when none is. Times are computed with zoneinfo on aware
UTC datetimes, so daylight-saving changes move the buyer's morning with them.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from sellerdesk.replies.compliance import timezones

STEP = dt.timedelta(minutes=15)


def phone_country(phone: str) -> str:
    if not phone:
        return ""
    import phonenumbers

    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(phone, None)) or ""
    except phonenumbers.NumberParseException:
        return ""


def buyer_zones(*, country: str = "", marketplace: str = "", phone: str = "") -> list[ZoneInfo]:
    zones = timezones.buyer_zones("", country, marketplace)
    if not zones:
        zones = timezones.buyer_zones("", phone_country(phone), "")
    return zones


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def is_quiet_in(zone: ZoneInfo, at: dt.datetime, start: str | None = None, end: str | None = None) -> bool:
    start_m = _minutes(start or settings.AUTOMATION_QUIET_START)
    end_m = _minutes(end or settings.AUTOMATION_QUIET_END)
    local = at.astimezone(zone)
    minute = local.hour * 60 + local.minute
    return start_m <= minute < end_m if start_m < end_m else (minute >= start_m or minute < end_m)


def is_quiet(zones: list[ZoneInfo], at: dt.datetime) -> bool:
    return any(is_quiet_in(z, at) for z in zones)


def next_send_time(zones: list[ZoneInfo], at: dt.datetime) -> dt.datetime:
    """`at` if no zone is quiet, else the first quarter hour (UTC) when none is.

    When the zones never share a waking hour, the first (main) zone's morning is used.
    """
    if not zones or not is_quiet(zones, at):
        return at
    start = at.replace(second=0, microsecond=0)
    start += dt.timedelta(minutes=(15 - start.minute % 15) % 15)
    t = start
    for _ in range(24 * 4 + 1):
        if not is_quiet(zones, t):
            return t
        t += STEP
    t = start
    while is_quiet_in(zones[0], t):
        t += STEP
    return t
