"""A stored Shopify webhook -> order updates, and for returns and disputes a notice that opens a case.

Facts (docs/channels.md, Platform facts → Shopify): the topic is in X-Shopify-Topic; disputes
carry order_id, type (chargeback / inquiry), amount, currency, reason, status, evidence_due_by,
initiated_at — the evidence due date is the deadline. Payloads are read through payloads.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sellerdesk.channels.base import InboundMessage, OrderUpdate, ParseResult, PlatformClaim, validated
from sellerdesk.channels.shopify import payloads as p
from sellerdesk.channels.webhooks import HttpDelivery

PLATFORM = "shopify"


def read_payload(topic: str, data: dict):
    """The payload through its topic's model (MalformedDelivery naming the field), or None for
    topics we do not read."""
    model = p.model_for(topic)
    return validated(model, data, topic) if model else None


def parse_webhook(raw) -> ParseResult:
    delivery = HttpDelivery(body=bytes(raw.body), headers=raw.headers or {})
    topic = delivery.header("X-Shopify-Topic").strip().lower()
    data = delivery.json()
    if topic in p.PRIVACY_TOPICS:  # mandatory for every Shopify app: handled by sellerdesk.privacy
        return ParseResult(privacy_request={"topic": topic, "payload": data})
    payload = read_payload(topic, data)
    if isinstance(payload, p.Order):
        return ParseResult(orders=[order_update(payload)])
    if isinstance(payload, p.FulfillmentEvent):
        return ParseResult(orders=[OrderUpdate(platform=PLATFORM, external_id=payload.order_id, tracking=[_tracking(payload)])])
    if isinstance(payload, p.Refund):
        return ParseResult(orders=[refund_update(payload)])
    if isinstance(payload, p.Return):
        return parse_return(topic, payload, raw)
    if isinstance(payload, p.Dispute):
        return parse_dispute(topic, payload, raw)
    return ParseResult(ignored_reason=f"Shopify topic {topic or '(none)'} is not used")


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(dt.timezone.utc) if value else None


def _tracking(fulfillment: p.Fulfillment) -> dict:
    numbers = fulfillment.tracking_numbers or [fulfillment.tracking_number]
    urls = fulfillment.tracking_urls or [fulfillment.tracking_url]
    return {
        "id": fulfillment.id or "",
        "company": fulfillment.tracking_company or "",
        "number": ", ".join(n for n in numbers if n),
        "url": next((u for u in urls if u), ""),
        "status": fulfillment.shipment_status or fulfillment.status or "",
    }


def order_update(order: p.Order) -> OrderUpdate:
    customer = order.customer or p.Customer()
    shipping = order.shipping_address or p.Address()
    email = order.email or order.contact_email or customer.email or ""
    name = " ".join(x for x in (customer.first_name, customer.last_name) if x) or shipping.name or ""
    if order.cancelled_at:
        status = "cancelled"
    else:
        status = ", ".join(x for x in (order.financial_status, order.fulfillment_status or "unfulfilled") if x)
    return OrderUpdate(
        platform=PLATFORM,
        number=order.name or "",
        external_id=order.id,
        marketplace=(shipping.country_code or "")[:10],
        status=status[:40],
        currency=(order.currency or "")[:3],
        total=order.total_price,
        items=[{"sku": li.sku or "", "title": li.title or li.name or "", "quantity": li.quantity or 0,
                "price": str(li.price) if li.price is not None else ""}
               for li in order.line_items],
        placed_at=_utc(order.created_at),
        updated_at=_utc(order.updated_at),
        buyer_name=name,
        identities=[("email", email)] if email else [],
        tracking=[_tracking(f) for f in order.fulfillments if f.tracking_number or f.tracking_numbers],
    )


def refund_update(refund: p.Refund) -> OrderUpdate:
    done = [t for t in refund.transactions if t.kind == "refund" and (t.status or "success") == "success"]
    amount = sum((t.amount or Decimal(0) for t in done), Decimal(0))
    return OrderUpdate(
        platform=PLATFORM,
        external_id=refund.order_id,
        refunds=[{
            "id": refund.id,
            "amount": str(amount),
            "currency": next((t.currency for t in done if t.currency), ""),
            "at": refund.created_at or "",
            "note": refund.note or "",
        }],
    )


def _notice(raw, *, order_id: str, subject: str, body: str, sent_at, claim: PlatformClaim | None) -> InboundMessage:
    return InboundMessage(
        external_id=raw.external_id,
        channel=PLATFORM,
        sender=raw.account.address or "shopify",
        sender_name="Shopify",
        subject=subject,
        body_text=body,
        body_full=body,
        sent_at=sent_at,
        thread_key=f"shopify:order:{order_id}",
        marketplace=raw.account.marketplace,
        order_external_id=order_id,  # number and buyer filled in when processed (orders.actions)
        order_platform=PLATFORM,
        is_automated=True,
        claim=claim,
    )


def parse_return(topic: str, ret: p.Return, raw) -> ParseResult:
    order_id = ret.order.id
    status = ret.status or topic.split("/", 1)[1]
    reasons = [li.return_reason for li in ret.return_line_items if li.return_reason]
    notes = [li.customer_note or li.return_reason_note for li in ret.return_line_items]
    update = OrderUpdate(platform=PLATFORM, external_id=order_id,
                         returns=[{"id": ret.id, "status": status, "reason": ", ".join(reasons)}])
    if topic != "returns/request":
        return ParseResult(orders=[update])  # the case is open already; its status is on the order
    name = ret.name or ret.id
    body = "\n".join([f"Return {name} requested.", *(f"Reason: {r}" for r in reasons[:1]),
                      *(f"Buyer note: {n}" for n in notes if n)])
    claim = PlatformClaim(kind="return_request", external_id=ret.id, reason=", ".join(reasons)[:200])
    message = _notice(raw, order_id=order_id, subject=f"Return request {name}", body=body, sent_at=None, claim=claim)
    return ParseResult(orders=[update], messages=[message])


def parse_dispute(topic: str, dispute: p.Dispute, raw) -> ParseResult:
    kind = "chargeback" if dispute.type == "chargeback" else "dispute"
    amount = dispute.amount
    currency = (dispute.currency or "").upper()[:3]
    due = _utc(dispute.evidence_due_by)
    status = dispute.status or ""
    reason = dispute.reason or ""
    label = "Chargeback" if kind == "chargeback" else "Payment inquiry"
    verb = "opened" if topic == "disputes/create" else f"updated: {status}"
    lines = [f"{label} {verb}.", f"Amount: {amount} {currency}" if amount is not None else "", f"Reason: {reason}" if reason else "",
             f"Status: {status}" if status else "", f"Evidence due by: {due:%Y-%m-%d %H:%M} UTC" if due else ""]
    claim = PlatformClaim(kind=kind, external_id=dispute.id, amount=amount, currency=currency, reason=reason[:200], respond_by=due)
    message = _notice(raw, order_id=dispute.order_id, subject=f"{label} {dispute.id} (Shopify Payments)",
                      body="\n".join(x for x in lines if x),
                      sent_at=_utc(dispute.initiated_at) if topic == "disputes/create" else None, claim=claim)
    return ParseResult(orders=[OrderUpdate(platform=PLATFORM, external_id=dispute.order_id)], messages=[message])
