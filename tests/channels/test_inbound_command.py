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


def test_malformed_capture_file(shop, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(CommandError, match='expected {"headers": {...}, "body": "..."}'):
        run("shopify", bad)
