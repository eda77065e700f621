""""Test connection" for marketplace accounts: renew the token, make one cheap read call.

Uses the same clients as replies and lookups, so what passes here is what they will do. One
try only (no back-off: an admin is waiting at the button). The outcome is recorded on the
account (`last_error`, cleared on success) with a `channel_connection_tested` event.

Read calls ([U]: paths from the platforms' API indexes, shapes not captured):
Amazon `GET /sellers/v1/marketplaceParticipations`, eBay `GET /commerce/message/v1/conversation
?limit=1` (an eBay account without a user token: the client-credentials grant only), TikTok Shop `GET /authorization/202309/shops`, Shopify GraphQL `{ shop { name } }`.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction

from sellerdesk.channels.apiclient import ApiClient, json_of
from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.events import record

KINDS = ("shopify", "ebay", "tiktok", "amazon_spapi")


class Failed(Exception):
    """The platform answered, but not what the account needs; the text says what to fix."""


def _renew(client) -> str:
    """Renew the token when the account holds a refresh token; a note for the success text."""
    if client.creds.get("refresh_token"):
        client.refresh()
        return "token renewed"
    client.access_token()
    return "stored token used"


def _amazon(account) -> str:
    from sellerdesk.channels.amazon_spapi.client import SpApiClient

    client = SpApiClient(account, sleep=lambda s: None)
    client.max_tries = 1
    note = _renew(client)
    response = client.call("GET", client.endpoint + "/sellers/v1/marketplaceParticipations")
    if response.status_code != 200:
        raise client.refused(response, "getMarketplaceParticipations")
    rows = (json_of(response) or {}).get("payload") or []
    ids = {str((r.get("marketplace") or {}).get("id", "")): str((r.get("marketplace") or {}).get("countryCode", "")) for r in rows if isinstance(r, dict)}
    if client.marketplace_id not in ids:
        raise Failed(f"Amazon SP-API: this seller does not sell in marketplace {client.marketplace_id} (it sells in {', '.join(sorted(ids)) or 'none'})")
    return f"Amazon SP-API ok: {note}, marketplaces {', '.join(sorted(filter(None, ids.values())))}"


class _EbayApp(ApiClient):
    label = "eBay"
    max_tries = 1


def _ebay_app_only(account) -> str:
    """A webhook-only account (no user token): the app's client credentials, as the key fetch uses them."""
    client = _EbayApp(account, sleep=lambda s: None)
    token_url = client.config.get("token_url") or settings.EBAY_TOKEN_URL
    response = client.request("POST", token_url, auth=(client.creds["client_id"], client.creds["client_secret"]),
                              data={"grant_type": "client_credentials", "scope": "https://api.ebay.com/oauth/api_scope"})
    payload = json_of(response)
    payload = payload if isinstance(payload, dict) else {}
    if response.status_code != 200 or not payload.get("access_token"):
        reason = f"{payload.get('error', '')} {payload.get('error_description', '')}".strip() or response.text[:200]
        raise Failed(f"eBay refused the app's client id and secret: HTTP {response.status_code}: {reason}")
    return "eBay ok: application token obtained (webhook signatures can be checked); replies and order lookups need the user refresh token"


def _ebay(account) -> str:
    from sellerdesk.channels.ebay.client import EbayClient

    creds = account.credentials
    if not (creds.get("access_token") or creds.get("refresh_token")) and creds.get("client_id") and creds.get("client_secret"):
        return _ebay_app_only(account)
    client = EbayClient(account, sleep=lambda s: None)
    client.max_tries = 1
    note = _renew(client)
    response = client.call("GET", client.api_base + "/commerce/message/v1/conversation", params={"limit": "1"})
    if response.status_code != 200:
        raise client.refused(response, "getConversations")
    return f"eBay ok: {note}, Message API answered"


def _tiktok(account) -> str:
    from sellerdesk.channels.tiktok.client import TikTokClient

    client = TikTokClient(account, sleep=lambda s: None)
    client.max_tries = 1
    note = _renew(client)
    data = client._data(client.call("GET", client.api_base + "/authorization/202309/shops"), what="get authorized shops")
    shops = {str(s.get("id", "")): str(s.get("name", "")) for s in data.get("shops") or [] if isinstance(s, dict)}
    if account.address and account.address not in shops:
        raise Failed(f"TikTok Shop: the token is not authorised for shop {account.address} (it is for {', '.join(sorted(shops)) or 'no shop'})")
    return f"TikTok Shop ok: {note}, shop {shops.get(account.address) or account.address} authorised"


CHECKS = {"amazon_spapi": _amazon, "ebay": _ebay, "tiktok": _tiktok}


def _check(account) -> str:
    from sellerdesk.channels.registry import CHANNELS, get_channel

    if account.kind in CHECKS:
        return CHECKS[account.kind](account)
    try:
        if account.kind in CHANNELS:
            return get_channel(account.kind).check_connection(account)
    except NotImplementedError:
        pass
    raise Failed(f"channel {account.kind!r} has no connection test")


def check(account: ChannelAccount) -> tuple[bool, str]:
    """(ok, text) for one marketplace account; nothing is written."""
    try:
        return True, _check(account)
    except RetryableSendError as exc:
        # "<platform>: HTTP 503 after 1 tries" -> "<platform> cannot be reached: HTTP 503"
        label, _sep, reason = str(exc).partition(": ")
        reason = re.sub(r" after \d+ tries$", "", reason)
        return False, f"{label} cannot be reached: {reason}"
    except (PermanentSendError, Failed) as exc:
        return False, str(exc)


def test_connection(account: ChannelAccount, user=None) -> tuple[bool, str]:
    """Check the account and record the outcome: last_error set (or cleared) and one event."""
    ok, text = check(account)
    with transaction.atomic():
        ChannelAccount.objects.filter(pk=account.pk).update(last_error="" if ok else text)
        record("channel_connection_tested", actor=user, account_id=account.pk, channel=account.kind, ok=ok, result=text)
    account.last_error = "" if ok else text
    return ok, text


test_connection.__test__ = False  # not a pytest test, despite the name
