"""A stored web chat delivery -> one buyer message in a conversation per visitor."""

from __future__ import annotations

import base64
import binascii

from pydantic import ValidationError

from sellerdesk.channels.base import InboundAttachment, InboundMessage, MalformedDelivery, ParseResult
from sellerdesk.channels.webchat.payloads import ChatDelivery
from sellerdesk.lib import jsonlimits

CHANNEL = "webchat"


def thread_key(visitor_key: str) -> str:
    return f"webchat:{visitor_key}"


def visitor_identity(visitor_key: str) -> tuple[str, str]:
    # A chat visitor has no handle of their own: their widget key stands in, so that one browser
    # is one customer until an email joins them to a known buyer.
    return ("social", f"webchat:{visitor_key}")


def read(body: bytes) -> ChatDelivery:
    try:
        data = jsonlimits.loads(bytes(body))
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedDelivery(f"body is not JSON: {exc}") from None
    try:
        return ChatDelivery.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "body"
        raise MalformedDelivery(f"{field}: {first['msg']}") from None


def parse_delivery(raw) -> ParseResult:
    d = read(raw.body)
    attachments = []
    if d.photo is not None:
        try:
            data = base64.b64decode(d.photo.data, validate=True)
        except (binascii.Error, ValueError):
            raise MalformedDelivery("photo.data: not base64") from None
        attachments.append(InboundAttachment(filename=d.photo.name, content_type=d.photo.type, data=data))
    text = d.text.strip()
    if not text and not attachments:
        raise MalformedDelivery("text: empty, and no photo")
    identities = [visitor_identity(d.visitor)]
    if d.email:
        identities.append(("email", d.email.lower()))
    first_line = (text.splitlines() or ["(photo)"])[0]
    msg = InboundMessage(
        external_id=f"webchat:{d.visitor}:{d.client_id}",
        channel=CHANNEL,
        sender=d.email or f"visitor {d.visitor[:8]}",
        subject=f"Web chat: {first_line[:80]}",
        body_text=text,
        body_full=text,
        sent_at=d.sent_at,
        thread_key=thread_key(d.visitor),
        order_number=d.order_number if d.order_platform else "",
        order_platform=d.order_platform,
        identities=identities,
        attachments=attachments,
    )
    return ParseResult(messages=[msg])
