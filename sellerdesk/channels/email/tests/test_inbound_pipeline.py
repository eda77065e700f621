"""Parsed mail through the real pipeline: raw delivery -> process -> conversations, claims, bounces."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sellerdesk.channels import pipeline
from sellerdesk.channels.email.inbound import message_id_of
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import clock
from sellerdesk.orders.models import Claim, Order

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = dt.datetime(2026, 11, 22, 0, 0, tzinfo=dt.timezone.utc)


def deliver(account, name: str, raw: bytes | None = None) -> RawDelivery:
    raw = raw if raw is not None else (FIXTURES / name).read_bytes()
    row, _ = pipeline.store_delivery(account, message_id_of(raw), raw, channel="email")
    with clock.frozen(NOW):
        pipeline.process(row.pk)
    row.refresh_from_db()
    return row


def test_amazon_thread_and_atoz_claim_share_one_conversation(email_account):
    first = deliver(email_account, "amazon_us_inquiry.eml")
    second = deliver(email_account, "amazon_us_reply_quoting.eml")
    claim_mail = deliver(email_account, "sc_atoz_us.eml")
    assert [first.status, second.status, claim_mail.status] == ["processed", "processed", "processed"]
    conv = Conversation.objects.get()
    assert (conv.channel, conv.marketplace, conv.thread_key) == ("amazon", "US", "amazon:114-1234567-1234567")
    assert conv.order == Order.objects.get(platform="amazon", number="114-1234567-1234567")
    assert conv.customer.name == "Alisa"
    # The claim notification carries no buyer identity: it joins Alisa, it creates no one.
    assert list(Customer.objects.values_list("name", flat=True)) == ["Alisa"]
    assert list(Identity.objects.filter(customer=conv.customer).values_list("kind", "value")) == [
        ("amazon_buyer", "m1z9b3mk8gb1c26@marketplace.amazon.com")
    ]
    assert list(conv.messages.order_by("id").values_list("body_text", flat=True))[1] == (
        'Hi again, the tracking now says "delivered" but nothing is at my door or with my neighbours. '
        "Please send a replacement or refund me.\n\nAlisa"
    )
    claim = Claim.objects.get()
    assert (claim.kind, claim.external_id, claim.amount, claim.currency, claim.conversation) == (
        "atoz", "5287412230", Decimal("89.99"), "USD", conv)
    assert claim.respond_by == dt.datetime(2026, 11, 24, 7, 59, tzinfo=dt.timezone.utc)


def test_bounce_marks_our_message_failed(email_account):
    deliver(email_account, "utf8_gmail_reply.eml")
    conv = Conversation.objects.get()
    ours = Message.objects.create(
        conversation=conv, account=email_account, direction=Message.Direction.OUTBOUND, sender="support@shop.example",
        recipients=["nobody@example.org"], body_text="Hello", external_id="<sd-42.0123456789abcdef@shop.example>",
        delivery_status=Message.Delivery.SENT, sent_at=NOW, created_at=NOW,
    )
    row = deliver(email_account, "bounce_dsn_rfc822.eml")
    reason = "bounce: 5.1.1 nobody@example.org — Recipient address rejected: User unknown"
    assert (row.status, row.error) == ("ignored", reason)
    ours.refresh_from_db()
    assert (ours.delivery_status, ours.error) == ("failed", reason)
    assert Message.objects.count() == 2


def test_auto_reply_and_malformed_mail_are_stored_not_dropped(email_account):
    ooo = deliver(email_account, "autoreply_exchange_ooo.eml")
    junk = deliver(email_account, "malformed_binary.eml")
    assert (ooo.status, ooo.error) == ("ignored", "auto-reply: Auto-Submitted: auto-replied")
    assert (junk.status, junk.error) == ("failed", "malformed: not an email message: binary data where the headers should be")
    assert bytes(junk.body) == (FIXTURES / "malformed_binary.eml").read_bytes()
    assert Conversation.objects.count() == 0


def test_attachments_and_flags_are_stored(email_account):
    deliver(email_account, "attachments.eml")
    deliver(email_account, "broken_part.eml")
    with_files, broken = Message.objects.order_by("id")
    assert list(with_files.attachments.order_by("id").values_list("filename", "content_type", "is_inline", "size")) == [
        ("Schaden 1.png", "image/png", True, 70),
        ("发票 Nr. 12.pdf", "application/pdf", False, 69),
        ("Schäden Foto.jpg", "image/jpeg", False, 22),
        ("Bestellbestätigung Teil 2.txt", "text/plain", False, 28),
        ("attachment-5.eml", "message/rfc822", False, 180),
    ]
    assert broken.flags == ["broken-part"]
    assert broken.body_text == "Hola, adjunto la factura del pedido 1234. ¿Pueden reembolsar el envío?"
