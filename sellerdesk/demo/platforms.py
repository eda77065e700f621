"""Demo Shopify, eBay and TikTok Shop accounts, and the webhooks those platforms would send them.

Each delivery is built as the platform sends it (docs/channels.md, Platform facts) and signed
with the account's own secret as the platform signs it, then goes through the real receiver
(`channels.webhooks.receive`: signature, event id, dedupe) and `pipeline.process`, exactly like
a request to /hooks/<channel>/<account>/. Event ids are fixed, so running the demo again stores
nothing new; times inside the payloads are relative to now, so deadlines count down live.

The secrets are made at random when a demo account is created and kept encrypted on it. For eBay
the demo plays eBay's part: the private half of its signing key is kept on the demo account (a
real account holds only eBay's public keys) so that the next run can sign again.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from sellerdesk.channels import pipeline
from sellerdesk.channels.actions import save_marketplace_account
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.shopify.receiver import sign as shopify_sign
from sellerdesk.channels.tiktok.receiver import sign as tiktok_sign
from sellerdesk.channels.webhooks import HttpDelivery, receive

SHOP_DOMAIN = "brightdesk-demo.myshopify.com"
EBAY_SELLER = "brightdesk_demo"
EBAY_KID = "demo-signing-key-1"
TIKTOK_APP_KEY = "6d3emo0brightdesk"
NY = ZoneInfo("America/New_York")


@dataclass(frozen=True)
class DemoAccount:
    key: str
    kind: str
    name: str
    address: str
    marketplace: str


ACCOUNTS = [
    DemoAccount("shopify", "shopify", "Bright Desk web shop", SHOP_DOMAIN, "US"),
    DemoAccount("ebay", "ebay", "eBay UK", EBAY_SELLER, "UK"),
    DemoAccount("tiktok-my", "tiktok", "TikTok Shop Malaysia", "7494813560211200001", "MY"),
    DemoAccount("tiktok-th", "tiktok", "TikTok Shop Thailand", "7494813560211200002", "TH"),
]


def _new_secrets(kind: str) -> tuple[dict, dict]:
    """(config, credentials) of a new demo account: random secrets, as a seller would paste them."""
    if kind == "shopify":
        return {}, {"webhook_secret": secrets.token_hex(32)}
    if kind == "tiktok":
        return {"app_key": TIKTOK_APP_KEY}, {"app_secret": secrets.token_hex(20)}
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    config = {"username": EBAY_SELLER, "public_keys": {EBAY_KID: public}}
    return config, {"verification_token": secrets.token_urlsafe(48)[:64], "demo_signing_key": private}


def _readable(account: ChannelAccount) -> bool:
    try:
        return bool(account.credentials)
    except ValueError:  # encrypted with another key (SELLERDESK_ENCRYPTION_KEY changed since)
        return False


def ensure_accounts() -> tuple[dict[str, ChannelAccount], list[str]]:
    """The demo's marketplace accounts, created through the Channels page's action when missing;
    with a note for each one whose secrets cannot be read (its deliveries are then not sent)."""
    out, notes = {}, []
    for spec in ACCOUNTS:
        account = ChannelAccount.objects.filter(kind=spec.kind, address=spec.address).first()
        if account is None:
            config, creds = _new_secrets(spec.kind)
            account = save_marketplace_account(
                None, None, kind=spec.kind, config={**config, "demo": True}, secrets=creds,
                fields={"name": spec.name, "address": spec.address, "marketplace": spec.marketplace, "is_active": True},
            )
        if _readable(account):
            out[spec.key] = account
        else:
            notes.append(f"{account.name}: its secrets cannot be decrypted with the configured key; demo webhooks skipped")
    return out, notes


# --- how each platform sends ------------------------------------------------------------------


def _compact(payload: dict) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def _shopify_time(at: dt.datetime) -> str:
    return at.astimezone(NY).isoformat(timespec="seconds")  # the shop's zone, with its offset, as Shopify writes


def shopify(account: ChannelAccount, topic: str, event_id: str, payload: dict, at: dt.datetime) -> HttpDelivery:
    body = _compact(payload)
    headers = {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-Shop-Domain": account.address,
        "X-Shopify-API-Version": "2026-10",
        "X-Shopify-Webhook-Id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"webhook:{event_id}")),
        "X-Shopify-Event-Id": event_id,
        "X-Shopify-Triggered-At": at.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z"),
        "X-Shopify-Hmac-Sha256": shopify_sign(account.credentials["webhook_secret"], body),
    }
    return HttpDelivery(body=body, headers=headers)


def _ebay_time(at: dt.datetime) -> str:
    return at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def ebay(account: ChannelAccount, topic: str, notification_id: str, data: dict, at: dt.datetime) -> HttpDelivery:
    payload = {"metadata": {"topic": topic, "schemaVersion": "1.0", "deprecated": False},
               "notification": {"notificationId": notification_id, "eventDate": _ebay_time(at), "publishDate": _ebay_time(at),
                                "publishAttemptCount": 1, "data": data}}
    body = _compact(payload)
    key = serialization.load_pem_private_key(account.credentials["demo_signing_key"].encode(), None)
    der = key.sign(body, ec.ECDSA(hashes.SHA1()))
    header = {"alg": "ecdsa", "kid": EBAY_KID, "signature": base64.b64encode(der).decode(), "digest": "SHA1"}
    return HttpDelivery(body=body, headers={"Content-Type": "application/json",
                                            "X-EBAY-SIGNATURE": base64.b64encode(json.dumps(header).encode()).decode()})


def tiktok(account: ChannelAccount, kind: int, notification_id: str, data: dict, at: dt.datetime) -> HttpDelivery:
    payload = {"type": kind, "tts_notification_id": notification_id, "shop_id": account.address, "timestamp": int(at.timestamp()),
               "data": data}
    body = _compact(payload)
    signature = tiktok_sign(account.config["app_key"], account.credentials["app_secret"], body)
    return HttpDelivery(body=body, headers={"Content-Type": "application/json", "Authorization": signature})


def tiktok_message(conversation_id: str, message_id: str, buyer: str, kind: str, content: dict, at: dt.datetime) -> dict:
    return {"conversation_id": conversation_id, "message_id": message_id, "type": kind,
            "content": json.dumps(content, ensure_ascii=False), "sender": {"role": "BUYER", "im_user_id": buyer},
            "create_time": int(at.timestamp())}


# --- what the demo shop receives ----------------------------------------------------------------

PRIYA = {"id": 7010000004201, "email": "priyasharma@gmail.com", "first_name": "Priya", "last_name": "Sharma"}
MICHAEL = {"id": 7010000003901, "email": "michael.brown@outlook.com", "first_name": "Michael", "last_name": "Brown"}


def _order(order_id: int, name: str, customer: dict, placed: dt.datetime, updated: dt.datetime, items: list[dict], total: str,
           city: str, fulfilled: bool) -> dict:
    return {
        "id": order_id, "name": name, "email": customer["email"], "created_at": _shopify_time(placed),
        "updated_at": _shopify_time(updated), "currency": "USD", "total_price": total, "financial_status": "paid",
        "fulfillment_status": "fulfilled" if fulfilled else None, "cancelled_at": None, "customer": customer,
        "shipping_address": {"name": f"{customer['first_name']} {customer['last_name']}", "country_code": "US", "city": city},
        "line_items": items, "fulfillments": [],
    }


def _fulfillment(fid: int, order_id: int, company: str, number: str, url: str, status: str, at: dt.datetime) -> dict:
    return {"id": fid, "order_id": order_id, "status": "success", "created_at": _shopify_time(at), "updated_at": _shopify_time(at),
            "tracking_company": company, "tracking_number": number, "tracking_numbers": [number], "tracking_url": url,
            "tracking_urls": [url], "shipment_status": status}


def deliveries(now: dt.datetime) -> list[tuple[str, Callable[[ChannelAccount], HttpDelivery]]]:
    """(account key, builder) in the order the platforms would have sent them."""
    h = lambda hours: now - dt.timedelta(hours=hours)  # noqa: E731
    mugs = [{"id": 1, "sku": "MUG-ENAMEL-GRN", "title": "Enamel camping mug, green", "quantity": 2, "price": "19.50"},
            {"id": 2, "sku": "SHIP-EXPRESS", "title": "Express shipping", "quantity": 1, "price": "9.90"}]
    flask = [{"id": 1, "sku": "FLASK-1L-BLK", "title": "Vacuum flask 1 L, black", "quantity": 1, "price": "54.00"},
             {"id": 2, "sku": "BOTTLE-40-STL", "title": "Insulated water bottle 40 oz, steel", "quantity": 2, "price": "37.95"}]
    usps = "9400111899562537180427"
    ups = "1Z4F8W710398765432"
    order_1042 = _order(5820000004201, "#1042", PRIYA, h(150), h(150), mugs, "48.90", "Jersey City", False)
    order_1039 = _order(5820000003901, "#1039", MICHAEL, h(500), h(500), flask, "129.90", "Columbus", False)
    dispute = {"id": 1052608900, "order_id": 5820000003901, "type": "chargeback", "amount": "129.90", "currency": "USD",
               "reason": "product_not_received", "status": "needs_response",
               "evidence_due_by": _shopify_time(now + dt.timedelta(days=6, hours=4)), "evidence_sent_on": None,
               "finalized_on": None, "initiated_at": _shopify_time(h(2))}
    inquiry_order, inquiry_buyer = "26-11873-40215", "hiker_tom77"
    my_conv, my_buyer = "7420011223344556677", "7328467200112233"
    th_conv, th_buyer = "7420099887766554433", "7328467200998877"
    return [
        # Shopify: Priya's mugs (tracking, then a partial refund, then a return), and Michael's chargeback.
        ("shopify", lambda a: shopify(a, "orders/create", "d3m0-0001-1042-create", order_1042, h(150))),
        ("shopify", lambda a: shopify(a, "fulfillments/create", "d3m0-0002-1042-fulfil", _fulfillment(
            4450000004201, 5820000004201, "USPS", usps, f"https://tools.usps.com/go/TrackConfirmAction?tLabels={usps}",
            "delivered", h(120)), h(120))),
        ("shopify", lambda a: shopify(a, "orders/updated", "d3m0-0003-1042-updated",
                                      {**order_1042, "updated_at": _shopify_time(h(120)), "fulfillment_status": "fulfilled"}, h(120))),
        ("shopify", lambda a: shopify(a, "refunds/create", "d3m0-0004-1042-refund", {
            "id": 9300000004201, "order_id": 5820000004201, "created_at": _shopify_time(h(30)),
            "note": "Express shipping refunded: parcel arrived two days late",
            "transactions": [{"id": 1, "kind": "refund", "status": "success", "amount": "9.90", "currency": "USD"}],
            "refund_line_items": [{"line_item_id": 2, "quantity": 1}]}, h(30))),
        ("shopify", lambda a: shopify(a, "returns/request", "d3m0-0005-1042-return", {
            "id": 7923401, "name": "#1042-R1", "status": "requested",
            "order": {"id": 5820000004201, "admin_graphql_api_id": "gid://shopify/Order/5820000004201"},
            "return_line_items": [{"id": 1, "quantity": 1, "return_reason": "defective",
                                   "customer_note": "One of the two mugs has a chipped rim. The other one is fine."}]}, h(7))),
        ("shopify", lambda a: shopify(a, "orders/create", "d3m0-0006-1039-create", order_1039, h(500))),
        ("shopify", lambda a: shopify(a, "fulfillments/create", "d3m0-0007-1039-fulfil", _fulfillment(
            4450000003901, 5820000003901, "UPS", ups, f"https://www.ups.com/track?tracknum={ups}", "delivered", h(460)), h(460))),
        ("shopify", lambda a: shopify(a, "orders/updated", "d3m0-0009-1039-updated",
                                      {**order_1039, "updated_at": _shopify_time(h(460)), "fulfillment_status": "fulfilled"}, h(460))),
        ("shopify", lambda a: shopify(a, "disputes/create", "d3m0-0008-1039-dispute", dispute, h(2))),
        # eBay UK: a buyer asks where the order is, then opens an item-not-received request; a pre-sale question.
        ("ebay", lambda a: ebay(a, "NEW_MESSAGE", "d3m0e8a1-0001-4e0b-9b1a-000000000001_0a1b2c3d", {
            "conversationId": "3091827364", "messageId": "2452819930011", "senderUsername": inquiry_buyer,
            "recipientUsername": EBAY_SELLER, "subject": "Where is my order?", "itemId": "226019283746", "orderId": inquiry_order,
            "createdDate": _ebay_time(h(52)),
            "messageBody": "Hi, I ordered the 1 litre flask ten days ago. Tracking has said 'in transit' since last Tuesday and "
                           "nothing since. I need it for a trip on Saturday - can you look into it please?"}, h(52))),
        ("ebay", lambda a: ebay(a, "INQUIRY_CREATED", "d3m0e8a1-0002-4e0b-9b1a-000000000002_0a1b2c3d", {
            "inquiryId": "5082640193", "orderId": inquiry_order, "buyerUsername": inquiry_buyer, "status": "OPEN",
            "comments": "Item not received. Tracking has not moved for over a week and the seller has not replied.",
            "creationDate": _ebay_time(h(5))}, h(5))),
        ("ebay", lambda a: ebay(a, "NEW_MESSAGE", "d3m0e8a1-0003-4e0b-9b1a-000000000003_0a1b2c3d", {
            "conversationId": "3091827399", "messageId": "2452819930077", "senderUsername": "jmcallister_uk",
            "recipientUsername": EBAY_SELLER, "subject": "Question about: Vacuum flask 1 L", "itemId": "226019283746",
            "createdDate": _ebay_time(h(9)),
            "messageBody": "Hello, does the 1 L flask fit in a standard car cup holder? And is the lid dishwasher safe? Cheers"}, h(9))),
        # TikTok Shop: a Malaysian buyer (in Malay, with the order card) and a Thai buyer (in Thai).
        # The question first (routing reads its language), then the order card and a last word.
        ("tiktok-my", lambda a: tiktok(a, 14, "7330000000000000101", tiktok_message(
            my_conv, "7420011223344550001", my_buyer, "TEXT",
            {"content": "Hai, saya dah order botol air ni dua minggu lepas tapi sampai sekarang belum terima. Tracking pun "
                        "tak bergerak sejak minggu lepas. Boleh tolong semak tak?"}, h(0.8)), h(0.8))),
        ("tiktok-my", lambda a: tiktok(a, 14, "7330000000000000102", tiktok_message(
            my_conv, "7420011223344550002", my_buyer, "ORDER_CARD", {"order_id": "578123456789012345"}, h(0.79)), h(0.79))),
        ("tiktok-my", lambda a: tiktok(a, 14, "7330000000000000103", tiktok_message(
            my_conv, "7420011223344550003", my_buyer, "TEXT", {"content": "Ni nombor order saya. Bila barang boleh sampai?"}, h(0.78)),
            h(0.78))),
        ("tiktok-th", lambda a: tiktok(a, 14, "7330000000000000201", tiktok_message(
            th_conv, "7420099887766550001", th_buyer, "TEXT",
            {"content": "สวัสดีค่ะ ได้รับกระบอกน้ำแล้วแต่ฝาปิดมีรอยร้าว น้ำรั่วออกมาเวลาใส่กระเป๋า "
                        "ขอเปลี่ยนฝาใหม่หรือเปลี่ยนสินค้าได้ไหมคะ"}, h(3)), h(3))),
    ]


def load(accounts: dict[str, ChannelAccount], now: dt.datetime) -> list[str]:
    """Feed the deliveries through the receivers and the pipeline; the errors, if any (none expected)."""
    errors = []
    for key, build in deliveries(now):
        account = accounts.get(key)
        if account is None:
            continue  # not readable (see ensure_accounts)
        outcome = receive(account, build(account))
        if outcome.status != 200:
            errors.append(f"{account.name}: HTTP {outcome.status} {outcome.error}")
        elif outcome.created:
            pipeline.process(outcome.raw.pk)
    return errors
