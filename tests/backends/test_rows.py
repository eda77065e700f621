"""lib/rows.py writes exactly what Django's own bulk_create and save write, on SQLite and PostgreSQL.

Every kind of column the intake writes — text, numbers, booleans, aware datetimes (and None),
JSON lists and objects, bytes, decimals, foreign keys to rows saved after they were assigned —
is written both ways and read back through the ORM.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.conversations.models import Conversation, Event, Message
from sellerdesk.customers.models import Customer
from sellerdesk.lib.rows import insert_rows, update_rows
from tests.backends.conftest import POSTGRESQL_DB, SQLITE_DB

AT = dt.datetime(2026, 11, 22, 9, 30, 15, 123456, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def rows(account, tag: str):
    customer = Customer(name=f"Anna {tag}", email=f"anna-{tag}@example.de", lifetime_value=Decimal("123.45"), is_vip=True, created_at=AT)
    conversation = Conversation(channel="email", account=account, customer=customer, subject="Rücksendung 退货", urgency_reasons=["VIP", "refund"],
                                intent_confidence=0.75, created_at=AT, last_message_at=AT, next_deadline_at=None)
    raw = RawDelivery(channel="email", account=account, external_id=f"<{tag}@x>", headers={"imap_uid": 7, "ä": [1, None]},
                      body=b"\x00\xffbytes", received_at=AT, queued_at=AT)
    message = Message(conversation=conversation, account=account, direction=Message.Direction.INBOUND, sender="a@b", recipients=["s@shop"],
                      body_text="Hallo\nWelt", external_id=f"<{tag}-m@x>", raw_delivery=raw, flags=[], sent_at=AT, created_at=AT)
    event = Event(conversation=conversation, kind="message_received", data={"tier": 1, "deadline": None, "text": "é"}, created_at=AT)
    return [customer, conversation, raw, message, event]


def read_back(obj) -> dict:
    values = type(obj).objects.filter(pk=obj.pk).values().get()
    values.pop("id")
    if "body" in values:
        values["body"] = bytes(values["body"])
    return values


def comparable(values: dict, same: dict) -> dict:
    """Foreign keys named by what they point at (`same`: column -> {id: name}), so the two sets
    of rows compare; the columns made different on purpose left out."""
    return {k: same[k].get(v, v) if k in same else v for k, v in values.items() if k not in ("external_id", "email", "name")}


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_insert_and_update_write_what_django_writes(backend):
    account = ChannelAccount.objects.create(kind="email", name="Support")
    ours, theirs = rows(account, "ours"), rows(account, "theirs")
    for obj in ours:
        insert_rows([obj])  # parents first: the children pick up the ids given meanwhile
    for obj in theirs:
        type(obj).objects.bulk_create([obj])
    for obj in ours:
        assert obj.pk is not None and not obj._state.adding
    names = {
        column: {ours[i].pk: column, theirs[i].pk: column}
        for i, column in [(0, "customer_id"), (1, "conversation_id"), (2, "raw_delivery_id")]
    }
    for a, b in zip(ours, theirs):
        assert comparable(read_back(a), names) == comparable(read_back(b), names), type(a).__name__
    assert read_back(ours[1])["urgency_reasons"] == ["VIP", "refund"]
    assert read_back(ours[1])["created_at"] == AT
    assert read_back(ours[2])["body"] == b"\x00\xffbytes"

    # updates: several rows in one executemany, a datetime cleared, JSON replaced
    later = AT + dt.timedelta(hours=3)
    for conv in (ours[1], theirs[1]):
        conv.status, conv.tier, conv.last_message_at, conv.first_response_at, conv.urgency_reasons = "pending", 1, later, later, []
    update_rows([ours[1]], ["status", "tier", "last_message_at", "first_response_at", "urgency_reasons"])
    theirs[1].save(update_fields=["status", "tier", "last_message_at", "first_response_at", "urgency_reasons"])
    assert comparable(read_back(ours[1]), names) == comparable(read_back(theirs[1]), names)
    assert read_back(ours[1])["last_message_at"] == later


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_many_rows_in_one_statement_get_their_own_ids_in_order(backend):
    account = ChannelAccount.objects.create(kind="email", name="Support")
    customers = [Customer(name=f"buyer {i}", created_at=AT) for i in range(250)]
    insert_rows(customers)
    assert [c.pk for c in customers] == sorted(c.pk for c in customers)
    assert dict(Customer.objects.values_list("pk", "name")) == {c.pk: c.name for c in customers}
    assert account.pk is not None


@pytest.mark.parametrize("backend", [SQLITE_DB], indirect=True)
def test_a_related_object_never_saved_is_refused(backend):
    account = ChannelAccount.objects.create(kind="email", name="Support")
    unsaved = Customer(name="nobody", created_at=AT)
    with pytest.raises(ValueError, match="not saved"):
        insert_rows([Conversation(channel="email", account=account, customer=unsaved, created_at=AT, last_message_at=AT)])


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_many_rows_are_updated_at_once_and_a_row_listed_twice_ends_as_last_listed(backend):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    account = ChannelAccount.objects.create(kind="email", name="Support")
    customers = [Customer(name=f"buyer {i}", created_at=AT) for i in range(120)]
    insert_rows(customers)
    for i, c in enumerate(customers):
        c.name, c.is_vip, c.lifetime_value = f"renamed {i}", i % 2 == 0, Decimal(i) / 4
    twice = Customer(pk=customers[5].pk, name="listed again", is_vip=False, lifetime_value=Decimal("9.50"), created_at=AT)
    with CaptureQueriesContext(connection) as queries:
        update_rows([*customers, twice, customers[7]], ["name", "is_vip", "lifetime_value"])
    assert len(queries) == 1  # one statement (PostgreSQL), one executemany (SQLite)
    stored = {pk: (name, vip, value) for pk, name, vip, value in Customer.objects.values_list("pk", "name", "is_vip", "lifetime_value")}
    expected = {c.pk: (f"renamed {i}", i % 2 == 0, Decimal(i) / 4) for i, c in enumerate(customers)}
    expected[customers[5].pk] = ("listed again", False, Decimal("9.50"))
    assert stored == expected
    assert account.pk is not None


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_search_rows_are_written_at_once_and_a_message_listed_twice_ends_as_last_listed(backend):
    from sellerdesk.search import backends

    account = ChannelAccount.objects.create(kind="email", name="Support")
    customer = Customer.objects.create(name="Anna", created_at=AT)
    conv = Conversation.objects.create(channel="email", account=account, customer=customer, created_at=AT, last_message_at=AT)
    msgs = Message.objects.bulk_create([Message(conversation=conv, account=account, direction="in", body_text=str(i), sent_at=AT, created_at=AT)
                                        for i in range(3)])
    backends.put_messages([(msgs[0].pk, conv.pk, ["parcel", "late"]), (msgs[1].pk, conv.pk, ["refund"]),
                           (msgs[0].pk, conv.pk, ["parcel", "broken"])])
    backends.put_conversations([(conv.pk, ["anna"]), (conv.pk, ["anna", "order", "1001"])])
    from django.db import connection

    def words(terms: str) -> list[str]:
        # PostgreSQL keeps 'word':position and the row's band term (~N); SQLite the words alone.
        return sorted(t.replace("'", "").split(":")[0] for t in terms.split() if not t.replace("'", "").startswith("~"))

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT message_id, conversation_id, terms::text FROM search_message ORDER BY 1")
            stored = [(m, c, words(t)) for m, c, t in cur.fetchall()]
            cur.execute("SELECT conversation_id, terms::text FROM search_conversation")
        else:
            cur.execute("SELECT rowid, conversation_id, terms FROM search_message ORDER BY 1")
            stored = [(m, c, words(t)) for m, c, t in cur.fetchall()]
            cur.execute("SELECT rowid, terms FROM search_conversation")
        names = [(c, words(t)) for c, t in cur.fetchall()]
    assert stored == [(msgs[0].pk, conv.pk, ["broken", "parcel"]), (msgs[1].pk, conv.pk, ["refund"])]
    assert names == [(conv.pk, ["1001", "anna", "order"])]
