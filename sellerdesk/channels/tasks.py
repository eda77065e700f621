from __future__ import annotations

from django_tasks import task

from sellerdesk.channels import pipeline


@task()
def process_deliveries() -> dict:
    """A run of the intake: every delivery waiting, in batches (queued by pipeline.wake)."""
    return pipeline.drain()


@task()
def process_delivery(raw_id: int) -> str:
    """One delivery alone: retries of failed ones, `sellerdesk redeliver`."""
    return pipeline.process(raw_id)


@task()
def requeue_stale_deliveries() -> int:
    return pipeline.requeue_stale()


@task()
def purge_rejected_deliveries() -> int:
    from sellerdesk.channels.retention import purge_rejected

    return purge_rejected()


@task()
def poll_mailboxes() -> int:
    from sellerdesk.channels.email.imap import poll_all

    return poll_all()
