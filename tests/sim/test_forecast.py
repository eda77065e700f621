"""`sellerdesk forecast`: the coming weeks from the desk's history, peaks and holidays included."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Customer
from sellerdesk.sim import trace as trace_mod
from sellerdesk.sim.forecast import peak_days

START = dt.datetime(2026, 11, 16, tzinfo=dt.timezone.utc)  # a Monday; Black Friday is Nov 27


@pytest.fixture
def history(db):
    """Eight weeks: every Monday and Tuesday at 10:00-10:59 UTC, three Amazon US messages; every
    Wednesday one eBay message at 15:xx; every Friday two Shopify messages at 12:xx. No growth."""
    account = ChannelAccount.objects.create(kind="email", name="shop", address="shop@shop.example")
    customer = Customer.objects.create(name="Dan", email="dan@buyer.example", country="US", created_at=START - dt.timedelta(weeks=9))
    n = 0
    for week in range(1, 9):
        monday = START - dt.timedelta(weeks=week)
        for day, hour, channel, market, count in ((0, 10, "amazon", "US", 3), (1, 10, "amazon", "US", 3), (2, 15, "ebay", "", 1), (4, 12, "shopify", "", 2)):
            for i in range(count):
                n += 1
                at = monday + dt.timedelta(days=day, hours=hour, minutes=10 * i)
                conv = Conversation.objects.create(channel=channel, marketplace=market, account=account, customer=customer,
                                                   subject=f"Question {n}", created_at=at, last_message_at=at)
                Message.objects.create(conversation=conv, account=account, direction="in", body_text=f"Where is order {n}?",
                                       subject=f"Question {n}", sent_at=at, created_at=at)
    user = get_user_model().objects.create_user("li", password="pw-li-12345")
    AgentProfile.objects.create(user=user, display_name="Li", timezone="Asia/Shanghai", languages=["zh", "en"], skills=["amazon"],
                                shifts=[{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00"}],
                                holidays=["2026-11-18"], holiday_country="")


def test_peaks_follow_their_rules():
    days = peak_days(2026)
    assert days[dt.date(2026, 11, 27)] == ("Black Friday", 3.0)
    assert days[dt.date(2026, 7, 14)][0] == "Prime Day"  # second Tuesday of July 2026
    assert days[dt.date(2026, 11, 11)] == ("11.11", 2.0)
    assert days[dt.date(2026, 2, 17)][0] == "Chinese New Year"


def test_forecast_repeats_the_weekly_profile_with_the_peaks_and_the_agents_holidays(history, tmp_path, capsys):
    out = tmp_path / "next"
    call_command("forecast", "--out", str(out), "--weeks", "2", "--start", "2026-11-16")
    summary = json.loads(capsys.readouterr().out)
    assert summary["growth"] == 1.0 and summary["channels"] == ["amazon_us", "ebay", "shopify"]
    tr = trace_mod.load(out)
    per_day: dict = {}
    for e in tr.events:
        day = dt.datetime.fromtimestamp(e.at, dt.timezone.utc).date().isoformat()
        per_day[(day, e.channel)] = per_day.get((day, e.channel), 0) + 1
    # Mondays and Tuesdays: 3 Amazon messages, Wednesdays 1 eBay, Fridays 2 Shopify — on Black Friday
    # (Nov 27, x3) 6. Nothing on other days.
    assert per_day == {
        ("2026-11-16", "amazon_us"): 3, ("2026-11-17", "amazon_us"): 3, ("2026-11-18", "ebay"): 1, ("2026-11-20", "shopify"): 2,
        ("2026-11-23", "amazon_us"): 3, ("2026-11-24", "amazon_us"): 3, ("2026-11-25", "ebay"): 1, ("2026-11-27", "shopify"): 6,
    }
    assert all(e.text.startswith("Where is order") for e in tr.events)
    agents = json.loads((out / "agents.json").read_text())
    li = agents["agents"][0]
    assert (li["id"], li["tz"], li["skills"]) == ("li", "Asia/Shanghai", ["amazon"])
    assert agents["holidays"][li["holidays"]]["dates"] == ["2026-11-18"]


def test_forecast_refuses_an_empty_history(db, tmp_path):
    with pytest.raises(CommandError, match="no buyer messages"):
        call_command("forecast", "--out", str(tmp_path / "x"), "--weeks", "1", "--start", "2026-11-16")


def test_the_agents_page_asks_for_advice_and_shows_it(history, client, settings, tmp_path):
    """The button queues the task (a row of the task queue, which a worker runs); its work is run
    here directly, then the page shows the plan."""
    from sellerdesk.lib import clock
    from sellerdesk.routing import staffing

    settings.DATA_DIR = tmp_path
    boss = get_user_model().objects.create_user("boss", password="pw-boss-12345")
    AgentProfile.objects.create(user=boss, display_name="Boss", role=AgentProfile.Role.SUPERVISOR, timezone="UTC")
    client.force_login(boss)
    from django_tasks_db.models import DBTaskResult

    assert client.post("/agents/advice/").status_code == 302
    assert DBTaskResult.objects.filter(task_path="sellerdesk.routing.tasks.staffing_advice").count() == 1
    with clock.frozen(START - dt.timedelta(days=1)):
        doc = staffing.run(weeks=1)
    assert doc["forecast"]["messages"] == 9  # Mon 3 + Tue 3 Amazon, Wed 1 eBay, Fri 2 Shopify
    html = client.get("/agents/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="staffing-advice"' in html
    assert f"{doc['advice']['added_agent_hours']} agent-hours added" in html
