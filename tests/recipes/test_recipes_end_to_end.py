"""One end-to-end test per recipe: real webhooks and mail through the intake, the rule, the mail out over SMTP."""

from __future__ import annotations

import datetime as dt

from sellerdesk.automation import sweep
from sellerdesk.automation.models import Fire, Rule, Tag
from sellerdesk.conversations.actions import receive_message
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.faq import actions as faq_actions
from sellerdesk.lib import clock
from sellerdesk.orders.models import Order
from tests.automation.conftest import mail
from tests.recipes.conftest import NOW, aftership_push, send_queued, shopify_hook, signed_shopify, switch_on
from tests.channels.webhookkit import post, run_worker

DAY = dt.timedelta(days=1)
HUMAN_EN = "This is an automated message. To reach a person, simply reply HUMAN and a member of our team will answer."
USPS = "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490"


def fired(key):
    return list(Fire.objects.filter(rule=Rule.objects.get(key=key)).values_list("outcome", "reasons"))


def checkpoint(time, tag, subtag, message, location=""):
    return {"checkpoint_time": time, "tag": tag, "subtag": subtag, "message": message, "location": location}


def push(client, settings, event_id, *checkpoints):
    tag = checkpoints[-1]["tag"]
    return aftership_push(client, settings, {
        "event": "tracking_update", "event_id": event_id, "is_tracking_first_tag": True, "ts": 1762369200,
        "msg": {"tracking_number": "9400111899223197428490", "slug": "usps", "tag": tag, "checkpoints": list(checkpoints)}})


def test_order_confirmation_then_shipping_notice_by_mail(client, shopify, mailbox, smtp_server, django_capture_on_commit_callbacks):
    with clock.frozen(NOW):
        switch_on("order-confirmation", "shipping-notice")
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        shopify_hook(client, shopify, "orders_create.json")
    conv = Conversation.objects.get()
    assert (conv.channel, conv.account, conv.order.number, conv.subject) == ("email", mailbox, "#1001", "Your order #1001")
    with clock.frozen(NOW + 2 * DAY), django_capture_on_commit_callbacks(execute=True):
        shopify_hook(client, shopify, "fulfillments_create.json", now=NOW + 2 * DAY)
    assert fired("order-confirmation") == [("sent", [])]
    assert fired("shipping-notice") == [("sent", [])]
    confirmation, notice = send_queued(smtp_server)
    assert confirmation == (["jane.doe@example.com"], "Hello Jane,\n\nThank you for your order #1001. We have received it and will write "
                            "again as soon as it ships.\n\nKind regards,\nAcme\n\n" + HUMAN_EN)
    assert notice == (["jane.doe@example.com"], "Hello Jane,\n\nYour order #1001 is on its way with USPS. Tracking number: "
                      f"9400111899223197428490.\nYou can follow the parcel here: {USPS}\n\nKind regards,\nAcme\n\n" + HUMAN_EN)
    assert Message.objects.filter(conversation=conv, direction="out", is_automated=True).count() == 2


def test_delivery_check_a_day_after_the_carrier_says_delivered(client, settings, shopify, mailbox, smtp_server,
                                                               django_capture_on_commit_callbacks):
    with clock.frozen(NOW):
        switch_on("delivery-check")
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        shopify_hook(client, shopify, "orders_create.json", "fulfillments_create.json")
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        assert push(client, settings, "ev-delivered", checkpoint("2026-11-05T10:30:00-05:00", "Delivered", "Delivered_001",
                                                                 "Delivered, front door", "Austin, TX")) == ["processed"]
    assert Order.objects.get().delivered_at == dt.datetime(2026, 11, 5, 15, 30, tzinfo=dt.timezone.utc)
    assert Fire.objects.count() == 0  # waiting a day
    with clock.frozen(NOW + DAY), django_capture_on_commit_callbacks(execute=True):
        assert sweep.sweep() == 1
    assert fired("delivery-check") == [("sent", [])]
    [(to, body)] = send_queued(smtp_server)
    assert to == ["jane.doe@example.com"]
    assert body == ("Hello Jane,\n\nYour order #1001 has been delivered. We hope everything arrived as expected. If anything is not "
                    "right, please reply to this message and we will help.\nIf you would like to share your experience with this "
                    "order, you are welcome to leave feedback.\n\nKind regards,\nAcme\n\n" + HUMAN_EN)


