"""Shopify Admin GraphQL order lookup against a fake Shopify in its own process: the query, the
order it updates, throttling (429 and GraphQL THROTTLED), 5xx retries, refusals, not configured,
and the lookup a contact-form mail naming an order starts."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from sellerdesk.channels import pipeline
from sellerdesk.channels.apiclient import NotConfigured
from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.email.inbound import message_id_of
from sellerdesk.channels.lookups import run_lookup
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.shopify.client import ShopifyAdminClient
from sellerdesk.channels.shopify.orders import lookup_orders
from sellerdesk.conversations.models import Conversation, Event
from sellerdesk.lib import clock
from sellerdesk.orders.models import Order
from tests.channels.apikit import api  # noqa: F401
from tests.channels.fakesecrets import SHOPIFY_SECRET, SHOPIFY_SHOP

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.timezone.utc)
TOKEN = "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"
GRAPHQL = "POST /admin/api/2025-07/graphql.json"
FORM_MAIL = Path(__file__).resolve().parents[2] / "email" / "fixtures" / "shopify_contact_form.eml"

NODE = {
    "id": "gid://shopify/Order/5820000001234", "legacyResourceId": "5820000001234", "name": "#1234", "email": "Jane.Doe@Example.com",
    "createdAt": "2026-11-16T14:02:11Z", "updatedAt": "2026-11-18T09:30:00Z", "cancelledAt": None,
    "displayFinancialStatus": "PAID", "displayFulfillmentStatus": "FULFILLED",
    "totalPriceSet": {"shopMoney": {"amount": "59.90", "currencyCode": "USD"}},
    "customer": {"displayName": "Jane Doe", "email": "jane.doe@example.com"},
    "shippingAddress": {"countryCodeV2": "US"},
    "lineItems": {"nodes": [{"title": "Linen shirt", "quantity": 1, "sku": "LS-M-BLUE", "originalUnitPriceSet": {"shopMoney": {"amount": "59.90"}}}]},
    "fulfillments": [{"legacyResourceId": "4470000000011", "displayStatus": "IN_TRANSIT",
                      "trackingInfo": [{"number": "1Z999AA10123456784", "url": "https://www.ups.com/track?tracknum=1Z999AA10123456784", "company": "UPS"}]}],
}
FOUND = {"json": {"data": {"orders": {"nodes": [NODE]}}, "extensions": {"cost": {"requestedQueryCost": 62, "actualQueryCost": 9,
                                                                               "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": 1991, "restoreRate": 100.0}}}}}
NONE_FOUND = {"json": {"data": {"orders": {"nodes": []}}}}
THROTTLED = {"json": {"errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
                      "extensions": {"cost": {"requestedQueryCost": 62, "actualQueryCost": None,
                                              "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": 12, "restoreRate": 10.0}}}}}


def shop_for(server, **creds) -> ChannelAccount:
    account = ChannelAccount(kind="shopify", name="Acme store", address=SHOPIFY_SHOP, marketplace="US", config={"admin_base": server.url})
    account.credentials = {"webhook_secret": SHOPIFY_SECRET, "admin_access_token": TOKEN, **creds}
    account.save()
    return account


def client(account, sleeps=None):
    return ShopifyAdminClient(account, sleep=sleeps.append if sleeps is not None else (lambda s: None))


def test_lookup_by_number_updates_the_order(db, api):
    server = api({GRAPHQL: [FOUND]})
    account = shop_for(server)
    with clock.frozen(NOW):
        (order,) = lookup_orders(account, number="1234", client=client(account))
    (request,) = server.requests()
    assert request["headers"]["X-Shopify-Access-Token"] == TOKEN
    body = json.loads(request["body"])
    assert body["variables"] == {"query": "name:#1234"}
    assert "orders(first: 5, query: $query" in body["query"]
    order.refresh_from_db()
    assert (order.platform, order.number, order.external_id, order.status, order.total, order.currency, order.marketplace) == (
        "shopify", "#1234", "5820000001234", "paid, fulfilled", Decimal("59.90"), "USD", "US")
    assert order.placed_at == dt.datetime(2026, 11, 16, 14, 2, 11, tzinfo=dt.timezone.utc)
    assert order.items == [{"sku": "LS-M-BLUE", "title": "Linen shirt", "quantity": 1, "price": "59.90"}]
    assert order.tracking == [{"id": "4470000000011", "company": "UPS", "number": "1Z999AA10123456784",
                               "url": "https://www.ups.com/track?tracknum=1Z999AA10123456784", "status": "in_transit"}]
    assert order.customer.name == "Jane Doe"
    assert Event.objects.get(kind="order_created").data["source"] == "shopify_admin"


def test_lookup_by_email(db, api):
    server = api({GRAPHQL: [FOUND]})
    account = shop_for(server)
    with clock.frozen(NOW):
        lookup_orders(account, email="jane.doe@example.com", client=client(account))
    assert json.loads(server.requests()[0]["body"])["variables"] == {"query": "email:jane.doe@example.com"}


def test_graphql_throttling_waits_for_the_cost_to_restore(db, api):
    server = api({GRAPHQL: [THROTTLED, {"status": 429, "headers": {"Retry-After": "2.0"}, "json": {"errors": "Exceeded 2 calls per second"}}, FOUND]})
    account = shop_for(server)
    sleeps = []
    with clock.frozen(NOW):
        assert len(lookup_orders(account, number="#1234", client=client(account, sleeps))) == 1
    assert sleeps == [5.0, 2.0]  # (62 - 12) / 10 points per second, then Retry-After


def test_5xx_retries_then_retryable(db, api):
    server = api({GRAPHQL: [{"status": 502, "text": "Bad Gateway"}]})
    sleeps = []
    with pytest.raises(RetryableSendError, match=r"^Shopify Admin API: HTTP 502 after 4 tries$"):
        lookup_orders(shop_for(server), number="1234", client=client(shop_for(server), sleeps))
    assert (sleeps, len(server.requests())) == ([0.5, 2.0, 5.0], 4)


def test_bad_token_is_permanent_with_shopifys_message(db, api):
    server = api({GRAPHQL: [{"status": 401, "json": {"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}}]})
    with pytest.raises(PermanentSendError, match=r"^Shopify Admin API order lookup refused: HTTP 401: \[API\] Invalid API key or access token \(unrecognized login or wrong password\)$"):
        lookup_orders(shop_for(server), number="1234", client=client(shop_for(server)))
    assert len(server.requests()) == 1


def test_graphql_error_is_permanent(db, api):
    server = api({GRAPHQL: [{"json": {"errors": [{"message": "Access denied for orders field. Required access: `read_orders` access scope.",
                                                   "extensions": {"code": "ACCESS_DENIED"}}]}}]})
    with pytest.raises(PermanentSendError, match=r"Access denied for orders field\. Required access: `read_orders` access scope\.$"):
        lookup_orders(shop_for(server), number="1234", client=client(shop_for(server)))


def test_not_configured(db):
    account = ChannelAccount(kind="shopify", name="Acme store", address=SHOPIFY_SHOP)
    account.credentials = {"webhook_secret": SHOPIFY_SECRET}
    account.save()
    with pytest.raises(NotConfigured, match=r"^not configured: Shopify Admin API order lookup needs the Admin API access token$"):
        ShopifyAdminClient(account)


def test_contact_form_mail_naming_an_order_looks_it_up(db, api, email_account, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    server = api({GRAPHQL: [FOUND]})
    shop_for(server)
    raw = FORM_MAIL.read_bytes()
    row, _ = pipeline.store_delivery(email_account, message_id_of(raw), raw, channel="email")
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        assert pipeline.process(row.pk) == "processed"
    conv = Conversation.objects.get()
    assert (conv.order.platform, conv.order.number, conv.order.items) == ("shopify", "#1234", [])  # a placeholder until looked up
    (queued,) = DBTaskResult.objects.filter(task_path="sellerdesk.channels.lookups.lookup_order")
    assert queued.args_kwargs == {"args": ["shopify", "#1234", ""], "kwargs": {}}
    with clock.frozen(NOW):
        assert run_lookup(*queued.args_kwargs["args"]) == "found"
    conv.order.refresh_from_db()
    assert (conv.order.status, conv.order.external_id, Order.objects.count()) == ("paid, fulfilled", "5820000001234", 1)
    assert json.loads(server.requests()[0]["body"])["variables"] == {"query": "name:#1234"}


def test_lookup_that_finds_nothing_is_an_event(db, api):
    server = api({GRAPHQL: [NONE_FOUND]})
    shop_for(server)
    with clock.frozen(NOW):
        assert run_lookup("shopify", "#9999") == "failed"
    assert Event.objects.get(kind="order_lookup_failed").data == {
        "platform": "shopify", "number": "#9999",
        "error": "Shopify has no order #9999 (orders older than 60 days need the read_all_orders scope)"}


def test_no_lookup_without_an_admin_token(db, email_account, shop, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    raw = FORM_MAIL.read_bytes()
    row, _ = pipeline.store_delivery(email_account, message_id_of(raw), raw, channel="email")
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        pipeline.process(row.pk)
    assert Conversation.objects.get().order.number == "#1234"
    assert not DBTaskResult.objects.filter(task_path="sellerdesk.channels.lookups.lookup_order").exists()
