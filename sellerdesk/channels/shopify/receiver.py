"""Shopify webhook authentication and dedupe key (docs/channels.md,
Platform facts → Shopify).

X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(app client secret, raw body)). After a secret
rotation Shopify keeps signing with the old secret for up to an hour, so a second secret
(`previous_webhook_secret`) is accepted too. The dedupe key is X-Shopify-Event-Id (the same
across retries and across several subscriptions to one topic), else X-Shopify-Webhook-Id; and,
because headers are not signed, also the payload's topic + object id + updated_at.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from sellerdesk.channels.base import MalformedDelivery
from sellerdesk.channels.webhooks import BadSignature, HttpDelivery, WebhookReceiver, secret


def sign(client_secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(client_secret.encode(), body, hashlib.sha256).digest()).decode()


class ShopifyReceiver(WebhookReceiver):
    channel = "shopify"

    def verify(self, account, delivery: HttpDelivery) -> None:
        given = delivery.header("X-Shopify-Hmac-Sha256") or delivery.header("Shopify-Hmac-Sha256")
        secrets = [secret(account, "webhook_secret")]
        previous = account.credentials.get("previous_webhook_secret")
        if previous:
            secrets.append(previous)
        if not given:
            raise BadSignature("no X-Shopify-Hmac-Sha256 header")
        if not any(hmac.compare_digest(sign(s, delivery.body), given.strip()) for s in secrets):
            raise BadSignature("X-Shopify-Hmac-Sha256 does not match the body")

    def event_id(self, account, delivery: HttpDelivery) -> str:
        topic = delivery.header("X-Shopify-Topic")
        if not topic:
            raise MalformedDelivery("no X-Shopify-Topic header")
        shop = delivery.header("X-Shopify-Shop-Domain").strip().lower()
        if account.address and shop and shop != account.address.strip().lower():
            raise MalformedDelivery(f"delivery is for shop {shop}, this account is {account.address}")
        delivery.json()  # an unreadable body is refused now, not found out later
        key = delivery.header("X-Shopify-Event-Id") or delivery.header("X-Shopify-Webhook-Id")
        if not key:
            raise MalformedDelivery("neither X-Shopify-Event-Id nor X-Shopify-Webhook-Id is present")
        return f"shopify:{key.strip()}"

    takes_topic = True

    def from_bare_body(self, body: bytes, *, topic: str = "") -> HttpDelivery:
        # The topic and the event id travel in headers: the topic is given (--topic) or read from
        # the body's shape; the event id is the body's digest (content_key dedupes by object too).
        delivery = HttpDelivery(body=body)
        if not topic:
            from sellerdesk.channels.shopify.topics import api_answer_root, infer_topic

            data = delivery.json()
            root = api_answer_root(data)
            if root:
                raise MalformedDelivery(f'an Admin API answer {{"{root}": ...}}, not a webhook body (a webhook sends the object itself)')
            topic = infer_topic(data)
            if not topic:
                raise MalformedDelivery("topic unknown — pass --topic (Shopify names it only in the X-Shopify-Topic header)")
        delivery.headers = {"X-Shopify-Topic": topic.strip().lower(),
                            "X-Shopify-Event-Id": f"bare-{hashlib.sha256(body).hexdigest()[:40]}"}
        return delivery

    def check_payload(self, account, delivery: HttpDelivery) -> None:
        from sellerdesk.channels.shopify.parse import read_payload

        read_payload(delivery.header("X-Shopify-Topic").strip().lower(), delivery.json())

    def content_key(self, account, delivery: HttpDelivery) -> str:
        # The signature covers the body, not X-Shopify-Event-Id: a captured delivery sent again
        # under a new event id must still be the same delivery. The payload says which object, in
        # which state: topic + id + updated_at (created_at for objects that never change).
        topic = delivery.header("X-Shopify-Topic").strip().lower()
        data = delivery.json()
        object_id, stamp = data.get("id"), data.get("updated_at") or data.get("created_at")
        if object_id and stamp:
            return f"shopify:{topic}:{object_id}:{stamp}"
        return f"shopify:{topic}:sha256:{hashlib.sha256(delivery.body).hexdigest()}"
