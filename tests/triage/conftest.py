import pytest

from sellerdesk.channels import pipeline
from sellerdesk.conversations.models import Message
from sellerdesk.triage import model


@pytest.fixture(scope="session")
def triage_model():
    """The real model, built by `sellerdesk triage-build` (or here, once, if it is missing)."""
    return model.get()


MAIL = (
    "From: Anna Weber <anna@example.de>\r\n"
    "To: support@shop.example\r\n"
    "Subject: Paket\r\n"
    "Message-ID: <m1@example.de>\r\n"
    "Date: Mon, 23 Nov 2026 08:00:00 +0000\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "Können Sie mir sagen, wann meine Bestellung verschickt wird?\r\n"
).encode()


@pytest.fixture
def inbound_message(email_account, triage_model):
    """A buyer message received through the real pipeline (triaged, with its SLA clock)."""
    raw, _ = pipeline.store_delivery(email_account, "<m1@example.de>", MAIL)
    assert pipeline.process(raw.pk) == "processed"
    return Message.objects.get()
