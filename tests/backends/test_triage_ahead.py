"""Deliveries triaged ahead in one batch (pipeline._parse_ahead) end up exactly as if triaged alone."""

from __future__ import annotations

from sellerdesk import triage
from sellerdesk.channels import pipeline
from sellerdesk.conversations.models import Conversation
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import clock

MAILS = {
    "anna@example.de": ("Rücksendung", "Ich möchte die Schuhe zurückschicken, sie passen leider nicht."),
    "vip@example.com": ("Broken lamp", "The lamp arrived with a cracked base. I want a replacement."),
    "marco@example.it": ("Dov'è il mio ordine?", "Ho ordinato dieci giorni fa e non è ancora arrivato nulla."),
}


def mail(sender: str, subject: str, text: str) -> bytes:
    return (
        f"From: {sender}\r\nTo: support@shop.example\r\nSubject: {subject}\r\n"
        f"Message-ID: <{sender}>\r\nDate: Mon, 23 Nov 2026 08:00:00 +0000\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
    ).encode("utf-8")


def test_batch_triaged_deliveries_match_single_triage_and_vips_are_triaged_as_vips(email_account, settings):
    settings.TRIAGE_BATCH = 32
    pipeline._ahead.clear()  # other tests' deliveries may have been looked at ahead
    vip = Customer.objects.create(name="Valued Buyer", email="vip@example.com", is_vip=True, created_at=clock.now())
    Identity.objects.create(customer=vip, kind="email", value="vip@example.com")
    raws = [pipeline.store_delivery(email_account, f"<{s}>", mail(s, *MAILS[s]))[0] for s in MAILS]

    for raw in raws:
        assert pipeline.process(raw.pk) == "processed"

    for sender, (subject, text) in MAILS.items():
        conv = Conversation.objects.get(customer__email=sender)
        alone = triage.analyze(text, subject=subject, is_vip=sender == "vip@example.com")
        assert (conv.language, conv.intent, conv.intent_confidence, conv.sentiment, conv.tier, conv.urgency, conv.urgency_reasons) == (
            alone.language,
            alone.intent,
            alone.intent_confidence,
            alone.sentiment,
            alone.tier,
            alone.urgency,
            alone.reasons,
        )
    assert "VIP" in Conversation.objects.get(customer=vip).urgency_reasons
    assert pipeline._ahead == {}  # nothing left over once every delivery is processed
