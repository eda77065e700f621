"""Agents page: the team with its rota state, creating agents (admins), rotas and time away (supervisors)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from sellerdesk.conversations.models import Conversation, Event
from sellerdesk.routing.service import availability, reassign_stale
from tests.web.conftest import PASSWORD, T0, make_agent

UTC = dt.timezone.utc

# Everything the edit form posts, for an agent working Mon-Fri 09:00-18:00 in Berlin.
ROTA = {
    "languages": ["en", "de"], "skills": ["amazon", "ebay"], "is_senior": "on", "capacity": "25",
    "timezone": "Europe/Berlin", "holiday_country": "DE", "holidays": "2026-12-24, 2026-12-31",
    "away_from": "", "away_until": "", "is_available": "on",
    "shift-0-days": ["mon", "tue", "wed", "thu", "fri"], "shift-0-start": "09:00", "shift-0-end": "18:00",
    "shift-1-start": "", "shift-1-end": "",  # the empty row the page always offers
}


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def supervisor(db):
    return make_agent("sue", role="supervisor", name="Sue Lead")


@pytest.fixture
def sup_web(supervisor):
    return client_for(supervisor)


def rota_events():
    return list(Event.objects.filter(kind="agent_rota_changed").order_by("pk"))


def test_only_supervisors_and_admins_see_the_page(web, agent, db):
    readonly = make_agent("rita", role="readonly")
    for client in (web, client_for(readonly)):
        assert client.get("/agents/").status_code == 403
        assert client.get(f"/agents/{agent.pk}/").status_code == 403
        assert client.post(f"/agents/{agent.pk}/", ROTA).status_code == 403
        assert client.get("/agents/new/").status_code == 403
        assert client.get("/agents/shift-row/?i=1").status_code == 403
        assert '<a href="/agents/"' not in client.get("/").content.decode()
    assert Client().get("/agents/")["Location"] == "/login/?next=/agents/"
    assert rota_events() == []


def test_supervisors_may_not_create_agents(sup_web):
    assert sup_web.get("/agents/").status_code == 200
    assert sup_web.get("/agents/new/").status_code == 403
    assert sup_web.post("/agents/new/", {"username": "x", "role": "admin", "ui_language": "en"}).status_code == 403
    assert not get_user_model().objects.filter(username="x").exists()
    html = sup_web.get("/agents/").content.decode()
    assert '<a href="/agents/"' in html  # the nav
    assert "/agents/new/" not in html


def test_list_shows_skills_rota_state_load_and_time_away(sup_web, agent, admin_agent, make_conv, now):
    p = agent.agent
    p.languages, p.skills, p.is_senior, p.capacity = ["en", "de"], ["amazon", "ebay"], True, 30
    p.shifts = [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00"}]  # Shanghai; T0 is Mon 20:00
    p.away_from, p.away_until = dt.datetime(2026, 12, 21, tzinfo=UTC), dt.datetime(2027, 1, 4, tzinfo=UTC)
    p.save()
    make_conv(assignee=agent)
    make_conv(assignee=agent)
    make_conv(assignee=agent, status=Conversation.Status.RESOLVED)  # not load
    html = sup_web.get("/agents/").content.decode()
    row = re.search(rf'<tr id="agent-{agent.pk}">(.*?)</tr>', html, re.S).group(1)
    assert '<a href="/agents/%d/"><b>Anna Schmidt</b></a> <span class="muted">anna</span>' % agent.pk in row
    assert "<td>Agent</td>" in row
    assert '<span class="tag" title="English">en</span> <span class="tag" title="German">de</span>' in row
    assert '<span class="tag">amazon</span> <span class="tag">ebay</span>  <span class="tag vip">senior</span>' in row
    assert '<td class="mono">Asia/Shanghai</td>' in row
    # The viewer is in Asia/Shanghai too: the next shift is Tuesday 09:00.
    assert '<td class="shift-state">next shift Tue 09:00</td>' in row
    assert '<td class="load">2 / 30</td>' in row
    assert '<td class="away">12/21/2026 8 a.m. – 01/04/2027 8 a.m.</td>' in row
    boss = re.search(rf'<tr id="agent-{admin_agent.pk}">(.*?)</tr>', html, re.S).group(1)
    assert '<td class="shift-state"><span class="tag ok">on shift now</span></td>' in boss  # no shifts: always
    assert '<td class="load">0 / 40</td>' in boss


def test_admin_creates_an_agent_with_a_generated_password_shown_once(admin_web, admin_agent, now):
    response = admin_web.post("/agents/new/", {
        "username": "li.wei", "display_name": "Li Wei", "email": "li@shop.example", "password": "",
        "role": "supervisor", "ui_language": "zh-hans",
    })
    assert response.status_code == 200
    html = response.content.decode()
    password = re.search(r'<code class="password" id="new-password">([^<]+)</code>', html).group(1)
    assert len(password) == 16
    user = get_user_model().objects.get(username="li.wei")
    assert (user.agent.display_name, user.email, user.agent.role, user.agent.ui_language) == (
        "Li Wei", "li@shop.example", "supervisor", "zh-hans")
    assert user.agent.shifts == [] and user.agent.skills == []
    assert Client().login(username="li.wei", password=password)
    event = Event.objects.get(kind="agent_created")
    assert (event.actor_id, event.data) == (admin_agent.pk, {"agent": user.pk, "username": "li.wei", "role": "supervisor"})
    # Shown once: the agent's page does not have it.
    assert password not in admin_web.get(f"/agents/{user.pk}/").content.decode()


def test_create_with_a_typed_password_and_the_form_errors(admin_web, agent, now):
    response = admin_web.post("/agents/new/", {"username": "anna", "password": "short", "role": "agent", "ui_language": "en"})
    assert response.status_code == 422
    html = response.content.decode()
    assert '<span class="error">The username anna is taken.</span>' in html
    assert "This password is too short. It must contain at least 8 characters." in html
    assert Event.objects.filter(kind="agent_created").count() == 0

    response = admin_web.post("/agents/new/", {"username": "mo", "password": "long-enough-1", "role": "agent", "ui_language": "en"})
    mo = get_user_model().objects.get(username="mo")
    assert response["Location"] == f"/agents/{mo.pk}/"
    assert Client().login(username="mo", password="long-enough-1")
    assert mo.agent.display_name == "mo"


def test_supervisor_saves_a_rota_that_routing_uses(sup_web, supervisor, agent, now):
    response = sup_web.post(f"/agents/{agent.pk}/", ROTA)
    assert response.status_code == 302
    assert response["Location"] == f"/agents/{agent.pk}/"
    p = get_user_model().objects.get(pk=agent.pk).agent
    assert p.shifts == [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00"}]
    assert (p.languages, p.skills, p.is_senior, p.capacity) == (["en", "de"], ["amazon", "ebay"], True, 25)
    assert (p.timezone, p.holiday_country, p.holidays) == ("Europe/Berlin", "DE", ["2026-12-24", "2026-12-31"])
    [event] = rota_events()
    assert event.actor_id == supervisor.pk
    assert sorted(event.data["changes"]) == ["capacity", "holiday_country", "holidays", "is_senior", "languages", "shifts",
                                             "skills", "timezone"]
    # T0 is Monday 13:00 in Berlin: on shift. 18:30 Berlin is after the shift; the next one is Tuesday 09:00.
    assert availability(p, T0) == (T0.timestamp(), True)
    evening = dt.datetime(2026, 11, 23, 17, 30, tzinfo=UTC)
    assert availability(p, evening) == (dt.datetime(2026, 11, 24, 8, 0, tzinfo=UTC).timestamp(), False)
    # Christmas Eve (own day off) and Christmas Day (public holiday in DE): the next shift is Monday 28th.
    eve = dt.datetime(2026, 12, 24, 7, 0, tzinfo=UTC)
    assert availability(p, eve) == (dt.datetime(2026, 12, 28, 8, 0, tzinfo=UTC).timestamp(), False)

    # The page shows what was saved; posting it again changes nothing and records nothing.
    html = sup_web.get(f"/agents/{agent.pk}/").content.decode()
    assert '<input type="checkbox" name="shift-0-days" value="fri" checked> Fri' in html
    assert '<input type="time" name="shift-0-start" value="09:00"' in html
    assert '<input type="time" name="shift-0-end" value="18:00"' in html
    assert '<input type="time" name="shift-1-start" value=""' in html
    assert 'name="account"' not in html and 'name="role"' not in html  # supervisors do not edit the account
    assert sup_web.post(f"/agents/{agent.pk}/", ROTA).status_code == 302
    assert len(rota_events()) == 1


def test_night_shift_past_midnight(sup_web, agent, now):
    data = {**ROTA, "holiday_country": "", "holidays": "", "shift-0-days": ["mon"], "shift-0-start": "22:00",
            "shift-0-end": "06:00"}
    assert sup_web.post(f"/agents/{agent.pk}/", data).status_code == 302
    p = get_user_model().objects.get(pk=agent.pk).agent
    # Monday 22:00 Berlin (21:00 UTC) until Tuesday 06:00 Berlin (05:00 UTC).
    assert availability(p, dt.datetime(2026, 11, 24, 3, 0, tzinfo=UTC)) == (
        dt.datetime(2026, 11, 24, 3, 0, tzinfo=UTC).timestamp(), True)
    assert availability(p, dt.datetime(2026, 11, 24, 5, 0, tzinfo=UTC))[1] is False
    html = sup_web.get(f"/agents/{agent.pk}/").content.decode()
    assert '<input type="time" name="shift-0-end" value="06:00"' in html


@pytest.mark.parametrize("change, text", [
    ({"shift-0-start": "9am"}, "shifts[0].start: &#x27;9am&#x27; is not HH:MM"),
    ({"shift-0-end": "25:00"}, "shifts[0].end: &#x27;25:00&#x27; is not a time of day"),
    ({"shift-0-days": []}, "shifts[0].days: a list of mon, tue, wed, thu, fri, sat, sun"),
])
def test_a_bad_shift_row_shows_the_parser_error_next_to_it(sup_web, agent, now, change, text):
    response = sup_web.post(f"/agents/{agent.pk}/", {**ROTA, **change})
    assert response.status_code == 422
    html = response.content.decode()
    row = re.search(r'<div class="shift-row invalid" id="shift-0">(.*?)</div>', html, re.S).group(1)
    assert f'<span class="error" role="alert">{text}</span>' in row
    assert rota_events() == []
    p = get_user_model().objects.get(pk=agent.pk).agent
    assert (p.shifts, p.timezone, p.capacity) == ([], "Asia/Shanghai", 40)


def test_the_second_row_error_names_the_second_row(sup_web, agent, now):
    data = {**ROTA, "shift-1-days": ["sat"], "shift-1-start": "10:00", "shift-1-end": "14h"}
    html = sup_web.post(f"/agents/{agent.pk}/", data).content.decode()
    assert '<div class="shift-row" id="shift-0">' in html
    row = re.search(r'<div class="shift-row invalid" id="shift-1">(.*?)</div>', html, re.S).group(1)
    assert '<span class="error" role="alert">shifts[1].end: &#x27;14h&#x27; is not HH:MM</span>' in row
    assert 'value="14h"' in row  # what was typed stays


@pytest.mark.parametrize("change, field, text", [
    ({"timezone": "Mars/Olympus"}, "timezone", "timezone: unknown time zone &#x27;Mars/Olympus&#x27;"),
    ({"holidays": "2026-12-24, 24.12.2026"}, "holidays", "holidays: Invalid isoformat string: &#x27;24.12.2026&#x27;"),
    ({"away_from": "2026-12-21T00:00", "away_until": "2026-12-20T00:00"}, "away_until", "away_until: must be after away_from"),
])
def test_other_rota_errors_show_next_to_their_field(sup_web, agent, now, change, field, text):
    response = sup_web.post(f"/agents/{agent.pk}/", {**ROTA, **change})
    assert response.status_code == 422
    html = response.content.decode()
    block = re.search(rf'<div class="field invalid">\s*<label for="id_{field}">.*?</div>', html, re.S).group(0)
    assert f'<span class="error">{text}</span>' in block
    assert rota_events() == []


def test_away_is_entered_in_the_agents_zone_and_covered_by_reassignment(sup_web, agent, make_conv, now):
    colleague = make_agent("carl", name="Carl")
    colleague.agent.languages = ["de"]  # writes the buyer's language: preferred over Sue, the other agent on shift
    colleague.agent.save()
    conv = make_conv(assignee=agent, last_inbound_at=T0, language="de")
    data = {**ROTA, "shifts": "", "shift-0-days": [], "shift-0-start": "", "shift-0-end": "",
            "away_from": "2026-11-23T12:00", "away_until": "2026-12-04T09:00"}  # Berlin wall clock
    assert sup_web.post(f"/agents/{agent.pk}/", data).status_code == 302
    p = get_user_model().objects.get(pk=agent.pk).agent
    assert (p.away_from, p.away_until) == (dt.datetime(2026, 11, 23, 11, 0, tzinfo=UTC), dt.datetime(2026, 12, 4, 8, 0, tzinfo=UTC))
    assert availability(p, T0) == (dt.datetime(2026, 12, 4, 8, 0, tzinfo=UTC).timestamp(), False)
    row = re.search(rf'<tr id="agent-{agent.pk}">(.*?)</tr>', sup_web.get("/agents/").content.decode(), re.S).group(1)
    assert '<span class="tag warn">away</span>' in row
    # Shown on the edit page as the agent's own wall clock again.
    assert 'value="2026-11-23T12:00"' in sup_web.get(f"/agents/{agent.pk}/").content.decode()
    assert reassign_stale() == {"reassigned": 1, "kept": 0}
    conv.refresh_from_db()
    assert conv.assignee_id == colleague.pk


def test_admin_changes_role_and_deactivates_and_open_work_moves(admin_web, admin_agent, agent, make_conv, now):
    conv = make_conv(assignee=agent, last_inbound_at=T0)
    account = {"display_name": "Anna S.", "email": "anna@shop.example", "role": "supervisor", "ui_language": "zh-hans"}
    assert admin_web.post(f"/agents/{agent.pk}/", {**ROTA, **account}).status_code == 302  # is_active unticked
    user = get_user_model().objects.get(pk=agent.pk)
    assert (user.agent.display_name, user.email, user.agent.role, user.agent.ui_language, user.is_active) == (
        "Anna S.", "anna@shop.example", "supervisor", "zh-hans", False)
    event = Event.objects.get(kind="agent_account_changed")
    assert event.data == {"agent": agent.pk, "changes": {
        "display_name": "Anna S.", "email": "anna@shop.example", "role": "supervisor", "ui_language": "zh-hans",
        "is_active": False}}
    row = re.search(rf'<tr id="agent-{agent.pk}" class="inactive">(.*?)</tr>', admin_web.get("/agents/").content.decode(), re.S)
    assert '<span class="tag">inactive</span>' in row.group(1)
    assert not Client().login(username="anna", password=PASSWORD)
    # The admin is the one left on shift: the inactive agent's open conversation goes there.
    assert reassign_stale() == {"reassigned": 1, "kept": 0}
    conv.refresh_from_db()
    assert conv.assignee_id == admin_agent.pk


def test_a_supervisor_cannot_change_a_role_by_posting_it(sup_web, agent, now):
    assert sup_web.post(f"/agents/{agent.pk}/", {**ROTA, "role": "admin", "is_active": ""}).status_code == 302
    user = get_user_model().objects.get(pk=agent.pk)
    assert (user.agent.role, user.is_active, user.is_superuser) == ("agent", True, False)
    assert Event.objects.filter(kind="agent_account_changed").count() == 0


def test_admins_cannot_demote_or_deactivate_themselves(admin_web, admin_agent, now):
    response = admin_web.post(f"/agents/{admin_agent.pk}/", {**ROTA, "role": "agent", "ui_language": "en"})
    assert response.status_code == 422
    html = response.content.decode()
    assert '<span class="error">You cannot change your own role.</span>' in html
    assert '<span class="error">You cannot deactivate yourself.</span>' in html
    assert get_user_model().objects.get(pk=admin_agent.pk).agent.role == "admin"
    assert rota_events() == []


def test_add_shift_row_fragment(sup_web):
    html = sup_web.get("/agents/shift-row/?i=3", HTTP_HX_REQUEST="true").content.decode()
    assert '<div class="shift-row" id="shift-3">' in html
    assert 'name="shift-3-start"' in html
    assert ('<button type="button" id="add-shift" hx-get="/agents/shift-row/?i=4" hx-target="#shift-rows" '
            'hx-swap="beforeend" hx-swap-oob="true">+ Add shift</button>') in html


def test_chinese_ui(db, now):
    lead = make_agent("wang", role="admin", name="王经理", ui_language="zh-hans")
    c = Client()
    assert c.post("/login/", {"username": "wang", "password": PASSWORD}).status_code == 302
    html = c.get("/agents/").content.decode()
    assert "<h1>坐席</h1>" in html
    assert '<span class="tag ok">正在值班</span>' in html
    html = c.post(f"/agents/{lead.pk}/", {**ROTA, "shift-0-start": "9am", "role": "admin", "is_active": "on",
                                          "ui_language": "zh-hans"}).content.decode()
    assert "每周班次" in html
    assert "shifts[0].start: &#x27;9am&#x27; is not HH:MM" in html
