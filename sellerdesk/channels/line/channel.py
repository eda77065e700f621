"""LINE Messaging API: the channel registered in channels/registry.py."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from sellerdesk.channels import chat
from sellerdesk.channels.base import Channel, ParseResult, PermanentSendError
from sellerdesk.channels.line.client import LineClient, retry_key, text_messages
from sellerdesk.channels.line.parse import MEDIA_TYPES, event_time, message_key, parse_delivery, thread_key
from sellerdesk.channels.line.receiver import read
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Message
from sellerdesk.customers.join import join_known_customer
from sellerdesk.customers.models import Customer
from sellerdesk.lib import clock

EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "video/mp4": ".mp4", "audio/x-m4a": ".m4a",
              "audio/mp4": ".m4a", "audio/aac": ".aac"}


def reply_token_for(conversation) -> str:
    """The reply token of the buyer's latest message while it is fresh and unused, else ""."""
    last_in = conversation.messages.filter(direction=Message.Direction.INBOUND).select_related("raw_delivery").order_by("-pk").first()
    if last_in is None or last_in.raw_delivery is None:
        return ""
    if clock.now() - last_in.sent_at > dt.timedelta(seconds=settings.LINE_REPLY_TOKEN_SECONDS):
        return ""
    # A token works once: a reply already delivered since that message has used it.
    if conversation.messages.filter(direction=Message.Direction.OUTBOUND, delivery_status=Message.Delivery.SENT, pk__gt=last_in.pk).exists():
        return ""
    data = read(last_in.raw_delivery.account, bytes(last_in.raw_delivery.body))
    return next((e.replyToken for e in data.events if message_key(e) == last_in.external_id), "")


class LineChannel(Channel):
    name = "line"
    chat_identity_prefix = "line:"
    label = "LINE"
    receiver = "sellerdesk.channels.line.receiver.LineReceiver"

    def parse(self, raw) -> ParseResult:
        return parse_delivery(raw)

    def send(self, account, message) -> str:
        """With the buyer's reply token while it is fresh (free), pushed otherwise."""
        conversation = message.conversation
        key = conversation.thread_key
        if not key.startswith("line:"):
            raise PermanentSendError("this conversation has no LINE user to answer")
        chat.refuse_if_unfollowed(conversation, "LINE")
        if message.attachments.exists():
            # LINE fetches pictures from a public HTTPS URL of ours: not offered by a self-hosted desk.
            raise PermanentSendError("LINE replies from here carry text only: send pictures and files in the LINE Official Account app")
        messages = text_messages(message.body_text)
        client = LineClient(account)
        token = reply_token_for(conversation)
        if token and client.reply(token, messages):
            return ""
        client.push(key.removeprefix("line:"), messages, retry_key(account.pk, message.pk))
        return ""

    def check_connection(self, account) -> str:
        from django.urls import reverse

        client = LineClient(account, sleep=lambda s: None)
        client.max_tries = 1  # an admin waits at the button
        return client.check_connection(reverse("hooks:hook", args=["line", account.pk]))

    def after_write(self, raw, result: ParseResult) -> None:
        chat.queue(raw)

    def follow_up(self, raw) -> None:
        """Follows remembered, the buyer's profile read, files downloaded, the buyer joined to a known customer."""
        data = read(raw.account, bytes(raw.body))
        profiled = set()
        for event in data.events:
            user = event.source.userId if event.source and event.source.type == "user" else ""
            if event.type in ("follow", "unfollow") and user:
                chat.note_follow(raw, thread_key(user), event.type == "follow", event_time(event))
                continue
            message = chat.stored_message(raw, message_key(event)) if event.type in ("message", "postback") else None
            if message is None:
                continue
            if user and user not in profiled:
                profiled.add(user)
                learn_profile(raw.account, message.conversation.customer, user)
            m = event.message
            if m is not None and m.type in MEDIA_TYPES and (m.contentProvider is None or m.contentProvider.type == "line"):
                chat.fetch_media(message, f"line-content:{m.id}", m.type, lambda m=m: _download(raw.account, m))
            if m is not None and m.type == "text":
                join_known_customer(message, "LINE")


def _download(account, m) -> tuple[bytes, str, str]:
    data, content_type = LineClient(account).content(m.id)
    return data, content_type, m.fileName or f"line-{m.id}{EXTENSIONS.get(content_type, '')}"


def learn_profile(account, customer: Customer, user_id: str) -> None:
    """The buyer's display name and language, where the customer has none yet. A profile LINE
    will not give (the user blocked the account) leaves the customer as it is."""
    if customer.name and customer.language:
        return
    try:
        profile = LineClient(account).profile(user_id)
    except PermanentSendError:
        return
    changes = {}
    if profile.displayName and not customer.name:
        changes["name"] = profile.displayName[:200]
    if profile.language and not customer.language:
        changes["language"] = profile.language[:10].lower()
    if not changes:
        return
    with transaction.atomic():
        Customer.objects.filter(pk=customer.pk).update(**changes)
        if "name" in changes:  # the messages showed the bare userId so far
            Message.objects.filter(conversation__customer=customer, sender=user_id, sender_name="").update(sender_name=changes["name"])
        for k, v in changes.items():
            setattr(customer, k, v)
        record("customer_profile_fetched", customer=customer.pk, channel="line", **changes)
