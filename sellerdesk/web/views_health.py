from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import JsonResponse

from sellerdesk.channels.models import RawDelivery


def queue_status() -> dict:
    """What the task queue looks like: backend, and for the database queue its backlog."""
    status: dict = {"backend": settings.TASK_BACKEND}
    try:
        if settings.TASK_BACKEND == "db":
            from django_tasks_db.models import DBTaskResult

            status["ready"] = DBTaskResult.objects.filter(status="READY").count()
            status["running"] = DBTaskResult.objects.filter(status="RUNNING").count()
        elif settings.TASK_BACKEND == "rq":
            import django_rq

            queue = django_rq.get_queue("default")
            status["ready"] = queue.count
            queue.connection.ping()
        status["ok"] = True
    except Exception as exc:  # reported, not raised: health must answer
        status.update(ok=False, error=str(exc))
    try:
        status["unprocessed_deliveries"] = RawDelivery.objects.filter(status=RawDelivery.Status.RECEIVED).count()
        status["failed_deliveries"] = RawDelivery.objects.filter(status=RawDelivery.Status.FAILED).count()
    except Exception:
        pass
    return status


def healthz(request):
    db: dict = {"vendor": connection.vendor}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        db["ok"] = True
    except Exception as exc:
        db.update(ok=False, error=str(exc))
    queue = queue_status()
    ok = bool(db["ok"] and queue.get("ok"))
    return JsonResponse({"status": "ok" if ok else "error", "database": db, "queue": queue}, status=200 if ok else 503)
