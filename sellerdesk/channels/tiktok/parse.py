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

import datetime as dt

from sellerdesk.channels.base import InboundMessage, MalformedDelivery, OrderUpdate, ParseResult, PlatformClaim
from sellerdesk.channels.webhooks import HttpDelivery
from sellerdesk.lib import jsonlimits

PLATFORM = "tiktok"
RETURN_STATUS_CHANGE, NEW_CONVERSATION, NEW_MESSAGE = 12, 13, 14


def parse_webhook(raw) -> ParseResult:
    body = HttpDelivery(body=bytes(raw.body)).json()
    data = body.get("data")
    if not isinstance(data, dict):
        raise MalformedDelivery("data is missing")
    kind = body.get("type")
    if kind == NEW_MESSAGE:
        return _message(raw, data)
    if kind == NEW_CONVERSATION:
        return ParseResult(ignored_reason=f"new conversation {data.get('conversation_id', '?')}: its messages arrive one by one")
    if kind == RETURN_STATUS_CHANGE:
        return _return(raw, data)
    return ParseResult(ignored_reason=f"TikTok Shop event type {kind} is not used")


def _need(data: dict, name: str) -> str:
    value = data.get(name)
    if value in (None, ""):
        raise MalformedDelivery(f"data.{name} is missing")
    return str(value)


def _time(value) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc) if value else None
    except (TypeError, ValueError, OverflowError):
        raise MalformedDelivery(f"{value!r} is not a Unix time") from None


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


def _message(raw, data: dict) -> ParseResult:
    conversation_id, message_id = _need(data, "conversation_id"), _need(data, "message_id")
    sender = data.get("sender") or {}
    role = str(sender.get("role") or "")
    if role != "BUYER":
        return ParseResult(ignored_reason=f"message {message_id} from {role or 'an unknown role'}, not the buyer")
    buyer = str(sender.get("im_user_id") or "")
    if not buyer:
        raise MalformedDelivery("data.sender.im_user_id is missing")
    kind = str(data.get("type") or "TEXT")
    text = message_text(kind, str(data.get("content") or ""))
    content = {}
    try:
        content = jsonlimits.loads(data.get("content") or "{}")
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
        sent_at=_time(data.get("create_time")),
        thread_key=f"tiktok:conv:{conversation_id}",
        marketplace=raw.account.marketplace,
        order_number=order,
        order_platform=PLATFORM,
        identities=[("tiktok_buyer", buyer)],
    )
    return ParseResult(messages=[msg])


def _return(raw, data: dict) -> ParseResult:
    order_id, return_id = _need(data, "order_id"), _need(data, "return_id")
    status = str(data.get("return_status") or "")
    orders = [OrderUpdate(platform=PLATFORM, number=order_id, returns=[{"id": return_id, "status": status,
                                                                       "reason": str(data.get("return_type") or "")}])]
    if not status.endswith("_PENDING"):
        return ParseResult(orders=orders)
    body = "\n".join([f"TikTok Shop return {return_id} waits for you.", f"Order: {order_id}",
                      f"Type: {data.get('return_type', '')}", f"Status: {status}"])
    msg = InboundMessage(
        external_id=raw.external_id,
        channel=PLATFORM,
        sender="tiktok",
        sender_name="TikTok Shop",
        subject=f"TikTok Shop return {return_id}",
        body_text=body,
        body_full=body,
        sent_at=_time(data.get("update_time")),
        thread_key=f"tiktok:order:{order_id}",
        marketplace=raw.account.marketplace,
        order_number=order_id,
        order_platform=PLATFORM,
        is_automated=True,
        claim=PlatformClaim(kind="return_request", external_id=return_id, order_number=order_id,
                            reason=str(data.get("return_type") or "")[:200]),
    )
    return ParseResult(orders=orders, messages=[msg])
