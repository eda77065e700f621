"""A stored eBay notification -> buyer messages, and notices that open cases with eBay's clock.

Facts (docs/channels.md, Platform facts → eBay):
the envelope {"metadata": {"topic"}, "notification":
{"notificationId", "eventDate", "publishAttemptCount", "data"}}; return events are named
ReturnCreated … ReturnClosed; returns and Money Back Guarantee requests are answered within
3 business days (the sla preset `ebay-case-3bd` runs that clock on claims of this channel).

Assumed ([U]: eBay's REST topics for messages and post-order events were not confirmed), so the
topic names are matched loosely and documented in docs/channels.md; payloads.py declares them:
- NEW_MESSAGE / BUYER_QUESTION: data {conversationId, messageId, senderUsername,
  recipientUsername, subject, messageBody, createdDate, itemId, orderId?} (Message API names);
- RETURN_<EVENT> (ReturnCreated -> RETURN_CREATED …): data {returnId, orderId, buyerUsername,
  returnStatus, reason, comments, creationDate, caseId?};
- INQUIRY_CREATED / INQUIRY_ESCALATED: data {inquiryId, orderId, buyerUsername, status, comments, creationDate};
- CASE_CREATED: data {caseId, orderId, buyerUsername, caseType, status, creationDate, expirationDate}.
"""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels.base import InboundMessage, MalformedDelivery, OrderUpdate, ParseResult, PlatformClaim, validated
from sellerdesk.channels.ebay import payloads as p
from sellerdesk.channels.webhooks import HttpDelivery

PLATFORM = "ebay"
# Return events that need the seller: the others only change the return's status on the order.
RETURN_NOTICES = {"RETURN_CREATED", "RETURN_ESCALATED", "RETURN_WAITING_FOR_SELLER_INFO", "RETURN_SELLER_INFO_OVERDUE",
                  "RETURN_REFUND_OVERDUE"}
INQUIRY_NOTICES = {"INQUIRY_CREATED", "INQUIRY_ESCALATED"}
CASE_NOTICES = {"CASE_CREATED"}


def read_payload(envelope: dict):
    """(topic, the data through its topic's model or None for topics we do not read); MalformedDelivery
    naming the field that failed."""
    env = validated(p.Envelope, envelope, "notification")
    topic = env.metadata.topic.upper()
    model = p.model_for(topic)
    return topic, (validated(model, env.notification.data, f"{topic}: data") if model else None)


def parse_notification(raw) -> ParseResult:
    topic, data = read_payload(HttpDelivery(body=bytes(raw.body)).json())
    if isinstance(data, p.MessageData):
        return _message(raw, data)
    if isinstance(data, p.ReturnData):
        return _return(raw, topic, data)
    if isinstance(data, p.CaseData):
        return _case(raw, topic, data)
    return ParseResult(ignored_reason=f"eBay topic {topic or '(none)'} is not used")


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(dt.timezone.utc) if value else None


def _thread(data) -> str:
    # Everything about one order shares a conversation; a question before any order, its eBay conversation.
    if data.orderId:
        return f"ebay:order:{data.orderId}"
    if data.conversationId:
        return f"ebay:conv:{data.conversationId}"
    buyer = getattr(data, "buyerUsername", None) or getattr(data, "senderUsername", None) or ""
    return f"ebay:item:{data.itemId or ''}:{buyer}"


def _seller_names(account) -> set[str]:
    names = {(account.config or {}).get("username", ""), account.address}
    return {n.strip().lower() for n in names if n and n.strip()}


def _message(raw, data: p.MessageData) -> ParseResult:
    message_id, sender = data.messageId, data.senderUsername
    if sender.lower() in _seller_names(raw.account):
        return ParseResult(ignored_reason=f"our own message {message_id} (sent by {sender})")
    body = (data.messageBody or "").strip()
    msg = InboundMessage(
        external_id=f"ebay:msg:{message_id}",
        channel=PLATFORM,
        sender=sender,
        sender_name=sender,
        subject=(data.subject or "")[:500],
        body_text=body,
        body_full=body,
        sent_at=_utc(data.createdDate or data.creationDate),
        thread_key=_thread(data),
        marketplace=raw.account.marketplace,
        order_number=data.orderId or "",
        order_platform=PLATFORM,
        identities=[("ebay_user", sender)],
    )
    return ParseResult(messages=[msg])


