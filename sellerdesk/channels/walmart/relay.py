"""Walmart Marketplace buyer messages, which arrive by email (docs/channels.md,
Platform facts → Walmart Marketplace).

Facts: there is no buyer-messaging API; "Contact Seller" mail comes through an encrypted
customer address that relays replies; customer messages carry the order unless pre-sale; the
reply window is 48 h, weekends included (sla preset `walmart-48h`).
Assumed ([U], no captured mail): the relay domain is relay.walmart.com (configurable:
SELLERDESK_WALMART_RELAY_DOMAINS); the order is a 13-15 digit number written after "order"
("Question about order #108829384756123", "Order Number: …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

_ORDER = re.compile(r"\border\b[^0-9\n]{0,20}#?\s*(\d{13,15})\b", re.IGNORECASE)
_GENERIC_NAMES = {"walmart customer", "walmart", "walmart marketplace"}


@dataclass
class Relay:
    address: str
    order_number: str
    buyer_name: str

    @property
    def thread_key(self) -> str:
        return f"walmart:{self.order_number}" if self.order_number else f"walmart:buyer:{self.address}"


def is_relay(address: str) -> bool:
    domain = (address or "").rpartition("@")[2].lower()
    return bool(domain) and any(domain == d or domain.endswith("." + d) for d in settings.WALMART_RELAY_DOMAINS)


def find_order(*texts: str) -> str:
    for text in texts:
        found = _ORDER.search(text or "")
        if found:
            return found.group(1)
    return ""


def read_relay(address: str, display_name: str, subject: str, text: str) -> Relay:
    name = (display_name or "").strip()
    name = "" if name.lower() in _GENERIC_NAMES else name
    return Relay(address=address.lower(), order_number=find_order(subject, text), buyer_name=name)
