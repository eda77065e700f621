"""The manager's pages in Chromium at 390 px (phone) and 1440 px, in English and Simplified
Chinese: their content never needs sideways scrolling (wide tables scroll inside their own box),
and the bell counts. Screenshots go to /tmp/sellerdesk-shots for a look."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from sellerdesk.alerts.models import ChatWebhook, Notification
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.csat.models import Survey
from sellerdesk.csat.survey import link
from sellerdesk.customers.models import Customer
from sellerdesk.sla import presets
from sellerdesk.sla.models import Calendar, Policy
from tests.browser import wait_for_live_server_requests

pytestmark = [pytest.mark.browser]
PASSWORD = "agent-password"
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)

# Content wider than the viewport, outside a box that scrolls by itself (the top bar is left out:
# its collapse on phones is the navigation's own work).
OVERFLOW = """() => {
  const w = document.documentElement.clientWidth;
  return [...document.querySelectorAll('main *')]
    .filter(e => !e.closest('.table-scroll') && !e.closest('svg') && e.getClientRects().length)
    .filter(e => e.getBoundingClientRect().right > w + 1)
    .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 5);
}"""


@pytest.fixture
def desk(transactional_db):
    presets.apply(Calendar, Policy)
    call_command("createagent", "boss", password=PASSWORD, name="Bo Admin", role="admin", verbosity=0)
    from django.contrib.auth import get_user_model

    boss = get_user_model().objects.get(username="boss")
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    customer = Customer.objects.create(name="Jane Buyer", email="jane@buyer.example", created_at=NOW)
    conv = Conversation.objects.create(channel="email", account=account, customer=customer, subject="Where is my order? It has been three weeks",
                                       created_at=NOW, last_message_at=NOW, intent="delivery_issue", first_response_at=NOW + dt.timedelta(hours=2))
    Message.objects.create(conversation=conv, account=account, direction="in", sender="jane@buyer.example", body_text="Hi",
                           external_id="<x@buyer.example>", sent_at=NOW, created_at=NOW)
    Notification.objects.create(recipient=boss, kind="breach", conversation=conv, created_at=NOW,
                                data={"kind": "breach", "conversation": conv.pk, "subject": conv.subject, "label": "First response 24 h"})
    hook = ChatWebhook(name="客服群 DingTalk", platform="dingtalk", kinds=["breach", "claim"], created_at=NOW)
    hook.target = {"url": "https://oapi.dingtalk.com/robot/send?access_token=x", "secret": "SEC"}
    hook.save()
    survey = Survey.objects.create(conversation=conv, token="e2e-token", language="ja", sent_at=NOW)
    return {"conv": conv, "survey": survey}


PAGES = ["/alerts/", "/alerts/settings/", "/alerts/chat/", "/settings/sla/", "/settings/sla/breaches/",
         "/settings/sla/calendars/{cal}/", "/settings/sla/policies/{policy}/", "/analytics/", "/bulk/", "/conversations/{conv}/"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_manager_pages_fit_a_phone_and_a_desktop(live_server, browser, desk, language, shots):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")
    if language == "zh-hans":
        page.request.post(f"{live_server.url}/language/", form={"language": "zh-hans"},
                          headers={"X-CSRFToken": [c for c in context.cookies() if c["name"] == "csrftoken"][0]["value"]})
    assert page.locator("#alert-count").inner_text() == "1"
    ids = {"cal": Calendar.objects.get(key="staffed-na").pk, "policy": Policy.objects.get(key="amazon-24h-first").pk, "conv": desk["conv"].pk}
    for width in (390, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        for path in PAGES:
            url = live_server.url + path.format(**ids)
            response = page.goto(url)
            assert response.status == 200, url
            assert page.evaluate(OVERFLOW) == [], (url, width)
            name = path.strip("/").replace("/", "_").format(**ids) or "home"
            page.screenshot(path=str(shots / f"manager-{language}-{width}-{name}.png"), full_page=True)
    page.goto(link(desk["survey"]).replace("http://127.0.0.1:8000", live_server.url))
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.locator("button.rating.r4").click()
    assert page.locator("h1").inner_text() == "ご回答ありがとうございました。"
    desk["survey"].refresh_from_db()
    assert desk["survey"].rating == 4
    context.close()
    wait_for_live_server_requests()
