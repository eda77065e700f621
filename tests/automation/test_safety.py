"""The safety rules no rule can switch off, the rate limits, the kill switch and idempotency."""

import datetime as dt

import pytest

from sellerdesk.automation import rules
from sellerdesk.automation.models import Fire, Scheduled
from sellerdesk.automation.sweep import sweep
from sellerdesk.conversations.actions import receive_message
from sellerdesk.conversations.models import Message
from sellerdesk.lib import clock

from tests.automation.conftest import NOON_EU, mail, order_with_tracking

ANSWER = {"actions": [{"type": "reply", "params": {"text": "Thank you for your message about order {{ order_number }}."}}],
          "fallback": [{"type": "tag", "params": {"name": "needs-person"}}]}


def _answer_all(**extra):
    return rules.create_rule(name="Answer everything", event="message.received", definition={**ANSWER, **extra}, enabled=True)


def _receive(shop, text, capture, n=1, at=NOON_EU, **kw):
    with clock.frozen(at), capture(execute=True):
        return receive_message(shop, mail(text, n=n, order="#1001", **kw))


@pytest.mark.parametrize("text, reason", [
    ("This is the worst shop ever, I am furious. Where is my order #1001?", "safety:cue:anger"),
    ("I want to speak to your manager about order #1001 now.", "safety:cue:manager"),
    ("My lawyer will contact you about order #1001.", "safety:cue:legal"),
])
def test_escalation_words_stop_the_auto_reply_and_hand_over(shop, django_capture_on_commit_callbacks, text, reason):
    with clock.frozen(NOON_EU):
        order_with_tracking()
        _answer_all()
    msg = _receive(shop, text, django_capture_on_commit_callbacks)
    fire = Fire.objects.get()
    assert fire.outcome == "blocked"
    assert any(r.startswith(reason) for r in fire.reasons), fire.reasons
    assert not Message.objects.filter(conversation=msg.conversation, direction="out").exists()
    assert list(msg.conversation.automation_tags.values_list("name", flat=True)) == ["needs-person"]


def test_tier1_vip_and_claims_stop_it(shop, django_capture_on_commit_callbacks):
    with clock.frozen(NOON_EU):
        order = order_with_tracking()
        order.customer.is_vip = True
        order.customer.save()
        _answer_all()
    _receive(shop, "Where is my order #1001? When will it arrive?", django_capture_on_commit_callbacks)
    assert "safety:vip" in Fire.objects.get().reasons


def test_low_confidence_stops_an_answer_to_a_message(shop, django_capture_on_commit_callbacks, settings):
    settings.AUTOMATION_MIN_CONFIDENCE = 1.01  # nothing is that sure
    with clock.frozen(NOON_EU):
        order_with_tracking()
        _answer_all()
    _receive(shop, "Where is my order #1001? When will it arrive?", django_capture_on_commit_callbacks)
    assert Fire.objects.get().reasons == ["safety:low_confidence"]


def test_compliance_blocks_the_send(shop, django_capture_on_commit_callbacks):
    with clock.frozen(NOON_EU):
        order_with_tracking()
        rules.create_rule(name="Bad", event="message.received", enabled=True, definition={
            "actions": [{"type": "reply", "params": {"text": "Please leave us a 5-star review and we will refund you 10 dollars."}}]})
    _receive(shop, "Where is my order #1001? When will it arrive?", django_capture_on_commit_callbacks, channel="amazon")
    fire = Fire.objects.get()
    assert fire.outcome == "blocked" and fire.reasons == ["compliance"]
    assert not Message.objects.filter(direction="out").exists()


