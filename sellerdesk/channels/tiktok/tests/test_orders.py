"""TikTok Shop orders from the Order API against a fake TikTok in its own process: the lookup a
return notice naming an unknown order starts, the signed query (ids included), the mapping onto
our Order, expired token, 429 / 5xx / refusals, not found, and `sellerdesk order-lookup tiktok`."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from decimal import Decimal
from io import StringIO
from urllib.parse import parse_qsl

import pytest
from django.core.management import CommandError, call_command

from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.lookups import run_lookup
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.tiktok.orders import TikTokOrderClient, refresh_order
from sellerdesk.conversations.models import Conversation, Event
from sellerdesk.lib import clock
from sellerdesk.orders.models import Order
from tests.channels.fakesecrets import TIKTOK_APP_KEY, TIKTOK_APP_SECRET, TIKTOK_SHOP_ID
from tests.channels.webhookkit import capture, post, run_worker

NOW = dt.datetime(2025, 11, 4, 10, 0, tzinfo=dt.timezone.utc)
ORDER = "576461413038785752"
ORDERS = "GET /order/202309/orders"
REFRESH = "GET /api/v2/token/refresh"
NEW_TOKEN = {"json": {"code": 0, "message": "success", "data": {
    "access_token": "ROW_new-access", "access_token_expire_in": 1762852500, "refresh_token": "ROW_new-refresh",
    "refresh_token_expire_in": 1793000000}}}
LINE = {"id": "577086512123755123", "sku_id": "1729582718312380123", "seller_sku": "CASE-BLK", "product_name": "Phone case",
        "sku_name": "Black", "sale_price": "12.99", "currency": "USD", "package_id": "1153132168123859123",
        "tracking_number": "9400111899562537123456", "shipping_provider_name": "USPS"}
FOUND = {"json": {"code": 0, "message": "Success", "request_id": "2025110410000001", "data": {"orders": [{
    "id": ORDER, "status": "IN_TRANSIT", "create_time": 1762000000, "update_time": 1762200000, "user_id": "7001234567890",
    "payment": {"currency": "USD", "sub_total": "25.98", "total_amount": "28.97"},
    "recipient_address": {"name": "Jane D.", "region_code": "US"},
    "line_items": [LINE, {**LINE, "id": "577086512123755124"}]}]}}}


def shop(server, **creds) -> ChannelAccount:
    account = ChannelAccount(kind="tiktok", name="TikTok US", address=TIKTOK_SHOP_ID, marketplace="US", config={
        "app_key": TIKTOK_APP_KEY, "shop_cipher": "ROW_cipher123", "api_base": server.url, "auth_base": server.url})
    account.credentials = {"app_secret": TIKTOK_APP_SECRET, "access_token": "ROW_old-access", "access_token_expires_at": 1762900000,
                           "refresh_token": "ROW_old-refresh", **creds}
    account.save()
    return account


def lookup(account, sleeps=None) -> Order:
    with clock.frozen(NOW):
        client = TikTokOrderClient(account, sleep=sleeps.append if sleeps is not None else (lambda s: None))
        return refresh_order(ORDER, client=client)


def expected_sign(path: str, query: dict) -> str:
    """channels.md §4: HMAC-SHA256(app_secret, app_secret + path + sorted k+v (no sign/access_token) + body + app_secret)."""
    pieces = "".join(k + query[k] for k in sorted(query) if k not in ("sign", "access_token"))
    return hmac.new(TIKTOK_APP_SECRET.encode(), (TIKTOK_APP_SECRET + path + pieces + TIKTOK_APP_SECRET).encode(), hashlib.sha256).hexdigest()


def test_return_notice_naming_an_unknown_order_fetches_it(client, db, api, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    server = api({ORDERS: [FOUND]})
    account = shop(server)
    assert post(client, f"/hooks/tiktok/{account.pk}/", capture("tiktok", "return_requested.json")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert run_worker(NOW) == ["processed"]
    conv = Conversation.objects.get()
    assert (conv.order.platform, conv.order.number, conv.order.items, conv.order.status) == ("tiktok", ORDER, [], "")
    (queued,) = DBTaskResult.objects.filter(task_path="sellerdesk.channels.lookups.lookup_order")
    assert queued.args_kwargs == {"args": ["tiktok", ORDER, "US"], "kwargs": {}}
    with clock.frozen(NOW):
        assert run_lookup(*queued.args_kwargs["args"]) == "found"
    order = Order.objects.get()
    assert (order.pk, order.external_id, order.status, order.total, order.currency, order.marketplace) == (
        conv.order_id, ORDER, "in transit", Decimal("28.97"), "USD", "US")
    assert order.items == [{"sku": "CASE-BLK", "title": "Phone case", "variant": "Black", "quantity": 2, "price": "12.99"}]
    assert order.tracking == [{"id": "1153132168123859123", "company": "USPS", "number": "9400111899562537123456", "url": "", "status": ""}]
    assert order.returns[0]["id"] == "4035318504086380000"  # the notice's return is kept
    assert order.placed_at == dt.datetime.fromtimestamp(1762000000, tz=dt.timezone.utc)
    (request,) = server.requests()
    query = dict(parse_qsl(request["query"]))
    assert set(query) == {"ids", "app_key", "timestamp", "shop_cipher", "sign"}
    assert (query["ids"], query["app_key"], query["shop_cipher"], query["timestamp"]) == (ORDER, TIKTOK_APP_KEY, "ROW_cipher123", str(int(NOW.timestamp())))
    assert query["sign"] == expected_sign("/order/202309/orders", query)
    assert request["headers"]["x-tts-access-token"] == "ROW_old-access"


def test_expired_token_code_renews_it_once(db, api):
    server = api({ORDERS: [{"json": {"code": 105002, "message": "Expired credentials", "data": None}}, FOUND], REFRESH: [NEW_TOKEN]})
    account = shop(server)
    assert lookup(account).status == "in transit"
    assert [r["path"] for r in server.requests()] == ["/order/202309/orders", "/api/v2/token/refresh", "/order/202309/orders"]
    assert server.requests()[2]["headers"]["x-tts-access-token"] == "ROW_new-access"


def test_429_waits_then_succeeds(db, api):
    server = api({ORDERS: [{"status": 429, "headers": {"Retry-After": "2"}, "json": {"code": 36009004, "message": "Too many requests"}}, FOUND]})
    sleeps = []
    assert lookup(shop(server), sleeps).total == Decimal("28.97")
    assert sleeps == [2.0]


def test_server_errors_give_up_after_four_tries(db, api):
    server = api({ORDERS: [{"status": 502, "text": "Bad Gateway"}]})
    sleeps = []
    with pytest.raises(RetryableSendError, match=r"^TikTok Shop: HTTP 502 after 4 tries$"):
        lookup(shop(server), sleeps)
    assert (sleeps, len(server.requests()), Order.objects.count()) == ([0.5, 2.0, 5.0], 4, 0)


def test_refusal_carries_tiktoks_message(db, api):
    server = api({ORDERS: [{"json": {"code": 36009003, "message": "Invalid shop_cipher", "data": None}}]})
    with pytest.raises(PermanentSendError, match=r"^TikTok Shop get order detail refused: HTTP 200, code 36009003: Invalid shop_cipher$"):
        lookup(shop(server))


def test_unknown_order_is_a_failed_lookup_event(db, api):
    server = api({ORDERS: [{"json": {"code": 0, "message": "Success", "data": {"orders": []}}}]})
    shop(server)
    with clock.frozen(NOW):
        assert run_lookup("tiktok", ORDER, "US") == "failed"
    assert Event.objects.get(kind="order_lookup_failed").data == {"platform": "tiktok", "number": ORDER,
                                                                   "error": f"TikTok Shop has no order {ORDER}"}
    assert Order.objects.count() == 0


def test_without_shop_cipher_is_not_configured(db, api):
    server = api({})
    account = shop(server)
    account.config = {**account.config, "shop_cipher": ""}
    account.save()
    with pytest.raises(CommandError, match=r"^not configured: TikTok Shop order lookup needs the shop cipher$"):
        call_command("order_lookup", "tiktok", ORDER)
    assert server.requests() == []


def test_order_lookup_command(db, api):
    server = api({ORDERS: [FOUND]})
    shop(server)
    out = StringIO()
    with clock.frozen(NOW):
        call_command("order_lookup", "tiktok", ORDER, "--json", stdout=out)
    assert json.loads(out.getvalue()) == [{"platform": "tiktok", "number": ORDER, "status": "in transit", "total": "28.97",
                                           "currency": "USD", "items": 1, "placed_at": "2025-11-01T12:26:40+00:00"}]
