"""Instagram set-up page and "Test connection" (the page's linked Instagram account)."""

from __future__ import annotations

from sellerdesk.channels.messenger.tests.fakes import APP_SECRET, IG_ACCOUNT_ID, PAGE_ACCESS_TOKEN, PAGE_ID, VERIFY_TOKEN
from sellerdesk.channels.models import ChannelAccount

FORM = {"name": "Acme Instagram", "address": IG_ACCOUNT_ID, "marketplace": "us", "is_active": "on",
        "app_secret": APP_SECRET, "verify_token": VERIFY_TOKEN, "page_access_token": PAGE_ACCESS_TOKEN}
SUBSCRIBED = {"json": {"data": [{"id": "555000111", "subscribed_fields": [
    "messages", "message_echoes", "message_reads", "messaging_postbacks"]}]}}


def test_set_up_and_test_connection(admin, api):
    response = admin.post("/channels/instagram/new/", FORM)
    account = ChannelAccount.objects.get(kind="instagram")
    assert response["Location"] == f"/channels/instagram/{account.pk}/"
    page = admin.get(f"/channels/instagram/{account.pk}/", HTTP_HOST="localhost:8443", secure=True).content.decode()
    assert f'<p class="mono" id="webhook-url">https://localhost:8443/hooks/instagram/{account.pk}/</p>' in page
    assert "Comments on posts are not brought in." in page
    server = api({"GET /me": [
        {"json": {"id": PAGE_ID, "name": "Acme Store", "instagram_business_account": {"id": IG_ACCOUNT_ID, "username": "acme.store"}}},
        {"json": {"id": PAGE_ID, "name": "Acme Store"}}], "GET /me/subscribed_apps": [SUBSCRIBED]})
    account.config = {**account.config, "graph_base": server.url}
    account.save()
    ok = admin.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert f"Instagram ok: @acme.store ({IG_ACCOUNT_ID}) through page Acme Store; the page is subscribed to the app" in ok
    unlinked = admin.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert f"Instagram: page Acme Store ({PAGE_ID}) has no Instagram professional account linked" in unlinked
    assert server.requests()[0]["query"] == "fields=id%2Cname%2Cinstagram_business_account%7Bid%2Cusername%7D"
