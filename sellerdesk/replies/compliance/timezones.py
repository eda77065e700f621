"""The buyer's time zone(s): given, or the main zones of their country (timezones.json)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_TABLE = Path(__file__).resolve().parent / "timezones.json"
# Marketplace codes that are not ISO country codes.
_MARKETPLACE_COUNTRY = {"UK": "GB"}


@cache
def _country_zones() -> dict[str, list[str]]:
    return json.loads(_TABLE.read_text(encoding="utf-8"))["countries"]


def country_code(value: str) -> str:
    code = (value or "").strip().upper()
    return _MARKETPLACE_COUNTRY.get(code, code)


def buyer_zones(timezone: str, country: str, marketplace: str) -> list[ZoneInfo]:
    """The zones to respect, most specific source first; [] when nothing is known."""
    if timezone:
        try:
            return [ZoneInfo(timezone)]
        except (ZoneInfoNotFoundError, ValueError):
            pass  # an unknown name falls back to the country
    for code in (country_code(country), country_code(marketplace)):
        names = _country_zones().get(code)
        if names:
            return [ZoneInfo(n) for n in names]
    return []
