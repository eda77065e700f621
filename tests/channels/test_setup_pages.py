"""Channels page: set up a webhook channel (secrets encrypted, webhook URL shown), import orders from CSV.

Each channel's own set-up page is tested in its folder (sellerdesk/channels/<name>/tests/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.orders.models import Order

HERE = Path(__file__).resolve().parent


def login(username: str, role: str) -> Client:
    from django.contrib.auth import get_user_model

    call_command("createagent", username, password="pw-12345678", role=role, verbosity=0)
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def admin(db):
    return login("boss", "admin")


def test_ebay_and_tiktok_forms_keep_their_config(admin):
    admin.post("/channels/ebay/new/", {"name": "eBay US", "address": "seller_abc", "marketplace": "US", "is_active": "on",
                                       "endpoint_url": "https://desk.example.com/hooks/ebay/1/", "verification_token": "tok",
                                       "client_id": "id", "client_secret": "sec"})
    admin.post("/channels/tiktok/new/", {"name": "TikTok", "address": "7494049642642441621", "marketplace": "TH", "is_active": "on",
                                         "app_key": "6a1b2c3d4e5f6", "shop_cipher": "ROW_cipher123", "app_secret": "s3cret",
                                         "refresh_token": "ROW_refresh"})
    ebay, tiktok = ChannelAccount.objects.get(kind="ebay"), ChannelAccount.objects.get(kind="tiktok")
    assert (ebay.config, ebay.credentials) == ({"endpoint_url": "https://desk.example.com/hooks/ebay/1/"},
                                               {"verification_token": "tok", "client_id": "id", "client_secret": "sec"})
    assert (tiktok.config, tiktok.credentials, tiktok.marketplace) == (
        {"app_key": "6a1b2c3d4e5f6", "shop_cipher": "ROW_cipher123"}, {"app_secret": "s3cret", "refresh_token": "ROW_refresh"}, "TH")


def test_unknown_kind_is_404_and_agents_are_refused(admin, db):
    assert admin.get("/channels/nosuch/new/").status_code == 404
    agent = login("agent7", "agent")
    assert agent.get("/channels/shopify/new/").status_code == 403
    assert agent.get("/orders/import/").status_code == 403


def test_order_import_page(admin):
    with open(HERE.parents[1] / "sellerdesk" / "channels" / "walmart" / "fixtures" / "orders.csv", "rb") as f:
        response = admin.post("/orders/import/", {"file": f, "platform": "walmart", "marketplace": "us"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "5 rows: 2 orders created, 0 updated, 2 rows skipped." in page
    assert "line 4: quantity: &#x27;one&#x27; is not a whole number" in page
    assert sorted(Order.objects.values_list("number", flat=True)) == ["108829384756123", "108829384757000"]


def test_order_import_page_shows_a_file_error(admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin.post("/orders/import/", {"file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n"), "platform": "walmart"})
    assert response.status_code == 422
    assert "no order number column; the first line is &#x27;a, b&#x27;" in response.content.decode()
