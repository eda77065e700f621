"""SLA met % from the deadline rows, by channel, intent, agent and day.

A deadline counts when it was decided inside the period: met (at `met_at`) or breached (at its
due time; a late answer keeps it breached). Reply windows are not SLAs and are left out; open,
paused and cancelled clocks are not decided yet.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db.models import Q

from sellerdesk.lib import clock
from sellerdesk.sla.models import Deadline

DIMENSIONS = ("channel", "intent", "agent", "day")
GROUPS = ("platform", "claim", "review", "internal")


def _pct(met: int, total: int) -> float | None:
    return round(100 * met / total, 2) if total else None


def sla_met(days: int = 30, *, group: str = "", now: dt.datetime | None = None, tz: str = "UTC") -> dict:
    """{"all": {...}, "channel": {name: {...}}, "intent": ..., "agent": {user id: ...}, "day": {"YYYY-MM-DD": ...}}
    where {...} = {"met": n, "breached": n, "met_pct": x}. Days are dates in `tz`."""
    if group and group not in GROUPS:
        raise ValueError(f"group: one of {', '.join(GROUPS)}")
    now = now or clock.now()
    since = now - dt.timedelta(days=days)
    zone = zoneinfo.ZoneInfo(tz)
    rows = Deadline.objects.filter(
        Q(state=Deadline.State.MET, met_at__gte=since, met_at__lte=now)
        | Q(state=Deadline.State.BREACHED, due_at__gte=since, due_at__lte=now)
    ).exclude(policy__group="window")
    if group:
        rows = rows.filter(policy__group=group)
    counts: dict[str, dict] = {d: {} for d in DIMENSIONS}
    total = [0, 0]
    for state, met_at, due_at, channel, intent, agent in rows.values_list(
        "state", "met_at", "due_at", "conversation__channel", "conversation__intent", "conversation__assignee_id"
    ):
        met = state == Deadline.State.MET
        decided = met_at if met else due_at
        keys = {"channel": channel, "intent": intent or "", "agent": str(agent) if agent else "", "day": decided.astimezone(zone).date().isoformat()}
        for dim, key in keys.items():
            c = counts[dim].setdefault(key, [0, 0])
            c[0 if met else 1] += 1
        total[0 if met else 1] += 1

    def row(c):
        return {"met": c[0], "breached": c[1], "met_pct": _pct(c[0], c[0] + c[1])}

    return {"days": days, "group": group, "all": row(total), **{d: {k: row(c) for k, c in sorted(counts[d].items())} for d in DIMENSIONS}}
