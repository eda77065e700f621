"""What the order box beside a conversation says beyond the order row's own columns.

- Amazon's order states and fulfilment channels in words.
- When the platform's order API is configured and the order row is still a placeholder (an order
  number read from a mail, nothing fetched yet), the first view queues the lookup through the task
  queue (channels/lookups.py) and says so; the page never waits for Amazon.
- Without the API, what the buyer's or the platform's mails in the thread say: "Item:", "Ship by:",
  "Deliver by:" lines of Amazon's relay and notification mails, read from the messages the page
  has already loaded (no query).
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from sellerdesk.web import labels

AMAZON_STATUSES = {
    "Pending": _("Pending payment"),
    "Unshipped": _("Not shipped yet"),
    "PartiallyShipped": _("Partly shipped"),
    "Shipped": _("Shipped"),
    "Canceled": _("Cancelled"),
    "Unfulfillable": _("Cannot be fulfilled"),
    "InvoiceUnconfirmed": _("Invoice not confirmed"),
    "PendingAvailability": _("Pre-order: waiting for stock"),
}
FULFILMENT = {
    "AFN": _("Fulfilled by Amazon (FBA)"),
    "MFN": _("Fulfilled by the seller (FBM)"),
}
# Lines of Amazon's mails that describe the order: label words -> what they are.
_MAIL_LINES = [
    ("item", re.compile(r"^[ \t]*(?:Item|Product|Artikel|Article|Articolo|Artículo|商品|商品名)[ \t]*[:：][ \t]*(?P<v>[^\n]{1,200}?)[ \t]*$", re.M | re.I)),
    ("ship_by", re.compile(r"^[ \t]*(?:Ship by|Latest ship date|Versand bis|出荷期限)[ \t]*[:：][ \t]*(?P<v>[^\n]{1,80}?)[ \t]*$", re.M | re.I)),
    ("deliver_by", re.compile(r"^[ \t]*(?:Deliver by|Estimated delivery(?: date)?|Delivery estimate|Lieferung bis|お届け予定日)[ \t]*[:：][ \t]*(?P<v>[^\n]{1,80}?)[ \t]*$", re.M | re.I)),
]
MAIL_LABELS = {"item": _("Item"), "ship_by": _("Ship by"), "deliver_by": _("Deliver by")}
# A view queues one lookup per order in this many seconds, however often the page is opened.
LOOKUP_QUIET = 600


def status_text(order) -> str:
    if order.platform == "amazon":
        return labels.label(AMAZON_STATUSES, order.status)
    return order.status


def fulfilment_text(code: str) -> str:
    return labels.label(FULFILMENT, code)


def item_price(item, order_currency: str = "") -> str:
    """"25.98 USD" for an order line with a price (the order's currency when the line names none);
    "" otherwise."""
    if not isinstance(item, dict) or item.get("price") in (None, ""):
        return ""
    return f"{item['price']} {item.get('currency') or order_currency or ''}".strip()


def is_placeholder(order) -> bool:
    """Nothing fetched yet: only the number a mail named."""
    return not (order.items or order.external_id or order.status)


def facts_from_mail(messages) -> list[tuple[str, str]]:
    """(label, value) of the order lines the thread's mails carry, the first of each kind, in order."""
    found: dict[str, str] = {}
    for m in messages:
        text = m.body_full or m.body_text
        for kind, pattern in _MAIL_LINES:
            if kind not in found and (hit := pattern.search(text or "")):
                found[kind] = hit["v"]
    return [(str(MAIL_LABELS[kind]), found[kind]) for kind, _p in _MAIL_LINES if kind in found]


def fetch_on_view(order, marketplace: str = "") -> bool:
    """Queue the platform lookup of a placeholder order once (per LOOKUP_QUIET seconds); True when a
    lookup is queued or running, so the page can say so."""
    from sellerdesk.channels import lookups
    from sellerdesk.channels.registry import for_order_platform

    if not is_placeholder(order):
        return False
    channel = for_order_platform(order.platform)
    if channel is None or not channel.can_look_up_orders():
        return False
    if cache.add(f"order-lookup-on-view:{order.pk}", True, LOOKUP_QUIET):
        lookups.lookup_order.enqueue(order.platform, order.number, marketplace or order.marketplace)
    return True
