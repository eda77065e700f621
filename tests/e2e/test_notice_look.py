"""In the browser: an A-to-z notice looks like the platform's notice (grey, "Amazon", the claim inside
it with its countdown and where to answer), no reply box, at 1440 and 390 px, in English and Chinese."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Customer
from sellerdesk.lib import clock
from sellerdesk.orders.models import Claim, Order

pytestmark = [pytest.mark.browser]
PASSWORD = "agent-password"
NOTICE = ("Dear Seller,\n\nA buyer has filed an A-to-z Guarantee claim for the following order.\n\n"
          "Order ID: 113-4829103-5571920\nClaim ID: 5290017734\nClaim amount: $24.95\nReason: product_not_received\nBuyer: Rachel\n")


@pytest.fixture
def conv(transactional_db):
    call_command("createagent", "anna", password=PASSWORD, name="Anna Schmidt", verbosity=0)
    call_command("createagent", "li", password=PASSWORD, name="Li Wei", ui_language="zh-hans", verbosity=0)
    now = clock.now()
    account = ChannelAccount.objects.create(kind="email", name="Amazon US relay", address="amazon-us@shop.example", marketplace="US")
    customer = Customer.objects.create(name="Rachel", created_at=now)
    order = Order.objects.create(platform="amazon", marketplace="US", number="113-4829103-5571920", customer=customer, created_at=now)
    c = Conversation.objects.create(channel="amazon", account=account, marketplace="US", customer=customer, order=order,
                                    subject="A-to-z Guarantee claim for order 113-4829103-5571920", created_at=now, last_message_at=now,
                                    next_deadline_at=now + dt.timedelta(hours=72), deadline_kind="A-to-z respond-by")
    Message.objects.create(conversation=c, account=account, direction="in", sender="seller-notification@amazon.com", sender_name="Rachel",
                           subject=c.subject, body_text=NOTICE, body_full=NOTICE, is_automated=True, sent_at=now, created_at=now)
    Claim.objects.create(platform="amazon", kind="atoz", external_id="5290017734", order=order, conversation=c, amount=Decimal("24.95"),
                         currency="USD", reason="product_not_received", respond_by=now + dt.timedelta(hours=72), created_at=now)
    return c


def _login(page, live_server, username, conv):
    page.goto(f"{live_server.url}/login/?next=/conversations/{conv.pk}/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/conversations/{conv.pk}/")


@pytest.mark.parametrize(("username", "width", "sender", "respond"), [
    ("anna", 1440, "Amazon", "Respond in Seller Central ↗"),
    ("anna", 390, "Amazon", "Respond in Seller Central ↗"),
    ("li", 1440, "亚马逊", "在卖家平台（Seller Central）中回应 ↗"),
    ("li", 390, "亚马逊", "在卖家平台（Seller Central）中回应 ↗"),
])
def test_the_notice_looks_like_a_notice(live_server, page, conv, shots, username, width, sender, respond):
    page.set_viewport_size({"width": width, "height": 900})
    _login(page, live_server, username, conv)
    notice = page.locator("article.msg-notice")
    assert notice.locator("header .from").inner_text() == sender
    assert notice.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(244, 245, 247)"
    assert notice.evaluate("el => getComputedStyle(el).borderLeftColor") == "rgb(110, 119, 129)"
    claim = notice.locator(".box.claim")
    assert claim.is_visible()
    assert claim.locator("a.respond-link").inner_text() == respond
    assert claim.locator("a.respond-link").get_attribute("href") == "https://sellercentral.amazon.com/gp/guarantee-claims/home.html"
    assert claim.locator(".tl").inner_text() != ""  # the live countdown
    assert "seller-notification@amazon.com" not in page.content()
    assert page.locator("#reply-form").count() == 0
    assert page.locator("#notice-only").is_visible()
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(shots / f"notice-{username}-{width}.png"), full_page=True)
