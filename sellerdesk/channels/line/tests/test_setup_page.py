"""LINE set-up page: secrets encrypted, the webhook URL of the request, a signed delivery accepted
with the stored secret, and "Test connection" saying whether LINE calls this account's URL."""

from __future__ import annotations

from django.test import Client

from sellerdesk.channels.line.tests.conftest import capture
from sellerdesk.channels.line.tests.fakes import BOT_USER_ID, CHANNEL_ACCESS_TOKEN, CHANNEL_ID, CHANNEL_SECRET
from sellerdesk.channels.models import ChannelAccount
from tests.channels.webhookkit import post

FORM = {"name": "Acme LINE", "address": BOT_USER_ID, "marketplace": "jp", "is_active": "on", "channel_id": CHANNEL_ID,
        "channel_secret": CHANNEL_SECRET, "channel_access_token": CHANNEL_ACCESS_TOKEN}
BOT = {"json": {"userId": BOT_USER_ID, "basicId": "@216ru...", "displayName": "Acme Store", "chatMode": "chat"}}


def test_set_up_then_signed_deliveries_are_accepted(admin):
    response = admin.post("/channels/line/new/", FORM)
    account = ChannelAccount.objects.get(kind="line")
    assert response.status_code == 302 and response["Location"] == f"/channels/line/{account.pk}/"
    assert (account.address, account.marketplace, account.config) == (BOT_USER_ID, "JP", {"channel_id": CHANNEL_ID})
    assert account.credentials == {"channel_secret": CHANNEL_SECRET, "channel_access_token": CHANNEL_ACCESS_TOKEN}
    assert CHANNEL_SECRET not in account.credentials_encrypted
    page = admin.get(f"/channels/line/{account.pk}/", HTTP_HOST="localhost:9443", secure=True).content.decode()
    assert f'<p class="mono" id="webhook-url">https://localhost:9443/hooks/line/{account.pk}/</p>' in page
    assert "In the LINE Developers console" in page
    assert CHANNEL_SECRET not in page and CHANNEL_ACCESS_TOKEN not in page
    assert post(Client(), f"/hooks/line/{account.pk}/", capture("text.json")).status_code == 200


def test_test_connection_names_the_bot_and_checks_the_webhook_url(admin, api):
    admin.post("/channels/line/new/", FORM)
    account = ChannelAccount.objects.get(kind="line")
    server = api({"GET /v2/bot/info": [BOT], "GET /v2/bot/channel/webhook/endpoint": [
        {"json": {"endpoint": f"https://desk.example.jp/hooks/line/{account.pk}/", "active": True}},
        {"json": {"endpoint": "https://old-desk.example.jp/hooks/line/999/", "active": True}}]})
    account.config = {**account.config, "api_base": server.url}
    account.save()
    ok = admin.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert f"LINE ok: bot Acme Store ({BOT_USER_ID}); webhooks come to https://desk.example.jp/hooks/line/{account.pk}/" in ok
    elsewhere = admin.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert (f"LINE ok: bot Acme Store ({BOT_USER_ID}); but LINE sends webhooks to https://old-desk.example.jp/hooks/line/999/, "
            f"not to this account&#x27;s /hooks/line/{account.pk}/") in elsewhere
    assert server.requests()[0]["headers"]["Authorization"] == f"Bearer {CHANNEL_ACCESS_TOKEN}"


def test_test_connection_refuses_a_token_of_another_bot(admin, api):
    server = api({"GET /v2/bot/info": [{"json": {"userId": "Uffff0000", "displayName": "Other"}}]})
    admin.post("/channels/line/new/", FORM)
    account = ChannelAccount.objects.get(kind="line")
    account.config = {**account.config, "api_base": server.url}
    account.save()
    page = admin.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert f"LINE: the token belongs to bot Uffff0000, this account is {BOT_USER_ID}" in page
