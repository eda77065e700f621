"""`sellerdesk seed_demo`: every channel, routed by the rota, a merge suggestion, a pending refund; and idempotent."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.conversations.models import Conversation, Event, Message
from sellerdesk.customers.merge import suggestions
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import clock
from sellerdesk.orders.models import Claim, Order
from sellerdesk.replies.models import Approval

# A Tuesday, 02:00 UTC: 10:00 in Shanghai and Kuala Lumpur, 09:00 in Bangkok; Berlin and the Americas are asleep.
NOW = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.timezone.utc)


def seed(at=NOW):
    with clock.frozen(at):
        call_command("seed_demo", verbosity=0)


def snapshot() -> dict:
    models = (Conversation, Message, Event, RawDelivery, Order, Claim, Customer, Identity, Approval, ChannelAccount, AgentProfile)
    return {
        "rows": {m.__name__: m.objects.count() for m in models},
        "assignees": list(Conversation.objects.order_by("pk").values_list("pk", "assignee__username")),
        "credentials": list(ChannelAccount.objects.order_by("pk").values_list("credentials_encrypted", flat=True)),
        "rotas": list(AgentProfile.objects.order_by("pk").values_list("shifts", "skills", "is_available")),
    }


@pytest.fixture
def seeded(db):
    seed()


def test_every_channel_has_conversations(seeded):
    assert Counter(Conversation.objects.values_list("channel", flat=True)) == {
        "amazon": 9, "email": 5, "shopify": 2, "ebay": 2, "tiktok": 2,
    }
    assert Counter(ChannelAccount.objects.values_list("kind", flat=True)) == {"email": 3, "shopify": 1, "ebay": 1, "tiktok": 2}
    # Every webhook passed the real signature check: nothing rejected, nothing failed.
    webhooks = RawDelivery.objects.exclude(channel="email")
    assert Counter(webhooks.values_list("channel", "status")) == {
        ("shopify", "processed"): 9, ("ebay", "processed"): 3, ("tiktok", "processed"): 4,
    }
    assert ChannelAccount.objects.get(kind="shopify").credentials["webhook_secret"]


def test_shopify_order_with_tracking_refund_and_return(seeded):
    order = Order.objects.get(platform="shopify", number="#1042")
    assert order.status == "paid, fulfilled"
    assert order.total == Decimal("48.90")
    assert [(t["company"], t["number"], t["status"]) for t in order.tracking] == [("USPS", "9400111899562537180427", "delivered")]
    assert [(r["amount"], r["currency"]) for r in order.refunds] == [("9.90", "USD")]
    assert order.customer.identities.get().value == "priyasharma@gmail.com"
    conv = Conversation.objects.get(channel="shopify", order=order)
    assert conv.subject == "Return request #1042-R1"
    assert list(conv.claims.values_list("kind", "external_id")) == [("return_request", "7923401")]


def test_shopify_dispute_is_a_tier_one_claim_for_a_senior(seeded):
    claim = Claim.objects.get(platform="shopify", kind="chargeback")
    assert (claim.external_id, claim.amount, claim.currency) == ("1052608900", Decimal("129.90"), "USD")
    assert claim.respond_by == NOW + dt.timedelta(days=6, hours=4)
    assert claim.order.number == "#1039"
    assert claim.order.tracking[0]["number"] == "1Z4F8W710398765432"
    conv = claim.conversation
    assert (conv.channel, conv.tier) == ("shopify", 1)
    assert conv.customer.name == "Michael Brown"
    # On shift at 02:00 UTC and senior: Li Wei (Shanghai).
    assert conv.assignee.username == "liwei"


def test_ebay_item_not_received_joins_the_buyer_thread(seeded):
    conv = Conversation.objects.get(channel="ebay", order__number="26-11873-40215")
    assert list(conv.messages.order_by("sent_at").values_list("is_automated", flat=True)) == [False, True]
    claim = conv.claims.get()
    assert (claim.kind, claim.external_id, claim.reason) == ("ebay_case", "5082640193", "ITEM_NOT_RECEIVED")
    assert conv.customer.identities.get().value == "hiker_tom77"
    assert conv.marketplace == "UK"


def test_tiktok_buyers_write_in_their_language_and_reach_an_agent_who_reads_it(seeded):
    by_market = {c.marketplace: c for c in Conversation.objects.filter(channel="tiktok")}
    assert set(by_market) == {"MY", "TH"}
    my, th = by_market["MY"], by_market["TH"]
    assert (my.language, my.assignee.username, my.order.number) == ("ms", "siti", "578123456789012345")
    # "Still not received, tracking not moving": a tier-1 parcel problem, whether the model names it a
    # delivery issue or (unsure between the two, in Malay) an order question; the follow-up "when will
    # it arrive?" does not lower the thread.
    assert my.tier == 1 and my.intent in ("delivery_issue", "order_status")
    # ... and its reasons still explain tier 1, not the calm last question.
    assert any(r.startswith("possible tier-1 problem") or r.startswith("intent: delivery issue") for r in my.urgency_reasons)
    assert list(my.messages.order_by("sent_at").values_list("body_text", flat=True)[1:]) == [
        "[order card] 578123456789012345", "Ni nombor order saya. Bila barang boleh sampai?"]
    assert (th.language, th.assignee.username) == ("th", "ploy")
    assert th.messages.get().body_text.startswith("สวัสดีค่ะ")


def test_follow_the_sun_assigns_to_agents_on_shift(seeded):
    assigned = Counter(Conversation.objects.values_list("assignee__username", flat=True))
    # At 02:00 UTC only the Asian shifts are at work; the owner (demo) takes no conversations.
    assert set(assigned) <= {"liwei", "siti", "ploy", "yuki"}
    assert "demo" not in assigned
    assert sum(assigned.values()) == 20
    assert Conversation.objects.get(language="ja").assignee.username == "yuki"


def test_follow_the_sun_in_the_european_morning(db):
    seed(dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.timezone.utc))  # 10:30 in Berlin, 17:30 in Shanghai
    assert Conversation.objects.get(language="de", channel="amazon").assignee.username == "anna"
    assert Conversation.objects.get(channel="ebay", claims__isnull=True).assignee.username == "anna"


def test_the_buyer_who_arrived_three_times_gets_merge_suggestions(seeded):
    gmail = Identity.objects.get(kind="email", value="priya.sharma@gmail.com").customer
    found = [(s.customer.pk, s.reasons) for s in suggestions(gmail)]
    shop = Identity.objects.get(kind="email", value="priyasharma@gmail.com").customer
    amazon = Identity.objects.get(kind="amazon_buyer", value="p6w3n8r1t5y2k9m@marketplace.amazon.com").customer
    assert found == [(shop.pk, ["same_mailbox", "same_name"]), (amazon.pk, ["same_name"])]


def test_customer_page_shows_the_suggestion(seeded, client):
    client.login(username="demo", password="sellerdesk-demo")
    gmail = Identity.objects.get(kind="email", value="priya.sharma@gmail.com").customer
    shop = Identity.objects.get(kind="email", value="priyasharma@gmail.com").customer
    page = client.get(f"/customers/{gmail.pk}/").content.decode()
    assert f"/customers/{shop.pk}/" in page


def test_one_refund_waits_for_a_supervisor(seeded):
    approval = Approval.objects.get()
    assert (approval.status, approval.kind, approval.amount, approval.currency) == ("pending", "refund", Decimal("64.90"), "EUR")
    assert approval.requested_by.username == "maria"
    assert approval.conversation.customer.name == "Lucía Fernández"
    assert approval.sent_message is None


def test_seed_demo_twice_changes_nothing(seeded):
    before = snapshot()
    seed(NOW + dt.timedelta(hours=1))
    assert snapshot() == before
    # The new channels appear exactly once after the second run too.
    assert Counter(Conversation.objects.exclude(channel__in=["amazon", "email"]).values_list("channel", flat=True)) == {
        "shopify": 2, "ebay": 2, "tiktok": 2,
    }
    assert Claim.objects.filter(platform="shopify", kind="chargeback").count() == 1
    assert Approval.objects.count() == 1
