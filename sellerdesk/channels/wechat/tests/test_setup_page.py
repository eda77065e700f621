"""WeChat set-up page: secrets encrypted, the webhook URL of the request, the console's URL check
answered with the stored Token, and "Test connection" against a fake WeChat server."""

from __future__ import annotations

from urllib.parse import urlencode

from django.test import Client

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.wechat.crypt import signature
from sellerdesk.channels.wechat.tests.fakes import APP_ID, APP_SECRET, ENCODING_AES_KEY, ORIGINAL_ID, SENT, TOKEN
from sellerdesk.conversations.models import Event
from sellerdesk.lib import clock

FORM = {"name": "Acme 公众号", "address": ORIGINAL_ID, "marketplace": "cn", "is_active": "on", "app_id": APP_ID,
        "token": TOKEN, "encoding_aes_key": ENCODING_AES_KEY, "app_secret": APP_SECRET}


def test_set_up_then_the_consoles_url_check_passes(admin):
    response = admin.post("/channels/wechat/new/", FORM)
    account = ChannelAccount.objects.get(kind="wechat")
    assert response.status_code == 302 and response["Location"] == f"/channels/wechat/{account.pk}/"
    assert (account.address, account.marketplace, account.config) == (ORIGINAL_ID, "CN", {"app_id": APP_ID})
    assert account.credentials == {"token": TOKEN, "encoding_aes_key": ENCODING_AES_KEY, "app_secret": APP_SECRET}
    assert APP_SECRET not in account.credentials_encrypted
    page = admin.get(f"/channels/wechat/{account.pk}/", HTTP_HOST="127.0.0.1:8421").content.decode()
    assert f'<p class="mono" id="webhook-url">http://127.0.0.1:8421/hooks/wechat/{account.pk}/</p>' in page
    assert "In the WeChat Official Accounts Platform" in page
    assert APP_SECRET not in page and TOKEN not in page
    assert 'href="/channels/wechat/new/">+ WeChat</a>' in admin.get("/channels/").content.decode()
    ts = str(int(SENT.timestamp()))
    query = {"signature": signature(TOKEN, ts, "42"), "timestamp": ts, "nonce": "42", "echostr": "hello-wechat"}
    with clock.frozen(SENT):
        check = Client().get(f"/hooks/wechat/{account.pk}/?{urlencode(query)}")
    assert (check.status_code, check.content) == (200, b"hello-wechat")


def test_a_wrong_encoding_aes_key_is_refused_on_the_form(admin):
    response = admin.post("/channels/wechat/new/", {**FORM, "encoding_aes_key": "too-short"})
    assert response.status_code == 422
    assert '<span class="error">The EncodingAESKey is the 43 letters and digits the WeChat console shows.</span>' in response.content.decode()
    assert not ChannelAccount.objects.exists()


def test_test_connection_renews_the_token_and_reads(admin, api):
    server = api({"GET /cgi-bin/token": [{"json": {"access_token": "ACCESS_1", "expires_in": 7200}},
                                         {"json": {"errcode": 40164, "errmsg": "invalid ip 203.0.113.9, not in whitelist"}}],
                  "GET /cgi-bin/getcallbackip": [{"json": {"ip_list": ["101.226.62.77", "101.226.62.78"]}}]})
    admin.post("/channels/wechat/new/", FORM)
    account = ChannelAccount.objects.get(kind="wechat")
    account.config = {**account.config, "api_base": server.url}
    account.save()
    ok = admin.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert "WeChat ok: access token renewed, API answered (2 WeChat server addresses)" in ok
    bad = admin.post(f"/channels/{account.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    expected = ("WeChat token request refused: 40164 invalid ip 203.0.113.9, not in whitelist: the server&#x27;s IP address is not "
                "on the account&#x27;s IP whitelist (WeChat console: Basic configuration)")
    assert expected in bad
    account.refresh_from_db()
    assert account.last_error.startswith("WeChat token request refused: 40164")
    assert [e.data["ok"] for e in Event.objects.filter(kind="channel_connection_tested").order_by("pk")] == [True, False]
