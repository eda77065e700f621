"""Built-in conditions: `fn(ctx, **params) -> bool`, registered by name (registry.py).

Lists compare case-insensitively. A condition entry may carry "not": true to invert it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from sellerdesk.automation.registry import Param, condition
from sellerdesk.automation.texts import normal_tracking_status


def _lower(values) -> frozenset[str]:
    """Lower-cased values; a rule's parameters are tuples (engine.compile_rule), read once per rule."""
    if isinstance(values, tuple):
        return _lower_cached(values)
    return frozenset(str(v).strip().lower() for v in values or [])


@lru_cache(maxsize=4096)
def _lower_cached(values: tuple) -> frozenset[str]:
    return frozenset(str(v).strip().lower() for v in values)


@condition("channel", label=_("Channel is"), params={"channels": Param("list", required=True, help="email, amazon, ebay, shopify...")})
def channel(ctx, channels):
    return ctx.channel.lower() in _lower(channels)


@condition("marketplace", label=_("Marketplace is"), params={"marketplaces": Param("list", required=True, help="US, DE, JP...")})
def marketplace(ctx, marketplaces):
    return ctx.marketplace.lower() in _lower(marketplaces)


@condition("store", label=_("Store (channel account) is"), params={"stores": Param("list", required=True, help="account names or ids")})
def store(ctx, stores):
    wanted = _lower(stores)
    return ctx.store.lower() in wanted or str(ctx.store_id) in wanted


@condition("intent", label=_("Intent is"), params={
    "intents": Param("list", required=True), "min_confidence": Param("float", default=0.0, help="0..1"),
})
def intent(ctx, intents, min_confidence=0.0):
    return ctx.intent in intents and ctx.intent_confidence >= min_confidence


@condition("language", label=_("Buyer's language is"), params={"languages": Param("list", required=True)})
def language(ctx, languages):
    return (ctx.language or "").split("-")[0].lower() in _lower(languages)


@condition("tier", label=_("Priority tier is"), params={"tiers": Param("list", required=True, choices=("1", "2", "3"))})
def tier(ctx, tiers):
    return str(ctx.tier) in tiers


@condition("sentiment", label=_("Sentiment is"), params={"sentiments": Param("list", required=True, choices=("negative", "neutral", "positive"))})
def sentiment(ctx, sentiments):
    return ctx.sentiment in sentiments


@condition("cues", label=_("Escalation cues found"), params={"kinds": Param("list", help="empty: any cue")})
def cues(ctx, kinds=None):
    found = set(ctx.cues)
    return bool(found & set(kinds)) if kinds else bool(found)


@condition("customer_vip", label=_("Buyer is a VIP"))
def customer_vip(ctx):
    return ctx.is_vip


@condition("lifetime_value", label=_("Buyer's lifetime value between"), params={"min": Param("float"), "max": Param("float")})
def lifetime_value(ctx, min=None, max=None):
    return (min is None or ctx.lifetime_value >= min) and (max is None or ctx.lifetime_value <= max)


@condition("order_count", label=_("Buyer's order count between"), params={"min": Param("int"), "max": Param("int")})
def order_count(ctx, min=None, max=None):
    n = ctx.order_count
    return (min is None or n >= min) and (max is None or n <= max)


@condition("country", label=_("Buyer's country is"), params={"countries": Param("list", required=True)})
def country(ctx, countries):
    return (ctx.country or "").lower() in _lower(countries)


@condition("has_order", label=_("An order is linked"))
def has_order(ctx):
    return ctx.order is not None and bool(ctx.order.number)


@condition("order_status", label=_("Order status is"), params={"statuses": Param("list", required=True)})
def order_status(ctx, statuses):
    return ctx.order is not None and ctx.order.status in _lower(statuses)


@condition("has_tracking", label=_("The order has a tracking number"))
def has_tracking(ctx):
    return ctx.order is not None and bool(ctx.order.latest.get("number"))


@condition("tracking_status", label=_("Latest tracking status is"), params={
    "statuses": Param("list", required=True, help="info_received, in_transit, out_for_delivery, delivered, exception, returned"),
})
def tracking_status(ctx, statuses):
    return ctx.order is not None and normal_tracking_status(ctx.order.tracking_status) in _lower(statuses)


@condition("tracking_fresh", label=_("Tracking updated within"), params={"hours": Param("int", default=72)})
def tracking_fresh(ctx, hours=72):
    """A tracking number with a status we heard about within `hours`."""
    if ctx.order is None or not ctx.order.latest.get("number") or not ctx.order.tracking_status:
        return False
    at = ctx.order.tracking_updated_at
    return at is not None and ctx.now - at <= dt.timedelta(hours=hours)


@condition("delivered_days_ago", label=_("Delivered between N and M days ago"), params={"min": Param("float", default=0.0), "max": Param("float")})
def delivered_days_ago(ctx, min=0.0, max=None):
    if ctx.order is None or ctx.order.delivered_at is None:
        return False
    days = (ctx.now - ctx.order.delivered_at).total_seconds() / 86400
    return days >= min and (max is None or days <= max)


@condition("tags", label=_("Conversation has a tag"), params={"any": Param("list", required=True)})
def tags(ctx, any):
    return bool(ctx.tags & _lower(any))


@condition("business_hours", label=_("Inside business hours"), params={"calendar": Param("str", required=True, help="a calendar's key or name")})
def business_hours(ctx, calendar):
    from django.db.models import Q

    from sellerdesk.sla.calendars import open_intervals, schedule_for
    from sellerdesk.sla.models import Calendar

    cal = Calendar.objects.filter(Q(key=calendar) | Q(name=calendar)).first()
    if cal is None:
        return False
    start, _end = next(open_intervals(schedule_for(cal), ctx.now))
    return start <= ctx.now


@condition("buyer_local_time", label=_("Buyer's local time between"), params={
    "start": Param("str", required=True, help="HH:MM"), "end": Param("str", required=True, help="HH:MM"),
})
def buyer_local_time(ctx, start, end):
    from sellerdesk.automation.quiet import is_quiet_in

    zones = ctx.buyer_zones
    # "between start and end" is "not quiet" with quiet hours from end to start.
    return bool(zones) and all(not is_quiet_in(z, ctx.now, start=end, end=start) for z in zones)


@condition("text_contains", label=_("Message text contains"), params={"words": Param("list", required=True)})
def text_contains(ctx, words):
    text = ctx.lower_text
    return any(w in text for w in _lower(words))


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@condition("text_matches", label=_("Message text matches (regular expression)"), params={"pattern": Param("str", required=True)})
def text_matches(ctx, pattern):
    return _regex(pattern).search(ctx.full_text) is not None


@condition("no_buyer_message_since_event", label=_("No buyer message since the trigger"))
def no_buyer_message_since_event(ctx):
    """For time triggers: the condition held since the event ("no reply for 3 days")."""
    return ctx.last_inbound_at is None or ctx.last_inbound_at <= ctx.event_at


@condition("asks_for_human", label=_("Buyer asks for a person (replied HUMAN)"))
def asks_for_human(ctx):
    from sellerdesk.automation.texts import asks_for_human as asks

    return asks(ctx.text)


@condition("csat_rating", label=_("CSAT rating between"), params={"min": Param("int"), "max": Param("int")})
def csat_rating(ctx, min=None, max=None):
    """On csat.answered: the buyer's 1-5 rating."""
    rating = ctx.data.get("rating")
    if not isinstance(rating, int):
        return False
    return (min is None or rating >= min) and (max is None or rating <= max)
