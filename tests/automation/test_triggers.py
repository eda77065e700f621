"""Every event reaches the rules from the action that causes it, after the commit."""

import datetime as dt

import pytest

from sellerdesk.automation import rules
from sellerdesk.automation.events import emit
from sellerdesk.automation.models import Fire, Scheduled
from sellerdesk.automation.sweep import sweep
from sellerdesk.automation.triggers import EVENTS
from sellerdesk.channels.base import OrderUpdate, PlatformClaim
from sellerdesk.conversations import actions
from sellerdesk.conversations.actions import receive_message
from sellerdesk.conversations.models import Message
from sellerdesk.lib import clock
from sellerdesk.orders.actions import apply_order_update

from tests.automation.conftest import NOON_EU, mail, order_with_tracking


def _tag_on_every_event():
    for name in EVENTS:
        rules.create_rule(name=f"on {name}", event=name, enabled=True,
                          definition={"actions": [{"type": "tag", "params": {"name": name.replace(".", "-")}}]})


def _fired() -> list[str]:
    return sorted(Fire.objects.values_list("event", flat=True))


@pytest.fixture
def conversation(shop, django_capture_on_commit_callbacks):
    with clock.frozen(NOON_EU):
        order_with_tracking()
        with django_capture_on_commit_callbacks(execute=True):
            return receive_message(shop, mail("Where is my order #1001?", order="#1001")).conversation


def test_message_received_and_conversation_events(shop, agent, django_capture_on_commit_callbacks):
    with clock.frozen(NOON_EU):
        _tag_on_every_event()
        order_with_tracking()
        with django_capture_on_commit_callbacks(execute=True):
            conv = receive_message(shop, mail("Where is my order #1001?", order="#1001")).conversation
        assert _fired() == ["conversation.assigned", "message.received"]  # routing assigned it in the intake
        with django_capture_on_commit_callbacks(execute=True):
            actions.assign(conv, agent, agent)
            actions.send_reply(conv, agent, "It is on its way.")
            actions.resolve(conv, agent)
            actions.reopen(conv, agent)
    assert _fired() == sorted(["message.received", "conversation.assigned", "conversation.assigned", "reply.sent", "conversation.resolved",
                               "conversation.reopened"])
    assert sorted(conv.automation_tags.values_list("name", flat=True)) == sorted(
        ["message-received", "conversation-assigned", "reply-sent", "conversation-resolved", "conversation-reopened"])


def test_order_events(conversation, django_capture_on_commit_callbacks):
    with clock.frozen(NOON_EU):
        _tag_on_every_event()
        with django_capture_on_commit_callbacks(execute=True):
            apply_order_update(OrderUpdate(platform="shopify", number="#2002", status="paid"))
            apply_order_update(OrderUpdate(platform="shopify", number="#2002", tracking=[{"id": "t", "number": "1Z999", "status": "in_transit"}]))
            apply_order_update(OrderUpdate(platform="shopify", number="#1001", tracking=[{"id": "f1", "status": "exception"}]))
            apply_order_update(OrderUpdate(platform="shopify", number="#1001", tracking=[{"id": "f1", "status": "delivered"}]))
            apply_order_update(OrderUpdate(platform="shopify", number="#1001", refunds=[{"id": "r1", "amount": "5"}]))
            apply_order_update(OrderUpdate(platform="shopify", number="#1001", returns=[{"id": "ret1", "status": "requested"}]))
    assert _fired() == sorted(["order.created", "order.shipped", "order.tracking_exception", "order.delivered", "order.refunded",
                               "return.requested"])
    # Events of the order with a conversation act on it; the new order has none.
    assert sorted(conversation.automation_tags.values_list("name", flat=True)) == sorted(
        ["order-tracking_exception", "order-delivered", "order-refunded", "return-requested"])


def test_claim_opened_from_the_intake(conversation, django_capture_on_commit_callbacks):
    from sellerdesk.channels.base import InboundMessage

    with clock.frozen(NOON_EU):
        _tag_on_every_event()
        notice = InboundMessage(external_id="<atoz-1@amazon.example>", channel="email", sender="atoz@amazon.example",
                                subject="A-to-z claim", body_text="A claim was filed.", order_number="#1001", order_platform="shopify",
                                claim=PlatformClaim(kind="atoz", external_id="C-1"), in_reply_to="<buyer-1@example.de>")
        with django_capture_on_commit_callbacks(execute=True):
            receive_message(conversation.account, notice)
    assert "claim.opened" in _fired()


