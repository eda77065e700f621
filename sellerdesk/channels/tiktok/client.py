"""TikTok Shop Customer Service API: send a text reply into a buyer chat.

Facts (docs/channels.md, Platform facts → TikTok Shop):
POST /customer_service/202309/conversations/{id}/messages
with body {"type": "TEXT", "content": "{\"content\": \"…\"}"} (content is a JSON string); query
app_key, timestamp, sign, shop_cipher; header x-tts-access-token; sign = hex HMAC-SHA256 keyed
with app_secret over app_secret + path + sorted(k + v of the query without sign/access_token)
+ body + app_secret ([C]: the exact wrapping is not verified against the official SDK).
Assumed ([U]): errors come as {"code": non-zero, "message"}, 105002 meaning an expired token;
the token is refreshed with GET {auth}/api/v2/token/refresh?app_key&app_secret&refresh_token&
grant_type=refresh_token, answering {"code": 0, "data": {"access_token",
"access_token_expire_in" (Unix time), "refresh_token", "refresh_token_expire_in"}}.

Retries, the one token refresh and the error kinds come from channels/apiclient.py.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from sellerdesk.channels.apiclient import ApiClient, json_of
from sellerdesk.channels.base import PermanentSendError
from sellerdesk.channels.connectiontest import Failed, renew
from sellerdesk.lib import clock

SEND_PATH = "/customer_service/202309/conversations/{id}/messages"
TOKEN_EXPIRED = {105002}


def sign(app_secret: str, path: str, params: dict, body: str) -> str:
    pieces = "".join(f"{k}{params[k]}" for k in sorted(params) if k not in ("sign", "access_token"))
    return hmac.new(app_secret.encode(), f"{app_secret}{path}{pieces}{body}{app_secret}".encode(), hashlib.sha256).hexdigest()


class TikTokClient(ApiClient):
    label = "TikTok Shop"
    purpose = "sending"

    def __init__(self, account, **kwargs):
        super().__init__(account, **kwargs)
        self.app_key = self.config.get("app_key", "")
        self.shop_cipher = self.config.get("shop_cipher", "")
        self.api_base = (self.config.get("api_base") or settings.TIKTOK_API_BASE).rstrip("/")
        self.auth_base = (self.config.get("auth_base") or settings.TIKTOK_AUTH_BASE).rstrip("/")
        self.require({"app key": self.app_key, "shop cipher": self.shop_cipher, "app secret": self.creds.get("app_secret"),
                      "access or refresh token": self.creds.get("access_token") or self.creds.get("refresh_token")}, self.purpose)

    # --- ApiClient hooks ------------------------------------------------------------------------
    def fetch_token(self) -> tuple[str, int, str]:
        if not self.creds.get("refresh_token"):
            raise PermanentSendError("TikTok Shop access token expired and no refresh token is stored: authorise the shop again")
        params = {"app_key": self.app_key, "app_secret": self.creds["app_secret"], "refresh_token": self.creds["refresh_token"],
                  "grant_type": "refresh_token"}
        data = self._data(self.request("GET", f"{self.auth_base}/api/v2/token/refresh", params=params), what="token refresh")
        return data.get("access_token", ""), int(data.get("access_token_expire_in") or 0), data.get("refresh_token", "")

    def authorise(self, token: str, kwargs: dict, url: str) -> dict:
        # Signed per attempt: the timestamp is part of the signature.
        params = {**kwargs.get("params", {}), "app_key": self.app_key, "timestamp": str(int(clock.now().timestamp())),
                  "shop_cipher": self.shop_cipher}
        params["sign"] = sign(self.creds["app_secret"], urlsplit(url).path, params, (kwargs.get("content") or b"").decode())
        return {**kwargs, "params": params, "headers": {**kwargs.get("headers", {}), "x-tts-access-token": token}}

    def token_expired(self, response: httpx.Response) -> bool:
        payload = json_of(response)
        return response.status_code == 401 or (isinstance(payload, dict) and payload.get("code") in TOKEN_EXPIRED)

    # --- calls ----------------------------------------------------------------------------------
    def send_text(self, conversation_id: str, text: str) -> str:
        """Post one text message; the platform's message id."""
        body = json.dumps({"type": "TEXT", "content": json.dumps({"content": text}, ensure_ascii=False)}, ensure_ascii=False)
        response = self.call("POST", self.api_base + SEND_PATH.format(id=conversation_id), content=body.encode(),
                             headers={"Content-Type": "application/json"})
        return str(self._data(response, what="send message").get("message_id", ""))

    def _data(self, response: httpx.Response, *, what: str) -> dict:
        payload = json_of(response)
        payload = payload if isinstance(payload, dict) else {}
        code = payload.get("code")
        if response.status_code >= 400 or code not in (0, None):
            message = payload.get("message", "")
            raise PermanentSendError(f"TikTok Shop {what} refused: HTTP {response.status_code}, code {code}: {message or response.text[:200]}")
        return payload.get("data") or {}


def check_connection(account) -> str:
    """"Test connection": the token renewed and the authorised shops read; this shop must be among them."""
    client = TikTokClient(account, sleep=lambda s: None)
    client.max_tries = 1
    note = renew(client)
    data = client._data(client.call("GET", client.api_base + "/authorization/202309/shops"), what="get authorized shops")
    shops = {str(s.get("id", "")): str(s.get("name", "")) for s in data.get("shops") or [] if isinstance(s, dict)}
    if account.address and account.address not in shops:
        raise Failed(f"TikTok Shop: the token is not authorised for shop {account.address} (it is for {', '.join(sorted(shops)) or 'no shop'})")
    return f"TikTok Shop ok: {note}, shop {shops.get(account.address) or account.address} authorised"
