"""WhatsApp replies against a fake Graph API in its own process: text and files (uploaded, then
sent), every part sent once even when a retry follows, a refused token explained, 429 and 5xx
retried, permanent errors (131047, 131026) shown on the reply."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.whatsapp.client import WhatsAppClient
from sellerdesk.channels.whatsapp.tests.conftest import make_account, post
from sellerdesk.channels.whatsapp.tests.fakes import ACCESS_TOKEN, PHONE_NUMBER_ID, SENT, WA_ID
from sellerdesk.conversations.actions import OutgoingFile, send_reply
from sellerdesk.conversations.models import Conversation, Event
from sellerdesk.conversations.tasks import deliver
from sellerdesk.lib import clock
from tests.channels.webhookkit import run_worker

MESSAGES, MEDIA = f"POST /v21.0/{PHONE_NUMBER_ID}/messages", f"POST /v21.0/{PHONE_NUMBER_ID}/media"
WAMID_1, WAMID_2 = "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBIxMTExMTExMTExMTExMTExMQA=", "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBIyMjIyMjIyMjIyMjIyMjIyMgA="


def sent(wamid: str) -> dict:
    return {"json": {"messaging_product": "whatsapp", "contacts": [{"input": WA_ID, "wa_id": WA_ID}], "messages": [{"id": wamid}]}}


def graph_error(code: int, message: str, status: int = 400, **extra) -> dict:
    return {"status": status, "json": {"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf", **extra}}}


def answer(client, server, text="Sorry about that, a new one is on its way.", *, at=None, files=()):
    """The buyer writes (text.json), an agent answers; (account, reply, the delivery's outcome)."""
    account = make_account(server=server)
    post(client, account, "text.json")
    run_worker(SENT + dt.timedelta(seconds=2))
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("createagent", "agent1", password="agent-password", languages="en", verbosity=0)
    with clock.frozen(at or SENT + dt.timedelta(minutes=5)):
        reply = send_reply(Conversation.objects.get(), get_user_model().objects.get(username="agent1"), text, files=files)
        outcome = deliver(reply.pk)
    reply.refresh_from_db()
    return account, reply, outcome


def test_text_reply_is_sent_with_the_bearer_token_and_its_wamid_kept(client, db, api):
    server = api({MESSAGES: [sent(WAMID_1)]})
    _account, reply, outcome = answer(client, server)
    assert (outcome, reply.external_id) == ("sent", f"whatsapp:msg:{WAMID_1}")
    (request,) = server.requests()
    assert request["headers"]["Authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert json.loads(request["body"]) == {"messaging_product": "whatsapp", "recipient_type": "individual", "to": WA_ID, "type": "text",
                                           "text": {"preview_url": False, "body": "Sorry about that, a new one is on its way."}}


def test_file_is_uploaded_then_sent_as_a_document_after_the_text(client, db, api):
    server = api({MESSAGES: [sent(WAMID_1), sent(WAMID_2)], MEDIA: [{"json": {"id": "1037543291543636"}}]})
    _account, reply, outcome = answer(client, server, "The label is attached.",
                                      files=[OutgoingFile("return-label.pdf", "application/pdf", b"%PDF-1.7 label")])
    assert outcome == "sent"
    text, upload, document = server.requests()
    assert json.loads(text["body"])["text"]["body"] == "The label is attached."
    assert upload["path"] == f"/v21.0/{PHONE_NUMBER_ID}/media" and "multipart/form-data" in upload["headers"]["Content-Type"]
    assert 'name="messaging_product"\r\n\r\nwhatsapp' in upload["body"] and "%PDF-1.7 label" in upload["body"]
    assert json.loads(document["body"])["document"] == {"id": "1037543291543636", "filename": "return-label.pdf"}
    assert sorted(e.data["wamid"] for e in Event.objects.filter(kind="whatsapp_sent")) == sorted([WAMID_1, WAMID_2])


def test_a_retry_sends_only_the_parts_not_taken_yet(client, db, api, monkeypatch):
    # The text goes out; the upload meets 503 four times: the task will try again later.
    server = api({MESSAGES: [sent(WAMID_1), sent(WAMID_2)], MEDIA: [{"status": 503, "text": ""}] * 4 + [{"json": {"id": "55"}}]})
    monkeypatch.setattr(WhatsAppClient, "backoff", (0.0, 0.0, 0.0))
    _account, reply, outcome = answer(client, server, "Label attached.", files=[OutgoingFile("label.png", "image/png", b"\x89PNG")])
    assert (outcome, reply.error) == ("retrying", "retrying: WhatsApp: HTTP 503 after 4 tries")
    assert deliver(reply.pk, 1) == "sent"
    paths = [r["path"] for r in server.requests()]
    assert paths == [f"/v21.0/{PHONE_NUMBER_ID}/messages"] + [f"/v21.0/{PHONE_NUMBER_ID}/media"] * 5 + [f"/v21.0/{PHONE_NUMBER_ID}/messages"]
    assert json.loads(server.requests()[-1]["body"])["image"] == {"id": "55"}


def test_re_engagement_error_is_shown_on_the_reply(client, db, api):
    server = api({MESSAGES: [graph_error(131047, "Re-engagement message", error_data={
        "messaging_product": "whatsapp", "details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number."})]})
    _account, reply, outcome = answer(client, server)
    assert outcome == "failed"
    assert reply.error == ("WhatsApp text message refused: 131047 Re-engagement message (Message failed to send because more than 24 hours "
                           "have passed since the customer last replied to this number.): more than 24 hours have passed since the "
                           "buyer's last message: only an approved template can reach them now")
    assert Conversation.objects.get().has_problem is True


def test_undeliverable_number_is_a_permanent_error(db, api):
    server = api({MESSAGES: [graph_error(131026, "Message undeliverable")]})
    with pytest.raises(PermanentSendError) as exc:
        WhatsAppClient(make_account(server=server), sleep=lambda s: None).send_text(WA_ID, "hello")
    assert str(exc.value).startswith("WhatsApp text message refused: 131026 Message undeliverable: the message could not be delivered")


def test_expired_token_says_what_to_do(db, api):
    server = api({MESSAGES: [graph_error(190, "Error validating access token: Session has expired on Tuesday, 04-Nov-25.", status=401,
                                         error_subcode=463)]})
    with pytest.raises(PermanentSendError) as exc:
        WhatsAppClient(make_account(server=server), sleep=lambda s: None).send_text(WA_ID, "hello")
    assert str(exc.value) == ("WhatsApp refused the access token (190 Error validating access token: Session has expired on Tuesday, "
                              "04-Nov-25.): create a new one (Business Settings → System users) and enter it on the account's set-up page")
    assert len(server.requests()) == 1


def test_rate_limits_wait_and_try_again(db, api):
    server = api({MESSAGES: [{"status": 429, "headers": {"Retry-After": "2"}, "json": {}},
                             graph_error(130429, "Rate limit hit"), sent(WAMID_1)]})
    waits = []
    assert WhatsAppClient(make_account(server=server), sleep=waits.append).send_text(WA_ID, "hello") == [WAMID_1]
    assert waits == [2.0, 5.0]


def test_server_errors_are_retried_then_left_to_the_queue(db, api):
    server = api({MESSAGES: [{"status": 500, "json": {"error": {"message": "An unknown error occurred", "code": 1}}}]})
    waits = []
    with pytest.raises(RetryableSendError) as exc:
        WhatsAppClient(make_account(server=server), sleep=waits.append).send_text(WA_ID, "hello")
    assert (str(exc.value), waits, len(server.requests())) == ("WhatsApp: HTTP 500 after 4 tries", [0.5, 2.0, 5.0], 4)


def test_long_text_goes_as_several_messages(db, api):
    server = api({MESSAGES: [sent(WAMID_1), sent(WAMID_2)]})
    assert WhatsAppClient(make_account(server=server)).send_text(WA_ID, "a" * 4096 + "b") == [WAMID_1, WAMID_2]
    assert [json.loads(r["body"])["text"]["body"] for r in server.requests()] == ["a" * 4096, "b"]


def test_not_configured_names_what_is_missing(db):
    with pytest.raises(PermanentSendError) as exc:
        WhatsAppClient(make_account(access_token=""))
    assert str(exc.value) == "not configured: WhatsApp needs the access token"


def test_media_url_that_is_not_a_web_address_gets_no_token(db, api):
    server = api({"GET /v21.0/1479537139650973": [{"json": {"url": "file:///etc/passwd", "mime_type": "image/jpeg"}}]})
    with pytest.raises(PermanentSendError) as exc:
        WhatsAppClient(make_account(server=server)).media("1479537139650973")
    assert str(exc.value) == "WhatsApp media answer: url is not a web address: 'file:///etc/passwd'"
    assert len(server.requests()) == 1
