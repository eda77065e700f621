"""Amazon SP-API against a fake LWA + SP-API server in its own process: token refresh and caching,
expiry answered by Amazon, 429 (Retry-After and x-amzn-RateLimit-Limit), 5xx retries, refusals with
Amazon's message, order refresh, proactive messages (compliance first), review requests (window, once)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from urllib.parse import parse_qsl

import pytest

from sellerdesk.channels.amazon_spapi import actions
from sellerdesk.channels.amazon_spapi.client import SpApiClient
from sellerdesk.channels.apiclient import NotConfigured
from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Event
from sellerdesk.lib import clock
from sellerdesk.orders.models import Order

NOW = dt.datetime(2026, 11, 4, 9, 15, tzinfo=dt.timezone.utc)
ORDER = "114-1234567-1234567"
MARKET = "ATVPDKIKX0DER"
CLIENT_ID = "amzn1.application-oa2-client.0f1e2d3c4b5a"
CLIENT_SECRET = "amzn1.oa2-cs.v1.fake-secret-5b1f0c6e9a2d"
REFRESH_TOKEN = "Atzr|IwEBIFakeRefreshToken"
LWA = "POST /auth/o2/token"
GET_ORDER = f"GET /orders/v0/orders/{ORDER}"
ITEMS = f"GET /orders/v0/orders/{ORDER}/orderItems"
BUYER = f"GET /orders/v0/orders/{ORDER}/buyerInfo"
MSG_ACTIONS = f"GET /messaging/v1/orders/{ORDER}"
SEND_PATH = f"/messaging/v1/orders/{ORDER}/messages/confirmDeliveryDetails"
SOL_ACTIONS = f"GET /solicitations/v1/orders/{ORDER}"
REVIEW_PATH = f"/solicitations/v1/orders/{ORDER}/solicitations/productReviewAndSellerFeedback"

TOKEN = {"json": {"access_token": "Atza|fresh-access", "refresh_token": REFRESH_TOKEN, "token_type": "bearer", "expires_in": 3600}}
ORDER_JSON = {"json": {"payload": {
    "AmazonOrderId": ORDER, "PurchaseDate": "2026-10-20T08:01:12Z", "LastUpdateDate": "2026-10-23T10:00:00Z",
    "OrderStatus": "Shipped", "FulfillmentChannel": "MFN", "OrderTotal": {"CurrencyCode": "USD", "Amount": "45.98"},
    "MarketplaceId": MARKET, "EarliestDeliveryDate": "2026-10-25T07:00:00Z", "LatestDeliveryDate": "2026-10-29T06:59:59Z",
    "EarliestShipDate": "2026-10-21T07:00:00Z", "LatestShipDate": "2026-10-22T06:59:59Z"}}}
ITEMS_PAGE_1 = {"json": {"payload": {"AmazonOrderId": ORDER, "NextToken": "page-2", "OrderItems": [
    {"ASIN": "B0C1234567", "SellerSKU": "MUG-BLUE", "OrderItemId": "68828574383266", "Title": "Blue mug",
     "QuantityOrdered": 2, "ItemPrice": {"CurrencyCode": "USD", "Amount": "25.98"}}]}}}
ITEMS_PAGE_2 = {"json": {"payload": {"AmazonOrderId": ORDER, "OrderItems": [
    {"ASIN": "B0C7654321", "SellerSKU": "TEA-GREEN", "OrderItemId": "68828574383267", "Title": "Green tea",
     "QuantityOrdered": 1, "ItemPrice": {"CurrencyCode": "USD", "Amount": "20.00"}}]}}}
BUYER_JSON = {"json": {"payload": {"AmazonOrderId": ORDER, "BuyerEmail": "m1z9b3mk8gb1c26@marketplace.amazon.com", "BuyerName": "Alisa"}}}
DENIED = {"status": 403, "json": {"errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied.", "details": ""}]}}
EXPIRED = {"status": 403, "json": {"errors": [{"code": "Unauthorized", "message": "The access token you provided has expired.", "details": ""}]}}


def hal(*names):
    return {"json": {"_links": {"self": {"href": f"/x/{ORDER}"}, "actions": [
        {"href": f"/messaging/v1/orders/{ORDER}/messages/{n}?marketplaceIds={MARKET}", "name": n} for n in names]}}}


def account_for(server, **creds) -> ChannelAccount:
    account = ChannelAccount(kind="amazon_spapi", name="Amazon US", marketplace="US",
                             config={"endpoint": server.url, "lwa_url": server.url + "/auth/o2/token"})
    account.credentials = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "refresh_token": REFRESH_TOKEN, **creds}
    account.save()
    return account


def client(account, sleeps=None) -> SpApiClient:
    return SpApiClient(account, sleep=sleeps.append if sleeps is not None else (lambda s: None))


def order_row() -> Order:
    return Order.objects.create(platform="amazon", marketplace="US", number=ORDER, created_at=NOW)


def test_refresh_order_gets_a_token_then_the_order_items_and_buyer(db, api):
    server = api({LWA: [TOKEN], GET_ORDER: [ORDER_JSON], ITEMS: [ITEMS_PAGE_1, ITEMS_PAGE_2], BUYER: [BUYER_JSON]})
    account = account_for(server)
    with clock.frozen(NOW):
        order = actions.refresh_order(ORDER, marketplace="US", client=client(account))
    lwa, *calls = server.requests()
    assert dict(parse_qsl(lwa["body"])) == {"grant_type": "refresh_token", "refresh_token": REFRESH_TOKEN,
                                            "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    assert [(c["path"], c["query"], c["headers"]["x-amz-access-token"]) for c in calls] == [
        (f"/orders/v0/orders/{ORDER}", "", "Atza|fresh-access"),
        (f"/orders/v0/orders/{ORDER}/orderItems", "", "Atza|fresh-access"),
        (f"/orders/v0/orders/{ORDER}/orderItems", "NextToken=page-2", "Atza|fresh-access"),
        (f"/orders/v0/orders/{ORDER}/buyerInfo", "", "Atza|fresh-access")]
    assert (order.number, order.marketplace, order.status, order.currency, order.total, order.placed_at) == (
        ORDER, "US", "Shipped", "USD", Decimal("45.98"), dt.datetime(2026, 10, 20, 8, 1, 12, tzinfo=dt.timezone.utc))
    assert order.items == [
        {"sku": "MUG-BLUE", "asin": "B0C1234567", "title": "Blue mug", "quantity": 2, "price": "25.98", "currency": "USD"},
        {"sku": "TEA-GREEN", "asin": "B0C7654321", "title": "Green tea", "quantity": 1, "price": "20.00", "currency": "USD"}]
    assert (order.ship_by, order.deliver_by, order.fulfilment) == (
        dt.datetime(2026, 10, 22, 6, 59, 59, tzinfo=dt.timezone.utc), dt.datetime(2026, 10, 29, 6, 59, 59, tzinfo=dt.timezone.utc), "MFN")
    assert order.customer.name == "Alisa"
    assert list(order.customer.identities.values_list("kind", "value")) == [("amazon_buyer", "m1z9b3mk8gb1c26@marketplace.amazon.com")]
    created = Event.objects.get(kind="order_created")
    assert (created.data["source"], created.data["number"]) == ("amazon_spapi", ORDER)
    account.refresh_from_db()
    assert (account.credentials["access_token"], account.credentials["access_token_expires_at"]) == (
        "Atza|fresh-access", int(NOW.timestamp()) + 3600)
    assert "fresh-access" not in account.credentials_encrypted


@pytest.mark.parametrize(("route", "answer", "reason"), [
    (GET_ORDER, {"json": {"payload": {**ORDER_JSON["json"]["payload"], "OrderTotal": {"CurrencyCode": "USD", "Amount": "45,98"}}}},
     "Amazon SP-API getOrder: OrderTotal.Amount: Input should be a valid decimal (not understood)"),
    (ITEMS, {"json": {"payload": {"OrderItems": [{"ASIN": "B0C1234567", "QuantityOrdered": "two"}]}}},
     "Amazon SP-API getOrderItems: OrderItems.0.QuantityOrdered: "
     "Input should be a valid integer, unable to parse string as an integer (not understood)"),
])
def test_an_answer_of_the_wrong_shape_is_a_permanent_error_naming_the_field(db, api, route, answer, reason):
    routes = {LWA: [TOKEN], GET_ORDER: [ORDER_JSON], ITEMS: [ITEMS_PAGE_2], BUYER: [BUYER_JSON]}
    server = api({**routes, route: [answer]})
    with clock.frozen(NOW), pytest.raises(PermanentSendError) as refused:
        actions.refresh_order(ORDER, marketplace="US", client=client(account_for(server)))
    assert str(refused.value) == reason
    assert Order.objects.count() == 0


def test_the_cached_token_is_used_until_it_expires(db, api):
    server = api({LWA: [TOKEN], GET_ORDER: [ORDER_JSON], ITEMS: [ITEMS_PAGE_2], BUYER: [BUYER_JSON]})
    account = account_for(server, access_token="Atza|cached", access_token_expires_at=int(NOW.timestamp()) + 1800)
    with clock.frozen(NOW):
        actions.refresh_order(ORDER, client=client(account))
    assert [r["path"] for r in server.requests()].count("/auth/o2/token") == 0
    assert {r["headers"]["x-amz-access-token"] for r in server.requests()} == {"Atza|cached"}
    with clock.frozen(NOW + dt.timedelta(minutes=26)):  # 4 minutes left: inside the refresh margin
        actions.refresh_order(ORDER, client=client(ChannelAccount.objects.get(pk=account.pk)))
    assert [r["path"] for r in server.requests()].count("/auth/o2/token") == 1


def test_buyer_info_not_granted_is_skipped(db, api):
    server = api({LWA: [TOKEN], GET_ORDER: [ORDER_JSON], ITEMS: [ITEMS_PAGE_2], BUYER: [DENIED]})
    with clock.frozen(NOW):
        order = actions.refresh_order(ORDER, client=client(account_for(server)))
    assert (order.status, order.customer) == ("Shipped", None)


def test_token_called_expired_by_amazon_is_refreshed_once(db, api):
    server = api({LWA: [TOKEN], GET_ORDER: [EXPIRED, ORDER_JSON]})
    account = account_for(server, access_token="Atza|stale", access_token_expires_at=int(NOW.timestamp()) + 1800)
    with clock.frozen(NOW):
        assert client(account).get_order(ORDER)["OrderStatus"] == "Shipped"
    assert [(r["path"], r["headers"].get("x-amz-access-token")) for r in server.requests()] == [
        (f"/orders/v0/orders/{ORDER}", "Atza|stale"), ("/auth/o2/token", None), (f"/orders/v0/orders/{ORDER}", "Atza|fresh-access")]


def test_expired_twice_is_a_refusal_not_a_loop(db, api):
    server = api({LWA: [TOKEN], GET_ORDER: [EXPIRED]})
    with clock.frozen(NOW), pytest.raises(PermanentSendError, match=r"^Amazon SP-API getOrder refused: HTTP 403: Unauthorized: The access token you provided has expired\.$"):
        client(account_for(server)).get_order(ORDER)
    assert [r["path"] for r in server.requests()] == ["/auth/o2/token", f"/orders/v0/orders/{ORDER}", "/auth/o2/token", f"/orders/v0/orders/{ORDER}"]


def test_lwa_refusal_names_the_reason(db, api):
    server = api({LWA: [{"status": 400, "json": {"error": "invalid_grant", "error_description": "The request has an invalid grant parameter : refresh_token"}}]})
    with clock.frozen(NOW), pytest.raises(PermanentSendError, match=r"^Amazon LWA token refresh refused: HTTP 400: invalid_grant The request has an invalid grant parameter : refresh_token$"):
        client(account_for(server)).get_order(ORDER)


def test_429_waits_retry_after_or_the_reported_rate(db, api):
    server = api({LWA: [TOKEN], GET_ORDER: [
        {"status": 429, "headers": {"Retry-After": "2"}, "json": {"errors": [{"code": "QuotaExceeded", "message": "You exceeded your quota"}]}},
        {"status": 429, "headers": {"x-amzn-RateLimit-Limit": "0.5"}, "json": {"errors": [{"code": "QuotaExceeded", "message": "You exceeded your quota"}]}},
        ORDER_JSON]})
    sleeps = []
    with clock.frozen(NOW):
        assert client(account_for(server), sleeps).get_order(ORDER)["AmazonOrderId"] == ORDER
    assert sleeps == [2.0, 2.0]


def test_5xx_backs_off_then_gives_up_as_retryable(db, api):
    server = api({LWA: [TOKEN], GET_ORDER: [{"status": 503, "text": "Service Unavailable"}]})
    sleeps = []
    with clock.frozen(NOW), pytest.raises(RetryableSendError, match=r"^Amazon SP-API: HTTP 503 after 4 tries$"):
        client(account_for(server), sleeps).get_order(ORDER)
    assert (sleeps, len(server.requests())) == ([0.5, 2.0, 5.0], 5)


def test_not_configured(db, api):
    with pytest.raises(NotConfigured, match=r"^not configured: Amazon SP-API needs the account \(Channels → \+ Amazon SP-API\)$"):
        actions.account_for("US")
    server = api({})
    account = account_for(server)
    account.credentials = {"client_id": CLIENT_ID}
    account.save()
    with pytest.raises(NotConfigured, match=r"^not configured: Amazon SP-API needs the LWA client secret, refresh token$"):
        client(account)
    assert server.requests() == []


def test_proactive_message_sent_when_amazon_allows_it(db, api):
    server = api({LWA: [TOKEN], MSG_ACTIONS: [hal("confirmDeliveryDetails", "unexpectedProblem")], "POST " + SEND_PATH: [{"status": 201, "json": {}}]})
    order = order_row()
    text = "Your parcel is delayed at the carrier. We will update you tomorrow."
    with clock.frozen(NOW):
        actions.send_proactive_message(order, "confirmDeliveryDetails", text, client=client(account_for(server)))
    listing, sent = server.requests()[1:]
    assert (listing["path"], listing["query"]) == (f"/messaging/v1/orders/{ORDER}", f"marketplaceIds={MARKET}")
    assert (sent["path"], sent["query"], json.loads(sent["body"])) == (SEND_PATH, f"marketplaceIds={MARKET}", {"text": text})
    event = Event.objects.get(kind="amazon_message_sent")
    assert event.data == {"order_id": order.pk, "action": "confirmDeliveryDetails", "compliance": "clean", "text": text, "message_id": None}


def test_proactive_message_against_the_rules_is_not_sent(db, api):
    server = api({LWA: [TOKEN], MSG_ACTIONS: [hal("confirmDeliveryDetails")]})
    with clock.frozen(NOW), pytest.raises(actions.AmazonRefused, match=r"^Not sent: email address “jane@shop-example\.com” is not allowed on Amazon"):
        actions.send_proactive_message(order_row(), "confirmDeliveryDetails", "Please email me at jane@shop-example.com",
                                       client=client(account_for(server)))
    assert server.requests() == []


def test_proactive_message_of_a_kind_amazon_does_not_offer(db, api):
    server = api({LWA: [TOKEN], MSG_ACTIONS: [hal("unexpectedProblem")]})
    with clock.frozen(NOW), pytest.raises(actions.AmazonRefused, match=r"^Amazon does not allow confirmDeliveryDetails for this order now; allowed: unexpectedProblem\.$"):
        actions.send_proactive_message(order_row(), "confirmDeliveryDetails", "Your parcel is delayed.", client=client(account_for(server)))
    assert [r["method"] for r in server.requests()] == ["POST", "GET"]  # token, listing; no send


def test_amazon_refusal_is_permanent_with_its_message_and_logged(db, api):
    server = api({LWA: [TOKEN], MSG_ACTIONS: [hal("confirmDeliveryDetails")], "POST " + SEND_PATH: [
        {"status": 400, "json": {"errors": [{"code": "InvalidInput", "message": "Text contains a prohibited link", "details": ""}]}}]})
    order = order_row()
    with clock.frozen(NOW), pytest.raises(PermanentSendError, match=r"^Amazon SP-API confirmDeliveryDetails refused: HTTP 400: InvalidInput: Text contains a prohibited link$"):
        actions.send_proactive_message(order, "confirmDeliveryDetails", "Your parcel is delayed.", client=client(account_for(server)))
    assert Event.objects.get(kind="amazon_message_failed").data["error"].endswith("InvalidInput: Text contains a prohibited link")


def test_refused_message_stays_visible_on_the_conversation(db, api, email_account):
    from sellerdesk.conversations.models import Conversation, Message

    server = api({LWA: [TOKEN], MSG_ACTIONS: [hal("confirmDeliveryDetails")], "POST " + SEND_PATH: [
        {"status": 400, "json": {"errors": [{"code": "InvalidInput", "message": "Text contains a prohibited link", "details": ""}]}}]})
    order = order_row()
    from sellerdesk.customers.models import Customer

    conv = Conversation.objects.create(account=email_account, channel="amazon", subject="Order", order=order,
                                       customer=Customer.objects.create(name="Alisa", created_at=NOW), created_at=NOW, last_message_at=NOW)
    with clock.frozen(NOW), pytest.raises(PermanentSendError):
        actions.send_proactive_message(order, "confirmDeliveryDetails", "Your parcel is delayed.", conversation=conv,
                                       client=client(account_for(server)))
    message = Message.objects.get(conversation=conv)
    assert (message.delivery_status, message.error, message.body_text) == (
        "failed", "Amazon SP-API confirmDeliveryDetails refused: HTTP 400: InvalidInput: Text contains a prohibited link", "Your parcel is delayed.")
    assert Event.objects.get(kind="amazon_message_failed").data["message_id"] == message.pk


def review_routes():
    return {LWA: [TOKEN], GET_ORDER: [ORDER_JSON], SOL_ACTIONS: [{"json": {"_links": {"actions": [
        {"href": f"{REVIEW_PATH}?marketplaceIds={MARKET}", "name": "productReviewAndSellerFeedback"}]}}}],
        "POST " + REVIEW_PATH: [{"status": 201, "json": {}}]}


def test_review_requested_inside_the_window_once(db, api):
    server = api(review_routes())
    order = order_row()
    account = account_for(server)
    with clock.frozen(NOW):
        actions.request_review(order, client=client(account))
    posted = [r for r in server.requests() if r["method"] == "POST" and r["path"] == REVIEW_PATH]
    assert [(r["query"], r["headers"]["x-amz-access-token"]) for r in posted] == [(f"marketplaceIds={MARKET}", "Atza|fresh-access")]
    assert Event.objects.get(kind="amazon_review_requested").data == {"order_id": order.pk, "number": ORDER}
    with clock.frozen(NOW), pytest.raises(actions.AmazonRefused, match="already requested"):
        actions.request_review(order, client=client(ChannelAccount.objects.get(pk=account.pk)))
    assert len([r for r in server.requests() if r["path"] == REVIEW_PATH]) == 1


@pytest.mark.parametrize("when", [
    dt.datetime(2026, 10, 30, 6, 59, tzinfo=dt.timezone.utc),  # 5 days after the earliest delivery date: 10-30 07:00
    dt.datetime(2026, 11, 28, 7, 0, tzinfo=dt.timezone.utc),  # 30 days after the latest: 11-28 06:59:59
])
def test_review_outside_the_window_is_refused_before_asking_amazon(db, api, when):
    server = api(review_routes())
    with clock.frozen(when), pytest.raises(actions.AmazonRefused, match=r"^A review can be requested from 2026-10-30 07:00 to 2026-11-28 06:59 UTC only\.$"):
        actions.request_review(order_row(), client=client(account_for(server)))
    assert [r["path"] for r in server.requests()] == ["/auth/o2/token", f"/orders/v0/orders/{ORDER}"]
    assert not Event.objects.filter(kind="amazon_review_requested").exists()


def test_order_lookup_command(db, api):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"^not configured: Amazon SP-API needs the account"):
        call_command("order_lookup", "amazon", ORDER)
    server = api({LWA: [TOKEN], GET_ORDER: [ORDER_JSON], ITEMS: [ITEMS_PAGE_2], BUYER: [DENIED]})
    account_for(server)
    out = StringIO()
    with clock.frozen(NOW):
        call_command("order_lookup", "amazon", ORDER, "--json", stdout=out)
    assert json.loads(out.getvalue()) == [{"platform": "amazon", "number": ORDER, "status": "Shipped", "total": "45.98", "currency": "USD",
                                           "items": 1, "placed_at": "2026-10-20T08:01:12+00:00"}]
