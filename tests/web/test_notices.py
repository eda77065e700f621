"""Platform notices in the conversation view: under the platform's name, with the case they opened
and where to answer it, no reply box when nothing else came in, codes in words, reasons once."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.orders.models import Claim, Order
from sellerdesk.web import notices
from tests.web.conftest import PASSWORD, T0, make_agent

H = dt.timedelta(hours=1)
ATOZ_TEXT = (
    "Dear Seller,\n\nA buyer has filed an A-to-z Guarantee claim for the following order.\n\n"
    "Order ID: 113-4829103-5571920\nClaim ID: 5290017734\nClaim amount: $24.95\nReason: product_not_received\n"
    "Status: needs_response\nBuyer: Rachel\n"
)


def _message(conv, direction, text, **fields):
    values = dict(conversation=conv, account=conv.account, direction=direction, body_text=text, body_full=text,
                  sent_at=T0, created_at=T0)
    values.update(fields)
    return Message.objects.create(**values)


@pytest.fixture
def atoz_conv(amazon_account, customer):
    order = Order.objects.create(platform="amazon", marketplace="US", number="113-4829103-5571920", customer=customer, created_at=T0)
    conv = Conversation.objects.create(
        channel="amazon", account=amazon_account, marketplace="US", customer=customer, order=order,
        subject="A-to-z Guarantee claim for order 113-4829103-5571920", created_at=T0, last_message_at=T0,
        urgency_reasons=["intent: dispute claim (100%)", "A-to-z claim", "A-to-z claim", "negative sentiment"],
    )
    _message(conv, "in", ATOZ_TEXT, sender="seller-notification@amazon.com", sender_name="Rachel", is_automated=True,
             subject=conv.subject)
    Claim.objects.create(platform="amazon", kind="atoz", external_id="5290017734", order=order, conversation=conv,
                         amount=Decimal("24.95"), currency="USD", reason="product_not_received",
                         respond_by=T0 + 72 * H, created_at=T0)
    return conv


def _article(html: str, kind: str) -> str:
    found = re.search(rf'<article class="msg msg-{kind}".*?</article>', html, re.S)
    assert found, kind
    return found.group(0)


def test_an_amazon_notice_shows_as_amazon_with_its_claim_and_no_reply_box(web, atoz_conv, now):
    html = web.get(f"/conversations/{atoz_conv.pk}/").content.decode()
    notice = _article(html, "notice")
    assert '<span class="from">Amazon</span> <span class="tag notice-tag">Platform notice</span>' in notice
    assert "seller-notification@amazon.com" not in html
    assert "Rachel" in notice  # the platform's wording is kept ("Buyer: Rachel")
    assert "<h2>A-to-z Guarantee claim</h2>" in notice  # the case under the notice that opened it
    assert '<dd class="mono">5290017734</dd>' in notice
    assert "<dd>24.95 USD</dd>" in notice
    assert '<dd class="platform-text">Item not received</dd>' in notice
    assert '<span class="tl tl-green" data-deadline="2026-11-26T20:00:00+08:00">3 d 0 h left</span>' in notice
    assert ('<a class="respond-link" href="https://sellercentral.amazon.com/gp/guarantee-claims/home.html" target="_blank" '
            'rel="noopener noreferrer">Respond in Seller Central ↗</a>') in notice
    assert "Reason: Item not received\nStatus: Needs your response\n" in notice  # codes in words
    assert "product_not_received" not in html and "needs_response" not in html
    assert 'id="reply-form"' not in html and 'id="replies-panel"' not in html
    assert 'id="notice-only"' in html
    assert 'id="note-text"' in html  # notes stay possible
    assert html.count("<h2>A-to-z Guarantee claim</h2>") == 1  # not a second time beside the thread
    assert html.count("<li>A-to-z claim</li>") == 1  # a reason repeated by the notice and the text is one reason
    assert '<ul class="reasons"><li>intent: Dispute / claim (100%)</li><li>A-to-z claim</li><li>negative sentiment</li></ul>' in html.replace("\n", "")


def test_the_notice_in_chinese(db, atoz_conv, now):
    from django.test import Client

    make_agent("li", ui_language="zh-hans")
    client = Client()
    assert client.post("/login/", {"username": "li", "password": PASSWORD}).status_code == 302
    html = client.get(f"/conversations/{atoz_conv.pk}/").content.decode()
    notice = _article(html, "notice")
    assert '<span class="from">亚马逊</span> <span class="tag notice-tag">平台通知</span>' in notice
    assert "<h2>亚马逊 A-to-z 索赔</h2>" in notice
    assert '<dd class="platform-text">未收到商品</dd>' in notice
    assert "在卖家平台（Seller Central）中回应 ↗</a>" in notice
    assert "Reason: 未收到商品\nStatus: 需要你回复\n" in notice
    assert "此会话只有平台通知" in html


def test_with_a_buyer_message_too_the_reply_box_stays_for_the_buyer(web, atoz_conv, now):
    _message(atoz_conv, "in", "Where is my bottle?", sender="k7q2m9x4w1z8c3v@marketplace.amazon.com", sender_name="Rachel",
             created_at=T0 - H, sent_at=T0 - H)
    html = web.get(f"/conversations/{atoz_conv.pk}/").content.decode()
    assert '<span class="from">Rachel</span> <span class="addr">&lt;k7q2m9x4w1z8c3v@marketplace.amazon.com&gt;</span>' in _article(html, "inbound")
    assert '<span class="from">Amazon</span>' in _article(html, "notice")
    assert 'id="reply-form"' in html and 'id="notice-only"' not in html


def test_a_shopify_chargeback_links_to_the_shops_disputes(web, customer, now):
    shop = ChannelAccount.objects.create(kind="shopify", name="Web shop", address="brightdesk-demo.myshopify.com", marketplace="US")
    conv = Conversation.objects.create(channel="shopify", account=shop, marketplace="US", customer=customer,
                                       subject="Chargeback 1052608900 (Shopify Payments)", created_at=T0, last_message_at=T0)
    _message(conv, "in", "Chargeback opened.\nAmount: 129.90 USD\nReason: product_not_received\nStatus: needs_response",
             sender="brightdesk-demo.myshopify.com", sender_name="Michael Brown", is_automated=True, subject=conv.subject)
    Claim.objects.create(platform="shopify", kind="chargeback", external_id="1052608900", conversation=conv,
                         amount=Decimal("129.90"), currency="USD", reason="product_not_received", created_at=T0)
    html = web.get(f"/conversations/{conv.pk}/").content.decode()
    notice = _article(html, "notice")
    assert '<span class="from">Shopify</span>' in notice and "Michael Brown" not in notice
    assert "<h2>Chargeback</h2>" in notice
    assert 'href="https://brightdesk-demo.myshopify.com/admin/payments/disputes"' in notice
    assert ">Respond in the Shopify admin ↗</a>" in notice
    assert "Reason: Item not received\nStatus: Needs your response" in notice


def test_a_claim_of_the_same_order_from_another_thread_stays_beside_the_conversation(web, atoz_conv, make_conv, now):
    other = make_conv("Where is my order?", order=atoz_conv.order)
    _message(other, "in", "Still nothing.", sender="jane@buyer.example")
    html = web.get(f"/conversations/{other.pk}/").content.decode()
    side = html[html.index('<aside class="side">'):]
    assert "<h2>A-to-z Guarantee claim</h2>" in side
    assert "Respond in Seller Central ↗" in side
    assert 'id="reply-form"' in html


@pytest.mark.parametrize(("platform", "kind", "marketplace", "shop", "url"), [
    ("amazon", "atoz", "DE", "", "https://sellercentral.amazon.de/gp/guarantee-claims/home.html"),
    ("amazon", "chargeback", "JP", "", "https://sellercentral.amazon.co.jp/gp/chargebacks/home.html"),
    ("amazon", "negative_feedback", "UK", "", "https://sellercentral.amazon.co.uk/feedback-manager/index.html"),
    ("ebay", "ebay_case", "US", "", "https://www.ebay.com/sh/ord/cases"),
    ("ebay", "return_request", "US", "", "https://www.ebay.com/sh/ord/returns"),
    ("ebay", "ebay_case", "UK", "", "https://www.ebay.co.uk/sh/ord/cases"),
    ("shopify", "return_request", "US", "acme.myshopify.com", "https://acme.myshopify.com/admin/orders"),
    ("shopify", "chargeback", "US", "not a shop", "https://admin.shopify.com/"),
    ("tiktok", "return_request", "US", "", "https://seller.tiktokshop.com/"),
    ("email", "dispute", "", "", ""),
])
def test_where_each_platform_is_answered(platform, kind, marketplace, shop, url):
    assert notices.respond_link(platform, kind, marketplace, shop)[1] == url


def test_codes_in_words_leaves_other_lines_alone():
    text = "Reason: product_not_received\nComments: never_arrived here\nType: DEFECTIVE\nStatus: ITEM_NOT_RECEIVED\nShipped"
    assert notices.codes_in_words(text) == (
        "Reason: Item not received\nComments: never_arrived here\nType: DEFECTIVE\nStatus: Item not received\nShipped")


def test_order_lines_show_their_price_in_the_orders_currency_when_they_name_none(web, make_conv, customer, now):
    order = Order.objects.create(platform="shopify", number="#1039", customer=customer, currency="USD", total=Decimal("129.90"),
                                 items=[{"title": "Vacuum flask 1 L", "quantity": 1, "price": "54.00"},
                                        {"title": "Lid", "quantity": 2}], created_at=T0)
    conv = make_conv("Parcel", order=order)
    html = web.get(f"/conversations/{conv.pk}/").content.decode()
    assert '<li>1 × Vacuum flask 1 L <span class="muted">· 54.00 USD</span></li>' in html
    assert "<li>2 × Lid</li>" in html
