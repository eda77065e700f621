"""WeChat webhooks over HTTP: URL verification, plain and safe-mode signatures, every message kind,
"success" as the answer, replays, forgeries and malformed XML stored and shown."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from sellerdesk.channels.models import RawDelivery
from sellerdesk.channels.wechat.crypt import signature
from sellerdesk.channels.wechat.tests.conftest import make_account, post
from sellerdesk.channels.wechat.tests.fakes import OPENID, SENT, TOKEN
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Identity
from sellerdesk.lib import clock
from sellerdesk.sla.models import Deadline
from tests.channels.webhookkit import run_worker

TS = str(int(SENT.timestamp()))
LATER = SENT + dt.timedelta(minutes=2)


def test_url_verification_answers_echostr_only_when_signed(client, wechat_account):
    query = {"signature": signature(TOKEN, TS, "98765"), "timestamp": TS, "nonce": "98765", "echostr": "7243029466438213511"}
    with clock.frozen(SENT):
        good = client.get(f"/hooks/wechat/{wechat_account.pk}/?{urlencode(query)}")
        bad = client.get(f"/hooks/wechat/{wechat_account.pk}/?{urlencode({**query, 'signature': '0' * 40})}")
    assert (good.status_code, good.content, good["Content-Type"]) == (200, b"7243029466438213511", "text/plain; charset=utf-8")
    assert (bad.status_code, bad.json()) == (401, {"error": "bad signature: signature does not match token, timestamp and nonce"})


def test_text_message_answers_success_and_opens_a_conversation_with_the_48h_window(client, wechat_account):
    response = post(client, wechat_account, "text.json")
    assert (response.status_code, response.content) == (200, b"success")
    run_worker(LATER)
    conv = Conversation.objects.get()
    msg = Message.objects.get()
    assert (conv.channel, conv.thread_key, conv.marketplace) == ("wechat", f"wechat:{OPENID}", "CN")
    assert (msg.external_id, msg.sender, msg.body_text, msg.sent_at) == (
        "wechat:22876340532172986", OPENID, "我的快递三天没更新了，订单号 112-3456789-1234567", SENT)
    assert list(Identity.objects.values_list("kind", "value")) == [("social", f"wechat:{OPENID}")]
    window = Deadline.objects.get(conversation=conv, kind="Reply window 48 h")
    assert window.due_at == SENT + dt.timedelta(hours=48)


def test_replay_creates_nothing(client, wechat_account):
    first, again = post(client, wechat_account, "text.json"), post(client, wechat_account, "text.json")
    assert (first.content, again.content) == (b"success", b"success")
    run_worker(LATER)
    assert (RawDelivery.objects.count(), Message.objects.count()) == (1, 1)


def test_forged_signature_is_401_and_stored_as_rejected(client, wechat_account):
    response = post(client, wechat_account, "text_forged.json")
    assert (response.status_code, response.json()) == (401, {"error": "bad signature: signature does not match token, timestamp and nonce"})
    raw = RawDelivery.objects.get()
    assert raw.status == "rejected" and raw.error.startswith("bad signature: signature does not match")
    assert Message.objects.count() == 0


def test_an_old_timestamp_is_refused(client, wechat_account):
    response = post(client, wechat_account, "text.json", at=SENT + dt.timedelta(minutes=6))
    assert (response.status_code, response.json()) == (401, {"error": "bad signature: timestamp is 360 s away from our clock (at most 300 s)"})


def test_malformed_message_is_400_stored_failed_with_the_field(client, wechat_account):
    response = post(client, wechat_account, "text_without_content.json")
    assert (response.status_code, response.json()) == (400, {"error": "malformed: xml: Content: missing in a text message"})
    assert list(RawDelivery.objects.values_list("status", "error")) == [("failed", "malformed: xml: Content: missing in a text message")]


def test_xml_with_a_dtd_is_refused_as_malformed(client, wechat_account):
    body = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><ToUserName>gh_848b8d1809b5</ToUserName>'
            f"<FromUserName>{OPENID}</FromUserName><CreateTime>{TS}</CreateTime><MsgType>text</MsgType><Content>&a;</Content>"
            "<MsgId>1</MsgId></xml>")
    query = {"signature": signature(TOKEN, TS, "555"), "timestamp": TS, "nonce": "555"}
    with clock.frozen(SENT):
        response = client.post(f"/hooks/wechat/{wechat_account.pk}/?{urlencode(query)}", data=body.encode(), content_type="text/xml")
    assert (response.status_code, response.json()) == (400, {"error": "malformed: body declares a DTD or entities; WeChat XML has none"})


def test_safe_mode_message_is_decrypted(client, db):
    account = make_account(safe=True)
    response = post(client, account, "text_safe.json")
    assert (response.status_code, response.content) == (200, b"success")
    run_worker(LATER)
    assert Message.objects.get().body_text == "我的快递三天没更新了，订单号 112-3456789-1234567"


def test_safe_mode_account_refuses_plain_bodies(client, db):
    account = make_account(safe=True)
    response = post(client, account, "text.json")
    assert (response.status_code, response.json()) == (
        401, {"error": "bad signature: this account has an EncodingAESKey (safe mode): the delivery has no msg_signature"})


def test_every_message_kind_reads_as_text_events_are_kept_apart(client, wechat_account):
    names = ["image.json", "voice.json", "video.json", "location.json", "link.json", "click.json", "subscribe.json", "view.json"]
    assert [post(client, wechat_account, n).status_code for n in names] == [200] * 8
    run_worker(LATER)
    assert list(Message.objects.order_by("pk").values_list("body_text", flat=True)) == [
        "[image]", "[voice] 包裹破损了", "[video]", "[location] 广州市天河区 (23.134521, 113.358803)",
        "[link] 订单截图\n看这里\nhttps://example.com/order/1", "[menu] AFTER_SALES"]
    assert Conversation.objects.count() == 1  # one follower, one thread
    assert list(RawDelivery.objects.filter(status="ignored").order_by("pk").values_list("error", flat=True)) == [
        f"{OPENID} followed the account", "VIEW event: not a message"]


def test_malformed_and_forged_deliveries_are_on_the_problems_page(client, wechat_account, agent):
    post(client, wechat_account, "text_without_content.json")
    post(client, wechat_account, "text_forged.json")
    client.force_login(agent)
    page = client.get("/problems/").content.decode()
    assert '<p class="error">malformed: xml: Content: missing in a text message</p>' in page
    assert "bad signature: signature does not match token, timestamp and nonce" in page
