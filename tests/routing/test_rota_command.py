import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from sellerdesk.conversations.models import Event
from sellerdesk.lib import clock
from sellerdesk.routing.actions import set_rota
from sellerdesk.routing.shifts import ShiftError

T0 = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)  # Monday 10:00 in Shanghai


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run(*args):
    import io

    out = io.StringIO()
    with clock.frozen(T0):
        call_command("agent_rota", *args, stdout=out)
    lines = out.getvalue().splitlines()
    return json.loads(lines[0]), lines[1]


def test_set_shifts_skills_and_vacation(agent):
    shown, state = run("agent1", "--shift", "mon-fri 09:00-18:00", "--shift", "sat 22:00-06:00", "--skills", "amazon,ebay",
                       "--holiday-country", "cn", "--capacity", "25", "--senior", "yes")
    assert shown["shifts"] == [
        {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00"},
        {"days": ["sat"], "start": "22:00", "end": "06:00"},
    ]
    assert (shown["skills"], shown["holiday_country"], shown["capacity"], shown["senior"]) == (["amazon", "ebay"], "CN", 25, True)
    assert state == "on shift now"
    _, state = run("agent1", "--away", "2026-11-23T00:00+08:00", "2026-11-30T00:00+08:00")
    assert state == "next shift 2026-11-30T01:00:00+00:00"  # Monday 09:00 in Shanghai after the vacation
    _, state = run("agent1", "--back")
    assert state == "on shift now"
    events = Event.objects.filter(kind="agent_rota_changed").order_by("id")
    assert [e.data["changes"].get("away_until") for e in events] == [None, "2026-11-30T00:00:00+08:00", None]
    assert all(e.data["agent"] == agent.pk for e in events)


def test_bad_input_is_refused_and_nothing_changes(agent):
    with pytest.raises(CommandError, match=r"shifts\[0\]\.start: '9' is not HH:MM"):
        run("agent1", "--shift", "mon 9-17:00")
    with pytest.raises(CommandError, match="expected DAYS HH:MM-HH:MM"):
        run("agent1", "--shift", "weekdays")
    with pytest.raises(CommandError, match="give a time zone"):
        run("agent1", "--away", "2026-12-01T00:00", "2026-12-02T00:00")
    with pytest.raises(CommandError, match="no agent 'nobody'"):
        run("nobody")
    agent.agent.refresh_from_db()
    assert agent.agent.shifts == []
    assert not Event.objects.filter(kind="agent_rota_changed").exists()
    with pytest.raises(ValueError, match="not a rota field: role"):
        set_rota(agent.agent, role="admin")
    with pytest.raises(ShiftError, match="away_until: must be after away_from"):
        set_rota(agent.agent, away_from=T0, away_until=T0)
