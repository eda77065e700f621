"""The weekly report: HTML mail in each manager's language through SMTP, once per week."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command

from sellerdesk.analytics.models import WeeklyReport
from sellerdesk.analytics.report import send_if_due
from sellerdesk.lib import clock
from tests.analytics.test_dashboard import DAY1, data  # noqa: F401
from tests.web.conftest import make_agent

MONDAY_9 = dt.datetime(2026, 11, 9, 1, 0, tzinfo=dt.timezone.utc)  # Monday 09:00 in Shanghai


def use_smtp(settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.host, smtp_server.port
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = smtp_server.username, smtp_server.password
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def test_monday_morning_sends_last_week_once_in_each_language(data, settings, smtp_server):
    use_smtp(settings, smtp_server)
    settings.REPORT_TIMEZONE, settings.REPORT_HOUR = "Asia/Shanghai", 8
    boss = make_agent("boss", role="supervisor", ui_language="zh-hans")
    boss.email = "boss@shop.example"
    boss.save()
    admin = make_agent("root", role="admin")
    admin.email = "root@shop.example"
    admin.save()
    make_agent("quiet", role="supervisor")  # no address: not sent
    assert send_if_due(MONDAY_9 - dt.timedelta(hours=2)) == []  # 07:00: not yet
    with clock.frozen(MONDAY_9):
        assert send_if_due(MONDAY_9) == ["boss@shop.example", "root@shop.example"]
        assert send_if_due(MONDAY_9 + dt.timedelta(hours=1)) == []  # once per week
    assert list(WeeklyReport.objects.values_list("week_start", flat=True)) == [dt.date(2026, 11, 2)]
    mails = {m.rcpt_tos[0]: m.message for m in smtp_server.received}
    zh, en = mails["boss@shop.example"], mails["root@shop.example"]
    assert zh["Subject"].strip() == "SellerDesk 周报:2026-11-02 至 2026-11-08"
    assert en["Subject"] == "SellerDesk weekly report: 2026-11-02 to 2026-11-08"
    html = en.get_body(("html",)).get_content()
    assert "<td>New conversations</td><td><strong>3</strong> (week before: 1)</td>" in html
    assert "<li>LAMP-RED Red lamp · Damaged / defective: 1</li>" in html
    assert "<td>Customer satisfaction</td><td><strong>3.5 / 5</strong></td>" in html
    text = zh.get_body(("plain",)).get_content()
    assert "新对话: 3 (上一周:1)" in text.replace("\r\n", "\n")


def test_command_prints_a_week(data, capsys):
    call_command("weekly_report", "--week", "2026-11-02", "--print")
    out = capsys.readouterr().out
    assert out.startswith("SellerDesk weekly report: 2026-11-02 to 2026-11-08\n\nWeek 2026-11-02 – 2026-11-08\n\nNew conversations: 3 (week before: 1)\n")
