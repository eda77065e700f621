"""Instagram after the delivery: the buyer's name and handle, story media downloaded, echoes
shown once and read receipts that name a message."""

from __future__ import annotations

import base64
import datetime as dt
import json

from sellerdesk.channels import chat
from sellerdesk.channels.messenger.tests.build_fixtures import from_buyer
from sellerdesk.channels.messenger.tests.conftest import make_account, post, post_signed
from sellerdesk.channels.messenger.tests.fakes import IG_ACCOUNT_ID, IGSID, SENT
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.actions import send_reply
from sellerdesk.conversations.models import Attachment, Conversation, Message
from sellerdesk.conversations.tasks import deliver
from sellerdesk.customers.models import Customer
from sellerdesk.lib import clock
from tests.channels.webhookkit import run_worker

LATER = SENT + dt.timedelta(minutes=5)
PROFILE = {"json": {"name": "Jane Doe", "username": "jane.doe.shop", "id": IGSID}}
JPEG = b"\xff\xd8\xff\xe0 a story frame"


def follow_up(at=LATER) -> list[str]:
    run_worker(at)
    with clock.frozen(at):
        return [chat.run(pk) for pk in RawDelivery.objects.order_by("pk").values_list("pk", flat=True)]


def test_profile_gives_name_and_handle(client, db, api):
    server = api({f"GET /{IGSID}": [PROFILE]})
    post(client, make_account("instagram", server=server), "text.json")
    follow_up()
    customer = Customer.objects.get()
    assert customer.name == "Jane Doe"
    assert sorted(customer.identities.values_list("kind", "value")) == [("social", "instagram:1234567890123456"),
                                                                        ("social", "instagram:@jane.doe.shop")]
    assert server.requests()[0]["query"] == "fields=name%2Cusername"


def test_handle_suggests_the_known_customer_of_the_same_name(client, db, api):
    from sellerdesk.customers.merge import suggestions

    server = api({f"GET /{IGSID}": [PROFILE]})
    known = Customer.objects.create(name="Jane Doe", email="jane@example.com", created_at=SENT)
    post(client, make_account("instagram", server=server), "text.json")
    follow_up()
    chat_customer = Customer.objects.exclude(pk=known.pk).get()
    assert [(s.customer.pk, s.reasons) for s in suggestions(chat_customer)] == [(known.pk, ["same_name"])]


def test_story_reply_and_mention_media_are_downloaded(client, db, api):
    server = api({f"GET /{IGSID}": [PROFILE], "GET /ig_messaging_cdn/": [{"base64": base64.b64encode(JPEG).decode(),
                                                                          "content_type": "image/jpeg"}]})
    account = make_account("instagram", server=server)
    post_signed(client, account, [
        from_buyer(IGSID, IG_ACCOUNT_ID, message={"mid": "ig_story_reply_1", "text": "Love it", "reply_to": {"story": {
            "url": f"{server.url}/ig_messaging_cdn/?asset_id=1&signature=x", "id": "1"}}}),
        from_buyer(IGSID, IG_ACCOUNT_ID, 1000, message={"mid": "ig_mention_1", "attachments": [{"type": "story_mention", "payload": {
            "url": f"{server.url}/ig_messaging_cdn/?asset_id=2&signature=y"}}]})])
    assert follow_up() == ["done"]
    assert list(Attachment.objects.order_by("pk").values_list("message__external_id", "content_id", "filename")) == [
        ("instagram:mid:ig_story_reply_1", "instagram-story:ig_story_reply_1", "story.jpg"),
        ("instagram:mid:ig_mention_1", "instagram-media:ig_mention_1:0", "story_mention-1.jpg")]


def test_echo_and_read_receipt_by_mid(client, db, api):
    server = api({f"GET /{IGSID}": [PROFILE]})
    account = make_account("instagram", server=server)
    for name in ("text.json", "echo.json", "read.json"):
        post(client, account, name)
    follow_up()
    echo = Message.objects.get(direction="out")
    assert (echo.body_text, echo.flags) == ("Yes, size M is in stock.", ["sent_elsewhere", "read"])


def test_reply_goes_in_parts_of_1000(client, agent, db, api):
    server = api({f"GET /{IGSID}": [PROFILE], "POST /me/messages": [{"json": {"recipient_id": IGSID, "message_id": "ig_out_1"}}]})
    account = make_account("instagram", server=server)
    post(client, account, "text.json")
    follow_up(SENT + dt.timedelta(seconds=5))
    with clock.frozen(SENT + dt.timedelta(hours=2)):
        reply = send_reply(Conversation.objects.get(), agent, "y" * 1500)
        assert deliver(reply.pk) == "sent"
    sends = [json.loads(r["body"]) for r in server.requests() if r["path"] == "/me/messages"]
    assert [(s["recipient"]["id"], len(s["message"]["text"])) for s in sends] == [(IGSID, 1000), (IGSID, 500)]
    reply.refresh_from_db()
    assert reply.external_id == "instagram:mid:ig_out_1"
