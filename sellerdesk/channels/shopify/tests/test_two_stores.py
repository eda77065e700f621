"""Two Shopify stores of one seller both number their orders from #1001: each keeps its own."""

from __future__ import annotations

import json

import pytest

from sellerdesk.channels.base import OrderUpdate
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.orders.actions import apply_order_update, find_order
from sellerdesk.orders.models import Claim, Order
from tests.channels.build_fixtures import shopify_sign
from tests.channels.fakesecrets import SHOPIFY_SECRET
from tests.channels.webhookkit import capture, post, run_worker

from .test_webhooks import NOW

OTHER_SHOP = "second-brand.myshopify.com"


@pytest.fixture
def second_shop(db):
    account = ChannelAccount(kind="shopify", name="Second brand", address=OTHER_SHOP, marketplace="DE")
    account.credentials = {"webhook_secret": SHOPIFY_SECRET}
    account.save()
    return account


def for_second_shop(name: str) -> dict:
    """The same event as the first store's fixture, as the second store sends it: its own ids and buyer."""
    delivery = capture("shopify", name)
    body = json.loads(delivery["body"])
    body["id"], body["email"] = 9920000000001, "max.muster@example.de"
    body["customer"] = {**body["customer"], "id": 9930000000001, "email": "max.muster@example.de",
                        "first_name": "Max", "last_name": "Muster"}
    raw = json.dumps(body).encode()
    headers = {**delivery["headers"], "X-Shopify-Shop-Domain": OTHER_SHOP,
               "X-Shopify-Event-Id": "2nd-" + delivery["headers"]["X-Shopify-Event-Id"],
               "X-Shopify-Webhook-Id": "2nd-" + delivery["headers"]["X-Shopify-Webhook-Id"],
               "X-Shopify-Hmac-Sha256": shopify_sign(SHOPIFY_SECRET, raw)}
    return {"headers": headers, "body": raw.decode()}


def test_the_same_number_in_two_stores_is_two_orders(client, shop, second_shop):
    first = post(client, f"/hooks/shopify/{shop.pk}/", capture("shopify", "orders_create.json"))
    second = post(client, f"/hooks/shopify/{second_shop.pk}/", for_second_shop("orders_create.json"))
    again = post(client, f"/hooks/shopify/{second_shop.pk}/", for_second_shop("orders_create.json"))
    run_worker(NOW)
    assert (first.status_code, second.status_code, again.status_code, again.json()["duplicate"]) == (200, 200, 200, True)
    rows = sorted(Order.objects.values_list("number", "store", "external_id", "customer__name"))
    assert rows == [("#1001", str(shop.pk), "5820000000001", "Jane Doe"),
                    ("#1001", str(second_shop.pk), "9920000000001", "Max Muster")]


def test_a_dispute_joins_its_own_stores_order(client, shop, second_shop):
    post(client, f"/hooks/shopify/{shop.pk}/", capture("shopify", "orders_create.json"))
    post(client, f"/hooks/shopify/{second_shop.pk}/", for_second_shop("orders_create.json"))
    post(client, f"/hooks/shopify/{shop.pk}/", capture("shopify", "disputes_create.json"))
    run_worker(NOW)
    claim = Claim.objects.get()
    assert (claim.conversation.order.store, claim.conversation.order.customer.name) == (str(shop.pk), "Jane Doe")


def test_a_number_first_met_without_its_store_is_adopted_by_the_store(db, shop, second_shop):
    # A CSV import (no account) knows #2001; the first store's event then names it: one order, now the store's.
    apply_order_update(OrderUpdate(platform="shopify", number="#2001", status="paid"), source="csv:shopify")
    apply_order_update(OrderUpdate(platform="shopify", number="#2001", external_id="77", status="fulfilled",
                                   store=str(shop.pk)), source="test")
    assert list(Order.objects.values_list("number", "store", "status")) == [("#2001", str(shop.pk), "fulfilled")]
    # The second store's #2001 is another order; asking without a store is now ambiguous: none is guessed.
    apply_order_update(OrderUpdate(platform="shopify", number="#2001", status="paid", store=str(second_shop.pk)), source="test")
    assert Order.objects.filter(number="#2001").count() == 2
    assert find_order("shopify", number="#2001") is None
    assert find_order("shopify", number="#2001", store=str(second_shop.pk)).status == "paid"


def test_marketplace_wide_numbers_ignore_the_account(db, shop):
    apply_order_update(OrderUpdate(platform="amazon", number="113-4455667-1234567", status="Shipped", store=""), source="a")
    apply_order_update(OrderUpdate(platform="amazon", number="113-4455667-1234567", status="Delivered"), source="b")
    assert list(Order.objects.values_list("store", "status")) == [("", "Delivered")]
