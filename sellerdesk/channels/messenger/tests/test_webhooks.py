"""Messenger webhooks over HTTP: the GET verification, X-Hub-Signature-256, every message kind,
postbacks and quick replies, batched events, replays, forgeries and malformed events stored and shown."""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels.messenger.tests.conftest import capture, post
from sellerdesk.channels.messenger.tests.fakes import PAGE_ID, PSID, SENT, VERIFY_TOKEN
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Identity
from tests.channels.webhookkit import assert_refused_as_malformed, run_worker
from tests.channels.webhookkit import post as post_capture

LATER = SENT + dt.timedelta(seconds=5)
MID = "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP"


def test_get_verification_echoes_the_challenge_with_the_right_token(client, page_account):
    url = f"/hooks/messenger/{page_account.pk}/"
    ok = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"})
    assert (ok.status_code, ok.content, ok["Content-Type"]) == (200, b"1158201444", "text/plain; charset=utf-8")
    wrong = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"})
    assert (wrong.status_code, wrong.json()) == (403, {"error": "hub.verify_token is not this account's verify token"})
    assert client.get(url, {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN}).status_code == 400
    assert RawDelivery.objects.count() == 0


def test_text_message_opens_a_conversation(client, page_account):
    response = post(client, page_account, "text.json")
    assert (response.status_code, response.json()["duplicate"]) == (200, False)
    run_worker(LATER)
    conv, msg = Conversation.objects.get(), Message.objects.get()
    assert (conv.channel, conv.thread_key, conv.marketplace) == ("messenger", f"messenger:{PSID}", "US")
    assert (msg.external_id, msg.sender, msg.body_text, msg.sent_at, msg.direction) == (
        f"messenger:mid:{MID}", PSID, "My parcel has been stuck in customs for a week", SENT, "in")
    assert RawDelivery.objects.get().external_id == f"messenger:mid:{MID}"
    assert list(Identity.objects.values_list("kind", "value")) == [("social", f"messenger:{PSID}")]


def test_reply_window_is_a_deadline_on_the_conversation(client, page_account):
    post(client, page_account, "text.json")
    run_worker(LATER)
    conv = Conversation.objects.get()
    assert conv.deadlines.get(policy__key="window-meta-24h").due_at == SENT + dt.timedelta(hours=24)


def test_replay_creates_nothing(client, page_account):
    post(client, page_account, "text.json")
    again = post(client, page_account, "text.json")
    assert (again.status_code, again.json()["duplicate"]) == (200, True)
    run_worker(LATER)
    assert (RawDelivery.objects.count(), Message.objects.count()) == (1, 1)


def test_forged_signature_is_401_and_stored_as_rejected(client, page_account):
    response = post(client, page_account, "text_forged.json")
    assert (response.status_code, response.json()) == (401, {"error": "bad signature: X-Hub-Signature-256 does not match the body"})
    assert RawDelivery.objects.get().status == "rejected"
    assert Message.objects.count() == 0


def test_unsigned_delivery_is_401(client, page_account):
    delivery = capture("text.json")
    delivery["headers"].pop("X-Hub-Signature-256")
    response = post_capture(client, f"/hooks/messenger/{page_account.pk}/", delivery)
    assert (response.status_code, response.json()) == (401, {"error": "bad signature: no X-Hub-Signature-256 header"})


def test_message_without_mid_is_400_stored_failed_and_shown(client, page_account, agent):
    assert_refused_as_malformed(client, f"/hooks/messenger/{page_account.pk}/", capture("text_without_mid.json"), agent,
                                "body: entry.0.messaging.0.message.mid: Field required")


def test_delivery_for_another_page_or_object_is_refused(client, page_account):
    page_account.address = "999999999999999"
    page_account.save()
    response = post(client, page_account, "text.json")
    assert (response.status_code, response.json()["error"]) == (
        400, f"malformed: entry.0.id: the delivery is for {PAGE_ID}, this account is 999999999999999")
    page_account.address = ""
    page_account.save()
    instagram = post_capture(client, f"/hooks/messenger/{page_account.pk}/", capture("text.json", "instagram"))
    assert (instagram.status_code, instagram.json()["error"]) == (
        400, "malformed: object: the delivery is for 'instagram', this endpoint takes 'page'")


def test_every_kind_reads_as_text(client, page_account):
    for name in ("text.json", "attachments.json", "quick_reply.json", "postback.json"):
        assert post(client, page_account, name).status_code == 200
    run_worker(LATER)
    assert list(Message.objects.order_by("pk").values_list("external_id", "body_text")) == [
        (f"messenger:mid:{MID}", "My parcel has been stuck in customs for a week"),
        ("messenger:mid:m_1Kq0attach0000000000000000000000000000000000000000000000000000001",
         "[image]\n[video]\n[audio]\n[file]\n[sticker]"),
        ("messenger:mid:m_2Qr0quick000000000000000000000000000000000000000000000000000000002", "Track my order\n[quick reply] TRACK_ORDER"),
        ("messenger:mid:m_3Pb0postback0000000000000000000000000000000000000000000000000003",
         "[postback] Where is my order? (WHERE_IS_MY_ORDER)"),
    ]
    assert Conversation.objects.count() == 1


def test_batch_keeps_the_message_and_skips_deliveries_and_reactions(client, page_account):
    response = post(client, page_account, "batch.json")
    assert response.status_code == 200
    raw = RawDelivery.objects.get()
    assert raw.external_id.startswith("messenger:events:")
    run_worker(LATER)
    assert list(Message.objects.values_list("body_text", flat=True)) == ["my email is jane.doe+fb@example.com"]
    raw.refresh_from_db()
    assert raw.status == "processed"


def test_read_receipt_alone_is_ignored_with_the_reason(client, page_account):
    post(client, page_account, "read.json")
    run_worker(LATER)
    assert list(RawDelivery.objects.values_list("status", "error")) == [("ignored", "read receipt (marked by the follow-up)")]
