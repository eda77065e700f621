"""Business-time arithmetic with exact expected instants: weekends, holidays, custom days, DST, midnight."""

import datetime as dt

import pytest

from sellerdesk.sla.calendars import CalendarError, add_business_minutes, business_minutes_between, build_schedule
from sellerdesk.sla.models import Calendar

UTC = dt.timezone.utc
WEEKDAYS_9_18 = {d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
EVERY_DAY_9_18 = {d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def z(*args):
    return dt.datetime(*args, tzinfo=UTC)


def business(tz="America/New_York", hours=WEEKDAYS_9_18, country="", custom=()):
    # Unsaved rows: the arithmetic needs no database.
    return Calendar(name="t", kind="business", timezone=tz, weekly_hours=hours, holiday_country=country, custom_days=list(custom))


def test_over_a_weekend():
    cal = business()
    # Friday 2026-11-20 17:00 EST + 2 h: one hour on Friday, one on Monday.
    assert add_business_minutes(cal, z(2026, 11, 20, 22), 120) == z(2026, 11, 23, 15)
    # Starting on Saturday: the clock starts Monday 09:00.
    assert add_business_minutes(cal, z(2026, 11, 21, 17), 60) == z(2026, 11, 23, 15)
    assert add_business_minutes(cal, z(2026, 11, 21, 17), 0) == z(2026, 11, 23, 14)
    assert business_minutes_between(cal, z(2026, 11, 20, 22), z(2026, 11, 23, 15)) == 120


def test_a_full_day_ends_at_closing_not_next_morning():
    assert add_business_minutes(business(), z(2026, 11, 23, 14), 540) == z(2026, 11, 23, 23)


def test_us_thanksgiving_from_the_holidays_package_is_skipped():
    cal = business(country="US")
    # Wednesday 2026-11-25 17:00 EST + 2 h: Thursday 26 is Thanksgiving, so Friday 10:00 EST.
    assert add_business_minutes(cal, z(2026, 11, 25, 22), 120) == z(2026, 11, 27, 15)
    assert add_business_minutes(business(), z(2026, 11, 25, 22), 120) == z(2026, 11, 26, 15)
    # Wednesday 09:00 to Monday 09:00: Wednesday and Friday only.
    assert business_minutes_between(cal, z(2026, 11, 25, 14), z(2026, 11, 30, 14)) == 1080


def test_spring_festival_week_and_make_up_workday_as_custom_days():
    cal = business(
        tz="Asia/Shanghai",
        custom=[
            {"from": "2027-02-08", "to": "2027-02-12", "closed": True, "name": "Spring Festival week"},
            {"date": "2027-02-20", "hours": [["09:00", "18:00"]], "name": "make-up workday"},
        ],
    )
    # Friday 2027-02-05 17:00 CST + 2 h: the whole next week is closed, so Monday 15th 10:00 CST.
    assert add_business_minutes(cal, z(2027, 2, 5, 9), 120) == z(2027, 2, 15, 2)
    # Friday 19th 17:00 + 2 h: Saturday 20th is a working day.
    assert add_business_minutes(cal, z(2027, 2, 19, 9), 120) == z(2027, 2, 20, 2)


def test_china_public_holidays_from_the_package():
    cal = business(tz="Asia/Shanghai", country="CN")
    # Thursday 2027-02-04 17:00 CST + 2 h: 5-10 February are public holidays (holidays 0.109), so Thursday 11th.
    assert add_business_minutes(cal, z(2027, 2, 4, 9), 120) == z(2027, 2, 11, 2)


def test_new_york_spring_forward_over_the_weekend():
    # DST starts Sunday 2026-03-08: Friday 17:00 EST (22:00Z) + 2 h = Monday 10:00 EDT (14:00Z, not 15:00Z).
    assert add_business_minutes(business(), z(2026, 3, 6, 22), 120) == z(2026, 3, 9, 14)


def test_new_york_fall_back_day_has_25_hours():
    cal = business(hours={d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})
    # Saturday 31 Oct 00:00 EDT to Monday 2 Nov 00:00 EST: 24 h + 25 h.
    assert business_minutes_between(cal, z(2026, 10, 31, 4), z(2026, 11, 2, 5)) == 49 * 60
    # Sunday 1 Nov 00:00 EDT + 24 h of open time = Sunday 23:00 EST.
    assert add_business_minutes(cal, z(2026, 11, 1, 4), 1440) == z(2026, 11, 2, 4)


def test_berlin_spring_forward_on_an_open_sunday():
    cal = business(tz="Europe/Berlin", hours=EVERY_DAY_9_18)
    # Saturday 2026-03-28 17:00 CET (16:00Z) + 2 h = Sunday 10:00 CEST (08:00Z).
    assert add_business_minutes(cal, z(2026, 3, 28, 16), 120) == z(2026, 3, 29, 8)


def test_berlin_night_shift_over_midnight_in_the_fall_back_night():
    nights = {d: [["22:00", "06:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    cal = business(tz="Europe/Berlin", hours=nights)
    # Saturday 24 Oct 22:00 CEST (20:00Z) to Sunday 06:00 CET (05:00Z): 9 real hours, clocks go back at 03:00.
    assert business_minutes_between(cal, z(2026, 10, 24, 20), z(2026, 10, 25, 5)) == 540
    assert add_business_minutes(cal, z(2026, 10, 24, 20), 480) == z(2026, 10, 25, 4)
    # From 05:00 CET + 2 h: one hour that night, one from Sunday 22:00 CET (21:00Z).
    assert add_business_minutes(cal, z(2026, 10, 25, 4), 120) == z(2026, 10, 25, 22)


def test_intervals_touching_at_midnight_merge():
    cal = business(tz="Europe/Berlin", hours={"mon": [["20:00", "24:00"]], "tue": [["00:00", "02:00"]]})
    # Monday 2026-11-23 23:00 CET + 2 h runs through midnight: Tuesday 01:00 CET.
    assert add_business_minutes(cal, z(2026, 11, 23, 22), 120) == z(2026, 11, 24, 0)


def test_24x7_counts_every_minute_across_dst():
    cal = Calendar(name="always", kind="24x7", timezone="Europe/Berlin")
    assert add_business_minutes(cal, z(2026, 10, 24, 12), 1440) == z(2026, 10, 25, 12)
    assert business_minutes_between(cal, z(2026, 10, 25, 12), z(2026, 10, 24, 12)) == -1440


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"timezone": "Mars/Olympus"}, "timezone: unknown time zone 'Mars/Olympus'"),
        ({"weekly_hours": {"mon": [["09:00", "25:00"]]}}, "weekly_hours.mon: '25:00' is not a time of day"),
        ({"weekly_hours": {"monday": [["09:00", "18:00"]]}}, "weekly_hours: expected keys among mon, tue, wed, thu, fri, sat, sun"),
        ({"weekly_hours": {"mon": [["09:00", "09:00"]]}}, "weekly_hours.mon: ['09:00', '09:00'] is empty"),
        ({"holiday_country": "XX"}, "holiday_country: the holidays package has no 'XX' ''"),
        ({"custom_days": [{"date": "2027-02-30", "closed": True}]}, "custom_days[0]: '2027-02-30' is not a date (YYYY-MM-DD)"),
        ({"custom_days": [{"date": "2027-02-08"}]}, 'custom_days[0]: give "closed": true or "hours"'),
    ],
)
def test_bad_calendar_gets_a_clear_error(fields, message):
    values = {"name": "bad", "kind": "business", "timezone": "UTC", "weekly_hours": WEEKDAYS_9_18, **fields}
    with pytest.raises(CalendarError) as err:
        build_schedule(Calendar(**values))
    assert str(err.value) == message


def test_a_calendar_that_never_opens_is_refused():
    with pytest.raises(CalendarError) as err:
        add_business_minutes(business(hours={}), z(2026, 11, 23, 12), 60)
    assert str(err.value) == "the calendar has no opening hours in the 400 days after 2026-11-23"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError) as err:
        add_business_minutes(business(), dt.datetime(2026, 11, 23, 12), 60)
    assert str(err.value) == "start must be timezone-aware"
