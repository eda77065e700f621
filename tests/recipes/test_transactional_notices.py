"""The order confirmation and the shipping notice are transactional: the 24-hour limit on automated
messages (about unsolicited automation) neither stops nor counts them; the 10-minute rule holds them."""

from __future__ import annotations

import datetime as dt

from sellerdesk.automation import rules, sweep
from sellerdesk.automation.models import Fire, Rule, Scheduled
from sellerdesk.conversations.actions import receive_message
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.lib import clock
from tests.automation.conftest import mail
from tests.recipes.conftest import NOW, send_queued, shopify_hook, switch_on

HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)


def fired(key):
    return list(Fire.objects.filter(rule=Rule.objects.get(key=key)).values_list("outcome", "reasons"))


def test_a_shipping_notice_two_hours_after_the_confirmation_is_sent(client, shopify, mailbox, smtp_server,
                                                                    django_capture_on_commit_callbacks):
    with clock.frozen(NOW):
        switch_on("order-confirmation", "shipping-notice")
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        shopify_hook(client, shopify, "orders_create.json")
    with clock.frozen(NOW + 2 * HOUR), django_capture_on_commit_callbacks(execute=True):
        shopify_hook(client, shopify, "fulfillments_create.json", now=NOW + 2 * HOUR)
    assert fired("order-confirmation") == [("sent", [])]
    assert fired("shipping-notice") == [("sent", [])]
    confirmation, notice = send_queued(smtp_server)
    assert confirmation[1].startswith("Hello Jane,\n\nThank you for your order #1001.")
    assert notice[1].startswith("Hello Jane,\n\nYour order #1001 is on its way with USPS.")


def test_a_shipping_notice_inside_ten_minutes_waits_for_their_end(client, shopify, mailbox, smtp_server,
                                                                  django_capture_on_commit_callbacks):
    with clock.frozen(NOW):
        switch_on("order-confirmation", "shipping-notice")
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        shopify_hook(client, shopify, "orders_create.json")
    with clock.frozen(NOW + 4 * MINUTE), django_capture_on_commit_callbacks(execute=True):
        shopify_hook(client, shopify, "fulfillments_create.json", now=NOW + 4 * MINUTE)
    assert fired("shipping-notice") == [("deferred", ["rate:10min"])]
    held = Scheduled.objects.get(state="waiting")
    assert (held.kind, held.due_at) == ("quiet", NOW + 10 * MINUTE)
    assert sweep.sweep(now=NOW + 9 * MINUTE) == 0
    with clock.frozen(NOW + 10 * MINUTE), django_capture_on_commit_callbacks(execute=True):
        assert sweep.sweep(now=NOW + 10 * MINUTE) == 1
    assert fired("shipping-notice") == [("sent", [])]
    assert len(send_queued(smtp_server)) == 2


def test_notices_do_not_use_up_the_day_of_unsolicited_automation(client, shopify, mailbox, smtp_server,
                                                                 django_capture_on_commit_callbacks):
    with clock.frozen(NOW):
        switch_on("order-confirmation", "shipping-notice")
        answer = rules.create_rule(name="Answer", event="message.received", enabled=True, definition={
            "actions": [{"type": "reply", "params": {"text": "Thank you for your message about order {{ order_number }}."}}]})
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        shopify_hook(client, shopify, "orders_create.json")
    with clock.frozen(NOW + HOUR), django_capture_on_commit_callbacks(execute=True):
        shopify_hook(client, shopify, "fulfillments_create.json", now=NOW + HOUR)
    conv = Conversation.objects.get()
    notice = Message.objects.filter(conversation=conv, direction="out").order_by("-id").first()
    for n, at in ((1, NOW + 2 * HOUR), (2, NOW + 3 * HOUR)):
        with clock.frozen(at), django_capture_on_commit_callbacks(execute=True):
            receive_message(conv.account, mail("Hello, when will order #1001 arrive?", n=n, sender="jane.doe@example.com",
                                               name="Jane Doe", subject="Re: Your order #1001", reply_to=notice.external_id))
    # The first answer goes out after two notices that day; the second is the day's second unsolicited one.
    assert list(Fire.objects.filter(rule=answer).order_by("id").values_list("outcome", "reasons", "conversation")) == [
        ("sent", [], conv.pk), ("blocked", ["rate:24h"], conv.pk)]
