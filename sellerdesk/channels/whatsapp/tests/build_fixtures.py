"""Writes the WhatsApp webhook fixtures: real-shaped Cloud API JSON, signed as Meta signs it.

    .venv/bin/python -m sellerdesk.channels.whatsapp.tests.build_fixtures

Each file is a capture {"headers", "body"} as `sellerdesk inbound whatsapp FILE` reads it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from sellerdesk.channels.whatsapp.tests.fakes import APP_SECRET, DISPLAY_NUMBER, PHONE_NUMBER_ID, SENT, WA_ID, WABA_ID

HERE = Path(__file__).resolve().parents[1] / "fixtures"
TS = int(SENT.timestamp())
OUR_WAMID = "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI1QjNGNUE5RjY0QjI3RUQ3QTkA"  # a reply of ours (statuses name it)


def wamid(n: int) -> str:
    return f"wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ{n:02d}RgA="


def message(n: int, kind: str, offset: int = 0, **content) -> dict:
    return {"from": WA_ID, "id": wamid(n), "timestamp": str(TS + offset), "type": kind, **content}


def status(state: str, offset: int, **extra) -> dict:
    return {"id": OUR_WAMID, "status": state, "timestamp": str(TS + offset), "recipient_id": WA_ID, **extra}


def value(messages=(), statuses=(), phone_number_id: str = PHONE_NUMBER_ID) -> dict:
    v = {"messaging_product": "whatsapp", "metadata": {"display_phone_number": DISPLAY_NUMBER, "phone_number_id": phone_number_id}}
    if messages:
        v["contacts"] = [{"profile": {"name": "Sheena Nelson"}, "wa_id": WA_ID}]
        v["messages"] = list(messages)
    if statuses:
        v["statuses"] = list(statuses)
    return v


def body(*values, field: str = "messages", obj: str = "whatsapp_business_account") -> dict:
    return {"object": obj, "entry": [{"id": WABA_ID, "changes": [{"value": v, "field": field} for v in values]}]}


def sign(secret: str, raw: bytes) -> str:
    """X-Hub-Signature-256, computed here on its own (not with the receiver's code it checks)."""
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def capture(data: dict, *, secret: str = APP_SECRET) -> dict:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return {"headers": {"Content-Type": "application/json", "X-Hub-Signature-256": sign(secret, text.encode()),
                        "User-Agent": "facebookexternalua"}, "body": text}


TEXT = message(1, "text", text={"body": "Order #1001 arrived damaged"})
CONVERSATION = {"id": "b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6", "expiration_timestamp": str(TS + 86400), "origin": {"type": "service"}}
PRICING = {"billable": True, "pricing_model": "CBP", "category": "service"}

FIXTURES = {
    "text.json": capture(body(value([TEXT]))),
    "image.json": capture(body(value([message(2, "image", 10, image={
        "caption": "The box", "mime_type": "image/jpeg", "sha256": "ZmFrZS1zaGEyNTY=", "id": "1479537139650973"})]))),
    "document.json": capture(body(value([message(3, "document", 20, document={
        "filename": "invoice-1001.pdf", "mime_type": "application/pdf", "sha256": "ZmFrZS1wZGY=", "id": "873647839201847"})]))),
    "media_kinds.json": capture(body(value([
        message(4, "video", 30, video={"mime_type": "video/mp4", "sha256": "dmlk", "id": "2934872398472398"}),
        message(5, "audio", 31, audio={"mime_type": "audio/ogg; codecs=opus", "sha256": "YXVk", "id": "3847283749283749", "voice": True}),
        message(6, "sticker", 32, sticker={"mime_type": "image/webp", "sha256": "c3Rr", "id": "4928374928374923", "animated": False}),
    ]))),
    "location_contacts.json": capture(body(value([
        message(7, "location", 40, location={"latitude": 37.4848, "longitude": -122.1484, "name": "Home",
                                             "address": "1 Hacker Way, Menlo Park, CA 94025"}),
        message(8, "contacts", 41, contacts=[{"name": {"formatted_name": "Sam Nelson", "first_name": "Sam", "last_name": "Nelson"},
                                              "phones": [{"phone": "+1 650 555 0199", "wa_id": "16505550199", "type": "CELL"}],
                                              "emails": [{"email": "sam.nelson@example.com", "type": "HOME"}]}]),
    ]))),
    "interactive.json": capture(body(value([
        message(9, "interactive", 50, context={"from": DISPLAY_NUMBER, "id": OUR_WAMID},
                interactive={"type": "button_reply", "button_reply": {"id": "refund", "title": "Refund please"}}),
        message(10, "interactive", 51, interactive={"type": "list_reply", "list_reply": {
            "id": "size-m", "title": "Size M", "description": "Exchange for a medium"}}),
        message(11, "button", 52, context={"from": DISPLAY_NUMBER, "id": OUR_WAMID},
                button={"payload": "TRACK_ORDER", "text": "Track my order"}),
    ]))),
    "reply_and_reaction.json": capture(body(value([
        message(12, "text", 60, context={"from": WA_ID, "id": wamid(1)}, text={"body": "Here is a photo of the damage"}),
        message(13, "reaction", 61, reaction={"message_id": OUR_WAMID, "emoji": "\U0001F44D"}),
    ]))),
    "unsupported.json": capture(body(value([message(14, "unsupported", 70, errors=[
        {"code": 131051, "title": "Message type unknown", "message": "Message type unknown",
         "error_data": {"details": "Message type is currently not supported."}}])]))),
    "status_sent.json": capture(body(value(statuses=[status("sent", 100, conversation=CONVERSATION, pricing=PRICING)]))),
    "status_delivered.json": capture(body(value(statuses=[status("delivered", 105, conversation=CONVERSATION, pricing=PRICING)]))),
    "status_read.json": capture(body(value(statuses=[status("read", 110)]))),
    "status_failed.json": capture(body(value(statuses=[status("failed", 120, errors=[
        {"code": 131047, "title": "Re-engagement message", "message": "Re-engagement message",
         "error_data": {"details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number."}}])]))),
    "other_number.json": capture(body(value([message(15, "text", 80, text={"body": "hello"})], phone_number_id="999999999999999"))),
    "template_update.json": capture(body({"event": "APPROVED", "message_template_id": 594425479261596,
                                          "message_template_name": "order_update", "message_template_language": "en_US",
                                          "reason": None}, field="message_template_status_update")),
    # Kinds SellerDesk has no words for: kept as "[<type>]" text, never refused.
    "odd_kinds.json": capture(body(value([
        message(18, "system", 96, system={"body": "Sheena changed their phone number to a new number", "new_wa_id": "16505559999",
                                         "type": "user_changed_number"}),
        message(19, "order", 97, order={"catalog_id": "1049483712", "text": "", "product_items": [
            {"product_retailer_id": "SKU-1", "quantity": "1", "item_price": "19.99", "currency": "USD"}]}),
        message(20, "text", 98, text={"body": "Is this still available?"}, referral={
            "source_url": "https://fb.me/3cr4Wqqkv", "source_id": "120213010123456789", "source_type": "ad",
            "headline": "Spring sale", "body": "20% off", "media_type": "image"}),
    ]))),
    "text_forged.json": capture(body(value([TEXT])), secret="not-the-app-secret"),
    "text_without_id.json": capture(body(value([{k: v for k, v in TEXT.items() if k != "id"}]))),
    "location_without_latitude.json": capture(body(value([message(16, "location", 90, location={"longitude": 2.35})]))),
}
# The bare body, as the platform POSTs it (no headers): for `sellerdesk inbound whatsapp FILE`.
BARE = {"bare_text_body.json": body(value([message(17, "text", 95, text={"body": "Is my parcel coming today?"})]))}


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, data in {**FIXTURES, **BARE}.items():
        (HERE / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(FIXTURES) + len(BARE)} fixtures written to {HERE}")


if __name__ == "__main__":
    main()
