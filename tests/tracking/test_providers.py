"""The 17TRACK and AfterShip adapters against fake services on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sellerdesk.tracking import providers
from sellerdesk.tracking.providers.base import Shipped, TrackingError
from tests.tracking.conftest import AFTERSHIP_KEY, TOKEN17

UTC = dt.timezone.utc


def no_sleep(_seconds):
    pass


def track_info(status="InTransit", sub="InTransit_Arrival"):
    return {"latest_status": {"status": status, "sub_status": sub},
            "latest_event": {"time_iso": "2026-11-03T10:00:00+01:00", "description": "Arrived at the sorting centre", "location": "Leipzig"},
            "tracking": {"providers": [{"events": [
                {"time_iso": "2026-11-03T10:00:00+01:00", "description": "Arrived at the sorting centre", "location": "Leipzig",
                 "stage": "Arrival", "sub_status": sub},
                {"time_iso": "2026-11-01T08:00:00+08:00", "description": "Acceptance", "location": "Shenzhen",
                 "stage": "PickedUp", "sub_status": "InTransit_PickedUp"}]}]}}


def ok(accepted, rejected=()):
    return {"status": 200, "json": {"code": 0, "data": {"accepted": list(accepted), "rejected": list(rejected)}}}


def test_17track_registers_then_reads_scans_with_the_token(tracking17):
    server = tracking17({
        "POST /track/v2.2/register": [ok([{"number": "RR123456789CN", "carrier": 3011}])],
        "POST /track/v2.2/gettrackinfo": [ok([{"number": "RR123456789CN", "carrier": 3011, "track_info": track_info()}])],
    })
    [result] = providers.get("17track", sleep=no_sleep).track([Shipped("RR123456789CN")])
    assert result.error == ""
    assert [(s.kind, s.sub_kind, s.at, s.description, s.location) for s in result.scans] == [
        ("in_transit", "", dt.datetime(2026, 11, 3, 9, 0, tzinfo=UTC), "Arrived at the sorting centre", "Leipzig"),
        ("in_transit", "", dt.datetime(2026, 11, 1, 0, 0, tzinfo=UTC), "Acceptance", "Shenzhen"),
    ]
    calls = server.requests()
    assert [c["path"] for c in calls] == ["/track/v2.2/register", "/track/v2.2/gettrackinfo"]
    assert calls[0]["headers"]["17token"] == TOKEN17
    assert json.loads(calls[0]["body"]) == [{"number": "RR123456789CN"}]


def test_17track_already_registered_is_known_and_unknown_carrier_is_a_per_number_error(tracking17):
    tracking17({
        "POST /track/v2.2/register": [ok([], [
            {"number": "RR123456789CN", "error": {"code": -18019901, "message": "already registered"}},
            {"number": "XX0000", "error": {"code": -18019903, "message": "The carrier cannot be detected."}}])],
        "POST /track/v2.2/gettrackinfo": [ok([{"number": "RR123456789CN", "track_info": track_info("Delivered", "Delivered_Other")}])],
    })
    results = providers.get("17track", sleep=no_sleep).track([Shipped("RR123456789CN"), Shipped("XX0000")])
    by_number = {r.number: r for r in results}
    assert by_number["XX0000"].error == "-18019903: The carrier cannot be detected."
    assert by_number["XX0000"].scans == []
    assert by_number["RR123456789CN"].scans[0].kind == "delivered"


def test_17track_refused_token_is_a_configuration_error(tracking17):
    tracking17({"POST /track/v2.2/register": [{"status": 401, "json": {"code": 401, "data": {"errors": [{"code": -18010002, "message": "Invalid access key"}]}}}]})
    with pytest.raises(TrackingError) as caught:
        providers.get("17track", sleep=no_sleep).track([Shipped("RR123456789CN")])
    assert caught.value.kind == "config"
    assert str(caught.value) == "17TRACK refused the token: HTTP 401: Invalid access key"


def test_17track_throttled_once_then_answers(tracking17):
    server = tracking17({
        "POST /track/v2.2/register": [{"status": 429, "headers": {"Retry-After": "0"}, "json": {}}, ok([{"number": "RR1"}])],
        "POST /track/v2.2/gettrackinfo": [ok([{"number": "RR1", "track_info": track_info()}])],
    })
    [result] = providers.get("17track", sleep=no_sleep).track([Shipped("RR1")])
    assert len(result.scans) == 2
    assert [c["path"] for c in server.requests()] == ["/track/v2.2/register"] * 2 + ["/track/v2.2/gettrackinfo"]


def test_17track_down_is_a_retry_error_after_the_tries(tracking17):
    server = tracking17({"POST /track/v2.2/register": [{"status": 503, "text": "maintenance"}]})
    with pytest.raises(TrackingError) as caught:
        providers.get("17track", sleep=no_sleep).track([Shipped("RR1")])
    assert caught.value.kind == "retry"
    assert str(caught.value) == "17TRACK: HTTP 503 after 4 tries"
    assert len(server.requests()) == 4


def test_17track_permanent_refusal(tracking17):
    tracking17({"POST /track/v2.2/register": [{"status": 200, "json": {"code": -18010013, "data": {"errors": [{"code": -18010013, "message": "Quota exhausted"}]}}}]})
    with pytest.raises(TrackingError) as caught:
        providers.get("17track", sleep=no_sleep).track([Shipped("RR1")])
    assert (caught.value.kind, str(caught.value)) == ("permanent", "17TRACK /register: code -18010013: Quota exhausted")


def checkpoint(time, tag, subtag, message, location=""):
    return {"checkpoint_time": time, "tag": tag, "subtag": subtag, "message": message, "location": location}


def test_aftership_creates_a_tracking_with_the_key_and_slug(aftership):
    server = aftership({"POST /tracking/2024-04/trackings": [{"status": 201, "json": {"meta": {"code": 201}, "data": {"tracking": {
        "tracking_number": "1Z999AA10123456784", "slug": "ups", "tag": "AttemptFail", "checkpoints": [
            checkpoint("2026-11-04T17:00:00-05:00", "AttemptFail", "AttemptFail_001", "Receiver not available", "Austin, TX")]}}}}]})
    provider = providers.get("aftership", sleep=no_sleep)
    [result] = provider.track([Shipped("1Z999AA10123456784", provider.carrier_code("UPS"))])
    assert [(s.kind, s.sub_kind, s.at, s.location) for s in result.scans] == [
        ("exception", "failed_attempt", dt.datetime(2026, 11, 4, 22, 0, tzinfo=UTC), "Austin, TX")]
    [call] = server.requests()
    assert call["headers"]["as-api-key"] == AFTERSHIP_KEY
    assert json.loads(call["body"]) == {"tracking": {"tracking_number": "1Z999AA10123456784", "slug": "ups"}}


def test_aftership_existing_tracking_is_read(aftership):
    server = aftership({
        "POST /tracking/2024-04/trackings": [{"status": 400, "json": {"meta": {"code": 4003, "message": "Tracking already exists."}, "data": {"tracking": {"slug": "usps"}}}}],
        "GET /tracking/2024-04/trackings/usps/9400111899223197428490": [{"status": 200, "json": {"meta": {"code": 200}, "data": {"tracking": {
            "checkpoints": [checkpoint("2026-11-05T10:00:00-05:00", "Delivered", "Delivered_001", "Delivered, front door")]}}}}],
    })
    [result] = providers.get("aftership", sleep=no_sleep).track([Shipped("9400111899223197428490")])
    assert [(s.kind, s.description) for s in result.scans] == [("delivered", "Delivered, front door")]
    assert [c["method"] for c in server.requests()] == ["POST", "GET"]


def test_aftership_unknown_courier_and_bad_key(aftership):
    aftership({"POST /tracking/2024-04/trackings": [
        {"status": 400, "json": {"meta": {"code": 4012, "message": "Cannot detect courier."}}},
        {"status": 401, "json": {"meta": {"code": 401, "message": "Invalid API key.", "type": "Unauthorized"}}}]})
    provider = providers.get("aftership", sleep=no_sleep)
    [result] = provider.track([Shipped("ZZ1")])
    assert result.error == "4012: Cannot detect courier."
    with pytest.raises(TrackingError) as caught:
        provider.track([Shipped("ZZ2")])
    assert (caught.value.kind, str(caught.value)) == ("config", "AfterShip refused the API key: HTTP 401: Invalid API key.")


def test_nothing_configured_means_no_provider(settings):
    settings.TRACK17_TOKEN = settings.AFTERSHIP_API_KEY = ""
    settings.TRACKING_PROVIDER = ""
    assert providers.active() is None
    assert providers.state()["missing"] == {"17track": ["SELLERDESK_17TRACK_TOKEN"], "aftership": ["SELLERDESK_AFTERSHIP_API_KEY"]}
    settings.AFTERSHIP_API_KEY = "k"
    assert providers.active().name == "aftership"
