"""Business-time arithmetic on a Calendar, in the calendar's own zone (zoneinfo).

Opening hours are wall-clock times of the calendar's zone, turned into UTC instants day by
day, so a DST change simply makes that day's interval shorter or longer. All results are UTC.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

UTC = dt.timezone.utc
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY = 1440
MAX_CLOSED_DAYS = 400  # a calendar closed longer than this has no usable hours

Interval = tuple[int, int]  # minutes after local midnight; end <= 2 * DAY (past midnight)


class CalendarError(ValueError):
    """A calendar that cannot be used, with the field and the reason."""


@dataclass(frozen=True)
class Schedule:
    always_open: bool
    zone: ZoneInfo
    weekly: tuple[tuple[Interval, ...], ...] = ()
    closed: frozenset[dt.date] = frozenset()
    special: dict[dt.date, tuple[Interval, ...]] = field(default_factory=dict)
    holiday_country: str = ""
    holiday_subdivision: str = ""

    def intervals_on(self, day: dt.date) -> tuple[Interval, ...]:
        if day in self.special:
            return self.special[day]
        if day in self.closed or self.is_holiday(day):
            return ()
        return self.weekly[day.weekday()]

    def is_holiday(self, day: dt.date) -> bool:
        return bool(self.holiday_country) and day in _holidays(self.holiday_country, self.holiday_subdivision, day.year)


@functools.lru_cache(maxsize=256)
def _holidays(country: str, subdivision: str, year: int) -> frozenset[dt.date]:
    try:
        return frozenset(holidays.country_holidays(country, subdiv=subdivision or None, years=year))
    except NotImplementedError as exc:
        raise CalendarError(f"holiday_country: the holidays package has no {country!r} {subdivision!r}".rstrip()) from exc


def _minutes(text: str, where: str, *, end: bool) -> int:
    try:
        h, m = (int(p) for p in str(text).split(":"))
    except ValueError:
        raise CalendarError(f"{where}: {text!r} is not HH:MM") from None
    if not (0 <= m < 60 and (0 <= h < 24 or (end and h == 24 and m == 0))):
        raise CalendarError(f"{where}: {text!r} is not a time of day")
    return h * 60 + m


def _intervals(value, where: str) -> tuple[Interval, ...]:
    if not isinstance(value, list):
        raise CalendarError(f"{where}: expected a list of [start, end] pairs")
    out = []
    for pair in value:
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2):
            raise CalendarError(f"{where}: {pair!r} is not a [start, end] pair")
        start, end = _minutes(pair[0], where, end=False), _minutes(pair[1], where, end=True)
        if end == start:
            raise CalendarError(f"{where}: {pair!r} is empty")
        out.append((start, end if end > start else end + DAY))  # end before start: runs past midnight
    return tuple(sorted(out))


def _date(value, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CalendarError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def build_schedule(calendar) -> Schedule:
    """Validate a Calendar row and turn it into a Schedule (raises CalendarError)."""
    try:
        zone = ZoneInfo(calendar.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise CalendarError(f"timezone: unknown time zone {calendar.timezone!r}") from None
    if calendar.kind == "24x7":
        return Schedule(always_open=True, zone=zone)
    if calendar.kind != "business":
        raise CalendarError(f"kind: must be 24x7 or business, not {calendar.kind!r}")
    hours = calendar.weekly_hours or {}
    if not isinstance(hours, dict) or set(hours) - set(WEEKDAYS):
        raise CalendarError(f"weekly_hours: expected keys among {', '.join(WEEKDAYS)}")
    weekly = tuple(_intervals(hours.get(d, []), f"weekly_hours.{d}") for d in WEEKDAYS)
    closed: set[dt.date] = set()
    special: dict[dt.date, tuple[Interval, ...]] = {}
    if not isinstance(calendar.custom_days, list):
        raise CalendarError("custom_days: expected a list")
    for i, entry in enumerate(calendar.custom_days):
        where = f"custom_days[{i}]"
        if not isinstance(entry, dict):
            raise CalendarError(f"{where}: expected an object")
        if "date" in entry:
            first = last = _date(entry["date"], where)
        else:
            first, last = _date(entry.get("from"), where), _date(entry.get("to"), where)
            if last < first or (last - first).days > 366:
                raise CalendarError(f"{where}: 'to' must be on or after 'from', within a year")
        if entry.get("closed") is True:
            days_hours = None
        elif "hours" in entry:
            days_hours = _intervals(entry["hours"], f"{where}.hours")
        else:
            raise CalendarError(f"{where}: give \"closed\": true or \"hours\"")
        day = first
        while day <= last:
            if days_hours is None:
                closed.add(day)
                special.pop(day, None)
            else:
                special[day] = days_hours
                closed.discard(day)
            day += dt.timedelta(days=1)
    if calendar.holiday_country:
        _holidays(calendar.holiday_country.upper(), calendar.holiday_subdivision, 2026)  # fail early on a bad code
    return Schedule(
        always_open=False,
        zone=zone,
        weekly=weekly,
        closed=frozenset(closed),
        special=special,
        holiday_country=calendar.holiday_country.upper(),
        holiday_subdivision=calendar.holiday_subdivision,
    )


_cache: dict[tuple, Schedule] = {}


def schedule_for(calendar) -> Schedule:
    """The Schedule of a saved calendar, cached until the row changes."""
    if calendar.pk is None:
        return build_schedule(calendar)
    key = (calendar.pk, calendar.updated_at, calendar.kind, calendar.timezone)
    sched = _cache.get(key)
    if sched is None:
        if len(_cache) > 1000:
            _cache.clear()
        sched = _cache[key] = build_schedule(calendar)
    return sched


def _instant(day: dt.date, minute: int, zone: ZoneInfo) -> dt.datetime:
    day = day + dt.timedelta(days=minute // DAY)
    minute %= DAY
    # A wall time in a spring-forward gap maps with the offset before the change (fold=0).
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=zone).astimezone(UTC)


def open_intervals(sched: Schedule, start: dt.datetime) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Open periods in UTC, in order and not overlapping, from the one containing `start` onwards.

    Interval starts never decrease from one day to the next (a shift past midnight starts the
    day before), so clipping each to the end of the last one removes any double counting.
    """
    first_day = start.astimezone(sched.zone).date()
    day = first_day - dt.timedelta(days=1)  # yesterday's shift may run past midnight
    last_end = start
    idle = 0
    while True:
        spans = sched.intervals_on(day)
        idle = 0 if spans else idle + 1
        if idle > MAX_CLOSED_DAYS:
            raise CalendarError(f"the calendar has no opening hours in the {MAX_CLOSED_DAYS} days after {first_day}")
        for a_min, b_min in spans:
            a = max(_instant(day, a_min, sched.zone), last_end)
            b = _instant(day, b_min, sched.zone)
            if b > a:  # empty when already counted, or inside a skipped DST hour
                yield a, b
                last_end = b
        day += dt.timedelta(days=1)


def _aware(value: dt.datetime, name: str) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value.astimezone(UTC)


def add_business_minutes(calendar, start: dt.datetime, minutes: float) -> dt.datetime:
    """The instant `minutes` of open time after `start` (the next opening if minutes == 0)."""
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    start = _aware(start, "start")
    sched = schedule_for(calendar)
    if sched.always_open:
        return start + dt.timedelta(minutes=minutes)
    left = dt.timedelta(minutes=minutes)
    for a, b in open_intervals(sched, start):
        if b - a >= left:
            return a + left
        left -= b - a
    raise AssertionError("unreachable")  # open_intervals never ends; it raises when closed too long


def business_minutes_between(calendar, a: dt.datetime, b: dt.datetime) -> float:
    """Open minutes from a to b (negative when b is before a)."""
    a, b = _aware(a, "a"), _aware(b, "b")
    if b < a:
        return -business_minutes_between(calendar, b, a)
    sched = schedule_for(calendar)
    if sched.always_open:
        return (b - a).total_seconds() / 60
    total = dt.timedelta()
    for x, y in open_intervals(sched, a):
        if x >= b:
            break
        total += min(y, b) - x
    return total.total_seconds() / 60
