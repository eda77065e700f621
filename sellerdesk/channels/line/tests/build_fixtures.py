"""Writes the LINE webhook fixtures: real-shaped JSON, signed as LINE signs it.

    .venv/bin/python -m sellerdesk.channels.line.tests.build_fixtures

Each file is a capture {"headers", "body"} as `sellerdesk inbound line FILE` reads it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path

from sellerdesk.channels.line.tests.fakes import BOT_USER_ID, CHANNEL_SECRET, SENT, USER_ID

HERE = Path(__file__).resolve().parents[1] / "fixtures"
TS = int(SENT.timestamp() * 1000)


def event(kind: str, event_id: str, *, reply: str = "", offset_ms: int = 0, **fields) -> dict:
    e = {"type": kind, "mode": "active", "timestamp": TS + offset_ms, "source": {"type": "user", "userId": USER_ID},
         "webhookEventId": event_id, "deliveryContext": {"isRedelivery": False}}
    if reply:
        e["replyToken"] = reply
    return {**e, **fields}


def sign(secret: str, body: bytes) -> str:
    """X-Line-Signature, computed here on its own (not with the receiver's code it checks)."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def capture(events: list[dict], *, secret: str = CHANNEL_SECRET) -> dict:
    body = json.dumps({"destination": BOT_USER_ID, "events": events}, ensure_ascii=False, separators=(",", ":"))
    return {"headers": {"Content-Type": "application/json; charset=utf-8", "X-Line-Signature": sign(secret, body.encode()),
                        "User-Agent": "LineBotWebhook/2.0"}, "body": body}


TEXT = event("message", "01HF2B3C4D5E6F7G8H9J0KMNPQ", reply="nHuyWiB7yP5Zw52FIkcQobQuGDXCTA",
             message={"id": "444573844083572737", "type": "text", "quoteToken": "q3Plxr4AgKd", "text": "注文した商品がまだ届きません"})

FIXTURES = {
    "text.json": capture([TEXT]),
    "image.json": capture([event("message", "01HF2B3C4D5E6F7G8H9J0KMNPR", reply="b60d432864f44d079f6d8efe86cf404b",
                                 message={"id": "444573844083572738", "type": "image", "quoteToken": "yHAz4Ua2wx7",
                                          "contentProvider": {"type": "line"}})]),
    "file.json": capture([event("message", "01HF2B3C4D5E6F7G8H9J0KMNPS", reply="a50d432864f44d079f6d8efe86cf404c",
                                message={"id": "444573844083572739", "type": "file", "fileName": "receipt.pdf", "fileSize": 2138})]),
    "sticker_location.json": capture([
        event("message", "01HF2B3C4D5E6F7G8H9J0KMNPT", reply="c50d432864f44d079f6d8efe86cf404d",
              message={"id": "444573844083572740", "type": "sticker", "packageId": "446", "stickerId": "1988",
                       "stickerResourceType": "STATIC", "keywords": ["Sad", "Crying"]}),
        event("message", "01HF2B3C4D5E6F7G8H9J0KMNPV", reply="d50d432864f44d079f6d8efe86cf404e", offset_ms=1500,
              message={"id": "444573844083572741", "type": "location", "title": "自宅", "address": "東京都渋谷区道玄坂1-2-3",
                       "latitude": 35.658, "longitude": 139.6983}),
    ]),
    "postback.json": capture([event("postback", "01HF2B3C4D5E6F7G8H9J0KMNPW", reply="e50d432864f44d079f6d8efe86cf404f",
                                    postback={"data": "action=track&order=112-3456789-1234567"})]),
    "follow_then_text.json": capture([
        event("follow", "01HF2B3C4D5E6F7G8H9J0KMNPX", reply="f50d432864f44d079f6d8efe86cf4040", follow={"isUnblocked": False}),
        event("message", "01HF2B3C4D5E6F7G8H9J0KMNPY", reply="g50d432864f44d079f6d8efe86cf4041", offset_ms=2000,
              message={"id": "444573844083572742", "type": "text", "text": "my email is Hana.Sato+line@example.jp"}),
    ]),
    "unfollow.json": capture([event("unfollow", "01HF2B3C4D5E6F7G8H9J0KMNPZ", offset_ms=60000)]),
    "verify.json": capture([]),
    "text_forged.json": capture([TEXT], secret="not-the-channel-secret"),
    "text_without_event_id.json": capture([{k: v for k, v in TEXT.items() if k != "webhookEventId"}]),
}


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, data in FIXTURES.items():
        (HERE / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(FIXTURES)} fixtures written to {HERE}")


if __name__ == "__main__":
    main()
