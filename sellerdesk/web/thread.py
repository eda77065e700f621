"""Read side of the conversation page: the thread, customer, order, claims. A fixed number of queries."""

from __future__ import annotations

import nh3
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe

from sellerdesk.conversations.models import Attachment, Conversation, Message
from sellerdesk.orders.models import Claim
from sellerdesk.web import labels
from sellerdesk.web.timeleft import time_left_state, time_left_text

EARLIER_LIMIT = 10
# Remote images in buyer HTML would tell the sender when we read it; links stay inert text targets.
HTML_TAGS = nh3.ALLOWED_TAGS - {"img"}


def get_conversation(pk: int) -> Conversation:
    qs = Conversation.objects.select_related("customer", "assignee__agent", "order", "account")
    return get_object_or_404(qs, pk=pk)


def _messages(conv: Conversation) -> list[Message]:
    files = Attachment.objects.only("id", "message_id", "filename", "content_type", "size", "is_inline").order_by("id")
    return list(
        Message.objects.filter(conversation=conv)
        .select_related("author__agent")
        .prefetch_related(Prefetch("attachments", queryset=files, to_attr="files"))
        .order_by("created_at", "id")
    )


def _entry(m: Message) -> dict:
    text = m.body_text.strip()
    full = m.body_full.strip()
    html = ""
    if not text and not full and m.body_html:
        # Only when there is no text at all, and only what nh3 lets through.
        html = mark_safe(nh3.clean(m.body_html, tags=HTML_TAGS, link_rel="noopener noreferrer nofollow"))
    return {
        "m": m,
        "kind": {"in": "inbound", "out": "outbound", "note": "note"}[m.direction],
        "text": text or full,
        "full": full if text and full and full != text else "",
        "html": html,
        "files": m.files,
        "delivery": labels.label(labels.DELIVERY, m.delivery_status),
        # receipts (delivered, read) in words; other flags ("charset-fallback") are warnings as they are
        "flags": [{"label": labels.label(labels.RECEIPTS, f), "warn": f not in labels.RECEIPTS} for f in m.flags],
    }


def page_context(conv: Conversation, now) -> dict:
    prefetch_related_objects([conv.customer], "identities")
    claims_q = Q(conversation=conv) | Q(order_id=conv.order_id) if conv.order_id else Q(conversation=conv)
    claims = list(Claim.objects.filter(claims_q).order_by("respond_by", "id"))
    earlier = list(
        Conversation.objects.filter(customer_id=conv.customer_id).exclude(pk=conv.pk).order_by("-last_message_at")[:EARLIER_LIMIT]
    )
    from sellerdesk.channels.registry import CHANNELS, get_channel

    return {
        "conv": conv,
        # the channel's own sidebar box (a WhatsApp template reply), if it has one
        "channel_panel": get_channel(conv.account.kind).conversation_panel(conv) if conv.account.kind in CHANNELS else None,
        "thread": [_entry(m) for m in _messages(conv)],
        "claims": [
            {"claim": c, "kind": labels.label(labels.CLAIMS, c.kind), "state": _state(c.respond_by, now), "left": time_left_text(c.respond_by, now)}
            for c in claims
        ],
        "earlier": earlier,
        "badge": labels.channel_badge(conv.channel, conv.marketplace),
        "state": time_left_state(conv, now),
        "left": time_left_text(conv.next_deadline_at, now),
    }


def _state(deadline, now) -> str:
    return time_left_state(Conversation(next_deadline_at=deadline), now)
