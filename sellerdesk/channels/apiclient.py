"""What every outbound platform API client shares: retries, one token refresh, clear errors.

A subclass names its platform (`label`) and fills in the hooks: how to authorise a call with a
token (`authorise`), how to get a new token (`fetch_token`), how the platform says a token
expired (`token_expired`), and what its error message is (`error_message`).

Retries (one `call`): 429 — or a platform's own throttling answer (`throttle_wait`) — waits the
time it names (Retry-After, at most `max_wait` seconds) and tries again; 5xx and network errors
back off (`backoff`) and try again; after `max_tries` it is RetryableSendError (the task queue
tries later). A token the platform calls expired is refreshed once and the call repeated.
Anything else the platform refuses is PermanentSendError carrying the platform's message.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache

import httpx
from django.conf import settings
from django.db import transaction

from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.lib import clock


class NotConfigured(PermanentSendError):
    """The account lacks what the API needs; the message starts with "not configured:"."""

    def __init__(self, label: str, missing: list[str]):
        super().__init__(f"not configured: {label} needs the {', '.join(missing)}")
        self.missing = missing


class ApiClient:
    label = "API"
    max_tries = 4
    max_wait = 30.0
    backoff = (0.5, 2.0, 5.0)
    refresh_margin = 300  # seconds: a token this close to expiry is refreshed before use

    def __init__(self, account, *, sleep: Callable[[float], None] = time.sleep, http: httpx.Client | None = None):
        self.account = account
        self.sleep = sleep
        self.http = http or shared_http()
        self.config = dict(account.config or {})
        try:
            self.creds = dict(account.credentials)
        except ValueError as exc:  # encrypted with another key
            raise PermanentSendError(f"not configured: {self.label} secrets cannot be read ({exc}); enter them again") from None

    def require(self, values: dict, what: str = "") -> None:
        """NotConfigured naming every empty value: "not configured: <label> [what] needs the a, b"."""
        missing = [name for name, value in values.items() if not value]
        if missing:
            raise NotConfigured(f"{self.label} {what}".strip(), missing)

    # --- hooks ----------------------------------------------------------------------------------
    def authorise(self, token: str, kwargs: dict, url: str) -> dict:
        """The request's keyword arguments with the token (and any signature) added."""
        return kwargs

    def fetch_token(self) -> tuple[str, int, str]:
        """(access token, expiry as Unix time or 0, new refresh token or ""); errors are raised."""
        raise PermanentSendError(f"{self.label}: the access token was refused and cannot be renewed here; authorise the account again")

    def token_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401

    def throttle_wait(self, response: httpx.Response) -> float | None:
        """Seconds to wait before trying again when the platform says "too fast", else None."""
        if response.status_code != 429:
            return None
        try:
            return max(0.0, float(response.headers.get("Retry-After", "1")))
        except ValueError:
            return 1.0

    def error_message(self, response: httpx.Response) -> str:
        return response.text[:200]

    # --- tokens ---------------------------------------------------------------------------------
    def access_token(self) -> str:
        expires = float(self.creds.get("access_token_expires_at") or 0)
        if self.creds.get("access_token") and (not expires or expires - self.refresh_margin > clock.now().timestamp()):
            return self.creds["access_token"]
        return self.refresh()

    def refresh(self) -> str:
        token, expires_at, refresh_token = self.fetch_token()
        if not token:
            raise PermanentSendError(f"{self.label} token refresh answered without an access token")
        self.creds.update({"access_token": token, "access_token_expires_at": int(expires_at or 0)})
        if refresh_token:
            self.creds["refresh_token"] = refresh_token
        store_tokens(self.account, self.creds)
        return token

    # --- calls ----------------------------------------------------------------------------------
    def call(self, method: str, url: str, **kwargs) -> httpx.Response:
        """An authorised call: retried as the module says, the token refreshed once if refused."""
        refreshed = False
        while True:
            token = self.access_token()
            response = self.request(method, url, **self.authorise(token, dict(kwargs), url))
            if not refreshed and self.token_expired(response):
                self.creds["access_token_expires_at"] = 1  # forces a refresh on the next round
                refreshed = True
                continue
            return response

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        """One call with retries for throttling, 5xx and network errors (no authorisation added)."""
        last = ""
        for attempt in range(self.max_tries):
            final = attempt + 1 == self.max_tries
            try:
                response = self.http.request(method, url, **kwargs)
            except httpx.HTTPError as exc:
                last = f"{type(exc).__name__}: {exc}"
            else:
                wait = self.throttle_wait(response)
                if wait is not None:
                    last = f"HTTP {response.status_code} (rate limited)"
                    if not final:
                        self.sleep(min(self.max_wait, wait))
                    continue
                if response.status_code < 500:
                    return response
                last = f"HTTP {response.status_code}"
            if not final:
                self.sleep(self.backoff[min(attempt, len(self.backoff) - 1)])
        raise RetryableSendError(f"{self.label}: {last} after {self.max_tries} tries")

    def refused(self, response: httpx.Response, what: str) -> PermanentSendError:
        return PermanentSendError(f"{self.label} {what} refused: HTTP {response.status_code}: {self.error_message(response)}")


@cache
def shared_http() -> httpx.Client:
    """One connection pool per process: building an httpx.Client (its TLS context) costs ~50 ms."""
    return httpx.Client(timeout=settings.HTTP_TIMEOUT_SECONDS)


def json_of(response: httpx.Response):
    try:
        return response.json()
    except ValueError:
        return None


def store_tokens(account, creds: dict) -> None:
    """Store refreshed tokens (encrypted) and say so in the event log, never the tokens themselves."""
    from sellerdesk.channels.models import ChannelAccount
    from sellerdesk.conversations.events import record

    with transaction.atomic():
        row = ChannelAccount.objects.select_for_update().get(pk=account.pk)
        row.credentials = {**row.credentials, **creds}
        row.save(update_fields=["credentials_encrypted"])
        record("channel_token_refreshed", account_id=account.pk, expires_at=creds.get("access_token_expires_at"))
    account.credentials_encrypted = row.credentials_encrypted
