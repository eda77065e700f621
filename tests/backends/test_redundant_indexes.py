"""Indexes that a composite index already leads with are gone (every write paid for them), the
foreign keys they sat under are still checked, and the migration goes back and forth on both
databases without rebuilding a table or a constraint."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from sellerdesk.conversations.models import Message
from sellerdesk.lib.onlineindex import single_column_indexes
from tests.backends import stack
from tests.backends.conftest import POSTGRESQL_DB, SQLITE_DB

DROPPED = [
    ("conversations_conversation", "account_id"),
    ("conversations_conversation", "customer_id"),
    ("conversations_conversation", "thread_key"),
    ("conversations_message", "conversation_id"),
    ("conversations_event", "conversation_id"),
]
KEPT = [
    ("conversations_conversation", "assignee_id"),
    ("conversations_message", "author_id"),
    ("conversations_event", "actor_id"),
]


def indexed_alone() -> dict[tuple[str, str], int]:
    return {(table, column): len(single_column_indexes(connection, table, column)) for table, column in DROPPED + KEPT}


def table_page(table: str) -> int:
    """SQLite: the table's first page in the file (a table rebuilt by copying gets a new one)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_the_redundant_indexes_are_dropped_and_come_back_when_the_migration_is_undone(backend):
    expected_now = {key: 0 for key in DROPPED} | {key: 1 for key in KEPT}
    assert indexed_alone() == expected_now
    composite = {"conv_thread_key", "conv_customer", "message_thread", "event_conversation"}
    with connection.cursor() as cursor:
        names = set()
        for table in ("conversations_conversation", "conversations_message", "conversations_event"):
            names |= set(connection.introspection.get_constraints(cursor, table))
    assert composite <= names

    # The foreign key under the dropped index still holds.
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(conversation_id=987654, account_id=987654, direction="in", created_at="2026-01-01T00:00:00Z")
        connection.check_constraints()

    stack.sellerdesk("migrate", "conversations", "0009", "--noinput", "-v0", env=backend.env())
    back = indexed_alone()
    # Back: one index per column again (two on PostgreSQL for the text column: plain and LIKE).
    text_pair = 2 if connection.vendor == "postgresql" else 1
    assert back == {key: 1 for key in DROPPED + KEPT} | {("conversations_conversation", "thread_key"): text_pair}

    # Forward again: the indexes go, the tables stay where they are (not copied).
    before = [table_page(t) for t, _ in DROPPED] if connection.vendor == "sqlite" else []
    stack.sellerdesk("migrate", "--noinput", "-v0", env=backend.env())
    assert indexed_alone() == expected_now
    if connection.vendor == "sqlite":
        assert [table_page(t) for t, _ in DROPPED] == before
