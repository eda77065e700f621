"""store_delivery -> task queued -> a real worker process -> a triaged, threaded, assigned conversation.

The same test on SQLite and PostgreSQL with the database queue, and with RQ over Redis
(see conftest.py for how the test and the workers share one database).
"""

from __future__ import annotations

import datetime as dt
import email.utils

import pytest
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django_tasks import TaskResultStatus
from django_tasks.signals import task_enqueued

from sellerdesk import triage
from sellerdesk.channels import pipeline
from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.channels.tasks import process_deliveries
from sellerdesk.conversations.models import Conversation, Event, Message
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import clock
from sellerdesk.sla.models import Deadline
from tests.backends.conftest import POSTGRESQL_DB, POSTGRESQL_RQ, SQLITE_DB, SQLITE_RQ

QUESTION = "Hallo, ich warte seit zwei Wochen auf meine Bestellung. Wo ist sie?"
REPLY = "Danke! Das Paket ist heute angekommen."


def mail(message_id: str, sent_at: dt.datetime, subject: str, text: str, in_reply_to: str = "") -> bytes:
    headers = [
        "From: Hans Meier <Hans@Example.de>",
        "To: support@shop.example",
        f"Subject: {subject}",
        f"Message-ID: {message_id}",
        f"Date: {email.utils.format_datetime(sent_at)}",
    ]
    if in_reply_to:
        headers += [f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"]
    headers.append("Content-Type: text/plain; charset=utf-8")
    return ("\r\n".join(headers) + "\r\n\r\n" + text + "\r\n").encode("utf-8")


@pytest.fixture
def enqueued():
    """Every task result enqueued by this process, on whichever backend."""
    results = []

    def collect(sender, task_result, **kwargs):
        results.append(task_result)

    task_enqueued.connect(collect)
    yield results
    task_enqueued.disconnect(collect)


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB, SQLITE_RQ, POSTGRESQL_RQ], indirect=True)
def test_deliveries_become_one_triaged_thread_through_a_real_worker(backend, enqueued, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("createagent", "agent1", password="agent-password", languages="en,de", verbosity=0)
    agent = get_user_model().objects.get(username="agent1")
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    sent_at = clock.now().replace(microsecond=0) - dt.timedelta(hours=2)
    first = mail("<q-1@example.de>", sent_at, "Wo ist meine Bestellung?", QUESTION)
    second = mail("<r-1@example.de>", sent_at + dt.timedelta(hours=1), "Re: Wo ist meine Bestellung?", REPLY, "<q-1@example.de>")

    raw1, created1 = pipeline.store_delivery(account, "<q-1@example.de>", first)
    raw2, created2 = pipeline.store_delivery(account, "<r-1@example.de>", second)
    again, created_again = pipeline.store_delivery(account, "<q-1@example.de>", first)

    assert (created1, created2, created_again) == (True, True, False)
    assert again.pk == raw1.pk
    # One run of the intake is queued: the second delivery finds it queued and not started.
    assert [(r.task.name, r.args) for r in enqueued] == [("process_deliveries", [])]
    assert Message.objects.count() == 0  # nothing happens until a worker runs

    backend.run_worker_batch()

    result = process_deliveries.get_result(enqueued[0].id)
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, {"processed": 2})
    assert list(RawDelivery.objects.order_by("id").values_list("status", "attempts", "error")) == [
        ("processed", 1, ""),
        ("processed", 1, ""),
    ]
    conv = Conversation.objects.get()
    expected = triage.analyze(QUESTION, subject="Wo ist meine Bestellung?")
    later = triage.analyze(REPLY, subject="Re: Wo ist meine Bestellung?")
    assert conv.subject == "Wo ist meine Bestellung?"
    assert conv.status == "open"
    assert conv.language == "de"
    assert conv.tier == min(expected.tier, later.tier)
    assert conv.assignee == agent
    # The response clock starts when the buyer first wrote, not when a worker got to the mail;
    # the follow-up does not start a second one.
    response = Deadline.objects.get(conversation=conv, metric="first_response")
    assert (response.starts_at, response.closed_at) == (sent_at, None)
    assert (conv.next_deadline_at, conv.deadline_kind) == (response.due_at, response.kind)
    assert list(conv.messages.order_by("id").values_list("external_id", "body_text", "raw_delivery_id", "sent_at")) == [
        ("<q-1@example.de>", QUESTION, raw1.pk, sent_at),
        ("<r-1@example.de>", REPLY, raw2.pk, sent_at + dt.timedelta(hours=1)),
    ]
    customer = Customer.objects.get()
    assert (customer.email, customer.name, customer.language) == ("hans@example.de", "Hans Meier", "de")
    assert list(Identity.objects.values_list("kind", "value", "customer")) == [("email", "hans@example.de", customer.pk)]
    assert list(Event.objects.filter(conversation=conv).order_by("id").values_list("kind", flat=True)) == [
        "conversation_created",
        "message_received",
        "assigned",
        "message_received",
    ]
