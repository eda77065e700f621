""""Test connection" for marketplace accounts, pressed over HTTP (htmx) by an admin, against fake
platform servers in their own process: success, wrong credentials, not configured, unreachable.
The outcome is kept in the account's last_error and a channel_connection_tested event."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl

import pytest
from django.utils.html import escape

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Event
from sellerdesk.lib import clock
from tests.channels.fakesecrets import SHOPIFY_SHOP, TIKTOK_APP_KEY, TIKTOK_APP_SECRET, TIKTOK_SHOP_ID

NOW = dt.datetime(2026, 11, 5, 9, 0, tzinfo=dt.timezone.utc)
HX = {"HTTP_HX_REQUEST": "true"}

LWA = "POST /auth/o2/token"
PARTICIPATIONS = "GET /sellers/v1/marketplaceParticipations"
LWA_OK = {"json": {"access_token": "Atza|new-access", "token_type": "bearer", "expires_in": 3600}}
US_ONLY = {"json": {"payload": [{"marketplace": {"id": "ATVPDKIKX0DER", "countryCode": "US", "name": "Amazon.com"},
                                 "participation": {"isParticipating": True, "hasSuspendedListings": False}}]}}

EBAY_TOKEN = "POST /identity/v1/oauth2/token"
EBAY_CONVERSATIONS = "GET /commerce/message/v1/conversation"

TT_REFRESH = "GET /api/v2/token/refresh"
TT_SHOPS = "GET /authorization/202309/shops"
TT_TOKEN = {"json": {"code": 0, "message": "success", "data": {"access_token": "ROW_new-access", "access_token_expire_in": 1794000000,
                                                                "refresh_token": "ROW_new-refresh", "refresh_token_expire_in": 1800000000}}}

GRAPHQL = "POST /admin/api/2025-10/graphql.json"


def amazon(base: str, **creds) -> ChannelAccount:
    account = ChannelAccount(kind="amazon_spapi", name="Amazon US", address="A1SELLER", marketplace="US",
                             config={"endpoint": base, "lwa_url": base + "/auth/o2/token"})
    account.credentials = {"client_id": "amzn1.application-oa2-client.abc", "client_secret": "lwa-secret",
                           "refresh_token": "Atzr|refresh", **creds}
    account.save()
    return account


def ebay(base: str, **creds) -> ChannelAccount:
    account = ChannelAccount(kind="ebay", name="eBay US", address="acme_seller", marketplace="US",
                             config={"api_base": base, "token_url": base + "/identity/v1/oauth2/token"})
    account.credentials = {"client_id": "SellerDe-desk-PRD-0123456789", "client_secret": "PRD-0123456789ab",
                           "refresh_token": "v^1.1#i^1#r^1#refresh", **creds}
    account.save()
    return account


def tiktok(base: str, **creds) -> ChannelAccount:
    account = ChannelAccount(kind="tiktok", name="TikTok US", address=TIKTOK_SHOP_ID, marketplace="US",
                             config={"app_key": TIKTOK_APP_KEY, "shop_cipher": "ROW_cipher123", "api_base": base, "auth_base": base})
    account.credentials = {"app_secret": TIKTOK_APP_SECRET, "refresh_token": "ROW_old-refresh", **creds}
    account.save()
    return account


def shopify(base: str, **creds) -> ChannelAccount:
    account = ChannelAccount(kind="shopify", name="Acme store", address=SHOPIFY_SHOP, marketplace="US",
                             config={"admin_base": base, "api_version": "2025-10"})
    account.credentials = {"webhook_secret": "whsec", **creds}
    account.save()
    return account


def press(admin, account) -> str:
    with clock.frozen(NOW):
        response = admin.post(f"/channels/{account.pk}/test/", **HX)
    assert response.status_code == 200
    return response.content.decode().strip()


def outcome(account) -> tuple[str, list[dict]]:
    account.refresh_from_db()
    events = [e.data for e in Event.objects.filter(kind="channel_connection_tested").order_by("pk")]
    return account.last_error, events


def failed(text: str) -> str:
    return f'<p class="error-text" role="status">✗ {escape(text)}</p>'


def passed(text: str) -> str:
    return f'<p class="ok-text" role="status">✓ {escape(text)}</p>'


# --- Amazon SP-API ---------------------------------------------------------------------------


def test_amazon_renews_the_token_and_reads_the_marketplaces(admin, api):
    server = api({LWA: [LWA_OK], PARTICIPATIONS: [US_ONLY]})
    account = amazon(server.url)
    account.last_error = "an old failure"
    account.save()
    assert press(admin, account) == passed("Amazon SP-API ok: token renewed, marketplaces US")
    token, read = server.requests()
    assert dict(parse_qsl(token["body"])) == {"grant_type": "refresh_token", "refresh_token": "Atzr|refresh",
                                              "client_id": "amzn1.application-oa2-client.abc", "client_secret": "lwa-secret"}
    assert read["headers"]["x-amz-access-token"] == "Atza|new-access"
    assert outcome(account) == ("", [{"account_id": account.pk, "channel": "amazon_spapi", "ok": True,
                                      "result": "Amazon SP-API ok: token renewed, marketplaces US"}])
    account.refresh_from_db()
    assert account.credentials["access_token"] == "Atza|new-access"


def test_amazon_refused_refresh_token_is_named_and_kept_on_the_account(admin, api):
    server = api({LWA: [{"status": 400, "json": {"error": "invalid_grant",
                                                 "error_description": "The request has an invalid grant parameter : refresh_token"}}]})
    account = amazon(server.url)
    text = "Amazon LWA token refresh refused: HTTP 400: invalid_grant The request has an invalid grant parameter : refresh_token"
    assert press(admin, account) == failed(text)
    assert [r["path"] for r in server.requests()] == ["/auth/o2/token"]
    assert outcome(account) == (text, [{"account_id": account.pk, "channel": "amazon_spapi", "ok": False, "result": text}])
    page = admin.get("/channels/").content.decode()
    assert f'<td class="error-text">{text}</td>' in page
    setup = admin.get(f"/channels/amazon_spapi/{account.pk}/").content.decode()
    assert f'hx-post="/channels/{account.pk}/test/"' in setup and f"Last error: {text}" in setup


def test_amazon_seller_not_in_the_accounts_marketplace(admin, api):
    server = api({LWA: [LWA_OK], PARTICIPATIONS: [US_ONLY]})
    account = amazon(server.url)
    account.marketplace = "DE"
    account.save()
    assert press(admin, account) == failed("Amazon SP-API: this seller does not sell in marketplace A1PA6795UKMFR9 (it sells in ATVPDKIKX0DER)")


def test_amazon_not_configured_makes_no_request(admin, api):
    server = api({LWA: [LWA_OK]})
    account = amazon(server.url, refresh_token="")
    assert press(admin, account) == failed("not configured: Amazon SP-API needs the refresh token")
    assert server.requests() == []
    assert outcome(account)[0] == "not configured: Amazon SP-API needs the refresh token"


def test_amazon_unreachable(admin, dead_url):
    account = amazon(dead_url)
    assert press(admin, account) == failed("Amazon SP-API cannot be reached: ConnectError: [Errno 111] Connection refused")


def test_amazon_server_error_is_tried_once(admin, api):
    server = api({LWA: [LWA_OK], PARTICIPATIONS: [{"status": 503, "text": "Service Unavailable"}]})
    account = amazon(server.url)
    assert press(admin, account) == failed("Amazon SP-API cannot be reached: HTTP 503")
    assert [r["path"] for r in server.requests()] == ["/auth/o2/token", "/sellers/v1/marketplaceParticipations"]


# --- eBay ------------------------------------------------------------------------------------


def test_ebay_renews_the_user_token_and_reads_conversations(admin, api):
    server = api({EBAY_TOKEN: [{"json": {"access_token": "v^1.1#i^1#user-new", "expires_in": 7200}}],
                  EBAY_CONVERSATIONS: [{"json": {"conversations": [], "total": 0}}]})
    account = ebay(server.url)
    assert press(admin, account) == passed("eBay ok: token renewed, Message API answered")
    token, read = server.requests()
    assert token["headers"]["Authorization"].startswith("Basic ")
    assert dict(parse_qsl(token["body"]))["grant_type"] == "refresh_token"
    assert (read["query"], read["headers"]["Authorization"], read["headers"]["X-EBAY-C-MARKETPLACE-ID"]) == (
        "limit=1", "Bearer v^1.1#i^1#user-new", "EBAY_US")
    assert outcome(account)[0] == ""


def test_ebay_refused_refresh_token(admin, api):
    server = api({EBAY_TOKEN: [{"status": 400, "json": {"error": "invalid_grant",
                                                        "error_description": "the provided authorization refresh token is invalid or was issued to another client"}}]})
    account = ebay(server.url)
    text = "eBay token refresh refused: HTTP 400: invalid_grant the provided authorization refresh token is invalid or was issued to another client"
    assert press(admin, account) == failed(text)
    assert outcome(account)[0] == text


def test_ebay_webhook_only_account_checks_the_app_credentials(admin, api):
    server = api({EBAY_TOKEN: [{"json": {"access_token": "v^1.1#i^1#app", "expires_in": 7200, "token_type": "Application Access Token"}}]})
    account = ebay(server.url, refresh_token="")
    assert press(admin, account) == passed("eBay ok: application token obtained (webhook signatures can be checked); "
                                           "replies and order lookups need the user refresh token")
    (token,) = server.requests()
    assert dict(parse_qsl(token["body"])) == {"grant_type": "client_credentials", "scope": "https://api.ebay.com/oauth/api_scope"}


def test_ebay_webhook_only_account_with_a_wrong_secret(admin, api):
    server = api({EBAY_TOKEN: [{"status": 401, "json": {"error": "invalid_client", "error_description": "client authentication failed"}}]})
    account = ebay(server.url, refresh_token="")
    text = "eBay refused the app's client id and secret: HTTP 401: invalid_client client authentication failed"
    assert press(admin, account) == failed(text)
    assert outcome(account)[0] == text


def test_ebay_without_any_credentials_is_not_configured(admin, api):
    server = api({})
    account = ebay(server.url, refresh_token="", client_id="", client_secret="")
    text = "not configured: eBay sending needs the user access token, or a refresh token with the client id and secret"
    assert press(admin, account) == failed(text)
    assert server.requests() == []


def test_ebay_unreachable(admin, dead_url):
    assert press(admin, ebay(dead_url)) == failed("eBay cannot be reached: ConnectError: [Errno 111] Connection refused")


# --- TikTok Shop -----------------------------------------------------------------------------


def test_tiktok_renews_the_token_and_finds_the_shop(admin, api):
    server = api({TT_REFRESH: [TT_TOKEN], TT_SHOPS: [{"json": {"code": 0, "message": "Success", "data": {"shops": [
        {"id": TIKTOK_SHOP_ID, "name": "Acme US", "region": "US", "cipher": "ROW_cipher123", "code": "USLC1234"}]}}}]})
    account = tiktok(server.url)
    assert press(admin, account) == passed("TikTok Shop ok: token renewed, shop Acme US authorised")
    refresh, read = server.requests()
    assert dict(parse_qsl(refresh["query"]))["refresh_token"] == "ROW_old-refresh"
    assert read["headers"]["x-tts-access-token"] == "ROW_new-access"
    assert set(dict(parse_qsl(read["query"]))) == {"app_key", "timestamp", "shop_cipher", "sign"}
    account.refresh_from_db()
    assert (account.last_error, account.credentials["refresh_token"]) == ("", "ROW_new-refresh")


def test_tiktok_refused_refresh_token(admin, api):
    server = api({TT_REFRESH: [{"json": {"code": 36004004, "message": "refresh_token is invalid", "data": None}}]})
    account = tiktok(server.url)
    text = "TikTok Shop token refresh refused: HTTP 200, code 36004004: refresh_token is invalid"
    assert press(admin, account) == failed(text)
    assert outcome(account)[0] == text


def test_tiktok_token_for_another_shop(admin, api):
    server = api({TT_REFRESH: [TT_TOKEN], TT_SHOPS: [{"json": {"code": 0, "data": {"shops": [{"id": "111", "name": "Other"}]}}}]})
    assert press(admin, tiktok(server.url)) == failed(f"TikTok Shop: the token is not authorised for shop {TIKTOK_SHOP_ID} (it is for 111)")


def test_tiktok_unreachable(admin, dead_url):
    assert press(admin, tiktok(dead_url)) == failed("TikTok Shop cannot be reached: ConnectError: [Errno 111] Connection refused")


# --- Shopify ---------------------------------------------------------------------------------


def test_shopify_admin_token_reads_the_shop(admin, api):
    server = api({GRAPHQL: [{"json": {"data": {"shop": {"name": "Acme Store"}}}}]})
    account = shopify(server.url, admin_access_token="shpat_abc")
    assert press(admin, account) == passed("Shopify ok: Admin API answered for Acme Store")
    (read,) = server.requests()
    assert read["headers"]["X-Shopify-Access-Token"] == "shpat_abc"


def test_shopify_wrong_admin_token(admin, api):
    server = api({GRAPHQL: [{"status": 401, "json": {"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}}]})
    account = shopify(server.url, admin_access_token="shpat_wrong")
    text = "Shopify Admin API Admin API refused: HTTP 401: [API] Invalid API key or access token (unrecognized login or wrong password)"
    assert press(admin, account) == failed(text)
    assert outcome(account)[0] == text


def test_shopify_without_admin_token_is_not_configured(admin, api):
    server = api({})
    assert press(admin, shopify(server.url)) == failed("not configured: Shopify Admin API order lookup needs the Admin API access token")
    assert server.requests() == []


# --- without htmx ----------------------------------------------------------------------------


def test_plain_post_redirects_to_channels_with_the_result(admin, dead_url):
    account = amazon(dead_url)
    response = admin.post(f"/channels/{account.pk}/test/", follow=True)
    page = response.content.decode()
    assert "Amazon US: Amazon SP-API cannot be reached: ConnectError: [Errno 111] Connection refused" in page
    assert f'hx-post="/channels/{account.pk}/test/"' in page


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_only_admins_may_test(db, role, dead_url):
    from tests.channels.test_setup_pages import login

    account = amazon(dead_url)
    response = login("someone", role).post(f"/channels/{account.pk}/test/", **HX)
    assert response.status_code == 403
    assert Event.objects.filter(kind="channel_connection_tested").count() == 0


def test_shopify_unreachable(admin, dead_url):
    account = shopify(dead_url, admin_access_token="shpat_abc")
    assert press(admin, account) == failed("Shopify Admin API cannot be reached: ConnectError: [Errno 111] Connection refused")
    assert outcome(account)[1][0]["ok"] is False


def test_setup_page_offers_the_test_only_once_saved(admin, api):
    server = api({})
    assert "Test connection" not in admin.get("/channels/tiktok/new/").content.decode()
    account = tiktok(server.url)
    page = admin.get(f"/channels/tiktok/{account.pk}/").content.decode()
    assert f'hx-post="/channels/{account.pk}/test/" hx-target="#result-{account.pk}"' in page
    assert f'<div id="result-{account.pk}" class="result"></div>' in page
