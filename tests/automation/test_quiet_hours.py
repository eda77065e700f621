"""Quiet hours in the buyer's zone, from address, marketplace or phone, across daylight-saving changes."""

import datetime as dt

from sellerdesk.automation.quiet import buyer_zones, is_quiet, next_send_time

UTC = dt.timezone.utc


def zones(**kw):
    return buyer_zones(**kw)


def test_the_zone_comes_from_the_address_then_the_marketplace_then_the_phone():
    assert [z.key for z in zones(country="JP")] == ["Asia/Tokyo"]
    assert [z.key for z in zones(marketplace="UK")] == ["Europe/London"]
    assert [z.key for z in zones(phone="+81312345678")] == ["Asia/Tokyo"]
    assert [z.key for z in zones(country="DE", phone="+81312345678")] == ["Europe/Berlin"]
    assert zones() == []


def test_a_night_send_waits_for_the_morning_in_tokyo():
    z = zones(country="JP")
    at = dt.datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # 23:00 in Tokyo
    assert is_quiet(z, at) is True
    assert next_send_time(z, at) == dt.datetime(2026, 11, 24, 23, 0, tzinfo=UTC)  # 08:00 in Tokyo


def test_daytime_is_not_held():
    z = zones(country="DE")
    at = dt.datetime(2026, 11, 24, 10, 7, tzinfo=UTC)
    assert next_send_time(z, at) == at


def test_the_morning_after_europe_moves_to_summer_time():
    z = zones(country="DE")
    # Saturday 28 March 2026, 23:00 CET; the clocks go forward that night: 08:00 CEST is 06:00 UTC.
    at = dt.datetime(2026, 3, 28, 22, 0, tzinfo=UTC)
    assert next_send_time(z, at) == dt.datetime(2026, 3, 29, 6, 0, tzinfo=UTC)


def test_the_morning_after_europe_moves_back_to_winter_time():
    z = zones(country="GB")
    # 25 October 2026: London goes from BST back to GMT, so 08:00 is 08:00 UTC.
    at = dt.datetime(2026, 10, 24, 22, 0, tzinfo=UTC)
    assert next_send_time(z, at) == dt.datetime(2026, 10, 25, 8, 0, tzinfo=UTC)


def test_a_country_with_several_zones_waits_until_all_are_awake():
    z = zones(country="US")
    at = dt.datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # 07:00 New York, 04:00 Los Angeles
    assert next_send_time(z, at) == dt.datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # 08:00 Los Angeles (PST)
    summer = dt.datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert next_send_time(z, summer) == dt.datetime(2026, 7, 1, 15, 0, tzinfo=UTC)  # 08:00 PDT
