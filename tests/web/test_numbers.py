"""Order and tracking numbers named in messages: linked to the order we know, offered for lookup
when the platform's order API is set up, tracking numbers with their carrier's page."""

import re
from decimal import Decimal

import pytest
from django_tasks_db.models import DBTaskResult

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Message
from sellerdesk.orders.models import Order
from sellerdesk.tracking.links import entity_carrier
from tests.web.conftest import PASSWORD, T0, make_agent
from django.test import Client

LOOKUP = "sellerdesk.channels.lookups.lookup_order"


def _message(conv, text, direction="in", **fields):
    values = dict(conversation=conv, account=conv.account, direction=direction, body_text=text, body_full=text,
                  sender="jane@buyer.example", sent_at=T0, created_at=T0)
    values.update(fields)
    return Message.objects.create(**values)


def _numbers(html: str, message) -> str:
    article = re.search(rf'<article class="msg [^"]*" id="m{message.pk}">.*?</article>', html, re.S).group(0)
    found = re.search(r'<ul class="numbers".*?</ul>', article, re.S)
    return re.sub(r"\s+", " ", found.group(0)) if found else ""


@pytest.fixture
def spapi_account(db):
    account = ChannelAccount(kind="amazon_spapi", name="Amazon US orders", marketplace="US")
    account.credentials = {"client_id": "id", "client_secret": "secret", "refresh_token": "Atzr|token"}
    account.save()
    return account


def test_a_known_order_links_to_its_conversation_and_this_ones_order_is_named(web, make_conv, customer, now):
    mine = Order.objects.create(platform="amazon", number="112-3344556-7788990", customer=customer, created_at=T0)
    other = Order.objects.create(platform="shopify", number="#1042", customer=customer, created_at=T0)
    conv = make_conv("Two orders", order=mine)
    older = make_conv("About 1042", order=other)
    message = _message(conv, "My order 112-3344556-7788990 came, but where is order #1042?")
    html = web.get(f"/conversations/{conv.pk}/").content.decode()
    numbers = _numbers(html, message)
    assert ('<li><span class="muted">Order</span> <span class="mono">112-3344556-7788990</span> '
            '<span class="muted">· this conversation’s order</span>') in numbers
    assert (f'<li><span class="muted">Order</span> <span class="mono">#1042</span> · '
            f'<a href="/conversations/{older.pk}/" class="order-link">open its conversation</a>') in numbers


def test_an_unknown_order_is_offered_for_lookup_and_the_button_queues_it(web, make_conv, spapi_account, now):
    conv = make_conv("Where is it?", marketplace="US")
    message = _message(conv, "I never got order 114-1234567-1234567.")
    html = web.get(f"/conversations/{conv.pk}/").content.decode()
    numbers = _numbers(html, message)
    assert '<span class="mono">114-1234567-1234567</span>' in numbers
    assert ('<input type="hidden" name="platform" value="amazon"><input type="hidden" name="number" value="114-1234567-1234567">'
            '<button type="submit" class="link">Look this order up</button>') in numbers
    response = web.post(f"/conversations/{conv.pk}/look-up-order/", {"platform": "amazon", "number": "114-1234567-1234567"}, follow=True)
    assert "Asked Amazon for order 114-1234567-1234567: reload in a minute to see it." in response.content.decode()
    assert [r.args_kwargs["args"] for r in DBTaskResult.objects.filter(task_path=LOOKUP)] == [["amazon", "114-1234567-1234567", "US"]]


def test_without_an_order_api_there_is_no_button_and_a_forged_lookup_is_refused(web, make_conv, now):
    conv = make_conv("Where is it?")
    message = _message(conv, "I never got order 114-1234567-1234567.")
    html = web.get(f"/conversations/{conv.pk}/").content.decode()
    assert '<span class="mono">114-1234567-1234567</span> <span class="muted">· not a known order</span>' in _numbers(html, message)
    assert "Look this order up" not in html
    response = web.post(f"/conversations/{conv.pk}/look-up-order/", {"platform": "amazon", "number": "114-1234567-1234567"})
    assert response.status_code == 422
    assert '<p class="error" role="alert" id="lookup-error">No Amazon order API is set up: add it on the Channels page.</p>' in response.content.decode()
    response = web.post(f"/conversations/{conv.pk}/look-up-order/", {"platform": "nowhere", "number": "1"})
    assert response.status_code == 422
    assert "Choose an order number from a message." in response.content.decode()
    assert not DBTaskResult.objects.filter(task_path=LOOKUP).exists()


