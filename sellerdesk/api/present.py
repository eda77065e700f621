"""Rows -> the plain dicts the schemas describe. No queries here beyond what callers prefetch."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sellerdesk.conversations.models import Conversation, Message


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def user(u) -> dict | None:
    if u is None:
        return None
    profile = getattr(u, "agent", None)
    return {"id": u.pk, "username": u.get_username(), "name": profile.name if profile else u.get_username()}


def conversation(c: Conversation, now: dt.datetime) -> dict:
    left = None if c.next_deadline_at is None else int((c.next_deadline_at - now).total_seconds())
    return {
        "id": c.pk,
        "channel": c.channel,
        "marketplace": c.marketplace,
        "subject": c.subject,
        "status": c.status,
        "tier": c.tier,
        "language": c.language,
        "intent": c.intent,
        "intent_confidence": c.intent_confidence,
        "sentiment": c.sentiment,
        "urgency": c.urgency,
        "urgency_reasons": c.urgency_reasons,
        "next_deadline_at": c.next_deadline_at,
        "deadline_kind": c.deadline_kind,
        "time_left_seconds": left,
        "customer": {"id": c.customer.pk, "name": c.customer.name, "email": c.customer.email},
        "assignee": user(c.assignee),
        "order_number": c.order.number if c.order_id else None,
        "has_problem": c.has_problem,
        "created_at": c.created_at,
        "last_message_at": c.last_message_at,
    }


def conversation_detail(c: Conversation, claims, now: dt.datetime) -> dict:
    data = conversation(c, now)
    cust = c.customer
    data["customer"].update(
        country=cust.country,
        language=cust.language,
        is_vip=cust.is_vip,
        identities=[{"kind": i.kind, "value": i.value} for i in cust.identities.all()],
    )
    o = c.order
    data["order"] = None if o is None else {
        "id": o.pk,
        "platform": o.platform,
        "marketplace": o.marketplace,
        "number": o.number,
        "status": o.status,
        "currency": o.currency,
        "total": _money(o.total),
        "items": o.items,
        "placed_at": o.placed_at,
    }
    data["claims"] = [
        {
            "id": cl.pk,
            "platform": cl.platform,
            "kind": cl.kind,
            "external_id": cl.external_id,
            "amount": _money(cl.amount),
            "currency": cl.currency,
            "reason": cl.reason,
            "respond_by": cl.respond_by,
            "created_at": cl.created_at,
        }
        for cl in claims
    ]
    return data


def message(m: Message) -> dict:
    return {
        "id": m.pk,
        "direction": m.direction,
        "sender": m.sender,
        "sender_name": m.sender_name,
        "subject": m.subject,
        "body_text": m.body_text,
        "body_full": m.body_full,
        "external_id": m.external_id,
        "in_reply_to": m.in_reply_to,
        "language": m.language,
        "is_automated": m.is_automated,
        "delivery_status": m.delivery_status,
        "error": m.error,
        "flags": m.flags,
        "sent_at": m.sent_at,
        "created_at": m.created_at,
        # Prefetched by the list view, set by the reply view; a new note has none.
        "attachments": [
            {"id": a.pk, "filename": a.filename, "content_type": a.content_type, "size": a.size}
            for a in getattr(m, "api_attachments", [])
        ],
    }
