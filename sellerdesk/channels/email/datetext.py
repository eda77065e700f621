"""Dates and money as notification mails write them, in English, German, French, Spanish, Italian, Japanese.

"November 23, 2026 11:59 PM PST", "23 November 2026", "25.11.2026 23:59 MEZ",
"2026-11-23 08:00 UTC", "2026年11月23日"; "$89.99", "59,99 EUR", "EUR 1.234,50".
A date without a time means the end of that day; without a zone, the store's zone.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

_MONTHS = {}
for _number, _names in enumerate(
    [
        "january jan januar janvier janv enero ene gennaio gen",
        "february feb februar février févr febrero febbraio",
        "march mar märz mars marzo",
        "april apr avril abril aprile",
        "may mai mayo maggio mag",
        "june jun juni juin junio giugno giu",
        "july jul juli juillet juil julio luglio lug",
        "august aug août agosto ago",
        "september sep sept septembre septiembre settembre set",
        "october oct oktober okt octobre octubre ottobre ott",
        "november nov novembre noviembre",
        "december dec dezember dez décembre déc diciembre dic dicembre",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_MONTH = r"(?P<mon>[A-Za-zäéû]{3,10})\.?"
_DATES = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})年\s*(?P<m>\d{1,2})月\s*(?P<d>\d{1,2})日(?:\s*[(（].[)）])?"),
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
    re.compile(rf"{_MONTH}\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})"),
    re.compile(rf"(?P<d>\d{{1,2}})\.?\s+(?:de\s+)?{_MONTH}\s+(?:de\s+)?(?P<y>\d{{4}})"),
]
_TIME = re.compile(
    r"^[,\s]*(?:at|um|à|a las|alle|ore)?\s*(?P<h>\d{1,2})[:.:時](?P<mi>\d{2})分?"
    r"(?:\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?))?(?:\s*(?:Uhr|h))?"
    r"(?:\s*\(?(?P<tz>(?:UTC|GMT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[A-Z]{3,5})\)?)?"
)
_ZONE_ABBREVIATIONS = {
    "UTC": 0, "GMT": 0, "Z": 0, "PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CST": -6, "CDT": -5, "EST": -5, "EDT": -4,
    "BST": 1, "CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2, "JST": 9, "AEST": 10, "AEDT": 11, "IST": 5.5, "SGT": 8, "GST": 4,
}
STORE_ZONES = {
    "US": "America/Los_Angeles", "CA": "America/Toronto", "MX": "America/Mexico_City", "BR": "America/Sao_Paulo",
    "UK": "Europe/London", "DE": "Europe/Berlin", "FR": "Europe/Paris", "IT": "Europe/Rome", "ES": "Europe/Madrid",
    "NL": "Europe/Amsterdam", "SE": "Europe/Stockholm", "PL": "Europe/Warsaw", "BE": "Europe/Brussels",
    "TR": "Europe/Istanbul", "JP": "Asia/Tokyo", "AU": "Australia/Sydney", "AE": "Asia/Dubai", "SG": "Asia/Singapore",
    "SA": "Asia/Riyadh", "IN": "Asia/Kolkata",
}


def parse_datetime(text: str, marketplace: str = "") -> dt.datetime | None:
    """The first date (with its time and zone, if written) in `text`, as an aware UTC datetime."""
    found = None
    for pattern in _DATES:
        match = pattern.search(text or "")
        if match and (found is None or match.start() < found.start()):
            if "mon" in match.groupdict() and match.group("mon").lower() not in _MONTHS:
                continue
            found = match
    if found is None:
        return None
    parts = found.groupdict()
    month = int(parts["m"]) if parts.get("m") else _MONTHS[parts["mon"].lower()]
    try:
        day = dt.date(int(parts["y"]), month, int(parts["d"]))
    except ValueError:
        return None
    time = _TIME.match(text[found.end() :])
    if time:
        hour, minute = int(time.group("h")), int(time.group("mi"))
        ampm = (time.group("ampm") or "").lower().replace(".", "").replace(" ", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            return None
        local = dt.datetime.combine(day, dt.time(hour, minute))
    else:
        local = dt.datetime.combine(day, dt.time(23, 59, 59))  # "by November 23" means until that day ends
    zone = _zone(time.group("tz") if time else None, marketplace)
    return local.replace(tzinfo=zone).astimezone(dt.timezone.utc)


def _zone(abbreviation: str | None, marketplace: str) -> dt.tzinfo:
    if abbreviation:
        name = abbreviation.replace(" ", "").upper()
        offset = re.match(r"^(?:UTC|GMT)([+-])(\d{1,2})(?::?(\d{2}))?$", name)
        if offset:
            sign = 1 if offset.group(1) == "+" else -1
            return dt.timezone(sign * dt.timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3) or 0)))
        if name in _ZONE_ABBREVIATIONS:
            return dt.timezone(dt.timedelta(hours=_ZONE_ABBREVIATIONS[name]))
    return ZoneInfo(STORE_ZONES[marketplace]) if marketplace in STORE_ZONES else dt.timezone.utc


_SYMBOLS = {"£": "GBP", "€": "EUR", "¥": "JPY", "￥": "JPY", "R$": "BRL", "A$": "AUD", "C$": "CAD", "CA$": "CAD", "US$": "USD", "S$": "SGD", "₹": "INR", "zł": "PLN"}
_DOLLAR_STORES = {"US": "USD", "CA": "CAD", "MX": "MXN", "AU": "AUD", "SG": "SGD"}
_MONEY = re.compile(
    r"(?P<pre>US\$|CA\$|[ARCS]\$|[A-Z]{3}|[$£€¥￥₹])?\s*(?P<num>\d[\d.,  ]*\d|\d)\s*(?P<post>[A-Z]{3}\b|[$£€¥￥₹]|zł)?"
)


def parse_money(text: str, marketplace: str = "") -> tuple[Decimal | None, str]:
    """(amount, ISO currency) of the first sum of money in `text`; (None, "") if there is none."""
    for match in _MONEY.finditer(text or ""):
        mark = match.group("pre") or match.group("post")
        if not mark:
            continue
        amount = _number(match.group("num"))
        if amount is None:
            continue
        if mark == "$":
            return amount, _DOLLAR_STORES.get(marketplace, "USD")
        return amount, _SYMBOLS.get(mark, mark)
    return None, ""


def _number(text: str) -> Decimal | None:
    text = re.sub(r"[\s ]", "", text)
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
    elif "," in text:
        decimal = "," if re.search(r",\d{1,2}$", text) else ""
    elif "." in text:
        decimal = "." if re.search(r"\.\d{1,2}$", text) else ""
    else:
        decimal = ""
    thousands = {",": ".", ".": ",", "": ",."}[decimal]
    for sep in thousands:
        text = text.replace(sep, "")
    try:
        return Decimal(text.replace(",", ".")) if text else None
    except InvalidOperation:
        return None
