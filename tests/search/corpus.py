"""A small multilingual mailbox and the conversations each query must find, in order.

Used by the SQLite tests (tests/search) and by the two-database test (tests/backends), so both
databases are held to the same expected lists.
"""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels.base import InboundMessage

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)

MAILS = [
    # key, sender, name, subject, body, order number
    ("bottle", "anna@buyer.example", "Anna Kowalski", "Leaking bottle",
     "The leak-proof bottle I bought is leaking everywhere. Café-style lid broke too.", "113-4455667-1234567"),
    ("zh", "li@buyer.example", "李伟", "订单问题", "你好，我的订单号是多少？包裹还没有到，我想退款。", ""),
    ("ja", "sato@buyer.example", "佐藤 花子", "炊飯器が壊れました", "昨日届いた炊飯器が動きません。返品したいです。", ""),
    ("de", "jonas@buyer.example", "Jonas Müller", "Rücksendung", "Die Flasche ist undicht. Ich möchte eine Rückerstattung.", ""),
    ("parcel", "tom@buyer.example", "Tom Hill", "Where is my parcel?",
     "Tracking 1Z999AA10123456784 shows nothing since Monday. Please send a bottle of glue too.", ""),
]

# query -> keys of the conversations found, best first
EXPECTED = {
    "bottle": ["bottle", "parcel"],  # the subject and the body of one; the body of the other
    "leak-proof": ["bottle"],
    "BOTTLE leaking": ["bottle"],
    "cafe": ["bottle"],
    "订单号": ["zh"],
    "退款": ["zh"],
    "订单": ["zh"],
    "包": ["zh"],  # one character: pairs starting with it
    "炊飯器": ["ja"],
    "返品": ["ja"],
    "ruckerstattung": ["de"],
    "Rückerstattung": ["de"],
    "müller": ["de"],
    "Kowalski": ["bottle"],
    "李伟": ["zh"],
    "1Z999AA10123456784": ["parcel"],
    "113-4455667-1234567": ["bottle"],
    "buyer.example": ["parcel", "de", "ja", "zh", "bottle"],  # every customer's address: newest first
    "bottle 退款": [],
    "书": [],
    "bottles": [],  # whole words, as typed
}


def inbound(n: int, sender: str, name: str, subject: str, body: str, order: str) -> InboundMessage:
    return InboundMessage(
        external_id=f"<search-{n}@buyer.example>", channel="email", sender=sender, sender_name=name, subject=subject,
        body_text=body, body_full=body, sent_at=T0 + dt.timedelta(minutes=n), identities=[("email", sender)],
        order_number=order, order_platform="amazon" if order else "",
    )


def receive_all(account) -> dict:
    """Every mail through the intake; key -> conversation."""
    from sellerdesk.conversations.intake import receive_message

    return {key: receive_message(account, inbound(n, *rest)).conversation for n, (key, *rest) in enumerate(MAILS)}


def found(query: str, convs: dict, **filters) -> list[str]:
    from sellerdesk.conversations.queries import InboxFilters
    from sellerdesk.search.query import search

    keys = {c.pk: k for k, c in convs.items()}
    status = filters.pop("status", "all")
    result = search(query, InboxFilters(status=status, **filters))
    return [keys[h.conversation_id] for h in result.for_status(status)] if result else []
