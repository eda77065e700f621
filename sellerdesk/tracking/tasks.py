from django_tasks import task


@task()
def poll_tracking() -> dict:
    """Run every 5 minutes by the scheduler: the shipments that are due (docs/tracking.md)."""
    from sellerdesk.tracking.actions import sweep_stale
    from sellerdesk.tracking.poll import poll_due

    r = poll_due()
    stale = sweep_stale()
    return {"configured": r.configured, "due": r.due, "updated": r.updated, "refused": r.refused, "error": r.error, "stale": stale}


@task()
def process_tracking_delivery(delivery_id: int) -> str:
    """A stored tracking webhook, applied to its shipment (queued after commit by the receiver)."""
    from sellerdesk.tracking.webhooks import process

    return process(delivery_id)
