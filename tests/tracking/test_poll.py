"""Platform tracking becomes shipments; the scheduler's poll asks the aggregator about due ones only."""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels.base import OrderUpdate
from sellerdesk.conversations.models import Event
from sellerdesk.lib import clock
from sellerdesk.orders.actions import apply_order_update
from sellerdesk.orders.models import Order
from sellerdesk.tracking.models import Shipment, TrackingEvent
from sellerdesk.tracking.poll import poll_due
from sellerdesk.tracking import providers
from tests.tracking.conftest import NOW

UTC = dt.timezone.utc
NUMBER = "9400111899223197428490"


def scans_answer(*checkpoints):
    return {"status": 201, "json": {"meta": {"code": 201}, "data": {"tracking": {"checkpoints": list(checkpoints)}}}}


def cp(time, tag, subtag, message):
    return {"checkpoint_time": time, "tag": tag, "subtag": subtag, "message": message}


def test_platform_tracking_makes_a_shipment_with_the_platforms_status(shopify_order):
    shipment = Shipment.objects.get()
    assert (shipment.order, shipment.number, shipment.carrier, shipment.platform_ref) == (shopify_order, NUMBER, "USPS", "4450000000001")
    assert (shipment.status, shipment.next_check_at) == ("in_transit", NOW)
    assert list(TrackingEvent.objects.values_list("kind", "source", "at")) == [("in_transit", "shopify", NOW)]
    order = Order.objects.get()
    assert (order.tracking_status, order.delivered_at) == ("in_transit", None)
    event = Event.objects.get(kind="tracking_updated")
    assert event.data == {"order_id": order.pk, "shipment_id": shipment.pk, "number": NUMBER, "source": "shopify", "new_events": 1,
                          "status": "in_transit", "sub_kind": "", "previous": "", "previous_sub_kind": ""}


def test_the_same_platform_status_again_adds_nothing(shopify_order):
    apply_order_update(OrderUpdate(platform="shopify", external_id="5820000000001", tracking=[
        {"id": "4450000000001", "company": "USPS", "number": NUMBER, "url": "", "status": "in_transit"}]))
    assert TrackingEvent.objects.count() == 1
    assert Event.objects.filter(kind="tracking_updated").count() == 1


def test_not_configured_poll_reads_and_calls_nothing(shopify_order, settings, django_assert_num_queries):
    settings.TRACK17_TOKEN = settings.AFTERSHIP_API_KEY = ""
    with django_assert_num_queries(0):
        result = poll_due()
    assert (result.configured, result.due) == (False, 0)


def test_poll_applies_scans_updates_the_order_and_is_due_again_later(shopify_order, aftership, settings):
    server = aftership({"POST /tracking/2024-04/trackings": [scans_answer(
        cp("2026-11-02T09:10:00-05:00", "InfoReceived", "InfoReceived_001", "Label created"),
        cp("2026-11-04T08:00:00-05:00", "Exception", "Exception_004", "Held in customs"))]})
    result = poll_due(provider=providers.get("aftership", sleep=lambda s: None))
    assert (result.due, result.updated, result.refused, result.error) == (1, 1, 0, "")
    shipment = Shipment.objects.get()
    assert (shipment.status, shipment.sub_kind, shipment.provider, shipment.registered) == ("exception", "customs_hold", "aftership", True)
    assert shipment.next_check_at == NOW + dt.timedelta(hours=settings.TRACKING_POLL_HOURS)
    order = Order.objects.get()
    assert order.tracking_status == "exception"
    assert order.tracking == [{"id": "4450000000001", "company": "USPS", "number": NUMBER, "url": "", "status": "exception",
                               "updated_at": "2026-11-04T13:00:00+00:00", "sub_kind": "customs_hold"}]
    # Not due now: nothing is asked
    assert poll_due(provider=providers.get("aftership")).due == 0
    assert len(server.requests()) == 1


def test_delivered_leaves_the_polling_and_sets_the_delivery_time(shopify_order, aftership):
    aftership({"POST /tracking/2024-04/trackings": [scans_answer(
        cp("2026-11-04T10:00:00-05:00", "OutForDelivery", "OutForDelivery_001", "Out for delivery"),
        cp("2026-11-04T15:30:00-05:00", "Delivered", "Delivered_001", "Delivered, front door"))]})
    poll_due(provider=providers.get("aftership", sleep=lambda s: None))
    shipment = Shipment.objects.get()
    assert (shipment.status, shipment.next_check_at) == ("delivered", None)
    assert shipment.delivered_at == dt.datetime(2026, 11, 4, 20, 30, tzinfo=UTC)
    assert Order.objects.get().delivered_at == dt.datetime(2026, 11, 4, 20, 30, tzinfo=UTC)
    # A later platform word ("in_transit" again) does not undo the carrier's delivery
    apply_order_update(OrderUpdate(platform="shopify", external_id="5820000000001", tracking=[
        {"id": "4450000000001", "number": NUMBER, "status": "out_for_delivery"}]))
    assert Shipment.objects.get().status == "delivered"


def test_a_refused_number_is_kept_with_the_reason_and_not_asked_again(shopify_order, aftership):
    aftership({"POST /tracking/2024-04/trackings": [{"status": 400, "json": {"meta": {"code": 4012, "message": "Cannot detect courier."}}}]})
    result = poll_due(provider=providers.get("aftership", sleep=lambda s: None))
    assert result.refused == 1
    shipment = Shipment.objects.get()
    assert (shipment.error, shipment.next_check_at) == ("4012: Cannot detect courier.", None)
    assert Event.objects.get(kind="tracking_refused").data["error"] == "4012: Cannot detect courier."


def test_a_service_down_keeps_the_rows_due_a_little_later(shopify_order, aftership, settings):
    aftership({"POST /tracking/2024-04/trackings": [{"status": 500, "text": "oops"}]})
    result = poll_due(provider=providers.get("aftership", sleep=lambda s: None))
    assert result.error == "AfterShip: HTTP 500 after 4 tries"
    shipment = Shipment.objects.get()
    assert shipment.next_check_at == NOW + dt.timedelta(minutes=settings.TRACKING_RETRY_MINUTES)
    assert (shipment.error, shipment.registered) == ("AfterShip: HTTP 500 after 4 tries", False)


def test_only_due_rows_are_read_oldest_first_up_to_the_batch(db, aftership, settings):
    with clock.frozen(NOW - dt.timedelta(hours=1)):
        for n in range(5):
            apply_order_update(OrderUpdate(platform="ebay", number=f"12-0000{n}", tracking=[
                {"id": f"f{n}", "company": "USPS", "number": f"9400{n}", "status": "shipped"}]))
    Shipment.objects.filter(number="94004").update(next_check_at=NOW + dt.timedelta(hours=3))
    server = aftership({"POST /tracking/2024-04/trackings": [scans_answer()]})
    settings.TRACKING_POLL_BATCH = 3
    with clock.frozen(NOW):
        result = poll_due(provider=providers.get("aftership", sleep=lambda s: None))
    assert result.due == 3
    import json
    assert [json.loads(c["body"])["tracking"]["tracking_number"] for c in server.requests()] == ["94000", "94001", "94002"]
