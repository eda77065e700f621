"""Template filters of the tracking timeline beside a conversation."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from sellerdesk.tracking.links import carrier_link as _carrier_link
from sellerdesk.tracking.models import TrackingEvent

register = template.Library()

TIMELINE_LENGTH = 8

_SUB_KINDS = {
    "customs_hold": _("held in customs"), "failed_attempt": _("delivery attempt failed"), "lost": _("lost"),
    "damaged": _("damaged"), "address_issue": _("address problem"), "refused": _("refused by the recipient"),
    "delayed": _("delayed"), "expired": _("no news for a long time"), "returning": _("on its way back to the sender"),
    "available_for_pickup": _("ready for pickup"), "other": "",
}


@register.filter
def status_label(item) -> str:
    """"Delivery problem: held in customs" for a shipment or an event."""
    kind = TrackingEvent.Kind(item.status if hasattr(item, "status") else item.kind).label
    sub = _SUB_KINDS.get(item.sub_kind or "", "")
    return f"{kind}: {sub}" if sub else str(kind)


@register.filter
def timeline(shipment) -> list:
    """The latest events, newest first (from `timeline_rows` when the page prefetched them, newest first)."""
    rows = getattr(shipment, "timeline_rows", None)
    if rows is not None:
        return rows[:TIMELINE_LENGTH]
    return list(shipment.events.order_by("-at", "-pk")[:TIMELINE_LENGTH])


@register.filter
def carrier_link(shipment) -> str:
    return _carrier_link(shipment.carrier, shipment.number, shipment.url)


@register.simple_tag
def tracking_configured() -> bool:
    from sellerdesk.tracking import providers

    return providers.active() is not None
