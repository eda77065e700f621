"""Before a reply goes out: did someone else reply or note since this agent's page was drawn?"""

from __future__ import annotations

from sellerdesk.conversations.models import Message


def last_message_id(conversation) -> int:
    return Message.objects.filter(conversation=conversation).order_by("-id").values_list("id", flat=True).first() or 0


def replies_since(conversation, seen_upto: str, user) -> list[Message]:
    """Replies by other people after message id `seen_upto` (what the agent's page showed)."""
    if not str(seen_upto or "").isdigit():
        return []
    return list(Message.objects.filter(conversation=conversation, id__gt=int(seen_upto), direction=Message.Direction.OUTBOUND,
                                       is_automated=False).exclude(author=user).select_related("author__agent").order_by("id"))
