"""An agent's day in the browser: log in, inbox by deadline, open, reply, Chinese UI, resolve."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Customer
from sellerdesk.lib import clock
from sellerdesk.search import index as search_index

pytestmark = [pytest.mark.browser]
PASSWORD = "agent-password"


@pytest.fixture
def inbox(transactional_db):
    call_command("createagent", "anna", password=PASSWORD, name="Anna Schmidt", role="admin", timezone="Asia/Shanghai", verbosity=0)
    account = ChannelAccount.objects.create(kind="email", name="Amazon US relay", address="amazon-us@shop.example", marketplace="US")
    now = clock.now()
    convs = {}
    for key, name, subject, left in [
        ("green", "Laura García", "Gracias por todo", dt.timedelta(hours=20)),
        ("overdue", "Sarah Miller", "Package never arrived", -dt.timedelta(hours=2, minutes=5)),
        ("amber", "Jürgen Weber", "Artikel beschädigt angekommen", dt.timedelta(hours=5)),
    ]:
        customer = Customer.objects.create(name=name, email=f"{key}@buyer.example", created_at=now)
        conv = Conversation.objects.create(
            channel="amazon", account=account, marketplace="US", customer=customer, subject=subject, tier=1,
            intent="delivery_issue", language="en", next_deadline_at=now + left, created_at=now, last_message_at=now,
        )
        Message.objects.create(
            conversation=conv, account=account, direction="in", sender=f"{key}@buyer.example", sender_name=name,
            body_text=f"Message from {name}", body_full=f"Message from {name}", external_id=f"<{key}@buyer.example>",
            sent_at=now, created_at=now,
        )
        convs[key] = conv
    search_index.reindex_all()  # rows made here, not by the intake, which indexes what it writes
    return convs


def test_agent_flow(live_server, page, inbox, shots):
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/login/?next=/"
    page.fill("#id_username", "anna")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")

    # Sorted by deadline, coloured by time left (the countdown script has rendered the text by now).
    rows = page.locator("#inbox-list a.row")
    ids = [int(rows.nth(i).get_attribute("data-id")) for i in range(rows.count())]
    assert ids == [inbox["overdue"].pk, inbox["amber"].pk, inbox["green"].pk]
    times = page.locator("#inbox-list a.row .tl")
    assert [times.nth(i).get_attribute("class") for i in range(3)] == ["tl tl-overdue", "tl tl-amber", "tl tl-green"]
    assert times.nth(0).inner_text() == "overdue 2 h"
    assert re.fullmatch(r"4 h 59 min left|5 h 0 min left", times.nth(1).inner_text())
    assert page.locator(".ch").first.inner_text() == "Amazon US"
    page.screenshot(path=str(shots / "e2e-inbox.png"), full_page=True)

    # j selects the first row, Enter opens it.
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/conversations/{inbox['overdue'].pk}/")
    assert page.locator("h1").inner_text() == "Package never arrived"

    # r focuses the reply box; Send swaps the conversation in place.
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "reply-text"
    page.keyboard.type("Hi Sarah, a replacement ships today.")
    page.click("#reply-form button.primary")
    outbound = page.locator(".msg-outbound")
    outbound.wait_for()
    assert outbound.locator(".body").inner_text() == "Hi Sarah, a replacement ships today."
    assert outbound.locator(".dlv").inner_text() == "Queued"
    assert page.locator("#conv-status").inner_text() == "Pending"
    assert page.locator(".notice").inner_text() == "Reply queued for sending."
    assert page.locator("#reply-text").input_value() == ""
    page.screenshot(path=str(shots / "e2e-conversation.png"), full_page=True)

    # The Chinese UI.
    page.click("button[value=zh-hans]")
    page.wait_for_selector("html[lang=zh-hans]")
    assert page.locator("nav.nav a").nth(0).inner_text() == "我的工作"
    assert page.locator("nav.nav a").nth(1).inner_text() == "收件箱"
    assert page.locator("#conv-status").inner_text() == "等待买家"
    assert page.locator("#resolve-button").inner_text() == "✓ 解决"

    page.click("#resolve-button")
    page.wait_for_selector("#conv-status.st-resolved")
    assert page.locator("#conv-status").inner_text() == "已解决"
    assert Conversation.objects.get(pk=inbox["overdue"].pk).status == "resolved"
    page.screenshot(path=str(shots / "e2e-conversation-zh.png"), full_page=True)


def test_inbox_filter_and_load_more_keep_working_with_htmx(live_server, page, inbox):
    page.goto(f"{live_server.url}/login/?next=/")
    page.fill("#id_username", "anna")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")
    page.fill("#f-q", "Artikel")
    page.locator("#filters").evaluate("f => f.requestSubmit()")
    page.wait_for_url(re.compile(r".*q=Artikel.*"))
    # expect(), not wait_for_function: the Content-Security-Policy forbids the eval the latter uses.
    expect(page.locator("#inbox-list a.row")).to_have_count(1)
    assert page.locator("#inbox-list a.row").get_attribute("data-id") == str(inbox["amber"].pk)
    page.click("a.folder[data-status=resolved]")
    expect(page.locator("#inbox-list a.row")).to_have_count(0)
    assert page.locator("#f-status").input_value() == "resolved"
    assert page.locator("a.folder.on").get_attribute("data-status") == "resolved"


def test_countdown_recounts_and_recolours(live_server, page, transactional_db):
    """desk.js updates the time left every 30 s; Playwright's fake clock moves time, no waiting."""
    call_command("createagent", "anna", password=PASSWORD, verbosity=0)
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    now = clock.now()
    customer = Customer.objects.create(name="Sarah", created_at=now)
    # 30 s of slack: the page is rendered a moment after `now`.
    Conversation.objects.create(
        channel="email", account=account, customer=customer, subject="Soon",
        next_deadline_at=now + dt.timedelta(hours=2, minutes=10, seconds=30), created_at=now, last_message_at=now,
    )
    page.clock.install(time=now)
    page.goto(f"{live_server.url}/login/?next=/")
    page.fill("#id_username", "anna")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")
    left = page.locator("#inbox-list a.row .tl")
    # expect() waits out a 60 s list refresh that the clock jump may start (the page recounts after it too).
    expect(left).to_have_text("2 h 10 min left")
    expect(left).to_have_class("tl tl-amber")
    page.clock.fast_forward(15 * 60 * 1000)
    expect(left).to_have_text("1 h 55 min left")
    expect(left).to_have_class("tl tl-red")
    page.clock.fast_forward((2 * 60 + 45) * 60 * 1000)
    expect(left).to_have_text("overdue 49 min")
    expect(left).to_have_class("tl tl-overdue")
