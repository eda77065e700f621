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
    """Enqueue each job when due, while this process holds the scheduler lock (ops/leader.py).

    Started on several machines, one runs the jobs and the others stand by, each trying again
    every second; one that takes over starts with every job due.
    """
    from django.utils.module_loading import import_string

    from sellerdesk.ops.leader import scheduler_lock

    jobs = schedule()
    next_run = {job.name: 0.0 for job in jobs}
    lock = scheduler_lock()
    leading = None
    started = time.monotonic()
    try:
        while stop_after is None or time.monotonic() - started < stop_after:
            holding = lock.hold()
            if holding != leading:
                log.info("scheduler: %s", "holding the lock, running the jobs" if holding
                         else "another scheduler holds the lock; standing by")
                next_run = {job.name: 0.0 for job in jobs}
                leading = holding
            if holding:
                now = time.monotonic()
                for job in jobs:
                    if now >= next_run[job.name]:
                        try:
                            import_string(job.task_path).enqueue()
                        except Exception:
                            log.exception("could not enqueue %s", job.name)
                        next_run[job.name] = now + job.every_seconds
            time.sleep(1)
    finally:
        lock.release()
