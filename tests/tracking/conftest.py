import datetime as dt
import json
from pathlib import Path

import pytest

from sellerdesk.lib import clock
from sellerdesk.orders.actions import apply_order_update
from sellerdesk.channels.base import OrderUpdate
from tests.channels.apikit import api  # noqa: F401

HERE = Path(__file__).resolve().parent
NOW = dt.datetime(2026, 11, 5, 12, 0, tzinfo=dt.timezone.utc)
TOKEN17 = "17tok-test-0f1e2d3c"
AFTERSHIP_KEY = "asat_test_key_5b1f0c6e"
AFTERSHIP_SECRET = "as-webhook-secret-9a8b7c"


def fixture_body(name: str) -> bytes:
    # The fixture as a service would send it: compact JSON bytes.
    return json.dumps(json.loads((HERE / "fixtures" / name).read_text()), separators=(",", ":")).encode()


@pytest.fixture
def frozen():
    with clock.frozen(NOW):
        yield NOW


@pytest.fixture
def shopify_order(db, frozen):
    """A Shopify order whose fulfilment webhook named a USPS tracking number."""
    order, _ = apply_order_update(OrderUpdate(
        platform="shopify", number="#1001", external_id="5820000000001",
        identities=[("email", "jane.doe@example.com")], buyer_name="Jane Doe",
        tracking=[{"id": "4450000000001", "company": "USPS", "number": "9400111899223197428490", "url": "", "status": "in_transit"}],
    ))
    return order


@pytest.fixture
def tracking17(settings, api):
    def start(routes):
        server = api(routes)
        settings.TRACK17_TOKEN = TOKEN17
        settings.TRACK17_URL = server.url + "/track/v2.2"
        settings.AFTERSHIP_API_KEY = ""
        return server
    return start


@pytest.fixture
def aftership(settings, api):
    def start(routes):
        server = api(routes)
        settings.AFTERSHIP_API_KEY = AFTERSHIP_KEY
        settings.AFTERSHIP_URL = server.url + "/tracking/2024-04"
        settings.TRACK17_TOKEN = ""
        return server
    return start
