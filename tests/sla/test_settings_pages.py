"""The SLA settings pages: calendars with holidays, policies (presets editable), the preview of a
sample message's deadlines, and the breach log with its reasons and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from sellerdesk.audit.models import AuditEntry
from sellerdesk.conversations import actions
from sellerdesk.lib import clock
from sellerdesk.sla.models import Calendar, Policy
from sellerdesk.sla.sweep import sweep_all
from tests.sla.conftest import T0
from tests.web.conftest import compile_translations, make_agent

H = dt.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _catalogue():
    compile_translations()


@pytest.fixture
def boss(db):
    return make_agent("boss", role="supervisor", name="Bo Boss", timezone="UTC")


@pytest.fixture
def web(boss):
    c = Client()
    c.force_login(boss)
    return c


def test_agents_cannot_open_sla_settings(db):
    c = Client()
    c.force_login(make_agent("anna"))
    assert c.get("/settings/sla/").status_code == 403
    assert c.get("/settings/sla/breaches/").status_code == 403


def test_preview_shows_the_winning_deadlines_of_a_sample_message(web):
    page = web.get("/settings/sla/", {"channel": "amazon", "marketplace": "US", "country": "US", "tier": "3",
                                      "received_at": "2026-11-23T14:00"}).content.decode()
    table = page.split('id="preview-table"')[1].split("</table>")[0]
    # Monday 14:00 UTC = 09:00 in New York: NA first response 2 h in staffed hours, Amazon's 24 h on the clock.
    assert table.index("NA first response 2 h") < table.index("Amazon 24 h")
    assert "Mon 2026-11-23 16:00" in table and "Tue 2026-11-24 14:00" in table
    assert "Next response" not in table


def test_edit_a_preset_policy_and_the_preview_follows(web):
    amazon = Policy.objects.get(key="amazon-24h-first")
    form = {"name": amazon.name, "label": "Amazon 12 h", "group": "platform", "metric": "first_response", "channel": "amazon",
            "target_hours": "12", "calendar": amazon.calendar_id, "warn_percent": "50", "priority": "0",
            "esc_warn_notify_supervisor": "on", "esc_breach_raise_tier": "on", "is_active": "on", "pause_when_pending": "on"}
    response = web.post(f"/settings/sla/policies/{amazon.pk}/", form)
    assert response.status_code == 302
    amazon.refresh_from_db()
    assert (amazon.target_minutes, amazon.warn_at, amazon.label, amazon.auto_reply_counts, amazon.escalation) == (
        720, 0.5, "Amazon 12 h", False, [{"at": "warn", "action": "notify_supervisor"}, {"at": "breach", "action": "raise_tier"}])
    page = web.get("/settings/sla/", {"channel": "amazon", "marketplace": "US", "received_at": "2026-11-23T14:00"}).content.decode()
    assert "Tue 2026-11-24 02:00" in page.split('id="preview-table"')[1]
    entry = AuditEntry.objects.get(action="sla_policy_saved")
    assert entry.data["changed"] == ["label", "target_minutes", "warn_at"]
    web.post("/settings/sla/presets/restore/")
    amazon.refresh_from_db()
    assert (amazon.target_minutes, amazon.label) == (1440, "Amazon 24 h")


def test_a_bad_policy_is_refused_with_the_reason(web):
    form = {"name": "Claim", "label": "Claim", "group": "claim", "metric": "first_response", "due_from_claim": "on",
            "calendar": Calendar.objects.get(key="always").pk, "warn_percent": "50", "target_hours": "0"}
    response = web.post("/settings/sla/policies/new/", form)
    assert response.status_code == 400
    assert "claim_kind: a respond-by taken from the claim needs the claim kind" in response.content.decode()
    assert not Policy.objects.filter(name="Claim").exists()


def test_calendar_with_holidays_and_own_days(web, at):
    at(T0)
    form = {"name": "Shenzhen office", "kind": "business", "timezone": "Asia/Shanghai",
            **{f"hours_{d}": "09:00-12:00, 13:30-18:00" for d in ("mon", "tue", "wed", "thu", "fri")},
            "holiday_country": "cn", "custom_days": "2026-12-24 closed Team day\n2026-12-26 10:00-16:00 make-up workday"}
    response = web.post("/settings/sla/calendars/new/", form)
    cal = Calendar.objects.get(name="Shenzhen office")
    assert response["Location"] == f"/settings/sla/calendars/{cal.pk}/"
    assert cal.weekly_hours["mon"] == [["09:00", "12:00"], ["13:30", "18:00"]] and "sat" not in cal.weekly_hours
    assert cal.custom_days == [{"date": "2026-12-24", "closed": True, "name": "Team day"},
                               {"date": "2026-12-26", "hours": [["10:00", "16:00"]], "name": "make-up workday"}]
    assert cal.holiday_country == "CN"
    page = web.get(f"/settings/sla/calendars/{cal.pk}/").content.decode()
    closed = page.split('id="closed-days"')[1]
    assert "Thu 2026-12-24 · Team day" in closed
    assert "Fri 2027-01-01" in closed  # New Year's Day, from the holidays package
    # Round trip: the form shows what was saved in the same words.
    assert "09:00-12:00, 13:30-18:00" in page and "2026-12-26 10:00-16:00 make-up workday" in page


def test_calendar_errors_name_the_line(web):
    response = web.post("/settings/sla/calendars/new/", {"name": "X", "kind": "business", "timezone": "Asia/Shanghai",
                                                         "hours_mon": "9 to 5"})
    assert response.status_code == 400
    assert "weekly_hours.mon: write hours like 09:00-18:00, not &#x27;9 to 5&#x27;" in response.content.decode()
    response = web.post("/settings/sla/calendars/new/", {"name": "X", "kind": "business", "timezone": "Mars/Olympus"})
    assert "Unknown time zone" in response.content.decode()


def test_breach_log_says_why_and_exports_csv(web, amazon_account, inbound, at):
    anna = make_agent("anna", name="Anna")
    at(T0)
    conv = actions.receive_message(amazon_account, inbound()).conversation
    actions.assign(conv, anna, anna)
    sweep_all(T0 + 2 * H)
    at(T0 + 3 * H)
    actions.send_reply(conv, anna, "Red and blue.")
    page = web.get("/settings/sla/breaches/").content.decode()
    log = page.split('id="breach-log"')[1]
    assert "NA first response 2 h" in log
    assert "Assigned to Anna when it became due." in log
    assert "Answered 1 h after the deadline." in log
    assert "Target 2 h on the calendar “North America staffed hours”." in log
    rows = list(csv.reader(io.StringIO(web.get("/settings/sla/breaches/?format=csv").content.decode("utf-8-sig"))))
    assert rows[0] == ["breached_at", "conversation", "deadline", "policy", "due_at", "agent", "answered_at", "reasons"]
    assert rows[1][1:7] == [str(conv.pk), "NA first response 2 h", "First response North America 2 h",
                            "2026-11-23T16:00:00+00:00", "Anna", "2026-11-23T17:00:00+00:00"]
    assert web.get("/settings/sla/breaches/?since=2026-11-24").content.decode().count('<tr id="breach-') == 0


def test_settings_in_chinese(web):
    web.post("/language/", {"language": "zh-hans"})
    page = web.get("/settings/sla/").content.decode()
    assert "SLA 设置" in page and "预览:示例消息的期限" in page
