"""Shopify contact-form mail: the store sends it from its mailer with the buyer in Reply-To.

Which order it names is read from the buyer's free text ([U]: the form has no order field), so
the order can be looked up in the Admin API (channels/lookups.py).
"""

from __future__ import annotations

import re

from django.conf import settings

# "order #1234", "Bestellung 1234", "订单号 #1234".
_ORDER = re.compile(r"(?:order|bestellung|commande|pedido|ordine|订单号?|注文)\D{0,12}?#\s*(\d{3,10})\b|"
                    r"(?:order|bestellung|commande|pedido|ordine)\b\s*(?:number|nr\.?|no\.?|n°|número|numero)?\s*(?:is|ist|est|es)?\s*:?\s*(\d{3,10})\b",
                    re.IGNORECASE)


def is_contact_form(from_addr: str) -> bool:
    return (from_addr or "").lower() in settings.SHOPIFY_FORM_SENDERS


def order_number_in(text: str) -> str:
    """The Shopify order name (#1234) the buyer's text names, or ""."""
    found = _ORDER.search(text or "")
    return f"#{found.group(1) or found.group(2)}" if found else ""
