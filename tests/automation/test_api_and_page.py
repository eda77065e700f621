"""The Automations page (zh/en) and /api/v1/automations: list, create, edit as versions, switch,
counts and the dry run on past buyer messages."""

import pytest
from django.test import Client

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.api import tokens
from sellerdesk.automation.models import Rule
from sellerdesk.conversations.actions import receive_message
from sellerdesk.lib import clock

from tests.automation.conftest import NOON_EU, mail, order_with_tracking

TAG_RULE = {"name": "Tag returns", "event": "message.received",
            "definition": {"conditions": [{"type": "text_contains", "params": {"words": ["return"]}}],
                           "actions": [{"type": "tag", "params": {"name": "returns"}}]}}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def supervisor(agent):
    agent.agent.role = AgentProfile.Role.SUPERVISOR
    agent.agent.save()
    return agent


def _api(user, scopes=("read", "reply")):
    _, key = tokens.issue(user, "tests", list(scopes))
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_rules_through_the_api(supervisor):
    api = _api(supervisor)
    listed = api.get("/api/v1/automations/rules").json()
    # The built-in recipes, installed switched off, in their order.
    assert [(r["key"], r["is_enabled"]) for r in listed] == [
        ("where-is-my-order", False), ("faq-answers", False), ("order-confirmation", False), ("shipping-notice", False),
        ("delivery-check", False), ("amazon-review-request", False), ("return-instructions", False), ("logistics-alerts", False)]
    created = api.post("/api/v1/automations/rules", TAG_RULE, content_type="application/json")
    assert created.status_code == 201
    rule = created.json()
    assert (rule["version"], rule["is_enabled"]) == (1, False)
    edited = api.put(f"/api/v1/automations/rules/{rule['id']}", {"name": "Tag return questions"}, content_type="application/json").json()
    assert (edited["name"], edited["version"]) == ("Tag return questions", 2)
    on = api.post(f"/api/v1/automations/rules/{rule['id']}/enabled", {"enabled": True}, content_type="application/json").json()
    assert on["is_enabled"] is True
    versions = api.get(f"/api/v1/automations/rules/{rule['id']}/versions").json()
    assert [(v["version"], v["name"]) for v in versions] == [(2, "Tag return questions"), (1, "Tag returns")]
    assert api.post("/api/v1/automations/switch", {"on": False}, content_type="application/json").json() == {"on": False}
    assert api.get("/api/v1/automations/switch").json() == {"on": False}
    schema = api.get("/api/v1/automations/schema").json()
    assert schema["actions"]["reply"]["buyer_facing"] is True and "csat.answered" in schema["events"]


def test_a_bad_rule_gets_a_422_naming_the_field(supervisor):
    bad = {**TAG_RULE, "definition": {"actions": [{"type": "tag", "params": {}}]}}
    response = _api(supervisor).post("/api/v1/automations/rules", bad, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "definition.actions[0].params.name"


def test_agents_read_but_do_not_change_rules(agent):
    api = _api(agent)
    assert api.get("/api/v1/automations/rules").status_code == 200
    assert api.post("/api/v1/automations/rules", TAG_RULE, content_type="application/json").status_code == 403
    assert api.post("/api/v1/automations/switch", {"on": False}, content_type="application/json").status_code == 403


def test_counts_and_dry_run_on_past_messages(supervisor, shop, django_capture_on_commit_callbacks):
    api = _api(supervisor)
    api.get("/api/v1/automations/rules")  # adds the built-in recipes
    with clock.frozen(NOON_EU):
        order_with_tracking()
        with django_capture_on_commit_callbacks(execute=True):
            receive_message(shop, mail("Where is my order #1001? When will it arrive?", order="#1001"))
            receive_message(shop, mail("How do I return the lamp?", n=2, sender="li@example.cn", subject="Return"))
        rule = api.post("/api/v1/automations/rules", TAG_RULE, content_type="application/json").json()
        dry = api.post(f"/api/v1/automations/rules/{rule['id']}/dry-run").json()
        assert (dry["messages"], dry["fired"], dry["sent"]) == (2, 1, 0)
        assert dry["examples"][0]["text"] == "How do I return the lamp?"
        wismo = Rule.objects.get(key="where-is-my-order")
        dry = api.post(f"/api/v1/automations/rules/{wismo.pk}/dry-run").json()
        assert (dry["fired"], dry["sent"]) == (1, 1)
        assert dry["examples"][0]["previews"][0]["text"].startswith("Hello Jana,")
        counts = api.get(f"/api/v1/automations/rules/{rule['id']}/counts").json()
    assert counts == {"fires": 0, "sent": 0, "replied": 0, "reopened": 0, "blocked": {}}


def test_the_page_in_english_and_chinese(supervisor, client):
    client.force_login(supervisor)
    page = client.get("/automations/").content.decode()
    assert "Where is my order" in page and "Stop all automation" in page
    created = client.post("/automations/new/", {"name": "Tag returns", "event": "message.received", "description": "",
                                                "definition": '{"actions": [{"type": "tag", "params": {"name": "returns"}}]}'})
    rule = Rule.objects.get(name="Tag returns")
    assert created.status_code == 302 and created["Location"] == f"/automations/{rule.pk}/"
    bad = client.post(f"/automations/{rule.pk}/", {"name": "Tag returns", "event": "message.received", "definition": "{"}).content.decode()
    assert "The definition is not valid JSON" in bad
    client.post(f"/automations/{rule.pk}/enabled/", {"enabled": "1"})
    rule.refresh_from_db()
    assert rule.is_enabled is True
    client.post("/automations/switch/", {"on": "0"})
    supervisor.agent.ui_language = "zh-hans"
    supervisor.agent.save()
    zh = client.get("/automations/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "自动化" in zh and "重新开启自动化" in zh
    dry = client.get(f"/automations/{rule.pk}/?dry=1", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "过去 30 天" in dry
