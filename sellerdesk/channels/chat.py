"""After a chat delivery (WeChat, LINE) is written: the work that needs the platform's API.

The buyer's pictures, voice, video and files are downloaded into attachments, the buyer's
profile is read, the buyer is joined to a known customer (customers/join.py), and an unfollow
is remembered on the buyer's conversation. It runs as a task after the delivery's transaction
commits (Channel.after_write), so neither the webhook's answer nor the intake waits for a
platform. A failure is written on the message (shown under it) with one event; a platform that
cannot be reached now is tried again later, and what was fetched already is not fetched twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django_tasks import task

from sellerdesk.channels.base import MalformedDelivery, PermanentSendError, RetryableSendError
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Attachment, Conversation, Event, Message
from sellerdesk.lib import blobs, clock
from sellerdesk.lib.errors import ActionError

log = logging.getLogger(__name__)
RETRY_DELAYS = [60, 600, 3600]  # seconds before the next try of a platform that could not be reached
FOLLOW_EVENTS = ("buyer_followed", "buyer_unfollowed")


def queue(raw: RawDelivery) -> None:
    """Inside the delivery's transaction: follow up once it is committed."""
    raw_id = raw.pk
    transaction.on_commit(lambda: follow_up.enqueue(raw_id))


@task()
def follow_up(raw_id: int, attempt: int = 0) -> str:
    return run(raw_id, attempt)


def run(raw_id: int, attempt: int = 0) -> str:
    """Do the channel's follow-up for one delivery; "done", "retrying" or "gave up"."""
    from sellerdesk.channels.registry import get_channel

    raw = RawDelivery.objects.select_related("account").filter(pk=raw_id).first()
    if raw is None:
        return "gone"  # deleted meanwhile (retention, a privacy request)
    try:
        get_channel(raw.channel).follow_up(raw)
    except (MalformedDelivery, PermanentSendError, ActionError) as exc:
        # The delivery no longer reads with the account's settings (a new key), or a merge that
        # another action made moot: nothing a retry would change.
        log.warning("follow-up of delivery %s stopped: %s", raw_id, exc)
        return "stopped"
    except RetryableSendError as exc:
        if attempt < len(RETRY_DELAYS):
            log.info("follow-up of delivery %s: %s; trying again later", raw_id, exc)
            follow_up.using(run_after=clock.now() + dt.timedelta(seconds=RETRY_DELAYS[attempt])).enqueue(raw_id, attempt + 1)
            return "retrying"
        log.warning("follow-up of delivery %s gave up: %s", raw_id, exc)
        return "gave up"
    return "done"


def stored_message(raw: RawDelivery, external_id: str) -> Message | None:
    return Message.objects.select_related("conversation__customer").filter(account=raw.account, external_id=external_id).first()


def has_attachment(message: Message, key: str) -> bool:
    return Attachment.objects.filter(message=message, content_id=key).exists()


def attach(message: Message, key: str, filename: str, content_type: str, data: bytes) -> Attachment | None:
    """Keep a downloaded file on the message (once per `key`); too large: noted on the message instead."""
    if len(data) > settings.CHAT_MEDIA_MAX_BYTES:
        limit = settings.CHAT_MEDIA_MAX_BYTES // 1048576
        fetch_failed(message, filename, f"larger than {limit} MB: not kept; the buyer's app still shows it")
        return None
    with transaction.atomic():
        if has_attachment(message, key):
            return None
        # content_id holds the platform's media id: the key that stops a second download.
        attachment = Attachment(message=message, filename=filename[:255], content_type=content_type[:120],
                                size=len(data), content_id=key[:255], data=data)
        blobs.offload([attachment], prefix=blobs.ATTACHMENT_PREFIX)
        attachment.save(force_insert=True)
        record("attachment_fetched", conversation=message.conversation, message_id=message.pk, attachment_id=attachment.pk,
               filename=attachment.filename, size=attachment.size)
    return attachment


def fetch_failed(message: Message, what: str, error: str) -> None:
    """A download that will not work: said under the message, flagged on the conversation."""
    note = f"{what} not downloaded: {error}"
    with transaction.atomic():
        lines = [line for line in message.error.splitlines() if line and line != note]
        message.error = "\n".join([*lines, note])[:2000]
        message.save(update_fields=["error"])
        Conversation.objects.filter(pk=message.conversation_id).update(has_problem=True)
        record("attachment_fetch_failed", conversation=message.conversation, message_id=message.pk, what=what, error=error[:500])


def fetch_media(message: Message, key: str, what: str, download) -> None:
    """Download one file with `download()` -> (data, content type, file name) unless it is there."""
    if has_attachment(message, key):
        return
    try:
        data, content_type, filename = download()
    except PermanentSendError as exc:
        fetch_failed(message, what, str(exc))
        return
    attach(message, key, filename, content_type, data)


def note_follow(raw: RawDelivery, thread_key: str, followed: bool, at: dt.datetime) -> None:
    """A follow / unfollow, on the buyer's conversation when there is one (the send rule reads it)."""
    conversation = Conversation.objects.filter(account=raw.account, thread_key=thread_key).order_by("-pk").first()
    if conversation is None:
        return
    kind = FOLLOW_EVENTS[0] if followed else FOLLOW_EVENTS[1]
    if Event.objects.filter(conversation=conversation, kind=kind, data__delivery=raw.pk).exists():
        return  # this delivery's follow-up ran before
    with transaction.atomic():
        record(kind, conversation=conversation, delivery=raw.pk, at=at.isoformat())


def unfollowed_at(conversation: Conversation) -> dt.datetime | None:
    """When the buyer unfollowed (blocked) the account, if that is the latest word on it."""
    latest = Event.objects.filter(conversation=conversation, kind__in=FOLLOW_EVENTS).order_by("-pk").first()
    if latest is None or latest.kind != "buyer_unfollowed":
        return None
    return dt.datetime.fromisoformat(latest.data["at"])


def refuse_if_unfollowed(conversation: Conversation, platform: str) -> None:
    since = unfollowed_at(conversation)
    if since is not None:
        raise PermanentSendError(f"the buyer unfollowed (or blocked) the {platform} account on {since:%Y-%m-%d %H:%M} UTC: "
                                 "messages cannot reach them until they follow it again")
