"""Messenger set-up page: secrets encrypted, the webhook URL of the request, the Human Agent
setting kept, a signed delivery accepted with the stored secret, and "Test connection" naming
the page and the webhook fields it sends."""

from __future__ import annotations

from django.test import Client

from sellerdesk.channels.messenger.tests.conftest import capture
from sellerdesk.channels.messenger.tests.fakes import APP_SECRET, PAGE_ACCESS_TOKEN, PAGE_ID, VERIFY_TOKEN
from sellerdesk.channels.models import ChannelAccount
from tests.channels.webhookkit import post

FORM = {"name": "Acme Messenger", "address": PAGE_ID, "marketplace": "us", "is_active": "on", "human_agent": "on",
        "app_secret": APP_SECRET, "verify_token": VERIFY_TOKEN, "page_access_token": PAGE_ACCESS_TOKEN}
PAGE = {"json": {"id": PAGE_ID, "name": "Acme Store"}}
ALL_FIELDS = {"json": {"data": [{"id": "555000111", "name": "SellerDesk", "subscribed_fields": [
    "messages", "message_echoes", "message_reads", "messaging_postbacks"]}]}}


def test_set_up_then_signed_deliveries_are_accepted(admin):
    response = admin.post("/channels/messenger/new/", FORM)
    account = ChannelAccount.objects.get(kind="messenger")
    assert response.status_code == 302 and response["Location"] == f"/channels/messenger/{account.pk}/"
    assert (account.address, account.marketplace, account.config) == (PAGE_ID, "US", {"human_agent": True})
    assert account.credentials == {"app_secret": APP_SECRET, "verify_token": VERIFY_TOKEN, "page_access_token": PAGE_ACCESS_TOKEN}
    assert APP_SECRET not in account.credentials_encrypted and PAGE_ACCESS_TOKEN not in account.credentials_encrypted
    page = admin.get(f"/channels/messenger/{account.pk}/", HTTP_HOST="localhost:8443", secure=True).content.decode()
    assert f'<p class="mono" id="webhook-url">https://localhost:8443/hooks/messenger/{account.pk}/</p>' in page
    assert "In the Meta app dashboard" in page
    assert '<input type="checkbox" name="human_agent" aria-describedby="id_human_agent_helptext" id="id_human_agent" checked>' in page
    assert APP_SECRET not in page and PAGE_ACCESS_TOKEN not in page and VERIFY_TOKEN not in page
    assert post(Client(), f"/hooks/messenger/{account.pk}/", capture("text.json")).status_code == 200
    ok = Client().get(f"/hooks/messenger/{account.pk}/", {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "42"})
    assert (ok.status_code, ok.content) == (200, b"42")


def test_unticking_human_agent_is_kept_and_empty_secrets_keep_the_stored_ones(admin):
    admin.post("/channels/messenger/new/", FORM)
    account = ChannelAccount.objects.get(kind="messenger")
    form = {**FORM, "app_secret": "", "verify_token": "", "page_access_token": ""}
    form.pop("human_agent")
    admin.post(f"/channels/messenger/{account.pk}/", form)
    account.refresh_from_db()
    assert (account.config, account.credentials["page_access_token"]) == ({"human_agent": False}, PAGE_ACCESS_TOKEN)


def test_test_connection_names_the_page_and_the_missing_webhook_fields(admin, api):
    admin.post("/channels/messenger/new/", FORM)
    account = ChannelAccount.objects.get(kind="messenger")
    server = api({"GET /me": [PAGE], "GET /me/subscribed_apps": [ALL_FIELDS, {"json": {"data": [
        {"id": "555000111", "name": "SellerDesk", "subscribed_fields": ["messages"]}]}}]})
    account.config = {**account.config, "graph_base": server.url}
    account.save()
    ok = admin.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert (f"Messenger ok: page Acme Store ({PAGE_ID}); webhooks subscribed: message_echoes, message_reads, messages, "
            "messaging_postbacks") in ok
    partial = admin.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert (f"Messenger ok: page Acme Store ({PAGE_ID}); the page does not send: message_echoes, message_reads, "
            "messaging_postbacks") in partial
    assert server.requests()[0]["headers"]["Authorization"] == f"Bearer {PAGE_ACCESS_TOKEN}"


def test_test_connection_refuses_a_token_of_another_page(admin, api):
    server = api({"GET /me": [{"json": {"id": "200000000000002", "name": "Other"}}]})
    admin.post("/channels/messenger/new/", FORM)
    account = ChannelAccount.objects.get(kind="messenger")
    account.config = {**account.config, "graph_base": server.url}
    account.save()
    page = admin.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert f"Messenger: the token belongs to page 200000000000002, this account is {PAGE_ID}" in page
