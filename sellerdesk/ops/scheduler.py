"""The built-in scheduler: enqueues periodic tasks; the workers run them."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings

log = logging.getLogger(__name__)


@dataclass
class Periodic:
    name: str
    every_seconds: int
    task_path: str


def schedule() -> list[Periodic]:
    return [
        Periodic("requeue stale deliveries", 30, "sellerdesk.channels.tasks.requeue_stale_deliveries"),
        Periodic("poll IMAP mailboxes", settings.IMAP_POLL_SECONDS, "sellerdesk.channels.tasks.poll_mailboxes"),
        Periodic("wake snoozed conversations", 60, "sellerdesk.ops.tasks.wake_snoozed_conversations"),
        Periodic("sweep SLA deadlines", 60, "sellerdesk.sla.tasks.sweep_deadlines"),
        Periodic("run due automation rules", 60, "sellerdesk.automation.tasks.sweep_due"),
        Periodic("reassign stale conversations", 60, "sellerdesk.routing.tasks.reassign_stale_conversations"),
        Periodic("poll carrier tracking", 300, "sellerdesk.tracking.tasks.poll_tracking"),
        Periodic("send alerts left waiting", 300, "sellerdesk.alerts.tasks.requeue_alerts"),
        Periodic("weekly report (Monday morning)", 3600, "sellerdesk.analytics.tasks.send_weekly_report"),
        Periodic("purge rejected deliveries", 3600, "sellerdesk.channels.tasks.purge_rejected_deliveries"),
        Periodic("apply retention policies", settings.RETENTION_EVERY_SECONDS, "sellerdesk.privacy.tasks.apply_retention"),
    ]


def run_forever(stop_after: float | None = None) -> None:
    from django.utils.module_loading import import_string

    jobs = schedule()
    next_run = {job.name: 0.0 for job in jobs}
    started = time.monotonic()
    while stop_after is None or time.monotonic() - started < stop_after:
        now = time.monotonic()
        for job in jobs:
            if now >= next_run[job.name]:
                try:
                    import_string(job.task_path).enqueue()
                except Exception:
                    log.exception("could not enqueue %s", job.name)
                next_run[job.name] = now + job.every_seconds
        time.sleep(1)