def test_sla_warning_and_breach_from_the_sweep(conversation, django_capture_on_commit_callbacks):
    from sellerdesk.sla.sweep import sweep_all

    with clock.frozen(NOON_EU):
        _tag_on_every_event()
    conversation.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        sweep_all(now=conversation.next_deadline_at - dt.timedelta(minutes=1))
        sweep_all(now=conversation.next_deadline_at + dt.timedelta(minutes=1))
    assert _fired() == ["sla.breach", "sla.warning"]


def test_csat_answered_is_emitted_by_the_csat_feature(conversation, django_capture_on_commit_callbacks):
    with clock.frozen(NOON_EU):
        rules.create_rule(name="Low score", event="csat.answered", enabled=True, definition={
            "conditions": [{"type": "csat_rating", "params": {"max": 2}}],
            "actions": [{"type": "escalate", "params": {"reason": "low CSAT"}}]})
        with django_capture_on_commit_callbacks(execute=True):
            emit("csat.answered", conversation=conversation, survey_id=9, rating=1)
            emit("csat.answered", conversation=conversation, survey_id=10, rating=5)
    conversation.refresh_from_db()
    assert (conversation.tier, Fire.objects.get().event) == (1, "csat.answered")


def test_an_unknown_event_is_refused():
    with pytest.raises(ValueError, match="unknown automation event 'order.lost'"):
        emit("order.lost")


def test_delivered_two_days_ago_and_no_message_since(conversation, django_capture_on_commit_callbacks):
    with clock.frozen(NOON_EU):
        rules.create_rule(name="Delivery check", event="order.delivered", enabled=True, definition={
            "trigger": {"delay_minutes": 2 * 24 * 60, "cancel_on": ["message.received"]},
            "conditions": [{"type": "no_buyer_message_since_event"}],
            "actions": [{"type": "reply", "params": {"text": "Your order {{ order_number }} has arrived. We hope all is well."}}]})
        with django_capture_on_commit_callbacks(execute=True):
            apply_order_update(OrderUpdate(platform="shopify", number="#1001", tracking=[{"id": "f1", "status": "delivered"}]))
    row = Scheduled.objects.get()
    assert (row.state, row.due_at) == ("waiting", NOON_EU + dt.timedelta(days=2))
    assert sweep(now=NOON_EU + dt.timedelta(days=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(now=NOON_EU + dt.timedelta(days=2)) == 1
    assert Fire.objects.get().outcome == "sent"
    assert Message.objects.filter(direction="out", is_automated=True).count() == 1


def test_a_buyer_message_cancels_the_waiting_run(conversation, django_capture_on_commit_callbacks):
    with clock.frozen(NOON_EU):
        rules.create_rule(name="Delivery check", event="order.delivered", enabled=True, definition={
            "trigger": {"delay_minutes": 2 * 24 * 60, "cancel_on": ["message.received"]},
            "actions": [{"type": "reply", "params": {"text": "Your order {{ order_number }} has arrived."}}]})
        with django_capture_on_commit_callbacks(execute=True):
            apply_order_update(OrderUpdate(platform="shopify", number="#1001", tracking=[{"id": "f1", "status": "delivered"}]))
    with clock.frozen(NOON_EU + dt.timedelta(hours=20)), django_capture_on_commit_callbacks(execute=True):
        receive_message(conversation.account, mail("The box was empty!", n=2, order="#1001", reply_to="<buyer-1@example.de>"))
    assert Scheduled.objects.get().state == "cancelled"
    assert sweep(now=NOON_EU + dt.timedelta(days=3)) == 0
    assert not Fire.objects.exists()


def test_no_reply_three_days_after_our_answer(conversation, agent, django_capture_on_commit_callbacks):
    with clock.frozen(NOON_EU):
        rules.create_rule(name="Follow up", event="reply.sent", enabled=True, definition={
            "trigger": {"delay_minutes": 3 * 24 * 60, "cancel_on": ["message.received"]},
            "conditions": [{"type": "no_buyer_message_since_event"}],
            "actions": [{"type": "tag", "params": {"name": "no-reply"}}, {"type": "resolve"}]})
        with django_capture_on_commit_callbacks(execute=True):
            actions.send_reply(conversation, agent, "It is on its way.")
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(now=NOON_EU + dt.timedelta(days=3)) == 1
    conversation.refresh_from_db()
    assert conversation.status == "resolved"
    assert list(conversation.automation_tags.values_list("name", flat=True)) == ["no-reply"]
