"""Deadlines follow the conversation actions: opened by buyer messages, met by replies, paused, closed."""

import datetime as dt

import pytest
from django.db import transaction

from sellerdesk.channels.base import PlatformClaim
from sellerdesk.conversations import actions
from sellerdesk.conversations.models import Conversation, Event, Message
from sellerdesk.sla import engine
from sellerdesk.sla.models import Breach, Calendar, Deadline, Policy
from tests.sla.conftest import T0

H = dt.timedelta(hours=1)


def rows(conv):
    return list(
        Deadline.objects.filter(conversation=conv).order_by("id").values_list("policy__key", "state", "due_at", "met_at")
    )


def receive(account, msg):
    return actions.receive_message(account, msg).conversation


def test_buyer_message_opens_platform_and_internal_clocks(amazon_account, inbound, at):
    at(T0)
    conv = receive(amazon_account, inbound())
    assert conv.tier == 2
    # Amazon counts 24 calendar hours; the North America target is 2 h inside New York staffed hours.
    assert rows(conv) == [
        ("amazon-24h-first", "active", T0 + 24 * H, None),
        ("internal-first-na", "active", T0 + 2 * H, None),
    ]
    conv.refresh_from_db()
    assert (conv.next_deadline_at, conv.deadline_kind) == (T0 + 2 * H, "NA first response 2 h")
    event = Event.objects.get(conversation=conv, kind="message_received")
    assert event.data["deadline"] == "2026-11-23T16:00:00+00:00"


def test_internal_target_waits_for_staffed_hours(amazon_account, inbound, at):
    # Friday 2026-11-27 22:00Z = 17:00 in New York: one staffed hour left that day, the next on Monday.
    at(dt.datetime(2026, 11, 27, 22, tzinfo=dt.timezone.utc))
    conv = receive(amazon_account, inbound())
    assert Deadline.objects.get(conversation=conv, policy__key="internal-first-na").due_at == dt.datetime(2026, 11, 30, 15, tzinfo=dt.timezone.utc)


def test_later_buyer_messages_do_not_push_the_clock_back(amazon_account, inbound, at):
    at(T0)
    conv = receive(amazon_account, inbound())
    at(T0 + H)
    receive(amazon_account, inbound(body_text="Any news about the colours?"))
    assert Deadline.objects.filter(conversation=conv).count() == 2
    conv.refresh_from_db()
    assert conv.next_deadline_at == T0 + 2 * H


def test_reply_meets_response_clocks_and_next_buyer_message_opens_next_response(amazon_account, inbound, agent, at):
    at(T0)
    conv = receive(amazon_account, inbound())
    at(T0 + 30 * dt.timedelta(minutes=1))
    actions.send_reply(conv, agent, "We have it in red and blue.")
    conv.refresh_from_db()
    assert (conv.status, conv.next_deadline_at, conv.deadline_kind) == ("pending", None, "")
    met = T0 + 30 * dt.timedelta(minutes=1)
    assert rows(conv) == [
        ("amazon-24h-first", "met", T0 + 24 * H, met),
        ("internal-first-na", "met", T0 + 2 * H, met),
    ]
    at(T0 + 3 * H)
    receive(amazon_account, inbound(body_text="Great, is the red one in stock?"))
    conv.refresh_from_db()
    assert rows(conv)[2:] == [
        ("amazon-24h-next", "active", T0 + 27 * H, None),
        ("internal-next-default", "active", T0 + 27 * H, None),
    ]
    assert (conv.status, conv.next_deadline_at, conv.deadline_kind) == ("open", T0 + 27 * H, "Amazon 24 h")


def test_automated_reply_does_not_count_on_amazon(amazon_account, inbound, at):
    at(T0)
    conv = receive(amazon_account, inbound())
    with transaction.atomic():
        auto = Message.objects.create(
            conversation=conv, account=amazon_account, direction="out", body_text="We received your message.",
            is_automated=True, sent_at=T0 + H, created_at=T0 + H,
        )
        engine.on_reply(conv, auto, now=T0 + H)
        conv.save()
    # The internal target accepts an acknowledgement; Amazon does not.
    assert rows(conv) == [
        ("amazon-24h-first", "active", T0 + 24 * H, None),
        ("internal-first-na", "met", T0 + 2 * H, T0 + H),
    ]
    conv.refresh_from_db()
    assert (conv.next_deadline_at, conv.deadline_kind) == (T0 + 24 * H, "Amazon 24 h")


def test_late_reply_is_a_breach_even_before_the_sweep_runs(amazon_account, inbound, agent, at):
    at(T0)
    conv = receive(amazon_account, inbound())
    at(T0 + 3 * H)
    actions.send_reply(conv, agent, "Sorry for the wait: red and blue.")
    assert rows(conv) == [
        ("amazon-24h-first", "met", T0 + 24 * H, T0 + 3 * H),
        ("internal-first-na", "breached", T0 + 2 * H, T0 + 3 * H),
    ]
    breach = Breach.objects.get()
    assert (breach.kind, breach.due_at, breach.breached_at, breach.agent) == ("NA first response 2 h", T0 + 2 * H, T0 + 3 * H, agent)
    assert list(Event.objects.filter(conversation=conv).values_list("kind", flat=True).order_by("id"))[-2:] == ["sla_breached", "reply_sent"]


