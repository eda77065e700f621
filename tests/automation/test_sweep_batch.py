"""The time-trigger sweep reads a batch's conversations at once and costs what is due."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sellerdesk.automation import rules
from sellerdesk.automation.context import Context, Known
from sellerdesk.automation.models import Fire, Scheduled
from sellerdesk.automation.sweep import sweep
from sellerdesk.conversations import actions
from sellerdesk.conversations.actions import receive_message
from sellerdesk.conversations.models import Event, Message
from sellerdesk.customers.models import Identity
from sellerdesk.lib import clock

from tests.automation.conftest import NOON_EU, mail

LATER = NOON_EU + dt.timedelta(days=3)


def _conversations(shop, agent, n: int, django_capture_on_commit_callbacks, first: int = 0) -> list:
    """n buyers, each with a message, our answer, and a phone number."""
    convs = []
    with clock.frozen(NOON_EU):
        for i in range(first, first + n):
            with django_capture_on_commit_callbacks(execute=True):
                conv = receive_message(shop, mail(f"Hello, question number {i}", n=i, sender=f"buyer{i}@example.de")).conversation
            Identity.objects.create(customer=conv.customer, kind="phone", value=f"+4915112345{i:03d}")
            with django_capture_on_commit_callbacks(execute=True):
                actions.send_reply(conv, agent, f"Answer {i}")
            convs.append(conv)
    return convs


def test_context_read_for_a_batch_is_the_context_read_alone(shop, agent, django_capture_on_commit_callbacks):
    convs = _conversations(shop, agent, 3, django_capture_on_commit_callbacks)
    second = Message.objects.filter(conversation=convs[1], direction="in").get()
    known = Known.read(convs, {second.pk})
    for conv in convs:
        for data in ({}, {"message_id": second.pk}):
            alone = Context.for_event("reply.sent", conversation=conv, data=data, now=LATER)
            batch = Context.for_event("reply.sent", conversation=conv, data=data, now=LATER, known=known)
            assert (batch.text, batch.language, batch.phone, batch.last_outbound_at, batch.last_inbound_at) == (
                alone.text, alone.language, alone.phone, alone.last_outbound_at, alone.last_inbound_at)
    assert Context.for_event("reply.sent", conversation=convs[2], now=LATER, known=known).phone == "+4915112345002"
    assert Context.for_event("reply.sent", conversation=convs[0], now=LATER, known=known).text == "Hello, question number 0"


def _follow_up_rule():
    with clock.frozen(NOON_EU):
        return rules.create_rule(name="Follow up", event="reply.sent", enabled=True, definition={
            "trigger": {"delay_minutes": 2 * 24 * 60, "cancel_on": ["message.received"]},
            "conditions": [{"type": "no_buyer_message_since_event"}, {"type": "text_contains", "params": {"words": ["question"]}}],
            "actions": [{"type": "tag", "params": {"name": "follow-up"}}]})


def test_a_sweep_costs_the_same_queries_for_two_or_six_due_conversations(shop, agent, django_capture_on_commit_callbacks):
    _follow_up_rule()
    _conversations(shop, agent, 2, django_capture_on_commit_callbacks)
    assert Scheduled.objects.filter(state="waiting").count() == 2
    with CaptureQueriesContext(connection) as two:
        assert sweep(now=LATER) == 2
    _conversations(shop, agent, 6, django_capture_on_commit_callbacks, first=10)
    with CaptureQueriesContext(connection) as six:
        assert sweep(now=LATER) == 6
    # What is read, the fires and their events cost the same for any batch; per due row there is
    # only the tag action's own work: get_or_create (SELECT, SAVEPOINT, INSERT, RELEASE) and its event.
    per_row = 5
    assert len(six.captured_queries) - len(two.captured_queries) == 4 * per_row
    assert Fire.objects.filter(outcome="done").count() == 8
    assert Event.objects.filter(kind="automation_fired").count() == 8
    assert sorted(set(Fire.objects.values_list("key", flat=True)))[0].endswith(":due")


def test_the_sweep_reads_due_rows_through_the_index_of_waiting_rows(db):
    """The claim finds its rows in the partial index that holds only waiting rows (marking a row
    done takes it out), and cancelling a conversation's or an order's rows uses the foreign keys'."""
    from django.db.models import Q

    due = Scheduled.objects.filter(state=Scheduled.State.WAITING, due_at__lte=LATER).order_by("due_at").values_list("pk")[:200]
    cancel = Scheduled.objects.filter(Q(conversation_id=1) | Q(order_id=2), state=Scheduled.State.WAITING)
    if connection.vendor == "sqlite":
        assert "USING INDEX automation_waiting_due" in due.explain()
        plan = cancel.explain()
        assert "automation_scheduled_conversation_id" in plan and "automation_scheduled_order_id" in plan
    index = {i.name: i for i in Scheduled._meta.indexes}["automation_waiting_due"]
    assert index.fields == ["due_at"] and index.condition == Q(state="waiting")
