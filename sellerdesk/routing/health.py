"""The supervisor's queue-health view: what is waiting, what is about to be late, who carries what."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db.models import Count, Q

from sellerdesk.conversations.models import Conversation
from sellerdesk.lib import clock
from sellerdesk.routing.service import agents_with_load, availability
from sellerdesk.sla.models import Breach

OPEN = Conversation.Status.OPEN


@dataclass
class AgentLoad:
    id: int
    name: str
    load: int  # open conversations assigned (waiting on us)
    capacity: int
    on_shift: bool
    away: bool
    next_shift: dt.datetime | None
    senior: bool
    languages: list[str]

    @property
    def load_pct(self) -> int:
        return round(100 * self.load / self.capacity) if self.capacity else 0

    def as_dict(self) -> dict:
        return {
            "id": self.id, "name": self.name, "load": self.load, "capacity": self.capacity, "load_pct": self.load_pct,
            "on_shift": self.on_shift, "away": self.away, "next_shift": self.next_shift, "senior": self.senior,
            "languages": self.languages,
        }


def queue_health(now: dt.datetime | None = None, tz: str = "UTC", users=None) -> dict:
    """Counts for the page and the API; "today" is the calendar day in `tz` (the viewer's zone).
    `users`: `agents_with_load()` when the caller read it already (the queue page ranks with it too)."""
    now = now or clock.now()
    zone = zoneinfo.ZoneInfo(tz)
    local = now.astimezone(zone)
    midnight = dt.datetime(local.year, local.month, local.day, tzinfo=zone).astimezone(dt.timezone.utc)
    soon = now + dt.timedelta(hours=1)
    counts = Conversation.objects.filter(status=OPEN).aggregate(
        open=Count("pk"),
        unassigned=Count("pk", filter=Q(assignee__isnull=True)),
        overdue=Count("pk", filter=Q(next_deadline_at__lte=now)),
        due_1h=Count("pk", filter=Q(next_deadline_at__gt=now, next_deadline_at__lte=soon)),
    )
    per_tier = dict(Conversation.objects.filter(status=OPEN).values_list("tier").annotate(n=Count("pk")).order_by("tier"))
    breaches = Breach.objects.filter(breached_at__gte=midnight, breached_at__lte=now)
    agents = []
    for u in users if users is not None else agents_with_load():
        p = u.agent
        start, on_shift = availability(p, now)
        away = bool(p.away_from and p.away_from <= now and (p.away_until is None or now < p.away_until)) or not p.is_available
        agents.append(AgentLoad(
            u.pk, p.name, u.load, p.capacity, on_shift, away,
            None if on_shift or start is None else dt.datetime.fromtimestamp(start, dt.timezone.utc), p.is_senior,
            list(p.languages or []),
        ))
    agents.sort(key=lambda a: (not a.on_shift, -a.load_pct, a.name))
    by_kind = dict(breaches.values_list("kind").annotate(n=Count("pk")).order_by("kind"))  # and their sum: one query
    return {
        "now": now,
        "open": counts["open"],
        "open_per_tier": {str(t): per_tier.get(t, 0) for t in (1, 2, 3)},
        "unassigned": counts["unassigned"],
        "due_in_1h": counts["due_1h"],
        "overdue": counts["overdue"],
        "breached_today": sum(by_kind.values()),
        "breached_today_by_kind": by_kind,
        "agents": [a.as_dict() for a in agents],
        "on_shift": sum(1 for a in agents if a.on_shift),
    }
