"""eBay Notification API endpoint over HTTP: challenge, ECDSA signature with a key from a fake key
server, messages, returns and inquiries with the 3-business-day clock."""

from __future__ import annotations

import datetime as dt
import hashlib

from sellerdesk.channels.ebay import keys
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Identity
from sellerdesk.orders.models import Claim, Order
from sellerdesk.sla.models import Deadline
from tests.channels.fakesecrets import EBAY_VERIFICATION_TOKEN
from tests.channels.webhookkit import capture, post, run_worker

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 6, 10, 5, tzinfo=UTC)


def deliver(client, url, *names, now=NOW):
    responses = [post(client, url, capture("ebay", n)) for n in names]
    run_worker(now)
    return responses


def test_challenge_answers_sha256_of_code_token_and_endpoint(client, ebay_account, hook_url):
    response = client.get(hook_url, {"challenge_code": "a8628072-3d33-45ee-9004-bee86830a22d"})
    endpoint = f"http://testserver{hook_url}"
    expected = hashlib.sha256(("a8628072-3d33-45ee-9004-bee86830a22d" + EBAY_VERIFICATION_TOKEN + endpoint).encode()).hexdigest()
    assert (response.status_code, response["Content-Type"], response.json()) == (200, "application/json", {"challengeResponse": expected})


def test_challenge_uses_the_registered_endpoint_url(client, ebay_account, hook_url):
    ebay_account.config = {**ebay_account.config, "endpoint_url": "https://desk.example.com/hooks/ebay/7/"}
    ebay_account.save()
    response = client.get(hook_url, {"challenge_code": "abc"})
    expected = hashlib.sha256(("abc" + EBAY_VERIFICATION_TOKEN + "https://desk.example.com/hooks/ebay/7/").encode()).hexdigest()
    assert response.json() == {"challengeResponse": expected}
    assert client.get(hook_url).status_code == 400  # no challenge_code


def test_member_message_becomes_a_conversation_and_the_key_is_fetched_once(client, hook_url, key_server):
    first, retry = deliver(client, hook_url, "message_new.json", "message_new_retry.json")
    assert (first.status_code, retry.status_code, retry.json()["duplicate"]) == (200, 200, True)
    conv = Conversation.objects.get()
    msg = Message.objects.get()
    assert (conv.channel, conv.marketplace, conv.thread_key, conv.order.number) == ("ebay", "US", "ebay:order:12-34567-89012", "12-34567-89012")
    assert (msg.external_id, msg.sender, msg.subject) == ("ebay:msg:2451233920011", "buyer_xyz", "Where is my order?")
    assert msg.body_text == "Hello, the tracking has not moved for a week. Can you check please?"
    assert msg.sent_at == dt.datetime(2026, 11, 5, 8, 30, tzinfo=UTC)
    assert list(Identity.objects.values_list("kind", "value")) == [("ebay_user", "buyer_xyz")]
    # One token and one key fetch for two deliveries: the key is cached.
    assert [(r["method"], r["path"]) for r in key_server.requests()] == [
        ("POST", "/identity/v1/oauth2/token"),
        ("GET", "/commerce/notification/v1/public_key/99345bd2-2a1c-4c1f-8a8f-0f1d6c1c9e10"),
    ]
    assert key_server.requests()[1]["headers"]["Authorization"] == "Bearer v^1.1#i^1#app-token"


def test_our_own_message_echoed_back_is_ignored(client, hook_url):
    deliver(client, hook_url, "message_echo.json")
    raw = RawDelivery.objects.get()
    assert (raw.status, raw.error) == ("ignored", "our own message 2451233920012 (sent by seller_abc)")
    assert Message.objects.count() == 0


def test_return_opens_a_claim_due_in_3_business_days(client, hook_url):
    # Friday 2026-11-06 10:00 UTC = 02:00 in Los Angeles: 22 h left on Friday, Monday, Tuesday,
    # Wednesday 11 November is Veterans Day (closed), so the clock ends Thursday 02:00 PST.
    deliver(client, hook_url, "message_new.json", "return_created.json")
    claim = Claim.objects.get()
    assert (claim.platform, claim.kind, claim.external_id, claim.reason, claim.order.number) == (
        "ebay", "return_request", "5000123456", "NOT_AS_DESCRIBED", "12-34567-89012")
    conv = Conversation.objects.get()  # the return joins the buyer's thread about the same order
    assert claim.conversation == conv
    deadline = Deadline.objects.get(claim=claim)
    assert (deadline.kind, deadline.starts_at, deadline.due_at) == (
        "eBay 3 business days", dt.datetime(2026, 11, 6, 10, 0, tzinfo=UTC), dt.datetime(2026, 11, 12, 10, 0, tzinfo=UTC))
    assert Order.objects.get().returns == [{"id": "5000123456", "status": "RETURN_REQUESTED", "reason": "NOT_AS_DESCRIBED"}]
    assert Message.objects.order_by("id").last().body_text == (
        "eBay return 5000123456: created.\nOrder: 12-34567-89012\nReason: NOT_AS_DESCRIBED\n"
        "Buyer comments: The colour is different from the photos.\nStatus: RETURN_REQUESTED"
    )


