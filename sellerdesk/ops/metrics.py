"""GET /metrics: Prometheus text, for a scraper holding the metrics token or a signed-in admin.

Two sources (docs/operations.md, "Metrics"):
- counters and histograms of events (lib/metrics.py), from every process of this machine when
  PROMETHEUS_MULTIPROC_DIR is set (each process writes its own file there), else from this one;
- gauges of the shared state, read from the database (and Redis) at scrape time: the task queue's
  depth and oldest job, the deliveries waiting for the intake and those failed. Every web process
  on every machine reports the same numbers for these, so they are never added up wrong.
"""

from __future__ import annotations

import hmac
import os

from django.conf import settings
from django.db.models import Count, Min, Q
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from sellerdesk.lib import clock


def queue_state() -> tuple[int, float]:
    """(jobs ready to run, age in seconds of the oldest of them) of the configured task queue."""
    now = clock.now()
    if settings.TASK_BACKEND == "rq":
        import django_rq
        from rq.job import Job

        queue = django_rq.get_queue("default")
        oldest = queue.get_job_ids(0, 1)
        job = Job.fetch(oldest[0], connection=queue.connection) if oldest else None
        age = (now - job.enqueued_at).total_seconds() if job is not None and job.enqueued_at else 0.0
        return queue.count, max(0.0, age)
    if settings.TASK_BACKEND == "db":
        from django_tasks_db.models import DBTaskResult

        ready = DBTaskResult.objects.ready().aggregate(n=Count("pk"), oldest=Min("enqueued_at"))
        return ready["n"], max(0.0, (now - ready["oldest"]).total_seconds()) if ready["oldest"] else 0.0
    return 0, 0.0


class SharedStateCollector:
    """Gauges read from the shared database and queue when scraped."""

    def collect(self):
        from sellerdesk.channels.models import RawDelivery

        depth, age = queue_state()
        backend = settings.TASK_BACKEND
        yield _gauge("sellerdesk_task_queue_depth", "Tasks ready to run in the task queue", depth, backend=backend)
        yield _gauge("sellerdesk_task_queue_oldest_age_seconds", "Age of the oldest task ready to run", age, backend=backend)
        waiting = RawDelivery.objects.filter(status=RawDelivery.Status.RECEIVED).aggregate(
            n=Count("pk"), oldest=Min("received_at"))
        oldest = (clock.now() - waiting["oldest"]).total_seconds() if waiting["oldest"] else 0.0
        yield _gauge("sellerdesk_deliveries_waiting", "Stored deliveries the intake has not written yet", waiting["n"])
        yield _gauge("sellerdesk_deliveries_waiting_oldest_age_seconds", "Age of the oldest delivery waiting", max(0.0, oldest))
        failed = GaugeMetricFamily("sellerdesk_deliveries_failed_stored", "Failed deliveries kept for the Problems page",
                                   labels=["channel"])
        rows = (RawDelivery.objects.filter(status=RawDelivery.Status.FAILED).values("channel")
                .annotate(n=Count("pk")).order_by("channel"))
        for row in rows:
            failed.add_metric([row["channel"]], row["n"])
        yield failed


def _gauge(name: str, documentation: str, value: float, **labels: str) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=list(labels))
    family.add_metric(list(labels.values()), value)
    return family


class _ThisProcess:
    """The default registry's metrics (this process's counters, its CPU and memory)."""

    def collect(self):
        yield from REGISTRY.collect()


def registry() -> CollectorRegistry:
    chosen = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(chosen)
    else:
        chosen.register(_ThisProcess())
    chosen.register(SharedStateCollector())
    return chosen


def allowed(request) -> bool:
    """The metrics token as a bearer token, or a signed-in admin (superuser or admin role)."""
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].strip().encode(), token.encode()):
        return True
    from sellerdesk.web.access import is_admin

    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and is_admin(user))


@never_cache
def metrics_view(request):
    if not allowed(request):
        response = HttpResponse("metrics need the metrics token (Authorization: Bearer) or an admin's login\n",
                                status=401, content_type="text/plain; charset=utf-8")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(registry()), content_type="text/plain; version=0.0.4; charset=utf-8")
