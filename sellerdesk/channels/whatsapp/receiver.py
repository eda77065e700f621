"""WhatsApp Cloud API webhook: the GET verification, X-Hub-Signature-256 and the dedupe key.

Facts (docs/channels.md, Platform facts → WhatsApp):
- GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…: the challenge echoed (200) when
  the token is ours, 403 otherwise.
- Every POST carries X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body keyed with
  the Meta app's App Secret.
- A delivery holds one or more messages (id "wamid.…") and status callbacks (message id and
  status). The delivery's key is that one item's id, or a digest of all of them; messages are
  deduplicated again by their own ids, so a redelivery batched differently adds nothing.
"""

from __future__ import annotations

import hashlib
import hmac

from sellerdesk.channels.whatsapp import payloads
from sellerdesk.channels.webhooks import BadSignature, HttpDelivery, Outcome, WebhookReceiver, secret


def sign(app_secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def read(body: bytes) -> tuple[payloads.Webhook, list[tuple[str, payloads.Value]]]:
    return payloads.webhook(HttpDelivery(body=body).json())


def item_ids(values: list[tuple[str, payloads.Value]]) -> list[str]:
    """Every message and status callback of a delivery, as dedupe keys."""
    ids = []
    for _where, value in values:
        ids += [f"msg:{m.id}" for m in value.messages]
        ids += [f"status:{s.id}:{s.status}" for s in value.statuses]
    return sorted(ids)


class WhatsAppReceiver(WebhookReceiver):
    channel = "whatsapp"

    def verify(self, account, delivery: HttpDelivery) -> None:
        expected = sign(secret(account, "app_secret"), delivery.body)
        given = delivery.header("X-Hub-Signature-256").strip()
        if not given:
            raise BadSignature("no X-Hub-Signature-256 header")
        if not hmac.compare_digest(expected, given):
            raise BadSignature("X-Hub-Signature-256 does not match the body")

    def event_id(self, account, delivery: HttpDelivery) -> str:
        ids = item_ids(read(delivery.body)[1])
        if len(ids) == 1:
            return f"whatsapp:{ids[0]}"
        if not ids:  # another field (template or account updates): kept once per body
            return f"whatsapp:other:{hashlib.sha256(delivery.body).hexdigest()[:32]}"
        return f"whatsapp:items:{hashlib.sha256(' '.join(ids).encode()).hexdigest()[:32]}"

    def check_payload(self, account, delivery: HttpDelivery) -> None:
        read(delivery.body)  # MalformedDelivery naming the field

    def challenge(self, account, delivery: HttpDelivery) -> Outcome:
        if delivery.query.get("hub.mode") != "subscribe" or "hub.challenge" not in delivery.query:
            return Outcome(400, error="expected hub.mode=subscribe with hub.challenge")
        try:
            token = secret(account, "verify_token")
        except BadSignature as exc:
            return Outcome(403, error=str(exc))
        if not hmac.compare_digest(token.encode(), delivery.query.get("hub.verify_token", "").encode()):
            return Outcome(403, error="hub.verify_token is not this account's verify token")
        return Outcome(200, text=delivery.query["hub.challenge"])


def not_for(account, values) -> str:
    """Why a delivery is for another phone number of the business ("" when it is this account's)."""
    wanted = account.address.strip()
    others = {v.metadata.phone_number_id for _w, v in values if v.metadata and v.metadata.phone_number_id != wanted}
    if wanted and others:
        return f"for phone number id {', '.join(sorted(others))}, this account is {wanted}"
    return ""
