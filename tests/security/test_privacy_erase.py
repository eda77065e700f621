"""Finding 10 / the erase target: after `privacy erase`, no column of any table and no file of the
data folder holds the buyer's email, name, phone, address or order numbers in clear."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from sellerdesk.audit.models import AuditEntry
from sellerdesk.conversations.models import Conversation, Event, Message
from sellerdesk.customers.models import Customer
from sellerdesk.orders.models import Order
from sellerdesk.privacy.models import Erasure
from tests.security import erase_scenario as scenario


def shipped_model(settings) -> str:
    """The triage model built at install: a fresh data folder would otherwise build its own (~1 min)."""
    from sellerdesk.triage.model import artefact_path

    return str(artefact_path())


@pytest.fixture
def data_dir(tmp_path, settings):
    settings.TRIAGE_MODEL_PATH = shipped_model(settings)
    settings.DATA_DIR = tmp_path
    settings.ALLOWED_HOSTS = ["testserver"]
    return tmp_path


def test_the_scan_finds_the_buyer_before_the_erasure(db, data_dir):
    scenario.build()
    found = scenario.scan_database()
    tables = {hit.split(".")[0] for hit in found}
    # She is everywhere the issue lists: messages, bodies, HTML, raw deliveries, orders, events, identities...
    assert {"conversations_message", "conversations_conversation", "conversations_attachment", "channels_rawdelivery",
            "orders_order", "conversations_event", "customers_customer", "customers_identity", "customers_customermerge",
            "replies_messagetranslation"} <= tables
    assert any(hit.startswith("outbox/") for hit in scenario.scan_files(data_dir))


def test_after_erase_no_column_and_no_file_names_her(db, data_dir):
    ids = scenario.build()
    conversations_before = Conversation.objects.count()
    messages_before = list(Message.objects.order_by("pk").values_list("pk", "direction", "sent_at", "delivery_status"))
    order_totals = list(Order.objects.order_by("pk").values_list("pk", "total", "currency", "placed_at"))
    other_before = list(Message.objects.filter(conversation__customer_id=ids["other"]).values_list("body_text", flat=True))

    call_command("privacy", "erase", str(ids["customer"]), "--yes", verbosity=0)

    assert scenario.scan_database() == []
    assert scenario.scan_files(data_dir) == []
    # Figures survive: the same conversations, messages (times, directions) and order totals.
    assert Conversation.objects.count() == conversations_before
    assert list(Message.objects.order_by("pk").values_list("pk", "direction", "sent_at", "delivery_status")) == messages_before
    assert list(Order.objects.order_by("pk").values_list("pk", "total", "currency", "placed_at")) == order_totals
    # The other buyer is untouched.
    assert list(Message.objects.filter(conversation__customer_id=ids["other"]).values_list("body_text", flat=True)) == other_before
    assert Customer.objects.get(pk=ids["other"]).email == scenario.OTHER_EMAIL
    # A tombstone in the history and in the audit log.
    erasure = Erasure.objects.get()
    assert (erasure.customer_id, erasure.reason) == (ids["customer"], "request")
    assert Event.objects.filter(kind="customer_erased", data__customer=ids["customer"]).count() == 1
    entry = AuditEntry.objects.get(action="privacy_erased")
    assert (entry.target, entry.via) == (f"customer:{ids['customer']}", "cli")


def test_erase_of_the_database_file_itself(tmp_path, settings):
    """A fresh SQLite data folder: build, erase from the command line, then read every byte of every
    file — the database, its write-ahead log, the outbox."""
    env = {**os.environ, "SELLERDESK_TRIAGE_MODEL": shipped_model(settings)}
    proc = subprocess.run([sys.executable, "-m", "tests.security.erase_scenario", str(tmp_path)],
                          capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["found_before"] > 0
    assert (tmp_path / "sellerdesk.sqlite3").exists()
    assert scenario.scan_files(tmp_path) == []


def test_export_holds_everything_about_her(db, data_dir, tmp_path):
    import zipfile

    ids = scenario.build()
    path = tmp_path / "export.zip"
    call_command("privacy", "export", scenario.EMAIL, "--output", str(path), verbosity=0)
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        customer = json.loads(zf.read("customer.json"))
        conversations = json.loads(zf.read("conversations.json"))
        orders = json.loads(zf.read("orders.json"))
        events = json.loads(zf.read("events.json"))
        attachment = next(n for n in names if n.startswith("attachments/"))
        assert scenario.STREET.encode() in zf.read(attachment)
        raw = b"".join(zf.read(n) for n in names if n.startswith("raw/") and n.endswith(".bin"))
    assert sorted(c["id"] for c in customer["customers"]) == sorted(
        Customer.objects.filter(pk=ids["customer"]).values_list("pk", flat=True).union(
            Customer.objects.filter(merged_into=ids["customer"]).values_list("pk", flat=True)))
    assert {i["value"] for i in customer["identities"]} >= {scenario.EMAIL, scenario.AMAZON_ALIAS}
    assert len(conversations["conversations"]) == 2
    bodies = " ".join(m["body_text"] for c in conversations["conversations"] for m in c["messages"])
    assert scenario.SHOP_ORDER in bodies and "Wo bleibt meine Bestellung?" in bodies
    assert scenario.SHOP_ORDER in [o["number"] for o in orders["orders"]]
    assert any(e["kind"] == "note_added" for e in events)
    assert scenario.STREET.encode() in raw  # the order webhook as Shopify sent it
    assert "triage_corrections" in conversations and len(conversations["triage_corrections"]) == 1
    assert AuditEntry.objects.filter(action="privacy_exported", target=f"customer:{ids['customer']}").count() == 1


def test_erase_from_a_script_without_yes_erases_nothing(db, data_dir):
    from django.core.management.base import CommandError

    ids = scenario.build()
    with pytest.raises(CommandError, match="Nothing erased: confirm by typing 'erase', or pass --yes."):
        call_command("privacy", "erase", scenario.EMAIL)
    assert Customer.objects.get(pk=ids["customer"]).email == scenario.EMAIL
    with pytest.raises(CommandError, match="No customer matches 'nobody@nowhere.example'."):
        call_command("privacy", "erase", "nobody@nowhere.example", "--yes")
