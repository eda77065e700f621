"""An AgentProfile's rota: its shifts, public and own holidays and time away, as a shifts.Rota."""

from __future__ import annotations

import datetime as dt
import functools

import holidays as holiday_lists

from sellerdesk.routing.shifts import Rota, ShiftError, parse_dates, parse_shifts, zone_of

ALWAYS = ({"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "24:00"},)


@functools.lru_cache(maxsize=64)
def _public_holidays(country: str, years: range) -> frozenset[dt.date]:
    # Cached: building a country's holiday list costs milliseconds, and every routing choice asks
    # it for every agent (the ingest benchmark spent a tenth of its time here).
    try:
        return frozenset(holiday_lists.country_holidays(country.upper(), years=list(years)))
    except NotImplementedError:
        raise ShiftError(f"holiday_country: the holidays package has no {country!r}") from None


_rotas: dict[tuple, Rota] = {}


def rota_of(profile, around: dt.datetime | None = None) -> Rota:
    """The agent's working pattern; no shifts means always on shift (a small shop without rotas).

    Cached by the profile's rota fields: every routing choice asks for every agent's rota, and
    parsing it costs more than the choice (a fifth of the batched intake's deciding time).
    """
    year = (around or dt.datetime.now(dt.timezone.utc)).year
    key = (
        profile.pk, year, repr(profile.shifts), repr(profile.holidays), profile.holiday_country,
        profile.away_from, profile.away_until, profile.timezone, repr(profile.skills),
    )
    rota = _rotas.get(key)
    if rota is None:
        if len(_rotas) > 1000:
            _rotas.clear()
        rota = _rotas[key] = _build_rota(profile, year)
    return rota


def _build_rota(profile, year: int) -> Rota:
    days = set(parse_dates(list(profile.holidays or []), "holidays"))
    if profile.holiday_country:
        days |= _public_holidays(profile.holiday_country, range(year - 1, year + 2))
    away = ()
    if profile.away_from or profile.away_until:
        start = profile.away_from or dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
        end = profile.away_until or dt.datetime(9999, 1, 1, tzinfo=dt.timezone.utc)
        if end <= start:
            raise ShiftError("away_until: must be after away_from")
        away = ((start, end),)
    shifts = parse_shifts(list(profile.shifts or ALWAYS), "shifts")
    if not isinstance(profile.skills, list) or any(not isinstance(s, str) for s in profile.skills):
        raise ShiftError("skills: a list of channel names (and \"senior\")")
    return Rota(zone_of(profile.timezone, "timezone"), shifts, frozenset(days), away)
