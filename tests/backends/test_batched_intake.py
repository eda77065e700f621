"""Deliveries written in batches end up exactly as if each had been processed alone.

Every mail fixture (Amazon relay threads, Seller Central claims, bounces, auto-replies, malformed
mail, every charset) plus follow-ups that thread onto mails of the same batch, a VIP buyer and a
thread that existed before the batch: processed one by one, then — from the same starting point,
in a rolled-back savepoint — by runs of the intake in batches of several sizes, prepared in the
writer, in its preparing thread and in real helper processes. Every row of every table must be the same, ids included.
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from sellerdesk import triage
from sellerdesk.channels import pipeline, prep
from sellerdesk.channels.email.inbound import message_id_of
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.models import Attachment, Conversation, Event, Message
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import clock
from sellerdesk.orders.models import Claim, Order
from sellerdesk.sla.models import Deadline

FIXTURES = Path(__file__).resolve().parents[2] / "sellerdesk" / "channels" / "email" / "fixtures"
NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.timezone.utc)
TABLES = [Customer, Identity, Order, Claim, Conversation, Deadline, Message, Attachment, Event, RawDelivery]


def mail(sender: str, subject: str, text: str, mid: str, in_reply_to: str = "") -> bytes:
    head = f"From: {sender}\r\nTo: support@shop.example\r\nSubject: {subject}\r\nMessage-ID: {mid}\r\nDate: Sun, 22 Nov 2026 08:00:00 +0000\r\n"
    if in_reply_to:
        head += f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n"
    return (head + f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n").encode("utf-8")


FOLLOW_UPS = [
    # a reply to a fixture mail of the same batch, found by In-Reply-To only (another subject)
    mail("Alisa Novak <alisa.novak@gmail.com>", "Still waiting", "Any news? Still nothing here.",
         "<follow-1@gmail.com>", "<CAF8x2Vh=Qp7r+JX1kT0sn9@mail.gmail.com>"),
    # a new thread, then the same subject again without headers: threaded by subject
    mail("Anna Schmidt <anna@example.de>", "Rücksendung", "Ich möchte die Schuhe zurückschicken, sie passen nicht.", "<anna-1@example.de>"),
    mail("Anna Schmidt <anna@example.de>", "AW: Rücksendung", "Bitte schicken Sie mir ein Etikett.", "<anna-2@example.de>"),
    # the VIP buyer, and a reply to the thread that existed before the batch
    mail("Valued Buyer <vip@example.com>", "Broken lamp", "The lamp arrived with a cracked base. I want a replacement.", "<vip-1@example.com>"),
    mail("Old Buyer <old@example.com>", "Re: Earlier question", "Thanks, but the charger still does not fit.", "<old-2@example.com>", "<old-1@example.com>"),
    # the same mail delivered twice under another delivery id: one message
    mail("Marco Rossi <marco@example.it>", "Dov'è il mio ordine?", "Ho ordinato dieci giorni fa e non è arrivato nulla.", "<marco-1@example.it>"),
]


@pytest.fixture
def stored(email_account, agent):
    # two agents: who is least loaded changes with every assignment
    call_command("createagent", "agent2", password="agent-password", languages="en,de,fr,es,it,ja,zh", verbosity=0)
    vip = Customer.objects.create(name="Valued Buyer", email="vip@example.com", is_vip=True, created_at=NOW)
    Identity.objects.create(customer=vip, kind="email", value="vip@example.com")
    with clock.frozen(NOW - dt.timedelta(days=1)):
        earlier, _ = pipeline.store_delivery(
            email_account, "<old-1@example.com>", mail("Old Buyer <old@example.com>", "Earlier question", "Does the charger fit?", "<old-1@example.com>")
        )
        assert pipeline.process(earlier.pk) == "processed"
    raws = [p.read_bytes() for p in sorted(FIXTURES.glob("*.eml"))] + FOLLOW_UPS
    with clock.frozen(NOW):
        rows = [pipeline.store_delivery(email_account, message_id_of(raw) or f"<no-id-{i}>", raw, channel="email")[0] for i, raw in enumerate(raws)]
        rows.append(pipeline.store_delivery(email_account, "<marco-1@example.it>#again", FOLLOW_UPS[-1], channel="email")[0])
    return rows


# A run's own bookkeeping, not what it wrote: when it took deliveries (pipeline._Ahead._read).
RUN_ONLY = {"taken_until"}


def snapshot() -> dict:
    return {
        model.__name__: [{k: v for k, v in row.items() if k not in RUN_ONLY} for row in model.objects.order_by("pk").values()]
        for model in TABLES
    }


def outcome(run) -> dict:
    """The database after `run()`, then rolled back."""
    with transaction.atomic():
        with clock.frozen(NOW):
            run()
        state = snapshot()
        transaction.set_rollback(True)
    return state


def one_by_one(rows):
    for row in rows:
        pipeline.process(row.pk)


def test_batches_of_every_size_write_exactly_what_one_by_one_processing_writes(stored, settings):
    settings.INGEST_HELPERS = 0
    settings.INGEST_RUN_SECONDS = 3600  # one run writes them all, however loaded the machine
    alone = outcome(lambda: one_by_one(stored))
    statuses = {r["external_id"]: r["status"] for r in alone["RawDelivery"]}
    # the set is what it claims to be: every kind of outcome, threads within the batch
    assert sorted(set(statuses.values())) == ["failed", "ignored", "processed"]
    assert (len(alone["Claim"]), len(alone["Order"])) == (7, 13)
    messages = {m["external_id"]: m for m in alone["Message"]}
    assert messages["<follow-1@gmail.com>"]["conversation_id"] == messages["<CAF8x2Vh=Qp7r+JX1kT0sn9@mail.gmail.com>"]["conversation_id"]
    assert messages["<anna-2@example.de>"]["conversation_id"] == messages["<anna-1@example.de>"]["conversation_id"]
    assert messages["<old-2@example.com>"]["conversation_id"] == messages["<old-1@example.com>"]["conversation_id"]
    assert [m["external_id"] for m in alone["Message"]].count("<marco-1@example.it>") == 1

    for size in (100, 7, 2):
        settings.INGEST_BATCH = size
        batched = outcome(pipeline.drain)
        for table in alone:
            assert batched[table] == alone[table], f"{table} differs with batches of {size}"
        # a backlog of full batches: the next ones were prepared by the worker's preparing thread
        assert isinstance(prep.helpers(start=False), prep.PrepThread) == (size < len(stored) and prep._cores() > 1)
        prep.stop_helpers()


def test_a_vip_is_triaged_as_a_vip_when_triaged_ahead(stored, settings):
    settings.INGEST_HELPERS = 0
    with clock.frozen(NOW):
        pipeline.drain()
    conv = Conversation.objects.get(customer__email="vip@example.com")
    alone = triage.analyze("The lamp arrived with a cracked base. I want a replacement.", subject="Broken lamp", is_vip=True)
    assert (conv.tier, conv.urgency, conv.urgency_reasons) == (alone.tier, alone.urgency, alone.reasons)
    assert "VIP" in conv.urgency_reasons


def test_one_failing_delivery_does_not_hold_up_its_batch(stored, settings, monkeypatch):
    settings.INGEST_HELPERS = 0
    from sellerdesk.conversations import intake

    doomed = next(r for r in stored if r.external_id == "<anna-1@example.de>")
    receive = intake.Intake.receive

    def failing(self, account, msg, **kwargs):
        if msg.external_id == doomed.external_id:
            raise RuntimeError("database went away")
        return receive(self, account, msg, **kwargs)

    monkeypatch.setattr(intake.Intake, "receive", failing)
    with clock.frozen(NOW):
        counts = pipeline.drain()
    doomed.refresh_from_db()
    assert (doomed.status, doomed.attempts, doomed.error) == ("received", 1, "RuntimeError: database went away")
    assert counts["received"] == 1
    assert RawDelivery.objects.filter(status="received").count() == 1
    assert not Message.objects.filter(external_id="<anna-1@example.de>").exists()
    # the follow-up that would have joined it starts its own thread; everything else is written
    assert Message.objects.filter(external_id="<anna-2@example.de>").exists()
    assert sum(counts.values()) == len(stored)
    # a later run does not retry it at once: the stale sweep queues it alone
    with clock.frozen(NOW):
        assert pipeline.drain() == {}


def test_helper_processes_prepare_exactly_what_the_worker_would(email_account, agent, settings):
    settings.INGEST_HELPERS = 1
    raws = [p.read_bytes() for p in sorted(FIXTURES.glob("*.eml"))][:24]
    # and a mail with a 300 KB photo: too big to send to a helper, prepared by the writer
    photo = base64.encodebytes(bytes(range(256)) * 1200).decode()
    big = mail("Lena <lena@example.de>", "Foto", "Das Foto im Anhang.", "<big-1@example.de>").replace(
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nDas Foto im Anhang.\r\n",
        (
            'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
            "Das Foto im Anhang.\r\n--b\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n"
            f'Content-Disposition: attachment; filename="foto.jpg"\r\n\r\n{photo}--b--\r\n'
        ).encode(),
    )
    assert len(big) > prep.MAX_SHIPPED_BYTES
    with clock.frozen(NOW):
        rows = [pipeline.store_delivery(email_account, message_id_of(raw) or f"<no-id-{i}>", raw, channel="email")[0] for i, raw in enumerate(raws + [big])]
    rows = list(RawDelivery.objects.filter(pk__in=[r.pk for r in rows]).select_related("account").order_by("pk"))
    helpers = prep.Helpers(1)
    try:
        assert helpers.wait(timeout=120) is True
        shipped = helpers.submit(rows).result(timeout=120)
    finally:
        helpers.close()
    here = prep.prepare(rows)
    assert sorted(here) == [r.pk for r in rows]
    assert sorted(shipped) == [r.pk for r in rows[:-1]]  # all but the big one
    assert here[rows[-1].pk].parsed.messages[0].attachments[0].filename == "foto.jpg"
    del here[rows[-1].pk]
    for pk, p in here.items():
        q = shipped[pk]
        assert q.key == p.key
        assert (q.parsed is None) == (p.parsed is None)
        assert q.triaged == p.triaged
        if p.parsed is not None:
            assert q.parsed == p.parsed


def test_a_buyer_created_meanwhile_by_another_worker_is_found_on_the_immediate_retry(email_account, agent, settings, monkeypatch):
    # As on PostgreSQL with two workers: this batch read the identities before the other worker
    # committed the same new buyer, so its insert hits the unique key; written again, it finds her.
    settings.INGEST_HELPERS = 0
    from sellerdesk.conversations import batchview

    anna = Customer.objects.create(name="Anna Schmidt", email="anna@example.de", created_at=NOW)
    Identity.objects.create(customer=anna, kind="email", value="anna@example.de")
    load = batchview.BatchView._load
    stale = [True]

    def stale_once(self, items):
        load(self, items)
        if stale.pop() if stale else False:
            self.identities.clear()

    monkeypatch.setattr(batchview.BatchView, "_load", stale_once)
    raw, _ = pipeline.store_delivery(email_account, "<anna-1@example.de>", FOLLOW_UPS[1], channel="email")
    with clock.frozen(NOW):
        assert pipeline.drain() == {"processed": 1}
    raw.refresh_from_db()
    assert (raw.status, raw.attempts, raw.error) == ("processed", 1, "")
    assert list(Customer.objects.values_list("email", flat=True)) == ["anna@example.de"]
    assert Conversation.objects.get().customer == anna


def test_a_helper_process_killed_mid_backlog_loses_nothing(email_account, agent, settings):
    import os
    import signal
    import time

    settings.INGEST_HELPERS = 1
    settings.INGEST_BATCH = 2
    raws = [p.read_bytes() for p in sorted(FIXTURES.glob("utf8*.eml")) + sorted(FIXTURES.glob("amazon_*.eml"))]
    with clock.frozen(NOW):
        for raw in raws:
            pipeline.store_delivery(email_account, message_id_of(raw), raw, channel="email")
    helpers = prep.helpers()
    assert isinstance(helpers, prep.Helpers) and helpers.wait(timeout=120)
    for pid in list(helpers.pool._processes):
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)  # let the pool notice

    with clock.frozen(NOW):
        counts = pipeline.drain()
    assert counts == {"processed": len(raws)}
    assert RawDelivery.objects.filter(status="processed").count() == len(raws) == 11
    assert prep.helpers(start=False) is None  # stopped; the next run starts new ones


def test_a_thread_reopened_before_the_batchs_first_routing_choice_counts_in_its_agents_load(email_account, agent, settings):
    # Two agents, neither with an open conversation; Hans's resolved thread belongs to agent1. His
    # reply reopens it — agent1 now has one open conversation — so the next new buyer goes to
    # agent2, in a batch exactly as one by one.
    settings.INGEST_HELPERS = 0
    from sellerdesk.conversations import actions

    call_command("createagent", "agent2", password="agent-password", languages="en,de", verbosity=0)
    with clock.frozen(NOW - dt.timedelta(days=1)):
        first, _ = pipeline.store_delivery(
            email_account, "<hans-1@example.de>", mail("Hans <hans@example.de>", "Frage", "Wo ist meine Bestellung?", "<hans-1@example.de>")
        )
        assert pipeline.process(first.pk) == "processed"
    hans = Conversation.objects.get()
    assert hans.assignee.username == "agent1"
    actions.resolve(hans, None)  # now nobody has an open conversation
    with clock.frozen(NOW):
        rows = [
            pipeline.store_delivery(email_account, "<hans-2@example.de>", mail("Hans <hans@example.de>", "Re: Frage", "Noch da?", "<hans-2@example.de>", "<hans-1@example.de>"))[0],
            pipeline.store_delivery(email_account, "<otto-1@example.de>", mail("Otto <otto@example.de>", "Rückgabe", "Wie schicke ich das zurück?", "<otto-1@example.de>"))[0],
        ]
    alone = outcome(lambda: one_by_one(rows))
    otto = next(c for c in alone["Conversation"] if c["subject"] == "Rückgabe")
    assert otto["assignee_id"] == get_user_model().objects.get(username="agent2").pk
    settings.INGEST_BATCH = 2
    assert outcome(pipeline.drain) == alone


def test_a_run_ending_on_time_leaves_its_prepared_batches_to_the_next_run(email_account, agent, settings, monkeypatch):
    # Runs of no time at all: each writes one batch. Only the very first batch is prepared by the
    # writer; every later run starts with a batch its predecessor had prepared ahead.
    if prep._cores() < 2:
        pytest.skip("a preparing thread needs a second core")
    import threading

    settings.INGEST_HELPERS = 0
    settings.INGEST_BATCH = 2
    settings.INGEST_RUN_SECONDS = 0
    raws = [p.read_bytes() for p in sorted(FIXTURES.glob("utf8*.eml")) + sorted(FIXTURES.glob("amazon_*.eml"))]
    with clock.frozen(NOW):
        for raw in raws:
            pipeline.store_delivery(email_account, message_id_of(raw), raw, channel="email")
    prepare = prep.prepare
    by_writer = []

    def watched(rows):
        if threading.current_thread() is threading.main_thread():
            by_writer.append([r.pk for r in rows])
        return prepare(rows)

    monkeypatch.setattr(prep, "prepare", watched)
    runs = []
    with clock.frozen(NOW):
        while counts := pipeline.drain():
            runs.append(counts)
    assert len(runs) == (len(raws) + 1) // 2 and len(raws) == 11
    assert sum(sum(c.values()) for c in runs) == len(raws)
    assert RawDelivery.objects.filter(status="processed").count() == len(raws)
    assert Message.objects.count() == len(set(Message.objects.values_list("external_id", flat=True))) == len(raws)
    first = list(RawDelivery.objects.order_by("pk").values_list("pk", flat=True))[:2]
    assert by_writer == [first]


def test_every_change_the_intake_decides_on_a_thread_is_written(stored, settings, monkeypatch):
    # Threads that existed before the batch change in every way a buyer's message changes them —
    # reopened (resolved, snoozed), re-prioritised, assigned, linked to an order, new deadlines —
    # and the objects the intake decided on equal their rows afterwards, column by column.
    from django.forms.models import model_to_dict

    from sellerdesk.conversations import actions, intake

    settings.INGEST_HELPERS = 0
    old = Conversation.objects.get()  # "Earlier question", answered and resolved
    with clock.frozen(NOW - dt.timedelta(hours=3)):
        actions.send_reply(old, get_user_model().objects.get(username="agent1"), "It fits the EU plug.", resolve=True)
    Conversation.objects.filter(pk=old.pk).update(assignee=None, tier=3, urgency=0, intent="", language="", order=None)
    with clock.frozen(NOW - dt.timedelta(hours=2)):
        snoozed, _ = pipeline.store_delivery(
            stored[0].account, "<snooze-1@example.de>", mail("Anna Schmidt <anna@example.de>", "Rücksendung", "Hallo", "<snooze-1@example.de>"))
        assert pipeline.process(snoozed.pk) == "processed"
    anna = Conversation.objects.get(messages__external_id="<snooze-1@example.de>")
    with clock.frozen(NOW - dt.timedelta(hours=1)):
        actions.snooze(anna, None, NOW + dt.timedelta(days=2))
    decided = {}
    flush = intake.Intake.flush

    def keep_decided(self):
        decided.update({pk: model_to_dict(c) for pk, c in self.changed_conversations.items()})
        flush(self)

    monkeypatch.setattr(intake.Intake, "flush", keep_decided)
    with clock.frozen(NOW):
        pipeline.drain()
    assert {old.pk, anna.pk} <= set(decided)
    for pk, values in decided.items():
        assert model_to_dict(Conversation.objects.get(pk=pk)) == values
    assert (decided[old.pk]["status"], decided[anna.pk]["status"]) == ("open", "open")
    assert decided[anna.pk]["snoozed_until"] is None and decided[old.pk]["assignee"] is not None
