"""WhatsApp webhooks over HTTP: the GET verification, X-Hub-Signature-256, every message kind,
replies and reactions, replays, forgeries and malformed deliveries stored and shown."""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels.models import RawDelivery
from sellerdesk.channels.whatsapp.tests.build_fixtures import wamid
from sellerdesk.channels.whatsapp.tests.conftest import post
from sellerdesk.channels.whatsapp.tests.fakes import SENT, VERIFY_TOKEN, WA_ID
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Customer, Identity
from tests.channels.webhookkit import run_worker

LATER = SENT + dt.timedelta(seconds=5)


def test_verification_echoes_the_challenge_with_the_right_token(client, wa_account):
    url = f"/hooks/whatsapp/{wa_account.pk}/"
    ok = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"})
    assert (ok.status_code, ok.content, ok["Content-Type"]) == (200, b"1158201444", "text/plain; charset=utf-8")
    wrong = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"})
    assert (wrong.status_code, wrong.json()) == (403, {"error": "hub.verify_token is not this account's verify token"})
    assert client.get(url, {"hub.verify_token": VERIFY_TOKEN}).status_code == 400
    assert RawDelivery.objects.count() == 0


def test_text_message_opens_a_conversation_with_the_buyer_by_phone(client, wa_account):
    response = post(client, wa_account, "text.json")
    assert (response.status_code, response.json()["duplicate"]) == (200, False)
    run_worker(LATER)
    conv, msg = Conversation.objects.get(), Message.objects.get()
    assert (conv.channel, conv.thread_key, conv.marketplace) == ("whatsapp", f"whatsapp:{WA_ID}", "US")
    assert (msg.external_id, msg.sender, msg.sender_name, msg.body_text, msg.sent_at) == (
        f"whatsapp:msg:{wamid(1)}", WA_ID, "Sheena Nelson", "Order #1001 arrived damaged", SENT)
    assert RawDelivery.objects.get().external_id == f"whatsapp:msg:{wamid(1)}"
    assert sorted(Identity.objects.values_list("kind", "value")) == [("phone", "+16505551234"), ("social", f"whatsapp:{WA_ID}")]
    assert Customer.objects.get().name == "Sheena Nelson"


def test_the_24_hour_window_is_the_conversations_deadline(client, wa_account):
    post(client, wa_account, "text.json")
    run_worker(LATER)
    conv = Conversation.objects.get()
    assert conv.next_deadline_at <= SENT + dt.timedelta(hours=24)
    from sellerdesk.sla.models import Deadline

    window = Deadline.objects.get(conversation=conv, policy__key="window-meta-24h")
    assert window.due_at == SENT + dt.timedelta(hours=24)


def test_number_already_known_joins_that_customer(client, wa_account):
    known = Customer.objects.create(name="Sheena Nelson", email="sheena@example.com", created_at=SENT)
    Identity.objects.create(customer=known, kind="phone", value="+16505551234")
    post(client, wa_account, "text.json")
    run_worker(LATER)
    assert (Customer.objects.count(), Conversation.objects.get().customer_id) == (1, known.pk)


def test_replay_creates_nothing(client, wa_account):
    post(client, wa_account, "text.json")
    again = post(client, wa_account, "text.json")
    assert (again.status_code, again.json()["duplicate"]) == (200, True)
    run_worker(LATER)
    assert (RawDelivery.objects.count(), Message.objects.count()) == (1, 1)


def test_forged_signature_is_401_and_stored_as_rejected(client, wa_account):
    response = post(client, wa_account, "text_forged.json")
    assert (response.status_code, response.json()) == (401, {"error": "bad signature: X-Hub-Signature-256 does not match the body"})
    assert RawDelivery.objects.get().status == "rejected"
    assert Message.objects.count() == 0


def test_missing_signature_is_401(client, wa_account):
    from sellerdesk.channels.whatsapp.tests.conftest import capture

    delivery = capture("text.json")
    response = client.post(f"/hooks/whatsapp/{wa_account.pk}/", data=delivery["body"].encode(), content_type="application/json")
    assert (response.status_code, response.json()) == (401, {"error": "bad signature: no X-Hub-Signature-256 header"})


def test_message_without_id_is_400_stored_failed_with_the_field(client, wa_account, agent):
    reason = "entry.0.changes.0.value: messages.0.id: Field required"
    response = post(client, wa_account, "text_without_id.json")
    assert (response.status_code, response.json()) == (400, {"error": f"malformed: {reason}"})
    assert list(RawDelivery.objects.values_list("status", "error")) == [("failed", f"malformed: {reason}")]
    client.force_login(agent)
    assert f'<p class="error">malformed: {reason}</p>' in client.get("/problems/").content.decode()