def _notice(raw, data, *, subject: str, lines: list[str], claim: PlatformClaim | None, buyer: str) -> InboundMessage:
    body = "\n".join(x for x in lines if x)
    return InboundMessage(
        external_id=raw.external_id,
        channel=PLATFORM,
        sender=buyer,
        sender_name=buyer,
        subject=subject,
        body_text=body,
        body_full=body,
        sent_at=_utc(data.creationDate),
        thread_key=_thread(data),
        marketplace=raw.account.marketplace,
        order_number=data.orderId or "",
        order_platform=PLATFORM,
        identities=[("ebay_user", buyer)],
        is_automated=True,
        claim=claim,
    )


def _return(raw, topic: str, data: p.ReturnData) -> ParseResult:
    return_id, order_id, buyer = data.returnId, data.orderId or "", data.buyerUsername
    status = data.returnStatus or topic.removeprefix("RETURN_")
    reason = data.reason or ""
    orders = [OrderUpdate(platform=PLATFORM, number=order_id, returns=[{"id": return_id, "status": status, "reason": reason}])] if order_id else []
    if topic not in RETURN_NOTICES:
        return ParseResult(orders=orders) if orders else ParseResult(ignored_reason=f"{topic} for return {return_id}")
    claim = None
    if topic == "RETURN_CREATED":
        claim = PlatformClaim(kind="return_request", external_id=return_id, order_number=order_id, reason=reason[:200])
    elif topic == "RETURN_ESCALATED":
        claim = PlatformClaim(kind="ebay_case", external_id=data.caseId or f"return-{return_id}", order_number=order_id,
                              reason=reason[:200])
    event = topic.removeprefix("RETURN_").replace("_", " ").lower()
    lines = [f"eBay return {return_id}: {event}.", f"Order: {order_id}" if order_id else "", f"Reason: {reason}" if reason else "",
             f"Buyer comments: {data.comments}" if data.comments else "", f"Status: {status}"]
    msg = _notice(raw, data, subject=f"eBay return {return_id}: {event}", lines=lines, claim=claim, buyer=buyer)
    return ParseResult(orders=orders, messages=[msg])


def _case(raw, topic: str, data: p.CaseData) -> ParseResult:
    is_inquiry = topic.startswith("INQUIRY_")
    if topic not in (INQUIRY_NOTICES | CASE_NOTICES):
        return ParseResult(ignored_reason=f"eBay topic {topic} needs no answer")
    case_id = data.inquiryId if is_inquiry else data.caseId
    if not case_id:
        raise MalformedDelivery(f"{topic}: data.{'inquiryId' if is_inquiry else 'caseId'}: Field required")
    buyer, order_id = data.buyerUsername, data.orderId or ""
    what = "item not received request" if is_inquiry else f"case ({data.caseType or 'case'})"
    if topic == "INQUIRY_ESCALATED":
        what = "item not received request escalated to a case"
    claim = PlatformClaim(kind="ebay_case", external_id=case_id, order_number=order_id,
                          reason=(data.caseType or ("ITEM_NOT_RECEIVED" if is_inquiry else ""))[:200],
                          respond_by=_utc(data.expirationDate or data.respondByDate))
    lines = [f"eBay {what} {case_id}.", f"Order: {order_id}" if order_id else "",
             f"Buyer comments: {data.comments}" if data.comments else "", f"Status: {data.status}" if data.status else ""]
    msg = _notice(raw, data, subject=f"eBay {what} {case_id}", lines=lines, claim=claim, buyer=buyer)
    return ParseResult(messages=[msg])
