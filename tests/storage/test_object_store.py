"""Raw deliveries and attachments in an object store: written there, read back by every reader
(intake, reprocessing, privacy export), deleted by erasure and retention; rows written before the
store was configured keep working from their column."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from email.message import EmailMessage
from functools import lru_cache

import pytest
from django.core.management import call_command
from django.test import Client

from sellerdesk.channels import pipeline
from sellerdesk.channels.models import RawDelivery
from sellerdesk.channels.retention import purge_rejected
from sellerdesk.conversations.models import Attachment, Conversation, Message
from sellerdesk.lib import blobs, clock
from sellerdesk.ops import blobstore
from sellerdesk.privacy.erase import erase
from sellerdesk.privacy.export import export

PDF = b"%PDF-1.4 label for the return \x00\x01\x02"


@lru_cache(maxsize=None)  # the same bytes each time: a MIME boundary is random
def mail(n: int, sender: str = "hans@example.de", *, attach: bool = False) -> bytes:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = f"Hans Meier <{sender}>", "support@shop.example", f"Bestellung {n}"
    m["Message-ID"], m["Date"] = f"<m-{n}@example.de>", "Mon, 23 Nov 2026 08:00:00 +0000"
    m.set_content(f"Hallo, wo ist meine Bestellung {n}? Ich warte seit zwei Wochen.")
    if attach:
        m.add_attachment(PDF, maintype="application", subtype="pdf", filename="retoure.pdf")
    return m.as_bytes()


def column(model, pk: int, name: str) -> bytes:
    """The column's own bytes, as the database holds them."""
    return bytes(model.objects.filter(pk=pk).values_list(name, flat=True).get())


def test_a_delivery_goes_to_the_store_and_reads_back(store, email_account):
    raw, created = pipeline.store_delivery(email_account, "<m-1@example.de>", mail(1))
    assert created is True
    assert raw.body_key.startswith("deliveries/") and len(raw.body_key.split("/")) == 3
    assert store.keys() == [raw.body_key]
    assert store.read(raw.body_key) == mail(1)
    assert column(RawDelivery, raw.pk, "body") == b""
    assert bytes(RawDelivery.objects.get(pk=raw.pk).body) == mail(1)


def test_a_redelivery_leaves_no_object_behind(store, email_account):
    first, _ = pipeline.store_delivery(email_account, "<m-1@example.de>", mail(1))
    again, created = pipeline.store_delivery(email_account, "<m-1@example.de>", mail(1))
    assert (created, again.pk) == (False, first.pk)
    assert store.keys() == [first.body_key]


def test_one_poll_stores_its_mails_as_objects(store, email_account):
    stored = pipeline.store_deliveries(email_account, [(f"<m-{n}@example.de>", mail(n), {}) for n in range(5)]
                                       + [("<m-0@example.de>", mail(0), {})])
    assert [created for _, created in stored] == [True] * 5 + [False]
    raws = list(RawDelivery.objects.order_by("pk"))
    assert store.keys() == sorted(r.body_key for r in raws)
    assert [bytes(r.body) for r in raws] == [mail(n) for n in range(5)]


def test_the_intake_reads_objects_and_stores_attachments_as_objects(store, email_account, agent):
    raw, _ = pipeline.store_delivery(email_account, "<m-1@example.de>", mail(1, attach=True))
    assert pipeline.process(raw.pk) == "processed"
    msg = Message.objects.get()
    assert (msg.subject, msg.raw_delivery_id) == ("Bestellung 1", raw.pk)
    att = Attachment.objects.get()
    assert (att.filename, att.size, att.data_key.startswith("attachments/")) == ("retoure.pdf", len(PDF), True)
    assert column(Attachment, att.pk, "data") == b""
    assert store.read(att.data_key) == PDF
    assert bytes(Attachment.objects.get().data) == PDF
    assert store.keys() == sorted([raw.body_key, att.data_key])
    web = Client()
    web.force_login(agent)
    download = web.get(f"/attachments/{att.pk}/")
    assert (download.status_code, download.content, download["Content-Type"]) == (200, PDF, "application/pdf")


def test_a_batch_of_the_intake_reads_every_object(store, email_account, agent):
    pipeline.store_deliveries(email_account, [(f"<m-{n}@example.de>", mail(n, f"buyer{n}@example.de"), {}) for n in range(6)])
    pipeline.drain()
    assert sorted(Message.objects.values_list("subject", flat=True)) == [f"Bestellung {n}" for n in range(6)]
    assert set(RawDelivery.objects.values_list("status", flat=True)) == {"processed"}


def test_a_failed_delivery_is_processed_again_from_its_object(store, email_account):
    raw, _ = pipeline.store_delivery(email_account, "<broken@x>", b"this is not an email at all")
    assert pipeline.process(raw.pk) == "failed"
    raw = RawDelivery.objects.get(pk=raw.pk)
    assert (bytes(raw.body), raw.error) == (b"this is not an email at all",
                                            "malformed: no From header, and no Sender, Reply-To or Return-Path to take it from")
    assert pipeline.redeliver(raw) == "failed"
    assert store.keys() == [raw.body_key]


