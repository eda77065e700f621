"""Finding 6, item 5: the webhook endpoints under attack — floods of forgeries, huge and deeply
nested bodies, replays under a new event id, eBay key ids made to steer our outbound calls."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json

import pytest
from django.test import Client

from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.channels.ebay import keys
from sellerdesk.channels.retention import purge_rejected
from sellerdesk.channels.shopify.receiver import sign
from sellerdesk.conversations.models import Message
from sellerdesk.lib import clock
from sellerdesk.ops.scheduler import schedule
from sellerdesk.orders.models import Order
from tests.channels.fakesecrets import EBAY_SELLER, SHOPIFY_SECRET, SHOPIFY_SHOP
from sellerdesk.channels.shopify.tests.conftest import shop  # noqa: F401  (fixture: a Shopify account with its secret)
from tests.channels.webhookkit import capture, meta, post, run_worker
from tests.servers.fakehttp import FakeHttpServer

T0 = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


def _shopify(client, account, body: bytes, *, event_id="evt-1", topic="orders/create", signature=None):
    headers = {"X-Shopify-Topic": topic, "X-Shopify-Shop-Domain": SHOPIFY_SHOP, "X-Shopify-Event-Id": event_id,
               "X-Shopify-Hmac-Sha256": signature if signature is not None else sign(SHOPIFY_SECRET, body)}
    return client.post(f"/hooks/shopify/{account.pk}/", data=body, content_type="application/json", **meta(headers))


def test_a_forged_delivery_keeps_only_its_digest_and_first_4_kb(shop):
    body = b'{"id": 1, "note": "' + b"x" * 1_999_960 + b'"}'
    response = _shopify(Client(), shop, body, signature="Zm9yZ2Vk")
    assert response.status_code == 401
    row = RawDelivery.objects.get()
    assert (row.status, len(bytes(row.body))) == ("rejected", 4096)
    assert bytes(row.body) == body[:4096]
    assert row.error == (f"bad signature: X-Shopify-Hmac-Sha256 does not match the body (body {len(body)} bytes, "
                         f"sha256 {hashlib.sha256(body).hexdigest()}, first 4096 kept)")


def test_forgeries_are_counted_and_rate_limited_per_account(shop, settings):
    settings.WEBHOOK_REJECTED_PER_MINUTE = 5
    other = ChannelAccount.objects.create(kind="shopify", name="Other", address="other.myshopify.com")
    client = Client()
    with clock.frozen(T0):
        answers = [_shopify(client, shop, f'{{"n": {i}}}'.encode(), signature="Zm9yZ2Vk") for i in range(8)]
        other_answer = _shopify(client, other, b'{"n": 0}', signature="Zm9yZ2Vk").status_code
    assert [a.status_code for a in answers] == [401] * 5 + [429] * 3
    assert answers[-1]["Retry-After"] == "60"
    assert json.loads(answers[-1].content) == {"error": "too many rejected deliveries for this account: try again later"}
    assert other_answer == 401
    assert RawDelivery.objects.filter(account=shop).count() == 5
    shop.refresh_from_db()
    assert shop.rejected_total == 8
    with clock.frozen(T0 + dt.timedelta(seconds=61)):  # a new minute, a new allowance
        assert _shopify(client, shop, b'{"n": 9}', signature="Zm9yZ2Vk").status_code == 401
    # A genuine delivery is never held back by the forgeries.
    with clock.frozen(T0 + dt.timedelta(seconds=62)):
        for i in range(6):
            _shopify(client, shop, f'{{"m": {i}}}'.encode(), signature="Zm9yZ2Vk")
        assert _shopify(client, shop, capture("shopify", "orders_create.json")["body"].encode()).status_code == 200


def test_the_channels_page_shows_the_count(shop, admin_web):
    for i in range(3):
        _shopify(Client(), shop, f'{{"n": {i}}}'.encode(), signature="Zm9yZ2Vk")
    html = admin_web.get("/channels/").content.decode()
    assert '<div class="muted">3 webhook deliveries refused as not from the platform</div>' in html


def test_rejected_deliveries_are_purged_after_the_retention_period(shop, settings):
    settings.REJECTED_RETENTION_DAYS = 7
    client = Client()
    with clock.frozen(T0):
        _shopify(client, shop, b'{"forged": true}', signature="Zm9yZ2Vk")
        assert _shopify(client, shop, capture("shopify", "orders_create.json")["body"].encode()).status_code == 200
    assert "sellerdesk.channels.tasks.purge_rejected_deliveries" in [job.task_path for job in schedule()]
    assert purge_rejected(T0 + dt.timedelta(days=6, hours=23)) == 0
    assert purge_rejected(T0 + dt.timedelta(days=7, minutes=1)) == 1
    assert list(RawDelivery.objects.values_list("status", flat=True)) == ["received"]


def test_deeply_nested_json_is_a_clear_400(shop):
    body = b'{"id": 1, "a": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    response = _shopify(Client(), shop, body)
    assert response.status_code == 400
    assert json.loads(response.content) == {"error": "malformed: body is not JSON: JSON nested 5001 levels deep (at most 64)"}
    row = RawDelivery.objects.get()
    assert (row.status, bytes(row.body)) == ("failed", body)  # signed, so kept whole and shown on Problems


def test_an_oversized_delivery_is_refused_unread(shop, settings):
    settings.WEBHOOK_MAX_BYTES = 1000
    body = json.dumps({"id": 1, "note": "y" * 1200}).encode()
    response = _shopify(Client(), shop, body)
    assert response.status_code == 400
    assert json.loads(response.content) == {"error": "too large: a delivery may have at most 1000 bytes"}
    assert RawDelivery.objects.count() == 0
    shop.refresh_from_db()
    assert shop.rejected_total == 1


def test_a_shopify_replay_under_a_new_event_id_is_a_duplicate(shop):
    body = capture("shopify", "orders_create.json")["body"].encode()
    client = Client()
    first = json.loads(_shopify(client, shop, body, event_id="evt-1").content)
    again = json.loads(_shopify(client, shop, body, event_id="evt-2-made-up").content)
    assert (first["duplicate"], again) == (False, {"ok": True, "delivery": first["delivery"], "duplicate": True})
    # The same order in a later state is a new delivery.
    later = json.loads(body)
    later["updated_at"] = "2026-11-24T09:00:00-05:00"
    third = json.loads(_shopify(client, shop, json.dumps(later).encode(), event_id="evt-3", topic="orders/updated").content)
    assert third["duplicate"] is False
    run_worker(T0)
    assert RawDelivery.objects.count() == 2
    assert Order.objects.count() == 1


def test_a_shopify_dispute_replayed_makes_one_conversation(shop):
    delivery = capture("shopify", "disputes_create.json")
    client = Client()
    assert post(client, f"/hooks/shopify/{shop.pk}/", delivery).status_code == 200
    replay = {**delivery, "headers": {**delivery["headers"], "X-Shopify-Event-Id": "f00dfeed-0000-4000-8000-000000000001"}}
    assert json.loads(post(client, f"/hooks/shopify/{shop.pk}/", replay).content)["duplicate"] is True
    run_worker(T0)
    assert Message.objects.count() == 1


@pytest.fixture
def ebay(db):
    server = FakeHttpServer({"GET /commerce/notification/v1/public_key/anything": [{"status": 404, "json": {}}]}).start()
    keys.clear_cache()
    account = ChannelAccount(kind="ebay", name="eBay US", address=EBAY_SELLER, marketplace="US", config={
        "public_key_url": server.url + "/commerce/notification/v1/public_key/{kid}"})
    account.credentials = {"verification_token": "t", "app_token": "v^1.1#app-token"}
    account.save()
    try:
        yield account, server
    finally:
        server.stop()
        keys.clear_cache()


def _ebay_signature(kid: str) -> str:
    return base64.b64encode(json.dumps({"alg": "ecdsa", "kid": kid, "signature": "MEUCIQ==", "digest": "SHA1"}).encode()).decode()


@pytest.mark.parametrize("kid", ["../../../identity/v1/oauth2/token", "a/b", "x?y=1", "%2e%2e", "k" * 200, "a b"])
def test_an_ebay_key_id_is_checked_before_any_outbound_call(ebay, kid):
    account, server = ebay
    response = Client().post(f"/hooks/ebay/{account.pk}/", data=b'{"notification": {}}', content_type="application/json",
                             HTTP_X_EBAY_SIGNATURE=_ebay_signature(kid))
    assert response.status_code == 401
    assert json.loads(response.content) == {"error": "bad signature: X-EBAY-SIGNATURE kid is not a key id (letters, digits, - and _)"}
    assert server.requests() == []


def test_an_unknown_ebay_key_id_is_asked_for_once(ebay):
    account, server = ebay
    for _ in range(3):
        response = Client().post(f"/hooks/ebay/{account.pk}/", data=b'{"notification": {}}', content_type="application/json",
                                 HTTP_X_EBAY_SIGNATURE=_ebay_signature("anything"))
        assert response.status_code == 401
    assert [r["path"] for r in server.requests()] == ["/commerce/notification/v1/public_key/anything"]


def test_a_deeply_nested_ebay_signature_header_is_refused_not_a_server_error(ebay):
    account, server = ebay
    header = base64.b64encode(b'{"kid": ' + b"[" * 5000 + b"]" * 5000 + b"}").decode()
    response = Client().post(f"/hooks/ebay/{account.pk}/", data=b'{"notification": {}}', content_type="application/json",
                             HTTP_X_EBAY_SIGNATURE=header)
    assert response.status_code == 401
    assert json.loads(response.content) == {"error": "bad signature: X-EBAY-SIGNATURE is not base64 JSON"}
    assert server.requests() == []
