"""What deadlines a sample message would get now, and the upcoming closed days of a calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from sellerdesk.sla.calendars import CalendarError, schedule_for
from sellerdesk.sla.engine import window
from sellerdesk.sla.policies import Facts, active_policies, select
from sellerdesk.sla.regions import region_of

GROUP_ORDER = {"platform": 0, "claim": 1, "review": 2, "internal": 3, "window": 4}


@dataclass
class PreviewRow:
    policy: object
    due_at: dt.datetime | None
    warn_at: dt.datetime | None
    error: str = ""


def preview(*, channel: str, marketplace: str = "", country: str = "", tier: int = 3, intent: str = "",
            claim_kind: str = "", store: str = "", received_at: dt.datetime,
            respond_by: dt.datetime | None = None) -> list[PreviewRow]:
    """The clocks a first buyer message with these facts starts (the policies that win), earliest first.
    `store`: a channel account id (its own policies win), or "" for a store without any."""
    facts = Facts(channel=channel, marketplace=marketplace.upper(), region=region_of(country, marketplace), tier=str(tier),
                  intent=intent, claim_kind=claim_kind, store=str(store or ""))
    rows = []
    for policy in select(active_policies(), facts):
        if policy.metric == "next_response" or (policy.claim_kind and not claim_kind):
            continue
        claim = SimpleNamespace(respond_by=respond_by) if respond_by else None
        try:
            due, warn = window(policy, received_at, claim)
        except CalendarError as exc:
            rows.append(PreviewRow(policy, None, None, str(exc)))
            continue
        rows.append(PreviewRow(policy, due, warn))
    return sorted(rows, key=lambda r: (r.due_at is None, r.due_at or received_at, GROUP_ORDER.get(r.policy.group, 9)))


def closed_days(calendar, start: dt.date, days: int = 60) -> list[tuple[dt.date, str]]:
    """Closed weekdays ahead (public holidays and custom days), with their names where known."""
    import holidays as holidays_lib

    if calendar.kind == "24x7":
        return []
    sched = schedule_for(calendar)
    names = {}
    if calendar.holiday_country:
        try:
            names = holidays_lib.country_holidays(calendar.holiday_country, subdiv=calendar.holiday_subdivision or None,
                                                  years=[start.year, start.year + 1])
        except NotImplementedError:
            names = {}
    for entry in calendar.custom_days or []:
        if entry.get("name") and entry.get("date"):
            names = {**names, dt.date.fromisoformat(entry["date"]): entry["name"]}
    out = []
    for i in range(days):
        day = start + dt.timedelta(days=i)
        if sched.weekly[day.weekday()] and not sched.intervals_on(day):
            out.append((day, names.get(day, "")))
    return out
