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

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sellerdesk.channels.payloadcheck import validated

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

    @model_validator(mode="after")
    def _kind_fields(self) -> "LineMessage":
        if self.type == "text" and not self.text:
            raise ValueError("text missing in a text message")
        if self.type == "location" and (self.latitude is None or self.longitude is None):
            raise ValueError("latitude or longitude missing in a location message")
        return self


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

    @model_validator(mode="after")
    def _kind_fields(self) -> "LineEvent":
        if self.type == "message" and self.message is None:
            raise ValueError("message missing in a message event")
        if self.type == "postback" and self.postback is None:
            raise ValueError("postback missing in a postback event")
        return self


class Webhook(BaseModel):
    model_config = OPEN
    destination: str = Field(min_length=1)
    events: list[LineEvent]


def webhook(data) -> Webhook:
    return validated(Webhook, data)


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
