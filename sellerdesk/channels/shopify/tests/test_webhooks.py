"""Shopify webhooks over HTTP on the real URL: signature, dedupe, orders, tracking, refunds, returns, disputes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Identity
from sellerdesk.orders.models import Claim, Order
from sellerdesk.sla.models import Deadline
import pytest

from tests.channels.build_fixtures import shopify_sign
from tests.channels.fakesecrets import SHOPIFY_SECRET, SHOPIFY_SHOP
from tests.channels.webhookkit import capture, post, run_worker

NOW = dt.datetime(2026, 11, 5, 12, 0, tzinfo=dt.timezone.utc)
UTC = dt.timezone.utc


def deliver(client, url, *names):
    responses = [post(client, url, capture("shopify", n)) for n in names]
    run_worker(NOW)
    return responses


def test_order_created_then_updated_keeps_the_newest_state(client, hook_url):
    first, second = deliver(client, hook_url, "orders_create.json", "orders_updated.json")
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["duplicate"] is False
    order = Order.objects.get()
    assert (order.platform, order.number, order.external_id, order.marketplace) == ("shopify", "#1001", "5820000000001", "US")
    assert (order.status, order.currency, order.total) == ("paid, fulfilled", "USD", Decimal("89.95"))
    assert order.placed_at == dt.datetime(2026, 11, 1, 14, 15, tzinfo=UTC)
    assert order.source_updated_at == dt.datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
    assert order.items == [
        {"sku": "MUG-BLUE", "title": "Blue enamel mug", "quantity": 2, "price": "39.95"},
        {"sku": "SHIP", "title": "Shipping protection", "quantity": 1, "price": "10.00"},
    ]
    assert order.customer.name == "Jane Doe"
    assert list(Identity.objects.values_list("kind", "value")) == [("email", "jane.doe@example.com")]
    assert list(RawDelivery.objects.order_by("pk").values_list("external_id", "status")) == [
        ("shopify:8e5c6a2b-0001-4c3e-9d7e-3a4b5c6d7e8f", "processed"),
        ("shopify:8e5c6a2b-0002-4c3e-9d7e-3a4b5c6d7e8f", "processed"),
    ]
    assert Conversation.objects.count() == 0  # order events are not conversations


def test_an_older_update_arriving_late_does_not_overwrite(client, hook_url):
    deliver(client, hook_url, "orders_updated.json", "orders_create.json")
    order = Order.objects.get()
    assert order.status == "paid, fulfilled"
    assert order.source_updated_at == dt.datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def test_fulfillment_puts_tracking_on_the_order_and_refund_is_recorded(client, hook_url):
    deliver(client, hook_url, "orders_create.json", "fulfillments_create.json", "refunds_create.json")
    order = Order.objects.get()
    assert order.tracking == [{
        "id": "4450000000001", "company": "USPS", "number": "9400111899223197428490",
        "url": "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490", "status": "in_transit",
    }]
    assert order.refunds == [{"id": "9300000000001", "amount": "10.00", "currency": "USD", "at": "2026-11-03T09:00:00-04:00",
                              "note": "Shipping protection"}]


def test_fulfillment_before_its_order_creates_the_order_under_its_id(client, hook_url):
    deliver(client, hook_url, "fulfillments_create.json", "orders_create.json")
    order = Order.objects.get()
    assert (order.number, order.external_id, order.status) == ("#1001", "5820000000001", "paid, unfulfilled")
    assert [t["number"] for t in order.tracking] == ["9400111899223197428490"]


def test_dispute_opens_a_tier_1_claim_due_at_the_evidence_date(client, hook_url):
    (order_resp, dispute_resp) = deliver(client, hook_url, "orders_create.json", "disputes_create.json")
    assert dispute_resp.status_code == 200
    claim = Claim.objects.get()
    conv = Conversation.objects.get()
    assert (claim.platform, claim.kind, claim.external_id, claim.amount, claim.currency, claim.reason) == (
        "shopify", "chargeback", "1052608616", Decimal("89.95"), "USD", "fraudulent")
    assert claim.respond_by == dt.datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
    assert (claim.order.number, claim.conversation) == ("#1001", conv)
    assert (conv.channel, conv.tier, conv.thread_key, conv.order.number) == ("shopify", 1, "shopify:order:5820000000001", "#1001")
    assert conv.customer.name == "Jane Doe"  # the order's buyer, found by the order id
    assert conv.subject == "Chargeback 1052608616 (Shopify Payments)"
    assert conv.next_deadline_at == dt.datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
    deadline = Deadline.objects.get(claim=claim)
    assert (deadline.kind, deadline.due_at, deadline.state) == ("Chargeback respond-by", claim.respond_by, "active")
    assert Message.objects.get().body_text == (
        "Chargeback opened.\nAmount: 89.95 USD\nReason: fraudulent\nStatus: needs_response\nEvidence due by: 2026-11-20 00:00 UTC"
    )


def test_replayed_event_creates_nothing(client, hook_url):
    deliver(client, hook_url, "orders_create.json", "disputes_create.json")
    again, retry = deliver(client, hook_url, "disputes_create_again.json", "disputes_create.json")
    assert (again.status_code, retry.status_code) == (200, 200)
    assert (again.json()["duplicate"], retry.json()["duplicate"]) == (True, True)
    assert (RawDelivery.objects.count(), Message.objects.count(), Claim.objects.count(), Conversation.objects.count()) == (2, 1, 1, 1)


def test_bad_signature_is_401_and_stored_rejected_on_the_problems_page(client, hook_url, agent):
    response = deliver(client, hook_url, "disputes_create_forged.json")[0]
    assert response.status_code == 401
    assert response.json() == {"error": "bad signature: X-Shopify-Hmac-Sha256 does not match the body"}
    raw = RawDelivery.objects.get()
    body = bytes(raw.body)  # small: kept whole
    assert (raw.status, raw.error) == ("rejected", f"bad signature: X-Shopify-Hmac-Sha256 does not match the body "
                                                   f"(body {len(body)} bytes, sha256 {hashlib.sha256(body).hexdigest()}, first {len(body)} kept)")
    assert raw.external_id.startswith("rejected:")
    assert bytes(raw.body) == capture("shopify", "disputes_create_forged.json")["body"].encode()
    assert Claim.objects.count() == 0
    # Sent again: still one row.
    assert deliver(client, hook_url, "disputes_create_forged.json")[0].status_code == 401
    assert RawDelivery.objects.count() == 1
    client.force_login(agent)
    page = client.get("/problems/").content.decode()
    assert "bad signature: X-Shopify-Hmac-Sha256 does not match the body" in page
    assert f'action="/problems/deliveries/{raw.pk}/process/"' not in page  # a forgery is not processed by a click
    assert client.post(f"/problems/deliveries/{raw.pk}/process/").status_code == 404


def test_a_rotated_secret_is_accepted_for_the_hour_shopify_keeps_using_it(client, shop, hook_url):
    shop.credentials = {"webhook_secret": "shpss_the_new_secret", "previous_webhook_secret": shop.credentials["webhook_secret"]}
    shop.save()
    assert deliver(client, hook_url, "orders_create.json")[0].status_code == 200
    assert Order.objects.count() == 1


def test_malformed_body_is_400_and_stored_failed(client, hook_url):
    response = deliver(client, hook_url, "not_json.json")[0]
    assert response.status_code == 400
    error = response.json()["error"]
    assert error.startswith("malformed: body is not JSON: ")
    raw = RawDelivery.objects.get()
    assert (raw.status, raw.error) == ("failed", error)


def _signed(topic: str, payload: dict, event_id: str) -> dict:
    body = json.dumps(payload, separators=(",", ":"))
    return {"headers": {"Content-Type": "application/json", "X-Shopify-Topic": topic, "X-Shopify-Shop-Domain": SHOPIFY_SHOP,
                        "X-Shopify-Event-Id": event_id, "X-Shopify-Hmac-Sha256": shopify_sign(SHOPIFY_SECRET, body.encode())},
            "body": body}


@pytest.mark.parametrize(("topic", "change", "reason"), [
    ("orders/create", {"line_items": [{"sku": "MUG", "quantity": "two"}]},
     "orders/create: line_items.0.quantity: Input should be a valid integer, unable to parse string as an integer"),
    ("orders/updated", {"total_price": "89,95"}, "orders/updated: total_price: Input should be a valid decimal"),
    ("orders/create", {"updated_at": "2026-11-01T10:15:30"}, "orders/create: updated_at: Input should have timezone info"),
    ("disputes/create", {"id": {"nested": 1}}, "disputes/create: id: Value error, an id must be a number or a string (and 1 more)"),
    ("refunds/create", {"order_id": None}, "refunds/create: order_id: Value error, an id must be a number or a string"),
])
def test_a_payload_its_model_refuses_is_400_naming_the_field_and_shown_on_problems(client, hook_url, agent, topic, change, reason):
    payload = {**json.loads(capture("shopify", "orders_create.json")["body"]), **change}
    response = post(client, hook_url, _signed(topic, payload, "evt-malformed-1"))
    assert (response.status_code, response.json()) == (400, {"error": f"malformed: {reason}"})
    raw = RawDelivery.objects.get()
    assert (raw.status, raw.error, bytes(raw.body)) == ("failed", f"malformed: {reason}", json.dumps(payload, separators=(",", ":")).encode())
    assert Order.objects.count() == 0
    client.force_login(agent)
    assert f"malformed: {reason}" in client.get("/problems/").content.decode()


def test_missing_secret_is_a_clear_not_configured_rejection(client, shop, hook_url):
    shop.credentials = {}
    shop.save()
    response = deliver(client, hook_url, "orders_create.json")[0]
    assert (response.status_code, response.json()) == (401, {"error": "bad signature: not configured: this account has no webhook secret"})


def test_unknown_account_or_wrong_channel_is_404_and_stores_nothing(client, shop):
    other = ChannelAccount.objects.create(kind="email", name="Mail", address="support@shop.example")
    assert post(client, f"/hooks/shopify/{other.pk}/", capture("shopify", "orders_create.json")).status_code == 404
    assert post(client, f"/hooks/shopify/{shop.pk + 100}/", capture("shopify", "orders_create.json")).status_code == 404
    assert post(client, f"/hooks/nosuch/{shop.pk}/", capture("shopify", "orders_create.json")).status_code == 404
    assert RawDelivery.objects.count() == 0


def test_delivery_for_another_shop_is_refused(client, shop, hook_url):
    shop.address = "other-store.myshopify.com"
    shop.save()
    response = deliver(client, hook_url, "orders_create.json")[0]
    assert (response.status_code, response.json()) == (
        400, {"error": "malformed: delivery is for shop acme-store.myshopify.com, this account is other-store.myshopify.com"})


def test_return_request_opens_a_case_on_the_order(client, hook_url):
    deliver(client, hook_url, "orders_create.json", "returns_request.json")
    claim = Claim.objects.get()
    assert (claim.kind, claim.external_id, claim.reason, claim.order.number) == ("return_request", "7923082", "defective", "#1001")
    conv = Conversation.objects.get()
    assert (conv.subject, conv.customer.name) == ("Return request #1001-R1", "Jane Doe")
    assert Message.objects.get().body_text == "Return #1001-R1 requested.\nReason: defective\nBuyer note: The enamel is chipped on one mug."
    assert Order.objects.get().returns == [{"id": "7923082", "status": "requested", "reason": "defective"}]


def test_a_rejected_delivery_is_never_processed_by_redeliver(client, hook_url):
    from sellerdesk.channels import pipeline

    deliver(client, hook_url, "disputes_create_forged.json")
    raw = RawDelivery.objects.get()
    assert pipeline.redeliver(raw) == "rejected"
    raw.refresh_from_db()
    assert (raw.status, Claim.objects.count()) == ("rejected", 0)
