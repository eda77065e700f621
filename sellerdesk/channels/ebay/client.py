"""eBay Message API: send a reply to a buyer with the seller's OAuth user token.

Facts (docs/channels.md, Platform facts → eBay): `POST /commerce/message/v1/send_message` with
{"conversationId" | "otherPartyUsername", "messageText", "messageMedia", "reference"}:
conversationId continues a thread, otherPartyUsername starts one [V]; REST calls carry
`Authorization: Bearer <user token>`; AddMemberMessageRTQ allows ≤ 75 calls per 60 s [V] (the
REST limit is not given, so a 429 is waited out like any other).

Assumed ([U]): the user token is renewed at the OAuth token endpoint with HTTP Basic
client_id:client_secret and form grant_type=refresh_token, refresh_token, scope →
{"access_token", "expires_in"} (errors {"error", "error_description"}); an expired token is
HTTP 401; errors are {"errors": [{"errorId", "message", "longMessage"}]}; the answer names the
message as "messageId"; `reference` is {"referenceId", "referenceType": "ORDER" | "LISTING"};
the header X-EBAY-C-MARKETPLACE-ID names the site.
"""

from __future__ import annotations

import httpx
from django.conf import settings

from sellerdesk.channels.apiclient import ApiClient, json_of
from sellerdesk.channels.base import PermanentSendError
from sellerdesk.channels.connectiontest import Failed, renew
from sellerdesk.lib import clock

SEND_PATH = "/commerce/message/v1/send_message"
MESSAGE_SCOPE = "https://api.ebay.com/oauth/api_scope/commerce.message"
SITES = {"US": "EBAY_US", "UK": "EBAY_GB", "GB": "EBAY_GB", "DE": "EBAY_DE", "FR": "EBAY_FR", "IT": "EBAY_IT", "ES": "EBAY_ES",
         "AU": "EBAY_AU", "CA": "EBAY_CA", "AT": "EBAY_AT", "CH": "EBAY_CH", "NL": "EBAY_NL", "BE": "EBAY_BE", "IE": "EBAY_IE",
         "PL": "EBAY_PL"}


class EbayClient(ApiClient):
    label = "eBay"
    scopes = MESSAGE_SCOPE  # asked for when the user token is renewed (config "scopes" overrides)
    purpose = "sending"

    def __init__(self, account, **kwargs):
        super().__init__(account, **kwargs)
        self.api_base = (self.config.get("api_base") or settings.EBAY_API_BASE).rstrip("/")
        self.token_url = self.config.get("token_url") or settings.EBAY_TOKEN_URL
        self.site = self.config.get("site") or SITES.get((account.marketplace or "US").upper(), "EBAY_US")
        has_refresh = bool(self.creds.get("refresh_token") and self.creds.get("client_id") and self.creds.get("client_secret"))
        self.require({"user access token, or a refresh token with the client id and secret": self.creds.get("access_token") or has_refresh},
                     self.purpose)

    # --- ApiClient hooks ------------------------------------------------------------------------
    def fetch_token(self) -> tuple[str, int, str]:
        if not (self.creds.get("refresh_token") and self.creds.get("client_id") and self.creds.get("client_secret")):
            raise PermanentSendError("eBay user token expired and no refresh token (with client id and secret) is stored: authorise the account again")
        response = self.request("POST", self.token_url, auth=(self.creds["client_id"], self.creds["client_secret"]), data={
            "grant_type": "refresh_token", "refresh_token": self.creds["refresh_token"],
            "scope": self.config.get("scopes") or self.scopes})
        payload = json_of(response)
        payload = payload if isinstance(payload, dict) else {}
        if response.status_code != 200:
            raise PermanentSendError(f"eBay token refresh refused: HTTP {response.status_code}: "
                                     f"{payload.get('error', '')} {payload.get('error_description', '')}".strip())
        # Kept with the token so a client needing other scopes knows to renew it (see ebay/orders.py).
        self.creds["access_token_scope"] = self.config.get("scopes") or self.scopes
        return payload.get("access_token", ""), int(clock.now().timestamp()) + int(payload.get("expires_in") or 7200), ""

    def authorise(self, token: str, kwargs: dict, url: str) -> dict:
        return {**kwargs, "headers": {**kwargs.get("headers", {}), "Authorization": f"Bearer {token}", "X-EBAY-C-MARKETPLACE-ID": self.site}}

    def error_message(self, response: httpx.Response) -> str:
        payload = json_of(response)
        errors = payload.get("errors") if isinstance(payload, dict) else None
        if isinstance(errors, list) and errors:
            return "; ".join(f"{e.get('errorId', '')} {e.get('longMessage') or e.get('message', '')}".strip() for e in errors if isinstance(e, dict))
        return response.text[:200]

    # --- calls ----------------------------------------------------------------------------------
    def send_message(self, text: str, *, conversation_id: str = "", username: str = "", reference: dict | None = None) -> str:
        """Send one message; eBay's message id ("" if it names none)."""
        body: dict = {"messageText": text}
        if conversation_id:
            body["conversationId"] = conversation_id
        elif username:
            body["otherPartyUsername"] = username
        else:
            raise PermanentSendError("eBay: this conversation names neither an eBay conversation nor a buyer to write to")
        if reference:
            body["reference"] = reference
        response = self.call("POST", self.api_base + SEND_PATH, json=body)
        if response.status_code not in (200, 201):
            raise self.refused(response, "send_message")
        payload = json_of(response)
        return str(payload.get("messageId", "")) if isinstance(payload, dict) else ""


class _EbayApp(ApiClient):
    """The app alone (client credentials), as the signature key fetch uses it."""

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


def check_connection(account) -> str:
    """"Test connection": the user token renewed and one Message API read; the app token alone for a webhook-only account."""
    creds = account.credentials
    if not (creds.get("access_token") or creds.get("refresh_token")) and creds.get("client_id") and creds.get("client_secret"):
        return _ebay_app_only(account)
    client = EbayClient(account, sleep=lambda s: None)
    client.max_tries = 1
    note = renew(client)
    response = client.call("GET", client.api_base + "/commerce/message/v1/conversation", params={"limit": "1"})
    if response.status_code != 200:
        raise client.refused(response, "getConversations")
    return f"eBay ok: {note}, Message API answered"