def test_privacy_export_and_erase_cover_the_objects(store, email_account, agent, django_capture_on_commit_callbacks):
    mine, _ = pipeline.store_delivery(email_account, "<m-1@example.de>", mail(1, attach=True))
    other, _ = pipeline.store_delivery(email_account, "<m-2@example.de>", mail(2, "olga@example.ru"))
    pipeline.drain()
    customer = Conversation.objects.get(messages__raw_delivery=mine).customer
    att = Attachment.objects.get()

    out = io.BytesIO()
    counts = export(customer, out)
    assert (counts["raw_deliveries"], counts["attachments"]) == (1, 1)
    with zipfile.ZipFile(out) as zf:
        assert zf.read(f"raw/{mine.pk}-email.bin") == mail(1, attach=True)
        assert zf.read(f"attachments/{att.message_id}/{att.pk}-retoure.pdf") == PDF

    with django_capture_on_commit_callbacks(execute=False) as deletions:
        erase(customer)
    assert len(store.keys()) == 3  # nothing deleted before the erasure commits
    for callback in deletions:
        callback()
    assert store.keys() == [other.body_key]  # the buyer's delivery and attachment are gone from the store
    erased = RawDelivery.objects.get(pk=mine.pk)
    assert (erased.body_key, bytes(erased.body)) == (None, b"")
    assert Attachment.objects.count() == 0
    assert bytes(RawDelivery.objects.get(pk=other.pk).body) == mail(2, "olga@example.ru")


def test_erase_finds_an_order_webhook_in_the_store_that_names_the_buyer(store, email_account, agent,
                                                                       django_capture_on_commit_callbacks):
    raw, _ = pipeline.store_delivery(email_account, "<m-1@example.de>", mail(1))
    pipeline.drain()
    customer = Conversation.objects.get().customer
    # Not linked to any message (as an order webhook is), received while the buyer was active.
    hook, _ = pipeline.store_delivery(email_account, "order-77", b'{"email": "hans@example.de", "address1": "Hauptstr. 5"}',
                                      status=RawDelivery.Status.IGNORED)
    unrelated, _ = pipeline.store_delivery(email_account, "order-78", b'{"email": "olga@example.ru"}',
                                           status=RawDelivery.Status.IGNORED)
    with django_capture_on_commit_callbacks(execute=True):
        erase(customer)
    assert sorted(RawDelivery.objects.filter(body_key__isnull=False).values_list("pk", flat=True)) == [unrelated.pk]
    assert store.keys() == [unrelated.body_key]
    assert bytes(RawDelivery.objects.get(pk=hook.pk).body) == b""


def test_retention_deletes_rejected_deliveries_with_their_objects(store, email_account, django_capture_on_commit_callbacks):
    kept, _ = pipeline.store_delivery(email_account, "<m-1@example.de>", mail(1))
    forged, _ = pipeline.store_delivery(email_account, "forged-1", b"{}", status=RawDelivery.Status.REJECTED)
    RawDelivery.objects.filter(pk=forged.pk).update(received_at=clock.now() - dt.timedelta(days=400))
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_rejected() == 1
    assert store.keys() == [kept.body_key]


def test_rows_from_before_the_store_read_from_their_column_and_move_into_it(settings, email_account, request):
    stores = dict(settings.STORAGES)
    stores.pop("blobs", None)
    settings.STORAGES = stores
    old, _ = pipeline.store_delivery(email_account, "<m-1@example.de>", mail(1))
    assert (old.body_key, column(RawDelivery, old.pk, "body")) == (None, mail(1))

    store = request.getfixturevalue("file_store")
    assert bytes(RawDelivery.objects.get(pk=old.pk).body) == mail(1)
    new, _ = pipeline.store_delivery(email_account, "<m-2@example.de>", mail(2))
    assert store.keys() == [new.body_key]

    assert blobstore.move() == {"channels.RawDelivery": 1, "conversations.Attachment": 0}
    moved = RawDelivery.objects.get(pk=old.pk)
    assert (column(RawDelivery, old.pk, "body"), bytes(moved.body)) == (b"", mail(1))
    assert store.keys() == sorted([moved.body_key, new.body_key])
    assert blobstore.move() == {"channels.RawDelivery": 0, "conversations.Attachment": 0}


def test_orphans_are_listed_and_deleted_once_old_enough(store, email_account, capsys):
    raw, _ = pipeline.store_delivery(email_account, "<m-1@example.de>", mail(1))
    lost = blobs.offload([RawDelivery(body=b"rolled back")], prefix=pipeline.DELIVERY_PREFIX)[0].body_key
    assert blobstore.orphans(delete=True).orphans == []  # younger than a day: may be mid-transaction
    found = blobstore.orphans(delete=True, min_age=dt.timedelta(0))
    assert (found.checked, found.orphans, found.deleted) == (2, [lost], 1)
    assert store.keys() == [raw.body_key]
    call_command("blobs", "orphans", "--min-age-hours", "0")
    assert capsys.readouterr().out == "1 objects checked, 0 orphans, 0 deleted\n"


def test_the_command_says_when_there_is_no_store(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No object store is configured"):
        call_command("blobs", "move")



def test_problems_page_replay_and_redeliver_read_the_store(store, email_account, agent, tmp_path, capsys):
    broken, _ = pipeline.store_delivery(email_account, "<broken@x>", b"this is not an email at all")
    assert pipeline.process(broken.pk) == "failed"
    web = Client()
    web.force_login(agent)
    page = web.get(f"/problems/deliveries/{broken.pk}/").content.decode()
    assert "this is not an email at all" in page
    call_command("redeliver", str(broken.pk))
    assert capsys.readouterr().out == f"{broken.pk} email <broken@x>: failed\n"

    (tmp_path / "mail.eml").write_bytes(mail(7))
    call_command("inbound", "email", str(tmp_path / "mail.eml"), "--account", str(email_account.pk))
    replayed = RawDelivery.objects.get(external_id="<m-7@example.de>")
    assert (replayed.status, bytes(replayed.body)) == ("processed", mail(7))
    assert store.read(replayed.body_key) == mail(7)
    assert Message.objects.get(raw_delivery=replayed).subject == "Bestellung 7"
