"""Team chat webhooks and emails for the notify action.

The JSON body carries the text in the shapes the common team chats read: WeCom and DingTalk
({"msgtype": "text", "text": {"content"}}), Feishu ({"msg_type": "text", "content": {"text"}}),
Slack and others ({"text"}).
"""

from __future__ import annotations

import httpx
from django.core.mail import send_mail


def body_for(url: str, text: str) -> dict:
    if "qyapi.weixin.qq.com" in url or "oapi.dingtalk.com" in url:
        return {"msgtype": "text", "text": {"content": text}}
    if "feishu.cn" in url or "larksuite.com" in url:
        return {"msg_type": "text", "content": {"text": text}}
    return {"text": text}


def post_webhook(url: str, text: str) -> int:
    response = httpx.post(url, json=body_for(url, text), timeout=10)
    response.raise_for_status()
    return response.status_code


def send_email(addresses: list[str], text: str) -> None:
    send_mail("[SellerDesk] " + text.splitlines()[0][:120], text, None, addresses)
