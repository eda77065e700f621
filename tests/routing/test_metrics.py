"""Platform metrics, SLA met % and queue health, from conversations built through the real actions."""

import datetime as dt

import pytest
from django.test import Client

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.api import tokens
from sellerdesk.channels.base import InboundMessage
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations import actions
from sellerdesk.lib import clock
from sellerdesk.metrics.platform import platform_metrics
from sellerdesk.metrics.sla import sla_met
from sellerdesk.routing.health import queue_health
from sellerdesk.sla import presets
from sellerdesk.sla.models import Calendar, Policy
from sellerdesk.sla.sweep import sweep_all

T0 = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)  # Monday, 07:00 in New York
H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)
TEXT = "Hello, which colours does this lamp come in? Thank you."


@pytest.fixture(autouse=True)
def setup(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    presets.apply(Calendar, Policy)


@pytest.fixture
def amazon(db):
    return ChannelAccount.objects.create(kind="email", name="Amazon US", address="amazon-us@shop.example", marketplace="US")


def receive(account, at, n):
    with clock.frozen(at):
        msg = InboundMessage(
            external_id=f"<q{n}@buyer.example>", channel="amazon", sender=f"b{n}@marketplace.amazon.com", subject=f"Lamp {n}",
            body_text=TEXT, body_full=TEXT, thread_key=f"T-{n}", marketplace="US", identities=[("email", f"b{n}@marketplace.amazon.com")],
        )
        return actions.receive_message(account, msg)


def reply(conv, agent, at):
    with clock.frozen(at):
        actions.send_reply(conv, agent, "It comes in white, black and green.")


@pytest.fixture
def history(amazon, agent):
    """m1 answered in 2 h (10 days ago), m2 in 30 h (3 days ago), m3 never (2 days ago), m4 an hour ago,
    m6 a "thanks" marked as needing no response and resolved."""
    m1 = receive(amazon, T0 - 10 * D, 1)
    reply(m1.conversation, agent, T0 - 10 * D + 2 * H)
    m2 = receive(amazon, T0 - 3 * D, 2)
    reply(m2.conversation, agent, T0 - 3 * D + 30 * H)
    m3 = receive(amazon, T0 - 2 * D, 3)
    m6 = receive(amazon, T0 - 4 * D, 6)
    with clock.frozen(T0 - 4 * D + H):
        actions.mark_no_response_needed(m6, agent)
        actions.resolve(m6.conversation, agent)
    m4 = receive(amazon, T0 - H, 4)
    with clock.frozen(T0):
        sweep_all()
    return {"m1": m1, "m2": m2, "m3": m3, "m4": m4, "m6": m6}


def test_amazon_late_response_rate_over_7_30_90_days(history):
    with clock.frozen(T0):
        amazon = platform_metrics()["amazon"]
    assert amazon["7"] == {
        "counted": 2, "in_time": 0, "late": 1, "unanswered": 1, "pending": 1, "average_response_hours": 30.0,
        "late_rate_pct": 100.0, "response_rate_pct": 0.0,
    }
    assert amazon["30"] == {
        "counted": 3, "in_time": 1, "late": 1, "unanswered": 1, "pending": 1, "average_response_hours": 16.0,
        "late_rate_pct": 66.67, "response_rate_pct": 33.33,
    }
    assert amazon["90"] == amazon["30"]


def test_no_response_needed_is_only_for_buyer_messages(history, agent):
    from sellerdesk.conversations.models import Event, Message

    assert history["m6"].flags == ["no_response_needed"]
    assert Event.objects.filter(kind="no_response_needed", conversation=history["m6"].conversation).count() == 1
    ours = Message.objects.filter(direction="out").first()
    with pytest.raises(actions.ActionError, match="Only a buyer message"):
        actions.mark_no_response_needed(ours, agent)


def test_sla_met_by_channel_agent_and_day(history, agent):
    with clock.frozen(T0):
        sla = sla_met(30, group="platform")
    assert sla["all"] == {"met": 1, "breached": 2, "met_pct": 33.33}
    assert sla["channel"] == {"amazon": {"met": 1, "breached": 2, "met_pct": 33.33}}
    assert sla["agent"] == {str(agent.pk): {"met": 1, "breached": 2, "met_pct": 33.33}}
    assert sla["day"] == {
        "2026-11-13": {"met": 1, "breached": 0, "met_pct": 100.0},  # m1 answered
        "2026-11-21": {"met": 0, "breached": 1, "met_pct": 0.0},  # m2 due (answered late)
        "2026-11-22": {"met": 0, "breached": 1, "met_pct": 0.0},  # m3 due, never answered
    }
    assert sum(r["met"] + r["breached"] for r in sla["intent"].values()) == 3
    with clock.frozen(T0):
        assert sla_met(7, group="platform")["all"] == {"met": 0, "breached": 2, "met_pct": 0.0}
    with pytest.raises(ValueError, match="group"):
        sla_met(30, group="window")


def test_queue_health(history, agent):
    with clock.frozen(T0 + 3.5 * H):  # 10:30 in New York: m4's 2 h North America target ends at 11:00
        h = queue_health()
    assert h["open"] == 2  # m3 and m4; m1 and m2 wait on the buyer, m6 is resolved
    assert sum(h["open_per_tier"].values()) == 2
    assert (h["unassigned"], h["due_in_1h"], h["overdue"], h["breached_today"]) == (0, 1, 1, 1)
    assert h["breached_today_by_kind"] == {"Amazon 24 h": 1}
    assert [(a["name"], a["load"], a["on_shift"], a["away"]) for a in h["agents"]] == [("agent1", 2, True, False)]


@pytest.fixture
def supervisor(agent):
    agent.agent.role = AgentProfile.Role.SUPERVISOR
    agent.agent.save()
    return agent


def test_pages_for_supervisors_only(history, agent, client):
    client.force_login(agent)
    assert client.get("/supervisor/queue/").status_code == 403
    assert client.get("/supervisor/metrics/").status_code == 403
    agent.agent.role = AgentProfile.Role.SUPERVISOR
    agent.agent.save()
    with clock.frozen(T0):
        page = client.get("/supervisor/queue/").content.decode()
        metrics = client.get("/supervisor/metrics/?days=7").content.decode()
        assert client.get("/supervisor/metrics/?days=14").status_code == 400
    assert 'id="queue-counts"' in page and "agent1" in page
    assert "Late response rate" in metrics and "100.0%" in metrics


def test_pages_in_chinese(history, supervisor, client):
    supervisor.agent.ui_language = "zh-hans"
    supervisor.agent.save()
    client.force_login(supervisor)
    with clock.frozen(T0):
        page = client.get("/supervisor/queue/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        metrics = client.get("/supervisor/metrics/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "队列状况" in page and "每位客服的负载" in page
    assert "迟复率" in metrics


def test_api(history, supervisor, agent):
    _, key = tokens.issue(supervisor, "tests", ["read", "reply"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    with clock.frozen(T0):
        health = api.get("/api/v1/queue-health").json()
        platform = api.get("/api/v1/metrics/platform").json()
        sla = api.get("/api/v1/metrics/sla?days=30&group=platform").json()
        bad = api.get("/api/v1/metrics/sla?days=14")
    assert (health["open"], health["overdue"], health["breached_today"]) == (2, 1, 1)
    assert platform["amazon"]["7"]["late_rate_pct"] == 100.0
    assert set(platform) == {"amazon", "ebay", "tiktok"}
    assert platform["ebay"]["90"]["counted"] == 0 and platform["ebay"]["90"]["late_rate_pct"] is None
    assert sla["all"] == {"met": 1, "breached": 2, "met_pct": 33.33}
    assert bad.status_code == 422
    assert bad.json()["errors"] == [{"field": "days", "location": "query", "reason": "must be 7, 30 or 90"}]
    supervisor.agent.role = AgentProfile.Role.AGENT
    supervisor.agent.save()
    denied = api.get("/api/v1/queue-health")
    assert denied.status_code == 403
    assert denied.json()["detail"] == "Only supervisors and admins may read the queue and the metrics."


def test_queue_page_reads_the_agents_once(history, supervisor, client, django_assert_num_queries):
    client.force_login(supervisor)
    with clock.frozen(T0):
        client.get("/supervisor/queue/")
        # session, user with profile, security gate; the agents and their load (two queries, once for the health
        # figures and the ranking); open counts, per tier; breaches today by kind (their sum is the total);
        # the ranked conversations and their open deadlines; the navigation's badges (15 before)
        with django_assert_num_queries(11):
            page = client.get("/supervisor/queue/").content.decode()
    assert 'id="queue-counts"' in page and "agent1" in page
