"""The breach log: every missed deadline with what explains it, newest first, by keyset."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sellerdesk.sla.models import Breach


@dataclass
class Filters:
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    policy_id: int | None = None
    agent_id: int | None = None


@dataclass
class Row:
    breach: Breach
    reasons: list[str] = field(default_factory=list)


def query(filters: Filters):
    qs = Breach.objects.select_related("deadline", "policy__calendar", "agent__agent", "conversation")
    if filters.since:
        qs = qs.filter(breached_at__gte=filters.since)
    if filters.until:
        qs = qs.filter(breached_at__lt=filters.until)
    if filters.policy_id:
        qs = qs.filter(policy_id=filters.policy_id)
    if filters.agent_id:
        qs = qs.filter(agent_id=filters.agent_id)
    return qs.order_by("-breached_at", "-id")


def page(filters: Filters, after: tuple[dt.datetime, int] | None = None, size: int = 50) -> tuple[list[Row], tuple | None]:
    qs = query(filters)
    if after:
        from django.db.models import Q

        at, pk = after
        qs = qs.filter(Q(breached_at__lt=at) | Q(breached_at=at, id__lt=pk))
    rows = list(qs[: size + 1])
    more = (rows[size - 1].breached_at, rows[size - 1].pk) if len(rows) > size else None
    return [Row(b, reasons(b)) for b in rows[:size]], more


def duration_text(minutes: float) -> str:
    minutes = int(round(minutes))
    if minutes < 60:
        return _("%(m)s min") % {"m": minutes}
    if minutes % 1440 == 0 and minutes >= 2880:
        return _("%(d)s days") % {"d": minutes // 1440}
    if minutes % 60 == 0:
        return _("%(h)s h") % {"h": minutes // 60}
    return _("%(h)s h %(m)s min") % {"h": minutes // 60, "m": minutes % 60}


def reasons(b: Breach) -> list[str]:
    """Why it was missed, as far as the rows say: who had it, when (if ever) the answer came."""
    d, policy = b.deadline, b.policy
    out = []
    if b.agent_id is None:
        out.append(_("Nobody was assigned when it became due."))
    else:
        name = getattr(getattr(b.agent, "agent", None), "name", "") or b.agent.get_username()
        out.append(_("Assigned to %(name)s when it became due.") % {"name": name})
    if d.met_at:
        out.append(_("Answered %(late)s after the deadline.") % {"late": duration_text((d.met_at - b.due_at).total_seconds() / 60)})
    elif d.closed_at:
        out.append(_("Closed without an answer."))
    else:
        out.append(_("Still not answered."))
    if policy.target_minutes and not policy.due_from_claim:
        out.append(_("Target %(target)s on the calendar “%(calendar)s”.") % {"target": duration_text(policy.target_minutes),
                                                                          "calendar": policy.calendar.name})
    elif policy.due_from_claim:
        out.append(_("Respond-by date set by the platform."))
    return out
