"""Each built-in condition on a context built by hand (the same conditions decide dry runs)."""

import datetime as dt

import pytest

from sellerdesk.automation.context import Context, OrderView
from sellerdesk.automation.registry import CONDITIONS, load

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone.utc)
load()


def ctx(**kw) -> Context:
    base = dict(event="message.received", now=NOW, event_at=NOW, channel="amazon", marketplace="DE", store="Acme EU", store_id=4,
                language="de", intent="order_status", intent_confidence=0.9, tier=2, sentiment="neutral",
                text="Wo ist mein Paket?", country="DE", lifetime_value=250.0,
                order=OrderView(number="302-1", platform="amazon", status="shipped",
                                tracking=[{"id": "1", "company": "DHL", "number": "003", "status": "in_transit",
                                           "updated_at": (NOW - dt.timedelta(hours=10)).isoformat()}]),
                given={"tags": ["vip-followup"], "order_count": 3, "has_claim": False})
    base.update(kw)
    return Context(**base)


def holds(name, c=None, **params):
    return CONDITIONS[name].fn(c or ctx(), **params)


@pytest.mark.parametrize("name, params, expected", [
    ("channel", {"channels": ["amazon", "ebay"]}, True),
    ("channel", {"channels": ["email"]}, False),
    ("marketplace", {"marketplaces": ["de"]}, True),
    ("marketplace", {"marketplaces": ["US"]}, False),
    ("store", {"stores": ["acme eu"]}, True),
    ("store", {"stores": ["4"]}, True),
    ("store", {"stores": ["Other"]}, False),
    ("intent", {"intents": ["order_status"], "min_confidence": 0.8}, True),
    ("intent", {"intents": ["order_status"], "min_confidence": 0.95}, False),
    ("intent", {"intents": ["refund"]}, False),
    ("language", {"languages": ["de", "fr"]}, True),
    ("language", {"languages": ["en"]}, False),
    ("tier", {"tiers": ["2"]}, True),
    ("tier", {"tiers": ["1"]}, False),
    ("sentiment", {"sentiments": ["neutral"]}, True),
    ("sentiment", {"sentiments": ["negative"]}, False),
    ("customer_vip", {}, False),
    ("lifetime_value", {"min": 200.0}, True),
    ("lifetime_value", {"min": 300.0}, False),
    ("lifetime_value", {"max": 100.0}, False),
    ("order_count", {"min": 2, "max": 5}, True),
    ("order_count", {"min": 4}, False),
    ("country", {"countries": ["de", "AT"]}, True),
    ("has_order", {}, True),
    ("order_status", {"statuses": ["Shipped"]}, True),
    ("order_status", {"statuses": ["delivered"]}, False),
    ("has_tracking", {}, True),
    ("tracking_status", {"statuses": ["in_transit"]}, True),
    ("tracking_status", {"statuses": ["delivered"]}, False),
    ("tracking_fresh", {"hours": 12}, True),
    ("tracking_fresh", {"hours": 6}, False),
    ("tags", {"any": ["VIP-followup"]}, True),
    ("tags", {"any": ["other"]}, False),
    ("text_contains", {"words": ["PAKET"]}, True),
    ("text_contains", {"words": ["Rechnung"]}, False),
    ("text_matches", {"pattern": r"wo\s+ist"}, True),
    ("text_matches", {"pattern": r"^\d+$"}, False),
    ("buyer_local_time", {"start": "09:00", "end": "12:00"}, True),  # 11:00 in Berlin
    ("buyer_local_time", {"start": "12:00", "end": "18:00"}, False),
    ("no_buyer_message_since_event", {}, True),
    ("asks_for_human", {}, False),
])
def test_condition(name, params, expected):
    assert holds(name, **params) is expected


def test_cues_from_the_text_in_any_language():
    assert holds("cues", ctx(text="Ich will sofort Ihren Vorgesetzten sprechen!")) is True
    assert holds("cues", ctx(text="Ich will sofort Ihren Vorgesetzten sprechen!"), kinds=["legal"]) is False
    assert holds("cues") is False


def test_delivered_days_ago():
    delivered = OrderView(number="1", status="delivered", delivered_at=NOW - dt.timedelta(days=1, hours=12))
    assert holds("delivered_days_ago", ctx(order=delivered), min=1.0, max=2.0) is True
    assert holds("delivered_days_ago", ctx(order=delivered), min=2.0) is False
    assert holds("delivered_days_ago", min=0.0) is False  # not delivered


def test_asks_for_human_in_the_buyers_language():
    assert holds("asks_for_human", ctx(text="人工")) is True
    assert holds("asks_for_human", ctx(text="Mensch!")) is True
    assert holds("asks_for_human", ctx(text="human being needed for my order")) is False


def test_no_buyer_message_since_event():
    assert holds("no_buyer_message_since_event", ctx(event_at=NOW - dt.timedelta(days=3), last_inbound_at=NOW - dt.timedelta(days=1))) is False
    assert holds("no_buyer_message_since_event", ctx(event_at=NOW - dt.timedelta(days=3), last_inbound_at=NOW - dt.timedelta(days=4))) is True


def test_business_hours(db):
    from sellerdesk.sla.models import Calendar

    Calendar.objects.create(name="Shenzhen office", timezone="Asia/Shanghai", weekly_hours={"tue": [["09:00", "18:00"]]})
    assert holds("business_hours", ctx(now=NOW - dt.timedelta(hours=6)), calendar="Shenzhen office") is True  # 12:00 in Shenzhen
    assert holds("business_hours", calendar="Shenzhen office") is False  # 18:00 in Shenzhen: closed
    assert holds("business_hours", calendar="no such calendar") is False
