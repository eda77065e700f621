"""TikTok Shop webhook authentication and dedupe key (docs/channels.md,
Platform facts → TikTok Shop).

Authorization (no "Bearer") = lowercase hex HMAC-SHA256(app_secret, app_key + raw body). The
signature has no timestamp, so replays are stopped by the dedupe key tts_notification_id alone.
"""

from __future__ import annotations

import hashlib
import hmac

from sellerdesk.channels.base import MalformedDelivery
from sellerdesk.channels.webhooks import BadSignature, HttpDelivery, WebhookReceiver, secret


def sign(app_key: str, app_secret: str, body: bytes) -> str:
    return hmac.new(app_secret.encode(), app_key.encode() + body, hashlib.sha256).hexdigest()


class TikTokReceiver(WebhookReceiver):
    channel = "tiktok"

    def verify(self, account, delivery: HttpDelivery) -> None:
        app_key = (account.config or {}).get("app_key", "")
        if not app_key:
            raise BadSignature("not configured: this account has no app key")
        expected = sign(app_key, secret(account, "app_secret"), delivery.body)
        given = delivery.header("Authorization").strip()
        if not given:
            raise BadSignature("no Authorization header")
        if not hmac.compare_digest(expected, given.lower()):
            raise BadSignature("Authorization does not match the body")

    def event_id(self, account, delivery: HttpDelivery) -> str:
        data = delivery.json()
        if not data.get("tts_notification_id"):
            raise MalformedDelivery("tts_notification_id is missing")
        if not isinstance(data.get("type"), int):
            raise MalformedDelivery("type is missing or not a number")
        shop = str(data.get("shop_id") or "")
        if account.address and shop and shop != account.address:
            raise MalformedDelivery(f"delivery is for shop {shop}, this account is {account.address}")
        return f"tiktok:{data['tts_notification_id']}"

    def check_payload(self, account, delivery: HttpDelivery) -> None:
        from sellerdesk.channels.tiktok.parse import read_payload

        read_payload(delivery.json())
