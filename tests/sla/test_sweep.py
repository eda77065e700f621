"""The sweep: warnings then breaches, each exactly once, escalations, and a query count that does
not depend on how many deadlines are not yet due."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sellerdesk.conversations import actions
from sellerdesk.conversations.models import Conversation, Event
from sellerdesk.customers.models import Customer
from sellerdesk.sla.models import Breach, Calendar, Deadline, Policy
from sellerdesk.sla.sweep import SweepResult, sweep, sweep_all
from sellerdesk.sla.tasks import sweep_deadlines
from tests.sla.conftest import T0

H = dt.timedelta(hours=1)
MIN = dt.timedelta(minutes=1)


def sla_events(conv):
    return list(
        Event.objects.filter(conversation=conv, kind__startswith="sla_").order_by("id").values_list("kind", "data", "created_at")
    )


def test_sweep_warns_then_breaches_exactly_once(amazon_account, inbound, agent, at, db):
    call_command("createagent", "boss", password="boss-password", role="supervisor", verbosity=0)
    boss = get_user_model().objects.get(username="boss")
    at(T0)
    conv = actions.receive_message(amazon_account, inbound()).conversation
    na = Deadline.objects.get(conversation=conv, policy__key="internal-first-na")
    amazon = Deadline.objects.get(conversation=conv, policy__key="amazon-24h-first")
    assert (na.warn_at, amazon.warn_at) == (T0 + 90 * MIN, T0 + 18 * H)

    assert sweep(T0 + 89 * MIN) == SweepResult()
    assert sweep(T0 + 90 * MIN) == SweepResult(warned=1)
    assert sweep(T0 + 90 * MIN) == SweepResult()  # run twice: nothing more
    assert sweep(T0 + 2 * H) == SweepResult(breached=1)
    assert sweep(T0 + 2 * H) == SweepResult()
    assert sweep(T0 + 18 * H) == SweepResult(warned=1)
    assert sweep(T0 + 24 * H) == SweepResult(breached=1)
    assert sweep(T0 + 25 * H) == SweepResult()

    na_data = {"deadline": na.pk, "label": "NA first response 2 h"}
    az_data = {"deadline": amazon.pk, "label": "Amazon 24 h"}
    assert sla_events(conv) == [
        ("sla_warning", {**na_data, "due_at": "2026-11-23T16:00:00+00:00", "minutes_left": 30}, T0 + 90 * MIN),
        ("sla_escalated", {"action": "notify_supervisor", **na_data, "supervisors": [boss.pk], "stage": "warn"}, T0 + 90 * MIN),
        ("sla_breached", {**na_data, "policy": na.policy_id, "metric": "first_response", "due_at": "2026-11-23T16:00:00+00:00"}, T0 + 2 * H),
        ("sla_warning", {**az_data, "due_at": "2026-11-24T14:00:00+00:00", "minutes_left": 360}, T0 + 18 * H),
        ("sla_escalated", {"action": "notify_supervisor", **az_data, "supervisors": [boss.pk], "stage": "warn"}, T0 + 18 * H),
        ("sla_breached", {**az_data, "policy": amazon.policy_id, "metric": "first_response", "due_at": "2026-11-24T14:00:00+00:00"}, T0 + 24 * H),
        ("sla_escalated", {"action": "raise_tier", **az_data, "tier": 1}, T0 + 24 * H),
    ]
    assert list(Breach.objects.order_by("id").values_list("deadline", "kind", "due_at", "breached_at", "agent")) == [
        (na.pk, "NA first response 2 h", T0 + 2 * H, T0 + 2 * H, agent.pk),
        (amazon.pk, "Amazon 24 h", T0 + 24 * H, T0 + 24 * H, agent.pk),
    ]
    conv.refresh_from_db()
    # Still owed: the inbox shows it overdue until someone replies.
    assert (conv.tier, conv.next_deadline_at, conv.deadline_kind) == (1, T0 + 2 * H, "NA first response 2 h")
    at(T0 + 26 * H)
    actions.send_reply(conv, agent, "Sorry for the delay.")
    assert Breach.objects.count() == 2  # a late reply after the sweep adds no second breach
    assert list(Deadline.objects.filter(conversation=conv).values_list("state", "met_at").order_by("id")) == [
        ("breached", T0 + 26 * H), ("breached", T0 + 26 * H)
    ]


def test_a_reply_before_the_warning_leaves_nothing_to_sweep(amazon_account, inbound, agent, at):
    at(T0)
    conv = actions.receive_message(amazon_account, inbound()).conversation
    at(T0 + H)
    actions.send_reply(conv, agent, "Red and blue.")
    assert sweep_all(T0 + 30 * H) == SweepResult()
    assert sla_events(conv) == []


def test_reassign_on_breach_and_reply_window_expiry(inbound, agent, at, db):
    from sellerdesk.channels.models import ChannelAccount

    call_command("createagent", "senior", password="senior-password", senior=True, verbosity=0)
    account = ChannelAccount.objects.create(kind="email", name="WhatsApp", address="+15550001111")
    at(T0)
    conv = actions.receive_message(
        account, inbound(channel="whatsapp", marketplace="", sender="+15551234567", thread="wa-1",
                         body_text="My parcel arrived broken, the glass is shattered!")
    ).conversation
    senior = conv.assignee
    assert (conv.tier, senior.username) == (1, "senior")
    urgent = Deadline.objects.get(conversation=conv, policy__key="internal-urgent-1h")
    window = Deadline.objects.get(conversation=conv, metric="reply_window")
    assert sweep_all(T0 + H) == SweepResult(breached=1)
    conv.refresh_from_db()
    assert conv.assignee == agent
    assert sla_events(conv)[-1] == (
        "sla_escalated",
        {"action": "reassign", "deadline": urgent.pk, "label": "Urgent 1 h", "assignee": agent.pk, "previous": senior.pk},
        T0 + H,
    )
    assert sweep_all(T0 + 24 * H) == SweepResult(expired=1)  # overdue before its warning ran: closes at once
    window.refresh_from_db()
    assert (window.state, window.closed_at) == ("expired", T0 + 24 * H)
    assert Event.objects.filter(conversation=conv, kind="reply_window_closed").count() == 1
    assert not Breach.objects.filter(deadline=window).exists()


def _bulk_deadlines(account, policy, n, due):
    """n conversations, each with one open deadline due at `due` (warning an hour before)."""
    customer = Customer.objects.create(name="Buyer", created_at=T0)
    convs = Conversation.objects.bulk_create(
        Conversation(channel="email", account=account, customer=customer, created_at=T0, last_message_at=T0) for _ in range(n)
    )
    Deadline.objects.bulk_create(
        Deadline(conversation=conv, policy=policy, metric=policy.metric, kind=policy.label, starts_at=T0,
                 due_at=due, warn_at=due - H, created_at=T0)
        for conv in convs
    )


def _queries_for_one_sweep(now):
    with CaptureQueriesContext(connection) as ctx:
        result = sweep(now)
    return result, len(ctx.captured_queries)


def test_sweep_queries_do_not_grow_with_deadlines_not_due(email_account, db, django_assert_max_num_queries):
    policy = Policy.objects.get(key="amazon-24h-first")
    _bulk_deadlines(email_account, policy, 5, T0)  # due: breach
    _bulk_deadlines(email_account, policy, 5, T0 + 30 * dt.timedelta(minutes=1))  # in the warning share
    _bulk_deadlines(email_account, policy, 50, T0 + 48 * H)
    with django_assert_max_num_queries(26):  # 16, and the alerts of each batch (alerts/raising.py)
        assert sweep(T0) == SweepResult(breached=5, warned=5)
    small = _queries_for_one_sweep(T0 + H)

    Deadline.objects.update(state="active", warned_at=None)
    Breach.objects.all().delete()
    _bulk_deadlines(email_account, policy, 5000, T0 + 48 * H)
    with django_assert_max_num_queries(26):  # 16, and the alerts of each batch (alerts/raising.py)
        assert sweep(T0) == SweepResult(breached=5, warned=5)
    assert _queries_for_one_sweep(T0 + H) == small


def test_sweep_works_in_bounded_batches(email_account, db):
    _bulk_deadlines(email_account, Policy.objects.get(key="internal-next-default"), 25, T0)
    assert sweep(T0, batch=10) == SweepResult(breached=10)
    assert sweep_all(T0, batch=10) == SweepResult(breached=15)
    assert Breach.objects.count() == 25


def test_the_periodic_task_sweeps(email_account, db, at, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    _bulk_deadlines(email_account, Policy.objects.get(key="internal-next-default"), 3, T0)
    at(T0)
    assert sweep_deadlines.enqueue().return_value == {"warned": 0, "breached": 3, "expired": 0}


def test_a_batch_of_breaches_reads_the_automation_rules_once_not_per_deadline(email_account, db, django_capture_on_commit_callbacks):
    """The batch's automation events (sla.breach, sla.warning) are dispatched after the commit; with a
    rule enabled (on another event) each used to read the rules again: two queries per due row."""
    from sellerdesk.automation.rules import create_rule

    create_rule(name="Tag delivered", event="order.delivered", enabled=True,
                definition={"actions": [{"type": "tag", "params": {"name": "delivered"}}]})
    policy = Policy.objects.get(key="internal-next-default")

    def queries_for(n: int, due: dt.datetime) -> int:
        _bulk_deadlines(email_account, policy, n, due)
        with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=True):
            assert sweep(due) == SweepResult(breached=n)
        return len(ctx.captured_queries)

    queries_for(1, T0 - H)  # the first read of the rules also compiles them
    assert queries_for(3, T0) == queries_for(30, T0 + H)