def test_customs_hold_tells_the_buyer_and_opens_a_task(client, settings, shopify, mailbox, smtp_server, django_capture_on_commit_callbacks):
    with clock.frozen(NOW):
        switch_on("logistics-alerts")
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        shopify_hook(client, shopify, "orders_create.json", "fulfillments_create.json")
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        push(client, settings, "ev-customs",
             checkpoint("2026-11-03T09:00:00-05:00", "InTransit", "InTransit_007", "Departed facility", "Chicago, IL"),
             checkpoint("2026-11-05T08:00:00-05:00", "Exception", "Exception_004", "Held in customs", "New York, NY"))
    assert fired("logistics-alerts") == [("sent", [])]
    conv = Conversation.objects.get()
    assert (conv.status, conv.subject) == ("open", "Your order #1001")  # the team's task stays in the queue
    note = Message.objects.get(conversation=conv, direction="note")
    assert note.body_text.startswith("Delivery problem: USPS 9400111899223197428490: exception")
    assert list(Tag.objects.filter(conversation=conv).values_list("name", flat=True)) == ["logistics"]
    [(to, body)] = send_queued(smtp_server)
    assert body == ("Hello Jane,\n\nYour parcel for order #1001 (tracking number 9400111899223197428490) is being held by customs at "
                    "the moment. Customs checks usually take a few days; we are following it and will contact you if anything is "
                    "needed from you.\n\nKind regards,\nAcme\n\n" + HUMAN_EN)
    # The same push again: nothing new
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        push(client, settings, "ev-customs-2",
             checkpoint("2026-11-05T08:00:00-05:00", "Exception", "Exception_004", "Held in customs", "New York, NY"))
    assert Fire.objects.count() == 1


def test_no_scan_for_days_is_an_alert_too(client, settings, shopify, mailbox, smtp_server, django_capture_on_commit_callbacks):
    from sellerdesk.tracking.actions import sweep_stale

    with clock.frozen(NOW):
        switch_on("logistics-alerts")
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        shopify_hook(client, shopify, "orders_create.json", "fulfillments_create.json")
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        push(client, settings, "ev-transit", checkpoint("2026-11-05T08:00:00-05:00", "InTransit", "InTransit_007", "Departed facility"))
        assert sweep_stale() == 0
    silent = NOW + dt.timedelta(days=settings.TRACKING_STALE_DAYS)
    with clock.frozen(silent), django_capture_on_commit_callbacks(execute=True):
        assert sweep_stale() == 1
        assert sweep_stale() == 0
    assert fired("logistics-alerts") == [("sent", [])]
    [(to, body)] = send_queued(smtp_server)
    assert "has had no new tracking update for a few days" in body


def test_faq_question_answered_in_the_buyers_language(mailbox, smtp_server, django_capture_on_commit_callbacks):
    with clock.frozen(NOW):
        faq_actions.load_starter()
        switch_on("faq-answers")
        with django_capture_on_commit_callbacks(execute=True):
            msg = receive_message(mailbox, mail("Hallo, liefern Sie auch nach Österreich und wie lange dauert der Versand?",
                                                subject="Frage zum Versand", sender="jana@example.de"))
    assert fired("faq-answers") == [("sent", [])], msg.conversation.intent_confidence
    [(to, body)] = send_queued(smtp_server)
    assert to == ["jana@example.de"]
    assert body == ("Wir liefern in die EU, nach Großbritannien, in die USA, nach Kanada, Australien und Japan. Die Zustellung dauert "
                    "nach dem Versand meist 5 bis 10 Werktage.\n\nDies ist eine automatische Nachricht. Wenn Sie mit einem Menschen "
                    "sprechen möchten, antworten Sie einfach mit MENSCH – jemand aus unserem Team meldet sich.")


def test_an_angry_faq_like_message_goes_to_a_person(mailbox, smtp_server, django_capture_on_commit_callbacks):
    with clock.frozen(NOW):
        faq_actions.load_starter()
        switch_on("faq-answers")
        with django_capture_on_commit_callbacks(execute=True):
            receive_message(mailbox, mail("What is your return policy?? This is the third time I ask, I want to speak to a manager "
                                          "or I will leave a bad review!", sender="jana@example.de"))
    assert Message.objects.filter(direction="out").count() == 0
    [(outcome, reasons)] = fired("faq-answers") or [("none", [])]
    assert outcome in ("blocked", "none")


def test_return_request_gets_the_shopify_return_flow(client, shopify, mailbox, smtp_server, django_capture_on_commit_callbacks):
    with clock.frozen(NOW):
        switch_on("return-instructions")
    returned = signed_shopify("returns/request", {
        "id": 7923099, "name": "#1001-R2", "status": "requested", "order": {"id": 5820000000001},
        "return_line_items": [{"id": 1, "quantity": 1, "return_reason": "size_too_small", "customer_note": "Too small, I would like to return it."}],
    }, "ret-7923099")
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        shopify_hook(client, shopify, "orders_create.json")
        assert post(client, f"/hooks/shopify/{shopify.pk}/", returned).status_code == 200
        run_worker(NOW)
    assert fired("return-instructions") == [("sent", [])]
    [(to, body)] = send_queued(smtp_server)
    assert to == ["jane.doe@example.com"]
    assert body.startswith("Hello Jane,\n\nThank you for letting us know about the return of order #1001. Your return is registered: "
                           "the return label and the instructions are on your order's status page in our shop.")