def test_item_not_received_inquiry_is_a_tier_1_case(client, hook_url):
    deliver(client, hook_url, "inquiry_created.json", now=dt.datetime(2026, 11, 9, 15, 1, tzinfo=UTC))
    claim = Claim.objects.get()
    assert (claim.kind, claim.external_id, claim.reason) == ("ebay_case", "5081234567", "ITEM_NOT_RECEIVED")
    conv = Conversation.objects.get()
    assert (conv.tier, conv.customer.name, conv.subject) == (1, "buyer_qrs", "eBay item not received request 5081234567")
    # Monday 07:00 PST + 3 business days = Thursday 07:00 PST (Wednesday is Veterans Day).
    assert Deadline.objects.get(claim=claim).due_at == dt.datetime(2026, 11, 13, 15, 0, tzinfo=UTC)


def test_account_deletion_topic_is_stored_and_ignored(client, hook_url):
    assert deliver(client, hook_url, "account_deletion.json")[0].status_code == 200
    raw = RawDelivery.objects.get()
    assert (raw.external_id, raw.status, raw.error) == (
        "ebay:49feeaeb-4982-42d9-a377-9645b8479411_33f7e043", "ignored", "eBay topic MARKETPLACE_ACCOUNT_DELETION is not used")


def test_signature_by_another_key_is_rejected(client, hook_url):
    response = deliver(client, hook_url, "return_created_forged.json")[0]
    assert (response.status_code, response.json()) == (401, {"error": "bad signature: X-EBAY-SIGNATURE does not match the body"})
    raw = RawDelivery.objects.get()
    body = bytes(raw.body)  # small: kept whole
    assert (raw.status, raw.error) == ("rejected", f"bad signature: X-EBAY-SIGNATURE does not match the body "
                                                   f"(body {len(body)} bytes, sha256 {hashlib.sha256(body).hexdigest()}, first {len(body)} kept)")
    assert Claim.objects.count() == 0


def test_garbage_signature_header_is_rejected(client, hook_url):
    delivery = capture("ebay", "message_new.json")
    delivery["headers"]["X-EBAY-SIGNATURE"] = "not base64 json!"
    response = post(client, hook_url, delivery)
    assert (response.status_code, response.json()) == (401, {"error": "bad signature: X-EBAY-SIGNATURE is not base64 JSON"})


def test_configured_public_key_needs_no_key_server(client, ebay_account, hook_url, key_server):
    from tests.channels.build_fixtures import ebay_public_pem
    from tests.channels.fakesecrets import EBAY_KID

    ebay_account.config = {"public_keys": {EBAY_KID: ebay_public_pem()}}
    ebay_account.save()
    assert deliver(client, hook_url, "message_new.json")[0].status_code == 200
    assert key_server.requests() == []


def test_key_server_down_is_503_stores_nothing_and_shows_on_the_account(client, ebay_account, hook_url):
    keys.clear_cache()
    ebay_account.config = {"public_key_url": "http://127.0.0.1:9/k/{kid}", "token_url": "http://127.0.0.1:9/token"}
    ebay_account.save()
    response = post(client, hook_url, capture("ebay", "message_new.json"))
    assert response.status_code == 503
    assert response.json()["error"].startswith("cannot verify now: eBay application token: ")
    assert RawDelivery.objects.count() == 0
    ebay_account.refresh_from_db()
    assert ebay_account.last_error.startswith("eBay application token: ")


def test_no_credentials_to_fetch_keys_is_a_clear_not_configured_state(client, ebay_account, hook_url):
    keys.clear_cache()
    ebay_account.credentials = {"verification_token": EBAY_VERIFICATION_TOKEN}
    ebay_account.save()
    response = post(client, hook_url, capture("ebay", "message_new.json"))
    assert (response.status_code, response.json()) == (503, {"error": "cannot verify now: not configured: eBay needs an app token, "
                                                                       "or a client id and secret, to fetch its public keys"})
