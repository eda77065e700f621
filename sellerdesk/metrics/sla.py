"""SLA met % from the deadline rows, by channel, intent, agent and day.

A deadline counts when it was decided inside the period: met (at `met_at`) or breached (at its
due time; a late answer keeps it breached). Reply windows are not SLAs and are left out; open,
paused and cancelled clocks are not decided yet. Counted in the database (one GROUP BY per
breakdown), so a period of a hundred thousand deadlines costs no Python per row.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F

from sellerdesk.lib import clock
from sellerdesk.metrics.localday import LocalDate
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
    rows = Deadline.objects.exclude(policy__group="window")
    if group:
        rows = rows.filter(policy__group=group)
    counts: dict[str, dict] = {d: {} for d in DIMENSIONS}
    total = [0, 0]
    # One GROUP BY per state, each along its index ((state, met_at) / (state, due_at)): an OR of the
    # two would read every deadline on SQLite. The few thousand groups are folded here.
    for i, (state, decided) in enumerate(((Deadline.State.MET, "met_at"), (Deadline.State.BREACHED, "due_at"))):
        decided_rows = rows.filter(state=state, **{f"{decided}__gte": since, f"{decided}__lte": now}).order_by()
        day = LocalDate(F(decided), zone=tz, since=since, until=now)
        for channel, intent, agent, date, n in decided_rows.annotate(day=day).values_list(
            "conversation__channel", "conversation__intent", "conversation__assignee_id", "day"
        ).annotate(n=Count("id")):
            keys = {"channel": channel, "intent": intent or "", "agent": str(agent) if agent else "", "day": date}
            for dim, key in keys.items():
                counts[dim].setdefault(key, [0, 0])[i] += n
            total[i] += n

    def row(c):
        return {"met": c[0], "breached": c[1], "met_pct": _pct(c[0], c[0] + c[1])}

    return {"days": days, "group": group, "all": row(total), **{d: {k: row(c) for k, c in sorted(counts[d].items())} for d in DIMENSIONS}}
