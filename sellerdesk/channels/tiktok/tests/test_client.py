"""TikTok Shop Customer Service API client against a fake API server in its own process:
signing, token refresh, 429 Retry-After, 5xx retries, permanent errors, not configured."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from urllib.parse import parse_qsl

import pytest

from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.tiktok.client import TikTokClient
from sellerdesk.conversations.models import Conversation, Event, Message
from sellerdesk.lib import clock
from tests.channels.fakesecrets import TIKTOK_APP_KEY, TIKTOK_APP_SECRET, TIKTOK_SHOP_ID
from tests.channels.webhookkit import capture, post, run_worker
from tests.channels.apikit import api  # noqa: F401 - the fake-server fixture

NOW = dt.datetime(2025, 11, 4, 9, 15, tzinfo=dt.timezone.utc)
CONV = "7412345678901234567"
SEND = f"POST /customer_service/202309/conversations/{CONV}/messages"
REFRESH = "GET /api/v2/token/refresh"
OK = {"json": {"code": 0, "message": "Success", "data": {"message_id": "7412345678901400000"}}}
NEW_TOKEN = {"json": {"code": 0, "message": "success", "data": {
    "access_token": "ROW_new-access", "access_token_expire_in": 1762852500, "refresh_token": "ROW_new-refresh",
    "refresh_token_expire_in": 1793000000}}}


def account_for(server, *, expires_at=1762900000, **creds) -> ChannelAccount:
    account = ChannelAccount(kind="tiktok", name="TikTok US", address=TIKTOK_SHOP_ID, marketplace="US", config={
        "app_key": TIKTOK_APP_KEY, "shop_cipher": "ROW_cipher123", "api_base": server.url, "auth_base": server.url})
    account.credentials = {"app_secret": TIKTOK_APP_SECRET, "access_token": "ROW_old-access",
                           "access_token_expires_at": expires_at, "refresh_token": "ROW_old-refresh", **creds}
    account.save()
    return account


def send(account, sleeps=None):
    with clock.frozen(NOW):
        return TikTokClient(account, sleep=(sleeps.append if sleeps is not None else lambda s: None)).send_text(CONV, "We are on it!")


def expected_sign(path: str, params: dict, body: str) -> str:
    # channels.md §4, written out here independently of the client.
    base = TIKTOK_APP_SECRET + path + "".join(k + params[k] for k in sorted(params) if k not in ("sign", "access_token")) + body + TIKTOK_APP_SECRET
    return hmac.new(TIKTOK_APP_SECRET.encode(), base.encode(), hashlib.sha256).hexdigest()


def test_signed_send_with_a_valid_token(db, api):
    server = api({SEND: [OK]})
    assert send(account_for(server)) == "7412345678901400000"
    (request,) = server.requests()
    params = dict(parse_qsl(request["query"]))
    assert {k: v for k, v in params.items() if k != "sign"} == {"app_key": TIKTOK_APP_KEY, "timestamp": "1762247700", "shop_cipher": "ROW_cipher123"}
    assert params["sign"] == expected_sign(f"/customer_service/202309/conversations/{CONV}/messages", params, request["body"])
    assert request["headers"]["x-tts-access-token"] == "ROW_old-access"
    assert json.loads(request["body"]) == {"type": "TEXT", "content": '{"content": "We are on it!"}'}


def test_expired_token_is_refreshed_first_and_stored_encrypted(db, api):
    server = api({REFRESH: [NEW_TOKEN], SEND: [OK]})
    account = account_for(server, expires_at=1762247000)  # expired before NOW
    send(account)
    refresh, sent = server.requests()
    assert (refresh["method"], refresh["path"]) == ("GET", "/api/v2/token/refresh")
    assert dict(parse_qsl(refresh["query"])) == {"app_key": TIKTOK_APP_KEY, "app_secret": TIKTOK_APP_SECRET,
                                                 "refresh_token": "ROW_old-refresh", "grant_type": "refresh_token"}
    assert sent["headers"]["x-tts-access-token"] == "ROW_new-access"
    account.refresh_from_db()
    assert (account.credentials["access_token"], account.credentials["refresh_token"], account.credentials["access_token_expires_at"]) == (
        "ROW_new-access", "ROW_new-refresh", 1762852500)
    assert "ROW_new-access" not in account.credentials_encrypted
    assert Event.objects.get(kind="channel_token_refreshed").data == {"account_id": account.pk, "expires_at": 1762852500}


def test_token_rejected_by_the_api_is_refreshed_once(db, api):
    server = api({REFRESH: [NEW_TOKEN], SEND: [{"json": {"code": 105002, "message": "Expired credentials"}}, OK]})
    assert send(account_for(server)) == "7412345678901400000"
    assert [r["path"] for r in server.requests()] == [
        f"/customer_service/202309/conversations/{CONV}/messages", "/api/v2/token/refresh",
        f"/customer_service/202309/conversations/{CONV}/messages"]


def test_429_waits_retry_after_then_sends(db, api):
    server = api({SEND: [{"status": 429, "headers": {"Retry-After": "3"}, "json": {"code": 36009003, "message": "too many"}}, OK]})
    sleeps = []
    assert send(account_for(server), sleeps) == "7412345678901400000"
    assert sleeps == [3.0]


def test_5xx_backs_off_and_retries(db, api):
    server = api({SEND: [{"status": 503, "text": "busy"}, {"status": 502, "text": "bad gateway"}, OK]})
    sleeps = []
    assert send(account_for(server), sleeps) == "7412345678901400000"
    assert (sleeps, len(server.requests())) == ([0.5, 2.0], 3)


def test_5xx_every_time_is_retryable(db, api):
    server = api({SEND: [{"status": 500, "text": "oops"}]})
    sleeps = []
    with pytest.raises(RetryableSendError, match=r"^TikTok Shop: HTTP 500 after 4 tries$"):
        send(account_for(server), sleeps)
    assert (sleeps, len(server.requests())) == ([0.5, 2.0, 5.0], 4)


def test_platform_refusal_is_permanent(db, api):
    server = api({SEND: [{"json": {"code": 12019001, "message": "conversation not exist"}}]})
    with pytest.raises(PermanentSendError, match=r"^TikTok Shop send message refused: HTTP 200, code 12019001: conversation not exist$"):
        send(account_for(server))
    assert len(server.requests()) == 1


def test_not_configured(db, api):
    server = api({})
    account = account_for(server)
    account.config = {"app_key": TIKTOK_APP_KEY}
    account.credentials = {}
    account.save()
    with pytest.raises(PermanentSendError, match=r"^not configured: TikTok Shop sending needs the shop cipher, app secret, access or refresh token$"):
        send(account)


def test_reply_to_a_buyer_chat_goes_out_through_the_task(client, db, api):
    from sellerdesk.conversations.tasks import deliver

    server = api({SEND: [OK]})
    account = account_for(server)
    post(client, f"/hooks/tiktok/{account.pk}/", capture("tiktok", "new_message.json"))
    run_worker(NOW)
    conv = Conversation.objects.get()
    reply = Message.objects.create(conversation=conv, account=account, direction=Message.Direction.OUTBOUND, sender=account.address,
                                   body_text="Checking with the carrier now.", external_id="<sd-1.tt@sellerdesk.local>",
                                   delivery_status=Message.Delivery.QUEUED, sent_at=NOW, created_at=NOW)
    with clock.frozen(NOW):
        assert deliver(reply.pk) == "sent"
    assert json.loads(server.requests()[0]["body"]) == {"type": "TEXT", "content": '{"content": "Checking with the carrier now."}'}


def test_a_reply_with_files_is_refused_not_sent_without_them(client, db, api):
    from sellerdesk.conversations.models import Attachment
    from sellerdesk.conversations.tasks import deliver

    server = api({SEND: [OK]})
    account = account_for(server)
    post(client, f"/hooks/tiktok/{account.pk}/", capture("tiktok", "new_message.json"))
    run_worker(NOW)
    reply = Message.objects.create(conversation=Conversation.objects.get(), account=account, direction=Message.Direction.OUTBOUND,
                                   sender=account.address, body_text="Photo of the label attached.", external_id="<sd-2.tt@sellerdesk.local>",
                                   delivery_status=Message.Delivery.QUEUED, sent_at=NOW, created_at=NOW)
    Attachment.objects.create(message=reply, filename="label.jpg", content_type="image/jpeg", size=3, data=b"\xff\xd8\xff")
    with clock.frozen(NOW):
        assert deliver(reply.pk) == "failed"
    reply.refresh_from_db()
    assert reply.error == "TikTok Shop replies from here carry text only: send the files in Seller Center"
    assert server.requests() == []
