"""Two workers writing the same new buyer at once (PostgreSQL): the second waits, then finds her.

A batch locks the names of the buyers and orders it is about to create (lib/keylocks.py) before
it reads its view. So a batch whose buyer another worker's open transaction is creating waits for
that commit and writes her messages onto the buyer that transaction made — in one try, instead of
hitting the unique key and writing its batch again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, transaction

from sellerdesk.channels import pipeline
from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.conversations.models import Conversation
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import clock, keylocks
from tests.backends import stack
from tests.backends.conftest import POSTGRESQL_DB

NOW = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.timezone.utc)
ANNA = "anna@example.de"


def mail(n: int) -> bytes:
    return (f"From: Anna Schmidt <{ANNA}>\r\nTo: support@shop.example\r\nSubject: Bestellung {n}\r\n"
            f"Message-ID: <anna-{n}@example.de>\r\nDate: Mon, 23 Nov 2026 07:00:00 +0000\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\nHallo, wo ist meine Bestellung {n}?\r\n").encode()


def in_thread(url: str, fn, errors: list):
    def run():
        try:
            with stack.pointed_at(url):
                fn()
        except Exception as exc:  # reported by the test, not lost in the thread
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
        return cursor.fetchone()[0] > 0


@pytest.mark.parametrize("backend", [POSTGRESQL_DB], indirect=True)
def test_a_batch_waits_for_the_buyer_another_worker_is_creating_and_writes_once(backend, caplog):
    call_command("createagent", "agent1", password="agent-password", languages="en,de", verbosity=0)
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    raws = [pipeline.store_delivery(account, f"<anna-{n}@example.de>", mail(n), channel="email")[0] for n in (1, 2)]
    created, commit = threading.Event(), threading.Event()
    made: list[int] = []
    errors: list[Exception] = []

    def other_worker():  # what another worker's batch does for a new buyer, held open until told
        with transaction.atomic():
            assert keylocks.lock_names([f"identity email {ANNA}"]) is True
            anna = Customer.objects.create(name="Anna Schmidt", email=ANNA, created_at=NOW)
            Identity.objects.create(customer=anna, kind="email", value=ANNA)
            made.append(anna.pk)
            created.set()
            assert commit.wait(timeout=60)

    def this_worker():
        with clock.frozen(NOW):
            assert pipeline.process_batch([r.pk for r in raws], in_run=True) == {r.pk: "processed" for r in raws}

    caplog.set_level(logging.INFO, logger="sellerdesk.channels.pipeline")
    first = in_thread(backend.database_url, other_worker, errors)
    assert created.wait(timeout=60)
    second = in_thread(backend.database_url, this_worker, errors)
    deadline = time.monotonic() + 60
    while not someone_waits_for_a_lock() and time.monotonic() < deadline and second.is_alive():
        time.sleep(0.05)
    assert someone_waits_for_a_lock()  # this worker's batch waits for the other's transaction
    commit.set()
    first.join(timeout=60)
    second.join(timeout=120)
    assert errors == []
    assert [r.message for r in caplog.records if "concurrent write" in r.message or "alone" in r.message] == []
    assert list(Customer.objects.values_list("pk", flat=True)) == made
    assert list(Identity.objects.values_list("kind", "value", "customer_id")) == [("email", ANNA, made[0])]
    assert list(Conversation.objects.values_list("customer_id", flat=True).distinct()) == [made[0]]
    assert list(RawDelivery.objects.order_by("pk").values_list("status", "attempts")) == [("processed", 1), ("processed", 1)]


@pytest.mark.parametrize("backend", [POSTGRESQL_DB], indirect=True)
def test_a_locked_name_holds_until_commit_and_other_names_do_not_wait(backend):
    errors: list[Exception] = []
    outcome: list[tuple[str, str]] = []
    locked, done = threading.Event(), threading.Event()

    def holder():
        with transaction.atomic():
            keylocks.lock_names(["identity email a@example.de"])
            locked.set()
            assert done.wait(timeout=60)

    def try_lock(name: str):
        def attempt():
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '300ms'")
                try:
                    with transaction.atomic():
                        keylocks.lock_names([name, "identity email unrelated@example.de"])
                    outcome.append((name, "locked"))
                except OperationalError as exc:  # lock_timeout: it would have waited
                    outcome.append((name, type(exc.__cause__).__name__))
        return attempt

    first = in_thread(backend.database_url, holder, errors)
    assert locked.wait(timeout=60)
    for name in ["identity email a@example.de", "identity email b@example.de"]:
        in_thread(backend.database_url, try_lock(name), errors).join(timeout=60)
    done.set()
    first.join(timeout=60)
    in_thread(backend.database_url, try_lock("identity email a@example.de"), errors).join(timeout=60)
    assert errors == []
    assert outcome == [
        ("identity email a@example.de", "LockNotAvailable"),  # held by the open transaction
        ("identity email b@example.de", "locked"),  # another name: no wait
        ("identity email a@example.de", "locked"),  # after its commit
    ]
