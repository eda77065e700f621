"""Searching: matching rows from the index, the inbox filters applied in the same query, ranked here.

The database finds the newest matching messages (MESSAGE_CANDIDATES) and conversations
(CONVERSATION_CANDIDATES) — both databases walk their index newest first, so a word in half the
mail costs no more than a rare one — and the ranking is done in Python from those rows, so
SQLite and PostgreSQL give the same list in the same order:

  a conversation whose subject, customer, order or tracking number matches  +3
  each matching message of the conversation (up to 3)                        +1
  then the newest matching message first.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from django.db import connection

from sellerdesk.search import backends
from sellerdesk.search.terms import Word, fold, query_words

MESSAGE_CANDIDATES = 500
CONVERSATION_CANDIDATES = 200
NAME_SCORE = 3
MESSAGE_SCORE_CAP = 3


@dataclass
class Hit:
    conversation_id: int
    status: str
    score: int = 0
    message_ids: list[int] = field(default_factory=list)  # matching messages, newest first
    by_name: bool = False  # subject / customer / order / tracking matched
    newest: int = 0  # newest matching message id (0: matched by name only)


@dataclass
class Result:
    words: list[Word]
    hits: list[Hit]  # every candidate conversation, best first (status not applied)

    def for_status(self, status: str) -> list[Hit]:
        return self.hits if status in ("", "all") else [h for h in self.hits if h.status == status]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for h in self.hits:
            out[h.status] = out.get(h.status, 0) + 1
        return out


def _where(filters, user) -> tuple[str, list]:
    """The inbox filters other than status and text, as SQL on the conversations table."""
    from sellerdesk.conversations.queries import filtered

    qs = filtered(dataclasses.replace(filters, status="all", q=""), user)
    query = qs.query
    if not query.where:
        return "1 = 1", []
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(query.where)
    return sql, list(params)


def search(q: str, filters=None, user=None) -> Result | None:
    """None when the text holds nothing searchable (punctuation only)."""
    from sellerdesk.conversations.queries import InboxFilters

    words = query_words(q)
    if not words:
        return None
    where, params = _where(filters or InboxFilters(status="all"), user)
    expr = backends.match_expression(words)
    hits: dict[int, Hit] = {}
    for conv_id, status in backends.matching_conversations(expr, where, params, CONVERSATION_CANDIDATES):
        hits[conv_id] = Hit(conv_id, status, score=NAME_SCORE, by_name=True)
    for msg_id, conv_id, status in backends.matching_messages(expr, where, params, MESSAGE_CANDIDATES):
        hit = hits.setdefault(conv_id, Hit(conv_id, status))
        if len(hit.message_ids) < MESSAGE_SCORE_CAP:
            hit.score += 1
        hit.message_ids.append(msg_id)
        hit.newest = max(hit.newest, msg_id)
    ranked = sorted(hits.values(), key=lambda h: (-h.score, -h.newest, -h.conversation_id))
    return Result(words, ranked)


_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-]{5,63}$")


def order_conversation(q: str) -> int | None:
    """The conversation to open when the query is exactly one order's number or tracking number.

    The name index finds the candidates; the stored number must then equal what was typed
    (ignoring case and dashes), so "113" alone never jumps anywhere.
    """
    from sellerdesk.conversations.models import Conversation

    q = q.strip()
    if not _IDENTIFIER.match(q) or not any(ch.isdigit() for ch in q):
        return None
    words = query_words(q)
    expr = backends.match_expression(words)
    ids = [c for c, _s in backends.matching_conversations(expr, "1 = 1", [], 50)]
    if not ids:
        return None
    wanted = _plain(q)
    convs = Conversation.objects.filter(pk__in=ids).select_related("order").only("pk", "order__number", "order__tracking", "last_message_at")
    orders = set()
    best = None
    for c in convs:
        o = c.order
        if o is None:
            continue
        numbers = [o.number] + [str(t.get("number") or "") for t in o.tracking or [] if isinstance(t, dict)]
        if any(_plain(n) == wanted for n in numbers):
            orders.add(o.pk)
            if best is None or (c.last_message_at, c.pk) > (best.last_message_at, best.pk):
                best = c
    return best.pk if best is not None and len(orders) == 1 else None


def _plain(number: str) -> str:
    return fold(number).replace("-", "").replace(" ", "")
