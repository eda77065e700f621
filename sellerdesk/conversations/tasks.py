from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django_tasks import task

from sellerdesk.channels.base import Channel, PermanentSendError, RetryableSendError
from sellerdesk.channels.registry import get_channel
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Message
from sellerdesk.lib import clock, metrics

log = logging.getLogger(__name__)
SEND_RETRY_DELAYS = [30, 120, 600, 1800, 3600]  # seconds


@task()
def deliver_message(message_id: int, attempt: int = 0) -> str:
    return deliver(message_id, attempt)


def queue_delivery(message_id: int, channel: str, message: Message | None = None) -> None:
    """After a reply is committed: delivered here at once where its channel can (a local write,
    e.g. the web chat's line for the visitor), queued for the worker otherwise. `message`: the
    committed row as its sender has it (account and conversation loaded), saving a read.

    In a transaction of its own, after the reply's: inside it, on PostgreSQL, the line's write (the
    visitor's row) waited under the reply's lock on the conversation for a bot hand-over that needs
    a key-share lock on it to commit — a deadlock under load (bench/chat.py --server web)."""
    try:
        inline = get_channel(channel)
        if _inline(inline) and inline.deliver_inline(message or Message.objects.select_related("account", "conversation").get(pk=message_id)):
            return
    except Exception:  # the worker's delivery, with its retries, takes over
        log.exception("delivering message %s at once failed; queued", message_id)
    deliver_message.enqueue(message_id)


def _inline(channel) -> bool:
    """The channel delivers some replies itself (Channel.deliver_inline is overridden)."""
    return type(channel).deliver_inline is not Channel.deliver_inline


def mark_sent(message: Message) -> None:
    # Inside a caller's transaction (a channel's deliver_inline) no savepoint: an error undoes it all.
    with transaction.atomic(savepoint=False):
        Message.objects.filter(pk=message.pk).update(delivery_status=Message.Delivery.SENT, error="")
        record("message_delivered", conversation=message.conversation, message_id=message.pk)


def deliver(message_id: int, attempt: int = 0) -> str:
    """Send a queued outbound message through its account's channel. Sent once, at most."""
    message = Message.objects.select_related("account", "conversation").get(pk=message_id)
    if message.delivery_status != Message.Delivery.QUEUED:
        return message.delivery_status
    channel = get_channel(message.account.kind)
    try:
        channel.send(message.account, message)
    except RetryableSendError as exc:
        if attempt + 1 < len(SEND_RETRY_DELAYS):
            Message.objects.filter(pk=message_id).update(error=f"retrying: {exc}")
            metrics.SEND_RETRIES.labels(message.account.kind).inc()
            run_after = clock.now() + dt.timedelta(seconds=SEND_RETRY_DELAYS[attempt])
            deliver_message.using(run_after=run_after).enqueue(message_id, attempt + 1)
            return "retrying"
        return _fail(message, f"gave up after {attempt + 1} attempts: {exc}")
    except PermanentSendError as exc:
        return _fail(message, str(exc))
    mark_sent(message)
    return Message.Delivery.SENT


def _fail(message: Message, error: str) -> str:
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(delivery_status=Message.Delivery.FAILED, error=error)
        conv = message.conversation
        conv.has_problem = True
        conv.save(update_fields=["has_problem"])
        record("message_failed", conversation=conv, message_id=message.pk, error=error)
    metrics.SEND_FAILURES.labels(message.account.kind).inc()
    log.warning("message %s failed: %s", message.pk, error)
    return Message.Delivery.FAILED
