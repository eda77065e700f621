"""Shopify set-up page: secrets encrypted, the webhook URL to register, the mailbox replies go out from."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Event
from tests.channels.fakesecrets import SHOPIFY_SECRET, SHOPIFY_SHOP
from tests.channels.webhookkit import capture, post


@pytest.fixture
def admin(db):
    from django.contrib.auth import get_user_model

    call_command("createagent", "boss", password="pw-12345678", role="admin", verbosity=0)
    client = Client()
    client.force_login(get_user_model().objects.get(username="boss"))
    return client


def test_set_up_shopify_then_its_webhooks_are_accepted(admin):
    response = admin.post("/channels/shopify/new/", {"name": "Acme store", "address": SHOPIFY_SHOP, "marketplace": "us",
                                                      "is_active": "on", "webhook_secret": SHOPIFY_SECRET})
    account = ChannelAccount.objects.get(kind="shopify")
    assert response.status_code == 302 and response["Location"] == f"/channels/shopify/{account.pk}/"
    assert (account.name, account.address, account.marketplace, account.is_active) == ("Acme store", SHOPIFY_SHOP, "US", True)
    assert account.credentials == {"webhook_secret": SHOPIFY_SECRET}
    assert SHOPIFY_SECRET not in account.credentials_encrypted  # stored encrypted
    # The URL to register names the host, port and scheme the desk was reached at, not a default.
    page = admin.get(f"/channels/shopify/{account.pk}/", HTTP_HOST="127.0.0.1:8421").content.decode()
    assert f'<p class="mono" id="webhook-url">http://127.0.0.1:8421/hooks/shopify/{account.pk}/</p>' in page
    assert "In your app's settings, subscribe the webhook URL above to these topics (JSON):" in page  # its own template
    assert SHOPIFY_SECRET not in page
    assert "Stored; leave empty to keep it." in page
    event = Event.objects.get(kind="channel_account_created")
    assert event.data == {"account_id": account.pk, "channel": "shopify", "address": SHOPIFY_SHOP, "secrets_changed": ["webhook_secret"]}
    # Saved again without typing the secret: it is kept.
    admin.post(f"/channels/shopify/{account.pk}/", {"name": "Acme", "address": SHOPIFY_SHOP, "marketplace": "US", "is_active": "on"})
    account.refresh_from_db()
    assert (account.name, account.credentials) == ("Acme", {"webhook_secret": SHOPIFY_SECRET})
    assert post(Client(), f"/hooks/shopify/{account.pk}/", capture("shopify", "orders_create.json")).status_code == 200
    listing = admin.get("/channels/").content.decode()
    assert f'href="/channels/shopify/{account.pk}/"' in listing
    assert 'href="/channels/shopify/new/">+ Shopify</a>' in listing


def test_webhook_url_follows_the_scheme_and_host_of_the_request(admin, shop):
    page = admin.get(f"/channels/shopify/{shop.pk}/", HTTP_HOST="localhost:9100", secure=True).content.decode()
    assert f'<p class="mono" id="webhook-url">https://localhost:9100/hooks/shopify/{shop.pk}/</p>' in page


def test_shopify_reply_mailbox_is_chosen_among_active_email_accounts(admin):
    support = ChannelAccount.objects.create(kind="email", name="Acme support", address="support@acme.example")
    ChannelAccount.objects.create(kind="email", name="Old inbox", address="old@acme.example", is_active=False)
    form = admin.get("/channels/shopify/new/").content.decode()
    assert f'<option value="{support.pk}">Acme support &lt;support@acme.example&gt;</option>' in form
    assert "old@acme.example" not in form
    fields = {"name": "Acme store", "address": SHOPIFY_SHOP, "marketplace": "US", "is_active": "on", "webhook_secret": SHOPIFY_SECRET}
    admin.post("/channels/shopify/new/", {**fields, "reply_email_account": str(support.pk)})
    account = ChannelAccount.objects.get(kind="shopify")
    assert account.config == {"reply_email_account": str(support.pk)}
    page = admin.get(f"/channels/shopify/{account.pk}/").content.decode()
    assert f'<option value="{support.pk}" selected>Acme support &lt;support@acme.example&gt;</option>' in page
    # A mailbox that is not an active email account is refused; choosing none clears the setting.
    assert admin.post(f"/channels/shopify/{account.pk}/", {**fields, "reply_email_account": str(account.pk)}).status_code == 422
    admin.post(f"/channels/shopify/{account.pk}/", {**fields, "reply_email_account": ""})
    account.refresh_from_db()
    assert account.config == {}
