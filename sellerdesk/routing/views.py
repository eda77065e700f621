"""Supervisor pages: queue health (auto-refreshing) and platform / SLA metrics."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from sellerdesk.accounts.roles import is_supervisor  # noqa: F401 (imported from here by other pages)
from sellerdesk.lib import clock
from sellerdesk.metrics.platform import PERIODS, platform_metrics
from sellerdesk.metrics.sla import GROUPS, sla_met
from sellerdesk.routing import worklist
from sellerdesk.routing.health import queue_health
from sellerdesk.routing.service import agents_with_load
from sellerdesk.web.access import agent_timezone, agent_view



def _supervisor(request) -> None:
    if not is_supervisor(request.user):
        raise PermissionDenied(_("Only supervisors and admins see the queue and the metrics."))


@agent_view
def queue(request):
    _supervisor(request)
    users = agents_with_load()  # the agents and their load, read once for the health figures and the ranking
    health = queue_health(tz=str(agent_timezone(request.user)), users=users)
    template = "routing/_queue_body.html" if request.htmx else "routing/queue.html"
    return render(request, template, {"h": health, "work": _rows(worklist.team_queue(users=users))})


def _rows(ranked) -> list[dict]:
    return [{"item": r, "conversation": r.conversation, "why": worklist.why(r)} for r in ranked]


@agent_view
def my_work(request):
    """The agent's open work in the order to do it — the order `simulate` replays (docs/routing.md)."""
    ranked = worklist.my_work(request.user)
    template = "routing/_my_work_body.html" if request.htmx else "routing/my_work.html"
    return render(request, template, {
        "work": _rows(ranked), "late_anyway": sum(1 for r in ranked if r.late_anyway),
        "has_rota": worklist.staff_of(request.user, clock.now()) is not None,
    })


@agent_view
def metrics(request):
    _supervisor(request)
    try:
        days = int(request.GET.get("days", "30"))
    except ValueError:
        days = 0
    group = request.GET.get("group", "")
    if days not in PERIODS or (group and group not in GROUPS):
        return HttpResponseBadRequest(_("days must be 7, 30 or 90; group one of platform, claim, review, internal."))
    sla = sla_met(days, group=group, tz=str(agent_timezone(request.user)))
    names = dict(
        (u.pk, (u.agent.display_name if hasattr(u, "agent") and u.agent.display_name else u.get_username()))
        for u in get_user_model().objects.filter(pk__in=[int(k) for k in sla["agent"] if k]).select_related("agent")
    )
    agents = [(names.get(int(k), k) if k else _("unassigned"), v) for k, v in sla["agent"].items()]
    return render(request, "routing/metrics.html", {
        "platform": platform_metrics(), "periods": [str(p) for p in PERIODS], "sla": sla, "agents": agents,
        "days": days, "group": group, "groups": GROUPS, "period_choices": PERIODS,
    })
