"""Status callbacks (sent, delivered, read, failed) applied to our own sent message.

Facts (docs/channels.md, Platform facts → WhatsApp): a status names the wamid our send was
given; it only moves forward (sent → delivered → read), "read" comes only from buyers who show
read receipts, and "failed" is final and carries errors [{code, title}] — often 131047 when a
free-form reply went out after the 24-hour window. Delivered and read are kept as the message's
flag (one of them); failed marks the reply failed with WhatsApp's reason and flags the
conversation, as a refused send does. A callback applied again changes nothing.
"""

from __future__ import annotations

from django.db import transaction

from sellerdesk.channels.whatsapp import payloads
from sellerdesk.channels.whatsapp.client import describe
from sellerdesk.channels.whatsapp.parse import message_key, thread_key
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Conversation, Event, Message

RECEIPTS = ("delivered", "read")  # in order: a later one replaces an earlier one, never the reverse
SENT_PART = "whatsapp_sent"


def ours(account, status: payloads.Status) -> Message | None:
    """Our message that WhatsApp gave this wamid: its first part by external id (indexed); a later
    part (a file after the text) by the sent-part events of the buyer's conversations only, so a
    status of a message another tool sent never scans the whole event log."""
    outbound = Message.objects.select_related("conversation").filter(account=account, direction=Message.Direction.OUTBOUND)
    found = outbound.filter(external_id=message_key(status.id)).first()
    if found is not None or not status.recipient_id:
        return found
    conversations = Conversation.objects.filter(account=account, thread_key=thread_key(status.recipient_id)).values("pk")
    event = Event.objects.filter(conversation__in=conversations, kind=SENT_PART, data__wamid=status.id).order_by("-pk").first()
    return outbound.filter(pk=event.data["message_id"]).first() if event is not None else None


def apply(account, status: payloads.Status) -> str:
    """What the callback changed: "failed", "delivered", "read" or "" (nothing new, or not ours)."""
    with transaction.atomic():
        message = ours(account, status)
        if message is None:
            return ""
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.delivery_status == Message.Delivery.FAILED:
            return ""  # final
        if status.status == "failed":
            reasons = "; ".join(describe(e) for e in status.errors) or "no reason given"
            message.delivery_status, message.error = Message.Delivery.FAILED, f"WhatsApp could not deliver it: {reasons}"[:2000]
            message.save(update_fields=["delivery_status", "error"])
            Conversation.objects.filter(pk=message.conversation_id).update(has_problem=True)
            record("message_failed", conversation=message.conversation, message_id=message.pk, error=message.error)
            return "failed"
        if status.status not in RECEIPTS:
            return ""  # "sent": the send's own answer said so already
        have = [f for f in message.flags if f in RECEIPTS]
        if have and RECEIPTS.index(have[0]) >= RECEIPTS.index(status.status):
            return ""
        message.flags = [f for f in message.flags if f not in RECEIPTS] + [status.status]
        message.save(update_fields=["flags"])
        record("message_receipt", conversation=message.conversation, message_id=message.pk, status=status.status,
               at=status.timestamp.isoformat() if status.timestamp else "")
        return status.status
