import datetime as dt

import pytest

from sellerdesk.automation import engine
from sellerdesk.channels.base import InboundMessage
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.lib import clock

# 10:00 UTC on a Tuesday: daytime for buyers in Europe.
NOON_EU = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def _fresh_rules():
    engine.forget_rules()
    yield
    engine.forget_rules()


@pytest.fixture
def at_noon():
    with clock.frozen(NOON_EU):
        yield NOON_EU


@pytest.fixture
def shop(db):
    return ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")


def mail(text: str, *, n: int = 1, sender: str = "jana@example.de", name: str = "Jana Weber", order: str = "",
         subject: str = "Order question", reply_to: str = "", channel: str = "email") -> InboundMessage:
    return InboundMessage(
        external_id=f"<buyer-{n}@example.de>", channel=channel, sender=sender, sender_name=name, subject=subject,
        body_text=text, body_full=text, order_number=order, order_platform="shopify" if order else "",
        identities=[("email", sender)], in_reply_to=reply_to, references=[reply_to] if reply_to else [],
    )


def order_with_tracking(number="#1001", *, status="in_transit", updated_at=None, country="DE", customer_email="jana@example.de",
                        url="https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161094015902"):
    from sellerdesk.channels.base import OrderUpdate
    from sellerdesk.orders.actions import apply_order_update

    order, _ = apply_order_update(OrderUpdate(
        platform="shopify", number=number, marketplace="", status="fulfilled", identities=[("email", customer_email)],
        buyer_name="Jana Weber",
        tracking=[{"id": "f1", "company": "DHL", "number": "00340434161094015902", "url": url, "status": status,
                   "updated_at": (updated_at or clock.now()).isoformat()}],
    ))
    if country and order.customer_id:
        order.customer.country = country
        order.customer.save(update_fields=["country"])
    return order
