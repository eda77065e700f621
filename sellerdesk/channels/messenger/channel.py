"""Facebook Messenger: the channel registered in channels/registry.py (Instagram subclasses it)."""

from __future__ import annotations

import logging
import mimetypes
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext_lazy

from sellerdesk.channels import chat
from sellerdesk.channels.base import Channel, ParseResult, PermanentSendError
from sellerdesk.channels.messenger import echoes
from sellerdesk.channels.messenger.client import TEXT_LIMIT, GraphClient
from sellerdesk.channels.messenger.parse import LABELS, MEDIA_TYPES, message_key, parse_delivery, skip_reason
from sellerdesk.channels.messenger.receiver import read
from sellerdesk.channels.messenger.window import send_mode
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Message
from sellerdesk.customers.join import join_known_customer
from sellerdesk.customers.models import Customer, Identity

log = logging.getLogger(__name__)


SENT_PART = "sent-part:"  # a flag per part (text piece, file) already delivered


def split_text(text: str, limit: int) -> list[str]:
    return [text[i:i + limit] for i in range(0, len(text), limit)] or [""]


class MessengerChannel(Channel):
    name = "messenger"
    chat_identity_prefix = "messenger:"
    label = gettext_lazy("Messenger")
    receiver = "sellerdesk.channels.messenger.receiver.MessengerReceiver"
    object_type = "page"

    def parse(self, raw) -> ParseResult:
        return parse_delivery(raw, self.name, self.object_type)

    def send(self, account, message) -> str:
        """Text (in parts of the platform's length), then each file, with the window's messaging type."""
        key = message.conversation.thread_key
        if not key.startswith(f"{self.name}:"):
            raise PermanentSendError(f"this conversation has no {self.label} user to answer")
        mode = send_mode(message, self.label)
        user = key.removeprefix(f"{self.name}:")
        client = GraphClient(account)
        metadata = echoes.metadata_for(message)
        parts = [lambda t=t: client.send_text(user, t, mode, metadata) for t in split_text(message.body_text, TEXT_LIMIT[self.name])]
        parts += [lambda f=f: client.send_file(user, f.filename, f.content_type, bytes(f.data), mode, metadata)
                  for f in message.attachments.all()]
        first = ""
        for i, send_part in enumerate(parts):
            done = f"{SENT_PART}{i}"
            if done in message.flags:
                continue  # sent by an earlier try that failed on a later part: never twice
            mid = send_part()
            message.flags = [*message.flags, done]
            changes = {"flags": message.flags}
            if not (message.external_id or "").startswith(f"{self.name}:mid:"):
                # The first mid on our message: its echo and read receipts are matched to it.
                message.external_id = changes["external_id"] = f"{self.name}:mid:{mid}"
            Message.objects.filter(pk=message.pk).update(**changes)
            first = first or mid
        # All parts out: the progress marks are no longer needed (they show only while a retry is pending).
        message.flags = [f for f in message.flags if not f.startswith(SENT_PART)]
        Message.objects.filter(pk=message.pk).update(flags=message.flags)
        return first or message.external_id.removeprefix(f"{self.name}:mid:")

    def check_connection(self, account) -> str:
        client = GraphClient(account, sleep=lambda s: None)
        client.max_tries = 1  # an admin waits at the button
        return client.check_connection()

    def after_write(self, raw, result: ParseResult) -> None:
        chat.queue(raw)

    def follow_up(self, raw) -> None:
        """Echoes and read receipts written, files downloaded, the buyer's profile read and the
        buyer joined to a known customer."""
        data = read(raw.account, bytes(raw.body), self.object_type)
        profiled = set()
        for entry in data.entry:
            for event in entry.messaging:
                if event.message is not None and event.message.is_echo:
                    echoes.record_echo(raw, self.name, event)
                    continue
                if event.read is not None:
                    echoes.mark_read(raw, self.name, event)
                    continue
                if skip_reason(event):
                    continue
                message = chat.stored_message(raw, message_key(self.name, event))
                if message is None:
                    continue
                user = event.sender.id
                if user not in profiled:
                    profiled.add(user)
                    self.learn_profile(raw.account, message.conversation.customer, user)
                if event.message is None:
                    continue
                files = [a for a in event.message.attachments if a.type in MEDIA_TYPES and a.payload and a.payload.url]
                story = event.message.reply_to.story if event.message.reply_to else None
                for i, a in enumerate(files):
                    what = LABELS.get(a.type, a.type)
                    chat.fetch_media(message, f"{self.name}-media:{event.message.mid}:{i}", what,
                                     lambda a=a, i=i: _download(raw.account, a.payload.url, f"{a.type}-{i + 1}"))
                if story is not None and story.url:
                    chat.fetch_media(message, f"{self.name}-story:{event.message.mid}", "story",
                                     lambda: _download(raw.account, story.url, "story"))
                if event.message.text:
                    join_known_customer(message, self.label)

    def profile_name(self, profile) -> str:
        return " ".join(p for p in (profile.first_name, profile.last_name) if p) or profile.name

    def profile_identities(self, profile) -> list[str]:
        """Social identities the profile adds (Instagram: the handle)."""
        return []

    def learn_profile(self, account, customer: Customer, user_id: str) -> None:
        """The buyer's name where the customer has none yet. A profile Meta will not give (privacy
        settings, a missing permission) leaves the customer as it is."""
        if customer.name:
            return
        try:
            profile = GraphClient(account).profile(user_id)
        except PermanentSendError as exc:
            log.info("%s profile of %s not read: %s", self.label, user_id, exc)
            return
        name = self.profile_name(profile)[:200]
        handles = [h for h in self.profile_identities(profile) if not Identity.objects.filter(kind=Identity.Kind.SOCIAL, value=h).exists()]
        if not (name or handles):
            return
        with transaction.atomic():
            if name:
                Customer.objects.filter(pk=customer.pk).update(name=name)
                Message.objects.filter(conversation__customer=customer, sender=user_id, sender_name="").update(sender_name=name)
                customer.name = name
            Identity.objects.bulk_create([Identity(customer=customer, kind=Identity.Kind.SOCIAL, value=h) for h in handles],
                                         ignore_conflicts=True)
            record("customer_profile_fetched", customer=customer.pk, channel=self.name, name=name, identities=handles)


def _download(account, url: str, stem: str) -> tuple[bytes, str, str]:
    data, content_type = GraphClient(account).download(url)
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    if not name or "." not in name:
        name = stem + (mimetypes.guess_extension(content_type) or "")
    return data, content_type, name
