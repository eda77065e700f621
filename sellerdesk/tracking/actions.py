"""Writes to shipments: each call is one action with one event in its transaction.

- `sync_order_shipments(order)`: the order's tracking entries (what its platform gave) become
  shipments, due for the aggregator at once; a platform status word becomes an event.
- `apply_scans(shipment, scans, source)`: new scans are stored (a scan already stored is skipped,
  so re-delivery adds nothing), the shipment's status follows its latest event, and the order's
  tracking status, delivery time and tracking entry follow the shipment.
- `record_refusal(shipment, error)`: the aggregator cannot track this number (unknown carrier...):
  kept on the shipment, shown beside the conversation, no longer polled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from sellerdesk.conversations.events import record
from sellerdesk.lib import clock
from sellerdesk.orders.models import Order
from sellerdesk.tracking import kinds
from sellerdesk.tracking.models import Shipment, TrackingEvent
from sellerdesk.tracking.providers.base import Scan


@dataclass
class Applied:
    new_events: int = 0
    status: str = ""
    previous: str = ""

    @property
    def changed(self) -> bool:
        return self.status != self.previous


def _numbers(entry: dict) -> list[str]:
    # Shopify joins a fulfilment's several numbers with ", " (channels/shopify/parse.py).
    return [n.strip() for n in str(entry.get("number") or "").split(",") if n.strip()][:10]


def sync_order_shipments(order: Order) -> list[Shipment]:
    """Called by orders.actions.apply_order_update inside its transaction, after the order is saved."""
    now = clock.now()
    known = {s.number: s for s in Shipment.objects.filter(order=order)}
    touched = []
    for entry in order.tracking or []:
        if not isinstance(entry, dict):
            continue
        for number in _numbers(entry):
            shipment = known.get(number)
            fields = {"carrier": str(entry.get("company") or "")[:64], "url": str(entry.get("url") or "")[:500],
                      "platform_ref": str(entry.get("id") or "")[:64]}
            if shipment is None:
                shipment = Shipment.objects.create(order=order, number=number[:64], created_at=now, updated_at=now,
                                                   next_check_at=now, **fields)
                known[number] = shipment
            elif any(getattr(shipment, k) != v and v for k, v in fields.items()):
                for k, v in fields.items():
                    if v:
                        setattr(shipment, k, v)
                shipment.updated_at = now
                shipment.save(update_fields=[*fields, "updated_at"])
            found = kinds.from_platform(str(entry.get("status") or ""))
            if found:
                at = order.source_updated_at or now
                apply_scans(shipment, [Scan(*found, at, ident=f"{found[0]}|{found[1]}")], source=order.platform)
            touched.append(shipment)
    return touched


def apply_scans(shipment: Shipment, scans: list[Scan], *, source: str) -> Applied:
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().select_related("order").get(pk=shipment.pk)
        now = clock.now()
        keyed = {s.key(source): s for s in scans}
        existing = set(TrackingEvent.objects.filter(shipment=shipment, key__in=list(keyed)).values_list("key", flat=True))
        fresh = [TrackingEvent(shipment=shipment, kind=s.kind, sub_kind=s.sub_kind, at=s.at, description=s.description,
                               location=s.location, source=source, key=k, created_at=now)
                 for k, s in keyed.items() if k not in existing]
        applied = Applied(len(fresh), shipment.status, shipment.status)
        if not fresh:
            return applied
        TrackingEvent.objects.bulk_create(fresh)
        previous = (shipment.status, shipment.sub_kind)
        from_carrier = _follow_latest(shipment, now)
        applied.status = shipment.status
        order = _update_order(shipment, from_carrier)
        record("tracking_updated", conversation=order.conversations.order_by("-pk").first(), order_id=order.pk,
               shipment_id=shipment.pk, number=shipment.number, source=source, new_events=len(fresh),
               status=shipment.status, sub_kind=shipment.sub_kind, previous=previous[0], previous_sub_kind=previous[1])
        return applied


def _follow_latest(shipment: Shipment, now: dt.datetime) -> bool:
    """The status is the latest carrier event's; a platform's status word counts only while no
    carrier event exists (the platform says less, and says it later than the carrier)."""
    events = list(shipment.events.order_by("at", "pk"))
    carrier = [e for e in events if e.source in ("17track", "aftership")]
    latest = (carrier or events)[-1]
    shipment.status, shipment.sub_kind, shipment.status_at = latest.kind, latest.sub_kind, latest.at
    shipment.last_scan_at = max(e.at for e in events)
    delivered = [e.at for e in events if e.kind == kinds.DELIVERED]
    shipment.delivered_at = min(delivered) if delivered and latest.kind == kinds.DELIVERED else None
    if shipment.status in kinds.FINAL:
        shipment.next_check_at = None
    # Only a carrier's scans say the parcel moves; a platform's word says nothing about silence.
    shipment.stale_at = (max(e.at for e in carrier) + dt.timedelta(days=settings.TRACKING_STALE_DAYS)
                         if carrier and shipment.status not in kinds.FINAL else None)
    shipment.error = ""
    shipment.updated_at = now
    shipment.save()
    return bool(carrier)


def _update_order(shipment: Shipment, from_carrier: bool) -> Order:
    from sellerdesk.automation.orders import emit_order_events, snapshot

    order = Order.objects.select_for_update().get(pk=shipment.order_id)
    before = snapshot(order)
    shipments = list(Shipment.objects.filter(order=order).exclude(status=""))
    newest = max(shipments, key=lambda s: (s.status_at or s.updated_at, s.pk))
    order.tracking_status = newest.status
    # Delivered when every shipment is: the last parcel's arrival is the order's.
    all_delivered = all(s.delivered_at for s in shipments)
    order.delivered_at = max(s.delivered_at for s in shipments) if all_delivered else None
    # The entry keeps the platform's own word until a carrier's scan says more.
    entries = []
    for entry in order.tracking or []:
        if from_carrier and isinstance(entry, dict) and shipment.number in _numbers(entry):
            # The rules read status, sub_kind, updated_at (the latest scan) and delivered_at here (automation/context.py).
            entry = {k: v for k, v in entry.items() if k not in ("sub_kind", "delivered_at")}
            entry.update({"status": shipment.status, "updated_at": shipment.status_at.isoformat(),
                          **({"sub_kind": shipment.sub_kind} if shipment.sub_kind else {}),
                          **({"delivered_at": shipment.delivered_at.isoformat()} if shipment.delivered_at else {})})
        entries.append(entry)
    order.tracking = entries
    order.save(update_fields=["tracking_status", "delivered_at", "tracking"])
    # order.shipped / delivered / tracking_exception for the automation rules, after the commit.
    emit_order_events(order, before, created=False)
    return order


def record_refusal(shipment: Shipment, error: str, *, provider: str) -> None:
    with transaction.atomic():
        Shipment.objects.filter(pk=shipment.pk).update(error=error[:300], next_check_at=None, provider=provider,
                                                       updated_at=clock.now())
        record("tracking_refused", order_id=shipment.order_id, shipment_id=shipment.pk, number=shipment.number,
               provider=provider, error=error[:300])


def schedule_next(shipment_ids: list[int], *, provider: str, retry: bool = False, error: str = "") -> None:
    """After a poll: the shipments that are still travelling are due again later (no event: nothing
    about the order changed; a failed call's reason is kept on the rows)."""
    now = clock.now()
    wait = dt.timedelta(minutes=settings.TRACKING_RETRY_MINUTES) if retry else dt.timedelta(hours=settings.TRACKING_POLL_HOURS)
    give_up = now - dt.timedelta(days=settings.TRACKING_GIVE_UP_DAYS)
    rows = Shipment.objects.filter(pk__in=shipment_ids).exclude(status__in=kinds.FINAL)
    fields = {"provider": provider, "updated_at": now, **({"error": error[:300]} if error else {"registered": True})}
    rows.filter(created_at__lt=give_up).update(next_check_at=None, **fields)
    rows.filter(created_at__gte=give_up).update(next_check_at=now + wait, **fields)


def sweep_stale(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Shipments whose carrier has been silent too long: order.tracking_exception ("no_scan") for the
    rules, once per silence (a new scan sets the next one). Reads only the rows that are due."""
    from sellerdesk.automation.events import emit

    now = now or clock.now()
    done = 0
    for shipment in Shipment.objects.filter(stale_at__lte=now).select_related("order").order_by("stale_at", "pk")[:limit]:
        with transaction.atomic():
            if not Shipment.objects.filter(pk=shipment.pk, stale_at__lte=now).update(stale_at=None):
                continue  # another sweep took it
            record("tracking_stale", order_id=shipment.order_id, shipment_id=shipment.pk, number=shipment.number,
                   last_scan_at=shipment.last_scan_at.isoformat() if shipment.last_scan_at else None)
            emit("order.tracking_exception", order=shipment.order, status="no_scan", shipment_id=shipment.pk,
                 key=f"order.tracking_exception:o{shipment.order_id}:s{shipment.pk}:no_scan:{shipment.last_scan_at.isoformat() if shipment.last_scan_at else ''}")
            done += 1
    return done
