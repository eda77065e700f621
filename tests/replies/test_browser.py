"""In the browser: Alt+1 puts the best template into the reply box with its first value selected, and a send with
unfilled values is refused; the suggestions sit above the reply box."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Customer
from sellerdesk.lib import clock
from sellerdesk.orders.models import Order
from tests.e2e.conftest import translations  # noqa: F401 - compiled catalogue; browser fixtures are global

pytestmark = [pytest.mark.browser]
PASSWORD = "agent-password"


@pytest.fixture
def conv(transactional_db):
    call_command("createagent", "anna", password=PASSWORD, name="Anna Schmidt", verbosity=0)
    now = clock.now()
    account = ChannelAccount.objects.create(kind="amazon", name="Brightdesk DE", address="seller@marketplace.amazon.de", marketplace="DE",
                                            config={"shop": {"name": "Brightdesk DE"}})
    customer = Customer.objects.create(name="Jana Käufer", language="de", country="DE", created_at=now)
    order = Order.objects.create(platform="amazon", number="302-1234567-1234567", marketplace="DE", customer=customer, created_at=now)
    c = Conversation.objects.create(channel="amazon", account=account, marketplace="DE", customer=customer, order=order,
                                    subject="Wo ist mein Paket?", intent="order_status", language="de",
                                    created_at=now, last_message_at=now, last_inbound_at=now)
    Message.objects.create(conversation=c, account=account, direction="in", sender="buyer@marketplace.amazon.de",
                           body_text="Wo ist mein Paket?", sent_at=now, created_at=now)
    return c


def test_alt_1_inserts_and_unfilled_values_block_the_send(live_server, page, conv, shots):
    page.goto(f"{live_server.url}/login/?next=/conversations/{conv.pk}/")
    page.fill("#id_username", "anna")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/conversations/{conv.pk}/")
    page.locator('#template-suggestions [data-insert-key="1"]').wait_for()
    page.keyboard.press("Alt+1")
    # expect(), not wait_for_function: the Content-Security-Policy forbids the eval the latter uses.
    expect(page.locator("#reply-text")).not_to_have_value("")
    text = page.locator("#reply-text").input_value()
    assert text.startswith("[[delivered]]\nHallo Jana,\n\nvielen Dank für Ihre Nachricht zur Bestellung 302-1234567-1234567.")
    assert "Fill in before sending" in page.locator("#template-notice").inner_text()
    # The first placeholder is selected in the reply box: typing replaces it.
    expect(page.locator("#reply-text")).to_be_focused()
    page.keyboard.type("Ihr Paket wurde zugestellt.")
    assert page.locator("#reply-text").input_value().startswith("Ihr Paket wurde zugestellt.\nHallo Jana,\n")
    page.click("#reply-form button.primary")
    page.locator("#reply-form .error").wait_for()
    assert page.locator("#reply-form .error").inner_text() == (
        "Not sent: fill in the template values still marked in the text: [[carrier]], [[tracking_number]], [[tracking_link]]."
    )
    assert not Message.objects.filter(conversation=conv, direction="out").exists()
    page.screenshot(path=str(shots / "replies-panel.png"), full_page=True)


def test_suggestions_sit_above_the_reply_box(live_server, page, conv):
    page.goto(f"{live_server.url}/login/?next=/conversations/{conv.pk}/")
    page.fill("#id_username", "anna")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.locator('#template-suggestions [data-insert-key="1"]').wait_for()
    suggestions = page.locator("#template-suggestions").bounding_box()
    composer = page.locator("#reply-form").bounding_box()
    note = page.locator(".note-box").bounding_box()
    assert suggestions["y"] + suggestions["height"] <= composer["y"] < note["y"]
