"""Writes the WeChat webhook fixtures: real-shaped XML, signed as WeChat signs it.

    .venv/bin/python -m sellerdesk.channels.wechat.tests.build_fixtures

Each file is a capture {"query", "headers", "body"} as `sellerdesk inbound wechat FILE` reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

from sellerdesk.channels.wechat.crypt import encrypt, signature
from sellerdesk.channels.wechat.tests.fakes import APP_ID, ENCODING_AES_KEY, OPENID, ORIGINAL_ID, SENT, TOKEN

HERE = Path(__file__).resolve().parents[1] / "fixtures"
TS = str(int(SENT.timestamp()))


def xml(msg_type: str, fields: str, msg_id: str = "", *, created: str = TS) -> str:
    tail = f"<MsgId>{msg_id}</MsgId>" if msg_id else ""
    return (f"<xml><ToUserName><![CDATA[{ORIGINAL_ID}]]></ToUserName><FromUserName><![CDATA[{OPENID}]]></FromUserName>"
            f"<CreateTime>{created}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>{fields}{tail}</xml>")


def plain(body: str, nonce: str, *, token: str = TOKEN) -> dict:
    query = {"signature": signature(token, TS, nonce), "timestamp": TS, "nonce": nonce, "openid": OPENID}
    return {"query": query, "headers": {"Content-Type": "text/xml"}, "body": body}


def safe(body: str, nonce: str) -> dict:
    encrypted = encrypt(body.encode(), encoding_aes_key=ENCODING_AES_KEY, app_id=APP_ID, random=b"sellerdesk-fixed")
    envelope = f"<xml><ToUserName><![CDATA[{ORIGINAL_ID}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    query = {"signature": signature(TOKEN, TS, nonce), "timestamp": TS, "nonce": nonce, "openid": OPENID,
             "encrypt_type": "aes", "msg_signature": signature(TOKEN, TS, nonce, encrypted)}
    return {"query": query, "headers": {"Content-Type": "text/xml"}, "body": envelope}


TEXT = xml("text", "<Content><![CDATA[我的快递三天没更新了，订单号 112-3456789-1234567]]></Content>", "22876340532172986")

FIXTURES = {
    "text.json": plain(TEXT, "1320562132"),
    "image.json": plain(xml("image", "<PicUrl><![CDATA[http://mmbiz.qpic.cn/mmbiz_jpg/abc/0]]></PicUrl>"
                                     "<MediaId><![CDATA[media_image_4Zq1]]></MediaId>", "22876340532172987"), "1320562133"),
    "voice.json": plain(xml("voice", "<MediaId><![CDATA[media_voice_9Kx2]]></MediaId><Format><![CDATA[amr]]></Format>"
                                     "<Recognition><![CDATA[包裹破损了]]></Recognition>", "22876340532172988"), "1320562134"),
    "video.json": plain(xml("video", "<MediaId><![CDATA[media_video_3Hc7]]></MediaId>"
                                     "<ThumbMediaId><![CDATA[media_thumb_3Hc8]]></ThumbMediaId>", "22876340532172989"), "1320562135"),
    "location.json": plain(xml("location", "<Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale>"
                                           "<Label><![CDATA[广州市天河区]]></Label>", "22876340532172990"), "1320562136"),
    "link.json": plain(xml("link", "<Title><![CDATA[订单截图]]></Title><Description><![CDATA[看这里]]></Description>"
                                   "<Url><![CDATA[https://example.com/order/1]]></Url>", "22876340532172991"), "1320562137"),
    "subscribe.json": plain(xml("event", "<Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[]]></EventKey>"), "1320562138"),
    "unsubscribe.json": plain(xml("event", "<Event><![CDATA[unsubscribe]]></Event><EventKey><![CDATA[]]></EventKey>",
                                  created=str(int(SENT.timestamp()) + 60)), "1320562139"),
    "click.json": plain(xml("event", "<Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[AFTER_SALES]]></EventKey>"), "1320562140"),
    "view.json": plain(xml("event", "<Event><![CDATA[VIEW]]></Event><EventKey><![CDATA[https://shop.example/orders]]></EventKey>"),
                       "1320562141"),
    "text_safe.json": safe(TEXT, "1320562142"),
    "text_forged.json": plain(TEXT, "1320562143", token="not-the-token"),
    "text_without_content.json": plain(xml("text", "", "22876340532172992"), "1320562144"),
}


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, capture in FIXTURES.items():
        (HERE / name).write_text(json.dumps(capture, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(FIXTURES)} fixtures written to {HERE}")


if __name__ == "__main__":
    main()
