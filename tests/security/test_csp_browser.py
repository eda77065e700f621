"""Item 1 (CSP): with scripts allowed only from our origin and no eval, every page still works.

Chromium reports each blocked script, style or handler on the console ("Refused to ..."); the
pages are walked as an admin would and no console error may appear. The parts that used inline
behaviour — the 60 s refreshes (htmx trigger filters) and removing a shift row (hx-on) — are
exercised.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Customer
from sellerdesk.lib import clock
from tests.web.conftest import compile_translations

pytestmark = [pytest.mark.browser]
PASSWORD = "agent-password"


@pytest.fixture(scope="module", autouse=True)
def translations():
    compile_translations()


@pytest.fixture
def desk(transactional_db):
    call_command("createagent", "boss", password=PASSWORD, name="Bo Admin", role="admin", verbosity=0)
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    now = clock.now()
    customer = Customer.objects.create(name="Sarah Miller", email="sarah@buyer.example", created_at=now)
    conv = Conversation.objects.create(channel="email", account=account, customer=customer, subject="Package never arrived",
                                       tier=1, language="en", next_deadline_at=now + dt.timedelta(hours=3),
                                       created_at=now, last_message_at=now)
    Message.objects.create(conversation=conv, account=account, direction="in", sender="sarah@buyer.example",
                           body_text="Where is it?", body_full="Where is it?", external_id="<s1@buyer.example>",
                           sent_at=now, created_at=now)
    return {"conv": conv, "account": account, "customer": customer}


def test_pages_work_under_the_content_security_policy(live_server, page, desk):
    problems = []
    page.on("console", lambda m: problems.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))
    page.clock.install(time=clock.now())
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")
    csp = page.request.get(f"{live_server.url}/").headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp

    # The inbox list reloads itself every 60 s.
    expect(page.locator("#inbox-list a.row")).to_have_count(1)
    with page.expect_request(lambda r: r.url.startswith(f"{live_server.url}/?") and r.headers.get("hx-request") == "true"):
        page.clock.fast_forward(61_000)

    # The reply panel is loaded by htmx on "load".
    page.goto(f"{live_server.url}/conversations/{desk['conv'].pk}/")
    expect(page.locator("#template-suggestions")).to_be_attached()

    # The queue page reloads its body every 60 s.
    page.goto(f"{live_server.url}/supervisor/queue/")
    with page.expect_request(lambda r: r.url == f"{live_server.url}/supervisor/queue/" and r.headers.get("hx-request") == "true"):
        page.clock.fast_forward(61_000)

    # A shift row added by htmx is removed by its button.
    page.goto(f"{live_server.url}/agents/")
    page.locator("a", has_text="Bo Admin").first.click()
    page.click("#add-shift")
    expect(page.locator("#shift-1")).to_be_visible()
    page.locator("#shift-1 button", has_text="Remove").click()
    expect(page.locator("#shift-1")).to_have_count(0)

    for path in ["/problems/", "/replies/templates/", "/replies/templates/new/", "/replies/glossary/", "/replies/approvals/",
                 "/supervisor/metrics/", "/channels/", "/channels/email/new/", "/channels/shopify/new/",
                 f"/channels/email/{desk['account'].pk}/", f"/customers/{desk['customer'].pk}/", "/orders/import/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_be_visible()
    assert problems == []
