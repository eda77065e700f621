"""TikTok Shop webhooks over HTTP: Authorization HMAC, buyer messages, echoes, conversations, returns."""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Identity
from sellerdesk.orders.models import Claim, Order
from sellerdesk.sla.models import Deadline
from tests.channels.webhookkit import capture, post, run_worker

UTC = dt.timezone.utc
NOW = dt.datetime(2025, 11, 4, 9, 15, tzinfo=UTC)


def deliver(client, url, *names):
    responses = [post(client, url, capture("tiktok", n)) for n in names]
    run_worker(NOW)
    return responses


def test_buyer_message_opens_a_conversation_with_the_24h_clock(client, hook_url):
    new_conv, message, echo = deliver(client, hook_url, "new_conversation.json", "new_message.json", "shop_echo.json")
    assert [r.status_code for r in (new_conv, message, echo)] == [200, 200, 200]
    conv = Conversation.objects.get()
    msg = Message.objects.get()
    assert (conv.channel, conv.marketplace, conv.thread_key) == ("tiktok", "US", "tiktok:conv:7412345678901234567")
    assert (msg.external_id, msg.sender, msg.body_text) == (
        "tiktok:msg:7412345678901234567:7412345678901299999", "7001234567890", "Tracking says delivered but nothing arrived")
    assert msg.sent_at == dt.datetime(2025, 11, 4, 9, 12, 2, tzinfo=UTC)
    assert list(Identity.objects.values_list("kind", "value")) == [("tiktok_buyer", "7001234567890")]
    platform = Deadline.objects.get(conversation=conv, kind="TikTok Shop 24 h")
    assert platform.due_at == dt.datetime(2025, 11, 5, 9, 12, 2, tzinfo=UTC)
    assert list(RawDelivery.objects.order_by("pk").values_list("status", "error")) == [
        ("ignored", "new conversation 7412345678901234567: its messages arrive one by one"),
        ("processed", ""),
        ("ignored", "message 7412345678901300000 from SHOP, not the buyer"),
    ]


def test_sea_shop_gets_the_12h_clock(client, tiktok_account, hook_url):
    tiktok_account.marketplace = "TH"
    tiktok_account.save()
    deliver(client, hook_url, "new_message.json")
    conv = Conversation.objects.get()
    assert Deadline.objects.get(conversation=conv, kind="TikTok Shop 12 h").due_at == dt.datetime(2025, 11, 4, 21, 12, 2, tzinfo=UTC)


def test_replay_creates_nothing(client, hook_url):
    first, again = deliver(client, hook_url, "new_message.json", "new_message.json")
    assert (again.status_code, again.json()["duplicate"]) == (200, True)
    assert (RawDelivery.objects.count(), Message.objects.count()) == (1, 1)


def test_bad_signature_is_rejected(client, hook_url):
    response = deliver(client, hook_url, "new_message_forged.json")[0]
    assert (response.status_code, response.json()) == (401, {"error": "bad signature: Authorization does not match the body"})
    assert RawDelivery.objects.get().status == "rejected"
    assert Message.objects.count() == 0


def test_pending_return_opens_a_return_case_on_the_order(client, hook_url):
    deliver(client, hook_url, "return_requested.json")
    claim = Claim.objects.get()
    assert (claim.platform, claim.kind, claim.external_id, claim.order.number) == (
        "tiktok", "return_request", "4035318504086380000", "576461413038785752")
    assert Order.objects.get().returns == [
        {"id": "4035318504086380000", "status": "RETURN_OR_REFUND_REQUEST_PENDING", "reason": "REFUND"}]
    assert Conversation.objects.get().subject == "TikTok Shop return 4035318504086380000"


def test_body_without_notification_id_is_400(client, hook_url, tiktok_account):
    from tests.channels.build_fixtures import tiktok_sign

    body = '{"type":14,"shop_id":"7494049642642441621","data":{}}'
    response = post(client, hook_url, {"headers": {"Authorization": tiktok_sign(body.encode())}, "body": body})
    assert (response.status_code, response.json()) == (400, {"error": "malformed: tts_notification_id is missing"})
    assert list(RawDelivery.objects.values_list("status", "error")) == [("failed", "malformed: tts_notification_id is missing")]
