"""The shapes LINE sends us (webhook JSON) and answers us (API JSON), checked with pydantic.

Facts (docs/channels.md, Platform facts → LINE): body {"destination", "events": [...]}; each
event has type, mode, timestamp (ms), source {type, userId}, webhookEventId,
deliveryContext {isRedelivery} and, for messages, replyToken and message {id, type, ...}.
Message fields per type: text text (+ quoteToken); image / video / audio contentProvider {type:
line | external, originalContentUrl}; file fileName, fileSize; sticker packageId, stickerId
(+ keywords [U]); location title, address, latitude, longitude. postback {data, params}.
LINE adds fields without notice: unknown fields are kept, never refused.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from sellerdesk.channels.base import MalformedDelivery, validated

OPEN = ConfigDict(extra="allow")


class Source(BaseModel):
    model_config = OPEN
    type: str
    userId: str = ""
    groupId: str = ""
    roomId: str = ""


class DeliveryContext(BaseModel):
    model_config = OPEN
    isRedelivery: bool = False


class ContentProvider(BaseModel):
    model_config = OPEN
    type: str = "line"
    originalContentUrl: str = ""


class LineMessage(BaseModel):
    model_config = OPEN
    id: str = Field(min_length=1)
    type: str = Field(min_length=1)
    text: str = ""
    contentProvider: ContentProvider | None = None
    fileName: str = ""
    fileSize: int | None = None
    packageId: str = ""
    stickerId: str = ""
    keywords: list[str] = []
    title: str = ""
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None


class Postback(BaseModel):
    model_config = OPEN
    data: str = ""
    params: dict = {}


class LineEvent(BaseModel):
    model_config = OPEN
    type: str = Field(min_length=1)
    mode: str = "active"
    timestamp: int = Field(gt=0)
    source: Source | None = None
    webhookEventId: str = Field(min_length=1)
    deliveryContext: DeliveryContext = DeliveryContext()
    replyToken: str = ""
    message: LineMessage | None = None
    postback: Postback | None = None


class Webhook(BaseModel):
    model_config = OPEN
    destination: str = Field(min_length=1)
    events: list[LineEvent]


def _missing(event: LineEvent) -> str:
    """The field a kind of event cannot do without, if it lacks it ("" when complete)."""
    if event.type == "message" and event.message is None:
        return "message"
    if event.type == "postback" and event.postback is None:
        return "postback"
    m = event.message
    if m is not None and m.type == "text" and not m.text:
        return "message.text"
    if m is not None and m.type == "location" and (m.latitude is None or m.longitude is None):
        return "message.latitude" if m.latitude is None else "message.longitude"
    return ""


def webhook(data) -> Webhook:
    body = validated(Webhook, data, "body")
    for i, event in enumerate(body.events):
        missing = _missing(event)
        if missing:
            raise MalformedDelivery(f"body: events.{i}.{missing}: missing in a {event.message.type if event.message else event.type} "
                                    f"{'message' if event.message else 'event'}")
    return body


# --- API answers ---------------------------------------------------------------------------------

class TokenAnswer(BaseModel):
    model_config = OPEN
    access_token: str = Field(min_length=1)
    expires_in: int = 0


class Profile(BaseModel):
    model_config = OPEN
    userId: str = ""
    displayName: str = ""
    language: str = ""  # [U]: present only when the user allowed it


class BotInfo(BaseModel):
    model_config = OPEN
    userId: str = ""
    basicId: str = ""
    displayName: str = ""


class WebhookEndpoint(BaseModel):
    model_config = OPEN
    endpoint: str = ""
    active: bool = False
