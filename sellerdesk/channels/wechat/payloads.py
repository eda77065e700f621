"""The shapes WeChat sends us (message XML) and answers us (API JSON), checked with pydantic.

Message XML is flat: <xml><ToUserName>…</ToUserName>…</xml>, text in CDATA. Fields per kind
(docs/channels.md, Platform facts → WeChat) [C]: text Content; image PicUrl + MediaId; voice
MediaId + Format (+ Recognition when speech recognition is on [U]); video / shortvideo MediaId +
ThumbMediaId; location Location_X, Location_Y, Scale, Label; link Title, Description, Url; event
Event (+ EventKey). Every message kind but event carries MsgId.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pydantic import BaseModel, ConfigDict, Field

from sellerdesk.channels.base import MalformedDelivery, validated

# What each message kind cannot do without.
REQUIRED = {
    "text": ("MsgId", "Content"),
    "image": ("MsgId", "MediaId"),
    "voice": ("MsgId", "MediaId"),
    "video": ("MsgId", "MediaId"),
    "shortvideo": ("MsgId", "MediaId"),
    "location": ("MsgId", "Location_X", "Location_Y"),
    "link": ("MsgId", "Url"),
    "event": ("Event",),
}


def read_xml(body: bytes, what: str = "body") -> dict[str, str]:
    """The children of the <xml> root as {tag: text}. WeChat never sends a DTD: one is refused,
    so no entity is ever expanded."""
    head = body[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in body.lower():
        raise MalformedDelivery(f"{what} declares a DTD or entities; WeChat XML has none")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise MalformedDelivery(f"{what} is not XML: {exc}") from None
    if root.tag != "xml":
        raise MalformedDelivery(f"{what}: the root element is <{root.tag}>, expected <xml>")
    return {child.tag: (child.text or "").strip() if len(child) == 0 else "" for child in root}


class Envelope(BaseModel):
    """A safe-mode body: the message is inside Encrypt."""

    model_config = ConfigDict(extra="allow")
    ToUserName: str = ""
    Encrypt: str = Field(min_length=1)


class WeChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    ToUserName: str = Field(min_length=1)  # the account's original id (gh_…)
    FromUserName: str = Field(min_length=1)  # the user's openid for this account
    CreateTime: int = Field(gt=0)
    MsgType: str = Field(min_length=1)
    MsgId: str = ""
    Content: str = ""
    MediaId: str = ""
    PicUrl: str = ""
    Format: str = ""
    Recognition: str = ""
    ThumbMediaId: str = ""
    Location_X: float | None = None
    Location_Y: float | None = None
    Scale: int | None = None
    Label: str = ""
    Title: str = ""
    Description: str = ""
    Url: str = ""
    Event: str = ""
    EventKey: str = ""


def message(fields: dict[str, str]) -> WeChatMessage:
    # Empty elements (<Scale></Scale>) count as absent, not as a number that fails.
    msg = validated(WeChatMessage, {k: v for k, v in fields.items() if v != ""}, "xml")
    missing = [name for name in REQUIRED.get(msg.MsgType, ()) if getattr(msg, name) in ("", None)]
    if missing:
        raise MalformedDelivery(f"xml: {', '.join(missing)}: missing in a {msg.MsgType} message")
    return msg


def envelope(fields: dict[str, str]) -> Envelope:
    return validated(Envelope, fields, "xml")


class ApiAnswer(BaseModel):
    """Every API answer: errcode 0 (or absent) is success."""

    model_config = ConfigDict(extra="allow")
    errcode: int = 0
    errmsg: str = ""


class TokenAnswer(ApiAnswer):
    access_token: str = ""
    expires_in: int = 0


class CallbackIpAnswer(ApiAnswer):
    ip_list: list[str] = []


class MediaUploadAnswer(ApiAnswer):
    media_id: str = ""


class VideoAnswer(ApiAnswer):
    """media/get answers a video with JSON naming where to download it [U]."""

    video_url: str = ""
