"""The inbox as search results: the best matching conversations, each with its matching text marked."""

from __future__ import annotations

from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.conversations.queries import PAGE_SIZE
from sellerdesk.search import highlight


def conversations(hits) -> list[Conversation]:
    hits = hits[:PAGE_SIZE]
    by_id = (
        Conversation.objects.filter(pk__in=[h.conversation_id for h in hits])
        .select_related("customer", "order")  # the assignee is named from the page's agents (inbox_rows.draw)
        .in_bulk()
    )
    return [by_id[h.conversation_id] for h in hits if h.conversation_id in by_id]


def snippets(hits, q: str, previews: dict[int, str]) -> dict[int, dict]:
    """Per conversation: the marked subject and a marked snippet of its newest matching message
    (or of the latest buyer message when only its name matched)."""
    hits = hits[:PAGE_SIZE]
    newest = {h.conversation_id: h.message_ids[0] for h in hits if h.message_ids}
    bodies = dict(Message.objects.filter(pk__in=list(newest.values())).values_list("pk", "body_text"))
    out = {}
    for h in hits:
        text = bodies.get(newest.get(h.conversation_id), None)
        out[h.conversation_id] = {
            "snippet": highlight.snippet(text if text is not None else previews.get(h.conversation_id, ""), q),
            "matches": len(h.message_ids),
        }
    return out
