"""Who is told what: escalations, breaches, claims, failed sends and approvals become bell
notifications for the people concerned, and emails where they asked for them (after their quiet hours)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.management import call_command

from sellerdesk.alerts import tasks
from sellerdesk.alerts.models import Delivery, Notification, Preference
from sellerdesk.channels.base import InboundMessage, PlatformClaim
from sellerdesk.conversations import actions
from sellerdesk.conversations.models import Message
from sellerdesk.conversations.tasks import _fail
from sellerdesk.lib import clock
from sellerdesk.replies import approvals
from sellerdesk.sla.sweep import sweep_all
from tests.web.conftest import make_agent

T0 = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.timezone.utc)  # Monday 09:00 in New York
H = dt.timedelta(hours=1)


def alerts_of(user):
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("kind", "conversation_id", "data"))


def buyer_message(n=1, **fields):
    values = dict(external_id=f"<m{n}@buyer.example>", channel="amazon", sender="buyer-1@marketplace.amazon.com",
                  subject="Lamp colours", body_text="Hello, which colours does this lamp come in? Thank you.",
                  thread_key="T-1", marketplace="US", identities=[("email", "buyer-1@marketplace.amazon.com")])
    values.update(fields)
    values.setdefault("body_full", values["body_text"])
    return InboundMessage(**values)


def test_warning_escalates_to_the_supervisor_and_the_breach_tells_assignee_and_supervisor(amazon_account, db):
    agent = make_agent("anna", name="Anna")
    boss = make_agent("boss", role="supervisor", name="Bo")
    with clock.frozen(T0):
        conv = actions.receive_message(amazon_account, buyer_message()).conversation
    assert conv.assignee == agent
    sweep_all(T0 + 90 * dt.timedelta(minutes=1))  # the NA 2 h first response warns at 75 %
    item = {"conversation": conv.pk, "subject": "Lamp colours"}
    assert alerts_of(boss) == [("escalation", conv.pk, {**item, "kind": "escalation", "label": "NA first response 2 h", "stage": "warn"})]
    assert alerts_of(agent) == []
    sweep_all(T0 + 2 * H)
    breach = ("breach", conv.pk, {**item, "kind": "breach", "label": "NA first response 2 h"})
    assert alerts_of(agent) == [breach]
    assert alerts_of(boss)[1:] == [breach]


def test_a_claim_tells_the_assignee_and_the_supervisors(amazon_account, db):
    make_agent("senior", name="Sen")
    from sellerdesk.accounts.models import AgentProfile

    AgentProfile.objects.filter(user__username="senior").update(is_senior=True)
    boss = make_agent("boss", role="supervisor")
    claim = PlatformClaim(kind="atoz", external_id="A2Z-1", order_number="111-2223334-5556667", amount=Decimal("59.99"),
                          currency="USD", respond_by=T0 + 48 * H)
    with clock.frozen(T0):
        conv = actions.receive_message(amazon_account, buyer_message(claim=claim, subject="A-to-z claim")).conversation
        # The same claim again (a re-sent notice) opens nothing new.
        actions.receive_message(amazon_account, buyer_message(2, claim=claim, subject="A-to-z claim"))
    expected = ("claim", conv.pk, {"kind": "claim", "conversation": conv.pk, "subject": "A-to-z claim", "claim_kind": "atoz",
                                   "amount": "59.99", "currency": "USD"})
    assert alerts_of(conv.assignee) == [expected]
    assert alerts_of(boss) == [expected]


def test_a_failed_send_tells_its_author(make_conv, email_account, db):
    agent = make_agent("anna")
    other = make_agent("li", name="Li Qiang")
    conv = make_conv(assignee=other)
    with clock.frozen(T0):
        msg = Message.objects.create(conversation=conv, account=email_account, direction="out", author=agent, body_text="Hi",
                                     delivery_status="queued", sent_at=T0, created_at=T0)
        _fail(msg, "550 5.1.1 User unknown")
    assert alerts_of(agent) == [("send_failed", conv.pk, {"kind": "send_failed", "conversation": conv.pk,
                                                          "subject": "Where is my order?", "error": "550 5.1.1 User unknown"})]
    assert alerts_of(other) == []


def test_an_approval_waits_for_the_supervisor_not_the_agent(make_conv, db):
    agent = make_agent("anna")
    boss = make_agent("boss", role="supervisor")
    conv = make_conv()
    with clock.frozen(T0):
        approvals.request_approval(conv, agent, kind="refund", amount=Decimal("80"), currency="eur", reason="Broken on arrival")
    assert alerts_of(boss) == [("approval", conv.pk, {"kind": "approval", "conversation": conv.pk, "subject": "Where is my order?",
                                                      "what": "refund", "amount": "80", "currency": "EUR"})]
    assert alerts_of(agent) == []


def test_email_alert_in_the_persons_language_through_smtp(make_conv, smtp_server, settings, db):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.host, smtp_server.port
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = smtp_server.username, smtp_server.password
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    boss = make_agent("boss", role="supervisor", ui_language="zh-hans")
    boss.email = "boss@shop.example"
    boss.save()
    agent = make_agent("anna")
    conv = make_conv(subject="Refund please")
    with clock.frozen(T0):
        approvals.request_approval(conv, agent, kind="refund", amount=Decimal("80"), currency="eur", reason="Broken")
    assert Preference.default(boss).email == ["escalation", "claim"]  # approvals by email only when asked for
    assert Delivery.objects.count() == 0
    Preference.objects.create(user=boss, in_app=["approval"], email=["approval"])
    with clock.frozen(T0):
        approvals.request_approval(conv, agent, kind="refund", amount=Decimal("90"), currency="eur", reason="Broken")
        [d] = Delivery.objects.all()
        assert tasks.deliver(d.pk) == "sent"
    [mail] = smtp_server.received
    assert mail.rcpt_tos == ["boss@shop.example"]
    message = mail.message
    assert message["Subject"] == "SellerDesk · 待审批"
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text == (f"SellerDesk · 待审批\n\n- 对话 #{conv.pk} “Refund please” 有一笔退款 (90 EUR)等待你审批。\n"
                    f"  http://127.0.0.1:8000/conversations/{conv.pk}/\n")
    html = message.get_body(("html",)).get_content()
    assert f'<a href="http://127.0.0.1:8000/conversations/{conv.pk}/">对话 #{conv.pk} “Refund please” 有一笔退款 (90 EUR)等待你审批。</a>' in html


def test_quiet_hours_hold_the_email_not_the_bell(make_conv, db):
    boss = make_agent("boss", role="supervisor", timezone="Asia/Shanghai")
    boss.email = "boss@shop.example"
    boss.save()
    Preference.objects.create(user=boss, in_app=["approval"], email=["approval"], quiet_start=dt.time(22), quiet_end=dt.time(8))
    agent = make_agent("anna")
    conv = make_conv()
    late = dt.datetime(2026, 11, 23, 15, 30, tzinfo=dt.timezone.utc)  # 23:30 in Shanghai
    with clock.frozen(late):
        approvals.request_approval(conv, agent, kind="refund", amount=Decimal("80"), currency="eur", reason="Broken")
        [d] = Delivery.objects.all()
        assert tasks.deliver(d.pk) == "pending"
    assert Notification.objects.filter(recipient=boss).count() == 1
    assert d.send_after == dt.datetime(2026, 11, 24, 0, 0, tzinfo=dt.timezone.utc)  # 08:00 in Shanghai


def test_bell_off_for_a_kind_writes_no_notification(make_conv, db):
    boss = make_agent("boss", role="supervisor")
    Preference.objects.create(user=boss, in_app=[], email=[])
    agent = make_agent("anna")
    with clock.frozen(T0):
        approvals.request_approval(make_conv(), agent, kind="exception", amount=None, currency="", reason="Late return")
    assert Notification.objects.count() == 0


def test_supervisor_of_the_team_first(make_conv, db):
    from sellerdesk.accounts.models import AgentProfile, Team

    team = Team.objects.create(name="EU")
    eu_boss, other_boss = make_agent("eu_boss", role="supervisor"), make_agent("us_boss", role="supervisor")
    AgentProfile.objects.filter(user=eu_boss).update(team=team)
    agent = make_agent("anna")
    with clock.frozen(T0):
        approvals.request_approval(make_conv(team=team), agent, kind="exception", amount=None, currency="", reason="x")
    assert (Notification.objects.filter(recipient=eu_boss).count(), Notification.objects.filter(recipient=other_boss).count()) == (1, 0)


def test_quiet_until_across_midnight_and_dst():
    from sellerdesk.alerts.quiet import quiet_until

    utc = dt.timezone.utc
    q = (dt.time(22), dt.time(7))
    assert quiet_until(*q, "Europe/Berlin", dt.datetime(2026, 3, 28, 22, 30, tzinfo=utc)) == dt.datetime(2026, 3, 29, 5, 0, tzinfo=utc)  # DST starts
    assert quiet_until(*q, "Europe/Berlin", dt.datetime(2026, 3, 29, 4, 0, tzinfo=utc)) == dt.datetime(2026, 3, 29, 5, 0, tzinfo=utc)
    assert quiet_until(*q, "Europe/Berlin", dt.datetime(2026, 3, 29, 12, 0, tzinfo=utc)) is None
    assert quiet_until(dt.time(12), dt.time(14), "UTC", dt.datetime(2026, 3, 29, 13, 0, tzinfo=utc)) == dt.datetime(2026, 3, 29, 14, 0, tzinfo=utc)
    assert quiet_until(None, None, "UTC", dt.datetime(2026, 3, 29, 13, 0, tzinfo=utc)) is None
