"""Writes the signed webhook captures into each channel's fixtures/ folder (webhookkit.fixtures_dir).

Payload shapes follow docs/channels.md (Platform facts); run again after changing a payload:
    .venv/bin/python -m tests.channels.build_fixtures
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path

from tests.channels.webhookkit import fixtures_dir
from tests.channels.fakesecrets import EBAY_KID, EBAY_SELLER, SHOPIFY_SECRET, SHOPIFY_SHOP, TIKTOK_APP_KEY, TIKTOK_APP_SECRET, TIKTOK_SHOP_ID

HERE = Path(__file__).resolve().parent


# Signatures as docs/channels.md (Platform facts) gives them, independent of the code under test.
def shopify_sign(secret: str, raw: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest()).decode()


def _write(channel: str, name: str, headers: dict, body: str) -> None:
    path = fixtures_dir(channel) / name
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
    path = fixtures_dir("shopify") / "not_json.json"
    body = '{"id":1052608616,"order_id":5820000000001,"type":"chargeback"'  # cut off mid-object
    headers = {"Content-Type": "application/json", "X-Shopify-Topic": "disputes/create", "X-Shopify-Shop-Domain": SHOPIFY_SHOP,
               "X-Shopify-Webhook-Id": "b54557e4-3333-4b37-8a5f-bf7d70bcd043", "X-Shopify-Event-Id": "8e5c6a2b-3333-4c3e-9d7e-3a4b5c6d7e8f",
               "X-Shopify-Hmac-Sha256": shopify_sign(SHOPIFY_SECRET, body.encode())}
    path.write_text(json.dumps({"headers": headers, "body": body}, indent=1) + "\n", encoding="utf-8")


# --- eBay -----------------------------------------------------------------------------------
# A test-only P-256 key pair (fake, like everything here): the private half signs the captures,
# the tests serve the public half from a fake key server.
EBAY_KEY_FILE = fixtures_dir("ebay") / "signing_key.pem"
EBAY_OTHER_KEY_FILE = fixtures_dir("ebay") / "other_key.pem"


def _ebay_key(path: Path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    if not path.exists():
        key = ec.generate_private_key(ec.SECP256R1())
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return serialization.load_pem_private_key(path.read_bytes(), None)


def ebay_signature(body: bytes, key_file: Path = EBAY_KEY_FILE, kid: str = EBAY_KID) -> str:
    """X-EBAY-SIGNATURE as channels.md gives it: base64 JSON {alg, kid, signature (DER, base64), digest}."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    der = _ebay_key(key_file).sign(body, ec.ECDSA(hashes.SHA1()))
    header = {"alg": "ecdsa", "kid": kid, "signature": base64.b64encode(der).decode(), "digest": "SHA1"}
    return base64.b64encode(json.dumps(header).encode()).decode()


def ebay_public_pem(key_file: Path = EBAY_KEY_FILE) -> str:
    from cryptography.hazmat.primitives import serialization

    return _ebay_key(key_file).public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def ebay(name: str, topic: str, notification_id: str, event_date: str, data: dict, *, key_file: Path = EBAY_KEY_FILE,
         attempt: int = 1) -> None:
    payload = {"metadata": {"topic": topic, "schemaVersion": "1.0", "deprecated": False},
               "notification": {"notificationId": notification_id, "eventDate": event_date, "publishDate": event_date,
                                "publishAttemptCount": attempt, "data": data}}
    body = _compact(payload)
    headers = {"Content-Type": "application/json", "X-EBAY-SIGNATURE": ebay_signature(body.encode(), key_file)}
    _write("ebay", name, headers, body)


