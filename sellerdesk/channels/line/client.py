"""LINE Messaging API: reply and push, content downloads, profiles, the bot's own details.

Facts (docs/channels.md, Platform facts → LINE):
- Authorization: Bearer <channel access token>. A long-lived token from the console is used as
  is; without one, a short-lived token is issued with the channel id and secret
  (POST /oauth2/v3/token, client_credentials -> {"access_token", "expires_in"}) and renewed
  when it runs out or LINE answers 401.
- POST /v2/bot/message/reply {"replyToken", "messages"}: free, only shortly after the event; a
  stale token answers 400 "Invalid reply token" and the message is pushed instead.
- POST /v2/bot/message/push {"to", "messages"} with X-Line-Retry-Key (a UUID per message of
  ours): a retry LINE already accepted answers 409, which counts as sent.
- At most 5 message objects per request; a text message holds at most 5,000 characters [U].
- GET {data host}/v2/bot/message/{id}/content: the file; 202 while a video or audio is still
  being prepared (tried again later).
- GET /v2/bot/profile/{userId} -> {"displayName", "language", ...}; GET /v2/bot/info;
  GET /v2/bot/channel/webhook/endpoint -> {"endpoint", "active"}.
- 429 is the rate limit (retried after a pause), except "You have reached your monthly limit.",
  which no retry fixes.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from sellerdesk.channels.apiclient import ApiClient, json_of
from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.line import payloads
from sellerdesk.channels.payloadcheck import read_answer
from sellerdesk.lib import clock

MAX_MESSAGES = 5
MAX_TEXT = 5000
MONTHLY_LIMIT = "monthly limit"
RETRY_KEYS = uuid.UUID("6f0c1d7e-2b1a-4c55-9a43-5e2b8f1a7c10")  # namespace: one retry key per message of ours


def retry_key(account_id: int, message_id: int) -> str:
    return str(uuid.uuid5(RETRY_KEYS, f"{account_id}:{message_id}"))


def text_messages(text: str) -> list[dict]:
    parts = [text[i:i + MAX_TEXT] for i in range(0, len(text), MAX_TEXT)] or [""]
    if len(parts) > MAX_MESSAGES:
        raise PermanentSendError(f"LINE takes at most {MAX_MESSAGES * MAX_TEXT} characters in one reply; shorten it")
    return [{"type": "text", "text": p} for p in parts]


class LineClient(ApiClient):
    label = "LINE"

    def __init__(self, account, **kwargs):
        super().__init__(account, **kwargs)
        self.api_base = (self.config.get("api_base") or settings.LINE_API_BASE).rstrip("/")
        self.data_base = (self.config.get("data_api_base") or settings.LINE_DATA_API_BASE).rstrip("/")
        self.long_lived = self.creds.get("channel_access_token", "")
        self.require({"channel access token, or the channel ID and secret": self.long_lived or (
            self.config.get("channel_id") and self.creds.get("channel_secret"))})

    # --- ApiClient hooks ------------------------------------------------------------------------
    def access_token(self) -> str:
        return self.long_lived or super().access_token()

    def token_expired(self, response: httpx.Response) -> bool:
        if response.status_code == 401 and self.long_lived:  # a console token cannot be renewed from here
            raise PermanentSendError("LINE refused the channel access token (401): issue a new one in the LINE Developers console")
        return response.status_code == 401

    def fetch_token(self) -> tuple[str, int, str]:
        if not (self.config.get("channel_id") and self.creds.get("channel_secret")):
            raise PermanentSendError("not configured: LINE needs the channel ID and secret to issue access tokens")
        response = self.request("POST", self.api_base + "/oauth2/v3/token", data={
            "grant_type": "client_credentials", "client_id": self.config["channel_id"], "client_secret": self.creds["channel_secret"]})
        if response.status_code != 200:
            raise self.refused(response, "access token request")
        answer = read_answer(payloads.TokenAnswer, json_of(response), "LINE token answer")
        return answer.access_token, int(clock.now().timestamp()) + answer.expires_in, ""

    def authorise(self, token: str, kwargs: dict, url: str) -> dict:
        return {**kwargs, "headers": {**kwargs.get("headers", {}), "Authorization": f"Bearer {token}"}}

    def throttle_wait(self, response: httpx.Response) -> float | None:
        if response.status_code == 429 and MONTHLY_LIMIT in self.error_message(response).lower():
            return None  # the plan's message quota: answered as a refusal, not retried
        return super().throttle_wait(response)

    def error_message(self, response: httpx.Response) -> str:
        payload = json_of(response)
        if isinstance(payload, dict) and payload.get("message"):
            details = "; ".join(str(d.get("message", "")) for d in payload.get("details") or [] if isinstance(d, dict))
            return str(payload["message"]) + (f" ({details})" if details else "")
        return super().error_message(response)

    # --- sending --------------------------------------------------------------------------------
    def reply(self, reply_token: str, messages: list[dict]) -> bool:
        """True if sent with the reply token; False when LINE says the token is no longer valid."""
        response = self.call("POST", self.api_base + "/v2/bot/message/reply", json={"replyToken": reply_token, "messages": messages})
        if response.status_code == 200:
            return True
        if response.status_code == 400 and "reply token" in self.error_message(response).lower():
            return False
        raise self.refused(response, "reply")

    def push(self, user_id: str, messages: list[dict], key: str) -> None:
        response = self.call("POST", self.api_base + "/v2/bot/message/push", json={"to": user_id, "messages": messages},
                             headers={"X-Line-Retry-Key": key})
        if response.status_code in (200, 409):  # 409: this very request was accepted before
            return
        raise self.refused(response, "push message")

    # --- reading --------------------------------------------------------------------------------
    def content(self, message_id: str) -> tuple[bytes, str]:
        """(data, content type) of a buyer's picture, video, audio or file."""
        response = self.call("GET", f"{self.data_base}/v2/bot/message/{message_id}/content")
        if response.status_code == 202:
            raise RetryableSendError("LINE is still preparing the file")
        if response.status_code != 200:
            raise self.refused(response, "content download")
        return response.content, response.headers.get("Content-Type", "application/octet-stream").split(";")[0].strip()

    def profile(self, user_id: str) -> payloads.Profile:
        response = self.call("GET", f"{self.api_base}/v2/bot/profile/{user_id}")
        if response.status_code != 200:
            raise self.refused(response, "profile")
        return read_answer(payloads.Profile, json_of(response), "LINE profile")

    def check_connection(self, hook_path: str = "") -> str:
        """What "Test connection" says: the bot's name, and whether LINE calls our webhook (`hook_path`)."""
        if not self.long_lived:
            self.refresh()
        response = self.call("GET", self.api_base + "/v2/bot/info")
        if response.status_code != 200:
            raise self.refused(response, "bot info")
        bot = read_answer(payloads.BotInfo, json_of(response), "LINE bot info")
        if self.account.address and bot.userId and bot.userId != self.account.address:
            raise PermanentSendError(f"LINE: the token belongs to bot {bot.userId}, this account is {self.account.address}")
        text = f"LINE ok: bot {bot.displayName or bot.basicId} ({bot.userId})"
        endpoint = self.call("GET", self.api_base + "/v2/bot/channel/webhook/endpoint")
        if endpoint.status_code == 200 and hook_path:
            hook = read_answer(payloads.WebhookEndpoint, json_of(endpoint), "LINE webhook endpoint")
            # The host may differ behind a proxy; the path names this account.
            if not urlsplit(hook.endpoint).path == hook_path:
                text += f"; but LINE sends webhooks to {hook.endpoint or 'no URL'}, not to this account's {hook_path}"
            elif not hook.active:
                text += "; the webhook URL is right but “Use webhook” is off in the console"
            else:
                text += f"; webhooks come to {hook.endpoint}"
        return text
