"""Finding 10: Shopify's privacy webhooks, retention (with a dry run), forged deliveries kept
forever, buyers' addresses in the logs, and who may export or erase."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from sellerdesk.audit.models import AuditEntry
from sellerdesk.channels import pipeline
from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.conversations.models import Conversation
from sellerdesk.lib import clock
from sellerdesk.privacy import requests, retention
from sellerdesk.privacy.models import Erasure, PrivacyRequest, RetentionPolicy
from sellerdesk.privacy.logmask import MaskPersonalData
from tests.channels.fakesecrets import SHOPIFY_SECRET
from tests.channels.webhookkit import post
from tests.security import erase_scenario as scenario
from tests.security.conftest import login
from tests.security.test_privacy_erase import data_dir, shipped_model  # noqa: F401  (fixture)


def _shopify_privacy(topic: str, event_id: str, payload: dict):
    shop = ChannelAccount.objects.get(kind="shopify")
    delivery = scenario._signed_shopify(topic, event_id, {"shop_id": 1, "shop_domain": shop.address, **payload}, SHOPIFY_SECRET)
    response = post(Client(), f"/hooks/shopify/{shop.pk}/", delivery)
    assert response.status_code == 200
    for pk in RawDelivery.objects.filter(status="received").values_list("pk", flat=True):
        pipeline.process(pk)
    return PrivacyRequest.objects.get(topic=topic)


def _queued(request: PrivacyRequest) -> bool:
    return DBTaskResult.objects.filter(task_path="sellerdesk.privacy.tasks.handle_privacy_request",
                                       args_kwargs__args=[request.pk]).exists()


def test_shopify_customers_redact_erases_the_buyer(db, data_dir, django_capture_on_commit_callbacks):
    ids = scenario.build()
    with django_capture_on_commit_callbacks(execute=True), clock.frozen(scenario.T0):
        request = _shopify_privacy("customers/redact", "ev-redact", {
            "customer": {"id": 7010000090417, "email": scenario.EMAIL, "phone": scenario.PHONE_E164},
            "orders_to_redact": [int(scenario.SHOP_ORDER_ID)]})
    assert request.raw_delivery.status == "processed"  # not "not used" any more
    assert request.customer_ids == [ids["customer"]]
    assert _queued(request)
    assert requests.handle(request.pk) == "done"  # what the worker runs
    assert scenario.scan_database() == []
    assert Erasure.objects.get().reason == "shopify_customers_redact"


def test_shopify_data_request_waits_for_an_admin_and_names_the_buyer(db, data_dir, django_capture_on_commit_callbacks):
    ids = scenario.build()
    with django_capture_on_commit_callbacks(execute=True):
        request = _shopify_privacy("customers/data_request", "ev-dr", {
            "customer": {"id": 7010000090417, "email": scenario.EMAIL}, "orders_requested": [int(scenario.SHOP_ORDER_ID)],
            "data_request": {"id": 9999}})
    assert requests.handle(request.pk) == "open"
    assert request.customer_ids == [ids["customer"]]
    boss, _ = login("anna", "agent-password")
    page = boss.get("/settings/privacy/").content.decode()
    assert f'href="/customers/{ids["customer"]}/export/"' in page
    assert "customers/data_request" in page


def test_shopify_shop_redact_erases_every_buyer_of_the_shop(db, data_dir, django_capture_on_commit_callbacks):
    scenario.build()
    with django_capture_on_commit_callbacks(execute=True):
        request = _shopify_privacy("shop/redact", "ev-shop", {})
    assert requests.handle(request.pk) == "done"
    shop = ChannelAccount.objects.get(kind="shopify")
    assert list(RawDelivery.objects.filter(account=shop).exclude(body=b"").values_list("pk", flat=True)) == []
    assert "6620000090417" not in str(list(RawDelivery.objects.values_list("external_id", flat=True)))
    assert Erasure.objects.filter(reason="shopify_shop_redact").count() == 1


def test_retention_dry_run_then_run(db, data_dir, capsys):
    ids = scenario.build()
    Conversation.objects.update(status="resolved")
    RetentionPolicy.objects.update_or_create(channel="*", defaults={"days": 60})
    RetentionPolicy.objects.update_or_create(channel="email", defaults={"days": 30})
    later = scenario.T0 + dt.timedelta(days=31)  # email past its 30 days; her Shopify order ("*": 60) not yet
    with clock.frozen(later):
        assert [d.customer_id for d in retention.due()] == [ids["other"]]
    much_later = scenario.T0 + dt.timedelta(days=61)
    with clock.frozen(much_later):
        call_command("privacy", "retention", "--dry-run")
        out = capsys.readouterr().out
        assert f"would erase customer {ids['customer']} (amazon, email, shopify;" in out
        assert f"would erase customer {ids['other']} (email;" in out
        assert "would erase 2 customers; would delete 1 rejected deliveries" in out
        assert Erasure.objects.count() == 0 and RawDelivery.objects.filter(status="rejected").count() == 1
        call_command("privacy", "retention")
    assert sorted(Erasure.objects.values_list("customer_id", flat=True)) == sorted([ids["customer"], ids["other"]])
    assert RawDelivery.objects.filter(status="rejected").count() == 0  # the forged one is gone
    assert scenario.scan_database() == []


def test_amazon_policy_is_installed_and_an_open_conversation_or_a_claim_holds_the_data(db, data_dir):
    amazon = RetentionPolicy.objects.get(channel="amazon")
    assert (amazon.days, amazon.enabled) == (30, True)
    ids = scenario.build()
    RetentionPolicy.objects.update_or_create(channel="*", defaults={"days": 30})
    with clock.frozen(scenario.T0 + dt.timedelta(days=40)):
        assert ids["customer"] not in [d.customer_id for d in retention.due()]  # conversations still open
        Conversation.objects.update(status="resolved")
        assert ids["customer"] in [d.customer_id for d in retention.due()]
        from sellerdesk.orders.models import Claim, Order

        Claim.objects.create(platform="shopify", kind="chargeback", external_id="dp-1", created_at=clock.now() - dt.timedelta(days=5),
                             order=Order.objects.get(customer_id=ids["customer"], platform="shopify"))
        assert ids["customer"] not in [d.customer_id for d in retention.due()]


def test_the_scheduler_runs_retention():
    from sellerdesk.ops.scheduler import schedule

    assert [(j.name, j.task_path) for j in schedule() if "retention" in j.name] == [
        ("apply retention policies", "sellerdesk.privacy.tasks.apply_retention")]


def test_buyer_addresses_never_reach_the_log(caplog):
    record = logging.LogRecord("sellerdesk.channels.pipeline", logging.WARNING, __file__, 1,
                               "delivery %s is malformed: %s", (7, {"email": "jane.doerfler@buyer-mail.example",
                                                                    "shipping_address": {"address1": "17 Kastanienallee",
                                                                                         "phone": "+49 30 98765432"}}), None)
    MaskPersonalData().filter(record)
    line = record.getMessage()
    assert line == ("delivery 7 is malformed: {'email': 'j***@b***.example', "
                    "'shipping_address': {'address1': [masked], 'phone': [masked]}}")


def test_the_configured_log_handler_masks():
    """The handler SellerDesk logs through (settings.LOGGING) has the filter: what it writes is masked."""
    import io

    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, MaskPersonalData) for f in h.filters))
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        logging.getLogger("sellerdesk.test").warning(
            "demo outbox: mail from support@shop.example to jane.doerfler@buyer-mail.example, call +1 (555) 123-4567")
    finally:
        handler.setStream(old)
    assert stream.getvalue().endswith(
        "WARNING sellerdesk.test demo outbox: mail from s***@s***.example to j***@b***.example, call [phone]\n")


def test_only_admins_export_or_erase_and_both_are_audited(db, data_dir):
    ids = scenario.build()
    from tests.security.conftest import make_agent

    make_agent("agent2")
    plain, _ = login("agent2")
    assert plain.get(f"/customers/{ids['customer']}/export/").status_code == 403
    assert plain.post(f"/customers/{ids['customer']}/erase/", {"confirm": "erase"}).status_code == 403
    boss, _ = login("anna", "agent-password")
    page = boss.get(f"/customers/{ids['customer']}/").content.decode()
    assert f'action="/customers/{ids["customer"]}/erase/"' in page
    zipped = boss.get(f"/customers/{ids['customer']}/export/")
    assert zipped["Content-Type"] == "application/zip"
    assert zipped["Content-Disposition"].startswith(f'attachment; filename="sellerdesk-customer-{ids["customer"]}-')
    refused = boss.post(f"/customers/{ids['customer']}/erase/", {"confirm": "yes"}, follow=True)
    assert "Type erase to confirm." in refused.content.decode()
    assert Erasure.objects.count() == 0
    done = boss.post(f"/customers/{ids['customer']}/erase/", {"confirm": "erase"})
    assert done.status_code == 302
    assert scenario.scan_database() == []
    audited = AuditEntry.objects.filter(action__in=["privacy_exported", "privacy_erased"]).order_by("id")
    assert list(audited.values_list("action", "actor_name")) == [
        ("privacy_exported", "anna"), ("privacy_erased", "anna")]


def test_privacy_api_for_admin_tokens(db, data_dir):
    from sellerdesk.api import tokens

    ids = scenario.build()
    from django.contrib.auth import get_user_model

    anna = get_user_model().objects.get(username="anna")
    _, read_key = tokens.issue(anna, "r", ["read", "reply"])
    _, admin_key = tokens.issue(anna, "a", ["admin"])
    url = f"/api/v1/privacy/customers/{ids['customer']}"
    assert Client(HTTP_AUTHORIZATION=f"Bearer {read_key}").get(f"{url}/export").status_code == 403
    api = Client(HTTP_AUTHORIZATION=f"Bearer {admin_key}")
    export = api.get(f"{url}/export")
    assert (export.status_code, export["Content-Type"]) == (200, "application/zip")
    assert api.post(f"{url}/erase", {"confirm": "no"}, content_type="application/json").status_code == 422
    erased = api.post(f"{url}/erase", {"confirm": "erase"}, content_type="application/json")
    assert erased.status_code == 200
    assert erased.json()["customer_id"] == ids["customer"]
    assert scenario.scan_database() == []
    assert api.get("/api/v1/privacy/customers/999999/export").status_code == 404
