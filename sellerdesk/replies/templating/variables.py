"""The values a template is filled with, taken from the conversation, its customer and order, and the agent.

Only plain values leave this module (str, bool, list of str): the template
never holds a model instance. A value that is not known is left out, so the
renderer marks it `[[name]]` and the reply cannot be sent until the agent
fills it in.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from django.conf import settings

from sellerdesk.channels.actions import shop_identity
from sellerdesk.lib import clock

# Babel locales for the buyer-facing dates of each template language.
_LOCALES = {"en": "en", "de": "de", "fr": "fr", "es": "es", "it": "it", "ja": "ja", "zh": "zh_Hans"}


def first_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    # "Jana Käufer" -> "Jana"; names written without spaces (王伟, 田中優子) stay whole.
    return name.split()[0] if " " in name else name


def format_day(day: dt.date | dt.datetime | None, language: str) -> str:
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = day.date()
    return format_date(day, format="long", locale=_LOCALES.get(language, "en"))


def _item_titles(items) -> list[str]:
    titles = []
    for item in items or []:
        if isinstance(item, str):
            titles.append(item)
        elif isinstance(item, dict):
            title = str(item.get("title") or item.get("name") or item.get("sku") or "").strip()
            qty = item.get("quantity") or 1
            if title:
                titles.append(f"{qty} × {title}" if isinstance(qty, int) and qty > 1 else title)
    return titles


def _order_values(order, language: str, now: dt.datetime) -> dict:
    if order is None:
        return {}
    values: dict = {"order_number": order.number, "items": _item_titles(order.items)}
    # Shipments as marketplace connectors store them (Order.tracking, the latest last); read
    # defensively, the field is optional and filled only by connectors that know it.
    shipments = [s for s in (getattr(order, "tracking", None) or []) if isinstance(s, dict)]
    latest = shipments[-1] if shipments else {}
    values["tracking_number"] = str(latest.get("number") or "")
    values["carrier"] = str(latest.get("company") or "")
    values["tracking_link"] = str(latest.get("url") or "")
    delivered_at = getattr(order, "delivered_at", None)
    status = (order.status or str(latest.get("status") or "")).strip().lower()
    if delivered_at is not None or status:
        values["delivered"] = delivered_at is not None or status == "delivered"
    if delivered_at is not None:
        values["delivery_date"] = format_day(delivered_at, language)
        deadline = delivered_at + dt.timedelta(days=settings.REPLY_RETURN_DAYS)
        values["return_deadline"] = format_day(deadline, language)
        values["in_return_window"] = now <= deadline
    elif getattr(order, "estimated_delivery", None):
        values["delivery_date"] = format_day(order.estimated_delivery, language)
    return values


def agent_name(user) -> str:
    if user is None:
        return ""
    profile = getattr(user, "agent", None)
    return (profile.name if profile else "") or user.get_username()


def values_for(conversation, user, language: str, *, now: dt.datetime | None = None) -> dict:
    now = now or clock.now()
    customer = conversation.customer
    values = {
        "customer_first_name": first_name(customer.name),
        "customer_name": customer.name,
        "agent_name": agent_name(user),
        # The store's name as buyers know it (set per account, else SELLERDESK_SHOP_NAME); never the
        # account's own name, which is internal ("Amazon US buyer messages"): unset, it stays a marker.
        "shop_name": shop_identity(conversation.account)["name"] or settings.REPLY_SHOP_NAME,
        "buyer_country": customer.country,
        "marketplace": conversation.marketplace,
        "channel": conversation.channel,
    }
    values["signature"] = shop_identity(conversation.account)["signature"]
    values.update(_order_values(conversation.order, language, now))
    return {k: v for k, v in values.items() if v not in (None, "", [])}


def sample_values(language: str, *, delivered: bool = False) -> dict:
    """Realistic values for previews and for testing the library against the rules."""
    day = dt.date(2026, 11, 24)
    return {
        "customer_first_name": "Jana",
        "customer_name": "Jana Weber",
        "order_number": "302-1234567-1234567",
        "items": ["Thermo bottle 1 L"],
        "tracking_number": "00340434161094015902",
        "carrier": "DHL",
        "tracking_link": "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161094015902",
        "delivery_date": format_day(day, language),
        "return_deadline": format_day(day + dt.timedelta(days=30), language),
        "agent_name": "Anna",
        "shop_name": "Brightdesk",
        "signature": "Brightdesk customer care",
        "delivered": delivered,
        "in_return_window": True,
        "buyer_country": "DE",
        "marketplace": "DE",
        "channel": "amazon",
    }
