"""When an agent works: weekly shifts in the agent's own time zone, minus holidays and time away.

Pure functions on plain values, so the product (AgentProfile rows) and `simulate` (agents.json)
share them. A shift belongs to the local date it starts on; an end at or before the start runs
past midnight. A holiday cancels every shift that starts on that date. All results are UTC.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = dt.timezone.utc
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ShiftError(ValueError):
    """A shift list, time zone or holiday that cannot be used, naming the field."""


@dataclass(frozen=True)
class Shift:
    days: frozenset[int]  # weekday numbers, Monday = 0
    start: int  # minutes after local midnight
    end: int  # minutes after local midnight of the start date; > start (past midnight: > 1440)


@dataclass(frozen=True)
class Rota:
    """One agent's working pattern."""

    zone: ZoneInfo
    shifts: tuple[Shift, ...]
    holidays: frozenset[dt.date] = frozenset()
    away: tuple[tuple[dt.datetime, dt.datetime], ...] = ()  # vacation, sick leave: UTC [from, to)
    _cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def intervals(self, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
        """On-shift periods in UTC that overlap [start, end), in order, clipped to it."""
        out = []
        day = start.astimezone(self.zone).date() - dt.timedelta(days=1)  # yesterday's night shift
        last = end.astimezone(self.zone).date()
        while day <= last:
            if day not in self.holidays:
                for s in self.shifts:
                    if day.weekday() in s.days:
                        a, b = _instant(day, s.start, self.zone), _instant(day, s.end, self.zone)
                        a, b = max(a, start), min(b, end)
                        if b > a:
                            out.append((a, b))
            day += dt.timedelta(days=1)
        return _minus(_merge(out), self.away)

    def timeline(self, start: dt.datetime, end: dt.datetime) -> "Timeline":
        key = (start, end)
        if key not in self._cache:
            if len(self._cache) > 64:  # rotas are cached (availability.rota_of): keep this small
                self._cache.clear()
            self._cache[key] = Timeline(self.intervals(start, end))
        return self._cache[key]

    def on_shift(self, at: dt.datetime) -> bool:
        return bool(self.intervals(at, at + dt.timedelta(seconds=1)))

    def next_start(self, at: dt.datetime, within_days: int = 14) -> dt.datetime | None:
        """`at` when on shift, else the start of the next shift (None if none within the window)."""
        for days in (1, within_days):  # almost always answered by the next day's shifts
            spans = self.intervals(at, at + dt.timedelta(days=days))
            if spans:
                return spans[0][0]
        return None


class Timeline:
    """Merged on-shift intervals with fast lookups (the simulator asks millions of times)."""

    def __init__(self, spans: list[tuple[dt.datetime, dt.datetime]]):
        self.starts = [a.timestamp() for a, _ in spans]
        self.ends = [b.timestamp() for _, b in spans]

    def on_shift(self, t: float) -> bool:
        i = bisect.bisect_right(self.starts, t) - 1
        return i >= 0 and t < self.ends[i]

    def shift_end(self, t: float) -> float | None:
        i = bisect.bisect_right(self.starts, t) - 1
        return self.ends[i] if i >= 0 and t < self.ends[i] else None

    def next_start(self, t: float) -> float | None:
        """t when on shift, else the next shift's start."""
        if self.on_shift(t):
            return t
        i = bisect.bisect_right(self.starts, t)
        return self.starts[i] if i < len(self.starts) else None

    def total_minutes(self) -> float:
        return sum(b - a for a, b in zip(self.starts, self.ends)) / 60


def _instant(day: dt.date, minute: int, zone: ZoneInfo) -> dt.datetime:
    day = day + dt.timedelta(days=minute // 1440)
    minute %= 1440
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=zone).astimezone(UTC)


def _merge(spans):
    out: list[tuple[dt.datetime, dt.datetime]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _minus(spans, holes):
    for h0, h1 in holes:
        cut = []
        for a, b in spans:
            if b <= h0 or a >= h1:
                cut.append((a, b))
                continue
            if a < h0:
                cut.append((a, h0))
            if b > h1:
                cut.append((h1, b))
        spans = cut
    return spans


def merge_timelines(timelines: list[Timeline]) -> Timeline:
    """The union: minutes when at least one agent is on shift (the staffed clock)."""
    spans = sorted((a, b) for t in timelines for a, b in zip(t.starts, t.ends))
    merged: list[list[float]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    tl = Timeline([])
    tl.starts, tl.ends = [a for a, _ in merged], [b for _, b in merged]
    tl.cumulative = [0.0]
    for a, b in merged:
        tl.cumulative.append(tl.cumulative[-1] + b - a)
    return tl


def staffed_seconds(tl: Timeline, a: float, b: float) -> float:
    """Seconds of [a, b) covered by a merged timeline (from merge_timelines)."""
    return _covered(tl, b) - _covered(tl, a)


def _covered(tl: Timeline, t: float) -> float:
    i = bisect.bisect_right(tl.starts, t) - 1
    if i < 0:
        return 0.0
    return tl.cumulative[i] + min(t, tl.ends[i]) - tl.starts[i]


# --- parsing -----------------------------------------------------------------------------


def _minutes(text, where: str) -> int:
    try:
        h, m = (int(p) for p in str(text).split(":"))
    except ValueError:
        raise ShiftError(f"{where}: {text!r} is not HH:MM") from None
    if not (0 <= m < 60 and (0 <= h < 24 or (h == 24 and m == 0))):
        raise ShiftError(f"{where}: {text!r} is not a time of day")
    return h * 60 + m


def parse_shifts(value, where: str = "shifts") -> tuple[Shift, ...]:
    """[{"days": ["mon", ...], "start": "09:00", "end": "18:00"}, ...] as in agents.json."""
    if not isinstance(value, list):
        raise ShiftError(f"{where}: expected a list of shifts")
    out = []
    for i, item in enumerate(value):
        here = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise ShiftError(f"{here}: expected an object with days, start and end")
        days = item.get("days")
        if not isinstance(days, list) or not days or any(d not in WEEKDAYS for d in days):
            raise ShiftError(f"{here}.days: a list of {', '.join(WEEKDAYS)}")
        start, end = _minutes(item.get("start"), f"{here}.start"), _minutes(item.get("end"), f"{here}.end")
        if end <= start:
            end += 1440  # runs past midnight
        out.append(Shift(frozenset(WEEKDAYS.index(d) for d in days), start, end))
    return tuple(out)


def parse_dates(value, where: str = "holidays") -> frozenset[dt.date]:
    if not isinstance(value, list):
        raise ShiftError(f"{where}: expected a list of dates")
    try:
        return frozenset(dt.date.fromisoformat(str(d)) for d in value)
    except ValueError as exc:
        raise ShiftError(f"{where}: {exc}") from None


def zone_of(name: str, where: str = "timezone") -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ShiftError(f"{where}: unknown time zone {name!r}") from None


def rota(tz: str, shifts, holidays=(), away=()) -> Rota:
    return Rota(zone_of(tz), parse_shifts(shifts), parse_dates(list(holidays)), tuple(away))
