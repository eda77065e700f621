"""SLA met % from the deadline rows, by channel, intent, agent and day.

A deadline counts when it was decided inside the period: met (at `met_at`) or breached (at its
due time; a late answer keeps it breached). Reply windows are not SLAs and are left out; open,
paused and cancelled clocks are not decided yet. Counted in the database (one GROUP BY per
breakdown), so a period of a hundred thousand deadlines costs no Python per row.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q

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
    met = Q(state=Deadline.State.MET, met_at__gte=since, met_at__lte=now)
    breached = Q(state=Deadline.State.BREACHED, due_at__gte=since, due_at__lte=now)
    rows = Deadline.objects.filter(met | breached).exclude(policy__group="window")
    if group:
        rows = rows.filter(policy__group=group)
    rows = rows.order_by()
    counts: dict[str, dict] = {d: {} for d in DIMENSIONS}

    def add(dim: str, key, state: str, n: int) -> None:
        c = counts[dim].setdefault(key, [0, 0])
        c[0 if state == Deadline.State.MET else 1] += n

    for key, state, n in rows.values_list("conversation__channel", "state").annotate(n=Count("id")):
        add("channel", key, state, n)
    for key, state, n in rows.values_list("conversation__intent", "state").annotate(n=Count("id")):
        add("intent", key or "", state, n)
    for key, state, n in rows.values_list("conversation__assignee_id", "state").annotate(n=Count("id")):
        add("agent", str(key) if key else "", state, n)
    for field, decided in (("met_at", met), ("due_at", breached)):  # the day the clock was decided
        day = LocalDate(F(field), zone=tz, since=since, until=now)
        for key, state, n in rows.filter(decided).annotate(day=day).values_list("day", "state").annotate(n=Count("id")):
            add("day", key, state, n)
    total = [sum(c[0] for c in counts["channel"].values()), sum(c[1] for c in counts["channel"].values())]

    def row(c):
        return {"met": c[0], "breached": c[1], "met_pct": _pct(c[0], c[0] + c[1])}

    return {"days": days, "group": group, "all": row(total), **{d: {k: row(c) for k, c in sorted(counts[d].items())} for d in DIMENSIONS}}
