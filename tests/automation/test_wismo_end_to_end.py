"""The where-is-my-order recipe end to end: real intake and triage, the rule, a real SMTP server."""

import datetime as dt

from sellerdesk.automation import recipes, rules
from sellerdesk.automation.models import Fire, Rule
from sellerdesk.conversations.actions import receive_message
from sellerdesk.conversations.models import Event, Message
from sellerdesk.conversations.tasks import deliver as deliver_message
from sellerdesk.lib import clock

from tests.automation.conftest import NOON_EU, mail, order_with_tracking
from sellerdesk.channels.email.tests.conftest import make_account
from tests.servers.conftest_plugin import smtp_server  # noqa: F401  (fixture)

LINK = "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161094015902"


def _wismo_on():
    recipes.install()
    rule = Rule.objects.get(key="where-is-my-order")
    rules.set_enabled(rule, True)
    return rule


def test_an_order_status_question_is_answered_from_tracking_by_mail(db, smtp_server, django_capture_on_commit_callbacks):
    shop = make_account(smtp_config=smtp_server.smtp_config(), smtp_password=smtp_server.password, name="Acme support")
    with clock.frozen(NOON_EU):
        rule = _wismo_on()
        order_with_tracking()
        with django_capture_on_commit_callbacks(execute=True):
            msg = receive_message(shop, mail("Hello, where is my order #1001? When will it arrive?", order="#1001"))
    out = Message.objects.get(conversation=msg.conversation, direction="out")
    assert out.is_automated is True
    assert out.body_text == (
        "Hello Jana,\n\nThank you for your message about order #1001. The latest status from DHL for tracking number "
        f"00340434161094015902 is: in transit.\nYou can follow the parcel here: {LINK}\n\nKind regards,\nAcme support\n\n"
        "This is an automated message. To reach a person, simply reply HUMAN and a member of our team will answer."
    )
    assert deliver_message(out.pk) == "sent"
    [sent] = smtp_server.received
    assert sent.rcpt_tos == ["jana@example.de"]
    assert sent.message.get_content().replace("\r\n", "\n").strip() == out.body_text
    fire = Fire.objects.get(rule=rule)
    assert (fire.outcome, fire.version, fire.sent_at) == ("sent", 1, NOON_EU)
    event = Event.objects.get(conversation=msg.conversation, kind="automation_fired")
    assert (event.data["rule"], event.data["version"], event.data["outcome"]) == (rule.name, 1, "sent")
    # The auto-answer is no first response by an agent.
    msg.conversation.refresh_from_db()
    assert msg.conversation.first_response_at is None


def test_stale_tracking_goes_to_an_agent_with_the_tracking_in_a_note(shop, django_capture_on_commit_callbacks):
    with clock.frozen(NOON_EU):
        _wismo_on()
        order_with_tracking(updated_at=NOON_EU - dt.timedelta(days=5))
        with django_capture_on_commit_callbacks(execute=True):
            msg = receive_message(shop, mail("Hello, where is my order #1001? When will it arrive?", order="#1001"))
    assert not Message.objects.filter(conversation=msg.conversation, direction="out").exists()
    note = Message.objects.get(conversation=msg.conversation, direction="note")
    assert note.body_text == (
        "Where-is-my-order question not answered automatically. Latest tracking: DHL 00340434161094015902: in_transit "
        f"(updated 2026-11-19 10:00 UTC) {LINK}"
    )
    assert Fire.objects.get().reasons == ["condition:tracking_fresh"]


def test_a_german_question_is_answered_in_german(shop, django_capture_on_commit_callbacks):
    with clock.frozen(NOON_EU):
        _wismo_on()
        order_with_tracking()
        with django_capture_on_commit_callbacks(execute=True):
            msg = receive_message(shop, mail("Hallo, wo ist meine Bestellung #1001? Wann kommt das Paket an?", order="#1001"))
    out = Message.objects.filter(conversation=msg.conversation, direction="out").first()
    fire = Fire.objects.get()
    assert fire.outcome == "sent", fire.reasons
    assert out.body_text.startswith("Hallo Jana,\n\nvielen Dank für Ihre Nachricht zur Bestellung #1001.")
    assert out.body_text.endswith("Wenn Sie mit einem Menschen sprechen möchten, antworten Sie einfach mit MENSCH – jemand aus unserem Team meldet sich.")
