"""A customer's lifetime value comes from their orders and counts in the triage of their messages."""

from decimal import Decimal

from sellerdesk.channels import pipeline
from sellerdesk.channels.base import OrderUpdate
from sellerdesk.conversations.models import Conversation
from sellerdesk.customers.models import Customer
from sellerdesk.orders.actions import apply_order_update

ANNA = ("email", "anna@example.de")


def _mail(n: int) -> bytes:
    return (
        "From: Anna Weber <anna@example.de>\r\n"
        "To: support@shop.example\r\n"
        "Subject: Frage\r\n"
        f"Message-ID: <v{n}@example.de>\r\n"
        "Date: Mon, 23 Nov 2026 08:00:00 +0000\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Do you ship this lamp to Canada as well?\r\n"
    ).encode()


def _order(number: str, total: str, refunds=()) -> None:
    apply_order_update(OrderUpdate(
        platform="shopify", number=number, currency="EUR", total=Decimal(total),
        identities=[ANNA], buyer_name="Anna Weber", refunds=list(refunds),
    ))


def test_lifetime_value_is_the_orders_total_less_refunds(db):
    _order("#1001", "400.00")
    _order("#1002", "250.50")
    assert Customer.objects.get().lifetime_value == Decimal("650.50")
    _order("#1002", "250.50", refunds=[{"id": "r1", "amount": "50.50", "currency": "EUR"}])
    assert Customer.objects.get().lifetime_value == Decimal("600.00")


def test_a_valuable_customers_message_is_lifted_by_the_intake(email_account):
    raw, _ = pipeline.store_delivery(email_account, "<v1@example.de>", _mail(1))
    assert pipeline.process(raw.pk) == "processed"
    before = Conversation.objects.get()
    assert not any(r.startswith("high-value customer") for r in before.urgency_reasons)

    _order("#2001", "900.00")
    _order("#2002", "300.00")
    before.status = Conversation.Status.RESOLVED
    before.save()
    raw, _ = pipeline.store_delivery(email_account, "<v2@example.de>", _mail(2))
    assert pipeline.process(raw.pk) == "processed"
    after = Conversation.objects.get()
    assert "high-value customer (1,200)" in after.urgency_reasons
    assert after.tier <= 2
    assert after.urgency > before.urgency
