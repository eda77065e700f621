"""assert_sendable on stored conversations, and the send action refusing a blocked reply."""

import datetime as dt

import pytest

from sellerdesk.conversations import actions
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Event, Message
from sellerdesk.replies.compliance import ComplianceBlocked, assert_sendable, context_for

FEEDBACK_ASK = "If you have a moment, please leave a review of your purchase."


def outbound(conv, text, status=Message.Delivery.SENT):
    return Message.objects.create(
        conversation=conv, account=conv.account, direction=Message.Direction.OUTBOUND, body_text=text,
        delivery_status=status, sent_at=conv.created_at, created_at=conv.created_at,
    )


def test_context_comes_from_the_conversation(make_amazon_conv, now):
    conv = make_amazon_conv()
    ctx = context_for(conv, automated=True, attachments=[("a.pdf", "application/pdf")])
    assert (ctx.marketplace, ctx.buyer_country, ctx.last_inbound_at, ctx.now, ctx.automated) == (
        "DE", "DE", now - dt.timedelta(hours=2), now, True,
    )
    assert (ctx.attachments, ctx.order_number, ctx.feedback_already_requested) == (
        (("a.pdf", "application/pdf"),), "302-1234567-1234567", False,
    )


def test_blocked_text_raises_an_action_error_with_the_reasons(make_amazon_conv):
    conv = make_amazon_conv()
    with pytest.raises(ComplianceBlocked) as exc:
        assert_sendable(conv, "Bitte ändern Sie Ihre Bewertung. Fragen? Telefon +49 30 1234567")
    assert isinstance(exc.value, actions.ActionError)
    assert exc.value.verdict.rule_ids == [
        "amazon.no_review_change_request",
        "marketplace.no_contact_details",
    ]
    assert str(exc.value) == (
        "Not sent: request to change a review “ändern Sie Ihre Bewertung” is not allowed on Amazon; "
        "phone number “+49 30 1234567” is not allowed on Amazon: buyers are contacted only through Amazon messaging."
    )


def test_warnings_and_clean_texts_are_returned(make_amazon_conv):
    conv = make_amazon_conv()
    assert assert_sendable(conv, "Vielen Dank für Ihren Einkauf!").status == "warned"
    assert assert_sendable(conv, "Ihr Ersatz wird morgen mit DHL verschickt.").status == "clean"


def test_automated_send_in_the_buyers_night_is_blocked(make_amazon_conv, now):
    conv = make_amazon_conv()  # buyer in DE: 13:00 local at the fixture's now
    assert assert_sendable(conv, "Ihr Paket wurde zugestellt.", automated=True).status == "clean"
    from sellerdesk.lib import clock

    with clock.frozen(now.replace(hour=23)):  # 00:00 in Berlin
        with pytest.raises(ComplianceBlocked) as exc:
            assert_sendable(conv, "Ihr Paket wurde zugestellt.", automated=True)
    assert exc.value.verdict.rule_ids == ["automated.quiet_hours"]


def test_forbidden_attachment_blocks(make_amazon_conv):
    conv = make_amazon_conv()
    with pytest.raises(ComplianceBlocked) as exc:
        assert_sendable(conv, "Anbei die Anleitung.", attachments=[("anleitung.exe", "application/x-msdownload")])
    assert exc.value.verdict.rule_ids == ["amazon.no_forbidden_attachments"]


def test_second_feedback_request_on_the_same_order_is_blocked(make_amazon_conv):
    first = make_amazon_conv()
    assert assert_sendable(first, FEEDBACK_ASK).status == "clean"
    outbound(first, FEEDBACK_ASK)
    # a later conversation about the same order sees the earlier request
    later = make_amazon_conv()
    with pytest.raises(ComplianceBlocked) as exc:
        assert_sendable(later, "Would you please leave us your feedback?")
    assert exc.value.verdict.rule_ids == ["amazon.feedback_request_once"]
    # another order is unaffected
    other = make_amazon_conv(order_number="302-7654321-7654321")
    assert assert_sendable(other, FEEDBACK_ASK).status == "clean"


def test_a_failed_send_does_not_count_as_a_request(make_amazon_conv):
    conv = make_amazon_conv()
    outbound(conv, FEEDBACK_ASK, status=Message.Delivery.FAILED)
    assert assert_sendable(conv, FEEDBACK_ASK).status == "clean"


def test_a_platform_request_recorded_as_an_event_counts(make_amazon_conv):
    conv = make_amazon_conv(order_number="")
    record("feedback_requested", conversation=conv, via="solicitations")
    with pytest.raises(ComplianceBlocked):
        assert_sendable(conv, FEEDBACK_ASK)


def test_send_reply_on_amazon_refuses_a_blocked_text(make_amazon_conv, agent):
    conv = make_amazon_conv()
    events_before = Event.objects.count()
    with pytest.raises(ComplianceBlocked) as exc:
        actions.send_reply(conv, agent, "Contact us on WhatsApp and we refund you if you leave 5 stars.")
    assert exc.value.verdict.rule_ids == ["amazon.no_review_incentive", "marketplace.no_off_platform_contact"]
    assert Message.objects.filter(conversation=conv, direction=Message.Direction.OUTBOUND).count() == 0
    assert Event.objects.count() == events_before
    conv.refresh_from_db()
    assert conv.status == "open"
