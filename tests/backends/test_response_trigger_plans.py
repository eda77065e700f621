"""The response-metrics triggers on PostgreSQL read conversations and messages by their keys however
the tables have grown since their plans were made.

PL/pgSQL keeps a trigger's plans for the life of the connection. Planned while the desk was small
(or before its statistics caught up: autovacuum off, a bulk import), the rollup's join of the new
messages to their conversations was a sequential scan of the conversations, kept while the table
grew: the intake's worker read every conversation once per batch (bench/ingest.py: 31 ms of
database time per batch of 100 mails at 6,000 conversations, growing with the desk).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Customer
from sellerdesk.metrics import responses
from tests.backends.conftest import POSTGRESQL_DB

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def _buyer_message(conv: Conversation, n: int) -> Message:
    return Message.objects.create(conversation=conv, account=conv.account, direction="in", sender="buyer@example.com",
                                  body_text=f"Where is my parcel? ({n})", external_id=f"m-{n}", sent_at=T0, created_at=T0)


def _plans_of_nested_statements(action) -> str:
    """What auto_explain says of every statement the action runs, triggers' statements included."""
    notices: list[str] = []
    raw = connection.connection  # psycopg's connection under Django's
    handler = lambda diagnostic: notices.append(diagnostic.message_primary or "")  # noqa: E731
    with connection.cursor() as cur:
        cur.execute("LOAD 'auto_explain'")
        for setting in ("auto_explain.log_min_duration = 0", "auto_explain.log_nested_statements = on",
                        "auto_explain.log_level = notice"):
            cur.execute(f"SET {setting}")
    raw.add_notice_handler(handler)
    try:
        action()
    finally:
        raw.remove_notice_handler(handler)
        with connection.cursor() as cur:
            cur.execute("SET auto_explain.log_min_duration = -1")
    return "\n".join(notices)


@pytest.mark.parametrize("backend", [POSTGRESQL_DB], indirect=True)
def test_the_rollup_trigger_reads_conversations_by_key_after_the_table_grew(backend):
    account = ChannelAccount.objects.create(kind="amazon", name="Amazon US", address="seller-us")
    buyer = Customer.objects.create(name="Buyer", created_at=T0)
    first = Conversation.objects.create(channel="amazon", account=account, customer=buyer, subject="Order 1",
                                        last_message_at=T0, created_at=T0)
    _buyer_message(first, 0)  # the triggers' plans are made now, with one conversation in the table

    Conversation.objects.bulk_create([
        Conversation(channel="amazon", account=account, customer=buyer, subject=f"Order {n}", last_message_at=T0, created_at=T0)
        for n in range(2, 4002)
    ])
    later = Conversation.objects.order_by("-pk").first()
    plans = _plans_of_nested_statements(lambda: _buyer_message(later, 1))

    # One rollup statement for the insert, one for each UPDATE the answer trigger ran (no rows there).
    rollups = [p for p in plans.split("Query Text: ") if p.startswith(f"INSERT INTO {responses.ROLLUP}")]
    assert len(rollups) == 3, plans
    assert "Seq Scan on conversations_conversation" not in plans, plans
    assert "Seq Scan on conversations_message" not in plans, plans
    assert "Index Scan using conversations_conversation_pkey on conversations_conversation c" in rollups[0], rollups[0]
    # and the trigger still counted the message in its hour
    with connection.cursor() as cur:
        cur.execute(f"SELECT sum(messages) FROM {responses.ROLLUP} WHERE channel = 'amazon'")
        assert cur.fetchone()[0] == 2
