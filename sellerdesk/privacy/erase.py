"""`erase(customer)`: a buyer's personal data removed or anonymised everywhere, with a tombstone.

What stays: the rows that figures are made of — conversations (channel, times, status, tier),
messages (direction, times, delivery state), deadlines and breaches, order totals and dates,
claims' amounts — anonymised, so SLA and metrics figures do not change. What goes: names,
addresses, emails, phones, buyer ids, order and case numbers, every text a buyer or an agent
wrote to them, attachments, translations, raw deliveries' bytes and headers, and every copy of
those strings found in any other column or file (sweep.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from sellerdesk.audit import log as audit
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Attachment, Conversation, Event, Message
from sellerdesk.customers.models import Customer, CustomerMerge, Identity
from sellerdesk.lib import blobs, clock
from sellerdesk.orders.models import Claim, Order
from sellerdesk.privacy import sweep
from sellerdesk.privacy.footprint import Footprint, chat_visitors, footprint
from sellerdesk.privacy.models import Erasure
from sellerdesk.replies.models import Approval, MessageTranslation
from sellerdesk.search import index as search_index

# Event payload keys that carry free text written by or about the buyer.
FREE_TEXT = frozenset({"text", "body", "note", "comment", "subject", "reason", "error", "name", "number", "email", "result"})


@dataclass
class Result:
    customer_id: int
    counts: dict
    erasure: Erasure


def _digest(value: str) -> str:
    """A stand-in that keeps unique keys unique without the value: 'erased-<12 hex>'."""
    return "erased-" + hashlib.sha256(value.encode()).hexdigest()[:12] if value else value


def _named(value: str, pattern) -> bool:
    return bool(value) and bool(pattern.search(value))


def erase(customer: Customer, *, actor=None, reason: str = "request") -> Result:
    """Erase one buyer (and every customer record merged into them). Idempotent."""
    fp = footprint(customer)
    sweep.secure_delete_on()
    with transaction.atomic():
        counts = _erase_records(fp)
        counts["swept"] = sweep.sweep_database(fp.terms)
        erasure = Erasure.objects.create(customer_id=customer.pk, erased_at=clock.now(), reason=reason,
                                         actor_id=actor.pk if actor is not None else None, counts=counts)
        # The tombstone: the conversation history says the data was erased, not what it was.
        record("customer_erased", actor=actor, customer=customer.pk, erasure=erasure.pk, reason_code=reason)
        audit.record("privacy_erased", actor=actor, target=f"customer:{customer.pk}", reason_code=reason,
                     erasure=erasure.pk, conversations=len(fp.conversation_ids), orders=len(fp.order_ids))
    counts["files"] = sweep.sweep_files(fp.terms)
    sweep.compact_sqlite()
    return Result(customer.pk, counts, erasure)


def _erase_records(fp: Footprint) -> dict:
    pattern = sweep._pattern(fp.terms) if fp.terms else None
    counts = {}
    # The web chat's copy of the transcript and what the visitor told it (docs/webchat.md), by the
    # conversations' thread keys, read before those are digested below.
    counts["chat_visitors"] = chat_visitors(fp).delete()[0]  # with their lines
    attachments = Attachment.objects.filter(message_id__in=fp.message_ids)
    blobs.delete_after_commit(attachments.filter(data_key__isnull=False).values_list("data_key", flat=True))
    counts["attachments"] = attachments.delete()[0]
    counts["translations"] = MessageTranslation.objects.filter(message_id__in=fp.message_ids).delete()[0]
    messages = list(Message.objects.filter(pk__in=fp.message_ids))
    for m in messages:
        m.sender = m.sender_name = m.subject = m.body_text = m.body_full = m.body_html = m.error = ""
        m.recipients = []
        for name in ("external_id", "in_reply_to", "references"):
            value = getattr(m, name) or ""
            if pattern is not None and _named(value, pattern):
                setattr(m, name, _digest(value))
        m.flags = sorted(set(m.flags or []) | {"erased"})
    Message.objects.bulk_update(messages, ["sender", "sender_name", "subject", "body_text", "body_full", "body_html",
                                           "error", "recipients", "external_id", "in_reply_to", "references", "flags"], batch_size=500)
    counts["messages"] = len(messages)
    search_index.index_messages(messages)  # the index held the words too

    # Raw deliveries keep their row (a re-delivery of the same event is still recognised) but not their bytes.
    raws = list(RawDelivery.objects.filter(pk__in=fp.delivery_ids).only("pk", "external_id", "body_key"))
    blobs.delete_after_commit([raw.body_key for raw in raws])  # the object store's copy goes too
    for raw in raws:
        raw.body, raw.body_key, raw.headers, raw.error = b"", None, {}, ""
        if pattern is not None and _named(raw.external_id, pattern):
            raw.external_id = _digest(raw.external_id)
    RawDelivery.objects.bulk_update(raws, ["body", "body_key", "headers", "error", "external_id"], batch_size=200)
    counts["raw_deliveries"] = len(raws)

    conversations = list(Conversation.objects.filter(pk__in=fp.conversation_ids).only("pk", "subject", "thread_key"))
    for c in conversations:
        c.subject = ""
        if pattern is not None and _named(c.thread_key, pattern):
            c.thread_key = _digest(c.thread_key)
    Conversation.objects.bulk_update(conversations, ["subject", "thread_key"], batch_size=500)
    counts["conversations"] = len(conversations)

    orders = list(Order.objects.filter(pk__in=fp.order_ids))
    for o in orders:
        o.number, o.external_id = _digest(o.number), _digest(o.external_id)
        o.items, o.tracking = [], []
        o.refunds = [{k: r.get(k) for k in ("id", "amount", "currency", "at") if k in r} for r in o.refunds or []]
        o.returns = [{k: r.get(k) for k in ("id", "status") if k in r} for r in o.returns or []]
    Order.objects.bulk_update(orders, ["number", "external_id", "items", "tracking", "refunds", "returns"], batch_size=500)
    counts["orders"] = len(orders)

    claims = list(Claim.objects.filter(pk__in=fp.claim_ids))
    for c in claims:
        c.external_id, c.reason = _digest(c.external_id), ""
    Claim.objects.bulk_update(claims, ["external_id", "reason"], batch_size=500)
    counts["claims"] = len(claims)

    Approval.objects.filter(conversation_id__in=fp.conversation_ids).update(reason="", reply_text="", comment="")
    counts["events"] = _erase_events(fp, pattern)
    CustomerMerge.objects.filter(target_id__in=fp.customer_ids).update(target_before={}, reason="")
    CustomerMerge.objects.filter(source_id__in=fp.customer_ids).update(target_before={}, reason="")
    counts["identities"] = Identity.objects.filter(customer_id__in=fp.customer_ids).delete()[0]
    Customer.objects.filter(pk__in=fp.customer_ids).update(name="", email="")
    search_index.index_conversations(fp.conversation_ids)
    search_index.purge_replaced()
    counts["customers"] = len(fp.customer_ids)
    return counts


def _erase_events(fp: Footprint, pattern) -> int:
    """Events of the buyer's conversations lose their free text; events elsewhere that name the
    buyer's orders or customer records lose the naming values (the sweep catches the rest)."""
    changed = []
    linked = Event.objects.filter(conversation_id__in=fp.conversation_ids)
    for event in linked.only("pk", "data"):
        event.data = _scrub_event(event.data, pattern, drop_free_text=True)
        changed.append(event)
    naming = Q(data__order_id__in=fp.order_ids) | Q(data__customer__in=fp.customer_ids) \
        | Q(data__target__in=fp.customer_ids) | Q(data__source__in=fp.customer_ids)
    for event in Event.objects.filter(conversation__isnull=True).filter(naming).only("pk", "data"):
        event.data = _scrub_event(event.data, pattern, drop_free_text=True)
        changed.append(event)
    Event.objects.bulk_update(changed, ["data"], batch_size=500)
    return len(changed)


def _scrub_event(data, pattern, *, drop_free_text: bool):
    if not isinstance(data, dict):
        return data
    out = {}
    for key, value in data.items():
        if drop_free_text and key in FREE_TEXT and isinstance(value, str):
            out[key] = sweep.ERASED if value else value
        elif isinstance(value, dict):
            out[key] = _scrub_event(value, pattern, drop_free_text=drop_free_text)
        else:
            out[key] = sweep.scrub_json(value, pattern) if pattern is not None else value
    return out
