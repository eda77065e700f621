"""A stored Shopify webhook -> order updates, and for returns and disputes a notice that opens a case.

Facts (docs/channels.md, Platform facts → Shopify):
topic in X-Shopify-Topic; disputes carry order_id, type
(chargeback / inquiry), amount, currency, reason, status, evidence_due_by, initiated_at — the
evidence due date is the deadline. REST field names of orders, fulfillments and refunds are
Shopify's Admin REST names. Assumed ([U], no captured delivery): the returns/* payload is
{"id", "name", "status", "order": {"id"}, "return_line_items": [{"return_reason", "customer_note"}]}.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from sellerdesk.channels.base import InboundMessage, MalformedDelivery, OrderUpdate, ParseResult, PlatformClaim
from sellerdesk.channels.webhooks import HttpDelivery

PLATFORM = "shopify"
ORDER_TOPICS = {"orders/create", "orders/updated", "orders/cancelled", "orders/fulfilled", "orders/paid", "orders/partially_fulfilled"}
FULFILLMENT_TOPICS = {"fulfillments/create", "fulfillments/update"}
DISPUTE_TOPICS = {"disputes/create", "disputes/update"}
PRIVACY_TOPICS = {"customers/data_request", "customers/redact", "shop/redact"}


def parse_webhook(raw) -> ParseResult:
    delivery = HttpDelivery(body=bytes(raw.body), headers=raw.headers or {})
    topic = delivery.header("X-Shopify-Topic").strip().lower()
    data = delivery.json()
    if topic in ORDER_TOPICS:
        return ParseResult(orders=[order_update(data)])
    if topic in FULFILLMENT_TOPICS:
        return ParseResult(orders=[fulfillment_update(data)])
    if topic == "refunds/create":
        return ParseResult(orders=[refund_update(data)])
    if topic.startswith("returns/"):
        return parse_return(topic, data, raw)
    if topic in DISPUTE_TOPICS:
        return parse_dispute(topic, data, raw)
    if topic in PRIVACY_TOPICS:  # mandatory for every Shopify app: handled by sellerdesk.privacy
        return ParseResult(privacy_request={"topic": topic, "payload": data})
    return ParseResult(ignored_reason=f"Shopify topic {topic or '(none)'} is not used")


def _required(data: dict, name: str, where: str):
    value = data.get(name)
    if value in (None, ""):
        raise MalformedDelivery(f"{where}: {name} is missing")
    return value


def _id(value) -> str:
    return str(value).strip() if value not in (None, "") else ""


def _time(value, name: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise MalformedDelivery(f"{name}: {value!r} is not an ISO 8601 time") from None
    if parsed.tzinfo is None:
        raise MalformedDelivery(f"{name}: {value!r} has no UTC offset")
    return parsed.astimezone(dt.timezone.utc)


def _money(value, name: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise MalformedDelivery(f"{name}: {value!r} is not an amount") from None


def _tracking(fulfillment: dict) -> dict:
    numbers = fulfillment.get("tracking_numbers") or [fulfillment.get("tracking_number")]
    urls = fulfillment.get("tracking_urls") or [fulfillment.get("tracking_url")]
    return {
        "id": _id(fulfillment.get("id")),
        "company": fulfillment.get("tracking_company") or "",
        "number": ", ".join(n for n in numbers if n),
        "url": next((u for u in urls if u), ""),
        "status": fulfillment.get("shipment_status") or fulfillment.get("status") or "",
    }


def order_update(data: dict) -> OrderUpdate:
    order_id = _id(_required(data, "id", "order"))
    customer = data.get("customer") or {}
    shipping = data.get("shipping_address") or {}
    email = data.get("email") or data.get("contact_email") or customer.get("email") or ""
    name = " ".join(p for p in (customer.get("first_name"), customer.get("last_name")) if p) or shipping.get("name") or ""
    if data.get("cancelled_at"):
        status = "cancelled"
    else:
        status = ", ".join(p for p in (data.get("financial_status"), data.get("fulfillment_status") or "unfulfilled") if p)
    return OrderUpdate(
        platform=PLATFORM,
        number=data.get("name") or "",
        external_id=order_id,
        marketplace=(shipping.get("country_code") or "")[:10],
        status=status[:40],
        currency=(data.get("currency") or "")[:3],
        total=_money(data.get("total_price"), "total_price"),
        items=[
            {"sku": li.get("sku") or "", "title": li.get("title") or li.get("name") or "", "quantity": li.get("quantity") or 0,
             "price": str(li.get("price") or "")}
            for li in data.get("line_items") or []
        ],
        placed_at=_time(data.get("created_at"), "created_at"),
        updated_at=_time(data.get("updated_at"), "updated_at"),
        buyer_name=name,
        identities=[("email", email)] if email else [],
        tracking=[_tracking(f) for f in data.get("fulfillments") or [] if f.get("tracking_number") or f.get("tracking_numbers")],
    )


def fulfillment_update(data: dict) -> OrderUpdate:
    _required(data, "id", "fulfillment")
    return OrderUpdate(platform=PLATFORM, external_id=_id(_required(data, "order_id", "fulfillment")), tracking=[_tracking(data)])


def refund_update(data: dict) -> OrderUpdate:
    refund_id = _id(_required(data, "id", "refund"))
    refunds = [t for t in data.get("transactions") or [] if t.get("kind") == "refund" and t.get("status", "success") == "success"]
    amount = sum((_money(t.get("amount"), "transactions.amount") or Decimal(0) for t in refunds), Decimal(0))
    return OrderUpdate(
        platform=PLATFORM,
        external_id=_id(_required(data, "order_id", "refund")),
        refunds=[{
            "id": refund_id,
            "amount": str(amount),
            "currency": next((t.get("currency") for t in refunds if t.get("currency")), ""),
            "at": data.get("created_at") or "",
            "note": data.get("note") or "",
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


def parse_return(topic: str, data: dict, raw) -> ParseResult:
    return_id = _id(_required(data, "id", "return"))
    order_id = _id(_required(data.get("order") or {}, "id", "return.order"))
    status = data.get("status") or topic.split("/", 1)[1]
    lines = data.get("return_line_items") or []
    reasons = [li.get("return_reason") for li in lines if li.get("return_reason")]
    notes = [li.get("customer_note") or li.get("return_reason_note") for li in lines]
    update = OrderUpdate(platform=PLATFORM, external_id=order_id,
                         returns=[{"id": return_id, "status": status, "reason": ", ".join(reasons)}])
    if topic != "returns/request":
        return ParseResult(orders=[update])  # the case is open already; its status is on the order
    name = data.get("name") or return_id
    body = "\n".join([f"Return {name} requested.", *(f"Reason: {r}" for r in reasons[:1]),
                      *(f"Buyer note: {n}" for n in notes if n)])
    claim = PlatformClaim(kind="return_request", external_id=return_id, reason=", ".join(reasons)[:200])
    message = _notice(raw, order_id=order_id, subject=f"Return request {name}", body=body, sent_at=None, claim=claim)
    return ParseResult(orders=[update], messages=[message])


def parse_dispute(topic: str, data: dict, raw) -> ParseResult:
    dispute_id = _id(_required(data, "id", "dispute"))
    order_id = _id(data.get("order_id"))
    if not order_id:
        raise MalformedDelivery("dispute: order_id is missing")
    kind = "chargeback" if data.get("type") == "chargeback" else "dispute"
    amount = _money(data.get("amount"), "amount")
    currency = (data.get("currency") or "").upper()[:3]
    due = _time(data.get("evidence_due_by"), "evidence_due_by")
    status = data.get("status") or ""
    reason = data.get("reason") or ""
    label = "Chargeback" if kind == "chargeback" else "Payment inquiry"
    verb = "opened" if topic == "disputes/create" else f"updated: {status}"
    lines = [f"{label} {verb}.", f"Amount: {amount} {currency}" if amount is not None else "", f"Reason: {reason}" if reason else "",
             f"Status: {status}" if status else "", f"Evidence due by: {due:%Y-%m-%d %H:%M} UTC" if due else ""]
    claim = PlatformClaim(kind=kind, external_id=dispute_id, amount=amount, currency=currency, reason=reason[:200], respond_by=due)
    message = _notice(raw, order_id=order_id, subject=f"{label} {dispute_id} (Shopify Payments)", body="\n".join(x for x in lines if x),
                      sent_at=_time(data.get("initiated_at"), "initiated_at") if topic == "disputes/create" else None, claim=claim)
    return ParseResult(orders=[OrderUpdate(platform=PLATFORM, external_id=order_id)], messages=[message])
