"""A stored eBay notification -> buyer messages, and notices that open cases with eBay's clock.

Facts (docs/channels.md, Platform facts → eBay):
the envelope {"metadata": {"topic"}, "notification":
{"notificationId", "eventDate", "publishAttemptCount", "data"}}; return events are named
ReturnCreated … ReturnClosed; returns and Money Back Guarantee requests are answered within
3 business days (the sla preset `ebay-case-3bd` runs that clock on claims of this channel).

Assumed ([U]: eBay's REST topics for messages and post-order events were not confirmed), so the
topic names are matched loosely and documented in docs/channels.md:
- NEW_MESSAGE / BUYER_QUESTION: data {conversationId, messageId, senderUsername,
  recipientUsername, subject, messageBody, createdDate, itemId, orderId?} (Message API names);
- RETURN_<EVENT> (ReturnCreated -> RETURN_CREATED …): data {returnId, orderId, buyerUsername,
  returnStatus, reason, comments, creationDate, caseId?};
- INQUIRY_CREATED / INQUIRY_ESCALATED: data {inquiryId, orderId, buyerUsername, status, comments, creationDate};
- CASE_CREATED: data {caseId, orderId, buyerUsername, caseType, status, creationDate, expirationDate}.
"""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels.base import InboundMessage, MalformedDelivery, OrderUpdate, ParseResult, PlatformClaim
from sellerdesk.channels.webhooks import HttpDelivery
from sellerdesk.lib.timestamps import parse_iso

PLATFORM = "ebay"
MESSAGE_TOPICS = {"NEW_MESSAGE", "BUYER_QUESTION", "MEMBER_MESSAGE", "ASK_SELLER_QUESTION"}
# Return events that need the seller: the others only change the return's status on the order.
RETURN_NOTICES = {"RETURN_CREATED", "RETURN_ESCALATED", "RETURN_WAITING_FOR_SELLER_INFO", "RETURN_SELLER_INFO_OVERDUE",
                  "RETURN_REFUND_OVERDUE"}
INQUIRY_NOTICES = {"INQUIRY_CREATED", "INQUIRY_ESCALATED"}
CASE_NOTICES = {"CASE_CREATED"}


def parse_notification(raw) -> ParseResult:
    envelope = HttpDelivery(body=bytes(raw.body)).json()
    topic = str((envelope.get("metadata") or {}).get("topic") or "").upper()
    notification = envelope.get("notification") or {}
    data = notification.get("data")
    if not isinstance(data, dict):
        raise MalformedDelivery("notification.data is missing")
    if topic in MESSAGE_TOPICS:
        return _message(raw, data)
    if topic.startswith("RETURN_"):
        return _return(raw, topic, data)
    if topic.startswith("INQUIRY_") or topic.startswith("CASE_"):
        return _case(raw, topic, data)
    return ParseResult(ignored_reason=f"eBay topic {topic or '(none)'} is not used")


def _need(data: dict, name: str, topic: str) -> str:
    value = data.get(name)
    if value in (None, ""):
        raise MalformedDelivery(f"{topic}: data.{name} is missing")
    return str(value).strip()


def _time(value, name: str) -> dt.datetime | None:
    try:
        return parse_iso(value)
    except ValueError:
        raise MalformedDelivery(f"{name}: {value!r} is not an ISO 8601 time") from None


def _thread(data: dict) -> str:
    # Everything about one order shares a conversation; a question before any order, its eBay conversation.
    if data.get("orderId"):
        return f"ebay:order:{data['orderId']}"
    if data.get("conversationId"):
        return f"ebay:conv:{data['conversationId']}"
    return f"ebay:item:{data.get('itemId', '')}:{data.get('buyerUsername') or data.get('senderUsername', '')}"


def _seller_names(account) -> set[str]:
    names = {(account.config or {}).get("username", ""), account.address}
    return {n.strip().lower() for n in names if n and n.strip()}


