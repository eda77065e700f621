"""The shapes Meta sends us (Messenger and Instagram webhooks) and answers us (Graph API), checked with pydantic.

Facts (docs/channels.md, Platform facts → Messenger and Instagram): body {"object": "page" |
"instagram", "entry": [{"id", "time", "messaging": [...]}]}; each messaging event has sender
{id}, recipient {id}, timestamp (ms) and one of message {mid, text, attachments, quick_reply,
reply_to, is_echo, app_id, metadata}, read {watermark (Messenger) | mid (Instagram)}, delivery,
postback {mid, title, payload}, reaction, referral. Events another app answers arrive under
entry.standby; Instagram comments under entry.changes. Meta adds fields without notice: unknown
fields are kept, never refused.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from sellerdesk.channels.base import validated
from sellerdesk.channels.payloadtypes import Id, Model, OptionalId

# Text Meta sometimes sends as null: read as empty.
Str = Annotated[str, BeforeValidator(lambda v: "" if v is None else v)]
MESSAGE_CHANGE_FIELDS = {"messages", "messaging_postbacks", "messaging_seen", "message_reactions", "message_echoes"}


class Party(Model):
    id: Id


class AttachmentPayload(Model):
    url: Str = ""
    title: Str = ""  # fallback (a shared link) [U]
    sticker_id: OptionalId = None  # an image that is a sticker


class Attachment(Model):
    type: str = Field(min_length=1)  # image, video, audio, file, fallback, story_mention (Instagram), share, ...
    payload: AttachmentPayload | None = None


class Story(Model):
    url: Str = ""
    id: str = ""


class ReplyTo(Model):
    mid: Str = ""
    story: Story | None = None  # Instagram: the buyer answered our story


class QuickReply(Model):
    payload: Str = ""


class Message(Model):
    mid: str = Field(min_length=1)
    text: Str = ""
    attachments: list[Attachment] = []
    quick_reply: QuickReply | None = None
    reply_to: ReplyTo | None = None
    is_echo: bool = False
    app_id: OptionalId = None
    metadata: Str = ""  # what our Send API call put in message.metadata, echoed back
    is_deleted: bool = False  # Instagram: the buyer unsent it [U]


class Read(Model):
    watermark: int | None = None  # Messenger: everything sent up to this time (ms)
    mid: str = ""  # Instagram: the message read


class Postback(Model):
    mid: Str = ""
    title: Str = ""
    payload: Str = ""


class Event(Model):
    sender: Party
    recipient: Party | None = None
    timestamp: int | None = Field(default=None, gt=0)  # ms; seconds in the dashboard's test deliveries
    message: Message | None = None
    read: Read | None = None
    delivery: dict | None = None
    postback: Postback | None = None
    reaction: dict | None = None
    referral: dict | None = None


class Change(Model):
    field: Str = ""
    value: dict | None = None


class Entry(Model):
    id: Id
    time: float | None = None
    messaging: list[Event] = []
    standby: list[dict] = []
    changes: list[Change] = []

    def message_changes(self) -> list[tuple[int, Change]]:
        """Messages sent in the `changes` form (the app dashboard's "Test" button for Instagram)."""
        return [(j, c) for j, c in enumerate(self.changes) if c.field in MESSAGE_CHANGE_FIELDS and c.value and "sender" in c.value]

    def other_changes(self) -> list[Change]:
        return [c for c in self.changes if not (c.field in MESSAGE_CHANGE_FIELDS and c.value and "sender" in c.value)]


class Webhook(Model):
    object: str = Field(min_length=1)
    entry: list[Entry]


def webhook(data) -> Webhook:
    """The body read, events sent as `changes` moved into `messaging` (checked like the others)."""
    body = validated(Webhook, data, "body")
    entries = []
    for i, entry in enumerate(body.entry):
        moved = [validated(Event, change.value, f"body: entry.{i}.changes.{j}.value") for j, change in entry.message_changes()]
        if moved:
            entry = entry.model_copy(update={"messaging": [*entry.messaging, *moved], "changes": entry.other_changes()})
        entries.append(entry)
    return body.model_copy(update={"entry": entries})


# --- Graph API answers ---------------------------------------------------------------------------

class GraphError(Model):
    message: str = ""
    type: str = ""
    code: int | None = None
    error_subcode: int | None = None
    is_transient: bool = False


class ErrorAnswer(Model):
    error: GraphError


class SendAnswer(Model):
    recipient_id: str = ""
    message_id: str = Field(min_length=1)


class Profile(Model):
    name: str = ""
    first_name: str = ""
    last_name: str = ""
    username: str = ""  # Instagram handle


class InstagramAccount(Model):
    id: Id
    username: str = ""


class Page(Model):
    id: Id
    name: str = ""
    instagram_business_account: InstagramAccount | None = None


class SubscribedApp(Model):
    id: str = ""
    name: str = ""
    subscribed_fields: list[str] = []


class SubscribedApps(Model):
    data: list[SubscribedApp] = []
