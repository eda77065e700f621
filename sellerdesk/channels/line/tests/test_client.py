"""LINE replies and pushes against a fake LINE server in its own process: the reply token while it
is fresh, push (with a retry key) otherwise, short-lived tokens issued and renewed, 429 / 5xx
retried, the monthly limit and a refused token explained."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qsl

import pytest

from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.line.client import LineClient, retry_key
from sellerdesk.channels.line.tests.conftest import make_account, post
from sellerdesk.channels.line.tests.fakes import CHANNEL_ACCESS_TOKEN, CHANNEL_ID, CHANNEL_SECRET, SENT, USER_ID
from sellerdesk.conversations.actions import send_reply
from sellerdesk.conversations.models import Conversation
from sellerdesk.conversations.tasks import deliver
from sellerdesk.lib import clock
from tests.channels.webhookkit import run_worker

REPLY, PUSH, TOKEN = "POST /v2/bot/message/reply", "POST /v2/bot/message/push", "POST /oauth2/v3/token"
OK = {"json": {"sentMessages": [{"id": "461230966842064897", "quoteToken": "IStG5h1Tz7b"}]}}
TEXT = [{"type": "text", "text": "お届けは明日の予定です。"}]


def answer(client, server, *, at, long_lived=True, **creds):
    """The buyer writes (text.json), an agent answers at `at`; the delivery's outcome."""
    account = make_account(server=server, long_lived=long_lived, **creds)
    post(client, account, "text.json")
    run_worker(SENT + dt.timedelta(seconds=2))
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("createagent", "agent1", password="agent-password", languages="ja", verbosity=0)
    with clock.frozen(at):
        reply = send_reply(Conversation.objects.get(), get_user_model().objects.get(username="agent1"), "お届けは明日の予定です。")
        outcome = deliver(reply.pk)
    reply.refresh_from_db()
    return account, reply, outcome


def test_fresh_reply_token_is_used(client, db, api):
    server = api({REPLY: [OK]})
    _account, reply, outcome = answer(client, server, at=SENT + dt.timedelta(seconds=20))
    assert outcome == "sent"
    (request,) = server.requests()
    assert json.loads(request["body"]) == {"replyToken": "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA", "messages": TEXT}
    assert request["headers"]["Authorization"] == f"Bearer {CHANNEL_ACCESS_TOKEN}"


def test_stale_reply_token_pushes_with_a_retry_key(client, db, api):
    server = api({PUSH: [OK]})
    account, reply, outcome = answer(client, server, at=SENT + dt.timedelta(minutes=5))
    assert outcome == "sent"
    (request,) = server.requests()
    assert (request["path"], json.loads(request["body"])) == ("/v2/bot/message/push", {"to": USER_ID, "messages": TEXT})
    assert request["headers"]["X-Line-Retry-Key"] == retry_key(account.pk, reply.pk)


def test_refused_reply_token_falls_back_to_push(client, db, api):
    server = api({REPLY: [{"status": 400, "json": {"message": "Invalid reply token"}}], PUSH: [OK]})
    _account, _reply, outcome = answer(client, server, at=SENT + dt.timedelta(seconds=20))
    assert outcome == "sent"
    assert [r["path"] for r in server.requests()] == ["/v2/bot/message/reply", "/v2/bot/message/push"]


def test_push_accepted_before_counts_as_sent(client, db, api):
    server = api({PUSH: [{"status": 409, "json": {"message": "The retry key is already accepted"}}]})
    _account, reply, outcome = answer(client, server, at=SENT + dt.timedelta(minutes=5))
    assert (outcome, reply.delivery_status) == ("sent", "sent")


def test_monthly_limit_is_not_retried_and_is_shown(client, db, api):
    server = api({PUSH: [{"status": 429, "json": {"message": "You have reached your monthly limit."}}]})
    _account, reply, outcome = answer(client, server, at=SENT + dt.timedelta(minutes=5))
    assert (outcome, reply.error) == ("failed", "LINE push message refused: HTTP 429: You have reached your monthly limit.")
    assert len(server.requests()) == 1
    assert Conversation.objects.get().has_problem is True


def test_rate_limit_waits_and_5xx_backs_off(db, api):
    server = api({PUSH: [{"status": 429, "json": {"message": "The API rate limit has been exceeded. Try again later."},
                          "headers": {"Retry-After": "2"}}, {"status": 500, "text": "oops"}, OK]})
    sleeps = []
    LineClient(make_account(server=server), sleep=sleeps.append).push(USER_ID, TEXT, "a-key")
    assert sleeps == [2.0, 2.0]
    assert len(server.requests()) == 3


def test_5xx_every_time_is_retryable(db, api):
    server = api({PUSH: [{"status": 503, "text": "down"}]})
    with pytest.raises(RetryableSendError) as exc:
        LineClient(make_account(server=server), sleep=lambda s: None).push(USER_ID, TEXT, "a-key")
    assert str(exc.value) == "LINE: HTTP 503 after 4 tries"


def test_refused_long_lived_token_says_what_to_do(db, api):
    server = api({PUSH: [{"status": 401, "json": {"message": "Authentication failed. Confirm that the access token in the authorization header is valid."}}]})
    with pytest.raises(PermanentSendError) as exc:
        LineClient(make_account(server=server), sleep=lambda s: None).push(USER_ID, TEXT, "a-key")
    assert str(exc.value) == "LINE refused the channel access token (401): issue a new one in the LINE Developers console"


def test_short_lived_token_is_issued_cached_and_renewed_once_when_refused(db, api):
    server = api({TOKEN: [{"json": {"access_token": "SHORT_1", "expires_in": 900, "token_type": "Bearer"}},
                          {"json": {"access_token": "SHORT_2", "expires_in": 900, "token_type": "Bearer"}}],
                  PUSH: [OK, {"status": 401, "json": {"message": "Authentication failed."}}, OK]})
    account = make_account(server=server, long_lived=False)
    now = SENT + dt.timedelta(minutes=5)
    with clock.frozen(now):
        LineClient(account).push(USER_ID, TEXT, "key-1")
        account.refresh_from_db()
        LineClient(account).push(USER_ID, TEXT, "key-2")  # the stored token, refused: renewed once
    calls = server.requests()
    assert [(r["path"], r["headers"].get("Authorization")) for r in calls] == [
        ("/oauth2/v3/token", None), ("/v2/bot/message/push", "Bearer SHORT_1"),
        ("/v2/bot/message/push", "Bearer SHORT_1"), ("/oauth2/v3/token", None), ("/v2/bot/message/push", "Bearer SHORT_2")]
    assert dict(parse_qsl(calls[0]["body"])) == {"grant_type": "client_credentials", "client_id": CHANNEL_ID, "client_secret": CHANNEL_SECRET}
    account.refresh_from_db()
    assert (account.credentials["access_token"], account.credentials["access_token_expires_at"]) == ("SHORT_2", int(now.timestamp()) + 900)


def test_not_configured_names_what_is_missing(db):
    account = make_account(long_lived=False, channel_secret="")
    with pytest.raises(PermanentSendError) as exc:
        LineClient(account)
    assert str(exc.value) == "not configured: LINE needs the channel access token, or the channel ID and secret"
