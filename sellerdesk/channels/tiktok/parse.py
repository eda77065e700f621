"""A stored TikTok Shop webhook -> buyer messages and return notices.

Facts (docs/channels.md, Platform facts → TikTok Shop):
body {"type", "tts_notification_id", "shop_id", "timestamp",
"data"}; 14 NEW_MESSAGE with data {conversation_id, message_id, type, content (a JSON string),
sender {role, im_user_id}, create_time}; our own shop's messages come back and are dropped;
13 NEW_CONVERSATION; 12 RETURN_STATUS_CHANGE.
Assumed ([U]): NEW_CONVERSATION carries only {conversation_id, create_time}, so it opens nothing
(its first message does); RETURN_STATUS_CHANGE data is {order_id, return_id, return_status,
return_type, return_role, update_time}, and a status ending in _PENDING waits on the seller.
"""

from __future__ import annotations

from sellerdesk.channels.base import InboundMessage, MalformedDelivery, OrderUpdate, ParseResult, PlatformClaim, validated
from sellerdesk.channels.tiktok import payloads as p
from sellerdesk.channels.webhooks import HttpDelivery
from sellerdesk.lib import jsonlimits

PLATFORM = "tiktok"


def read_payload(body: dict):
    """(event type, its data through the type's model or None for types we do not read);
    MalformedDelivery naming the field that failed."""
    envelope = validated(p.Envelope, body, "webhook")
    model = p.MODELS.get(envelope.type)
    return envelope.type, (validated(model, envelope.data, f"type {envelope.type}: data") if model else None)


def parse_webhook(raw) -> ParseResult:
    kind, data = read_payload(HttpDelivery(body=bytes(raw.body)).json())
    if isinstance(data, p.MessageData):
        return _message(raw, data)
    if isinstance(data, p.ConversationData):
        return ParseResult(ignored_reason=f"new conversation {data.conversation_id or '?'}: its messages arrive one by one")
    if isinstance(data, p.ReturnData):
        return _return(raw, data)
    return ParseResult(ignored_reason=f"TikTok Shop event type {kind} is not used")


def message_text(kind: str, content: str) -> str:
    """The buyer's text; for cards and images a short stand-in the agent can read."""
    try:
        inner = jsonlimits.loads(content) if content else {}
    except ValueError:
        raise MalformedDelivery(f"content is not a JSON string: {content[:100]!r}") from None
    if not isinstance(inner, dict):
        inner = {}
    if kind == "TEXT":
        return str(inner.get("content", ""))
    if kind == "IMAGE":
        return f"[image] {inner.get('url', '')}".strip()
    if kind == "ORDER_CARD":
        return f"[order card] {inner.get('order_id', '')}".strip()
    if kind == "PRODUCT_CARD":
        return f"[product card] {inner.get('product_id', '')}".strip()
    return f"[{kind.lower() or 'message'}]"


def _message(raw, data: p.MessageData) -> ParseResult:
    conversation_id, message_id = data.conversation_id, data.message_id
    sender = data.sender or p.Sender()
    role = sender.role or ""
    if role != "BUYER":
        return ParseResult(ignored_reason=f"message {message_id} from {role or 'an unknown role'}, not the buyer")
    buyer = sender.im_user_id or ""
    if not buyer:
        raise MalformedDelivery("type 14: data.sender.im_user_id: Field required")
    kind = data.type or "TEXT"
    text = message_text(kind, data.content or "")
    content = {}
    try:
        content = jsonlimits.loads(data.content or "{}")
    except ValueError:
        pass
    order = str(content.get("order_id", "")) if kind == "ORDER_CARD" and isinstance(content, dict) else ""
    msg = InboundMessage(
        external_id=f"tiktok:msg:{conversation_id}:{message_id}",
        channel=PLATFORM,
        sender=buyer,
        sender_name="",
        body_text=text,
        body_full=text,
        sent_at=data.create_time,
        thread_key=f"tiktok:conv:{conversation_id}",
        marketplace=raw.account.marketplace,
        order_number=order,
        order_platform=PLATFORM,
        identities=[("tiktok_buyer", buyer)],
    )
    return ParseResult(messages=[msg])


def _return(raw, data: p.ReturnData) -> ParseResult:
    order_id, return_id = data.order_id, data.return_id
    status = data.return_status or ""
    orders = [OrderUpdate(platform=PLATFORM, number=order_id, returns=[{"id": return_id, "status": status,
                                                                       "reason": data.return_type or ""}])]
    if not status.endswith("_PENDING"):
        return ParseResult(orders=orders)
    body = "\n".join([f"TikTok Shop return {return_id} waits for you.", f"Order: {order_id}",
                      f"Type: {data.return_type or ''}", f"Status: {status}"])
    msg = InboundMessage(
        external_id=raw.external_id,
        channel=PLATFORM,
        sender="tiktok",
        sender_name="TikTok Shop",
        subject=f"TikTok Shop return {return_id}",
        body_text=body,
        body_full=body,
        sent_at=data.update_time,
        thread_key=f"tiktok:order:{order_id}",
        marketplace=raw.account.marketplace,
        order_number=order_id,
        order_platform=PLATFORM,
        is_automated=True,
        claim=PlatformClaim(kind="return_request", external_id=return_id, order_number=order_id,
                            reason=(data.return_type or "")[:200]),
    )
    return ParseResult(orders=orders, messages=[msg])
