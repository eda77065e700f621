"""The shapes WhatsApp sends us (webhook JSON) and the Graph API answers us, checked with pydantic.

Facts (docs/channels.md, Platform facts → WhatsApp): body {"object": "whatsapp_business_account",
"entry": [{"id": <WABA id>, "changes": [{"field": "messages", "value": {...}}]}]}; a value holds
messaging_product, metadata {display_phone_number, phone_number_id}, and contacts, messages and
statuses lists. Meta adds fields without notice: unknown fields are kept, never refused.
Fields marked [U] are read as the platform's reference describes them, without a captured delivery.
"""

from __future__ import annotations

from pydantic import Field

from sellerdesk.channels.base import MalformedDelivery, validated
from sellerdesk.channels.payloadtypes import Id, Model, UnixTime

MEDIA_KINDS = ("image", "video", "audio", "document", "sticker")


class Profile(Model):
    name: str = ""


class Contact(Model):
    wa_id: str = ""
    profile: Profile = Profile()


class Metadata(Model):
    display_phone_number: str = ""
    phone_number_id: Id


class Text(Model):
    body: str = ""


class Media(Model):
    id: Id
    mime_type: str = ""
    sha256: str = ""
    caption: str = ""
    filename: str = ""  # documents
    animated: bool = False  # stickers [U]


class Location(Model):
    latitude: float
    longitude: float
    name: str = ""
    address: str = ""


class ContactName(Model):
    formatted_name: str = ""


class ContactPhone(Model):
    phone: str = ""
    wa_id: str = ""


class ContactEmail(Model):
    email: str = ""


class SharedContact(Model):  # a contact card the buyer shared [U: the fields beyond name and phones]
    name: ContactName = ContactName()
    phones: list[ContactPhone] = []
    emails: list[ContactEmail] = []


class Reply(Model):
    id: str = ""
    title: str = ""
    description: str = ""


class Interactive(Model):
    type: str = ""  # button_reply | list_reply
    button_reply: Reply | None = None
    list_reply: Reply | None = None


class Button(Model):  # a quick-reply button of a template the buyer pressed
    payload: str = ""
    text: str = ""


class Reaction(Model):
    message_id: str = ""
    emoji: str = ""  # absent when the reaction is taken back [U]


class Context(Model):
    id: str = ""  # the message answered (wamid)
    # "from" is a Python keyword: read under its own name
    sender: str = Field("", alias="from")


class Error(Model):
    code: int | None = None
    title: str = ""
    message: str = ""
    error_data: dict = {}


class Message(Model):
    sender: str = Field(alias="from", min_length=1)
    id: Id
    timestamp: UnixTime = Field(...)
    type: str = Field(min_length=1)
    text: Text | None = None
    image: Media | None = None
    video: Media | None = None
    audio: Media | None = None
    document: Media | None = None
    sticker: Media | None = None
    location: Location | None = None
    contacts: list[SharedContact] = []
    interactive: Interactive | None = None
    button: Button | None = None
    reaction: Reaction | None = None
    context: Context | None = None
    errors: list[Error] = []  # for type "unsupported"

    def media(self) -> Media | None:
        return getattr(self, self.type, None) if self.type in MEDIA_KINDS else None


class Status(Model):
    id: Id
    status: str = Field(min_length=1)  # sent | delivered | read | failed
    timestamp: UnixTime = Field(...)
    recipient_id: str = ""
    errors: list[Error] = []


class Value(Model):
    messaging_product: str = ""
    metadata: Metadata | None = None
    contacts: list[Contact] = []
    messages: list[Message] = []
    statuses: list[Status] = []


class Change(Model):
    field: str = Field(min_length=1)
    value: dict = {}


class Entry(Model):
    id: Id
    changes: list[Change] = []


class Webhook(Model):
    object: str = Field(min_length=1)
    entry: list[Entry]


# A message type whose content object must be there (the type's own key).
NEEDS_CONTENT = {"text": "text", "location": "location", "interactive": "interactive", "button": "button",
                 "reaction": "reaction", **{k: k for k in MEDIA_KINDS}}


def webhook(data) -> tuple[Webhook, list[tuple[str, Value]]]:
    """The body and its message values [(where, value)], each checked; MalformedDelivery names the field."""
    body = validated(Webhook, data, "body")
    if body.object != "whatsapp_business_account":
        raise MalformedDelivery(f"body: object: {body.object!r} is not a WhatsApp Business Account delivery")
    values = []
    for i, entry in enumerate(body.entry):
        for j, change in enumerate(entry.changes):
            if change.field != "messages":
                continue
            where = f"entry.{i}.changes.{j}.value"
            value = validated(Value, change.value, where)
            if value.metadata is None and (value.messages or value.statuses):
                raise MalformedDelivery(f"{where}.metadata: Field required")
            for k, m in enumerate(value.messages):
                key = NEEDS_CONTENT.get(m.type)
                if key and getattr(m, key) is None:
                    raise MalformedDelivery(f"{where}.messages.{k}.{key}: missing in a {m.type} message")
                if m.type == "text" and not m.text.body:
                    raise MalformedDelivery(f"{where}.messages.{k}.text.body: empty in a text message")
                if m.type == "contacts" and not m.contacts:
                    raise MalformedDelivery(f"{where}.messages.{k}.contacts: missing in a contacts message")
            values.append((where, value))
    return body, values


# --- Graph API answers ---------------------------------------------------------------------------

class SentMessage(Model):
    id: str = Field(min_length=1)


class SendAnswer(Model):
    messages: list[SentMessage] = Field(min_length=1)


class UploadAnswer(Model):
    id: Id


class MediaUrl(Model):
    url: str = Field(min_length=1)
    mime_type: str = ""
    file_size: int | None = None
    id: str = ""


class TemplateComponent(Model):
    type: str = ""  # HEADER | BODY | FOOTER | BUTTONS
    format: str = ""  # of a header: TEXT | IMAGE | ...
    text: str = ""


class Template(Model):
    name: str = Field(min_length=1)
    language: str = Field(min_length=1)
    status: str = ""  # APPROVED | PENDING | REJECTED | PAUSED | DISABLED
    category: str = ""
    id: str = ""
    components: list[TemplateComponent] = []


class Paging(Model):
    next: str = ""


class TemplatesAnswer(Model):
    data: list[Template] = []
    paging: Paging = Paging()


class PhoneNumber(Model):
    id: str = ""
    display_phone_number: str = ""
    verified_name: str = ""
    quality_rating: str = ""
