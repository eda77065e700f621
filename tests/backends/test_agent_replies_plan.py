"""Analytics' replies per agent over a period come from the index of agents' replies alone on both
databases: at a million conversations the table scan of the period's messages took a second of the
90-day page (docs/scale.md); the index holds only agents' own replies, so the intake never writes it.
On SQLite the direction must reach the query as a constant: with a parameter SQLite still reads
every row of the table to test it (ten times slower at a million conversations)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from sellerdesk.analytics.tables import Range, agent_replies
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Customer
from tests.backends.conftest import POSTGRESQL_DB, SQLITE_DB

T0 = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_replies_per_agent_are_counted_from_the_agent_reply_index(backend):
    users = [get_user_model().objects.create(username=f"agent{i}") for i in range(3)]
    account = ChannelAccount.objects.create(kind="email", name="Support")
    buyer = Customer.objects.create(name="Buyer", created_at=T0)
    convs = Conversation.objects.bulk_create([Conversation(channel="email", account=account, customer=buyer, created_at=T0, last_message_at=T0)
                                              for _ in range(200)])
    rows = []
    for n in range(6000):
        at = T0 + dt.timedelta(minutes=37 * n)
        conv = convs[n % 200]
        if n % 3 == 0:
            rows.append(Message(conversation=conv, account=account, direction="in", sent_at=at, created_at=at))
        else:
            rows.append(Message(conversation=conv, account=account, direction="out", author=users[n % 3], is_automated=n % 10 == 1,
                                sent_at=at, created_at=at))
    Message.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM marks the pages all-visible, as autovacuum does on a live desk, so the
        # index alone can answer.
        cursor.execute("VACUUM ANALYZE conversations_message" if connection.vendor == "postgresql" else "ANALYZE")

    r = Range(since=T0 + dt.timedelta(days=30), until=T0 + dt.timedelta(days=90))
    expected = {}
    for m in rows:
        if m.direction == "out" and not m.is_automated and r.since <= m.created_at < r.until:
            expected[m.author_id] = expected.get(m.author_id, 0) + 1
    assert dict(agent_replies(r)) == expected
    plan = agent_replies(r).explain()
    assert "message_agent_reply" in plan, plan
    if connection.vendor == "postgresql":
        assert "Index Only Scan" in plan, plan
    else:
        assert "USING INDEX message_agent_reply" in plan, plan
        assert _sqlite_table_columns_read(agent_replies(r)) == []


def _sqlite_table_columns_read(queryset) -> list[int]:
    """The columns of the messages table itself that SQLite's program for the query reads (the
    index is opened apart; a row of the table is only fetched when one of its columns is read)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'conversations_message'")
        [(root,)] = cursor.fetchall()
        cursor.execute("EXPLAIN " + sql, params)
        program = cursor.fetchall()  # (addr, opcode, p1, p2, p3, ...)
    [table_cursor] = [p1 for _addr, opcode, p1, p2, *_ in program if opcode == "OpenRead" and p2 == root]
    return [p2 for _addr, opcode, p1, p2, *_ in program if opcode == "Column" and p1 == table_cursor]
