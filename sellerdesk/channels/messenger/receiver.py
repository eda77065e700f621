"""Messenger and Instagram webhooks: GET verification, X-Hub-Signature-256 and the dedupe key.

Facts (docs/channels.md, Platform facts → Messenger and Instagram):
- GET ?hub.mode=subscribe&hub.verify_token=T&hub.challenge=C: answer C (200) when T is the
  verify token typed in the app dashboard, 403 otherwise.
- POST: X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256 of the raw body keyed with the app
  secret (one app signs Messenger, Instagram and WhatsApp alike).
- A delivery may batch several entries and events. The delivery's key is its one event's key
  or a digest of all of them; each message is deduplicated again by its mid, so a redelivery
  batched differently adds nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from sellerdesk.channels.base import MalformedDelivery
from sellerdesk.channels.messenger import payloads
from sellerdesk.channels.webhooks import BadSignature, HttpDelivery, Outcome, WebhookReceiver, secret


def sign(app_secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def read(account, body: bytes, object_type: str) -> payloads.Webhook:
    """The delivery read and checked against the account: the object kind and the entries' owner."""
    data = payloads.webhook(HttpDelivery(body=body).json())
    if data.object != object_type:
        raise MalformedDelivery(f"object: the delivery is for {data.object!r}, this endpoint takes {object_type!r}")
    for i, entry in enumerate(data.entry):
        if account.address and entry.id != account.address:
            raise MalformedDelivery(f"entry.{i}.id: the delivery is for {entry.id}, this account is {account.address}")
    return data


def event_key(event: payloads.Event) -> str:
    """What makes one event unique: the message's mid, else the event's kind, sender and time."""
    who = event.sender.id
    if event.message is not None:
        return f"mid:{event.message.mid}"
    if event.postback is not None:
        return f"postback:{event.postback.mid}" if event.postback.mid else f"postback:{who}:{event.timestamp}"
    if event.read is not None:
        return f"read:{who}:{event.read.watermark or event.read.mid or event.timestamp}"
    kind = next((k for k in ("delivery", "reaction", "referral") if getattr(event, k) is not None), "event")
    return f"{kind}:{who}:{event.timestamp}"


def delivery_keys(data: payloads.Webhook) -> list[str]:
    keys = [event_key(e) for entry in data.entry for e in entry.messaging]
    for entry in data.entry:  # standby events and Instagram comments: by their content
        keys += [f"other:{hashlib.sha256(json.dumps(item, sort_keys=True).encode()).hexdigest()[:24]}"
                 for item in [*entry.standby, *(c.model_dump() for c in entry.changes)]]
    return sorted(set(keys))


class MessengerReceiver(WebhookReceiver):
    channel = "messenger"
    object_type = "page"

    def verify(self, account, delivery: HttpDelivery) -> None:
        expected = sign(secret(account, "app_secret"), delivery.body)
        given = delivery.header("X-Hub-Signature-256").strip()
        if not given:
            raise BadSignature("no X-Hub-Signature-256 header")
        if not hmac.compare_digest(expected, given.lower()):
            raise BadSignature("X-Hub-Signature-256 does not match the body")

    def event_id(self, account, delivery: HttpDelivery) -> str:
        keys = delivery_keys(read(account, delivery.body, self.object_type))
        if len(keys) == 1:
            return f"{self.channel}:{keys[0]}"
        digest = hashlib.sha256((" ".join(keys) if keys else delivery.body.decode("utf-8", "replace")).encode()).hexdigest()[:32]
        return f"{self.channel}:{'events' if keys else 'empty'}:{digest}"

    def challenge(self, account, delivery: HttpDelivery) -> Outcome:
        q = delivery.query
        if q.get("hub.mode") != "subscribe" or not q.get("hub.challenge"):
            return Outcome(400, error="expected hub.mode=subscribe with hub.challenge and hub.verify_token")
        try:
            token = secret(account, "verify_token")
        except BadSignature as exc:
            return Outcome(403, error=str(exc))
        if not hmac.compare_digest(token, q.get("hub.verify_token", "")):
            return Outcome(403, error="hub.verify_token is not this account's verify token")
        return Outcome(200, text=q["hub.challenge"])
