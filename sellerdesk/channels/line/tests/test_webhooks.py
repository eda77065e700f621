"""LINE webhooks over HTTP: X-Line-Signature, every message kind, postbacks, follows, the console's
verify call, replays, forgeries and malformed events stored and shown."""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels.line.tests.conftest import post
from sellerdesk.channels.line.tests.fakes import SENT, USER_ID
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Identity
from tests.channels.webhookkit import run_worker

LATER = SENT + dt.timedelta(seconds=5)


def test_text_message_opens_a_conversation(client, line_account):
    response = post(client, line_account, "text.json")
    assert (response.status_code, response.json()["duplicate"]) == (200, False)
    run_worker(LATER)
    conv, msg = Conversation.objects.get(), Message.objects.get()
    assert (conv.channel, conv.thread_key, conv.marketplace) == ("line", f"line:{USER_ID}", "JP")
    assert (msg.external_id, msg.sender, msg.body_text, msg.sent_at) == (
        "line:msg:444573844083572737", USER_ID, "注文した商品がまだ届きません", SENT)
    assert RawDelivery.objects.get().external_id == "line:01HF2B3C4D5E6F7G8H9J0KMNPQ"
    assert list(Identity.objects.values_list("kind", "value")) == [("social", f"line:{USER_ID}")]


def test_replay_creates_nothing(client, line_account):
    first, again = post(client, line_account, "text.json"), post(client, line_account, "text.json")
    assert (again.status_code, again.json()["duplicate"]) == (200, True)
    run_worker(LATER)
    assert (RawDelivery.objects.count(), Message.objects.count()) == (1, 1)


def test_forged_signature_is_401_and_stored_as_rejected(client, line_account):
    response = post(client, line_account, "text_forged.json")
    assert (response.status_code, response.json()) == (401, {"error": "bad signature: X-Line-Signature does not match the body"})
    assert RawDelivery.objects.get().status == "rejected"
    assert Message.objects.count() == 0


def test_event_without_id_is_400_stored_failed_with_the_field(client, line_account):
    response = post(client, line_account, "text_without_event_id.json")
    assert (response.status_code, response.json()) == (400, {"error": "malformed: body: events.0.webhookEventId: Field required"})
    assert list(RawDelivery.objects.values_list("status", "error")) == [("failed", "malformed: body: events.0.webhookEventId: Field required")]


def test_console_verify_call_is_accepted_and_ignored(client, line_account):
    response = post(client, line_account, "verify.json")
    assert response.status_code == 200
    run_worker(LATER)
    assert list(RawDelivery.objects.values_list("status", "error")) == [("ignored", "no events (the console's webhook check)")]


def test_every_kind_reads_as_text(client, line_account):
    for name in ("image.json", "file.json", "sticker_location.json", "postback.json", "follow_then_text.json"):
        assert post(client, line_account, name).status_code == 200
    run_worker(LATER)
    assert list(Message.objects.order_by("pk").values_list("external_id", "body_text")) == [
        ("line:msg:444573844083572738", "[image]"),
        ("line:msg:444573844083572739", "[file] receipt.pdf"),
        ("line:msg:444573844083572740", "[sticker] Sad, Crying"),
        ("line:msg:444573844083572741", "[location] 自宅 東京都渋谷区道玄坂1-2-3 (35.658, 139.6983)"),
        ("line:event:01HF2B3C4D5E6F7G8H9J0KMNPW", "[postback] action=track&order=112-3456789-1234567"),
        ("line:msg:444573844083572742", "my email is Hana.Sato+line@example.jp"),
    ]
    assert Conversation.objects.count() == 1


def test_delivery_for_another_bot_is_refused_as_malformed(client, line_account):
    line_account.address = "Uffffffffffffffffffffffffffffff0"
    line_account.save()
    response = post(client, line_account, "text.json")
    assert (response.status_code, response.json()["error"]) == (
        400, "malformed: destination: the delivery is for bot U8e742f61d673b39c7fff3cecb7536ef0, this account is Uffffffffffffffffffffffffffffff0")


def test_malformed_delivery_is_on_the_problems_page(client, line_account, agent):
    post(client, line_account, "text_without_event_id.json")
    client.force_login(agent)
    assert '<p class="error">malformed: body: events.0.webhookEventId: Field required</p>' in client.get("/problems/").content.decode()
