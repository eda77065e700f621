"""eBay orders from the Fulfillment API against a fake eBay in its own process: the lookup a
buyer message naming an unknown order starts, the mapping onto our Order, the token renewed with
the order scope, 429 / 5xx / refusals, not configured, and `sellerdesk order-lookup ebay`."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from urllib.parse import parse_qsl

import pytest
from django.core.management import CommandError, call_command

from sellerdesk.channels.apiclient import NotConfigured
from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.ebay.orders import EbayOrderClient, refresh_order
from sellerdesk.channels.lookups import run_lookup
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation, Event
from sellerdesk.lib import clock
from sellerdesk.orders.models import Order
from tests.channels.fakesecrets import EBAY_SELLER
from tests.channels.webhookkit import capture, post, run_worker

NOW = dt.datetime(2026, 11, 5, 9, 0, tzinfo=dt.timezone.utc)
ORDER = "12-34567-89012"
GET_ORDER = f"GET /sell/fulfillment/v1/order/{ORDER}"
GET_SHIPPING = f"GET /sell/fulfillment/v1/order/{ORDER}/shipping_fulfillment"
TOKEN = "POST /identity/v1/oauth2/token"
BOTH_SCOPES = "https://api.ebay.com/oauth/api_scope/commerce.message https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly"
NEW_TOKEN = {"json": {"access_token": "v^1.1#i^1#user-new", "expires_in": 7200, "token_type": "User Access Token"}}
FOUND = {"json": {
    "orderId": ORDER, "legacyOrderId": "225512345678-3012345678901", "creationDate": "2026-10-28T14:02:11.000Z",
    "lastModifiedDate": "2026-10-30T08:15:00.000Z", "orderFulfillmentStatus": "FULFILLED", "orderPaymentStatus": "PAID",
    "cancelStatus": {"cancelState": "NONE_REQUESTED", "cancelRequests": []},
    "buyer": {"username": "buyer_xyz", "buyerRegistrationAddress": {"fullName": "Jane Buyer"}},
    "pricingSummary": {"total": {"value": "42.50", "currency": "USD"}},
    "lineItems": [{"lineItemId": "10012345678901", "legacyItemId": "225512345678", "sku": "LAMP-01", "title": "Desk lamp, brass",
                   "quantity": 2, "lineItemCost": {"value": "39.00", "currency": "USD"}}],
    "fulfillmentStartInstructions": [{"shippingStep": {"shipTo": {"fullName": "Jane Buyer", "contactAddress": {"countryCode": "US"}}}}]}}
SHIPPED = {"json": {"fulfillments": [{"fulfillmentId": "9405511899223197428490", "shipmentTrackingNumber": "9405511899223197428490",
                                      "shippingCarrierCode": "USPS", "shippedDate": "2026-10-29T10:00:00.000Z"}], "total": 1}}


def seller(server, **creds) -> ChannelAccount:
    from tests.channels.build_fixtures import ebay_public_pem
    from tests.channels.fakesecrets import EBAY_KID, EBAY_VERIFICATION_TOKEN

    account = ChannelAccount(kind="ebay", name="eBay US", address=EBAY_SELLER, marketplace="US", config={
        "api_base": server.url, "token_url": server.url + "/identity/v1/oauth2/token", "public_keys": {EBAY_KID: ebay_public_pem()}})
    account.credentials = {"verification_token": EBAY_VERIFICATION_TOKEN, "client_id": "SellerDe-desk-PRD-0123456789",
                           "client_secret": "PRD-0123456789ab", "refresh_token": "v^1.1#i^1#r^1#refresh", **creds}
    account.save()
    return account


def fresh_token(scope=BOTH_SCOPES) -> dict:
    return {"access_token": "v^1.1#i^1#user-old", "access_token_expires_at": int(NOW.timestamp()) + 3600, "access_token_scope": scope}


def lookup(account, sleeps=None) -> Order:
    with clock.frozen(NOW):
        client = EbayOrderClient(account, sleep=sleeps.append if sleeps is not None else (lambda s: None))
        return refresh_order(ORDER, client=client)


def test_buyer_message_naming_an_unknown_order_fetches_it(client, db, api, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    server = api({TOKEN: [NEW_TOKEN], GET_ORDER: [FOUND], GET_SHIPPING: [SHIPPED]})
    account = seller(server)
    assert post(client, f"/hooks/ebay/{account.pk}/", capture("ebay", "message_new.json")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert run_worker(NOW) == ["processed"]
    conv = Conversation.objects.get()
    assert (conv.order.platform, conv.order.number, conv.order.items) == ("ebay", ORDER, [])  # a placeholder until looked up
    (queued,) = DBTaskResult.objects.filter(task_path="sellerdesk.channels.lookups.lookup_order")
    assert queued.args_kwargs == {"args": ["ebay", ORDER, "US"], "kwargs": {}}
    with clock.frozen(NOW):
        assert run_lookup(*queued.args_kwargs["args"]) == "found"
    order = Order.objects.get()
    assert (order.pk, order.external_id, order.status, order.total, order.currency, order.marketplace) == (
        conv.order_id, ORDER, "paid, fulfilled", Decimal("42.50"), "USD", "US")
    assert order.items == [{"sku": "LAMP-01", "item_id": "225512345678", "title": "Desk lamp, brass", "quantity": 2, "price": "39.00"}]
    assert order.tracking == [{"id": "9405511899223197428490", "company": "USPS", "number": "9405511899223197428490", "url": "", "status": "shipped"}]
    assert order.placed_at == dt.datetime(2026, 10, 28, 14, 2, 11, tzinfo=dt.timezone.utc)
    assert order.customer_id == conv.customer_id  # the same eBay user as the message's sender
    token, get, shipping = server.requests()
    assert dict(parse_qsl(token["body"])) == {"grant_type": "refresh_token", "refresh_token": "v^1.1#i^1#r^1#refresh", "scope": BOTH_SCOPES}
    assert (get["headers"]["Authorization"], get["headers"]["X-EBAY-C-MARKETPLACE-ID"]) == ("Bearer v^1.1#i^1#user-new", "EBAY_US")
    assert shipping["path"] == f"/sell/fulfillment/v1/order/{ORDER}/shipping_fulfillment"
    event = Event.objects.filter(kind="order_updated").latest("pk")
    assert (event.data["source"], event.data["number"]) == ("ebay_fulfillment", ORDER)
    # Known now: a second message about it starts no lookup.
    from sellerdesk.channels.lookups import _needs_lookup

    assert _needs_lookup("ebay", ORDER) is False


def test_token_renewed_for_replies_only_is_renewed_with_the_order_scope(db, api):
    server = api({TOKEN: [NEW_TOKEN], GET_ORDER: [FOUND], GET_SHIPPING: [SHIPPED]})
    account = seller(server, **fresh_token(scope="https://api.ebay.com/oauth/api_scope/commerce.message"))
    lookup(account)
    assert [r["path"] for r in server.requests()][0] == "/identity/v1/oauth2/token"
    account.refresh_from_db()
    assert (account.credentials["access_token"], account.credentials["access_token_scope"]) == ("v^1.1#i^1#user-new", BOTH_SCOPES)


def test_not_started_order_asks_for_no_shipments_and_cancelled_reads_cancelled(db, api):
    body = json.loads(json.dumps(FOUND["json"]))
    body.update(orderFulfillmentStatus="NOT_STARTED", cancelStatus={"cancelState": "CANCELED"})
    server = api({GET_ORDER: [{"json": body}]})
    order = lookup(seller(server, **fresh_token()))
    assert (order.status, order.tracking) == ("cancelled", [])
    assert [r["path"] for r in server.requests()] == [f"/sell/fulfillment/v1/order/{ORDER}"]


def test_429_waits_retry_after_then_succeeds(db, api):
    server = api({GET_ORDER: [{"status": 429, "headers": {"Retry-After": "3"}, "json": {"errors": [{"errorId": 2001, "message": "Too many requests"}]}}, FOUND],
                  GET_SHIPPING: [SHIPPED]})
    sleeps = []
    assert lookup(seller(server, **fresh_token()), sleeps).status == "paid, fulfilled"
    assert sleeps == [3.0]


def test_server_errors_give_up_after_four_tries_and_the_lookup_is_an_event(db, api):
    server = api({GET_ORDER: [{"status": 503, "text": "Service Unavailable"}]})
    account = seller(server, **fresh_token())
    sleeps = []
    with pytest.raises(RetryableSendError, match=r"^eBay: HTTP 503 after 4 tries$"):
        lookup(account, sleeps)
    assert sleeps == [0.5, 2.0, 5.0]
    assert Order.objects.count() == 0


def test_unknown_order_is_refused_with_ebays_message(db, api):
    server = api({GET_ORDER: [{"status": 404, "json": {"errors": [{"errorId": 32100, "domain": "API_FULFILLMENT", "category": "REQUEST",
                                                                  "message": f"No order found for order ID {ORDER}."}]}}]})
    account = seller(server, **fresh_token())
    with pytest.raises(PermanentSendError, match=rf"^eBay getOrder refused: HTTP 404: 32100 No order found for order ID {ORDER}\.$"):
        lookup(account)
    with clock.frozen(NOW):
        assert run_lookup("ebay", ORDER, "US") == "failed"
    assert Event.objects.get(kind="order_lookup_failed").data == {
        "platform": "ebay", "number": ORDER, "error": f"eBay getOrder refused: HTTP 404: 32100 No order found for order ID {ORDER}."}
    assert Order.objects.count() == 0


def test_expired_token_is_renewed_once(db, api):
    server = api({GET_ORDER: [{"status": 401, "json": {"errors": [{"errorId": 1001, "message": "Invalid access token"}]}}, FOUND],
                  TOKEN: [NEW_TOKEN], GET_SHIPPING: [SHIPPED]})
    lookup(seller(server, **fresh_token()))
    assert [(r["method"], r["path"]) for r in server.requests()][:3] == [
        ("GET", f"/sell/fulfillment/v1/order/{ORDER}"), ("POST", "/identity/v1/oauth2/token"), ("GET", f"/sell/fulfillment/v1/order/{ORDER}")]


def test_no_account_with_a_user_token_is_not_configured_and_starts_no_lookup(client, db, api, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    server = api({})
    account = seller(server, refresh_token="")
    post(client, f"/hooks/ebay/{account.pk}/", capture("ebay", "message_new.json"))
    with django_capture_on_commit_callbacks(execute=True):
        run_worker(NOW)
    assert DBTaskResult.objects.filter(task_path="sellerdesk.channels.lookups.lookup_order").count() == 0
    with pytest.raises(NotConfigured, match=r"^not configured: eBay order lookup needs the user access token, or a refresh token with the client id and secret$"):
        EbayOrderClient(account)
    with pytest.raises(CommandError, match=r"^not configured: eBay order lookup needs the account with a user refresh token \(Channels → eBay\)$"):
        call_command("order_lookup", "ebay", ORDER)
    assert server.requests() == []


def test_order_lookup_command(db, api):
    server = api({TOKEN: [NEW_TOKEN], GET_ORDER: [FOUND], GET_SHIPPING: [SHIPPED]})
    seller(server)
    out = StringIO()
    with clock.frozen(NOW):
        call_command("order_lookup", "ebay", ORDER, "--json", stdout=out)
    assert json.loads(out.getvalue()) == [{"platform": "ebay", "number": ORDER, "status": "paid, fulfilled", "total": "42.50",
                                           "currency": "USD", "items": 1, "placed_at": "2026-10-28T14:02:11+00:00"}]


def test_the_marketplaces_account_is_chosen_when_several_hold_tokens(db, api):
    from sellerdesk.channels.ebay.orders import account_for

    server = api({})
    us = seller(server)
    uk = seller(server)
    uk.marketplace, uk.name = "UK", "eBay UK"
    uk.save()
    inactive = seller(server)
    inactive.marketplace, inactive.is_active = "DE", False
    inactive.save()
    assert (account_for("UK"), account_for("US"), account_for("DE"), account_for("")) == (uk, us, us, us)
