"""The operator's endpoints: /healthz (the process answers), /readyz (it can work)."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from sellerdesk.ops import health


@never_cache
def healthz(request):
    """Alive: answers without touching the database, so a slow database never restarts web processes."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Ready: database reachable, migrations applied, task queue reachable, storage writable; else 503 naming the part."""
    report = health.readiness()
    return JsonResponse(report, status=503 if report["failing"] else 200)
