"""A stored WeChat delivery -> the buyer's message (or why there is none).

One delivery holds one message or event. The openid is the buyer on this account: the thread
key and a social identity ("wechat:<openid>"). Pictures, voice and video arrive as a MediaId
that is downloaded after the message is stored (fetch.py); until then the text says what came.
"""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels.base import InboundMessage, ParseResult
from sellerdesk.channels.wechat import payloads
from sellerdesk.channels.wechat.receiver import decrypted_fields, event_key

MEDIA_KINDS = {"image", "voice", "video", "shortvideo"}


def identity(openid: str) -> tuple[str, str]:
    return ("social", f"wechat:{openid}")


def thread_key(openid: str) -> str:
    return f"wechat:{openid}"


def read(raw) -> payloads.WeChatMessage:
    return payloads.message(decrypted_fields(raw.account, bytes(raw.body)))


def text_of(msg: payloads.WeChatMessage) -> str:
    """What the agent reads for each kind; media say what they are until they are downloaded."""
    kind = msg.MsgType
    if kind == "text":
        return msg.Content
    if kind == "image":
        return "[image]"
    if kind == "voice":
        # With speech recognition on, WeChat adds the words it heard.
        return f"[voice] {msg.Recognition}".strip()
    if kind in ("video", "shortvideo"):
        return "[video]"
    if kind == "location":
        label = f"{msg.Label} " if msg.Label else ""
        return f"[location] {label}({msg.Location_X}, {msg.Location_Y})"
    if kind == "link":
        return "\n".join(p for p in (f"[link] {msg.Title}".strip(), msg.Description, msg.Url) if p)
    if kind == "event" and msg.Event.upper() == "CLICK":
        return f"[menu] {msg.EventKey}".strip()
    return f"[{kind}]"


def parse_delivery(raw) -> ParseResult:
    msg = read(raw)
    if msg.MsgType == "event":
        event = msg.Event.upper()
        if event == "SUBSCRIBE":
            return ParseResult(ignored_reason=f"{msg.FromUserName} followed the account")
        if event == "UNSUBSCRIBE":
            return ParseResult(ignored_reason=f"{msg.FromUserName} unfollowed the account: messages can no longer reach them")
        if event != "CLICK":  # VIEW (a menu link opened), SCAN, LOCATION reports...
            return ParseResult(ignored_reason=f"{event or 'an empty'} event: not a message")
    account = raw.account
    message = InboundMessage(
        external_id=event_key(msg),
        channel="wechat",
        sender=msg.FromUserName,
        body_text=text_of(msg),
        body_full=text_of(msg),
        sent_at=dt.datetime.fromtimestamp(msg.CreateTime, tz=dt.timezone.utc),
        thread_key=thread_key(msg.FromUserName),
        marketplace=account.marketplace,
        identities=[identity(msg.FromUserName)],
    )
    return ParseResult(messages=[message])

