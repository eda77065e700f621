"""The agent's "My work" page and the supervisor queue's "Next up": the shared order, with reasons."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.lib import clock
from tests.routing.test_one_ordering import NOW, _store

ALL_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def desk(db, policies):
    h = dt.timedelta(hours=1)
    agents = [{"name": "li", "tz": "UTC", "senior": True, "skills": ["amazon", "ebay"],
               "shifts": [{"days": ALL_DAYS, "start": "08:00", "end": "12:00"}]}]
    items = [
        {"family": "amazon", "tier": 2, "claim": False, "at": NOW - 20 * h, "due": NOW + 30 * h, "internal": None},  # ample
        {"family": "amazon", "tier": 2, "claim": False, "at": NOW - 23 * h, "due": NOW + 1 * h, "internal": None},  # at risk
        {"family": "ebay", "tier": 2, "claim": False, "at": NOW - 30 * h, "due": NOW - 6 * h, "internal": None},  # late, calm
        {"family": "amazon", "tier": 1, "claim": True, "at": NOW - 90 * h, "due": NOW - 80 * h, "internal": None},  # late claim
    ]
    users, convs = _store(agents, items, policies)
    return users[0], convs


from tests.routing.test_one_ordering import policies  # noqa: E402,F401 (the fixture)


def _order(html: str, convs) -> list[int]:
    found = sorted((html.index(f'data-conversation="{c.pk}"'), i) for i, c in enumerate(convs) if f'data-conversation="{c.pk}"' in html)
    return [i for _, i in found]


def test_my_work_lists_the_agents_work_in_the_shared_order_with_reasons(client, desk):
    user, convs = desk
    client.force_login(user)
    with clock.frozen(NOW):
        html = client.get("/supervisor/my-work/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Due in 1 h first; due in 30 h (6 h of the agent's shifts: at risk too) next; the claim 80 h late is
    # 14 staffed hours late (4 h shifts), inside the 72 h grace, so after work still at risk; late calm last.
    assert _order(html, convs) == [1, 0, 3, 2]
    assert "Late by 80 h: a claim or an urgent message keeps costing while it waits." in html
    # Due in 1 h on the wall clock, and the agent's shift ends at 12:00 with nobody else: 1 h staffed too.
    assert "Due in 1 h." in html
    assert "Due in 30 h, but someone who may take it is on shift for only 6 h of that." in html
    assert "Already late for the platform" in html


def test_my_work_in_chinese(client, desk):
    user, convs = desk
    client.force_login(user)
    with clock.frozen(NOW):
        html = client.get("/supervisor/my-work/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "我的工作" in html and "已超时 80 小时" in html and "已超过平台时限" in html


def test_the_supervisor_queue_shows_the_teams_next_items(client, desk):
    user, convs = desk
    boss = get_user_model().objects.create_user("boss", password="pw-boss-123")
    AgentProfile.objects.create(user=boss, display_name="boss", role=AgentProfile.Role.SUPERVISOR, timezone="UTC")
    client.force_login(boss)
    with clock.frozen(NOW):
        html = client.get("/supervisor/queue/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="team-work"' in html
    assert _order(html, convs) == [1, 0, 3, 2]
