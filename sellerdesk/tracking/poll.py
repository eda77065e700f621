"""The scheduler's poll: the shipments that are due, asked about in one round (docs/tracking.md).

Reads only the due rows (partial index on next_check_at), oldest first, at most
SELLERDESK_TRACKING_POLL_BATCH: the cost follows what is due, not how many orders exist. With no
aggregator configured it reads nothing and calls nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from sellerdesk.lib import clock
from sellerdesk.tracking import actions, providers
from sellerdesk.tracking.models import Shipment
from sellerdesk.tracking.providers.base import Provider, Shipped, TrackingError


@dataclass
class PollResult:
    configured: bool = True
    due: int = 0
    updated: int = 0
    refused: int = 0
    error: str = ""
    counts: dict = field(default_factory=dict)


def poll_due(*, now: dt.datetime | None = None, limit: int | None = None, provider: Provider | None = None) -> PollResult:
    provider = provider or providers.active()
    if provider is None:
        return PollResult(configured=False)
    now = now or clock.now()
    due = list(Shipment.objects.filter(next_check_at__lte=now).order_by("next_check_at", "pk")[: limit or settings.TRACKING_POLL_BATCH])
    result = PollResult(due=len(due))
    if not due:
        return result
    by_number: dict[str, list[Shipment]] = defaultdict(list)
    for shipment in due:
        by_number[shipment.number].append(shipment)
    asked = [Shipped(number, provider.carrier_code(rows[0].carrier)) for number, rows in by_number.items()]
    try:
        answers = provider.track(asked)
    except TrackingError as exc:
        # Throttled, down or refusing the key: every row keeps its place and is asked again later.
        actions.schedule_next([s.pk for s in due], provider=provider.name, retry=True, error=str(exc))
        result.error = str(exc)
        return result
    refused = set()
    for answer in answers:
        for shipment in by_number.get(answer.number, []):
            if answer.error:
                actions.record_refusal(shipment, answer.error, provider=provider.name)
                refused.add(shipment.pk)
                result.refused += 1
            elif actions.apply_scans(shipment, answer.scans, source=provider.name).new_events:
                result.updated += 1
    actions.schedule_next([s.pk for s in due if s.pk not in refused], provider=provider.name)
    return result
