"""The SLA settings pages' text fields, read into calendar and policy values (and written back).

Opening hours per weekday: "09:00-18:00" or "09:00-12:00, 13:00-18:00"; empty is closed.
Custom days, one per line: "2027-02-08 closed Spring Festival", "2027-02-08..2027-02-12 closed",
"2027-02-20 09:00-18:00 make-up workday".
"""

from __future__ import annotations

import re

from sellerdesk.sla.calendars import WEEKDAYS, CalendarError

_RANGE = re.compile(r"^(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$")
_DAY_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?\s+(closed|[\d:,\s-]+?)(?:\s+(\D.*))?$")


def parse_hours(text: str, where: str) -> list[list[str]]:
    out = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        m = _RANGE.match(part)
        if not m:
            raise CalendarError(f"{where}: write hours like 09:00-18:00, not {part!r}")
        out.append([m.group(1).zfill(5), m.group(2).zfill(5)])
    return out


def hours_text(intervals) -> str:
    return ", ".join(f"{a}-{b}" for a, b in intervals or [])


def parse_weekly(values: dict[str, str]) -> dict:
    weekly = {}
    for day in WEEKDAYS:
        hours = parse_hours(values.get(day, ""), f"weekly_hours.{day}")
        if hours:
            weekly[day] = hours
    return weekly


def parse_custom_days(text: str) -> list[dict]:
    days = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        m = _DAY_LINE.match(line)
        if not m:
            raise CalendarError(f"custom_days line {n}: write “2027-02-08 closed Spring Festival” or “2027-02-20 09:00-18:00 make-up workday”")
        first, last, what, name = m.groups()
        entry: dict = {"from": first, "to": last} if last else {"date": first}
        if what == "closed":
            entry["closed"] = True
        else:
            entry["hours"] = parse_hours(what, f"custom_days line {n}")
        if name:
            entry["name"] = name.strip()[:100]
        days.append(entry)
    return days


def custom_days_text(days: list[dict]) -> str:
    lines = []
    for d in days or []:
        when = f"{d['from']}..{d['to']}" if "from" in d else d.get("date", "")
        what = "closed" if d.get("closed") else hours_text(d.get("hours"))
        lines.append(" ".join(x for x in (when, what, d.get("name", "")) if x))
    return "\n".join(lines)
