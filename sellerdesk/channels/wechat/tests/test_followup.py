"""After a WeChat message is stored: its picture downloaded once, a failed download shown on the
message, an unfollow refusing later replies, the buyer joined to the customer whose order they name,
and replies sent through the customer-service API (or refused outside the 48-hour window)."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest

from sellerdesk.channels import chat
from sellerdesk.channels.models import RawDelivery
from sellerdesk.channels.wechat.tests.conftest import make_account, post
from sellerdesk.channels.wechat.tests.fakes import OPENID, SENT
from sellerdesk.conversations.actions import send_reply
from sellerdesk.conversations.models import Attachment, Conversation, Event, Message
from sellerdesk.conversations.tasks import deliver
from sellerdesk.customers.models import Customer, CustomerMerge, Identity
from sellerdesk.lib import clock
from sellerdesk.orders.models import Order
from sellerdesk.replies.compliance.blocked import ComplianceBlocked
from tests.channels.webhookkit import run_worker

LATER = SENT + dt.timedelta(minutes=2)
TOKEN = {"json": {"access_token": "ACCESS_1", "expires_in": 7200}}
JPEG = b"\xff\xd8\xff\xe0-photo-of-a-broken-box"


def receive(client, account, *names, at=LATER):
    for name in names:
        assert post(client, account, name).status_code == 200
    run_worker(at)
    with clock.frozen(at):
        return [chat.run(pk) for pk in RawDelivery.objects.order_by("pk").values_list("pk", flat=True)]


def test_picture_is_downloaded_into_an_attachment_once(client, db, api):
    server = api({"GET /cgi-bin/token": [TOKEN], "GET /cgi-bin/media/get": [
        {"base64": base64.b64encode(JPEG).decode(), "content_type": "image/jpeg"}]})
    account = make_account(api_base=server.url)
    assert receive(client, account, "image.json") == ["done"]
    with clock.frozen(LATER):
        chat.run(RawDelivery.objects.get().pk)  # a second run (a retry) fetches nothing again
    attachment = Attachment.objects.get()
    assert (attachment.message.body_text, attachment.filename, attachment.content_type, bytes(attachment.data)) == (
        "[image]", "media_image_4Zq1.jpg", "image/jpeg", JPEG)
    assert len([r for r in server.requests() if r["path"] == "/cgi-bin/media/get"]) == 1


def test_a_download_that_fails_is_shown_on_the_message(client, db, api, agent):
    server = api({"GET /cgi-bin/token": [TOKEN], "GET /cgi-bin/media/get": [{"json": {"errcode": 40007, "errmsg": "invalid media_id"}}]})
    account = make_account(api_base=server.url)
    receive(client, account, "voice.json")
    message = Message.objects.get()
    assert message.error == "voice message not downloaded: WeChat media download refused: 40007 invalid media_id"
    assert message.conversation.has_problem is True
    assert Event.objects.get(kind="attachment_fetch_failed").data["what"] == "voice message"
    client.force_login(agent)
    page = client.get(f"/conversations/{message.conversation_id}/").content.decode()
    assert '<p class="error">voice message not downloaded: WeChat media download refused: 40007 invalid media_id</p>' in page


def test_unreachable_platform_is_tried_again_later(client, db, api, monkeypatch):
    from sellerdesk.channels.wechat.client import WeChatClient

    monkeypatch.setattr(WeChatClient, "backoff", (0.0,))  # the client's own pauses between tries
    server = api({"GET /cgi-bin/token": [TOKEN], "GET /cgi-bin/media/get": [{"status": 503, "text": "down"}]})
    account = make_account(api_base=server.url)
    assert receive(client, account, "video.json") == ["retrying"]
    assert Attachment.objects.count() == 0 and Message.objects.get().error == ""


def test_unfollow_is_remembered_and_refuses_replies(client, db, api, agent):
    server = api({"GET /cgi-bin/token": [TOKEN], "POST /cgi-bin/message/custom/send": [{"json": {"errcode": 0, "errmsg": "ok"}}]})
    account = make_account(api_base=server.url)
    receive(client, account, "text.json", "unsubscribe.json")
    conv = Conversation.objects.get()
    assert list(Event.objects.filter(kind="buyer_unfollowed").values_list("conversation_id", flat=True)) == [conv.pk]
    with clock.frozen(LATER):
        reply = send_reply(conv, agent, "您好，我们已补发。")
        assert deliver(reply.pk) == "failed"
    reply.refresh_from_db()
    assert reply.error == ("the buyer unfollowed (or blocked) the WeChat account on 2025-11-04 09:13 UTC: "
                           "messages cannot reach them until they follow it again")
    assert server.requests() == []


def test_reply_goes_out_through_the_customer_service_api(client, db, api, agent):
    server = api({"GET /cgi-bin/token": [TOKEN], "POST /cgi-bin/message/custom/send": [{"json": {"errcode": 0, "errmsg": "ok"}}]})
    account = make_account(api_base=server.url)
    receive(client, account, "text.json")
    with clock.frozen(LATER):
        reply = send_reply(Conversation.objects.get(), agent, "您好，包裹已在派送中。")
        assert deliver(reply.pk) == "sent"
    send = server.requests()[-1]
    assert json.loads(send["body"]) == {"touser": OPENID, "msgtype": "text", "text": {"content": "您好，包裹已在派送中。"}}


def test_outside_the_48h_window_the_reply_is_blocked_before_it_is_stored(client, db, agent):
    account = make_account()
    receive(client, account, "text.json")
    with clock.frozen(SENT + dt.timedelta(hours=49)), pytest.raises(ComplianceBlocked):
        send_reply(Conversation.objects.get(), agent, "您好，包裹已在派送中。")
    assert Message.objects.filter(direction="out").count() == 0


def test_buyer_naming_a_known_order_joins_that_customer(client, db):
    buyer = Customer.objects.create(name="王芳", email="wang.fang@example.cn", created_at=SENT)
    Identity.objects.create(customer=buyer, kind="email", value="wang.fang@example.cn")
    order = Order.objects.create(platform="amazon", number="112-3456789-1234567", customer=buyer, created_at=SENT)
    account = make_account()
    receive(client, account, "text.json")
    conv = Conversation.objects.get()
    merge = CustomerMerge.objects.get()
    assert (merge.target_id, merge.reason) == (buyer.pk, "WeChat buyer named order 112-3456789-1234567")
    assert (conv.customer_id, conv.order_id) == (buyer.pk, order.pk)
    assert Identity.objects.get(value=f"wechat:{OPENID}").customer_id == buyer.pk
