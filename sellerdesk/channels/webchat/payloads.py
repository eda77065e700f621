"""The stored web chat delivery: what the widget endpoint received, as one JSON object.

The widget posts a form (text, an optional photo); the endpoint adds what it knows of the visitor
(key, email, the order they named) and stores this object byte for byte as the RawDelivery. All
fields are ours, so none is unverified.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

VERSION = 1


class Photo(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=255)
    type: str = Field(pattern=r"^image/(jpeg|png|gif|webp)$")
    data: str  # base64 of the bytes


class ChatDelivery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    v: int = VERSION
    visitor: str = Field(min_length=32, max_length=32)
    client_id: str = Field(min_length=1, max_length=40)
    text: str = Field(default="", max_length=5000)
    language: str = Field(default="", max_length=10)
    email: str = Field(default="", max_length=254)
    order_number: str = Field(default="", max_length=64)
    order_platform: str = Field(default="", max_length=20)
    page: str = Field(default="", max_length=500)  # the store page the visitor wrote from
    sent_at: dt.datetime
    photo: Photo | None = None
