"""The WhatsApp template box in real Chromium: on a phone-sized screen, in Chinese, an agent picks
an approved template after the 24-hour window, fills its variables and sends it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.channels.whatsapp.tests.conftest import make_account, post
from sellerdesk.channels.whatsapp.tests.fakes import SENT
from sellerdesk.conversations.models import Conversation, Message
from tests.channels.webhookkit import run_worker
from tests.web.conftest import compile_translations

pytestmark = [pytest.mark.browser]
TEMPLATES = [{"name": "order_update", "language": "en_US", "category": "UTILITY", "body": "Hi {{1}}, your order {{2}} has shipped.",
              "variables": 2}]


def test_template_box_fits_a_phone_and_sends_in_chinese(live_server, browser, transactional_db, shots):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    compile_translations()
    account = make_account()
    account.config = {**account.config, "templates": TEMPLATES}
    account.save()
    post(Client(), account, "text.json")
    run_worker(SENT + dt.timedelta(seconds=2))
    conv = Conversation.objects.get()
    call_command("createagent", "mei", password="agent-password-1", languages="en,zh", verbosity=0)
    AgentProfile.objects.filter(user=get_user_model().objects.get(username="mei")).update(ui_language="zh-hans")

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{live_server.url}/login/?next=/")
        page.fill("#id_username", "mei")
        page.fill("#id_password", "agent-password-1")
        page.click("button.primary")
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/conversations/{conv.pk}/")
        box = page.locator("#whatsapp-templates")
        assert box.locator("h2").text_content() == "WhatsApp 模板"
        assert box.locator("select option").first.text_content() == "order_update (en_US, 2 个变量)"
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
        box.locator("textarea").fill("Sheena\n#1001")
        box.locator("button", has_text="发送模板").click()
        page.locator(".msg-outbound").first.wait_for()
        page.screenshot(path=str(shots / "whatsapp-template-390-zh.png"), full_page=True)
        assert "Hi Sheena, your order #1001 has shipped." in page.locator(".msg-outbound .body").first.inner_text()
    finally:
        context.close()
    reply = Message.objects.get(direction="out")
    assert (reply.body_text, reply.delivery_status) == ("Hi Sheena, your order #1001 has shipped.", "queued")
