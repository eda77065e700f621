"""New messages and transcript lines wake the live feeds' watchers at commit on PostgreSQL
(sellerdesk/lib/newrows.py: a statement trigger per table, LISTEN/NOTIFY); SQLite keeps polling."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.webchat.models import ChatEvent, ChatVisitor
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Customer
from sellerdesk.lib import newrows
from tests.backends.conftest import POSTGRESQL_DB

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
WAIT = 30  # seconds: a generous bound for a notification on a loaded machine, not a measure


def _message(conv: Conversation, n: int) -> Message:
    return Message(conversation=conv, account=conv.account, direction="in", sender="buyer@example.com",
                   body_text=f"Where is my parcel? ({n})", external_id=f"m-{n}", sent_at=T0, created_at=T0)


@pytest.mark.parametrize("backend", [POSTGRESQL_DB], indirect=True)
def test_a_commit_wakes_the_watchers_of_its_table_and_a_rollback_wakes_nobody(backend, monkeypatch):
    monkeypatch.setattr(newrows, "CHECK_SECONDS", 0.2)  # the listener notices quickly that nobody listens any more
    account = ChannelAccount.objects.create(kind="webchat", name="Shop chat", config={"domains": ["shop.example"]})
    buyer = Customer.objects.create(name="Buyer", created_at=T0)
    conv = Conversation.objects.create(channel="webchat", account=account, customer=buyer, subject="Chat", last_message_at=T0,
                                       created_at=T0)
    visitor = ChatVisitor.objects.create(account=account, key="k" * 32, created_at=T0, last_seen_at=T0)

    listener = newrows.Listener()
    messages, lines = listener.subscribe("conversations_message"), listener.subscribe("webchat_chatevent")
    thread = listener.thread
    assert listener.connected.wait(WAIT)
    assert messages.wait(WAIT) and lines.wait(WAIT)  # woken once on connecting: read what came before
    messages.clear()
    lines.clear()

    Message.objects.bulk_create([_message(conv, 1), _message(conv, 2)])  # as the intake writes them
    assert messages.wait(WAIT)
    assert not lines.is_set()
    assert listener.wait(messages, poll=0) is True  # a watcher's wait: returns at once, the event taken
    assert not messages.is_set()

    with pytest.raises(RuntimeError), transaction.atomic():
        Message.objects.bulk_create([_message(conv, 3)])
        raise RuntimeError("rolled back")
    ChatEvent.objects.create(visitor=visitor, kind="visitor", text="Hello?", created_at=T0)
    assert lines.wait(WAIT)  # notifications come in commit order: the rollback's would have come first
    assert not messages.is_set()

    listener.unsubscribe("conversations_message", messages)
    listener.unsubscribe("webchat_chatevent", lines)
    thread.join(WAIT)
    assert not thread.is_alive() and listener.thread is None
    assert not listener.connected.is_set()


def test_on_sqlite_nothing_listens_and_a_watcher_polls(db):
    listener = newrows.Listener()
    event = listener.subscribe("conversations_message")
    assert listener.thread is None
    assert listener.wait(event, poll=0.01) is False
    listener.unsubscribe("conversations_message", event)
    assert listener.events == {}


@pytest.mark.parametrize("backend", [POSTGRESQL_DB], indirect=True)
def test_switched_off_nothing_listens_on_postgresql_either(backend, settings):
    settings.LIVE_NOTIFY = False  # behind a pooler in transaction mode
    listener = newrows.Listener()
    event = listener.subscribe("conversations_message")
    assert listener.thread is None
    assert listener.wait(event, poll=0.01) is False
    listener.unsubscribe("conversations_message", event)
