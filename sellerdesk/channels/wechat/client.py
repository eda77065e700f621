"""WeChat Official Account API: access token, customer-service messages, media.

Facts (docs/channels.md, Platform facts → WeChat):
- GET /cgi-bin/token?grant_type=client_credential&appid&secret -> {"access_token", "expires_in"};
  cached on the account (encrypted) until shortly before it expires.
- POST /cgi-bin/message/custom/send?access_token with {"touser", "msgtype": "text",
  "text": {"content"}} or msgtype image with {"image": {"media_id"}}; only within 48 h of the
  buyer's last action (45015 otherwise).
- POST /cgi-bin/media/upload?access_token&type=image (multipart field "media") -> {"media_id"}.
- GET /cgi-bin/media/get?access_token&media_id: the file itself; a video answers JSON with a
  video_url [U]; an error answers JSON {"errcode", "errmsg"}.
- GET /cgi-bin/getcallbackip?access_token: a cheap read for "Test connection".
Errors come with HTTP 200 and a non-zero errcode. 40001 / 40014 / 42001 mean the token is
invalid or expired: refreshed once. -1 means busy: retried like a 5xx.
"""

from __future__ import annotations

import json
import re

import httpx
from django.conf import settings

from sellerdesk.channels.apiclient import ApiClient, json_of
from sellerdesk.channels.base import PermanentSendError
from sellerdesk.channels.payloadcheck import read_answer
from sellerdesk.channels.wechat import payloads
from sellerdesk.lib import clock

TOKEN_ERRORS = {40001, 40014, 42001}
BUSY = -1
# Permanent errors with what the agent should know ([C] except where marked).
PERMANENT = {
    45015: "the 48-hour customer-service window is closed (the buyer has not written for 48 hours): only a template message can reach them",
    45047: "too many customer-service messages since the buyer's last message [U]",
    43004: "the buyer does not follow the account (any more)",
    40003: "the openid is not a follower of this account",
    48001: "this account has no right to the customer-service message API (an unverified account?)",
    45009: "the API's daily quota is used up",
    40164: "the server's IP address is not on the account's IP whitelist (WeChat console: Basic configuration)",
    40013: "the AppID is not valid",
    40125: "the AppSecret is not valid",
}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif"}


class WeChatClient(ApiClient):
    label = "WeChat"

    def __init__(self, account, **kwargs):
        super().__init__(account, **kwargs)
        self.app_id = self.config.get("app_id", "")
        self.api_base = (self.config.get("api_base") or settings.WECHAT_API_BASE).rstrip("/")
        self.require({"AppID": self.app_id, "AppSecret": self.creds.get("app_secret")})

    # --- ApiClient hooks ------------------------------------------------------------------------
    def fetch_token(self) -> tuple[str, int, str]:
        response = self.request("GET", self.api_base + "/cgi-bin/token",
                                params={"grant_type": "client_credential", "appid": self.app_id, "secret": self.creds["app_secret"]})
        answer = self.checked(response, "token request", payloads.TokenAnswer)
        if not answer.access_token:
            raise PermanentSendError("WeChat token request answered without an access_token")
        return answer.access_token, int(clock.now().timestamp()) + answer.expires_in, ""

    def authorise(self, token: str, kwargs: dict, url: str) -> dict:
        return {**kwargs, "params": {**kwargs.get("params", {}), "access_token": token}}

    def token_expired(self, response: httpx.Response) -> bool:
        return _errcode(response) in TOKEN_ERRORS

    def throttle_wait(self, response: httpx.Response) -> float | None:
        if _errcode(response) == BUSY:
            return 1.0
        return super().throttle_wait(response)

    def error_message(self, response: httpx.Response) -> str:
        payload = json_of(response)
        if isinstance(payload, dict) and payload.get("errcode"):
            return f"{payload.get('errcode')} {payload.get('errmsg', '')}".strip()
        return super().error_message(response)

    # --- answers --------------------------------------------------------------------------------
    def checked(self, response: httpx.Response, what: str, model=payloads.ApiAnswer):
        """The answer as `model`; a refusal is a permanent error saying what it means."""
        if response.status_code != 200:
            raise self.refused(response, what)
        answer = read_answer(model, json_of(response), f"WeChat {what} answer")
        if answer.errcode in TOKEN_ERRORS:
            raise PermanentSendError(f"WeChat {what} refused: the access token was refused again after renewing it ({answer.errcode} {answer.errmsg})")
        if answer.errcode:
            meaning = PERMANENT.get(answer.errcode, "")
            raise PermanentSendError(f"WeChat {what} refused: {answer.errcode} {answer.errmsg}" + (f": {meaning}" if meaning else ""))
        return answer

    # --- calls ----------------------------------------------------------------------------------
    def send(self, payload: dict) -> None:
        response = self.call("POST", self.api_base + "/cgi-bin/message/custom/send",
                             content=_json_bytes(payload), headers={"Content-Type": "application/json"})
        self.checked(response, "customer-service message")

    def send_text(self, openid: str, text: str) -> None:
        self.send({"touser": openid, "msgtype": "text", "text": {"content": text}})

    def send_image(self, openid: str, filename: str, content_type: str, data: bytes) -> None:
        response = self.call("POST", self.api_base + "/cgi-bin/media/upload", params={"type": "image"},
                             files={"media": (filename, data, content_type)})
        media_id = self.checked(response, "image upload", payloads.MediaUploadAnswer).media_id
        if not media_id:
            raise PermanentSendError("WeChat image upload answered without a media_id")
        self.send({"touser": openid, "msgtype": "image", "image": {"media_id": media_id}})

    def media(self, media_id: str) -> tuple[bytes, str, str]:
        """(data, content type, file name) of a buyer's picture, voice or video."""
        response = self.call("GET", self.api_base + "/cgi-bin/media/get", params={"media_id": media_id})
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if response.status_code == 200 and content_type not in ("application/json", "text/plain"):
            return response.content, content_type or "application/octet-stream", _filename(response, media_id)
        video = self.checked(response, "media download", payloads.VideoAnswer)
        if not video.video_url:
            raise PermanentSendError("WeChat media download answered neither a file nor a video_url")
        download = self.request("GET", video.video_url)
        if download.status_code != 200:
            raise self.refused(download, "video download")
        return download.content, download.headers.get("Content-Type", "video/mp4").split(";")[0], f"{media_id}.mp4"

    def check_connection(self) -> str:
        """A new token and one read call: what "Test connection" says."""
        self.refresh()
        response = self.call("GET", self.api_base + "/cgi-bin/getcallbackip")
        ips = self.checked(response, "getcallbackip", payloads.CallbackIpAnswer).ip_list
        return f"WeChat ok: access token renewed, API answered ({len(ips)} WeChat server addresses)"


def _errcode(response: httpx.Response):
    payload = json_of(response) if response.content[:1] == b"{" else None  # media downloads are not JSON
    return payload.get("errcode") if isinstance(payload, dict) else None


def _json_bytes(payload: dict) -> bytes:
    # Escaped characters are reported to reach buyers as "\\uXXXX" [C]: send the characters themselves.
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def _filename(response: httpx.Response, media_id: str) -> str:
    match = re.search(r'filename="?([^";]+)"?', response.headers.get("Content-Disposition", ""))
    if match:
        return match.group(1).strip()[:200]
    extension = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "audio/amr": ".amr",
                 "audio/speex": ".speex", "video/mp4": ".mp4"}.get(response.headers.get("Content-Type", "").split(";")[0].strip(), "")
    return f"{media_id}{extension}"

