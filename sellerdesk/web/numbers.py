"""Order and tracking numbers in the messages of a thread, for the conversation page.

Triage's entity patterns (triage/entities.py) find them in the text as shown. An order number is
linked to the order we know (its latest conversation), or offered as "Look this order up" when the
platform's order API is configured (channels/lookups.py runs the lookup in the task queue). A
tracking number is shown with its carrier and the carrier's page (tracking/links.py); the order's
own shipment entry wins when it has the same number. Two queries at most when a number is found:
the orders, then their conversations; one more per platform offered for lookup.
"""

from __future__ import annotations

import re

from sellerdesk.conversations.models import Conversation
from sellerdesk.orders.models import Order
from sellerdesk.tracking.links import carrier_link, entity_carrier
from sellerdesk.triage import entities

# Entity sources that name an order platform whose orders can be looked up.
ORDER_PLATFORMS = {"amazon", "ebay", "shopify", "tiktok", "walmart"}
MAX_PER_MESSAGE = 10
_DIGIT = re.compile(r"\d")


def _found(text: str) -> list[entities.Entity]:
    if not _DIGIT.search(text or ""):  # every order and tracking pattern has a digit: most messages are done here
        return []
    seen, kept = set(), []
    for e in entities.extract(text, numbers_only=True):
        if e.kind in ("order", "tracking") and (e.kind, e.value) not in seen:
            seen.add((e.kind, e.value))
            kept.append(e)
    return kept[:MAX_PER_MESSAGE]


def _spellings(e: entities.Entity) -> list[str]:
    # Shopify and Walmart order names are stored with their "#"; the pattern keeps the digits.
    value = e.value.lstrip("#")
    return [value, f"#{value}"]


def numbers_by_message(conv: Conversation, texts: dict[int, str]) -> dict[int, list[dict]]:
    """{message id: [number, ...]} for the messages (id -> text shown) that name any."""
    found = {pk: _found(text) for pk, text in texts.items()}
    found = {pk: es for pk, es in found.items() if es}
    if not found:
        return {}
    wanted = {s for es in found.values() for e in es if e.kind == "order" for s in _spellings(e)}
    orders: dict[str, Order] = {}
    if wanted:
        for o in Order.objects.filter(number__in=wanted).only("id", "platform", "number").order_by("id"):
            orders.setdefault(o.number, o)
    threads: dict[int, int] = {}
    others = [o.pk for o in orders.values() if o.pk != conv.order_id]
    if others:
        for c in Conversation.objects.filter(order_id__in=others).order_by("order_id", "-last_message_at", "-id").values("id", "order_id"):
            threads.setdefault(c["order_id"], c["id"])
    shipments = {t.get("number"): t for t in (conv.order.tracking or [])} if conv.order_id else {}
    lookable: dict[str, bool] = {}
    shown = {pk: [n for e in es if (n := _entry(e, conv, orders, threads, shipments, lookable))] for pk, es in found.items()}
    return {pk: ns for pk, ns in shown.items() if ns}


def _entry(e, conv, orders, threads, shipments, lookable) -> dict | None:
    if e.kind == "tracking":
        shipment = shipments.get(e.value)
        if shipment:
            carrier = shipment.get("company") or ""
            return {"kind": "tracking", "value": e.value, "carrier": carrier,
                    "url": carrier_link(carrier, e.value, shipment.get("url") or ""), "of_order": True}
        carrier, url = entity_carrier(e.source, e.value)
        return {"kind": "tracking", "value": e.value, "carrier": carrier, "url": url, "of_order": False}
    order = next((orders[s] for s in _spellings(e) if s in orders), None)
    if order is not None:
        if order.pk == conv.order_id:
            return {"kind": "order", "value": order.number, "state": "this"}
        return {"kind": "order", "value": order.number, "state": "known", "conversation": threads.get(order.pk)}
    platform = e.source if e.source in ORDER_PLATFORMS else ""
    if not platform:
        return None  # digits after the word "order" alone (a case id, a phone): only worth showing when they are an order we know
    if platform and platform not in lookable:
        lookable[platform] = can_look_up(platform)
    number = f"#{e.value.lstrip('#')}" if platform == "shopify" else e.value
    return {"kind": "order", "value": number, "state": "unknown", "platform": platform,
            "lookup": bool(platform and lookable[platform])}


def can_look_up(platform: str) -> bool:
    from sellerdesk.channels.registry import for_order_platform

    channel = for_order_platform(platform)
    return channel is not None and channel.can_look_up_orders()
