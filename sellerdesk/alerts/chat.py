"""Posting to team-chat robots: WeCom (企业微信), Feishu (飞书), DingTalk (钉钉), Slack.

Each platform: the payload it takes, its signing where it has one, and how its answer says
"try later" (rate limits, busy) or "this will never work" (bad URL, bad signature, keyword
rules). The facts are in docs/alerts.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote_plus

import httpx
from django.conf import settings


class SendFailed(Exception):
    def __init__(self, message: str, *, retryable: bool):
        super().__init__(message)
        self.retryable = retryable


def feishu_sign(timestamp: int, secret: str) -> str:
    """Feishu: HMAC-SHA256 keyed with "timestamp\\nsecret" over an empty message, base64."""
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def dingtalk_sign(timestamp_ms: int, secret: str) -> str:
    """DingTalk: HMAC-SHA256 keyed with the secret over "timestamp\\nsecret", base64 (URL-encoded by the caller)."""
    message = f"{timestamp_ms}\n{secret}".encode()
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


def _markdown(title: str, lines: list[tuple[str, str]]) -> str:
    return f"**{title}**\n" + "\n".join(f"- [{text}]({url})" for text, url in lines)


def _wecom(target: dict, title: str, lines) -> tuple[str, dict]:
    return target["url"], {"msgtype": "markdown", "markdown": {"content": _markdown(title, lines)}}


def _feishu(target: dict, title: str, lines) -> tuple[str, dict]:
    body = {"msg_type": "post", "content": {"post": {"zh_cn": {
        "title": title, "content": [[{"tag": "a", "text": text, "href": url}] for text, url in lines]}}}}
    if target.get("secret"):
        ts = int(time.time())
        body = {"timestamp": str(ts), "sign": feishu_sign(ts, target["secret"]), **body}
    return target["url"], body


def _dingtalk(target: dict, title: str, lines) -> tuple[str, dict]:
    url = target["url"]
    if target.get("secret"):
        ts = int(time.time() * 1000)
        url += ("&" if "?" in url else "?") + f"timestamp={ts}&sign={quote_plus(dingtalk_sign(ts, target['secret']))}"
    text = f"### {title}\n\n" + "\n".join(f"- [{t}]({u})" for t, u in lines)
    return url, {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def _slack(target: dict, title: str, lines) -> tuple[str, dict]:
    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    return target["url"], {"text": f"*{esc(title)}*\n" + "\n".join(f"• <{u}|{esc(t)}>" for t, u in lines)}


BUILDERS = {"wecom": _wecom, "feishu": _feishu, "dingtalk": _dingtalk, "slack": _slack}
# Answer codes that mean "too many messages / busy: try again later".
RETRY_CODES = {"wecom": {-1, 45009}, "feishu": {9499, 11232, 11233}, "dingtalk": {-1, 130101}}


def post(platform: str, target: dict, title: str, lines: list[tuple[str, str]]) -> None:
    """Post one message; raises SendFailed (retryable or not)."""
    url, body = BUILDERS[platform](target, title, lines)
    try:
        response = httpx.post(url, json=body, timeout=settings.HTTP_TIMEOUT_SECONDS)
    except httpx.HTTPError as exc:
        raise SendFailed(f"{type(exc).__name__}: {exc}", retryable=True) from None
    if response.status_code == 429 or response.status_code >= 500:
        raise SendFailed(f"HTTP {response.status_code}", retryable=True)
    if response.status_code >= 400:
        raise SendFailed(f"HTTP {response.status_code}: {response.text[:200]}", retryable=False)
    if platform == "slack":
        return  # Slack answers 200 "ok"; its errors come as 4xx above
    try:
        answer = response.json()
    except ValueError:
        raise SendFailed(f"not JSON: {response.text[:200]}", retryable=False) from None
    code = answer.get("errcode", answer.get("code", answer.get("StatusCode", 0)))
    if code not in (0, None):
        message = answer.get("errmsg") or answer.get("msg") or answer.get("StatusMessage") or ""
        raise SendFailed(f"{platform} error {code}: {message}", retryable=code in RETRY_CODES.get(platform, set()))