def test_tracking_numbers_show_their_carrier_page_and_the_orders_own_shipment_wins(web, make_conv, customer, now):
    order = Order.objects.create(platform="shopify", number="#1039", customer=customer, created_at=T0, total=Decimal("1"),
                                 tracking=[{"id": "1", "company": "DHL Paket", "number": "00340434161094042557", "url": ""}])
    conv = make_conv("Parcel", order=order)
    message = _message(conv, "UPS says 1Z999AA10123456784 and DHL 00340434161094042557, and RR123456785GB?")
    numbers = _numbers(web.get(f"/conversations/{conv.pk}/").content.decode(), message)
    assert ('<a href="https://www.ups.com/track?tracknum=1Z999AA10123456784" target="_blank" rel="noopener noreferrer" '
            'class="mono track-link">1Z999AA10123456784</a> <span class="muted">· UPS</span>') in numbers
    assert ('<a href="https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161094042557" '
            'target="_blank" rel="noopener noreferrer" class="mono track-link">00340434161094042557</a> '
            '<span class="muted">· DHL Paket</span> <span class="muted">· a shipment of this order</span>') in numbers
    assert ('<a href="https://www.royalmail.com/track-your-item#/tracking-results/RR123456785GB" target="_blank" '
            'rel="noopener noreferrer" class="mono track-link">RR123456785GB</a> <span class="muted">· Royal Mail</span>') in numbers


def test_numbers_in_chinese(db, make_conv, now):
    make_agent("li", ui_language="zh-hans")
    client = Client()
    assert client.post("/login/", {"username": "li", "password": PASSWORD}).status_code == 302
    conv = make_conv("订单")
    message = _message(conv, "订单号 114-1234567-1234567，运单号 SF1234567890123")
    numbers = _numbers(client.get(f"/conversations/{conv.pk}/").content.decode(), message)
    assert '<span class="muted">订单</span> <span class="mono">114-1234567-1234567</span> <span class="muted">· 不是已知订单</span>' in numbers
    assert ('<span class="muted">物流跟踪</span> <a href="https://www.sf-express.com/chn/en/waybill/waybill-detail/SF1234567890123" '
            'target="_blank" rel="noopener noreferrer" class="mono track-link">SF1234567890123</a> <span class="muted">· SF Express</span>') in numbers


def test_a_message_without_numbers_has_no_list(web, make_conv, now):
    conv = make_conv("Hello")
    message = _message(conv, "Thank you, all good!")
    assert _numbers(web.get(f"/conversations/{conv.pk}/").content.decode(), message) == ""


def test_digits_near_the_word_order_are_shown_only_when_they_are_a_known_order(web, make_conv, customer, now):
    Order.objects.create(platform="other", number="4711081547", customer=customer, created_at=T0)
    conv = make_conv("Claim")
    unknown = _message(conv, "Order ID: 113\nClaim ID: 5290017734")
    known = _message(conv, "My order number is 4711081547")
    html = web.get(f"/conversations/{conv.pk}/").content.decode()
    assert _numbers(html, unknown) == ""
    assert '<span class="mono">4711081547</span> <span class="muted">· a known order, no conversation yet</span>' in _numbers(html, known)


@pytest.mark.parametrize(("source", "number", "expected"), [
    ("usps", "9400111899223197428490", ("USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490")),
    ("yunexpress", "YT1234567890123456", ("YunExpress", "https://www.yuntrack.com/parcelTracking?id=YT1234567890123456")),
    ("japan_post", "1234-5678-9012", ("Japan Post", "https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1=1234-5678-9012")),
    ("china_post", "RR123456785CN", ("China Post", "")),
    ("tracking", "4711081547110815", ("", "")),
])
def test_the_carrier_table(source, number, expected):
    assert entity_carrier(source, number) == expected


@pytest.mark.parametrize("text", [
    "Order 302-1234567-1234567, tracking 1Z999AA10123456784, call me at +49 30 1234567, paid €12,50",
    "Bestellung 12-34567-89012 Sendung 00340434161234567890 an jane.302-1234567-1234567@example.com",
    "order #1042 and #2043; my phone 415 555 0100; total $1,234.56",
    "Tracking: 9400111899223856928499 USPS, FedEx 123456789012, DHL JJD0001234567890",
    "注文番号 503-7654321-7654321 追跡 1234-5678-9012 ¥3000",
    "LP00123456789012 CNAB12345678901 YT1234567890123456 SF1234567890123 RR123456789GB",
    "tiktok 577123456789012345 walmart 2000123456789 phone 0612345678",
    "no numbers at all, only words",
])
def test_the_numbers_pass_finds_what_the_full_extraction_finds(text):
    from sellerdesk.triage import entities

    def numbers(found):
        return [e for e in found if e.kind in ("order", "tracking")]

    assert numbers(entities.extract(text, numbers_only=True)) == numbers(entities.extract(text))
