"""Writes the signed webhook captures under tests/channels/<channel>/fixtures/.

Payload shapes follow /work/shared/channels.md; run again after changing a payload:
    .venv/bin/python -m tests.channels.build_fixtures
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path

from tests.channels.fakesecrets import SHOPIFY_SECRET, SHOPIFY_SHOP

HERE = Path(__file__).resolve().parent


# Signatures written as channels.md gives them, independent of the code under test.
def shopify_sign(secret: str, raw: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest()).decode()


def _write(channel: str, name: str, headers: dict, body: str) -> None:
    path = HERE / channel / "fixtures" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"headers": headers, "body": body}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _compact(payload: dict) -> str:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def shopify(name: str, topic: str, event_id: str, webhook_id: str, payload: dict, *, secret: str = SHOPIFY_SECRET) -> None:
    body = _compact(payload)
    headers = {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-Shop-Domain": SHOPIFY_SHOP,
        "X-Shopify-API-Version": "2026-10",
        "X-Shopify-Webhook-Id": webhook_id,
        "X-Shopify-Event-Id": event_id,
        "X-Shopify-Triggered-At": "2026-11-04T14:12:04.123456Z",
        "X-Shopify-Hmac-Sha256": shopify_sign(secret, body.encode()),
    }
    _write("shopify", name, headers, body)


ORDER = {
    "id": 5820000000001, "name": "#1001", "email": "jane.doe@example.com", "created_at": "2026-11-01T10:15:00-04:00",
    "updated_at": "2026-11-01T10:15:30-04:00", "currency": "USD", "total_price": "89.95", "financial_status": "paid",
    "fulfillment_status": None, "cancelled_at": None,
    "customer": {"id": 7010000000001, "email": "jane.doe@example.com", "first_name": "Jane", "last_name": "Doe"},
    "shipping_address": {"name": "Jane Doe", "country_code": "US", "city": "Austin"},
    "line_items": [{"id": 1, "sku": "MUG-BLUE", "title": "Blue enamel mug", "quantity": 2, "price": "39.95"},
                   {"id": 2, "sku": "SHIP", "title": "Shipping protection", "quantity": 1, "price": "10.00"}],
    "fulfillments": [],
}


def build_shopify() -> None:
    shopify("orders_create.json", "orders/create", "8e5c6a2b-0001-4c3e-9d7e-3a4b5c6d7e8f", "b54557e4-0001-4b37-8a5f-bf7d70bcd043", ORDER)
    updated = {**ORDER, "updated_at": "2026-11-02T08:00:00-04:00", "fulfillment_status": "fulfilled"}
    shopify("orders_updated.json", "orders/updated", "8e5c6a2b-0002-4c3e-9d7e-3a4b5c6d7e8f", "b54557e4-0002-4b37-8a5f-bf7d70bcd043", updated)
    shopify("fulfillments_create.json", "fulfillments/create", "8e5c6a2b-0003-4c3e-9d7e-3a4b5c6d7e8f",
            "b54557e4-0003-4b37-8a5f-bf7d70bcd043",
            {"id": 4450000000001, "order_id": 5820000000001, "status": "success", "created_at": "2026-11-02T07:59:00-04:00",
             "tracking_company": "USPS", "tracking_number": "9400111899223197428490", "tracking_numbers": ["9400111899223197428490"],
             "tracking_url": "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490",
             "tracking_urls": ["https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490"],
             "shipment_status": "in_transit", "updated_at": "2026-11-02T07:59:00-04:00"})
    shopify("refunds_create.json", "refunds/create", "8e5c6a2b-0004-4c3e-9d7e-3a4b5c6d7e8f", "b54557e4-0004-4b37-8a5f-bf7d70bcd043",
            {"id": 9300000000001, "order_id": 5820000000001, "created_at": "2026-11-03T09:00:00-04:00", "note": "Shipping protection",
             "transactions": [{"id": 1, "kind": "refund", "status": "success", "amount": "10.00", "currency": "USD"}],
             "refund_line_items": [{"line_item_id": 2, "quantity": 1}]})
    shopify("returns_request.json", "returns/request", "8e5c6a2b-0005-4c3e-9d7e-3a4b5c6d7e8f", "b54557e4-0005-4b37-8a5f-bf7d70bcd043",
            {"id": 7923082, "name": "#1001-R1", "status": "requested",
             "order": {"id": 5820000000001, "admin_graphql_api_id": "gid://shopify/Order/5820000000001"},
             "return_line_items": [{"id": 1, "quantity": 1, "return_reason": "defective",
                                    "customer_note": "The enamel is chipped on one mug."}]})
    dispute = {"id": 1052608616, "order_id": 5820000000001, "type": "chargeback", "amount": "89.95", "currency": "USD",
               "reason": "fraudulent", "status": "needs_response", "evidence_due_by": "2026-11-19T19:00:00-05:00",
               "evidence_sent_on": None, "finalized_on": None, "initiated_at": "2026-11-04T09:12:03-05:00"}
    shopify("disputes_create.json", "disputes/create", "8e5c6a2b-1111-4c3e-9d7e-3a4b5c6d7e8f", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", dispute)
    # The same event delivered again through a second subscription: new webhook id, same event id.
    shopify("disputes_create_again.json", "disputes/create", "8e5c6a2b-1111-4c3e-9d7e-3a4b5c6d7e8f",
            "b54557e4-ffff-4b37-8a5f-bf7d70bcd043", dispute)
    shopify("disputes_create_forged.json", "disputes/create", "8e5c6a2b-2222-4c3e-9d7e-3a4b5c6d7e8f",
            "b54557e4-2222-4b37-8a5f-bf7d70bcd043", {**dispute, "id": 1052608617}, secret="not-the-app-secret")
    path = HERE / "shopify" / "fixtures" / "not_json.json"
    body = '{"id":1052608616,"order_id":5820000000001,"type":"chargeback"'  # cut off mid-object
    headers = {"Content-Type": "application/json", "X-Shopify-Topic": "disputes/create", "X-Shopify-Shop-Domain": SHOPIFY_SHOP,
               "X-Shopify-Webhook-Id": "b54557e4-3333-4b37-8a5f-bf7d70bcd043", "X-Shopify-Event-Id": "8e5c6a2b-3333-4c3e-9d7e-3a4b5c6d7e8f",
               "X-Shopify-Hmac-Sha256": shopify_sign(SHOPIFY_SECRET, body.encode())}
    path.write_text(json.dumps({"headers": headers, "body": body}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build_shopify()
