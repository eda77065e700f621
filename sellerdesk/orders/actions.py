"""Writes to orders from platform events and imports. Each call appends one event."""

from __future__ import annotations

from django.db import transaction

from sellerdesk.channels.base import InboundMessage, OrderUpdate
from sellerdesk.automation.orders import emit_order_events, snapshot as _snapshot
from sellerdesk.conversations.events import record
from sellerdesk.customers.actions import find_or_create_customer
from sellerdesk.lib import clock
from sellerdesk.orders import stores
from sellerdesk.orders.models import Order

_SCALARS = ("marketplace", "status", "currency", "total", "items", "placed_at", "ship_by", "deliver_by", "fulfilment")


def find_order(platform: str, *, external_id: str = "", number: str = "", store: str | None = None) -> Order | None:
    """The order with this platform id or number, in `store` (None: any store; orders/stores.py)."""
    if external_id:
        order = stores.pick(list(Order.objects.filter(platform=platform, external_id=external_id).order_by("pk")), store)
        if order:
            return order
    if number:
        return stores.pick(list(Order.objects.filter(platform=platform, number=number).order_by("pk")), store)
    return None


def resolve_order_of(msg: InboundMessage, account_id: int | None = None) -> None:
    """A message naming its order by the platform's id gets the order's number, and its buyer
    when the message names nobody (a dispute notice names no buyer, the order does)."""
    if not msg.order_external_id:
        return
    platform = msg.order_platform or msg.channel
    order = find_order(platform, external_id=msg.order_external_id, store=stores.message_store(platform, msg.channel, account_id))
    if order is None:
        msg.order_number = msg.order_number or msg.order_external_id
    else:
        msg.order_number = order.number
        if not msg.identities and order.customer_id:
            msg.identities = list(order.customer.identities.values_list("kind", "value"))
            msg.sender_name = order.customer.name or msg.sender_name
    if msg.claim is not None and not msg.claim.order_number:
        msg.claim.order_number = msg.order_number


def apply_order_update(update: OrderUpdate, *, source: str = "webhook") -> tuple[Order, bool]:
    """Create or update one order; (order, created). Safe to repeat: merges by ids, keeps the newest state.

    An event that names the order only by the platform's id (a Shopify fulfillment before its
    order arrived) creates the order under that id; the order event fills in its number later.
    """
    with transaction.atomic():
        order = find_order(update.platform, external_id=update.external_id, number=update.number, store=update.store)
        if order is not None:
            order = Order.objects.select_for_update().get(pk=order.pk)
        now = clock.now()
        created = order is None
        before = _snapshot(order)
        if created:
            order = Order(platform=update.platform, number=update.number or update.external_id, store=update.store or "",
                          created_at=now)
        newer = update.updated_at is None or order.source_updated_at is None or update.updated_at >= order.source_updated_at
        changed = []
        if not created and update.store and not order.store:
            order.store = update.store  # a number first met where its store was not known: this store's
            changed.append("store")
        if newer:
            if update.number and order.number != update.number:
                order.number = update.number
                changed.append("number")
            for name in _SCALARS:
                value = getattr(update, name)
                if value not in (None, "") and getattr(order, name) != value:
                    setattr(order, name, value)
                    changed.append(name)
            if update.updated_at is not None:
                order.source_updated_at = update.updated_at
        if update.external_id and not order.external_id:
            order.external_id = update.external_id
            changed.append("external_id")
        for name in ("tracking", "refunds", "returns"):
            merged = _merge(getattr(order, name) or [], getattr(update, name))
            if merged != (getattr(order, name) or []):
                setattr(order, name, merged)
                changed.append(name)
        # A name alone (a CSV row without email) still makes the order's buyer readable.
        if (update.identities or update.buyer_name) and order.customer_id is None:
            order.customer = find_or_create_customer(update.identities, name=update.buyer_name, now=now)
            changed.append("customer")
        order.save()
        if "tracking" in changed:
            from sellerdesk.tracking.actions import sync_order_shipments

            sync_order_shipments(order)
            order.refresh_from_db(fields=["tracking", "tracking_status", "delivered_at"])
        if not created and {"number", "tracking"} & set(changed):
            from sellerdesk.search.index import index_order

            index_order(order.pk)  # its conversations are found by its numbers
        if order.customer_id and {"total", "refunds", "customer"} & set(changed):
            from sellerdesk.customers.value import recompute_lifetime_value

            recompute_lifetime_value([order.customer_id])
        emit_order_events(order, before, created)
        record(
            "order_created" if created else "order_updated",
            order_id=order.pk,
            platform=order.platform,
            number=order.number,
            source=source,
            changed=sorted(set(changed)),
        )
        return order, created


def _merge(current: list[dict], incoming: list[dict]) -> list[dict]:
    """Entries by "id": a new id is appended, a known one replaced (a tracking number corrected)."""
    result = [dict(e) for e in current]
    index = {e.get("id"): i for i, e in enumerate(result)}
    for entry in incoming:
        key = entry.get("id")
        if key in index:
            result[index[key]] = {**result[index[key]], **entry}
        else:
            index[key] = len(result)
            result.append(dict(entry))
    return result
