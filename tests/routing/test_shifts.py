import datetime as dt

import pytest

from sellerdesk.routing.shifts import Rota, ShiftError, merge_timelines, parse_shifts, rota, staffed_seconds

UTC = dt.timezone.utc


def utc(*args):
    return dt.datetime(*args, tzinfo=UTC)


def test_day_shift_in_local_time_is_returned_in_utc():
    r = rota("Asia/Shanghai", [{"days": ["mon"], "start": "09:00", "end": "18:00"}])
    # Monday 2026-11-23, Shanghai is UTC+8.
    assert r.intervals(utc(2026, 11, 22), utc(2026, 11, 25)) == [(utc(2026, 11, 23, 1), utc(2026, 11, 23, 10))]
    assert r.on_shift(utc(2026, 11, 23, 1)) is True
    assert r.on_shift(utc(2026, 11, 23, 10)) is False  # the end is exclusive


def test_night_shift_belongs_to_the_day_it_starts_and_a_holiday_cancels_it():
    shifts = [{"days": ["fri"], "start": "22:00", "end": "06:00"}]
    r = rota("Europe/Berlin", shifts)
    # Friday 2026-11-27 22:00 Berlin (UTC+1) to Saturday 06:00.
    assert r.intervals(utc(2026, 11, 27), utc(2026, 11, 29)) == [(utc(2026, 11, 27, 21), utc(2026, 11, 28, 5))]
    off = rota("Europe/Berlin", shifts, holidays=["2026-11-27"])
    assert off.intervals(utc(2026, 11, 27), utc(2026, 11, 29)) == []
    # A holiday on the Saturday does not cut the Friday night shift short.
    sat = rota("Europe/Berlin", shifts, holidays=["2026-11-28"])
    assert sat.intervals(utc(2026, 11, 27), utc(2026, 11, 29)) == [(utc(2026, 11, 27, 21), utc(2026, 11, 28, 5))]


def test_dst_change_keeps_wall_clock_hours():
    r = rota("America/Chicago", [{"days": ["fri", "mon"], "start": "09:00", "end": "17:00"}])
    # 2026-10-30 (CDT, UTC-5) and 2026-11-02 (CST, UTC-6): same local hours, different UTC.
    assert r.intervals(utc(2026, 10, 30), utc(2026, 11, 3)) == [
        (utc(2026, 10, 30, 14), utc(2026, 10, 30, 22)),
        (utc(2026, 11, 2, 15), utc(2026, 11, 2, 23)),
    ]


def test_time_away_removes_shifts_and_next_start_skips_it():
    shifts = [{"days": ["mon", "tue", "wed"], "start": "09:00", "end": "17:00"}]
    r = rota("UTC", shifts, away=[(utc(2026, 11, 23, 12), utc(2026, 11, 25))])
    assert r.intervals(utc(2026, 11, 23), utc(2026, 11, 26)) == [
        (utc(2026, 11, 23, 9), utc(2026, 11, 23, 12)),
        (utc(2026, 11, 25, 9), utc(2026, 11, 25, 17)),
    ]
    assert r.next_start(utc(2026, 11, 23, 13)) == utc(2026, 11, 25, 9)
    assert r.next_start(utc(2026, 11, 23, 10)) == utc(2026, 11, 23, 10)  # on shift: now


def test_timeline_lookups_and_staffed_clock():
    a = rota("UTC", [{"days": ["mon"], "start": "08:00", "end": "12:00"}])
    b = rota("UTC", [{"days": ["mon"], "start": "10:00", "end": "14:00"}, {"days": ["mon"], "start": "20:00", "end": "21:00"}])
    span = (utc(2026, 11, 23), utc(2026, 11, 24))
    ta, tb = a.timeline(*span), b.timeline(*span)
    t = utc(2026, 11, 23, 11).timestamp()
    assert ta.on_shift(t) and ta.shift_end(t) == utc(2026, 11, 23, 12).timestamp()
    assert ta.next_start(utc(2026, 11, 23, 13).timestamp()) is None
    assert tb.next_start(utc(2026, 11, 23, 15).timestamp()) == utc(2026, 11, 23, 20).timestamp()
    staffed = merge_timelines([ta, tb])
    # 07:00-22:00: 08:00-14:00 and 20:00-21:00 are staffed = 7 h.
    assert staffed_seconds(staffed, utc(2026, 11, 23, 7).timestamp(), utc(2026, 11, 23, 22).timestamp()) == 7 * 3600
    assert staffed_seconds(staffed, utc(2026, 11, 23, 13).timestamp(), utc(2026, 11, 23, 20, 30).timestamp()) == 1.5 * 3600


@pytest.mark.parametrize(
    "shifts, message",
    [
        ({"days": ["mon"]}, "shifts: expected a list"),
        ([{"days": ["monday"], "start": "09:00", "end": "17:00"}], "shifts[0].days"),
        ([{"days": ["mon"], "start": "25:00", "end": "17:00"}], "shifts[0].start: '25:00' is not a time of day"),
        ([{"days": ["mon"], "start": "09:00", "end": "5pm"}], "shifts[0].end: '5pm' is not HH:MM"),
    ],
)
def test_bad_shifts_name_the_field(shifts, message):
    with pytest.raises(ShiftError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_shifts(shifts)


def test_bad_zone_and_dates_name_the_field():
    with pytest.raises(ShiftError, match="timezone: unknown time zone 'Mars/Base'"):
        rota("Mars/Base", [])
    with pytest.raises(ShiftError, match="holidays"):
        rota("UTC", [], holidays=["2026-13-01"])
    assert isinstance(rota("UTC", []), Rota)
