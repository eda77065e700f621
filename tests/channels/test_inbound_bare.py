"""`sellerdesk inbound` with bare bodies: the bytes a platform POSTs, kept without headers or
signature (as other projects' test suites keep them), and files that are no delivery at all.
Every file that can be read ends stored (processed, ignored or failed with the reason) or a duplicate."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.conversations.models import Message
from sellerdesk.lib import clock
from sellerdesk.orders.models import Claim, Order
from tests.channels.fakesecrets import SHOPIFY_SECRET, SHOPIFY_SHOP
from tests.channels.test_inbound_command import NOW
from tests.channels.webhookkit import capture


def bare(tmp_path: Path, channel: str, name: str, *, rename: str = "") -> Path:
    """The body of one of our captures, alone in a file."""
    path = tmp_path / (rename or name.replace(".json", ".body"))
    path.write_text(capture(channel, name)["body"], encoding="utf-8")
    return path


def run_many(channel: str, *files, at=NOW, extra=()) -> tuple[list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    with clock.frozen(at):
        try:
            call_command("inbound", channel, *map(str, files), *map(str, extra), "--json", stdout=out, stderr=err)
        except CommandError:
            pass  # some files not accepted: the lines say which
    if len(files) == 1:  # one file: its result as indented JSON
        return [{"file": str(files[0]), **json.loads(out.getvalue())}], err.getvalue().strip()
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue().strip()


def summary(lines: list[dict]) -> list[tuple]:
    return [(Path(r["file"]).name, r["http_status"], r["status"], r.get("duplicate"), r.get("signature"), r["error"]) for r in lines]


@pytest.fixture
def shop(db):
    account = ChannelAccount(kind="shopify", name="Acme store", address=SHOPIFY_SHOP)
    account.credentials = {"webhook_secret": SHOPIFY_SECRET}
    account.save()
    return account


def test_shopify_bare_bodies_get_their_topic_from_their_shape(shop, tmp_path):
    files = [bare(tmp_path, "shopify", n) for n in
             ("orders_create.json", "fulfillments_create.json", "refunds_create.json", "disputes_create.json", "returns_request.json")]
    files.append(bare(tmp_path, "shopify", "orders_create.json", rename="orders_create_again.body"))
    lines, err = run_many("shopify", *files)
    assert summary(lines) == [
        ("orders_create.body", 200, "processed", False, "not checked: bare body", ""),
        ("fulfillments_create.body", 200, "processed", False, "not checked: bare body", ""),
        ("refunds_create.body", 200, "processed", False, "not checked: bare body", ""),
        ("disputes_create.body", 200, "processed", False, "not checked: bare body", ""),
        ("returns_request.body", 200, "processed", False, "not checked: bare body", ""),
        ("orders_create_again.body", 200, "processed", True, "not checked: bare body", ""),
    ]
    assert [RawDelivery.objects.get(pk=r["delivery"]).headers["X-Shopify-Topic"] for r in lines[:5]] == [
        "orders/updated", "fulfillments/update", "refunds/create", "disputes/create", "returns/request"]
    order = Order.objects.get()
    assert (order.number, [t["number"] for t in order.tracking]) == ("#1001", ["9400111899223197428490"])
    assert list(Claim.objects.order_by("pk").values_list("kind", "external_id")) == [("chargeback", "1052608616"), ("return_request", "7923082")]
    assert err == "6 files: 1 duplicate, 5 processed"


def test_shopify_shapes_we_do_not_read_are_ignored_and_an_unknown_shape_needs_the_topic(shop, tmp_path):
    customer = tmp_path / "customer.json"
    customer.write_text(json.dumps({"id": 706405506930370084, "email": "bob@example.com", "first_name": "Bob", "last_name": "Norman",
                                    "orders_count": 0, "created_at": "2026-11-05T10:00:00-05:00"}))
    uninstalled = tmp_path / "app_uninstalled.json"
    uninstalled.write_text(json.dumps({"id": 548380009, "name": "Super Toys", "domain": "toys.example.com",
                                       "myshopify_domain": "super-toys.myshopify.com", "plan_name": "basic"}))
    redact = tmp_path / "shop_redact.json"
    redact.write_text(json.dumps({"shop_id": 954889, "shop_domain": SHOPIFY_SHOP}))
    collection = tmp_path / "collection.json"
    collection.write_text(json.dumps({"id": 1, "handle": "mynewcollection", "sort_order": "best-selling"}))
    api_answer = tmp_path / "order_answer.json"
    api_answer.write_text(json.dumps({"order": json.loads(capture("shopify", "orders_create.json")["body"])}))
    lines, err = run_many("shopify", customer, uninstalled, redact, collection, api_answer)
    assert [(r["status"], r["error"]) for r in lines] == [
        ("ignored", "Shopify topic customers/update is not used"),
        ("ignored", "Shopify topic app/uninstalled is not used"),
        ("processed", ""),
        ("failed", "malformed: topic unknown — pass --topic (Shopify names it only in the X-Shopify-Topic header)"),
        ("failed", 'malformed: an Admin API answer {"order": ...}, not a webhook body (a webhook sends the object itself)'),
    ]
    # The topic named: read as that topic. The same bytes again (even under another topic) are the same delivery.
    again, _ = run_many("shopify", collection, customer, extra=["--topic", "collections/update"])
    assert [(r["status"], r["duplicate"], r["error"]) for r in again] == [
        ("ignored", False, "Shopify topic collections/update is not used"), ("ignored", True, "Shopify topic customers/update is not used")]


def test_topic_is_refused_for_a_channel_that_needs_none(db, tmp_path):
    from sellerdesk.channels.line.tests.conftest import make_account

    make_account()
    with pytest.raises(CommandError, match="^--topic means nothing for line: its deliveries say everything in the body$"):
        call_command("inbound", "line", str(tmp_path / "x.json"), "--topic", "orders/create", stdout=io.StringIO())


def test_line_bare_bodies_and_events_we_do_not_handle(db, tmp_path):
    from sellerdesk.channels.line.tests.conftest import make_account
    from sellerdesk.channels.line.tests.fakes import BOT_USER_ID, SENT

    make_account()
    unsend = tmp_path / "unsend.json"
    unsend.write_text(json.dumps({"destination": BOT_USER_ID, "events": [
        {"type": "unsend", "mode": "active", "timestamp": 1762247523000, "webhookEventId": "01HUNSEND0000000000000000A",
         "source": {"type": "user", "userId": "U4af4980629d0f2f5b7a5f1f0d2c4e3a1"}, "unsend": {"messageId": "325708"},
         "deliveryContext": {"isRedelivery": False}},
        {"type": "memberJoined", "mode": "active", "timestamp": 1762247524000, "webhookEventId": "01HMEMBER0000000000000000B",
         "source": {"type": "group", "groupId": "C4af4980629d0f2f5b7a5f1f0d2c4e3a1"}, "replyToken": "0f3779fba3b349968c5d07db31eab56f",
         "joined": {"members": [{"type": "user", "userId": "U4af4980629d0f2f5b7a5f1f0d2c4e3a1"}]}}]}))
    lines, err = run_many("line", bare(tmp_path, "line", "text.json"), bare(tmp_path, "line", "text.json", rename="again.body"), unsend, at=SENT)
    assert summary(lines) == [
        ("text.body", 200, "processed", False, "not checked: bare body", ""),
        ("again.body", 200, "processed", True, "not checked: bare body", ""),
        ("unsend.json", 200, "ignored", False, "not checked: bare body", "unsend event; memberJoined event"),
    ]
    assert Message.objects.count() == 1
    assert err == "3 files: 1 duplicate, 1 ignored, 1 processed"


def test_wechat_plain_and_encrypted_xml_bodies(db, tmp_path):
    from sellerdesk.channels.wechat.tests.conftest import make_account
    from sellerdesk.channels.wechat.tests.fakes import SENT

    plain_account, safe_account = make_account(), make_account(safe=True)
    files = [bare(tmp_path, "wechat", "text.json", rename="text.xml"), bare(tmp_path, "wechat", "location.json", rename="location.xml"),
             bare(tmp_path, "wechat", "text_safe.json", rename="text_safe.xml")]
    lines, _ = run_many("wechat", *files, at=SENT, extra=["--account", plain_account.pk])
    assert summary(lines) == [
        ("text.xml", 200, "processed", False, "not checked: bare body", ""),
        ("location.xml", 200, "processed", False, "not checked: bare body", ""),
        ("text_safe.xml", 400, "failed", False, "not checked: bare body",
         "malformed: Encrypt: a safe-mode (encrypted) body, and this account has no EncodingAESKey to decrypt it"),
    ]
    assert [m["text"] for m in lines[0]["messages"]] == ["我的快递三天没更新了，订单号 112-3456789-1234567"]
    # The account that holds the key decrypts it: the query (msg_signature) is only needed to check it.
    lines, _ = run_many("wechat", files[2], at=SENT, extra=["--account", safe_account.pk])
    assert [(r["status"], r["signature"]) for r in lines] == [("processed", "not checked: bare body")]


def test_files_that_are_no_delivery_are_stored_as_failed_and_the_run_goes_on(shop, tmp_path, settings):
    settings.WEBHOOK_MAX_BYTES = 1024 * 1024
    files = {
        "empty.json": b"", "blank.json": b" \n\t\n", "latin1.json": '{"note": "caf\xe9"}'.encode("latin-1"),
        "number.json": b"42", "string.json": b'"orders/create"', "garbage.bin": bytes(range(256)) * 4,
        "huge.json": b'{"id": 1, "note": "' + b"x" * (10 * 1024 * 1024) + b'"}',
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "folder").mkdir()
    names = [*files, "folder", "missing.json", "empty.json"]
    lines, err = run_many("shopify", *(tmp_path / n for n in names))
    huge_digest = hashlib.sha256(files["huge.json"]).hexdigest()
    assert summary(lines) == [
        ("empty.json", 400, "failed", False, "not checked: empty file", "empty file: no body"),
        ("blank.json", 400, "failed", False, "not checked: empty file", "empty file: no body"),
        ("latin1.json", 400, "failed", False, "not checked: bare body",
         "malformed: body is not JSON: 'utf-8' codec can't decode byte 0xe9 in position 13: invalid continuation byte"),
        ("number.json", 400, "failed", False, "not checked: bare body", "malformed: body is a JSON int, expected an object"),
        ("string.json", 400, "failed", False, "not checked: bare body", "malformed: body is a JSON str, expected an object"),
        ("garbage.bin", 400, "failed", False, "not checked: bare body",
         "malformed: body is not JSON: Expecting value: line 1 column 1 (char 0)"),
        ("huge.json", 400, "failed", False, "not checked: too large",
         f"too large: 10485781 bytes, a delivery may have at most 1048576 (sha256 {huge_digest}, first 4096 bytes kept)"),
        ("folder", None, "", None, None, "a directory, not a file"),
        ("missing.json", None, "", None, None, "no such file"),
        ("empty.json", 400, "failed", True, "not checked: empty file", "empty file: no body"),
    ]
    assert len(bytes(RawDelivery.objects.get(pk=lines[6]["delivery"]).body)) == 4096
    assert bytes(RawDelivery.objects.get(pk=lines[2]["delivery"]).body) == files["latin1.json"]
    assert err == "10 files: 1 duplicate, 7 failed, 2 not stored"


def test_one_bare_body_says_its_signature_was_not_checked(shop, tmp_path):
    out = io.StringIO()
    with clock.frozen(NOW):
        call_command("inbound", "shopify", str(bare(tmp_path, "shopify", "orders_create.json")), stdout=out)
    assert out.getvalue().splitlines() == [
        f"shopify delivery {RawDelivery.objects.get().pk}: processed",
        "  signature not checked: bare body",
        "  order shopify #1001 (new): paid, unfulfilled",
    ]


def test_a_receiver_that_breaks_keeps_the_file_as_failed(db, tmp_path, monkeypatch):
    """A bug in a receiver (forced here) loses nothing and prints no traceback: the file is kept as
    failed with the error and where it was raised, and the next file is read."""
    from sellerdesk.channels.line.receiver import LineReceiver
    from sellerdesk.channels.line.tests.conftest import make_account
    from sellerdesk.channels.line.tests.fakes import SENT

    make_account()
    first = bare(tmp_path, "line", "text.json")

    def broken(self, account, delivery):
        raise RuntimeError("receiver bug")

    monkeypatch.setattr(LineReceiver, "event_id", broken)
    lines, err = run_many("line", first, bare(tmp_path, "line", "image.json"), at=SENT)
    assert [(r["http_status"], r["status"], r["signature"], r["error"]) for r in lines] == [
        (400, "failed", "not checked: could not be read", "could not be read: RuntimeError: receiver bug (at test_inbound_bare.py:210)"),
        (400, "failed", "not checked: could not be read", "could not be read: RuntimeError: receiver bug (at test_inbound_bare.py:210)"),
    ]
    assert bytes(RawDelivery.objects.get(pk=lines[0]["delivery"]).body) == first.read_bytes()
    assert "Traceback" not in err
