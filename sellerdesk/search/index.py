"""Keeping the search index up to date, inside the transaction of the write that changed the text.

The intake calls `index_batch` once per batch after its bulk writes; the actions that write one
message (reply, note, proactive message) call `index_messages`; whatever changes what names a
conversation (order linked, customer merged, tracking added, erasure) calls
`index_conversations`. `sellerdesk search-reindex` rebuilds everything.
"""

from __future__ import annotations

from collections.abc import Iterable

from sellerdesk.search import backends
from sellerdesk.search.terms import MAX_TERMS, document_terms


def text_terms(subject: str, body_text: str, body_full: str) -> tuple[list[str], list[str]]:
    """A message's subject's and text's terms, apart: what message_terms joins. Pure work on the
    text, so the intake's helper processes do it ahead of the write (channels/prep.py)."""
    return document_terms(subject), document_terms(body_text or body_full)


def message_terms(
    subject: str, body_text: str, body_full: str, conversation_subject: str = "", ahead: tuple[list[str], list[str]] | None = None
) -> list[str]:
    """`ahead`: text_terms() of the same message, worked out earlier."""
    # The conversation's subject is in its own row; a message's differing subject is its own text.
    own = bool(subject) and subject != conversation_subject
    if ahead is None:
        return document_terms(subject if own else "", body_text or body_full)
    subject_terms, body_terms = ahead
    return (subject_terms + body_terms)[:MAX_TERMS] if own else body_terms


def conversation_terms(conv) -> list[str]:
    texts = [conv.subject]
    customer = conv.customer
    if customer is not None:
        texts += [customer.name, customer.email]
    order = conv.order
    if order is not None:
        texts.append(order.number)
        texts += [str(t.get("number") or "") for t in order.tracking or [] if isinstance(t, dict)]
    return document_terms(*texts)


def index_messages(messages: Iterable, ahead: dict | None = None) -> None:
    """`ahead`: {id(message): text_terms(...)} for messages whose terms were worked out earlier."""
    ahead = ahead or {}
    rows = []
    for m in messages:
        conv_subject = m.conversation.subject if "conversation" in m._state.fields_cache else ""
        rows.append((m.pk, m.conversation_id, message_terms(m.subject, m.body_text, m.body_full, conv_subject, ahead.get(id(m)))))
    backends.put_messages(rows)


def index_conversations(ids: Iterable[int]) -> None:
    backends.put_conversations(_conversation_rows(ids))


def _conversation_rows(ids: Iterable[int]) -> list[tuple[int, list[str]]]:
    from sellerdesk.conversations.models import Conversation

    ids = sorted(set(ids))
    rows = []
    for i in range(0, len(ids), 500):
        qs = Conversation.objects.filter(pk__in=ids[i : i + 500]).select_related("customer", "order").only(
            "pk", "subject", "customer__name", "customer__email", "order__number", "order__tracking"
        )
        rows += [(c.pk, conversation_terms(c)) for c in qs]
    return rows


def index_batch(messages: list, conversations: list, ahead: dict | None = None) -> None:
    """One intake batch: its new messages, and the conversations it created or renamed (an order
    linked, the buyer's name learnt). A conversation whose buyer and order are loaded is indexed
    from memory; the others are read (one query per 500)."""
    rows, unloaded = [], []
    for conv in conversations:
        cached = conv._state.fields_cache
        if "customer" in cached and (conv.order_id is None or "order" in cached):
            rows.append((conv.pk, conversation_terms(conv)))
        else:
            unloaded.append(conv.pk)
    backends.put_conversations(rows)
    index_conversations(unloaded)
    index_messages(messages, ahead)


def purge_replaced() -> None:
    backends.purge_replaced()


def index_order(order_id: int) -> None:
    """An order's number or tracking changed: the conversations it names are found by them."""
    from sellerdesk.conversations.models import Conversation

    index_conversations(Conversation.objects.filter(order_id=order_id).values_list("pk", flat=True))


def reindex_all(*, batch: int = 5000, progress=None) -> tuple[int, int]:
    """Every conversation and message again (after an upgrade, or a restore), into emptied
    tables — rows of deleted messages go too. Returns the counts."""
    from sellerdesk.conversations.models import Conversation, Message

    with backends.rebuilding():
        conv_ids = list(Conversation.objects.order_by("pk").values_list("pk", flat=True))
        for i in range(0, len(conv_ids), batch):
            backends.append_conversations(_conversation_rows(conv_ids[i : i + batch]))
        n = 0
        last = 0
        while True:
            rows = list(
                Message.objects.filter(pk__gt=last).order_by("pk")
                .values_list("pk", "conversation_id", "subject", "body_text", "body_full", "conversation__subject")[:batch]
            )
            if not rows:
                break
            backends.append_messages([(pk, c, message_terms(s, bt, bf, cs)) for pk, c, s, bt, bf, cs in rows])
            n += len(rows)
            last = rows[-1][0]
            if progress:
                progress(n)
    backends.purge_replaced()  # SQLite: one merged index, as a freshly built one should be
    return len(conv_ids), n
