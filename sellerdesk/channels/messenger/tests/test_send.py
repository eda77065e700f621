"""Messenger replies through the Send API against a fake Graph server in its own process: the
24 h window, the HUMAN_AGENT tag up to 7 days where the app has it, files, and Meta's errors —
token expired, rate limits, 5xx, the closed window, a person who cannot be reached."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model

from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.messenger.client import GraphClient
from sellerdesk.channels.messenger.tests.conftest import make_account, post
from sellerdesk.channels.messenger.tests.fakes import PAGE_ACCESS_TOKEN, PSID, SENT
from sellerdesk.channels.messenger.window import send_mode
from sellerdesk.conversations.actions import OutgoingFile, send_reply
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.conversations.tasks import deliver
from sellerdesk.lib import clock
from tests.channels.webhookkit import run_worker

SEND = "POST /me/messages"
MID_OUT = "m_9Out0reply00000000000000000000000000000000000000000000000000000009"
OK = {"json": {"recipient_id": PSID, "message_id": MID_OUT}}
TEXT = "Sorry for the wait: the carrier has released your parcel."


def error(code: int, message: str, subcode: int | None = None, status: int = 400) -> dict:
    e = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "A1b2C3d4E5f"}
    if subcode:
        e["error_subcode"] = subcode
    return {"status": status, "json": {"error": e}}


def answer(client, server, agent, *, at, human_agent=False, files=()):
    """The buyer writes (text.json), an agent answers at `at`; (account, reply, delivery outcome)."""
    account = make_account(server=server, human_agent=human_agent)
    post(client, account, "text.json")
    run_worker(SENT + dt.timedelta(seconds=2))
    with clock.frozen(at):
        reply = send_reply(Conversation.objects.get(), agent, TEXT, files=files)
        outcome = deliver(reply.pk)
    reply.refresh_from_db()
    return account, reply, outcome


def test_reply_within_24_hours_is_a_response_carrying_our_metadata(client, agent, api):
    server = api({SEND: [OK]})
    _account, reply, outcome = answer(client, server, agent, at=SENT + dt.timedelta(hours=3))
    assert (outcome, reply.external_id) == ("sent", f"messenger:mid:{MID_OUT}")
    (request,) = server.requests()
    assert json.loads(request["body"]) == {"recipient": {"id": PSID}, "messaging_type": "RESPONSE",
                                           "message": {"text": TEXT, "metadata": f"sellerdesk:{reply.pk}"}}
    assert request["headers"]["Authorization"] == f"Bearer {PAGE_ACCESS_TOKEN}"
    assert "access_token" not in request["query"]


def test_after_24_hours_the_human_agent_tag_is_used_where_the_app_has_it(client, agent, api):
    server = api({SEND: [OK]})
    _account, _reply, outcome = answer(client, server, agent, at=SENT + dt.timedelta(days=3), human_agent=True)
    assert outcome == "sent"
    body = json.loads(server.requests()[0]["body"])
    assert (body["messaging_type"], body["tag"]) == ("MESSAGE_TAG", "HUMAN_AGENT")


def test_after_24_hours_without_the_human_agent_feature_the_reply_is_refused(client, agent, api):
    server = api({SEND: [OK]})
    _account, reply, outcome = answer(client, server, agent, at=SENT + dt.timedelta(hours=30))
    assert (outcome, reply.error) == ("failed", "the buyer's last message was 30 h ago: after 24 h Messenger needs the HUMAN_AGENT "
                                                "tag, and this account does not say the app has the Human Agent feature (set-up page)")
    assert server.requests() == []
    assert Conversation.objects.get().has_problem is True


def test_after_7_days_nothing_goes_out(client, agent, db):
    account = make_account(human_agent=True)
    post(client, account, "text.json")
    run_worker(SENT + dt.timedelta(seconds=2))
    conversation = Conversation.objects.get()
    reply = Message(conversation=conversation, account=account, direction="out", author=agent, body_text=TEXT)
    with clock.frozen(SENT + dt.timedelta(days=8)), pytest.raises(PermanentSendError) as exc:
        send_mode(reply, "Messenger")
    assert str(exc.value) == ("the buyer's last message was 192 h ago: Messenger accepts no reply after 7 days; "
                              "the buyer has to write again")
    automated = Message(conversation=conversation, account=account, direction="out", author=None, body_text=TEXT)
    with clock.frozen(SENT + dt.timedelta(days=2)), pytest.raises(PermanentSendError) as exc:
        send_mode(automated, "Messenger")
    assert "never an automated one" in str(exc.value)


def test_a_file_goes_as_multipart_after_the_text(client, agent, api):
    server = api({SEND: [OK, {"json": {"recipient_id": PSID, "message_id": "m_file0001"}}]})
    files = [OutgoingFile("label.png", "image/png", b"\x89PNG\r\n\x1a\nlabel")]
    _account, reply, outcome = answer(client, server, agent, at=SENT + dt.timedelta(hours=1), files=files)
    assert outcome == "sent"
    text, upload = server.requests()
    assert upload["headers"]["Content-Type"].startswith("multipart/form-data; boundary=")
    assert 'name="filedata"; filename="label.png"' in upload["body"]
    assert json.dumps({"attachment": {"type": "image", "payload": {"is_reusable": False}}, "metadata": f"sellerdesk:{reply.pk}"}) in upload["body"]
    assert 'name="messaging_type"\r\n\r\nRESPONSE' in upload["body"]


def test_expired_token_fails_the_reply_and_marks_the_account(client, agent, api):
    server = api({SEND: [error(190, "Error validating access token: Session has expired on Tuesday, 04-Nov-25 10:00:00 PST.",
                               subcode=463, status=400)]})
    account, reply, outcome = answer(client, server, agent, at=SENT + dt.timedelta(hours=1))
    expected = ("Messenger send refused: HTTP 400: (#190/463) Error validating access token: Session has expired on Tuesday, "
                "04-Nov-25 10:00:00 PST. — the Page access token expired or was revoked: generate a new one (Meta app dashboard) "
                "and enter it on the set-up page")
    assert (outcome, reply.error) == ("failed", expected)
    account.refresh_from_db()
    assert account.last_error == expected.removeprefix("Messenger send refused: HTTP 400: ")
    assert len(server.requests()) == 1


def test_window_closed_and_unreachable_person_are_shown(client, agent, api):
    server = api({SEND: [error(10, "(#10) This message is sent outside of allowed window.", subcode=2018278)]})
    _account, reply, outcome = answer(client, server, agent, at=SENT + dt.timedelta(hours=1))
    assert (outcome, reply.error) == ("failed", "Messenger send refused: HTTP 400: (#10/2018278) (#10) This message is sent outside "
                                                "of allowed window. — outside the reply window: Meta accepts replies within 24 h of "
                                                "the buyer's last message, up to 7 days with the HUMAN_AGENT tag where the app has it")


def test_person_not_available(db, api):
    server = api({SEND: [error(551, "This person isn't available right now.", subcode=1545041)]})
    with pytest.raises(PermanentSendError) as exc:
        GraphClient(make_account(server=server), sleep=lambda s: None).send_text(PSID, TEXT, {"messaging_type": "RESPONSE"})
    assert str(exc.value) == ("Messenger send refused: HTTP 400: (#551/1545041) This person isn't available right now. — this person "
                              "cannot be reached (they blocked the page or left Messenger/Instagram)")


def test_rate_limits_wait_and_5xx_backs_off(db, api):
    server = api({SEND: [error(613, "Calls to this api have exceeded the rate limit."),
                         {"status": 429, "json": {"error": {"message": "Too many", "code": 80006}}, "headers": {"Retry-After": "3"}},
                         {"status": 500, "json": {"error": {"message": "An unknown error occurred", "code": 1}}}, OK]})
    sleeps = []
    mid = GraphClient(make_account(server=server), sleep=sleeps.append).send_text(PSID, TEXT, {"messaging_type": "RESPONSE"})
    assert (mid, sleeps) == (MID_OUT, [5.0, 3.0, 5.0])  # the third try backs off 5 s


def test_5xx_every_time_is_retryable(db, api):
    server = api({SEND: [{"status": 503, "text": "Service Unavailable"}]})
    with pytest.raises(RetryableSendError) as exc:
        GraphClient(make_account(server=server), sleep=lambda s: None).send_text(PSID, TEXT, {"messaging_type": "RESPONSE"})
    assert str(exc.value) == "Messenger: HTTP 503 after 4 tries"
    assert len(server.requests()) == 4


def test_not_configured_names_what_is_missing(db):
    with pytest.raises(PermanentSendError) as exc:
        GraphClient(make_account(page_access_token=""))
    assert str(exc.value) == "not configured: Messenger needs the Page access token"


def test_long_text_goes_in_parts_of_2000(client, agent, api):
    server = api({SEND: [OK, {"json": {"recipient_id": PSID, "message_id": "m_part2"}}]})
    account = make_account(server=server)
    post(client, account, "text.json")
    run_worker(SENT + dt.timedelta(seconds=2))
    with clock.frozen(SENT + dt.timedelta(hours=1)):
        reply = send_reply(Conversation.objects.get(), agent, "x" * 2500)
        assert deliver(reply.pk) == "sent"
    assert [len(json.loads(r["body"])["message"]["text"]) for r in server.requests()] == [2000, 500]
    assert get_user_model().objects.count() == 1


def test_a_retry_after_a_failed_file_does_not_send_the_text_again(client, agent, api, monkeypatch):
    server = api({SEND: [OK, {"status": 503, "text": "down"}, {"status": 503, "text": "down"}, {"status": 503, "text": "down"},
                         {"status": 503, "text": "down"}, {"json": {"recipient_id": PSID, "message_id": "m_file0002"}}]})
    monkeypatch.setattr(GraphClient, "backoff", (0.0,))  # no real waiting between the four tries
    account = make_account(server=server)
    post(client, account, "text.json")
    run_worker(SENT + dt.timedelta(seconds=2))
    with clock.frozen(SENT + dt.timedelta(hours=1)):
        reply = send_reply(Conversation.objects.get(), agent, TEXT, files=[OutgoingFile("label.pdf", "application/pdf", b"%PDF-1.7")])
        assert deliver(reply.pk) == "retrying"
        reply.refresh_from_db()
        assert (reply.external_id, reply.flags) == (f"messenger:mid:{MID_OUT}", ["sent-part:0"])
        assert deliver(reply.pk, attempt=1) == "sent"
    reply.refresh_from_db()
    assert (reply.delivery_status, reply.flags, reply.external_id) == ("sent", [], f"messenger:mid:{MID_OUT}")
    bodies = [r["body"] for r in server.requests()]
    assert [("filedata" in b) for b in bodies] == [False, True, True, True, True, True]
