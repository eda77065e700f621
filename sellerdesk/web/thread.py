"""Read side of the conversation page: the thread, customer, order, claims. A fixed number of queries."""

from __future__ import annotations

import nh3
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe

from sellerdesk.conversations.models import Attachment, Conversation, Message
from sellerdesk.orders.models import Claim
from sellerdesk.replies.translation.providers import translation_configured
from sellerdesk.web import labels, message_html, notices, numbers, orderbox
from sellerdesk.web.timeleft import time_left_state, time_left_text

EARLIER_LIMIT = 10
THREAD_WINDOW = 100  # messages drawn before "Show earlier messages"
# Remote images in buyer HTML would tell the sender when we read it; links stay inert text targets.
HTML_TAGS = nh3.ALLOWED_TAGS - {"img"}


def get_conversation(pk: int) -> Conversation:
    # Claims are rare: whether there are any comes with the conversation, their list only then.
    claims = Claim.objects.filter(Q(conversation=OuterRef("pk")) | Q(order_id=OuterRef("order_id")))
    qs = Conversation.objects.select_related("customer", "assignee__agent", "order", "account").annotate(has_claims=Exists(claims))
    return get_object_or_404(qs, pk=pk)


def _messages(conv: Conversation, whole: bool) -> tuple[list[Message], bool]:
    """The thread, oldest first: its latest THREAD_WINDOW messages unless `whole`; and whether
    earlier ones were left out (a thread of hundreds of messages is drawn only when asked)."""
    files = Attachment.objects.only("id", "message_id", "filename", "content_type", "size", "is_inline").order_by("id")
    qs = (
        Message.objects.filter(conversation=conv)
        .select_related("author__agent")
        .prefetch_related(Prefetch("attachments", queryset=files, to_attr="files"))
    )
    if whole:
        return list(qs.order_by("created_at", "id")), False
    latest = list(qs.order_by("-created_at", "-id")[: THREAD_WINDOW + 1])
    cut = len(latest) > THREAD_WINDOW
    return latest[:THREAD_WINDOW][::-1], cut


def _entry(m: Message, claims: list[dict]) -> dict:
    text = m.body_text.strip()
    full = m.body_full.strip()
    notice = notices.is_notice(m)
    if notice:
        text, full = notices.codes_in_words(text), notices.codes_in_words(full)
    flags = m.flags
    if m.direction == Message.Direction.NOTE and flags:
        from sellerdesk.channels.webchat.bot import HANDOVER_FLAG, handover_note_text

        said = handover_note_text(flags, lambda intent: labels.label(labels.INTENTS, intent))  # in the agent's language
        if said is not None:
            text, full, flags = said, "", [f for f in flags if not f.startswith(HANDOVER_FLAG)]
    html = ""
    if not text and not full and m.body_html:
        # Only when there is no text at all, and only what nh3 lets through.
        html = mark_safe(nh3.clean(m.body_html, tags=HTML_TAGS, link_rel="noopener noreferrer nofollow"))
    return {
        "m": m,
        "kind": "notice" if notice else {"in": "inbound", "out": "outbound", "note": "note"}[m.direction],
        "claims": claims,
        "text": text or full,
        "full": full if text and full and full != text else "",
        "html": html,
        "files": m.files,
        "delivery": labels.label(labels.DELIVERY, m.delivery_status),
        # receipts (delivered, read) in words; other flags ("charset-fallback") are warnings as they are
        "flags": [{"label": labels.label(labels.RECEIPTS, f), "warn": f not in labels.RECEIPTS} for f in flags],
    }


def page_context(conv: Conversation, now, *, whole: bool = False) -> dict:
    prefetch_related_objects([conv.customer], "identities")
    claims_q = Q(conversation=conv) | Q(order_id=conv.order_id) if conv.order_id else Q(conversation=conv)
    claims = list(Claim.objects.filter(claims_q).order_by("respond_by", "id")) if getattr(conv, "has_claims", True) else []
    earlier = list(
        Conversation.objects.filter(customer_id=conv.customer_id).exclude(pk=conv.pk).order_by("-last_message_at")[:EARLIER_LIMIT]
    )
    thread, cut = _messages(conv, whole)
    inbound = [m for m in thread if m.direction == Message.Direction.INBOUND]
    notes = [m for m in inbound if notices.is_notice(m)]
    boxes = {c.pk: _claim_box(c, conv, now) for c in claims}
    under = notices.claims_by_notice(notes, [c for c in claims if c.conversation_id == conv.pk])
    inline = {c.pk for placed in under.values() for c in placed}
    entries = [_entry(m, [boxes[c.pk] for c in under.get(m.pk, [])]) for m in thread]
    found = numbers.numbers_by_message(conv, {e["m"].pk: f"{e['text']}\n{e['full']}" for e in entries})
    for e in entries:
        e["numbers"] = found.get(e["m"].pk, [])
    translation_on = translation_configured()
    message_html.draw(entries, conv, translation_on=translation_on)
    from sellerdesk.channels.registry import CHANNELS, get_channel

    return {
        "conv": conv,
        # the channel's own sidebar box (a WhatsApp template reply), if it has one
        "channel_panel": get_channel(conv.account.kind).conversation_panel(conv) if conv.account.kind in CHANNELS else None,
        "thread": entries,
        "thread_cut": cut,  # earlier messages left out: the page offers them
        # the newest message the agent sees (the reply form's collision check), without a query of its own
        "seen_upto": max((m.pk for m in thread), default=0),
        # Claims of the same order raised in other threads: beside the conversation.
        "claims": [boxes[c.pk] for c in claims if c.pk not in inline],
        # Only platform notices came in: nobody to answer here, the platform's page is where to act.
        "notices_only": bool(notes) and len(notes) == len(inbound),
        "order_box": _order_box(conv, thread),
        "translation_on": translation_on,  # else no "Translate" under each message
        "earlier": earlier,
        "badge": labels.channel_badge(conv.channel, conv.marketplace),
        "state": time_left_state(conv, now),
        "left": time_left_text(conv.next_deadline_at, now),
    }


def _order_box(conv: Conversation, thread: list[Message]) -> dict:
    order = conv.order
    if order is None:
        return {}
    placeholder = orderbox.is_placeholder(order)
    return {
        "status": orderbox.status_text(order),
        "fulfilment": orderbox.fulfilment_text(order.fulfilment),
        "fetching": placeholder and orderbox.fetch_on_view(order, conv.marketplace),
        # Without the platform's answer, what its mails (and the buyer's relay mails) say.
        "from_mail": orderbox.facts_from_mail(m for m in thread if m.direction == Message.Direction.INBOUND) if placeholder else [],
    }


def _claim_box(c: Claim, conv: Conversation, now) -> dict:
    where, url = notices.respond_link(c.platform, c.kind, conv.marketplace, conv.account.address)
    return {
        "claim": c,
        "kind": labels.label(labels.CLAIMS, c.kind),
        "state": _state(c.respond_by, now),
        "left": time_left_text(c.respond_by, now),
        "respond_where": where,
        "respond_url": url,
    }


def _state(deadline, now) -> str:
    return time_left_state(Conversation(next_deadline_at=deadline), now)