def build_ebay() -> None:
    # The example of channels.md, byte for byte in content.
    ebay("account_deletion.json", "MARKETPLACE_ACCOUNT_DELETION", "49feeaeb-4982-42d9-a377-9645b8479411_33f7e043",
         "2026-11-04T09:12:03.000Z", {"username": "test_user", "userId": "ma8vp1jySJC"})
    message = {"conversationId": "3087654321", "messageId": "2451233920011", "senderUsername": "buyer_xyz",
               "recipientUsername": EBAY_SELLER, "subject": "Where is my order?", "itemId": "225512345678",
               "orderId": "12-34567-89012", "createdDate": "2026-11-05T08:30:00.000Z",
               "messageBody": "Hello, the tracking has not moved for a week. Can you check please?"}
    ebay("message_new.json", "NEW_MESSAGE", "6c1d8a7e-0001-4d2e-9f3a-2b4c6d8e0f1a_1a2b3c4d", "2026-11-05T08:30:00.000Z", message)
    ebay("message_new_retry.json", "NEW_MESSAGE", "6c1d8a7e-0001-4d2e-9f3a-2b4c6d8e0f1a_1a2b3c4d", "2026-11-05T08:30:00.000Z", message,
         attempt=2)
    ebay("message_echo.json", "NEW_MESSAGE", "6c1d8a7e-0002-4d2e-9f3a-2b4c6d8e0f1a_1a2b3c4d", "2026-11-05T09:00:00.000Z",
         {**message, "messageId": "2451233920012", "senderUsername": EBAY_SELLER, "recipientUsername": "buyer_xyz",
          "messageBody": "We are checking with the carrier."})
    ebay("return_created.json", "RETURN_CREATED", "6c1d8a7e-0003-4d2e-9f3a-2b4c6d8e0f1a_1a2b3c4d", "2026-11-06T10:00:00.000Z",
         {"returnId": "5000123456", "orderId": "12-34567-89012", "buyerUsername": "buyer_xyz", "returnStatus": "RETURN_REQUESTED",
          "reason": "NOT_AS_DESCRIBED", "comments": "The colour is different from the photos.",
          "creationDate": "2026-11-06T10:00:00.000Z"})
    ebay("inquiry_created.json", "INQUIRY_CREATED", "6c1d8a7e-0004-4d2e-9f3a-2b4c6d8e0f1a_1a2b3c4d", "2026-11-09T15:00:00.000Z",
         {"inquiryId": "5081234567", "orderId": "23-45678-90123", "buyerUsername": "buyer_qrs", "status": "OPEN",
          "comments": "Never arrived.", "creationDate": "2026-11-09T15:00:00.000Z"})
    ebay("return_created_forged.json", "RETURN_CREATED", "6c1d8a7e-0005-4d2e-9f3a-2b4c6d8e0f1a_1a2b3c4d", "2026-11-06T10:00:00.000Z",
         {"returnId": "5000999999", "orderId": "12-34567-89012", "buyerUsername": "buyer_xyz", "returnStatus": "RETURN_REQUESTED",
          "creationDate": "2026-11-06T10:00:00.000Z"}, key_file=EBAY_OTHER_KEY_FILE)


# --- TikTok Shop ------------------------------------------------------------------------------
def tiktok_sign(body: bytes, app_key: str = TIKTOK_APP_KEY, app_secret: str = TIKTOK_APP_SECRET) -> str:
    return hmac.new(app_secret.encode(), app_key.encode() + body, hashlib.sha256).hexdigest()


def tiktok(name: str, payload: dict, *, secret: str = TIKTOK_APP_SECRET) -> None:
    body = _compact(payload)
    _write("tiktok", name, {"Content-Type": "application/json", "Authorization": tiktok_sign(body.encode(), app_secret=secret)}, body)


def build_tiktok() -> None:
    new_message = {"type": 14, "tts_notification_id": "7327112393057371910", "shop_id": TIKTOK_SHOP_ID, "timestamp": 1762247523,
                   "data": {"conversation_id": "7412345678901234567", "message_id": "7412345678901299999", "type": "TEXT",
                            "content": "{\"content\":\"Tracking says delivered but nothing arrived\"}",
                            "sender": {"role": "BUYER", "im_user_id": "7001234567890"}, "create_time": 1762247522}}
    tiktok("new_message.json", new_message)
    tiktok("new_message_forged.json", {**new_message, "tts_notification_id": "7327112393057371911"}, secret="wrong-secret")
    tiktok("new_conversation.json", {"type": 13, "tts_notification_id": "7327112393057371800", "shop_id": TIKTOK_SHOP_ID,
                                     "timestamp": 1762247500, "data": {"conversation_id": "7412345678901234567", "create_time": 1762247500}})
    tiktok("shop_echo.json", {"type": 14, "tts_notification_id": "7327112393057371920", "shop_id": TIKTOK_SHOP_ID, "timestamp": 1762247600,
                              "data": {"conversation_id": "7412345678901234567", "message_id": "7412345678901300000", "type": "TEXT",
                                       "content": "{\"content\":\"Sorry to hear that, checking now.\"}",
                                       "sender": {"role": "SHOP", "im_user_id": "7009999999999"}, "create_time": 1762247600}})
    tiktok("return_requested.json", {"type": 12, "tts_notification_id": "7327112393057372000", "shop_id": TIKTOK_SHOP_ID,
                                     "timestamp": 1762250000,
                                     "data": {"order_id": "576461413038785752", "return_id": "4035318504086380000",
                                              "return_role": "BUYER", "return_type": "REFUND", "return_status": "RETURN_OR_REFUND_REQUEST_PENDING",
                                              "update_time": 1762250000}})


if __name__ == "__main__":
    build_shopify()
    build_ebay()
    build_tiktok()
