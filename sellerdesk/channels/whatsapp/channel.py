"""WhatsApp Business Platform (Cloud API): the channel registered in channels/registry.py."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy

from sellerdesk.channels import chat
from sellerdesk.channels.base import Channel, ParseResult, PermanentSendError
from sellerdesk.channels.whatsapp import statuses, templates
from sellerdesk.channels.whatsapp.client import WhatsAppClient, text_parts
from sellerdesk.channels.whatsapp.parse import message_key, parse_delivery
from sellerdesk.channels.whatsapp.receiver import read
from sellerdesk.channels.whatsapp.statuses import SENT_PART
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Event, Message
from sellerdesk.customers.join import join_known_customer

EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "video/mp4": ".mp4", "audio/ogg": ".ogg",
              "audio/mpeg": ".mp3", "audio/mp4": ".m4a", "audio/aac": ".aac", "application/pdf": ".pdf"}


def sent_parts(message: Message) -> dict[str, str]:
    """The parts of this reply WhatsApp already took (part -> wamid): a retry never sends them again."""
    events = Event.objects.filter(conversation_id=message.conversation_id, kind=SENT_PART, data__message_id=message.pk)
    return {e.data["part"]: e.data["wamid"] for e in events}


def note_sent(message: Message, part: str, wamid: str, first: bool) -> None:
    with transaction.atomic():
        record(SENT_PART, conversation=message.conversation, message_id=message.pk, part=part, wamid=wamid)
        if first:  # the status callbacks name it: found by the message's own external id
            Message.objects.filter(pk=message.pk).update(external_id=message_key(wamid))


class WhatsAppChannel(Channel):
    name = "whatsapp"
    label = gettext_lazy("WhatsApp")
    receiver = "sellerdesk.channels.whatsapp.receiver.WhatsAppReceiver"

    def parse(self, raw) -> ParseResult:
        return parse_delivery(raw)

    def send(self, account, message) -> str:
        """A template (chosen on the template page), or the text and then each file; every part
        WhatsApp took is remembered with its wamid, so a retry sends only what is missing."""
        key = message.conversation.thread_key
        if not key.startswith("whatsapp:"):
            raise PermanentSendError("this conversation has no WhatsApp number to answer")
        to = key.removeprefix("whatsapp:")
        client = WhatsAppClient(account)
        done = sent_parts(message)
        chosen = templates.chosen_for(message)
        parts = []
        if chosen is not None:
            parts.append(("template", lambda: client.send_template(to, chosen["name"], chosen["language"], chosen["variables"])))
        else:
            for i, text in enumerate(text_parts(message.body_text) if message.body_text else []):
                parts.append((f"text:{i}", lambda text=text: client.send_text(to, text)[0]))
            for f in message.attachments.all():
                parts.append((f"file:{f.pk}", lambda f=f: client.send_file(to, f.filename, f.content_type, bytes(f.data))))
        wamid = ""
        for part, send in parts:
            if part in done:
                continue
            wamid = send()
            note_sent(message, part, wamid, first=not done)
            done[part] = wamid
        return next(iter(done.values()), wamid)

    def check_connection(self, account) -> str:
        client = WhatsAppClient(account, sleep=lambda s: None)
        client.max_tries = 1  # an admin waits at the button
        number = client.phone_number()
        text = f"WhatsApp ok: {number.verified_name or '-'} ({number.display_phone_number or account.address})"
        if number.quality_rating:
            text += f", quality {number.quality_rating}"
        if account.config.get("waba_id"):
            synced = templates.sync(account, client)
            text += f"; {synced} approved templates"
        return text

    def conversation_panel(self, conversation) -> dict | None:
        """The template reply box: the only message WhatsApp delivers after the 24-hour window."""
        if not conversation.thread_key.startswith("whatsapp:"):
            return None
        return {"template": "channels/whatsapp/_conversation.html", "templates": templates.listed(conversation.account)}

    def after_write(self, raw, result: ParseResult) -> None:
        chat.queue(raw)

    def follow_up(self, raw) -> None:
        """Statuses onto our sent messages, quotes filled in, files downloaded, the buyer joined."""
        _body, values = read(bytes(raw.body))
        for _where, value in values:
            for status in value.statuses:
                statuses.apply(raw.account, status)
        for _where, value in values:
            for m in value.messages:
                message = chat.stored_message(raw, message_key(m.id))
                if message is None:
                    continue
                if message.in_reply_to:
                    quote(message)
                media = m.media()
                if media is not None:
                    chat.fetch_media(message, f"whatsapp-media:{media.id}", m.type,
                                     lambda media=media, kind=m.type: _download(raw.account, media, kind))
                if m.type == "text":
                    join_known_customer(message, "WhatsApp")


def _download(account, media, kind: str) -> tuple[bytes, str, str]:
    data, content_type = WhatsAppClient(account).media(media.id)
    return data, content_type, media.filename or f"whatsapp-{kind}-{media.id}{EXTENSIONS.get(content_type, '')}"


def quote(message: Message) -> None:
    """The answered message's text as a quote in the full text (shown as "quoted" under it)."""
    quoted = Message.objects.filter(account=message.account, external_id=message.in_reply_to).only("body_text").first()
    if quoted is None or message.body_full != message.body_text:
        return
    lines = "\n".join(f"> {line}" for line in (quoted.body_text or "").splitlines()[:20])
    Message.objects.filter(pk=message.pk).update(body_full=f"{lines}\n\n{message.body_text}")
