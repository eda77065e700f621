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

from pydantic import Field

from sellerdesk.channels.base import validated
from sellerdesk.channels.payloadtypes import Id, Model, OptionalId


class Party(Model):
    id: Id


class AttachmentPayload(Model):
    url: str = ""
    title: str = ""  # fallback (a shared link) [U]
    sticker_id: OptionalId = None  # an image that is a sticker


class Attachment(Model):
    type: str = Field(min_length=1)  # image, video, audio, file, fallback, story_mention (Instagram), share, ...
    payload: AttachmentPayload | None = None


class Story(Model):
    url: str = ""
    id: str = ""


class ReplyTo(Model):
    mid: str = ""
    story: Story | None = None  # Instagram: the buyer answered our story


class QuickReply(Model):
    payload: str = ""


class Message(Model):
    mid: str = Field(min_length=1)
    text: str = ""
    attachments: list[Attachment] = []
    quick_reply: QuickReply | None = None
    reply_to: ReplyTo | None = None
    is_echo: bool = False
    app_id: OptionalId = None
    metadata: str = ""  # what our Send API call put in message.metadata, echoed back
    is_deleted: bool = False  # Instagram: the buyer unsent it [U]


class Read(Model):
    watermark: int | None = None  # Messenger: everything sent up to this time (ms)
    mid: str = ""  # Instagram: the message read


class Postback(Model):
    mid: str = ""
    title: str = ""
    payload: str = ""


class Event(Model):
    sender: Party
    recipient: Party
    timestamp: int = Field(gt=0)
    message: Message | None = None
    read: Read | None = None
    delivery: dict | None = None
    postback: Postback | None = None
    reaction: dict | None = None
    referral: dict | None = None


class Entry(Model):
    id: Id
    time: int | None = None
    messaging: list[Event] = []
    standby: list[dict] = []
    changes: list[dict] = []


class Webhook(Model):
    object: str = Field(min_length=1)
    entry: list[Entry]


def webhook(data) -> Webhook:
    return validated(Webhook, data, "body")


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