def test_location_without_latitude_is_refused_naming_the_field(client, wa_account):
    response = post(client, wa_account, "location_without_latitude.json")
    assert (response.status_code, response.json()) == (
        400, {"error": "malformed: entry.0.changes.0.value: messages.0.location.latitude: Field required"})


def test_every_kind_reads_as_text(client, wa_account):
    for name in ("image.json", "document.json", "media_kinds.json", "location_contacts.json", "interactive.json",
                 "reply_and_reaction.json", "unsupported.json"):
        assert post(client, wa_account, name).status_code == 200
    run_worker(LATER)
    assert list(Message.objects.order_by("pk").values_list("external_id", "body_text", "in_reply_to")) == [
        (f"whatsapp:msg:{wamid(2)}", "[image] The box", ""),
        (f"whatsapp:msg:{wamid(3)}", "[document] invoice-1001.pdf", ""),
        (f"whatsapp:msg:{wamid(4)}", "[video]", ""),
        (f"whatsapp:msg:{wamid(5)}", "[audio]", ""),
        (f"whatsapp:msg:{wamid(6)}", "[sticker]", ""),
        (f"whatsapp:msg:{wamid(7)}", "[location] Home 1 Hacker Way, Menlo Park, CA 94025 (37.4848, -122.1484)", ""),
        (f"whatsapp:msg:{wamid(8)}", "[contact] Sam Nelson +1 650 555 0199 sam.nelson@example.com", ""),
        (f"whatsapp:msg:{wamid(9)}", "[button] Refund please", "whatsapp:msg:wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI1QjNGNUE5RjY0QjI3RUQ3QTkA"),
        (f"whatsapp:msg:{wamid(10)}", "[list] Size M — Exchange for a medium", ""),
        (f"whatsapp:msg:{wamid(11)}", "[button] Track my order", "whatsapp:msg:wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI1QjNGNUE5RjY0QjI3RUQ3QTkA"),
        (f"whatsapp:msg:{wamid(12)}", "Here is a photo of the damage", f"whatsapp:msg:{wamid(1)}"),
        (f"whatsapp:msg:{wamid(13)}", "[reaction] \U0001F44D", "whatsapp:msg:wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI1QjNGNUE5RjY0QjI3RUQ3QTkA"),
        (f"whatsapp:msg:{wamid(14)}", "[unsupported] Message type unknown", ""),
    ]
    assert Conversation.objects.count() == 1


def test_status_callbacks_and_other_fields_are_stored_and_ignored(client, wa_account):
    for name in ("status_delivered.json", "template_update.json"):
        assert post(client, wa_account, name).status_code == 200
    run_worker(LATER)
    assert list(RawDelivery.objects.order_by("pk").values_list("status", "error")) == [
        ("ignored", "status callbacks (applied to our sent messages)"),
        ("ignored", "no messages or statuses (another field of the account)"),
    ]


def test_delivery_for_another_number_is_set_aside(client, wa_account):
    assert post(client, wa_account, "other_number.json").status_code == 200
    run_worker(LATER)
    assert list(RawDelivery.objects.values_list("status", "error")) == [
        ("ignored", "for phone number id 999999999999999, this account is 106540352242922")]
    assert Message.objects.count() == 0


def test_kinds_without_words_are_kept_as_their_type(client, wa_account):
    assert post(client, wa_account, "odd_kinds.json").status_code == 200
    run_worker(LATER)
    assert list(Message.objects.order_by("pk").values_list("body_text", flat=True)) == ["[system]", "[order]", "Is this still available?"]
    assert RawDelivery.objects.get().status == "processed"


def test_another_platforms_body_is_refused_naming_the_object(client, wa_account):
    import json

    from sellerdesk.channels.whatsapp.tests.build_fixtures import capture

    messenger = {"object": "page", "entry": [{"id": "104857600000001", "time": 1762247523401, "messaging": []}]}
    response = client.post(f"/hooks/whatsapp/{wa_account.pk}/", data=capture(messenger)["body"].encode(), content_type="application/json",
                           HTTP_X_HUB_SIGNATURE_256=capture(messenger)["headers"]["X-Hub-Signature-256"])
    assert (response.status_code, response.json()) == (400, {"error": "malformed: body: object: 'page' is not a WhatsApp Business Account delivery"})
    assert json.loads(bytes(RawDelivery.objects.get().body)) == messenger
