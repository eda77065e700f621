"""Admins: one buyer's data exported or erased (customer page), retention policies with a dry
run, and the platforms' privacy requests waiting for an answer (docs/security.md "Privacy")."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sellerdesk.customers.models import Customer
from sellerdesk.privacy import export as exporter
from sellerdesk.privacy import requests, retention
from sellerdesk.privacy.erase import erase
from sellerdesk.privacy.footprint import root_of
from sellerdesk.privacy.models import PrivacyRequest, RetentionPolicy
from sellerdesk.web.access import agent_view


@require_GET
@agent_view(admin=True)
def customer_export(request, pk: int):
    customer = root_of(get_object_or_404(Customer, pk=pk))
    buffer = io.BytesIO()
    exporter.export(customer, buffer, actor=request.user)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{exporter.filename(customer)}"'
    return response


@require_POST
@agent_view(admin=True)
def customer_erase(request, pk: int):
    customer = root_of(get_object_or_404(Customer, pk=pk))
    if request.POST.get("confirm", "").strip().lower() != "erase":
        messages.error(request, _("Type erase to confirm."))
        return redirect("web:customer", pk=pk)
    erase(customer, actor=request.user)
    messages.success(request, _("The personal data of customer %(id)s is erased.") % {"id": customer.pk})
    return redirect("web:customer", pk=customer.pk)


@agent_view(admin=True)
def privacy_settings(request):
    due = retention.due() if request.GET.get("dry_run") else None
    context = {
        "policies": RetentionPolicy.objects.order_by("channel"),
        "due": due,
        "requests": PrivacyRequest.objects.order_by("-received_at", "-id")[:100],
    }
    return render(request, "web/privacy_settings.html", context)


@require_POST
@agent_view(admin=True)
def retention_policy_save(request):
    p = request.POST
    try:
        days = int(p.get("days", ""))
        hold = int(p.get("claim_hold_days") or 90)
        if hold < 0:
            raise ValueError
        retention.save_policy(p.get("channel", ""), days=days, claim_hold_days=hold, enabled=p.get("enabled") == "on",
                              note=p.get("note", ""), actor=request.user)
    except ValueError:
        messages.error(request, _("A policy needs a channel (or * for every other channel) and at least 1 day."))
    else:
        messages.success(request, _("Retention policy saved."))
    return redirect("web:privacy_settings")


@require_POST
@agent_view(admin=True)
def retention_policy_delete(request, pk: int):
    retention.delete_policy(get_object_or_404(RetentionPolicy, pk=pk), actor=request.user)
    messages.success(request, _("Retention policy deleted."))
    return redirect("web:privacy_settings")


@require_POST
@agent_view(admin=True)
def privacy_request_done(request, pk: int):
    requests.mark_sent(get_object_or_404(PrivacyRequest, pk=pk, status=PrivacyRequest.Status.OPEN), actor=request.user)
    return redirect("web:privacy_settings")
