"""/metrics: protected; counts deliveries, SLA warnings and breaches, send failures; reads queue state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from sellerdesk.channels import pipeline
from sellerdesk.lib import clock
from tests.test_pipeline import MAIL

TOKEN = "scrape-token-for-tests-0123456789"


@pytest.fixture(autouse=True)
def _token(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.TASK_BACKEND = "db"


def scrape() -> dict:
    """{(sample name, sorted labels): value} of one authorised scrape."""
    r = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/plain; version=0.0.4")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(r.content.decode()) for s in family.samples}


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_need_the_token_or_an_admin(db):
    assert Client().get("/metrics").status_code == 401
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    call_command("createagent", "plain", password="agent-password-1", role="agent", verbosity=0)
    call_command("createagent", "boss", password="admin-password-1", role="admin", verbosity=0)
    agent, admin = Client(), Client()
    agent.force_login(get_user_model().objects.get(username="plain"))
    admin.force_login(get_user_model().objects.get(username="boss"))
    assert agent.get("/metrics").status_code == 401
    assert admin.get("/metrics").status_code == 200


def test_no_token_configured_means_no_token_works(db, settings):
    settings.METRICS_TOKEN = ""
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 401


def test_a_delivery_is_counted_received_then_processed(email_account, agent, django_capture_on_commit_callbacks):
    before = scrape()
    with django_capture_on_commit_callbacks(execute=True):
        raw, _ = pipeline.store_delivery(email_account, "<abc-1@example.de>", MAIL)
        # A re-delivery is not counted again.
        pipeline.store_delivery(email_account, "<abc-1@example.de>", MAIL)
    waiting = scrape()
    assert value(waiting, "sellerdesk_deliveries_received_total", channel="email") == \
        value(before, "sellerdesk_deliveries_received_total", channel="email") + 1
    assert value(waiting, "sellerdesk_deliveries_waiting") == 1
    # The wake-up of the intake waits in the database queue.
    assert value(waiting, "sellerdesk_task_queue_depth", backend="db") == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.process(raw.pk) == "processed"
    after = scrape()
    assert value(after, "sellerdesk_deliveries_processed_total", channel="email", result="processed") == \
        value(before, "sellerdesk_deliveries_processed_total", channel="email", result="processed") + 1
    assert value(after, "sellerdesk_ingest_latency_seconds_count") == value(before, "sellerdesk_ingest_latency_seconds_count") + 1
    assert value(after, "sellerdesk_deliveries_waiting") == 0
    assert value(after, "sellerdesk_deliveries_failed_total", channel="email") == \
        value(before, "sellerdesk_deliveries_failed_total", channel="email")


def test_a_malformed_delivery_is_counted_failed_and_shown_as_kept(email_account, django_capture_on_commit_callbacks):
    before = scrape()
    with django_capture_on_commit_callbacks(execute=True):
        raw, _ = pipeline.store_delivery(email_account, "<broken@x>", b"this is not an email at all")
        assert pipeline.process(raw.pk) == "failed"
    after = scrape()
    assert value(after, "sellerdesk_deliveries_failed_total", channel="email") == \
        value(before, "sellerdesk_deliveries_failed_total", channel="email") + 1
    assert value(after, "sellerdesk_deliveries_failed_stored", channel="email") == 1


def test_the_oldest_task_waiting_gives_the_queue_age(db):
    from django_tasks_db.models import DBTaskResult

    from sellerdesk.channels.tasks import process_deliveries

    process_deliveries.enqueue()
    process_deliveries.enqueue()
    at = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.timezone.utc)
    first = DBTaskResult.objects.order_by("enqueued_at").first()
    DBTaskResult.objects.filter(pk=first.pk).update(enqueued_at=at - dt.timedelta(seconds=300))
    DBTaskResult.objects.exclude(pk=first.pk).update(enqueued_at=at - dt.timedelta(seconds=5))
    with clock.frozen(at):
        samples = scrape()
    assert value(samples, "sellerdesk_task_queue_depth", backend="db") == 2
    assert value(samples, "sellerdesk_task_queue_oldest_age_seconds", backend="db") == 300


def test_sla_warnings_and_breaches_are_counted_by_the_sweep(email_account, django_capture_on_commit_callbacks):
    from sellerdesk.sla import presets
    from sellerdesk.sla.models import Calendar, Policy
    from sellerdesk.sla.sweep import SweepResult, sweep
    from tests.sla.conftest import T0
    from tests.sla.test_sweep import _bulk_deadlines

    presets.apply(Calendar, Policy)
    policy = Policy.objects.get(key="amazon-24h-first")
    _bulk_deadlines(email_account, policy, 3, T0)  # due: breached
    _bulk_deadlines(email_account, policy, 2, T0 + dt.timedelta(minutes=30))  # in the warning hour
    before = scrape()
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(T0) == SweepResult(breached=3, warned=2)
    after = scrape()
    assert value(after, "sellerdesk_sla_breaches_total") == value(before, "sellerdesk_sla_breaches_total") + 3
    assert value(after, "sellerdesk_sla_warnings_total") == value(before, "sellerdesk_sla_warnings_total") + 2


def test_a_reply_that_cannot_be_delivered_is_counted_per_channel(email_account, agent, django_capture_on_commit_callbacks):
    from sellerdesk.conversations.models import Message
    from sellerdesk.conversations.tasks import _fail

    with django_capture_on_commit_callbacks(execute=True):
        raw, _ = pipeline.store_delivery(email_account, "<abc-1@example.de>", MAIL)
        pipeline.process(raw.pk)
    before = scrape()
    _fail(Message.objects.select_related("account", "conversation").get(), "mailbox unavailable")
    after = scrape()
    assert value(after, "sellerdesk_send_failures_total", channel="email") == \
        value(before, "sellerdesk_send_failures_total", channel="email") + 1


def test_triage_ahead_of_the_writer_is_timed_per_message(email_account):
    from sellerdesk.channels import prep
    from sellerdesk.channels.models import RawDelivery

    raw, _ = pipeline.store_delivery(email_account, "<abc-1@example.de>", MAIL)
    before = scrape()
    prepared = prep.prepare([RawDelivery.objects.select_related("account").get(pk=raw.pk)])
    after = scrape()
    assert list(prepared[raw.pk].triaged) == ["<abc-1@example.de>"]
    assert value(after, "sellerdesk_triage_seconds_count") == value(before, "sellerdesk_triage_seconds_count") + 1
    assert value(after, "sellerdesk_triage_seconds_sum") > value(before, "sellerdesk_triage_seconds_sum")
