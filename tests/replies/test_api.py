"""API v1 /templates: list, search, suggestions for a conversation, and render for a conversation."""

import pytest
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django.test import Client

from sellerdesk.api import tokens
from sellerdesk.replies.models import ReplyTemplate


@pytest.fixture
def api(db):
    call_command("createagent", "anna", password="pw-anna-123", name="Anna Schmidt", verbosity=0)
    _, key = tokens.issue(get_user_model().objects.get(username="anna"), "tests", ["read", "reply"])
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_list_filters_and_searches(api):
    response = api.get("/api/v1/templates", {"language": "it", "category": "claims"})
    assert response.status_code == 200
    body = response.json()
    assert [(t["key"], t["language"], t["title"], t["due_for_review"]) for t in body] == [("claim-response", "it", "Risposta a un reclamo", False)]
    assert [(t["key"], t["language"]) for t in api.get("/api/v1/templates", {"q": "追跡番号"}).json()] == [("tracking-update", "ja"), ("shipping-delay", "ja")]


def test_suggestions_and_render_for_a_conversation(api, make_amazon_conv):
    conv = make_amazon_conv(intent="refund", language="de")
    suggested = api.get("/api/v1/templates", {"conversation": conv.pk}).json()
    assert [(t["key"], t["language"]) for t in suggested] == [("refund-issued", "de")]
    rendered = api.get(f"/api/v1/templates/{suggested[0]['id']}/render", {"conversation": conv.pk}).json()
    assert rendered["error"] == "" and rendered["missing"] == []
    assert rendered["text"].startswith("Hallo Jana,\n\nwir haben die Erstattung für die Bestellung 302-1234567-1234567 veranlasst.")
    assert ReplyTemplate.objects.get(pk=suggested[0]["id"]).usage_count == 0  # reading is not a use


def test_render_lists_missing_values_and_agent_markers(api, make_amazon_conv):
    conv = make_amazon_conv(order_number=None)
    tpl = ReplyTemplate.objects.get(key="product-answer", language="en", channel="")
    rendered = api.get(f"/api/v1/templates/{tpl.pk}/render", {"conversation": conv.pk}).json()
    assert rendered["missing"] == ["answer"]
    tpl = ReplyTemplate.objects.get(key="refund-issued", language="en", channel="")
    assert api.get(f"/api/v1/templates/{tpl.pk}/render", {"conversation": conv.pk}).json()["missing"] == ["order_number"]


def test_unknown_ids_are_404_with_a_reason(api, make_amazon_conv):
    conv = make_amazon_conv()
    response = api.get("/api/v1/templates/999999/render", {"conversation": conv.pk})
    assert (response.status_code, response.json()["detail"]) == (404, "Template 999999 not found.")
    tpl = ReplyTemplate.objects.first()
    response = api.get(f"/api/v1/templates/{tpl.pk}/render", {"conversation": 999999})
    assert (response.status_code, response.json()["detail"]) == (404, "Conversation 999999 not found.")
    assert api.get(f"/api/v1/templates/{tpl.pk}/render").status_code == 422


def test_needs_a_token(db):
    assert Client().get("/api/v1/templates").status_code == 401
