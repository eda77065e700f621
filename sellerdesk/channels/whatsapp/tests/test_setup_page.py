"""WhatsApp set-up page: secrets encrypted, the webhook URL of the request, a signed delivery
accepted with the stored secret, and "Test connection" reading the number and the templates."""

from __future__ import annotations

from django.test import Client

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.whatsapp.tests.conftest import capture
from sellerdesk.channels.whatsapp.tests.fakes import ACCESS_TOKEN, APP_SECRET, PHONE_NUMBER_ID, VERIFY_TOKEN, WABA_ID
from tests.channels.webhookkit import post

FORM = {"name": "Acme WhatsApp", "address": PHONE_NUMBER_ID, "marketplace": "us", "is_active": "on", "waba_id": WABA_ID,
        "display_phone_number": "+1 555 078 3881", "app_secret": APP_SECRET, "verify_token": VERIFY_TOKEN, "access_token": ACCESS_TOKEN}
NUMBER = {"json": {"verified_name": "Acme Store", "display_phone_number": "+1 555-078-3881", "quality_rating": "GREEN", "id": PHONE_NUMBER_ID}}
TEMPLATES = {"json": {"data": [{"name": "order_update", "language": "en_US", "status": "APPROVED",
                                "components": [{"type": "BODY", "text": "Your order {{1}} has shipped."}]}]}}


def test_set_up_then_signed_deliveries_are_accepted(admin):
    response = admin.post("/channels/whatsapp/new/", FORM)
    account = ChannelAccount.objects.get(kind="whatsapp")
    assert response.status_code == 302 and response["Location"] == f"/channels/whatsapp/{account.pk}/"
    assert (account.address, account.marketplace, account.config) == (
        PHONE_NUMBER_ID, "US", {"waba_id": WABA_ID, "display_phone_number": "+1 555 078 3881"})
    assert account.credentials == {"app_secret": APP_SECRET, "verify_token": VERIFY_TOKEN, "access_token": ACCESS_TOKEN}
    assert APP_SECRET not in account.credentials_encrypted and ACCESS_TOKEN not in account.credentials_encrypted
    page = admin.get(f"/channels/whatsapp/{account.pk}/", HTTP_HOST="localhost:8443", secure=True).content.decode()
    assert f'<p class="mono" id="webhook-url">https://localhost:8443/hooks/whatsapp/{account.pk}/</p>' in page
    assert "In your Meta app (developers.facebook.com)" in page
    assert APP_SECRET not in page and ACCESS_TOKEN not in page and VERIFY_TOKEN not in page
    assert post(Client(), f"/hooks/whatsapp/{account.pk}/", capture("text.json")).status_code == 200
    challenge = Client().get(f"/hooks/whatsapp/{account.pk}/", {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "42"})
    assert challenge.content == b"42"


def test_channels_page_offers_whatsapp(admin):
    page = admin.get("/channels/").content.decode()
    assert 'href="/channels/whatsapp/new/"' in page


def test_test_connection_reads_the_number_and_the_templates(admin, api):
    server = api({f"GET /v21.0/{PHONE_NUMBER_ID}": [NUMBER], f"GET /v21.0/{WABA_ID}/message_templates": [TEMPLATES]})
    admin.post("/channels/whatsapp/new/", FORM)
    account = ChannelAccount.objects.get(kind="whatsapp")
    account.config = {**account.config, "api_base": server.url}
    account.save()
    page = admin.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert "WhatsApp ok: Acme Store (+1 555-078-3881), quality GREEN; 1 approved templates" in page
    account.refresh_from_db()
    assert [t["name"] for t in account.config["templates"]] == ["order_update"]


def test_test_connection_with_a_bad_token_says_so(admin, api):
    server = api({f"GET /v21.0/{PHONE_NUMBER_ID}": [{"status": 401, "json": {"error": {
        "message": "Invalid OAuth access token - Cannot parse access token", "type": "OAuthException", "code": 190}}}]})
    admin.post("/channels/whatsapp/new/", FORM)
    account = ChannelAccount.objects.get(kind="whatsapp")
    account.config = {**account.config, "api_base": server.url}
    account.save()
    page = admin.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert "WhatsApp refused the access token (190 Invalid OAuth access token - Cannot parse access token)" in page
    account.refresh_from_db()
    assert account.last_error.startswith("WhatsApp refused the access token")
