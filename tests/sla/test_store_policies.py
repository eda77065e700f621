"""A store (channel account) with its own policy: it replaces the preset in its slot for that
store's conversations only; the settings page sets it and the preview shows it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations import actions
from sellerdesk.conversations.models import Conversation
from sellerdesk.sla import preview as sla_preview
from sellerdesk.sla.models import Calendar, Deadline, Policy
from sellerdesk.sla.policies import PolicyError, validate
from tests.sla.conftest import T0
from tests.web.conftest import compile_translations, make_agent

H = dt.timedelta(hours=1)


@pytest.fixture
def brand_b(db):
    return ChannelAccount.objects.create(kind="email", name="Brand B Amazon US", address="b-us@shop.example", marketplace="US")


@pytest.fixture
def twelve_hours_for(db):
    def make(*stores, priority=0):
        return Policy.objects.create(
            name="Brand B Amazon 12 h", label="Amazon 12 h", group="platform", metric="first_response", channel="amazon",
            store=",".join(str(s.pk) for s in stores), target_minutes=720, calendar=Calendar.objects.get(key="always"),
            auto_reply_counts=False, priority=priority)
    return make


def first_deadlines(conv):
    return sorted(Deadline.objects.filter(conversation=conv).values_list("policy__label", "due_at"))


def test_a_store_policy_replaces_the_preset_for_that_store_only(amazon_account, brand_b, twelve_hours_for, inbound, at):
    twelve_hours_for(brand_b)
    at(T0)
    own = actions.receive_message(brand_b, inbound(thread="B-1", sender="b1@marketplace.amazon.com")).conversation
    other = actions.receive_message(amazon_account, inbound(thread="A-1")).conversation
    assert first_deadlines(own) == [("Amazon 12 h", T0 + 12 * H), ("NA first response 2 h", T0 + 2 * H)]
    assert first_deadlines(other) == [("Amazon 24 h", T0 + 24 * H), ("NA first response 2 h", T0 + 2 * H)]


def test_a_higher_priority_policy_still_wins_over_a_store_policy(brand_b, twelve_hours_for, inbound, at):
    twelve_hours_for(brand_b)
    Policy.objects.filter(key="amazon-24h-first").update(priority=5)
    at(T0)
    conv = actions.receive_message(brand_b, inbound()).conversation
    assert ("Amazon 24 h", T0 + 24 * H) in first_deadlines(conv)


def test_stores_are_account_ids(db):
    policy = Policy(name="x", label="x", metric="first_response", target_minutes=60, store="3,b2")
    with pytest.raises(PolicyError, match="store: comma-separated numbers"):
        validate(policy)


def test_the_preview_takes_a_store(brand_b, twelve_hours_for):
    twelve_hours_for(brand_b)
    names = lambda store: sorted(r.policy.label for r in sla_preview.preview(  # noqa: E731
        channel="amazon", marketplace="US", country="US", store=store, received_at=T0))
    assert names(str(brand_b.pk)) == ["Amazon 12 h", "NA first response 2 h"]
    assert names("") == ["Amazon 24 h", "NA first response 2 h"]


def test_the_policy_page_limits_a_policy_to_stores(db, amazon_account, brand_b):
    compile_translations()
    c = Client()
    c.force_login(make_agent("boss", role="supervisor", name="Bo Boss", timezone="UTC"))
    page = c.get("/settings/sla/policies/new/").content.decode()
    assert f'name="store" value="{brand_b.pk}"' in page and "Brand B Amazon US" in page
    form = {"name": "Brand B 12 h", "label": "12 h", "group": "platform", "metric": "first_response", "channel": "amazon",
            "store": [str(brand_b.pk)], "target_hours": "12", "calendar": Calendar.objects.get(key="always").pk,
            "warn_percent": "75", "priority": "0", "is_active": "on"}
    assert c.post("/settings/sla/policies/new/", form).status_code == 302
    policy = Policy.objects.get(name="Brand B 12 h")
    assert policy.store == str(brand_b.pk)
    settings_page = c.get("/settings/sla/", {"channel": "amazon", "store": str(brand_b.pk), "received_at": "2026-11-23T14:00"})
    text = settings_page.content.decode()
    assert "store=Brand B Amazon US" in text
    assert "Brand B 12 h" in text.split('id="preview-table"')[1].split("</table>")[0]
    c.cookies["django_language"] = "zh-hans"
    zh = c.get(f"/settings/sla/policies/{policy.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "店铺" in zh
    assert Conversation.objects.count() == 0


def test_the_api_lists_policies_by_store_and_their_winners(db, amazon_account, brand_b, twelve_hours_for, at):
    from django.contrib.auth import get_user_model

    from sellerdesk.api import tokens

    twelve_hours_for(brand_b)
    make_agent("boss", role="supervisor", name="Bo Boss", timezone="UTC")
    _, key = tokens.issue(get_user_model().objects.get(username="boss"), "tests", ["read"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    for_a = {p["name"] for p in api.get("/api/v1/sla/policies", {"store": amazon_account.pk}).json()}
    for_b = {p["name"]: p["stores"] for p in api.get("/api/v1/sla/policies", {"store": brand_b.pk}).json()}
    assert for_a == set(Policy.objects.exclude(name="Brand B Amazon 12 h").values_list("name", flat=True))
    assert for_b["Brand B Amazon 12 h"] == [brand_b.pk]
    at(T0)
    won = api.get("/api/v1/sla/policies/winners", {"channel": "amazon", "marketplace": "US", "country": "US", "store": brand_b.pk}).json()
    assert sorted((w["policy"]["label"], w["due_at"]) for w in won) == [
        ("Amazon 12 h", "2026-11-24T02:00:00Z"), ("NA first response 2 h", "2026-11-23T16:00:00Z")]
    agent = make_agent("anna")
    _, agent_key = tokens.issue(agent, "tests", ["read"])
    assert Client(HTTP_AUTHORIZATION=f"Bearer {agent_key}").get("/api/v1/sla/policies").status_code == 403
