"""`sellerdesk inbound CHANNEL FILE`: a captured delivery through the real receiver and pipeline."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.lib import clock
from sellerdesk.orders.models import Claim
from tests.channels.fakesecrets import SHOPIFY_SECRET, SHOPIFY_SHOP
from tests.channels.webhookkit import fixtures_dir

HERE = Path(__file__).resolve().parent
SHOPIFY = fixtures_dir("shopify")
EMAIL = HERE.parents[1] / "sellerdesk" / "channels" / "email" / "fixtures"
NOW = dt.datetime(2026, 11, 5, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def shop(db):
    account = ChannelAccount(kind="shopify", name="Acme store", address=SHOPIFY_SHOP)
    account.credentials = {"webhook_secret": SHOPIFY_SECRET}
    account.save()
    return account


def run(*args) -> str:
    out = io.StringIO()
    with clock.frozen(NOW):
        call_command("inbound", *map(str, args), stdout=out)
    return out.getvalue()


def test_order_then_dispute_prints_what_was_created(shop):
    first = run("shopify", SHOPIFY / "orders_create.json")
    assert first.splitlines() == [
        f"shopify delivery {RawDelivery.objects.get().pk}: processed",
        "  order shopify #1001 (new): paid, unfulfilled",
    ]
    result = json.loads(run("shopify", SHOPIFY / "disputes_create.json", "--json"))
    claim = Claim.objects.get()
    assert (result["http_status"], result["status"], result["duplicate"], result["error"]) == (200, "processed", False, "")
    assert result["claims"] == [{"id": claim.pk, "kind": "chargeback", "external_id": "1052608616", "respond_by": "2026-11-20T00:00:00+00:00"}]
    assert [(c["new"], c["channel"], c["tier"], c["deadline"]) for c in result["conversations"]] == [
        (True, "shopify", 1, "2026-11-20T00:00:00+00:00")]
    assert [o["number"] for o in result["orders"]] == ["#1001"]
    assert len(result["messages"]) == 1


def test_same_capture_twice_is_a_duplicate(shop):
    run("shopify", SHOPIFY / "orders_create.json")
    again = run("shopify", SHOPIFY / "orders_create.json")
    assert "(already received: nothing new)" in again.splitlines()[0]
    assert RawDelivery.objects.count() == 1


def test_bad_signature_fails_unless_trusted(shop):
    with pytest.raises(CommandError, match="^bad signature: X-Shopify-Hmac-Sha256 does not match the body$"):
        run("shopify", SHOPIFY / "disputes_create_forged.json")
    assert RawDelivery.objects.get().status == "rejected"
    out = run("shopify", SHOPIFY / "disputes_create_forged.json", "--trusted")
    assert "  claim chargeback 1052608617 · respond by 2026-11-20T00:00:00+00:00" in out.splitlines()


def test_email_file_goes_through_the_email_pipeline(db):
    ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    out = run("email", EMAIL / "amazon_us_inquiry.eml")
    conv, msg = Conversation.objects.get(), Message.objects.get()
    assert out.splitlines() == [
        f"email delivery {RawDelivery.objects.get().pk}: processed",
        f"  conversation {conv.pk} (new): Inquiry from Amazon customer Alisa (Order: 114-1234567-1234567) · tier 1 · due 2026-11-05T13:00:00+00:00",
        f"  message {msg.pk} from m1z9b3mk8gb1c26@marketplace.amazon.com: 'Hello,\\n\\nI ordered the 6-quart pressure cooker on November 12 and the tracking ha'",
        "  order amazon 114-1234567-1234567 (new): -",
    ]


def test_unclear_account_is_an_error(db, shop):
    ChannelAccount.objects.create(kind="shopify", name="Second shop", address="second.myshopify.com")
    with pytest.raises(CommandError, match="more than one active shopify account; name one with --account ID"):
        run("shopify", SHOPIFY / "orders_create.json")
    assert "processed" in run("shopify", SHOPIFY / "orders_create.json", "--account", shop.pk)


def test_a_json_list_is_a_bare_body_stored_as_failed(shop, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(CommandError, match="^malformed: body is a JSON list, expected an object$"):
        run("shopify", bad)
    raw = RawDelivery.objects.get()
    assert (raw.status, raw.error, bytes(raw.body)) == ("failed", "malformed: body is a JSON list, expected an object", b"[1, 2]")


def test_many_files_one_json_line_each_and_a_bad_one_does_not_stop_the_run(db, tmp_path):
    from sellerdesk.channels.line.tests.conftest import FIXTURES as LINE, make_account

    account = make_account()
    not_json = tmp_path / "not_json.json"
    not_json.write_text("<xml/>")
    files = [LINE / "text.json", LINE / "text.json", LINE / "text_forged.json", LINE / "text_without_event_id.json",
             not_json, tmp_path / "missing.json", LINE / "sticker_location.json"]
    out, err = io.StringIO(), io.StringIO()
    with clock.frozen(NOW), pytest.raises(CommandError, match=r"^4 of 7 files were not accepted \(see their lines\)$"):
        call_command("inbound", "line", *map(str, files), stdout=out, stderr=err)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(Path(r["file"]).name, r["http_status"], r["status"], r.get("duplicate")) for r in lines] == [
        ("text.json", 200, "processed", False), ("text.json", 200, "processed", True), ("text_forged.json", 401, "rejected", False),
        ("text_without_event_id.json", 400, "failed", False), ("not_json.json", 400, "failed", False), ("missing.json", None, "", None),
        ("sticker_location.json", 200, "processed", False)]
    assert [r["error"] for r in lines[2:6]] == [
        "bad signature: X-Line-Signature does not match the body", "malformed: body: events.0.webhookEventId: Field required",
        "malformed: body is not JSON: Expecting value: line 1 column 1 (char 0)",
        "no such file"]
    assert [m["text"] for m in lines[6]["messages"]] == ["[sticker] Sad, Crying", "[location] 自宅 東京都渋谷区道玄坂1-2-3 (35.658, 139.6983)"]
    assert [r.get("signature") for r in lines] == ["checked", "checked", "checked", "checked", "not checked: bare body", None, "checked"]
    assert err.getvalue().strip() == "7 files: 1 duplicate, 2 failed, 1 not stored, 2 processed, 1 rejected"
    assert Message.objects.filter(conversation__account=account).count() == 3


def test_many_wechat_files_with_their_query(db):
    from sellerdesk.channels.wechat.tests.conftest import FIXTURES as WECHAT, make_account
    from sellerdesk.channels.wechat.tests.fakes import SENT

    make_account()
    out = io.StringIO()
    with clock.frozen(SENT):
        call_command("inbound", "wechat", str(WECHAT / "text.json"), str(WECHAT / "location.json"), stdout=out, stderr=io.StringIO())
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["http_status"], r["status"], r["messages"][0]["text"]) for r in lines] == [
        (200, "processed", "我的快递三天没更新了，订单号 112-3456789-1234567"), (200, "processed", "[location] 广州市天河区 (23.134521, 113.358803)")]
