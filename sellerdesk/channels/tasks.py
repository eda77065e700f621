from __future__ import annotations

from django_tasks import task

from sellerdesk.channels import pipeline


@task()
def process_delivery(raw_id: int) -> str:
    return pipeline.process(raw_id)


@task()
def requeue_stale_deliveries() -> int:
    return pipeline.requeue_stale()


@task()
def poll_mailboxes() -> int:
    from sellerdesk.channels.email.imap import poll_all

    return poll_all()
