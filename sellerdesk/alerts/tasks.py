"""Sending alert emails and chat posts after commit, with retries; a periodic safety net."""

from __future__ import annotations

import datetime as dt
import logging

from django_tasks import task

from sellerdesk.alerts import chat, mail, texts
from sellerdesk.alerts.models import Delivery
from sellerdesk.lib import clock

log = logging.getLogger(__name__)
RETRY_DELAYS = [30, 120, 600, 1800, 3600]  # seconds after attempts 1..5
S = Delivery.Status


@task()
def deliver_alert(delivery_id: int) -> str:
    return deliver(delivery_id)


@task()
def requeue_alerts() -> int:
    return requeue()


def deliver(delivery_id: int) -> str:
    """Send one delivery once. The attempt is claimed by a conditional update, so two workers
    holding the same id (a retry and the safety net) send it once."""
    now = clock.now()
    row = Delivery.objects.select_related("user", "webhook").filter(pk=delivery_id).first()
    if row is None or row.status != S.PENDING or row.send_after > now:
        return row.status if row else "missing"
    if not Delivery.objects.filter(pk=row.pk, status=S.PENDING, attempts=row.attempts).update(attempts=row.attempts + 1):
        return "taken"
    title, lines = texts.render(row.items, row.language)
    try:
        if row.webhook_id:
            if not row.webhook.is_active:
                return _done(row, S.FAILED, "the chat robot is switched off")
            chat.post(row.webhook.platform, row.webhook.target, title, lines)
        else:
            mail.send(row.user.email, title, lines, row.language)
    except chat.SendFailed as exc:
        attempt = row.attempts + 1
        if exc.retryable and attempt < len(RETRY_DELAYS) + 1:
            later = now + dt.timedelta(seconds=RETRY_DELAYS[attempt - 1])
            Delivery.objects.filter(pk=row.pk).update(error=f"retrying: {exc}", send_after=later)
            deliver_alert.using(run_after=later).enqueue(row.pk)
            return "retrying"
        log.warning("alert delivery %s failed: %s", row.pk, exc)
        return _done(row, S.FAILED, str(exc))
    return _done(row, S.SENT, "")


def _done(row: Delivery, status: str, error: str) -> str:
    Delivery.objects.filter(pk=row.pk).update(status=status, error=error[:2000], sent_at=clock.now() if status == S.SENT else None)
    return status


def requeue(now: dt.datetime | None = None, grace_seconds: int = 600) -> int:
    """Queue again what is due and still waiting well after its time (a task lost with a worker)."""
    now = now or clock.now()
    ids = list(Delivery.objects.filter(status=S.PENDING, send_after__lte=now - dt.timedelta(seconds=grace_seconds))
               .order_by("send_after").values_list("pk", flat=True)[:500])
    for pk in ids:
        deliver_alert.enqueue(pk)
    return len(ids)
