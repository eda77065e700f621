"""Tracking pushes over HTTP on the real URL: signature, dedupe, applying, unmatched and malformed pushes."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac

import pytest

from sellerdesk.channels.base import OrderUpdate
from sellerdesk.conversations.models import Event
from sellerdesk.orders.actions import apply_order_update
from sellerdesk.orders.models import Order
from sellerdesk.tracking.models import Shipment, TrackingDelivery, TrackingEvent
from sellerdesk.tracking.webhooks import process
from tests.tracking.conftest import AFTERSHIP_SECRET, TOKEN17, fixture_body

UTC = dt.timezone.utc


@pytest.fixture(autouse=True)
def secrets(settings):
    settings.AFTERSHIP_WEBHOOK_SECRET = AFTERSHIP_SECRET
    settings.TRACK17_TOKEN = TOKEN17


def aftership_sig(body: bytes) -> str:
    return base64.b64encode(hmac.new(AFTERSHIP_SECRET.encode(), body, hashlib.sha256).digest()).decode()


def post_aftership(client, body: bytes, sig: str | None = None):
    return client.post("/hooks/tracking/aftership/", data=body, content_type="application/json",
                       HTTP_AFTERSHIP_HMAC_SHA256=sig if sig is not None else aftership_sig(body))


def run_queued():
    return [process(pk) for pk in TrackingDelivery.objects.filter(status="received").order_by("pk").values_list("pk", flat=True)]


def test_signed_aftership_push_is_stored_applied_and_a_replay_adds_nothing(client, shopify_order):
    body = fixture_body("aftership_customs.json")
    first = post_aftership(client, body)
    assert first.status_code == 200
    assert first.json()["duplicate"] is False
    assert run_queued() == ["processed"]
    shipment = Shipment.objects.get()
    assert (shipment.status, shipment.sub_kind) == ("exception", "customs_hold")
    assert list(shipment.events.filter(source="aftership").order_by("at").values_list("kind", "sub_kind", "description", "location")) == [
        ("info_received", "", "Shipping label created", "Newark, NJ"),
        ("in_transit", "", "Departed USPS facility", "Newark, USA"),
        ("exception", "customs_hold", "Held in customs", "New York, NY"),
    ]
    assert Order.objects.get().tracking_status == "exception"
    second = post_aftership(client, body)
    assert (second.status_code, second.json()["duplicate"]) == (200, True)
    assert run_queued() == []
    assert TrackingEvent.objects.count() == 4  # the platform's in_transit + three scans
    # the same scans under a new event id (AfterShip re-sends the whole list): no new event either
    process(TrackingDelivery.objects.create(provider="aftership", event_key="other", body=body, received_at=shipment.created_at).pk)
    assert TrackingEvent.objects.count() == 4
    assert Event.objects.filter(kind="tracking_updated").count() == 2


def test_bad_or_missing_signature_is_refused_and_not_stored(client, shopify_order, settings):
    body = fixture_body("aftership_customs.json")
    assert post_aftership(client, body, sig="AAAA").status_code == 401
    settings.AFTERSHIP_WEBHOOK_SECRET = ""
    response = post_aftership(client, body)
    assert (response.status_code, response.json()["error"]) == (401, "bad signature: not configured: SELLERDESK_AFTERSHIP_WEBHOOK_SECRET is not set")
    assert TrackingDelivery.objects.count() == 0


def test_17track_push_signed_with_the_plain_hash(client, db):
    apply_order_update(OrderUpdate(platform="ebay", number="12-34567-89012", tracking=[
        {"id": "f1", "company": "China Post", "number": "RR123456789CN", "status": "shipped"}]))
    body = fixture_body("track17_returned.json")
    sign = hashlib.sha256(body + b"/" + TOKEN17.encode()).hexdigest()
    assert client.post("/hooks/tracking/17track/", data=body, content_type="application/json", HTTP_SIGN="0" * 64).status_code == 401
    response = client.post("/hooks/tracking/17track/", data=body, content_type="application/json", HTTP_SIGN=sign)
    assert response.status_code == 200
    assert run_queued() == ["processed"]
    shipment = Shipment.objects.get()
    assert (shipment.status, shipment.status_at) == ("returned", dt.datetime(2026, 11, 4, 0, 0, tzinfo=UTC))
    assert shipment.next_check_at is None


def test_push_for_an_unknown_number_is_kept_as_unmatched(client, db):
    post_aftership(client, fixture_body("aftership_customs.json"))
    assert run_queued() == ["unmatched"]
    assert TrackingDelivery.objects.get().error == "no order here has the tracking number '9400111899223197428490'"


def test_malformed_push_is_kept_as_failed(client, db):
    body = b'{"event": "tracking_update"}'
    response = post_aftership(client, body)
    assert (response.status_code, response.json()["error"]) == (400, "malformed: no event_id")
    delivery = TrackingDelivery.objects.get()
    assert (delivery.status, bytes(delivery.body)) == ("failed", body)
