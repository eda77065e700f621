"""Agents (supervisors and admins): the team with its rota state; admins create agents and set roles.

Supervisors edit rotas and time away; only admins create agents or change account fields.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sellerdesk.accounts.actions import create_agent, update_agent
from sellerdesk.conversations.models import Conversation
from sellerdesk.lib import clock
from sellerdesk.routing.actions import set_rota
from sellerdesk.routing.availability import rota_of
from sellerdesk.routing.service import availability
from sellerdesk.routing.shifts import WEEKDAYS, ShiftError
from sellerdesk.routing.views import is_supervisor
from sellerdesk.web.access import agent_view, is_admin
from sellerdesk.web.forms_agents import DAY_LABELS, AgentAccountForm, AgentCreateForm, RotaForm, zone_names


def _supervisor(request) -> None:
    if not is_supervisor(request.user):
        raise PermissionDenied(_("Only supervisors and admins manage agents."))


def _admin(request) -> None:
    if not is_admin(request.user):
        raise PermissionDenied(_("Only admins create agents and change roles."))


def _team():
    return (
        get_user_model().objects.filter(agent__isnull=False).select_related("agent")
        .annotate(load=Count("assigned_conversations", filter=Q(assigned_conversations__status=Conversation.Status.OPEN)))
        .order_by("-is_active", "agent__display_name", "username")
    )


def shift_state(profile, now: dt.datetime) -> dict:
    """What routing sees right now: the same availability() the choice uses."""
    away = bool(profile.away_from or profile.away_until) and (
        (profile.away_from is None or profile.away_from <= now) and (profile.away_until is None or now < profile.away_until)
    )
    if not profile.is_available:
        return {"state": "off", "away": away}
    try:
        rota_of(profile, now)
    except ShiftError as exc:
        return {"state": "broken", "error": str(exc), "away": away}
    at, on = availability(profile, now)
    if on:
        return {"state": "on", "away": away}
    if at is None:
        return {"state": "none", "away": away}
    return {"state": "next", "at": dt.datetime.fromtimestamp(at, dt.timezone.utc), "away": away}


@require_GET
@agent_view
def agents(request):
    _supervisor(request)
    now = clock.now()
    rows = [{"u": u, "p": u.agent, "s": shift_state(u.agent, now)} for u in _team()]
    from sellerdesk.routing import staffing

    return render(request, "web/agents.html", {"rows": rows, "can_create": is_admin(request.user), "advice": staffing.latest()})


@require_http_methods(["POST"])
@agent_view
def agents_advice(request):
    """Queue a staffing advice for the coming four weeks; the Agents page shows it when done."""
    _supervisor(request)
    from sellerdesk.routing.tasks import staffing_advice

    staffing_advice.enqueue(weeks=4, target_lrr=1.0)
    messages.success(request, _("Staffing advice requested: it takes a few minutes. Reload this page to see it."))
    return redirect("web:agents")


@require_http_methods(["GET", "POST"])
@agent_view
def agent_new(request):
    _admin(request)
    if request.method == "POST":
        form = AgentCreateForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            generated = not d["password"]
            password = d["password"] or secrets.token_urlsafe(12)
            user = create_agent(actor=request.user, username=d["username"], password=password, email=d["email"],
                                display_name=d["display_name"], role=d["role"], ui_language=d["ui_language"])
            if generated:
                # Shown in this response only: it is stored nowhere but as a hash.
                return render(request, "web/agent_created.html", {"agent": user, "password": password})
            messages.success(request, _("Created %(name)s. Set the rota below.") % {"name": user.agent.name})
            return redirect("web:agent", pk=user.pk)
        status = 422
    else:
        form = AgentCreateForm()
        status = 200
    return render(request, "web/agent_new.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@agent_view
def agent(request, pk: int):
    _supervisor(request)
    user = get_object_or_404(get_user_model().objects.select_related("agent"), pk=pk, agent__isnull=False)
    admin = is_admin(request.user)
    if request.method == "POST":
        rota = RotaForm(request.POST, profile=user.agent)
        account = AgentAccountForm(request.POST, user=user, editor=request.user) if admin else None
        if rota.is_valid() and (account is None or account.is_valid()):
            changes = rota.changes()
            if not rota.errors and rota.shift_error is None:
                try:
                    with transaction.atomic():
                        if changes:
                            set_rota(user.agent, actor=request.user, **changes)
                        if account is not None:
                            update_agent(user, actor=request.user, **account.cleaned_data)
                except ShiftError as exc:
                    rota.add_rota_error(exc)
                else:
                    messages.success(request, _("Saved %(name)s.") % {"name": user.agent.name})
                    return redirect("web:agent", pk=user.pk)
        status = 422
        user.agent.refresh_from_db()  # set_rota set the refused values on the object
    else:
        rota = RotaForm(profile=user.agent, initial=RotaForm.initial_for(user.agent))
        account = AgentAccountForm(user=user, editor=request.user, initial=AgentAccountForm.initial_for(user)) if admin else None
        status = 200
    context = {
        "agent": user, "p": user.agent, "rota": rota, "account": account, "rows": rota.row_list(),
        "days": [(d, DAY_LABELS[d]) for d in WEEKDAYS], "zones": zone_names(), "s": shift_state(user.agent, clock.now()),
    }
    return render(request, "web/agent_form.html", context, status=status)


@require_GET
@agent_view
def shift_row(request):
    """One more empty shift row (htmx), and the "add" button counting on from it."""
    _supervisor(request)
    try:
        i = max(0, min(int(request.GET.get("i", "0")), 99))
    except ValueError:
        i = 0
    row = {"days": [], "start": "", "end": "", "i": i, "error": ""}
    return render(request, "web/_shift_row.html", {"r": row, "days": [(d, DAY_LABELS[d]) for d in WEEKDAYS], "next": i + 1, "oob": True})
