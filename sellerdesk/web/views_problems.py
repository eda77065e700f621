"""Problems: deliveries we could not process and replies that could not be sent."""

from __future__ import annotations

import logging

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from sellerdesk.channels import pipeline
from sellerdesk.channels.models import RawDelivery
from sellerdesk.web import labels, lookups
from sellerdesk.web.access import agent_view, can_write

log = logging.getLogger(__name__)
LIST_LIMIT = 100
RAW_SHOWN_BYTES = 256 * 1024  # enough for any real mail text; attachments beyond are cut


@require_GET
@agent_view
def problems(request):
    deliveries = list(
        lookups.failed_deliveries().select_related("account").defer("body", "headers").order_by("-received_at", "-id")[:LIST_LIMIT]
    )
    failed = list(
        lookups.failed_messages().select_related("conversation__customer", "account").order_by("-created_at", "-id")[:LIST_LIMIT]
    )
    return render(
        request,
        "web/problems.html",
        {"deliveries": deliveries, "failed_messages": failed, "limit": LIST_LIMIT, "can_write": can_write(request.user)},
    )


@require_GET
@agent_view
def raw_delivery(request, pk: int):
    raw = get_object_or_404(RawDelivery.objects.select_related("account"), pk=pk)
    body = bytes(raw.body)
    context = {
        "raw": raw,
        "text": body[:RAW_SHOWN_BYTES].decode("utf-8", errors="replace"),
        "size": len(body),
        "cut": len(body) > RAW_SHOWN_BYTES,
        "status_label": labels.label(labels.RAW_STATUSES, raw.status),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    return render(request, "web/_raw.html" if partial else "web/raw.html", context)


@require_POST
@agent_view
def redeliver(request, pk: int):
    # A delivery that failed its signature check is never processed: it may be forged.
    raw = get_object_or_404(RawDelivery.objects.exclude(status=RawDelivery.Status.REJECTED), pk=pk)
    try:
        pipeline.redeliver(raw)
    except Exception as exc:  # processing failed again: the row keeps the error, the agent sees it
        log.warning("redelivering %s failed: %s", pk, exc)
    raw.refresh_from_db()
    context = {"raw": raw, "status_label": labels.label(labels.RAW_STATUSES, raw.status)}
    if request.htmx:
        return render(request, "web/_redeliver_result.html", context)
    return redirect("web:problems")
