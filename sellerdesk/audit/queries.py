"""Reading the audit log: newest first, filtered, keyset-paged (ids only grow)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sellerdesk.audit.models import AuditEntry


@dataclass
class AuditFilters:
    action: str = ""
    actor: str = ""  # username
    target: str = ""  # "customer:12"
    since: dt.datetime | None = None
    until: dt.datetime | None = None


def page(filters: AuditFilters, *, before_id: int | None = None, limit: int = 100) -> tuple[list[AuditEntry], int | None]:
    """(entries, the before_id of the next page or None)."""
    qs = AuditEntry.objects.all()
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.actor:
        qs = qs.filter(actor_name=filters.actor)
    if filters.target:
        qs = qs.filter(target=filters.target)
    if filters.since:
        qs = qs.filter(created_at__gte=filters.since)
    if filters.until:
        qs = qs.filter(created_at__lt=filters.until)
    if before_id is not None:
        qs = qs.filter(pk__lt=before_id)
    rows = list(qs.order_by("-id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].pk if more and rows else None)


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())
