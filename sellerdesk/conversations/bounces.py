from __future__ import annotations

from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Message


def record_bounce(account, message_id: str, reason: str) -> bool:
    """Mark our outbound message that bounced as failed, visible in its conversation."""
    msg = Message.objects.filter(account=account, external_id=message_id, direction=Message.Direction.OUTBOUND).select_related("conversation").first()
    if msg is None:
        return False
    msg.delivery_status = Message.Delivery.FAILED
    msg.error = reason
    msg.save(update_fields=["delivery_status", "error"])
    msg.conversation.has_problem = True
    msg.conversation.save(update_fields=["has_problem"])
    record("message_bounced", conversation=msg.conversation, message_id=msg.pk, reason=reason)
    return True
