"""LINE Messaging API webhook: X-Line-Signature and the dedupe key.

Facts (docs/channels.md, Platform facts → LINE): X-Line-Signature is the base64 HMAC-SHA256 of
the raw body keyed with the channel secret. Each event has a webhookEventId; a delivery holds
one or more events (none when the console's "Verify" button calls). The delivery's key is its
event id (one event) or a digest of its sorted event ids; the messages inside are deduplicated
again by their message ids, so a redelivery batched differently still adds nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from sellerdesk.channels.base import MalformedDelivery
from sellerdesk.channels.line import payloads
from sellerdesk.channels.webhooks import BadSignature, HttpDelivery, WebhookReceiver, secret


def sign(channel_secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()).decode()


def read(account, body: bytes) -> payloads.Webhook:
    data = payloads.webhook(HttpDelivery(body=body).json())
    if account.address and data.destination != account.address:
        raise MalformedDelivery(f"destination: the delivery is for bot {data.destination}, this account is {account.address}")
    return data


class LineReceiver(WebhookReceiver):
    channel = "line"

    def verify(self, account, delivery: HttpDelivery) -> None:
        expected = sign(secret(account, "channel_secret"), delivery.body)
        given = delivery.header("X-Line-Signature").strip()
        if not given:
            raise BadSignature("no X-Line-Signature header")
        if not hmac.compare_digest(expected, given):
            raise BadSignature("X-Line-Signature does not match the body")

    def event_id(self, account, delivery: HttpDelivery) -> str:
        ids = sorted(e.webhookEventId for e in read(account, delivery.body).events)
        if len(ids) == 1:
            return f"line:{ids[0]}"
        if not ids:  # the console's "Verify": nothing to process, kept once per body
            return f"line:verify:{hashlib.sha256(delivery.body).hexdigest()[:32]}"
        return f"line:events:{hashlib.sha256(' '.join(ids).encode()).hexdigest()[:32]}"
