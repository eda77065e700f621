"""What the page itself sent (echoes) and what the buyer has read (read receipts).

An echo is a message of the page: sent by SellerDesk (it carries our metadata "sellerdesk:<id>",
or its mid is already on our message) — then it is matched to our message and never added — or
sent from another tool (Meta Business Suite, a phone), shown in the conversation as our side,
counting as a reply. A read receipt marks our sent messages read (flag "read") up to the
watermark (Messenger) or up to the message it names (Instagram).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from sellerdesk.channels.messenger import payloads
from sellerdesk.channels.messenger.parse import event_time, message_key, text_of, thread_key
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.lib import clock
from sellerdesk.search import index as search_index
from sellerdesk.sla import engine as sla

METADATA_PREFIX = "sellerdesk:"
READ_FLAG = "read"
OWN_ECHO_LOOKBACK = dt.timedelta(hours=24)


def metadata_for(message) -> str:
    return f"{METADATA_PREFIX}{message.pk}"


def _ours(account, metadata: str) -> Message | None:
    pk = metadata.removeprefix(METADATA_PREFIX)
    if not metadata.startswith(METADATA_PREFIX) or not pk.isdigit():
        return None
    return Message.objects.filter(pk=int(pk), account=account, direction=Message.Direction.OUTBOUND).first()


def _ours_by_content(conversation, echo: payloads.Message, at: dt.datetime) -> bool:
    """An echo without our metadata (a later part of a long reply, a platform that drops metadata)
    that is a piece of a reply sent from here in the day before: ours, not another tool's."""
    recent = conversation.messages.filter(direction=Message.Direction.OUTBOUND, author__isnull=False,
                                          sent_at__gte=at - OWN_ECHO_LOOKBACK, sent_at__lte=at + dt.timedelta(minutes=5))
    for ours in recent:
        if echo.text and echo.text in ours.body_text:
            return True
        if not echo.text and echo.attachments and ours.attachments.exists():
            return True
    return False


def _conversation(account, channel: str, user: str) -> Conversation | None:
    return Conversation.objects.filter(account=account, thread_key=thread_key(channel, user)).order_by("-pk").first()


def record_echo(raw, channel: str, event: payloads.Event) -> str:
    """"ours", "known", "no conversation" or "added"."""
    key = message_key(channel, event)
    account = raw.account
    ours = _ours(account, event.message.metadata)
    if ours is not None:
        if not (ours.external_id or "").startswith(f"{channel}:mid:"):  # the echo came before our send's answer was kept
            Message.objects.filter(pk=ours.pk).update(external_id=key)
        return "ours"
    if Message.objects.filter(account=account, external_id=key).exists():
        return "known"
    user = event.recipient.id if event.recipient else ""
    conversation = _conversation(account, channel, user) if user else None
    if conversation is None:
        return "no conversation"  # the buyer writes first on Meta; a page's first word has nowhere to go
    now = clock.now()
    text, sent_at = text_of(event), event_time(event) or now
    if not event.message.metadata and _ours_by_content(conversation, event.message, sent_at):
        return "ours"
    try:
        with transaction.atomic():
            conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
            message = Message.objects.create(
                conversation=conversation, account=account, direction=Message.Direction.OUTBOUND, sender=event.sender.id,
                sender_name=account.name[:200], recipients=[user], body_text=text, body_full=text, external_id=key, raw_delivery=raw,
                delivery_status=Message.Delivery.SENT, flags=["sent_elsewhere"], sent_at=sent_at, created_at=now)
            if conversation.first_response_at is None:
                conversation.first_response_at = sent_at
            conversation.last_message_at = max(conversation.last_message_at or sent_at, sent_at)
            if conversation.status == Conversation.Status.OPEN:
                conversation.status = Conversation.Status.PENDING
            sla.on_reply(conversation, message, now=now)
            conversation.save()
            search_index.index_messages([message])
            record("reply_sent_elsewhere", conversation=conversation, message_id=message.pk, app_id=event.message.app_id or "")
    except IntegrityError:  # the same echo, written meanwhile by another worker
        return "known"
    return "added"


def mark_read(raw, channel: str, event: payloads.Event) -> int:
    """Our sent messages the buyer has read now flagged; how many."""
    conversation = _conversation(raw.account, channel, event.sender.id)
    if conversation is None:
        return 0
    sent = conversation.messages.filter(direction=Message.Direction.OUTBOUND, delivery_status=Message.Delivery.SENT)
    if event.read.watermark:
        upto = dt.datetime.fromtimestamp(event.read.watermark / 1000, tz=dt.timezone.utc)
        sent = sent.filter(sent_at__lte=upto)
    elif event.read.mid:
        named = sent.filter(external_id=f"{channel}:mid:{event.read.mid}").first()
        if named is None:
            return 0
        sent = sent.filter(sent_at__lte=named.sent_at)
    else:
        sent = sent.filter(sent_at__lte=event_time(event) or clock.now())
    changed = [m for m in sent if READ_FLAG not in (m.flags or [])]
    if not changed:
        return 0
    with transaction.atomic():
        for m in changed:
            m.flags = [*(m.flags or []), READ_FLAG]
        Message.objects.bulk_update(changed, ["flags"])
        record("buyer_read", conversation=conversation, message_ids=[m.pk for m in changed], delivery=raw.pk)
    return len(changed)
