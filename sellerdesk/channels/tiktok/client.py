"""TikTok Shop Customer Service API: send a text reply into a buyer chat.

Facts (/work/shared/channels.md §4): POST /customer_service/202309/conversations/{id}/messages
with body {"type": "TEXT", "content": "{\"content\": \"…\"}"} (content is a JSON string); query
app_key, timestamp, sign, shop_cipher; header x-tts-access-token; sign = hex HMAC-SHA256 keyed
with app_secret over app_secret + path + sorted(k + v of the query without sign/access_token)
+ body + app_secret ([C]: the exact wrapping is not verified against the official SDK).
Assumed ([U]): errors come as {"code": non-zero, "message"}, 105002 meaning an expired token;
the token is refreshed with GET {auth}/api/v2/token/refresh?app_key&app_secret&refresh_token&
grant_type=refresh_token, answering {"code": 0, "data": {"access_token",
"access_token_expire_in" (Unix time), "refresh_token", "refresh_token_expire_in"}}.

Retries: 429 waits Retry-After (at most MAX_WAIT s) and tries again; 5xx and network errors back
off and try again; after MAX_TRIES it is RetryableSendError (the task queue tries later). Other
errors are PermanentSendError with the platform's message.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable

import httpx
from django.conf import settings
from django.db import transaction

from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.lib import clock

SEND_PATH = "/customer_service/202309/conversations/{id}/messages"
MAX_TRIES = 4
MAX_WAIT = 30.0
BACKOFF = [0.5, 2.0, 5.0]
TOKEN_EXPIRED = {105002}
REFRESH_MARGIN = 300  # seconds: a token this close to expiry is refreshed first


def sign(app_secret: str, path: str, params: dict, body: str) -> str:
    pieces = "".join(f"{k}{params[k]}" for k in sorted(params) if k not in ("sign", "access_token"))
    return hmac.new(app_secret.encode(), f"{app_secret}{path}{pieces}{body}{app_secret}".encode(), hashlib.sha256).hexdigest()


class TikTokClient:
    def __init__(self, account, *, sleep: Callable[[float], None] = time.sleep, http: httpx.Client | None = None):
        self.account = account
        self.sleep = sleep
        self.http = http or httpx.Client(timeout=settings.HTTP_TIMEOUT_SECONDS)
        config = account.config or {}
        try:
            self.creds = dict(account.credentials)
        except ValueError as exc:
            raise PermanentSendError(f"not configured: {exc}") from None
        self.app_key = config.get("app_key", "")
        self.shop_cipher = config.get("shop_cipher", "")
        self.api_base = (config.get("api_base") or settings.TIKTOK_API_BASE).rstrip("/")
        self.auth_base = (config.get("auth_base") or settings.TIKTOK_AUTH_BASE).rstrip("/")
        missing = [name for name, value in (("app key", self.app_key), ("shop cipher", self.shop_cipher),
                                            ("app secret", self.creds.get("app_secret")),
                                            ("access or refresh token", self.creds.get("access_token") or self.creds.get("refresh_token")))
                   if not value]
        if missing:
            raise PermanentSendError(f"not configured: TikTok Shop sending needs the {', '.join(missing)}")

    # --- tokens ---------------------------------------------------------------------------------
    def access_token(self) -> str:
        expires = float(self.creds.get("access_token_expires_at") or 0)
        if self.creds.get("access_token") and (not expires or expires - REFRESH_MARGIN > clock.now().timestamp()):
            return self.creds["access_token"]
        return self.refresh()

    def refresh(self) -> str:
        if not self.creds.get("refresh_token"):
            raise PermanentSendError("TikTok Shop access token expired and no refresh token is stored: authorise the shop again")
        params = {"app_key": self.app_key, "app_secret": self.creds["app_secret"], "refresh_token": self.creds["refresh_token"],
                  "grant_type": "refresh_token"}
        response = self._request("GET", f"{self.auth_base}/api/v2/token/refresh", params=params)
        data = self._data(response, what="token refresh")
        if not data.get("access_token"):
            raise PermanentSendError("TikTok Shop token refresh answered without an access token")
        self.creds.update({
            "access_token": data["access_token"],
            "access_token_expires_at": int(data.get("access_token_expire_in") or 0),
            "refresh_token": data.get("refresh_token") or self.creds["refresh_token"],
        })
        save_tokens(self.account, self.creds)
        return self.creds["access_token"]

    # --- calls ----------------------------------------------------------------------------------
    def send_text(self, conversation_id: str, text: str) -> str:
        """Post one text message; the platform's message id."""
        path = SEND_PATH.format(id=conversation_id)
        body = json.dumps({"type": "TEXT", "content": json.dumps({"content": text}, ensure_ascii=False)}, ensure_ascii=False)
        refreshed = False
        while True:
            token = self.access_token()
            params = {"app_key": self.app_key, "timestamp": str(int(clock.now().timestamp())), "shop_cipher": self.shop_cipher}
            params["sign"] = sign(self.creds["app_secret"], path, params, body)
            response = self._request("POST", self.api_base + path, params=params, content=body.encode(),
                                     headers={"x-tts-access-token": token, "Content-Type": "application/json"})
            if not refreshed and _token_expired(response):
                self.creds["access_token_expires_at"] = 1  # refresh on the next round
                refreshed = True
                continue
            data = self._data(response, what="send message")
            return str(data.get("message_id", ""))

    def _request(self, method: str, url: str, **kwargs) -> httpx.Response:
        """One call with the retries of the module docstring."""
        last = ""
        for attempt in range(MAX_TRIES):
            try:
                response = self.http.request(method, url, **kwargs)
            except httpx.HTTPError as exc:
                last = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code == 429:
                    last = "HTTP 429 (rate limited)"
                    if attempt + 1 < MAX_TRIES:
                        self.sleep(min(MAX_WAIT, _retry_after(response)))
                    continue
                if response.status_code < 500:
                    return response
                last = f"HTTP {response.status_code}"
            if attempt + 1 < MAX_TRIES:
                self.sleep(BACKOFF[min(attempt, len(BACKOFF) - 1)])
        raise RetryableSendError(f"TikTok Shop: {last} after {MAX_TRIES} tries")

    def _data(self, response: httpx.Response, *, what: str) -> dict:
        try:
            payload = response.json()
        except ValueError:
            payload = {}
        code = payload.get("code") if isinstance(payload, dict) else None
        if response.status_code >= 400 or code not in (0, None):
            message = payload.get("message", "") if isinstance(payload, dict) else ""
            raise PermanentSendError(f"TikTok Shop {what} refused: HTTP {response.status_code}, code {code}: {message or response.text[:200]}")
        return payload.get("data") or {}


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "1")))
    except ValueError:
        return 1.0


def _token_expired(response: httpx.Response) -> bool:
    if response.status_code == 401:
        return True
    try:
        return response.json().get("code") in TOKEN_EXPIRED
    except (ValueError, AttributeError):
        return False


def save_tokens(account, creds: dict) -> None:
    """Store refreshed tokens (encrypted) and say so in the event log, never the tokens themselves."""
    from sellerdesk.channels.models import ChannelAccount
    from sellerdesk.conversations.events import record

    with transaction.atomic():
        row = ChannelAccount.objects.select_for_update().get(pk=account.pk)
        row.credentials = {**row.credentials, **creds}
        row.save(update_fields=["credentials_encrypted"])
        record("channel_token_refreshed", account_id=account.pk, expires_at=creds.get("access_token_expires_at"))
    account.credentials_encrypted = row.credentials_encrypted
