"""End-to-end recipe tests: platform webhooks and buyer mail through the real intake, the rules,
and the automated mail through a real SMTP server (tests/servers)."""

import base64
import datetime as dt
import hashlib
import hmac
import json

import pytest

from sellerdesk.automation import engine, recipes, rules
from sellerdesk.automation.models import Rule
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.tasks import deliver as deliver_message
from sellerdesk.lib import clock
from sellerdesk.channels.email.tests.conftest import make_account
from tests.channels.fakesecrets import SHOPIFY_SECRET, SHOPIFY_SHOP
from tests.channels.webhookkit import capture, post, run_worker
from tests.servers.conftest_plugin import smtp_server  # noqa: F401  (fixture)
from tests.web.conftest import translations  # noqa: F401  (compiled catalogue for pages)

# 18:00 UTC on a Thursday: daytime for a buyer in the US (the Shopify fixtures ship to Austin, TX).
NOW = dt.datetime(2026, 11, 5, 18, 0, tzinfo=dt.timezone.utc)
AFTERSHIP_SECRET = "as-webhook-secret-recipes"


@pytest.fixture(autouse=True)
def _fresh_rules():
    engine.forget_rules()
    yield
    engine.forget_rules()


@pytest.fixture
def mailbox(db, smtp_server):
    return make_account(smtp_config=smtp_server.smtp_config(), smtp_password=smtp_server.password, name="Acme support")


@pytest.fixture
def shopify(db, mailbox):
    account = ChannelAccount(kind="shopify", name="Acme store", address=SHOPIFY_SHOP, marketplace="US",
                             config={"reply_email_account": str(mailbox.pk)})
    account.credentials = {"webhook_secret": SHOPIFY_SECRET}
    account.save()
    return account


def switch_on(*keys):
    recipes.install()
    for key in keys:
        rules.set_enabled(Rule.objects.get(key=key), True)


def shopify_hook(client, account, *names, now=NOW):
    """Captured Shopify deliveries posted to the real URL and processed by the intake, the rules after each commit."""
    responses = [post(client, f"/hooks/shopify/{account.pk}/", capture("shopify", n)) for n in names]
    assert [r.status_code for r in responses] == [200] * len(names)
    run_worker(now)


def signed_shopify(topic: str, body: dict, event_id: str) -> dict:
    raw = json.dumps(body, separators=(",", ":"))
    sig = base64.b64encode(hmac.new(SHOPIFY_SECRET.encode(), raw.encode(), hashlib.sha256).digest()).decode()
    return {"headers": {"Content-Type": "application/json", "X-Shopify-Topic": topic, "X-Shopify-Shop-Domain": SHOPIFY_SHOP,
                        "X-Shopify-Webhook-Id": f"w-{event_id}", "X-Shopify-Event-Id": event_id, "X-Shopify-Hmac-Sha256": sig},
            "body": raw}


def aftership_push(client, settings, body: dict):
    settings.AFTERSHIP_WEBHOOK_SECRET = AFTERSHIP_SECRET
    raw = json.dumps(body, separators=(",", ":")).encode()
    sig = base64.b64encode(hmac.new(AFTERSHIP_SECRET.encode(), raw, hashlib.sha256).digest()).decode()
    response = client.post("/hooks/tracking/aftership/", data=raw, content_type="application/json", HTTP_AFTERSHIP_HMAC_SHA256=sig)
    assert response.status_code == 200
    from sellerdesk.tracking.models import TrackingDelivery
    from sellerdesk.tracking.webhooks import process

    return [process(pk) for pk in TrackingDelivery.objects.filter(status="received").values_list("pk", flat=True)]


def send_queued(smtp):
    """What the task worker does with queued automated mail: send each over SMTP."""
    from sellerdesk.conversations.models import Message

    queued = list(Message.objects.filter(direction="out", delivery_status="queued").order_by("pk"))
    assert [deliver_message(m.pk) for m in queued] == ["sent"] * len(queued)
    return [(s.rcpt_tos, s.message.get_content().replace("\r\n", "\n").strip()) for s in smtp.received]


@pytest.fixture(autouse=True)
def shop_name(settings):
    settings.REPLY_SHOP_NAME = "Acme"  # the shop's name buyers know; the account's own name is never sent
