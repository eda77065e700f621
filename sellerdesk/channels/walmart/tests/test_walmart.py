"""Walmart: buyer mail through the relay becomes a walmart conversation linked to the order; CSV import of orders."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sellerdesk.channels import pipeline
from sellerdesk.channels.email.inbound import message_id_of
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation
from sellerdesk.lib import clock
from sellerdesk.orders.models import Order
from sellerdesk.sla.models import Deadline

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 6, 9, 5, tzinfo=UTC)


@pytest.fixture
def care_mailbox(db):
    return ChannelAccount.objects.create(kind="email", name="Walmart care", address="care@shop.example", marketplace="US")


def deliver(account, name):
    raw = (FIXTURES / name).read_bytes()
    row, _ = pipeline.store_delivery(account, message_id_of(raw), raw, channel="email")
    with clock.frozen(NOW):
        pipeline.process(row.pk)
    row.refresh_from_db()
    return row


def import_csv(*extra) -> dict:
    out = io.StringIO()
    with clock.frozen(NOW):
        call_command("import_orders", str(FIXTURES / "orders.csv"), "--platform", "walmart", "--marketplace", "US", "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


def test_csv_import_reports_rows_and_skips_bad_ones(db):
    report = import_csv()
    assert report == {
        "platform": "walmart", "rows": 5, "created": ["108829384756123", "108829384757000"], "updated": [],
        "errors": ["line 4: quantity: 'one' is not a whole number", "line 6: the order number is empty"],
    }
    order = Order.objects.get(number="108829384756123")
    assert (order.platform, order.external_id, order.marketplace, order.status, order.total) == (
        "walmart", "4792871650123", "US", "Shipped", Decimal("44.40"))
    assert order.placed_at == dt.datetime(2026, 11, 1, tzinfo=UTC)
    assert order.items == [{"sku": "MUG-BLUE", "title": "Blue enamel mug", "quantity": 2, "price": "19.95"},
                           {"sku": "LID-BLUE", "title": "Blue mug lid", "quantity": 1, "price": "4.50"}]
    assert order.tracking == [{"id": "9400111899223197428491", "company": "USPS", "number": "9400111899223197428491",
                               "url": "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428491", "status": ""}]
    assert order.customer.name == "Maria Lopez"


def test_importing_the_same_file_again_changes_nothing(db):
    import_csv()
    before = list(Order.objects.order_by("pk").values())
    again = import_csv()
    assert (again["created"], again["updated"]) == ([], ["108829384756123", "108829384757000"])
    assert list(Order.objects.order_by("pk").values()) == before


def test_walmart_relay_mail_is_a_walmart_conversation_linked_to_the_imported_order(care_mailbox):
    import_csv()
    first, second = deliver(care_mailbox, "walmart_question.eml"), deliver(care_mailbox, "walmart_followup.eml")
    assert (first.status, second.status) == ("processed", "processed")
    conv = Conversation.objects.get()
    assert (conv.channel, conv.thread_key, conv.marketplace) == ("walmart", "walmart:108829384756123", "US")
    assert conv.order == Order.objects.get(number="108829384756123")
    assert Order.objects.count() == 2  # linked, not created again
    assert list(conv.messages.order_by("id").values_list("sender", "body_text")) == [
        ("3f9a1c2e7b@relay.walmart.com", "Hi, my order came with the lid missing from the blue mug. Can you send one?\n\nThanks\nMaria"),
        ("3f9a1c2e7b@relay.walmart.com", "Any news on the lid?"),
    ]
    # Walmart's 48 h, weekends counted, from the buyer's first message.
    assert Deadline.objects.get(conversation=conv, kind="Walmart 48 h").due_at == dt.datetime(2026, 11, 7, 15, 20, tzinfo=UTC)


def test_unreadable_file_is_a_clear_error(db, tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="no order number column; the first line is 'a, b'"):
        call_command("import_orders", str(bad), "--platform", "walmart")
