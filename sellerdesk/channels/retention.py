"""How long stored deliveries are kept. Rejected ones (not provably from the platform) go after
SELLERDESK_REJECTED_RETENTION_DAYS: they were kept only to show what was tried.

(The retention of buyers' data and of processed deliveries belongs with the privacy rules,
docs/security.md "Privacy".)
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.events import record
from sellerdesk.lib import blobs, clock


def purge_rejected(now: dt.datetime | None = None) -> int:
    """Delete rejected deliveries older than the retention period; how many went."""
    cutoff = (now or clock.now()) - dt.timedelta(days=settings.REJECTED_RETENTION_DAYS)
    with transaction.atomic():
        rejected = RawDelivery.objects.filter(status=RawDelivery.Status.REJECTED, received_at__lt=cutoff)
        blobs.delete_after_commit(list(rejected.filter(body_key__isnull=False).values_list("body_key", flat=True)))
        deleted, _ = rejected.delete()
        if deleted:
            record("rejected_deliveries_purged", count=deleted, received_before=cutoff.isoformat())
    return deleted
