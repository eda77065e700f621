"""Templates per store or brand: a template limited to some stores is suggested, inserted and
rendered only in those stores' conversations (first among equals), beside the templates for
every store; the edit page limits it, the list and the API show and filter it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from sellerdesk.api import tokens
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Event
from sellerdesk.replies.models import ReplyTemplate
from sellerdesk.replies.templating.suggest import suggest
from tests.web.conftest import compile_translations


@pytest.fixture
def brand_b(db):
    return ChannelAccount.objects.create(kind="amazon", name="Brand B DE", address="b@marketplace.amazon.de", marketplace="DE")


@pytest.fixture
def brand_a_tracking(now, amazon_account):
    """Brand A's own tracking answer (Brand A = the conftest's Amazon DE account)."""
    t = ReplyTemplate.objects.create(
        key="tracking-brand-a", language="de", channel="", category="order_status", title="Brand A: Sendungsverfolgung",
        body="Hallo {{ customer_first_name }}, Ihre Lieferung von Brand A ist unterwegs.", intents=["order_status"],
        created_at=now, updated_at=now)
    t.stores.set([amazon_account])
    return t


@pytest.fixture
def anna(db):
    call_command("createagent", "anna", password="pw-anna-123", name="Anna Schmidt", verbosity=0)
    return get_user_model().objects.get(username="anna")


def keys(suggestions):
    return [(s.template.key, s.reasons) for s in suggestions]


def test_a_store_sees_its_own_template_first_and_other_stores_never(make_amazon_conv, brand_a_tracking, brand_b):
    own = make_amazon_conv(intent="order_status", language="de")
    assert keys(suggest(own)) == [
        ("tracking-brand-a", ("intent", "language", "store")),
        ("tracking-update", ("intent", "language")),
        ("shipping-delay", ("intent", "language")),
    ]
    other = make_amazon_conv(intent="order_status", language="de", account=brand_b, order_number=None)
    assert keys(suggest(other)) == [("tracking-update", ("intent", "language")), ("shipping-delay", ("intent", "language"))]
    assert [s.template.key for s in suggest(other, query="Brand A")] == []


def test_insert_refuses_a_template_of_another_store(make_amazon_conv, brand_a_tracking, brand_b, anna):
    web = Client()
    web.force_login(anna)
    other = make_amazon_conv(intent="order_status", language="de", account=brand_b, order_number=None)
    assert web.post(f"/replies/conversations/{other.pk}/insert/{brand_a_tracking.pk}/", {"text": ""}).status_code == 404
    own = make_amazon_conv(intent="order_status", language="de")
    response = web.post(f"/replies/conversations/{own.pk}/insert/{brand_a_tracking.pk}/", {"text": ""})
    assert response.status_code == 200
    assert "Hallo Jana, Ihre Lieferung von Brand A ist unterwegs." in response.content.decode()


def test_the_edit_page_limits_a_template_to_stores(anna, amazon_account, brand_b, now):
    compile_translations()
    web = Client()
    web.force_login(anna)
    form = {"title": "Brand B returns", "key": "returns-brand-b", "category": "returns", "language": "en", "channel": "",
            "intents": "return_request", "tags": "", "is_active": "on", "stores": [str(brand_b.pk)],
            "body": "Hello {{ customer_first_name }}, Brand B takes returns for 60 days."}
    response = web.post("/replies/templates/new/", form)
    assert response.status_code == 302
    t = ReplyTemplate.objects.get(key="returns-brand-b")
    assert list(t.stores.values_list("name", flat=True)) == ["Brand B DE"]
    assert Event.objects.get(kind="template_created").data["stores"] == [brand_b.pk]
    html = web.get("/replies/templates/", {"q": "returns-brand-b"}).content.decode()
    assert '<td class="tpl-stores">Brand B DE</td>' in html
    edit = web.get(f"/replies/templates/{t.pk}/").content.decode()
    assert re.search(rf'name="stores" value="{brand_b.pk}"[^>]*checked', edit)
    assert not re.search(rf'name="stores" value="{amazon_account.pk}"[^>]*checked', edit)
    web.post(f"/replies/templates/{t.pk}/", {**form, "stores": []})
    assert t.stores.count() == 0
    zh = Client()
    zh.force_login(anna)
    zh.cookies["django_language"] = "zh-hans"
    page = zh.get("/replies/templates/new/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "店铺（不勾选：所有店铺）" in page
    assert "所有店铺" in zh.get("/replies/templates/", {"q": "returns-brand-b"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_the_api_shows_and_filters_stores(make_amazon_conv, brand_a_tracking, brand_b, anna):
    _, key = tokens.issue(anna, "tests", ["read"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    rows = api.get("/api/v1/templates", {"language": "de", "category": "order_status"}).json()
    assert sorted((t["key"], t["channel"], t["stores"]) for t in rows) == [
        ("tracking-brand-a", "", [brand_a_tracking.stores.get().pk]), ("tracking-update", "", []),
        ("tracking-update", "whatsapp", [])]
    for_b = api.get("/api/v1/templates", {"language": "de", "category": "order_status", "store": brand_b.pk}).json()
    assert sorted(t["key"] for t in for_b) == ["tracking-update", "tracking-update"]
    other = make_amazon_conv(intent="order_status", language="de", account=brand_b, order_number=None)
    refused = api.get(f"/api/v1/templates/{brand_a_tracking.pk}/render", {"conversation": other.pk})
    assert refused.status_code == 404
    own = make_amazon_conv(intent="order_status", language="de")
    assert api.get(f"/api/v1/templates/{brand_a_tracking.pk}/render", {"conversation": own.pk}).json()["text"] == (
        "Hallo Jana, Ihre Lieferung von Brand A ist unterwegs.")
