"""Admins: the installation's sign-in rules (two-factor for everyone) and the audit log."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from sellerdesk.accounts import twofactor
from sellerdesk.audit.queries import AuditFilters, actions, page
from sellerdesk.web.access import agent_view


@agent_view(admin=True)
def security_settings(request):
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    enabled = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    rows = [{"user": u, "two_factor": u.pk in enabled} for u in users]
    return render(request, "web/security_settings.html", {"required": twofactor.required(), "rows": rows})


@require_POST
@agent_view(admin=True)
def security_settings_save(request):
    required = request.POST.get("require_two_factor") == "on"
    twofactor.set_required(required, actor=request.user)
    messages.success(request, _("Two-factor sign-in is now required for everyone.") if required
                     else _("Two-factor sign-in is now optional."))
    return redirect("web:security_settings")


@require_POST
@agent_view(admin=True)
def two_factor_reset(request, pk: int):
    """For a lost phone: the user signs in with the password and sets up a new authenticator."""
    user = get_object_or_404(get_user_model(), pk=pk)
    twofactor.disable(user, actor=request.user)
    messages.success(request, _("Two-factor sign-in of %(name)s is reset.") % {"name": user.get_username()})
    return redirect("web:security_settings")


def _day(value: str) -> dt.datetime | None:
    day = parse_date(value or "") if value and len(value) == 10 else None
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc) if day else None


@agent_view(admin=True)
def audit_log(request):
    g = request.GET
    filters = AuditFilters(action=g.get("action", "")[:40], actor=g.get("actor", "")[:150], target=g.get("target", "")[:100],
                           since=_day(g.get("since", "")))
    until = _day(g.get("until", ""))
    filters.until = until + dt.timedelta(days=1) if until else None
    before = g.get("before", "")
    rows, next_before = page(filters, before_id=int(before) if before.isdigit() and len(before) < 19 else None)
    query = g.copy()
    query.pop("before", None)
    return render(request, "web/audit_log.html", {
        "rows": rows, "next_before": next_before, "actions": actions(), "f": g, "query": query.urlencode(),
    })
