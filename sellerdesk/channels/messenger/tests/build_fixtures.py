"""Writes the Messenger and Instagram webhook fixtures: real-shaped JSON, signed as Meta signs it.

    .venv/bin/python -m sellerdesk.channels.messenger.tests.build_fixtures

Each file is a capture {"headers", "body"} as `sellerdesk inbound messenger FILE` reads it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from sellerdesk.channels.messenger.tests.fakes import APP_SECRET, IG_ACCOUNT_ID, IGSID, OTHER_APP_ID, PAGE_ID, PSID, SENT

CHANNELS = Path(__file__).resolve().parents[2]
TS = int(SENT.timestamp() * 1000)
CDN = "https://scontent.xx.fbcdn.net/v/t1.15752-9"


def sign(secret: str, body: bytes) -> str:
    """X-Hub-Signature-256, computed here on its own (not with the receiver's code it checks)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def capture(obj: str, owner: str, events: list[dict], *, secret: str = APP_SECRET, extra_entry: dict | None = None) -> dict:
    entry = {"id": owner, "time": TS + 400, "messaging": events, **(extra_entry or {})}
    if extra_entry and "changes" in extra_entry:
        entry.pop("messaging")
    body = json.dumps({"object": obj, "entry": [entry]}, ensure_ascii=False, separators=(",", ":"))
    return {"headers": {"Content-Type": "application/json", "X-Hub-Signature-256": sign(secret, body.encode()),
                        "User-Agent": "facebookexternalua"}, "body": body}


def from_buyer(user: str, owner: str, offset_ms: int = 0, **kind) -> dict:
    return {"sender": {"id": user}, "recipient": {"id": owner}, "timestamp": TS + offset_ms, **kind}


def from_page(user: str, owner: str, offset_ms: int = 0, **kind) -> dict:
    return {"sender": {"id": owner}, "recipient": {"id": user}, "timestamp": TS + offset_ms, **kind}


def media(kind: str, name: str) -> dict:
    return {"type": kind, "payload": {"url": f"{CDN}/{name}?_nc_cat=1&oh=00_AfC&oe=6790A1B2"}}


M_TEXT = from_buyer(PSID, PAGE_ID, message={"mid": "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP",
                                            "text": "My parcel has been stuck in customs for a week"})
IG_TEXT = from_buyer(IGSID, IG_ACCOUNT_ID, message={
    "mid": "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAxOjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI1OTY0NjEzNzk",
    "text": "Hi! Is the blue dress still available in size M?"})

MESSENGER = {
    "text.json": capture("page", PAGE_ID, [M_TEXT]),
    "attachments.json": capture("page", PAGE_ID, [from_buyer(PSID, PAGE_ID, 1000, message={
        "mid": "m_1Kq0attach0000000000000000000000000000000000000000000000000000001",
        "attachments": [media("image", "464829201_1002_n.jpg"), media("video", "464829202_1003_n.mp4"),
                        media("audio", "audioclip-1730711523000-2871.mp4"), media("file", "receipt.pdf"),
                        {"type": "image", "payload": {"url": f"{CDN}/39178562_1505197616293642_n.png", "sticker_id": 369239263222822}}]})]),
    "quick_reply.json": capture("page", PAGE_ID, [from_buyer(PSID, PAGE_ID, 2000, message={
        "mid": "m_2Qr0quick000000000000000000000000000000000000000000000000000000002", "text": "Track my order",
        "quick_reply": {"payload": "TRACK_ORDER"}})]),
    "postback.json": capture("page", PAGE_ID, [from_buyer(PSID, PAGE_ID, 3000, postback={
        "mid": "m_3Pb0postback0000000000000000000000000000000000000000000000000003", "title": "Where is my order?",
        "payload": "WHERE_IS_MY_ORDER"})]),
    "echo.json": capture("page", PAGE_ID, [from_page(PSID, PAGE_ID, 60000, message={
        "mid": "m_4Ec0echo00000000000000000000000000000000000000000000000000000004", "is_echo": True, "app_id": int(OTHER_APP_ID),
        "text": "We have asked the carrier; you will hear from us tomorrow."})]),
    "read.json": capture("page", PAGE_ID, [from_buyer(PSID, PAGE_ID, 7_200_000, read={"watermark": TS + 3_600_000})]),
    "batch.json": {**capture("page", PAGE_ID, [
        from_buyer(PSID, PAGE_ID, 4000, message={"mid": "m_5Bt0batch0000000000000000000000000000000000000000000000000000005",
                                                 "text": "my email is jane.doe+fb@example.com"}),
        from_buyer(PSID, PAGE_ID, 4500, delivery={"mids": ["m_4Ec0echo00000000000000000000000000000000000000000000000000000004"],
                                                  "watermark": TS + 4500}),
        from_buyer(PSID, PAGE_ID, 4600, reaction={"mid": "m_4Ec0echo00000000000000000000000000000000000000000000000000000004",
                                                  "action": "react", "reaction": "love", "emoji": "❤"})])},
    "text_forged.json": capture("page", PAGE_ID, [M_TEXT], secret="not-the-app-secret"),
    "text_without_mid.json": capture("page", PAGE_ID, [{**M_TEXT, "message": {"text": M_TEXT["message"]["text"]}}]),
}

INSTAGRAM = {
    "text.json": capture("instagram", IG_ACCOUNT_ID, [IG_TEXT]),
    "story_reply.json": capture("instagram", IG_ACCOUNT_ID, [from_buyer(IGSID, IG_ACCOUNT_ID, 1000, message={
        "mid": "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAxOnN0b3J5cmVwbHkwMDAwMDE", "text": "Do you ship this to Canada?",
        "reply_to": {"story": {"url": "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17900000000000001&signature=AbC",
                               "id": "17900000000000001"}}})]),
    "story_mention.json": capture("instagram", IG_ACCOUNT_ID, [from_buyer(IGSID, IG_ACCOUNT_ID, 2000, message={
        "mid": "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAxOnN0b3J5bWVudGlvbjAwMDE",
        "attachments": [{"type": "story_mention", "payload": {
            "url": "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17900000000000002&signature=DeF"}}]})]),
    "image.json": capture("instagram", IG_ACCOUNT_ID, [from_buyer(IGSID, IG_ACCOUNT_ID, 3000, message={
        "mid": "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAxOmltYWdlMDAwMDAwMDAwMDE",
        "attachments": [{"type": "image", "payload": {
            "url": "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17900000000000003&signature=GhI"}}]})]),
    "echo.json": capture("instagram", IG_ACCOUNT_ID, [from_page(IGSID, IG_ACCOUNT_ID, 60000, message={
        "mid": "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAxOmVjaG8wMDAwMDAwMDAwMDE", "is_echo": True,
        "text": "Yes, size M is in stock."})]),
    "read.json": capture("instagram", IG_ACCOUNT_ID, [from_buyer(IGSID, IG_ACCOUNT_ID, 120000, read={
        "mid": "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAxOmVjaG8wMDAwMDAwMDAwMDE"})]),
    "comment.json": capture("instagram", IG_ACCOUNT_ID, [], extra_entry={"changes": [{"field": "comments", "value": {
        "from": {"id": IGSID, "username": "jane.doe.shop"}, "media": {"id": "17900000000000009", "media_product_type": "FEED"},
        "id": "17865799348089039", "text": "How much is this?"}}]}),
    "text_forged.json": capture("instagram", IG_ACCOUNT_ID, [IG_TEXT], secret="not-the-app-secret"),
    "text_without_mid.json": capture("instagram", IG_ACCOUNT_ID, [{**IG_TEXT, "message": {"text": IG_TEXT["message"]["text"]}}]),
}


def main() -> None:
    for channel, fixtures in (("messenger", MESSENGER), ("instagram", INSTAGRAM)):
        folder = CHANNELS / channel / "fixtures"
        folder.mkdir(exist_ok=True)
        for name, data in fixtures.items():
            (folder / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{len(fixtures)} fixtures written to {folder}")


if __name__ == "__main__":
    main()
