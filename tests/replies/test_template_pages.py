"""Template list, search, edit (with validation and preview), review list; every write leaves an Event."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from sellerdesk.conversations.models import Event
from sellerdesk.replies.models import ReplyTemplate
from tests.replies.conftest import T0


@pytest.fixture
def anna(db):
    call_command("createagent", "anna", password="pw-anna-123", name="Anna Schmidt", verbosity=0)
    return get_user_model().objects.get(username="anna")


@pytest.fixture
def web(anna):
    client = Client()
    client.force_login(anna)
    return client


FORM = {
    "title": "Customs fees", "key": "customs-fees", "category": "shipping_delay", "language": "en", "channel": "",
    "intents": "delivery_issue, order_status", "tags": "customs, duties", "is_active": "on",
    "body": "Hello {{ customer_first_name }},\n\n{% if buyer_country == 'GB' %}Import VAT was paid at checkout.{% else %}No customs fees are due for order {{ order_number }}.{% endif %}",
}


def test_list_filters_by_language_category_tag_and_search(web):
    html = web.get("/replies/templates/", {"language": "ja", "category": "returns"}).content.decode()
    assert html.count('<td><a href="/replies/templates/') == 2
    assert "返品方法のご案内" in html and "返金手続き完了のお知らせ" in html
    html = web.get("/replies/templates/", {"tag": "chat"}).content.decode()
    assert html.count('<td><a href="/replies/templates/') == 7
    html = web.get("/replies/templates/", {"q": "SENDUNGSNUMMER"}).content.decode()
    import re

    titles = re.findall(r'<td><a href="/replies/templates/\d+/">([^<]*)</a>', html)
    assert titles == ["Wo ist meine Bestellung: Sendungsverfolgung", "Lieferverzögerung"]


def test_create_validates_saves_and_records_an_event(web, anna, now):
    bad = web.post("/replies/templates/new/", {**FORM, "body": "Hi {{ custmer_name }} {% if delivered %}"})
    assert bad.status_code == 422
    assert "The template cannot be used: line 1: Unexpected end of template." in bad.content.decode()
    assert not ReplyTemplate.objects.filter(key="customs-fees").exists()
    response = web.post("/replies/templates/new/", FORM)
    t = ReplyTemplate.objects.get(key="customs-fees")
    assert response.status_code == 302 and response["Location"] == f"/replies/templates/{t.pk}/"
    assert (t.intents, t.tags, t.language, t.channel, t.created_at, t.last_reviewed_at) == (
        ["delivery_issue", "order_status"], ["customs", "duties"], "en", "", now, None,
    )
    event = Event.objects.get(kind="template_created")
    assert (event.actor_id, event.conversation_id, event.data) == (anna.pk, None, {"template_id": t.pk, "key": "customs-fees", "language": "en", "channel": "", "stores": []})


def test_unknown_variables_are_refused_by_name(web):
    response = web.post("/replies/templates/new/", {**FORM, "body": "Hi {{ custmer_name }}"})
    assert response.status_code == 422
    assert "The template cannot be used: unknown variable {{ custmer_name }}" in response.content.decode()


def test_a_duplicate_variant_is_refused(web):
    response = web.post("/replies/templates/new/", {**FORM, "key": "refund-issued", "language": "en"})
    assert response.status_code == 422
    assert "A template with this key, language and channel exists already." in response.content.decode()


def test_edit_page_shows_previews_for_both_delivery_states(web):
    t = ReplyTemplate.objects.get(key="tracking-update", language="en", channel="")
    html = web.post(f"/replies/templates/{t.pk}/", {**FORM, "key": t.key, "body": t.body, "preview": "1"}).content.decode()
    assert "Your parcel is on its way with DHL. Tracking number: 00340434161094015902" in html
    assert "According to the carrier, your parcel was delivered on November 24, 2026." in html


def test_hostile_template_shows_the_error_in_the_preview_and_is_saved_only_if_valid(web):
    response = web.post("/replies/templates/new/", {**FORM, "body": "{{ customer_name.__class__ }}"})
    # Attribute names are not variables: it is valid syntax, saved, and refused when rendered.
    t = ReplyTemplate.objects.get(key="customs-fees")
    assert response.status_code == 302
    html = web.post(f"/replies/templates/{t.pk}/", {**FORM, "body": t.body, "preview": "1"}).content.decode()
    assert "not allowed in a template: access to attribute &#x27;__class__&#x27; is not allowed" in html


def test_review_list_is_quarterly(web, anna, now):
    ReplyTemplate.objects.update(last_reviewed_at=T0 - dt.timedelta(days=30))
    old = ReplyTemplate.objects.get(key="claim-response", language="it")
    old.last_reviewed_at = T0 - dt.timedelta(days=92)
    old.save()
    never = ReplyTemplate.objects.get(key="thanks-reply", language="zh")
    never.last_reviewed_at, never.created_at = None, T0 - dt.timedelta(days=100)  # added long ago, never reviewed
    never.save()
    fresh = ReplyTemplate.objects.get(key="claim-response", language="de")
    fresh.last_reviewed_at, fresh.created_at = None, T0 - dt.timedelta(days=5)  # just added: not due yet
    fresh.save()
    html = web.get("/replies/templates/", {"due": "1"}).content.decode()
    assert html.count('<td><a href="/replies/templates/') == 2
    assert "2 due for review" in html
    response = web.post(f"/replies/templates/{old.pk}/reviewed/", {"back": "due"})
    assert response["Location"] == "/replies/templates/?due=1"
    old.refresh_from_db()
    assert old.last_reviewed_at == now
    assert Event.objects.get(kind="template_reviewed").data == {"template_id": old.pk, "key": "claim-response", "language": "it"}
    assert web.get("/replies/templates/", {"due": "1"}).content.decode().count('<td><a href="/replies/templates/') == 1


def test_pages_need_a_login(db):
    assert Client().get("/replies/templates/").status_code == 302


def test_pages_in_chinese_for_a_chinese_ui(web, make_amazon_conv):
    from tests.web.conftest import compile_translations

    compile_translations()
    html = web.get("/replies/templates/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<h1>回复模板</h1>" in html and "全部分类" in html and "订单状态 / 物流" in html
    conv = make_amazon_conv(intent="refund", language="de")
    panel = web.get(f"/replies/conversations/{conv.pk}/panel/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "买家语言：德语" in panel and "符合意图" in panel and "退款、补偿或政策例外" in panel
    # The reply itself stays in the buyer's language.
    assert "Erstattung veranlasst" in panel
