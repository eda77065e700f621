"""eBay Message API replies against a fake eBay in its own process: the reply a task delivers
(continuing eBay's conversation, or writing to the buyer about the order), user token refresh,
401 answered by one refresh, 429 Retry-After, 5xx retries, refusals shown on the conversation."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qsl

import pytest

from sellerdesk.channels.apiclient import NotConfigured
from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.ebay.client import EbayClient
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation, Event, Message
from sellerdesk.conversations.tasks import deliver
from sellerdesk.lib import clock
from tests.channels.apikit import api  # noqa: F401
from tests.channels.fakesecrets import EBAY_SELLER
from tests.channels.webhookkit import capture, post, run_worker

NOW = dt.datetime(2026, 11, 5, 9, 0, tzinfo=dt.timezone.utc)
SEND = "POST /commerce/message/v1/send_message"
TOKEN = "POST /identity/v1/oauth2/token"
CLIENT_ID, CLIENT_SECRET = "SellerDe-desk-PRD-0123456789", "PRD-0123456789ab"
SENT = {"json": {"messageId": "2451233920099", "conversationId": "3087654321"}}
NEW_TOKEN = {"json": {"access_token": "v^1.1#i^1#user-new", "expires_in": 7200, "token_type": "User Access Token"}}


def sender_for(server, **creds) -> ChannelAccount:
    """The same account receives (Notification API) and sends (Message API); the key server is the fake one too."""
    from tests.channels.build_fixtures import ebay_public_pem
    from tests.channels.fakesecrets import EBAY_KID, EBAY_VERIFICATION_TOKEN

    account = ChannelAccount(kind="ebay", name="eBay US", address=EBAY_SELLER, marketplace="US", config={
        "api_base": server.url, "token_url": server.url + "/identity/v1/oauth2/token", "public_keys": {EBAY_KID: ebay_public_pem()}})
    account.credentials = {"verification_token": EBAY_VERIFICATION_TOKEN, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                           "access_token": "v^1.1#i^1#user-old", "access_token_expires_at": int(NOW.timestamp()) + 3600,
                           "refresh_token": "v^1.1#i^1#r^1#refresh", **creds}
    account.save()
    return account


def reply_on(client, account, text="The parcel left our warehouse on Monday; here is the new tracking.", fixture="message_new.json") -> Message:
    post(client, f"/hooks/ebay/{account.pk}/", capture("ebay", fixture))
    run_worker(NOW)
    conv = Conversation.objects.get()
    return Message.objects.create(conversation=conv, account=account, direction=Message.Direction.OUTBOUND, sender=account.address,
                                  recipients=["buyer_xyz"], body_text=text, external_id="<sd-1.eb@sellerdesk.local>",
                                  delivery_status=Message.Delivery.QUEUED, sent_at=NOW, created_at=NOW)


def send_with(account, sleeps=None, **kwargs):
    with clock.frozen(NOW):
        return EbayClient(account, sleep=sleeps.append if sleeps is not None else (lambda s: None)).send_message("Hello", **kwargs)


def test_reply_continues_the_buyers_ebay_conversation(client, db, api):
    server = api({SEND: [SENT]})
    account = sender_for(server)
    reply = reply_on(client, account)
    with clock.frozen(NOW):
        assert deliver(reply.pk) == "sent"
    (request,) = server.requests()
    assert request["path"] == "/commerce/message/v1/send_message"
    assert (request["headers"]["Authorization"], request["headers"]["X-EBAY-C-MARKETPLACE-ID"]) == ("Bearer v^1.1#i^1#user-old", "EBAY_US")
    assert json.loads(request["body"]) == {"messageText": "The parcel left our warehouse on Monday; here is the new tracking.",
                                           "conversationId": "3087654321"}
    reply.refresh_from_db()
    assert (reply.delivery_status, reply.error) == ("sent", "")


def test_without_an_ebay_conversation_it_writes_to_the_buyer_about_the_order(db, api):
    server = api({SEND: [SENT]})
    account = sender_for(server)
    assert send_with(account, username="buyer_xyz", reference={"referenceId": "12-34567-89012", "referenceType": "ORDER"}) == "2451233920099"
    assert json.loads(server.requests()[0]["body"]) == {
        "messageText": "Hello", "otherPartyUsername": "buyer_xyz", "reference": {"referenceId": "12-34567-89012", "referenceType": "ORDER"}}


def test_reply_target_of_a_return_thread_is_the_buyer_and_the_order(client, db, api):
    from sellerdesk.channels.ebay.channel import reply_target

    server = api({})
    reply = reply_on(client, sender_for(server), fixture="return_created.json")
    assert reply_target(reply) == ("", "buyer_xyz", {"referenceId": reply.conversation.thread_key.removeprefix("ebay:order:"), "referenceType": "ORDER"})


def test_expired_token_is_refreshed_with_the_refresh_token(db, api):
    server = api({TOKEN: [NEW_TOKEN], SEND: [SENT]})
    account = sender_for(server, access_token_expires_at=int(NOW.timestamp()) - 10)
    send_with(account, conversation_id="3087654321")
    refresh, sent = server.requests()
    assert dict(parse_qsl(refresh["body"])) == {"grant_type": "refresh_token", "refresh_token": "v^1.1#i^1#r^1#refresh",
                                                "scope": "https://api.ebay.com/oauth/api_scope/commerce.message"}
    import base64
    assert refresh["headers"]["Authorization"] == "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert sent["headers"]["Authorization"] == "Bearer v^1.1#i^1#user-new"
    account.refresh_from_db()
    assert (account.credentials["access_token"], account.credentials["access_token_expires_at"], account.credentials["refresh_token"]) == (
        "v^1.1#i^1#user-new", int(NOW.timestamp()) + 7200, "v^1.1#i^1#r^1#refresh")
    assert Event.objects.get(kind="channel_token_refreshed").data == {"account_id": account.pk, "expires_at": int(NOW.timestamp()) + 7200}


def test_401_refreshes_once_then_sends(db, api):
    invalid = {"status": 401, "json": {"errors": [{"errorId": 1001, "domain": "OAuth", "category": "REQUEST", "message": "Invalid access token",
                                                   "longMessage": "Invalid access token. Check the value of the Authorization HTTP request header."}]}}
    server = api({TOKEN: [NEW_TOKEN], SEND: [invalid, SENT]})
    assert send_with(sender_for(server), conversation_id="3087654321") == "2451233920099"
    assert [r["path"] for r in server.requests()] == [SEND.split()[1], TOKEN.split()[1], SEND.split()[1]]


def test_refresh_refused(db, api):
    server = api({TOKEN: [{"status": 400, "json": {"error": "invalid_grant", "error_description": "the provided authorization refresh token is invalid or was issued to another client"}}]})
    with pytest.raises(PermanentSendError, match=r"^eBay token refresh refused: HTTP 400: invalid_grant the provided authorization refresh token is invalid or was issued to another client$"):
        send_with(sender_for(server, access_token_expires_at=1), conversation_id="3087654321")


def test_429_waits_retry_after(db, api):
    server = api({SEND: [{"status": 429, "headers": {"Retry-After": "100"}, "json": {"errors": [{"errorId": 2001, "message": "Too many requests."}]}}, SENT]})
    sleeps = []
    assert send_with(sender_for(server), sleeps, conversation_id="3087654321") == "2451233920099"
    assert sleeps == [30.0]  # eBay's 100 s block, capped: the task queue tries again later if it persists


def test_5xx_retries_then_the_task_retries_later(client, db, api):
    server = api({SEND: [{"status": 500, "json": {"errors": [{"errorId": 10000, "message": "There was a problem with an eBay internal system."}]}}]})
    account = sender_for(server)
    reply = reply_on(client, account)
    with clock.frozen(NOW):
        assert deliver(reply.pk) == "retrying"
    reply.refresh_from_db()
    assert (reply.delivery_status, reply.error) == ("queued", "retrying: eBay: HTTP 500 after 4 tries")
    with pytest.raises(RetryableSendError):
        send_with(account, conversation_id="3087654321")


def test_refusal_fails_the_message_with_ebays_reason_on_the_conversation_page(client, db, api, agent):
    refusal = {"status": 400, "json": {"errors": [{"errorId": 355001, "domain": "API_MESSAGE", "category": "REQUEST",
                                                   "message": "The conversation is closed.", "longMessage": "The conversation is closed."}]}}
    server = api({SEND: [refusal]})
    reply = reply_on(client, sender_for(server))
    with clock.frozen(NOW):
        assert deliver(reply.pk) == "failed"
    reply.refresh_from_db()
    assert (reply.delivery_status, reply.error) == ("failed", "eBay send_message refused: HTTP 400: 355001 The conversation is closed.")
    assert Conversation.objects.get().has_problem is True
    client.force_login(agent)
    page = client.get(f"/conversations/{reply.conversation_id}/").content.decode()
    assert "eBay send_message refused: HTTP 400: 355001 The conversation is closed." in page


def test_not_configured(client, db, api):
    server = api({})
    account = sender_for(server)
    reply = reply_on(client, account)
    account.credentials = {"verification_token": "x"}
    account.save()
    with clock.frozen(NOW):
        assert deliver(reply.pk) == "failed"
    reply.refresh_from_db()
    assert reply.error == "not configured: eBay sending needs the user access token, or a refresh token with the client id and secret"
    with pytest.raises(NotConfigured):
        EbayClient(account)
    assert server.requests() == []


def test_a_reply_with_files_is_refused_not_sent_without_them(client, db, api):
    from sellerdesk.conversations.models import Attachment

    server = api({SEND: [SENT]})
    reply = reply_on(client, sender_for(server))
    Attachment.objects.create(message=reply, filename="label.pdf", content_type="application/pdf", size=4, data=b"%PDF")
    with clock.frozen(NOW):
        assert deliver(reply.pk) == "failed"
    reply.refresh_from_db()
    assert reply.error == "eBay replies from here carry text only: send the files in eBay Messages"
    assert server.requests() == []
