"""The tracking page (which aggregator works, what is waiting, pushes that failed) and the push receiver."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sellerdesk.channels.views import _limited_body, request_headers
from sellerdesk.tracking import providers, webhooks
from sellerdesk.tracking.models import Shipment, TrackingDelivery
from sellerdesk.web.access import agent_view


@csrf_exempt
@require_POST
def hook(request, provider: str):
    if provider not in providers.PROVIDERS:
        raise Http404("no such tracking provider")
    body = _limited_body(request)
    if body is None:
        return JsonResponse({"error": f"too large: a delivery may have at most {settings.WEBHOOK_MAX_BYTES} bytes"}, status=400)
    headers = request_headers(request)
    lowered = {k.lower(): v for k, v in headers.items()}
    status, answer = webhooks.receive(provider, body, lambda name: lowered.get(name.lower(), ""))
    return JsonResponse(answer, status=status)


@agent_view(admin=True)
def status_page(request):
    state = providers.state()
    hooks = {name: request.build_absolute_uri(reverse("tracking_hooks:hook", args=[name])) for name in providers.PROVIDERS}
    problems = TrackingDelivery.objects.filter(status__in=[TrackingDelivery.Status.FAILED, TrackingDelivery.Status.UNMATCHED]).order_by("-pk")[:50]
    refused = Shipment.objects.exclude(error="").select_related("order").order_by("-updated_at", "-pk")[:50]
    return render(request, "tracking/status.html", {
        "state": state, "hooks": hooks, "problems": problems, "refused": refused,
        "due": Shipment.objects.filter(next_check_at__isnull=False).count(),
    })
