from __future__ import annotations

from sellerdesk.alerts.raising import EVENT_KINDS, from_events
from sellerdesk.conversations.models import Conversation, Event
from sellerdesk.lib import clock


def record(kind: str, *, conversation: Conversation | None = None, actor=None, **data) -> Event:
    """Append one event. Called inside the transaction of the action it describes.

    Rule, secret, role, token and approval changes are copied to the audit log (audit/log.py).
    """
    from sellerdesk.audit.log import mirror

    event = Event.objects.create(conversation=conversation, actor=actor, kind=kind, data=data, created_at=clock.now())
    mirror(kind, actor, data, conversation.pk if conversation else None)
    if kind in EVENT_KINDS:
        from_events([event])  # the people concerned are alerted (docs/alerts.md)
    return event