def test_claim_respond_by_comes_from_the_claim(amazon_account, inbound, at):
    at(T0)
    claim = PlatformClaim(kind="atoz", external_id="AZ-1", order_number="111-1", respond_by=T0 + 72 * H)
    conv = receive(amazon_account, inbound(claim=claim, order_number="111-1", order_platform="amazon"))
    row = Deadline.objects.get(conversation=conv, policy__key="atoz-respond-by")
    assert (row.kind, row.due_at, row.warn_at, row.claim.external_id) == ("A-to-z respond-by", T0 + 72 * H, T0 + 36 * H, "AZ-1")
    # The same claim again opens nothing new.
    at(T0 + H)
    receive(amazon_account, inbound(claim=claim, order_number="111-1", order_platform="amazon"))
    assert Deadline.objects.filter(conversation=conv, policy__key="atoz-respond-by").count() == 1


def test_resolution_clock_pauses_while_waiting_on_the_buyer(amazon_account, inbound, agent, at):
    Policy.objects.create(
        key="resolve-8h", name="Resolve within 8 h", label="Resolve 8 h", group="resolution", metric="resolution",
        target_minutes=480, calendar=Calendar.objects.get(key="always"),
    )
    at(T0)
    conv = receive(amazon_account, inbound())
    at(T0 + 2 * H)
    actions.send_reply(conv, agent, "Which colour would you like?")
    row = Deadline.objects.get(conversation=conv, policy__key="resolve-8h")
    assert (row.state, row.remaining_minutes, row.paused_at) == ("paused", 360.0, T0 + 2 * H)
    conv.refresh_from_db()
    assert conv.next_deadline_at is None  # a paused clock is not shown as a deadline
    # Eight hours later the buyer answers: six hours were left, the warning (at 75 %) comes after four.
    at(T0 + 10 * H)
    receive(amazon_account, inbound(body_text="Red please."))
    row.refresh_from_db()
    assert (row.state, row.due_at, row.warn_at, row.remaining_minutes) == ("active", T0 + 16 * H, T0 + 14 * H, None)
    at(T0 + 11 * H)
    actions.send_reply(conv, agent, "Done, red it is.", resolve=True)
    row.refresh_from_db()
    assert (row.state, row.met_at, row.closed_at) == ("met", T0 + 11 * H, T0 + 11 * H)


def test_resolve_without_reply_closes_every_clock(amazon_account, inbound, agent, at):
    at(T0)
    conv = receive(amazon_account, inbound())
    at(T0 + H)
    actions.resolve(conv, agent)
    assert [r[:2] for r in rows(conv)] == [("amazon-24h-first", "cancelled"), ("internal-first-na", "cancelled")]
    conv.refresh_from_db()
    assert (conv.next_deadline_at, conv.deadline_kind) == (None, "")


def test_reply_window_follows_the_latest_buyer_message_and_stays_out_of_the_sla(inbound, at, db):
    from sellerdesk.channels.models import ChannelAccount

    account = ChannelAccount.objects.create(kind="email", name="WhatsApp", address="+15550001111")
    at(T0)
    conv = receive(account, inbound(channel="whatsapp", marketplace="", sender="+15551234567", thread="wa-1"))
    at(T0 + 5 * H)
    receive(account, inbound(channel="whatsapp", marketplace="", sender="+15551234567", thread="wa-1", body_text="Hello?"))
    window = Deadline.objects.get(conversation=conv, metric="reply_window")
    assert (window.kind, window.starts_at, window.due_at, window.state) == ("Reply window 24 h", T0 + 5 * H, T0 + 29 * H, "active")
    conv.refresh_from_db()
    assert (conv.next_deadline_at, conv.deadline_kind) == (T0 + 24 * H, "First response 24 h")


def test_raised_tier_brings_a_stricter_target_forward(amazon_account, inbound, at):
    at(T0)
    conv = receive(amazon_account, inbound(marketplace="JP", sender="jp@marketplace.amazon.com"))
    assert conv.next_deadline_at == T0 + 24 * H
    at(T0 + 10 * dt.timedelta(minutes=1))
    with transaction.atomic():
        conv.tier = 1
        engine.on_priority_change(conv, now=T0 + 10 * dt.timedelta(minutes=1))
        conv.save()
    assert [r[:3] for r in rows(conv)] == [
        ("amazon-24h-first", "active", T0 + 24 * H),
        ("internal-first-default", "cancelled", T0 + 24 * H),
        ("internal-urgent-1h", "active", T0 + H),
    ]
    conv.refresh_from_db()
    assert (conv.next_deadline_at, conv.deadline_kind) == (T0 + H, "Urgent 1 h")


def test_deadlines_for_the_conversation_page(amazon_account, inbound, at):
    at(T0)
    conv = receive(amazon_account, inbound())
    assert engine.deadlines_for(conv, T0 + 3 * H) == [
        {"label": "NA first response 2 h", "metric": "first_response", "state": "active", "due_at": T0 + 2 * H,
         "seconds_left": -3600, "paused_minutes_left": None},
        {"label": "Amazon 24 h", "metric": "first_response", "state": "active", "due_at": T0 + 24 * H,
         "seconds_left": 21 * 3600, "paused_minutes_left": None},
    ]
