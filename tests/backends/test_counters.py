"""The counters of conversations per status equal a fresh COUNT after every kind of change.

On SQLite (row triggers) and PostgreSQL (statement triggers over transition tables): the intake,
bulk inserts of several rows in one statement, the actions (assign, resolve, reopen, snooze),
QuerySet.update over many rows, a customer merge and its undoing, deletes of one and of many,
a privacy erasure, and a recount.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Coalesce

from sellerdesk.channels import pipeline
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations import actions
from sellerdesk.conversations import counts
from sellerdesk.conversations.models import Conversation, ConversationCount
from sellerdesk.customers import merge as merging
from sellerdesk.customers.models import Customer
from sellerdesk.lib import clock
from sellerdesk.privacy.erase import erase
from tests.backends.conftest import POSTGRESQL_DB, SQLITE_DB

T0 = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.timezone.utc)


def fresh() -> dict:
    rows = (Conversation.objects.order_by().values("status", "channel", "tier", "language")
            .annotate(who=Coalesce("assignee_id", 0), n=Count("pk")).values_list("status", "channel", "tier", "language", "who", "n"))
    return {row[:5]: row[5] for row in rows}


def counted() -> dict:
    return {(c.status, c.channel, c.tier, c.language, c.assignee): c.n for c in ConversationCount.objects.exclude(n=0)}


def mail(n: int, sender: str) -> bytes:
    return (f"From: Buyer {n} <{sender}>\r\nTo: support@shop.example\r\nSubject: Order {n}\r\n"
            f"Message-ID: <counter-{n}@example.de>\r\nDate: Mon, 23 Nov 2026 08:00:00 +0000\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\nHallo, wo ist meine Bestellung {n}?\r\n").encode()


def conv(account, customer, **fields) -> Conversation:
    return Conversation(channel=fields.pop("channel", "email"), account=account, customer=customer, subject="s",
                        created_at=T0, last_message_at=T0, **fields)


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_counters_equal_a_fresh_count_after_every_change(backend):
    call_command("createagent", "agent1", password="agent-password", languages="en,de", verbosity=0)
    call_command("createagent", "boss", password="agent-password", role="supervisor", verbosity=0)
    agent, boss = get_user_model().objects.get(username="agent1"), get_user_model().objects.get(username="boss")
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    assert counted() == fresh() == {}

    # The intake: three buyers, three conversations.
    for n, sender in enumerate(["hans@example.de", "grete@example.de", "hans@example.de"]):
        raw, _ = pipeline.store_delivery(account, f"<counter-{n}@example.de>", mail(n, sender))
        assert pipeline.process(raw.pk) == "processed"
    assert Conversation.objects.count() >= 2
    assert counted() == fresh()

    # Many rows in one INSERT statement (one statement trigger run on PostgreSQL).
    anna = Customer.objects.create(name="Anna", email="anna@example.fr", created_at=T0)
    made = Conversation.objects.bulk_create([
        conv(account, anna, channel=ch, tier=t, language=lang, status=st, assignee=who)
        for ch, t, lang, st, who in [("ebay", 1, "fr", "open", None), ("ebay", 1, "fr", "open", None),
                                     ("amazon", 2, "en", "pending", agent), ("amazon", 3, "en", "resolved", boss),
                                     ("shopify", 3, "de", "snoozed", agent)]
    ])
    assert counted() == fresh()
    assert counts.by_status(channel="ebay", tier=1, language="fr", assignee=0) == {"open": 2}

    # The actions, one conversation each.
    with clock.frozen(T0):
        first = Conversation.objects.get(pk=made[0].pk)
        actions.assign(first, boss, agent)
        assert counted() == fresh()
        actions.resolve(Conversation.objects.get(pk=made[0].pk), agent)
        assert counted() == fresh()
        actions.reopen(Conversation.objects.get(pk=made[0].pk), agent)
        assert counted() == fresh()
        actions.snooze(Conversation.objects.get(pk=made[1].pk), agent, T0 + dt.timedelta(days=1))
        assert counted() == fresh()

    # One UPDATE over many rows, changing several counted columns at once.
    assert Conversation.objects.filter(customer=anna).update(status="pending", tier=2, language="it") == 5
    assert counted() == fresh()
    Conversation.objects.filter(channel="amazon").update(assignee=None)
    assert counted() == fresh()
    Conversation.objects.update(subject="renamed")  # no counted column: nothing moves
    assert counted() == fresh()

    # A merge moves conversations between customers (and back): the counts stay.
    hans = Customer.objects.get(email="hans@example.de")
    done = merging.merge(anna, hans, boss)
    assert counted() == fresh()
    merging.unmerge(done, boss)
    assert counted() == fresh()

    # Deletes: one, then several in one statement, then a buyer erased.
    Conversation.objects.filter(pk=made[4].pk).delete()
    assert counted() == fresh()
    Conversation.objects.filter(channel="ebay").delete()
    assert counted() == fresh()
    erase(Customer.objects.get(email="grete@example.de"), actor=boss)
    assert counted() == fresh()
    before = fresh()
    assert sum(before.values()) == Conversation.objects.count() > 0

    # Counts by status, as the inbox asks, equal the COUNT of the same filter.
    for status in ("open", "pending", "snoozed", "resolved"):
        assert counts.by_status().get(status, 0) == Conversation.objects.filter(status=status).count()
        assert (counts.by_status(assignee=agent.pk).get(status, 0)
                == Conversation.objects.filter(status=status, assignee=agent).count())

    # A recount (after a bulk load with the triggers off) gives the same rows.
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {counts.TABLE}")
    from django.db import transaction

    with transaction.atomic():
        counts.recount()
    assert counted() == before


@pytest.mark.parametrize("backend", [POSTGRESQL_DB], indirect=True)
def test_two_writers_crosswise_neither_wait_nor_deadlock(backend):
    """Two transactions touch conversations of two shared counter keys in opposite orders.

    Updates that leave the keys as they were (a new message's time) lock no counter row, so neither
    writer waits for the other; key changes lock their counter rows in key order, so the second writer
    waits for the first instead of deadlocking. With a lock timeout, a wait shows as an error."""
    import threading

    import psycopg

    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    buyer = Customer.objects.create(name="Anna", email="anna@example.fr", created_at=T0)
    a1, a2, b1, b2 = Conversation.objects.bulk_create(
        [conv(account, buyer, status=st, language="en") for st in ("open", "open", "pending", "pending")])
    later = "2026-11-23 09:00:00+00"

    first, second = (psycopg.connect(backend.database_url, autocommit=False) for _ in range(2))
    try:
        for writer in (first, second):
            writer.execute("SET lock_timeout = '3s'")
        touch = "UPDATE conversations_conversation SET last_message_at = %s WHERE id = %s"
        first.execute(touch, (later, a1.pk))   # key (open, …)
        second.execute(touch, (later, b1.pk))  # key (pending, …)
        first.execute(touch, (later, b2.pk))   # would wait for `second` if it locked (pending, …)
        second.execute(touch, (later, a2.pk))  # … and this would then deadlock
        first.commit()
        second.commit()

        # Key changes in opposite directions: the second waits for the first, then both commit.
        move = "UPDATE conversations_conversation SET status = %s WHERE id = %s"
        first.execute(move, ("pending", a1.pk))  # open -1, pending +1
        errors = []

        def other_way():
            try:
                second.execute(move, ("open", b1.pk))  # pending -1, open +1: waits for `first`
                second.commit()
            except psycopg.Error as exc:  # a deadlock or timeout would land here
                errors.append(type(exc).__name__)

        waiter = threading.Thread(target=other_way)
        waiter.start()
        first.commit()
        waiter.join(10)
        assert not waiter.is_alive() and errors == []
    finally:
        first.close()
        second.close()
    assert counted() == fresh() == {("open", "email", 3, "en", 0): 2, ("pending", "email", 3, "en", 0): 2}