def test_one_automated_message_per_conversation_a_day(shop, django_capture_on_commit_callbacks):
    with clock.frozen(NOON_EU):
        order_with_tracking()
        _answer_all()
    first = _receive(shop, "Where is my order #1001? When will it arrive?", django_capture_on_commit_callbacks)
    out = Message.objects.get(direction="out")
    _receive(shop, "Thanks. And where is order #1001 now, is it still on its way?", django_capture_on_commit_callbacks, n=2,
             at=NOON_EU + dt.timedelta(hours=5), reply_to=out.external_id)
    fires = list(Fire.objects.order_by("id").values_list("outcome", "reasons", "conversation"))
    assert fires == [("sent", [], first.conversation_id), ("blocked", ["rate:24h"], first.conversation_id)]


def test_never_two_to_a_buyer_within_ten_minutes(shop, django_capture_on_commit_callbacks):
    with clock.frozen(NOON_EU):
        order_with_tracking()
        _answer_all()
    _receive(shop, "Where is my order #1001? When will it arrive?", django_capture_on_commit_callbacks)
    _receive(shop, "Another question: where is my other parcel, when does it arrive?", django_capture_on_commit_callbacks, n=2,
             at=NOON_EU + dt.timedelta(minutes=5), subject="Second order")
    assert list(Fire.objects.order_by("id").values_list("outcome", "reasons")) == [("sent", []), ("blocked", ["rate:10min"])]


def test_the_kill_switch_stops_everything(shop, django_capture_on_commit_callbacks):
    with clock.frozen(NOON_EU):
        order_with_tracking()
        _answer_all()
        rules.set_switch(False)
    _receive(shop, "Where is my order #1001? When will it arrive?", django_capture_on_commit_callbacks)
    assert not Fire.objects.exists()
    assert not Message.objects.filter(direction="out").exists()


def test_quiet_hours_hold_the_send_for_the_buyers_morning(shop, django_capture_on_commit_callbacks):
    night_berlin = dt.datetime(2026, 11, 24, 22, 30, tzinfo=dt.timezone.utc)  # 23:30 in Berlin
    with clock.frozen(night_berlin):
        order_with_tracking()
        _answer_all()
    msg = _receive(shop, "Where is my order #1001? When will it arrive?", django_capture_on_commit_callbacks, at=night_berlin)
    fire = Fire.objects.get()
    assert (fire.outcome, fire.reasons) == ("deferred", ["quiet_hours"])
    row = Scheduled.objects.get()
    assert (row.kind, row.due_at) == ("quiet", dt.datetime(2026, 11, 25, 7, 0, tzinfo=dt.timezone.utc))  # 08:00 CET
    assert sweep(now=row.due_at - dt.timedelta(minutes=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(now=row.due_at) == 1
    fire.refresh_from_db()
    assert (fire.outcome, fire.sent_at) == ("sent", row.due_at)
    assert Message.objects.get(conversation=msg.conversation, direction="out").sent_at == row.due_at


def test_a_redelivered_order_event_never_sends_twice(shop, django_capture_on_commit_callbacks):
    from sellerdesk.channels.base import OrderUpdate
    from sellerdesk.orders.actions import apply_order_update

    with clock.frozen(NOON_EU):
        order = order_with_tracking(status="in_transit")
        with django_capture_on_commit_callbacks(execute=True):
            receive_message(shop, mail("Hi, thanks for the quick shipping of order #1001!", order="#1001"))
        rules.create_rule(name="Delivered", event="order.delivered", enabled=True, definition={
            "actions": [{"type": "reply", "params": {"text": "Your order {{ order_number }} was delivered. We hope you enjoy it."}}]})
    update = OrderUpdate(platform="shopify", number="#1001", tracking=[{"id": "f1", "status": "delivered"}])
    for hour in (13, 14):  # the platform sends the same event twice
        with clock.frozen(NOON_EU.replace(hour=hour)), django_capture_on_commit_callbacks(execute=True):
            apply_order_update(update)
    assert Fire.objects.count() == 1
    assert Message.objects.filter(direction="out", is_automated=True).count() == 1
    # Even an emit repeated by hand finds its fire.
    from sellerdesk.automation.events import dispatch

    assert dispatch("order.delivered", order_id=order.pk) == []