def _message(raw, data: dict) -> ParseResult:
    topic = "message"
    message_id = _need(data, "messageId", topic)
    sender = _need(data, "senderUsername", topic)
    if sender.lower() in _seller_names(raw.account):
        return ParseResult(ignored_reason=f"our own message {message_id} (sent by {sender})")
    body = str(data.get("messageBody") or "").strip()
    msg = InboundMessage(
        external_id=f"ebay:msg:{message_id}",
        channel=PLATFORM,
        sender=sender,
        sender_name=sender,
        subject=str(data.get("subject") or "")[:500],
        body_text=body,
        body_full=body,
        sent_at=_time(data.get("createdDate") or data.get("creationDate"), "createdDate"),
        thread_key=_thread(data),
        marketplace=raw.account.marketplace,
        order_number=str(data.get("orderId") or ""),
        order_platform=PLATFORM,
        identities=[("ebay_user", sender)],
    )
    return ParseResult(messages=[msg])


def _notice(raw, data: dict, *, subject: str, lines: list[str], claim: PlatformClaim | None, buyer: str) -> InboundMessage:
    body = "\n".join(x for x in lines if x)
    return InboundMessage(
        external_id=raw.external_id,
        channel=PLATFORM,
        sender=buyer,
        sender_name=buyer,
        subject=subject,
        body_text=body,
        body_full=body,
        sent_at=_time(data.get("creationDate"), "creationDate"),
        thread_key=_thread(data),
        marketplace=raw.account.marketplace,
        order_number=str(data.get("orderId") or ""),
        order_platform=PLATFORM,
        identities=[("ebay_user", buyer)],
        is_automated=True,
        claim=claim,
    )


def _return(raw, topic: str, data: dict) -> ParseResult:
    return_id = _need(data, "returnId", topic)
    order_id = str(data.get("orderId") or "")
    buyer = _need(data, "buyerUsername", topic)
    status = str(data.get("returnStatus") or topic.removeprefix("RETURN_"))
    reason = str(data.get("reason") or "")
    orders = [OrderUpdate(platform=PLATFORM, number=order_id, returns=[{"id": return_id, "status": status, "reason": reason}])] if order_id else []
    if topic not in RETURN_NOTICES:
        return ParseResult(orders=orders) if orders else ParseResult(ignored_reason=f"{topic} for return {return_id}")
    claim = None
    if topic == "RETURN_CREATED":
        claim = PlatformClaim(kind="return_request", external_id=return_id, order_number=order_id, reason=reason[:200])
    elif topic == "RETURN_ESCALATED":
        claim = PlatformClaim(kind="ebay_case", external_id=str(data.get("caseId") or f"return-{return_id}"), order_number=order_id,
                              reason=reason[:200])
    event = topic.removeprefix("RETURN_").replace("_", " ").lower()
    lines = [f"eBay return {return_id}: {event}.", f"Order: {order_id}" if order_id else "", f"Reason: {reason}" if reason else "",
             f"Buyer comments: {data['comments']}" if data.get("comments") else "", f"Status: {status}"]
    msg = _notice(raw, data, subject=f"eBay return {return_id}: {event}", lines=lines, claim=claim, buyer=buyer)
    return ParseResult(orders=orders, messages=[msg])


def _case(raw, topic: str, data: dict) -> ParseResult:
    is_inquiry = topic.startswith("INQUIRY_")
    if topic not in (INQUIRY_NOTICES | CASE_NOTICES):
        return ParseResult(ignored_reason=f"eBay topic {topic} needs no answer")
    case_id = _need(data, "inquiryId" if is_inquiry else "caseId", topic)
    buyer = _need(data, "buyerUsername", topic)
    order_id = str(data.get("orderId") or "")
    what = "item not received request" if is_inquiry else f"case ({data.get('caseType') or 'case'})"
    if topic == "INQUIRY_ESCALATED":
        what = "item not received request escalated to a case"
    claim = PlatformClaim(kind="ebay_case", external_id=case_id, order_number=order_id,
                          reason=str(data.get("caseType") or ("ITEM_NOT_RECEIVED" if is_inquiry else ""))[:200],
                          respond_by=_time(data.get("expirationDate") or data.get("respondByDate"), "expirationDate"))
    lines = [f"eBay {what} {case_id}.", f"Order: {order_id}" if order_id else "",
             f"Buyer comments: {data['comments']}" if data.get("comments") else "", f"Status: {data['status']}" if data.get("status") else ""]
    msg = _notice(raw, data, subject=f"eBay {what} {case_id}", lines=lines, claim=claim, buyer=buyer)
    return ParseResult(messages=[msg])
