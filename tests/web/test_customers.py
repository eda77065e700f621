"""Customer 360 page: identities, orders with shipments, conversations; merge and undo from the UI."""

from decimal import Decimal

from django.test import Client

from sellerdesk.conversations.models import Conversation
from sellerdesk.customers.models import Customer, CustomerMerge, Identity
from sellerdesk.orders.models import Order
from tests.web.conftest import T0, make_agent


def _relay_customer():
    c = Customer.objects.create(name="Jane", created_at=T0)
    Identity.objects.create(customer=c, kind="amazon_buyer", value="q8z1@marketplace.amazon.de")
    return c


def test_customer_page_shows_the_buyer_across_channels(web, customer, email_account):
    order = Order.objects.create(
        platform="amazon", marketplace="DE", number="302-1234567-7654321", customer=customer, created_at=T0,
        total=Decimal("59.90"), currency="EUR", status="Shipped", items=[{"title": "Teekanne 1,2 l", "quantity": 1}],
        tracking=[{"company": "DHL", "number": "00340434161234567890", "url": "https://www.dhl.de/track?n=1", "status": "in transit"}],
        refunds=[{"amount": "10.00", "currency": "EUR", "note": "lid missing"}],
    )
    Order.objects.create(platform="shopify", number="#1042", customer=customer, created_at=T0, total=Decimal("20.00"), currency="USD")
    Conversation.objects.create(channel="email", account=email_account, customer=customer, order=order,
                                subject="Deckel fehlt", created_at=T0, last_message_at=T0)
    relay = _relay_customer()
    Conversation.objects.create(channel="amazon", account=email_account, customer=relay, order=order,
                                subject="Frage zur Bestellung", created_at=T0, last_message_at=T0)

    html = web.get(f"/customers/{customer.pk}/").content.decode()

    assert '<dd class="mono">jane@buyer.example</dd>' in html
    assert '<dd id="order-totals">59.90 EUR · 20.00 USD</dd>' in html
    assert '<a href="https://www.dhl.de/track?n=1" rel="noopener noreferrer" target="_blank" class="mono">00340434161234567890</a> · in transit' in html
    assert "<li>10.00 EUR · lid missing</li>" in html
    assert ">Deckel fehlt</a>" in html
    assert f'<a href="/customers/{relay.pk}/">Jane #{relay.pk}</a>' in html
    assert "Writes about an order this customer placed" in html


def test_merge_and_undo_from_the_page(web, customer, email_account):
    relay = _relay_customer()
    conv = Conversation.objects.create(channel="amazon", account=email_account, customer=relay, subject="Frage",
                                       created_at=T0, last_message_at=T0)

    response = web.post(f"/customers/{customer.pk}/merge/", {"source": str(relay.pk), "reason": "same order"}, follow=True)

    html = response.content.decode()
    assert "Customer Jane merged into this one." in html
    assert '<dd class="mono">q8z1@marketplace.amazon.de</dd>' in html
    assert Conversation.objects.get(pk=conv.pk).customer_id == customer.pk
    done = CustomerMerge.objects.get()
    assert f'action="/customers/merges/{done.pk}/undo/"' in html

    html = web.post(f"/customers/merges/{done.pk}/undo/", follow=True).content.decode()
    assert "Merge undone: Jane is a separate customer again." in html
    assert Conversation.objects.get(pk=conv.pk).customer_id == relay.pk
    assert "<p class=\"notice\" id=\"merged-into\">" not in web.get(f"/customers/{relay.pk}/").content.decode()


def test_a_bad_merge_is_refused_with_a_reason(web, customer):
    html = web.post(f"/customers/{customer.pk}/merge/", {"source": "abc"}, follow=True).content.decode()
    assert "No customer with that number." in html
    html = web.post(f"/customers/{customer.pk}/merge/", {"source": str(customer.pk)}, follow=True).content.decode()
    assert "A customer cannot be merged into itself." in html


def test_readonly_agents_see_but_cannot_merge(db, customer):
    client = Client()
    client.force_login(make_agent("viewer", role="readonly"))
    relay = _relay_customer()
    assert "Merge into this customer" not in client.get(f"/customers/{customer.pk}/").content.decode()
    assert client.post(f"/customers/{customer.pk}/merge/", {"source": str(relay.pk)}).status_code == 403
    assert CustomerMerge.objects.count() == 0


def test_the_conversation_sidebar_links_the_customer_page(web, make_conv, customer):
    conv = make_conv()
    assert f'<a href="/customers/{customer.pk}/" id="customer-link">Jane Buyer</a>' in web.get(f"/conversations/{conv.pk}/").content.decode()


def test_order_platforms_are_named_as_sellers_know_them(web, customer):
    Order.objects.create(platform="tiktok", marketplace="MY", number="576461413038785752", customer=customer, created_at=T0)
    Order.objects.create(platform="ebay", marketplace="UK", number="12-34567-89012", customer=customer, created_at=T0)
    html = web.get(f"/customers/{customer.pk}/").content.decode()
    assert '<span class="tag">TikTok Shop MY</span>' in html
    assert '<span class="tag">eBay UK</span>' in html


def test_customer_page_queries_do_not_grow_with_orders_and_skip_what_the_buyer_lacks(web, customer, email_account,
                                                                                     django_assert_num_queries):
    from sellerdesk.orders.models import Claim
    from sellerdesk.privacy.models import Erasure

    for i in range(60):
        order = Order.objects.create(platform="amazon", number=f"302-0000000-{i:07d}", customer=customer, created_at=T0,
                                     total=Decimal("10.10"), currency="EUR" if i % 2 else "USD")
        Conversation.objects.create(channel="email", account=email_account, customer=customer, order=order,
                                    subject=f"Order {i}", created_at=T0, last_message_at=T0)
    web.get(f"/customers/{customer.pk}/")
    # session, user with their agent profile, security gate; the customer (with whether it has merges, erasures and
    # claims), its identities, orders, their shipments; conversations; merge suggestions: mailbox, orders
    # both ways, same name; totals per currency; the navigation's badges (the same with 6 orders or 600)
    with django_assert_num_queries(14):
        html = web.get(f"/customers/{customer.pk}/").content.decode()
    assert '<dd id="order-totals">303.00 EUR · 303.00 USD</dd>' in html
    # A buyer with a merge, an erasure and a claim: each list read, three queries more.
    other = Customer.objects.create(name="Old record", created_at=T0)
    from sellerdesk.customers import merge as merging

    merging.merge(customer, other, None)
    Erasure.objects.create(customer_id=customer.pk, erased_at=T0, reason="request", counts={})
    Claim.objects.create(platform="amazon", kind="atoz", external_id="A1", order=order, created_at=T0)
    with django_assert_num_queries(17):
        html = web.get(f"/customers/{customer.pk}/").content.decode()
    assert 'id="merges"' in html and 'id="claims"' in html and 'id="erased"' in html
