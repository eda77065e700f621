"""Typed shapes of what the API accepts and returns (they are the OpenAPI document)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema
from pydantic import AwareDatetime, StrictBool, StrictInt, field_validator

from sellerdesk.lib import contenttype

MAX_LIMIT = 200
MAX_ID = 2**63 - 1  # the database's bigint; larger ids cannot exist


# --- output ---------------------------------------------------------------------------------


class ErrorItem(Schema):
    field: str
    location: str = Field(description="body, query or path")
    reason: str


class Error(Schema):
    detail: str
    errors: list[ErrorItem]


class CustomerOut(Schema):
    id: int
    name: str
    email: str


class IdentityOut(Schema):
    kind: str
    value: str


class CustomerDetailOut(CustomerOut):
    country: str
    language: str
    is_vip: bool
    identities: list[IdentityOut]


class UserOut(Schema):
    id: int
    username: str
    name: str


class ConversationOut(Schema):
    id: int
    channel: str
    marketplace: str
    subject: str
    status: str
    tier: int
    language: str
    intent: str
    intent_confidence: float | None
    sentiment: str
    urgency: int
    urgency_reasons: list
    next_deadline_at: dt.datetime | None
    deadline_kind: str
    time_left_seconds: int | None = Field(description="Seconds until next_deadline_at; negative when overdue.")
    customer: CustomerOut
    assignee: UserOut | None
    order_number: str | None
    has_problem: bool
    created_at: dt.datetime
    last_message_at: dt.datetime


class OrderOut(Schema):
    id: int
    platform: str
    marketplace: str
    number: str
    status: str
    currency: str
    total: str | None = Field(description="Decimal amount as a string, e.g. \"19.99\".")
    items: list
    placed_at: dt.datetime | None


class ClaimOut(Schema):
    id: int
    platform: str
    kind: str
    external_id: str
    amount: str | None
    currency: str
    reason: str
    respond_by: dt.datetime | None
    created_at: dt.datetime


class ConversationDetailOut(ConversationOut):
    customer: CustomerDetailOut
    order: OrderOut | None
    claims: list[ClaimOut]


class ConversationPage(Schema):
    items: list[ConversationOut]
    next_cursor: str | None


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int


class MessageOut(Schema):
    id: int
    direction: Literal["in", "out", "note"]
    sender: str
    sender_name: str
    subject: str
    body_text: str
    body_full: str
    external_id: str | None
    in_reply_to: str
    language: str
    is_automated: bool
    delivery_status: str
    error: str
    flags: list
    sent_at: dt.datetime
    created_at: dt.datetime
    attachments: list[AttachmentOut]


class MessagePage(Schema):
    items: list[MessageOut]
    next_cursor: str | None


class TeamOut(Schema):
    id: int
    name: str


class MeOut(Schema):
    id: int
    username: str
    name: str
    email: str
    role: str | None
    languages: list[str]
    ui_language: str | None
    timezone: str | None
    team: TeamOut | None
    token_name: str | None = Field(description="Name of the API token used, null for a session.")


# --- input ----------------------------------------------------------------------------------


class InboxQuery(Schema):
    status: Literal["open", "pending", "snoozed", "resolved", "all"] = "open"
    channel: str = ""
    assignee: str = Field("", pattern=r"^(|me|none|[0-9]{1,18})$", description='"me", "none" or a user id.')
    tier: int | None = Field(None, ge=1, le=3)
    language: str = ""
    q: str = Field("", max_length=200)
    cursor: str = ""
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


class PageQuery(Schema):
    cursor: str = ""
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


class NoteIn(Schema):
    # The pattern documents "not only whitespace"; the validator gives the readable error.
    text: str = Field(max_length=20000, json_schema_extra={"pattern": r"\S"})

    @field_validator("text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value


# Strict: JSON 0 or "5" are not a boolean or an id; lax coercion would hide client bugs.
class FileIn(Schema):
    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field("application/octet-stream", max_length=120, pattern=contenttype.PATTERN,
                              description="A MIME type such as application/pdf (type/subtype, optional parameters).")
    data_base64: str = Field(description="The file's bytes, base64 (standard alphabet).")

    @field_validator("data_base64")
    @classmethod
    def _decodable(cls, value: str) -> str:
        import base64
        import binascii

        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("not valid base64") from None
        return value


class ReplyIn(NoteIn):
    resolve: StrictBool = False
    files: list[FileIn] = Field(default_factory=list, max_length=10, description="Files to attach (the platform's rules apply).")


class AssignIn(Schema):
    assignee_id: StrictInt | None = Field(ge=1, le=MAX_ID, description="A user id, or null to unassign.")


class TriageCorrectionIn(Schema):
    intent: str | None = Field(None, description="One of the intents of the taxonomy, e.g. delivery_issue.")
    tier: StrictInt | None = Field(None, ge=1, le=3, description="1, 2 or 3.")
    language: str | None = Field(None, max_length=12, description="ISO 639-1 code, e.g. de.")
    sentiment: str | None = Field(None, description="negative, neutral or positive.")


class SnoozeIn(Schema):
    until: AwareDatetime = Field(description="When the conversation opens again; with a timezone, in the future.")
