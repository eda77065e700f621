"""Tracking pushes: verify, store, apply after commit (docs/tracking.md, "Webhooks").

POST /hooks/tracking/<provider>/ — 17TRACK and AfterShip sign their pushes; one without a valid
signature (or with no secret configured here) is answered 401 and not stored. A signed push is
stored byte for byte under the provider's event key — a re-delivery hits the unique key and
stores nothing — and applied by a task after commit. One that cannot be read is kept as failed
(400) and listed on the tracking page; one for a number no order here has is kept as unmatched.
"""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction

from sellerdesk.lib import clock, jsonlimits
from sellerdesk.tracking import actions, providers
from sellerdesk.tracking.models import Shipment, TrackingDelivery
from sellerdesk.tracking.providers.base import BadSignature


def receive(provider_name: str, body: bytes, header) -> tuple[int, dict]:
    """(HTTP status, JSON answer)."""
    provider = providers.get(provider_name)
    try:
        provider.verify(body, header)
    except BadSignature as exc:
        return 401, {"error": f"bad signature: {exc}"}
    try:
        data = jsonlimits.loads(body)
        if not isinstance(data, dict):
            raise ValueError(f"a JSON {type(data).__name__}, expected an object")
        key = provider.event_key(data)
    except (UnicodeDecodeError, ValueError) as exc:
        delivery, _ = _store(provider_name, f"malformed:{hashlib.sha256(body).hexdigest()[:40]}", body,
                             status=TrackingDelivery.Status.FAILED, error=f"malformed: {exc}")
        return 400, {"error": f"malformed: {exc}", "delivery": delivery.pk}
    delivery, created = _store(provider_name, key, body)
    if created:
        transaction.on_commit(lambda: _enqueue(delivery.pk))
    return 200, {"ok": True, "delivery": delivery.pk, "duplicate": not created}


def _store(provider: str, key: str, body: bytes, *, status=TrackingDelivery.Status.RECEIVED, error: str = ""):
    try:
        with transaction.atomic():
            return TrackingDelivery.objects.create(provider=provider, event_key=key, body=body, status=status,
                                                   error=error, received_at=clock.now()), True
    except IntegrityError:
        return TrackingDelivery.objects.get(provider=provider, event_key=key), False


def _enqueue(delivery_id: int) -> None:
    from sellerdesk.tracking.tasks import process_tracking_delivery

    process_tracking_delivery.enqueue(delivery_id)


def process(delivery_id: int) -> str:
    """Apply one stored push; safe to repeat (the scans are keyed)."""
    delivery = TrackingDelivery.objects.get(pk=delivery_id)
    provider = providers.get(delivery.provider)
    try:
        result = provider.parse_push(jsonlimits.loads(bytes(delivery.body)))
    except (UnicodeDecodeError, ValueError, AttributeError, TypeError) as exc:
        return _finish(delivery, TrackingDelivery.Status.FAILED, f"cannot read: {exc}")
    if result is None:
        return _finish(delivery, TrackingDelivery.Status.PROCESSED, "")
    shipments = list(Shipment.objects.filter(number=result.number)) if result.number else []
    if not shipments:
        return _finish(delivery, TrackingDelivery.Status.UNMATCHED, f"no order here has the tracking number {result.number!r}")
    for shipment in shipments:
        actions.apply_scans(shipment, result.scans, source=provider.name)
    return _finish(delivery, TrackingDelivery.Status.PROCESSED, "")


def _finish(delivery: TrackingDelivery, status: str, error: str) -> str:
    TrackingDelivery.objects.filter(pk=delivery.pk).update(status=status, error=error, processed_at=clock.now())
    return status
