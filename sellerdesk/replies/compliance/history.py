"""What earlier sends on the same order tell the rules (was feedback already requested?)."""

from __future__ import annotations

from sellerdesk.conversations.models import Event, Message
from sellerdesk.replies.compliance.checks import pattern_hits
from sellerdesk.replies.compliance.engine import normalise
from sellerdesk.replies.compliance.loader import default_rules

# Enough to cover any real order's history; keeps the check a bounded query.
HISTORY_LIMIT = 50
# An event an automation can record when it asks through the platform (e.g. Amazon's Solicitations API).
FEEDBACK_EVENT = "feedback_requested"


def is_feedback_request(text: str, channel: str) -> bool:
    detectors = [r for r in default_rules() if r.check == "feedback_once" and r.applies_to(channel, automated=False)]
    normalised = normalise(text)
    return any(pattern_hits(rule, normalised) for rule in detectors)


def asks_for_feedback_once(channel: str, automated: bool) -> bool:
    """Whether a rule on this channel reads `feedback_already_requested` (Amazon's "ask once")."""
    return any(r.check == "feedback_once" and r.applies_to(channel, automated) for r in default_rules())


def feedback_already_requested(conversation) -> bool:
    scope = {"conversation__order_id": conversation.order_id} if conversation.order_id else {"conversation": conversation}
    if Event.objects.filter(kind=FEEDBACK_EVENT, **scope).exists():
        return True
    sent = (
        Message.objects.filter(direction=Message.Direction.OUTBOUND, **scope)
        .exclude(delivery_status=Message.Delivery.FAILED)
        .order_by("-id")
        .values_list("body_text", flat=True)[:HISTORY_LIMIT]
    )
    return any(is_feedback_request(text, conversation.channel) for text in sent)
