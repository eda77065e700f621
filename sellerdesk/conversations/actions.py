"""Every write to conversations goes through these actions.

Each action changes its rows and appends one event in the same transaction;
side effects (sending mail) are queued with transaction.on_commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid

from django.conf import settings
from django.db import transaction

from sellerdesk.automation.events import emit
from sellerdesk.conversations.events import record
from sellerdesk.conversations.intake import EMAIL_THREAD_WINDOW, normalise_subject, receive_message, triage_input  # noqa: F401 (re-exported)
from sellerdesk.conversations.models import Attachment, Conversation, Message
from sellerdesk.lib import blobs, clock
from sellerdesk.lib.errors import ActionError, localise  # noqa: F401 (re-exported: raised and caught across the app)
from sellerdesk.search import index as search_index
from sellerdesk.sla import engine as sla


# --- outbound and agent actions ------------------------------------------------------------


def _new_message_id(conversation: Conversation) -> str:
    # The conversation id inside our Message-ID lets replies thread even if headers are trimmed.
    return f"<sd-{conversation.pk}.{uuid.uuid4().hex[:16]}@{settings.MAIL_DOMAIN}>"


class FileTooLarge(ActionError):
    """A reply file over SELLERDESK_REPLY_FILE_MAX_BYTES (its own class: the API names the field)."""

    def __init__(self, names: list[str], limit_mb: int):
        super().__init__("Not sent: %(names)s is larger than %(mb)s MB.", names=", ".join(names), mb=limit_mb)


@dataclasses.dataclass(frozen=True)
class OutgoingFile:
    filename: str
    content_type: str
    data: bytes


def send_reply(conversation: Conversation, user, text: str, *, resolve: bool = False, files=()) -> Message:
    """Queue a reply (with `files`: OutgoingFile) to the buyer; the platform's rules decide first."""
    text = (text or "").strip()
    if not text:
        raise ActionError("The reply is empty.")
    from sellerdesk.conversations.tasks import queue_delivery
    from sellerdesk.replies.compliance import assert_sendable

    files = list(files)
    too_big = [f.filename for f in files if len(f.data) > settings.REPLY_FILE_MAX_BYTES]
    if too_big:
        raise FileTooLarge(too_big, settings.REPLY_FILE_MAX_BYTES // 1048576)
    # The platform's rules are checked before anything is stored or sent; a hard rule raises.
    assert_sendable(conversation, text, attachments=[(f.filename, f.content_type, len(f.data)) for f in files])

    with transaction.atomic():
        # Its account with it (of=self: only the conversation's row is locked, as before).
        conversation = Conversation.objects.select_for_update(of=("self",)).select_related("account").get(pk=conversation.pk)
        now = clock.now()
        last_in = conversation.messages.filter(direction=Message.Direction.INBOUND).order_by("-id").first()
        references = []
        if last_in:
            references = [r for r in last_in.references.split() if r]
            if last_in.external_id:
                references.append(last_in.external_id)
        subject = conversation.subject or ""
        if subject and not re.match(r"(?i)^re:", subject):
            subject = f"Re: {subject}"
        message = Message.objects.create(
            conversation=conversation,
            account=conversation.account,
            direction=Message.Direction.OUTBOUND,
            author=user,
            sender=conversation.account.address,
            sender_name=_display_name(user),
            recipients=[last_in.sender] if last_in else [],
            subject=subject[:500],
            body_text=text,
            body_full=text,
            external_id=_new_message_id(conversation),
            in_reply_to=last_in.external_id or "" if last_in else "",
            references=" ".join(references[-20:]),
            delivery_status=Message.Delivery.QUEUED,
            sent_at=now,
            created_at=now,
        )
        Attachment.objects.bulk_create(blobs.offload([
            Attachment(message=message, filename=f.filename[:255], content_type=f.content_type[:120], size=len(f.data), data=f.data)
            for f in files
        ], prefix=blobs.ATTACHMENT_PREFIX))
        if conversation.first_response_at is None:
            conversation.first_response_at = now
        conversation.last_message_at = now
        conversation.status = Conversation.Status.RESOLVED if resolve else Conversation.Status.PENDING
        sla.on_reply(conversation, message, now=now)
        conversation.save()
        search_index.index_messages([message])
        details = {"files": [f.filename for f in files]} if files else {}
        record("reply_sent", conversation=conversation, actor=user, message_id=message.pk, resolve=resolve, **details)
        transaction.on_commit(lambda: queue_delivery(message.pk, conversation.account.kind, message))
        emit("reply.sent", conversation=conversation, message_id=message.pk)
        if resolve:
            emit("conversation.resolved", conversation=conversation, message_id=message.pk)
            _ask_satisfaction(conversation)
        return message


def _display_name(user) -> str:
    profile = getattr(user, "agent", None)
    return (profile.name if profile else "") or user.get_username()


def add_note(conversation: Conversation, user, text: str) -> Message:
    text = (text or "").strip()
    if not text:
        raise ActionError("The note is empty.")
    with transaction.atomic():
        now = clock.now()
        note = Message.objects.create(
            conversation=conversation,
            account=conversation.account,
            direction=Message.Direction.NOTE,
            author=user,
            sender_name=_display_name(user),
            body_text=text,
            body_full=text,
            delivery_status=Message.Delivery.SENT,
            sent_at=now,
            created_at=now,
        )
        search_index.index_messages([note])
        record("note_added", conversation=conversation, actor=user, message_id=note.pk)
        return note


def assign(conversation: Conversation, user, assignee) -> Conversation:
    with transaction.atomic():
        previous = conversation.assignee_id
        conversation.assignee = assignee
        conversation.save(update_fields=["assignee"])
        event = record("assigned", conversation=conversation, actor=user, assignee=assignee.pk if assignee else None, previous=previous, by="agent")
        emit("conversation.assigned", conversation=conversation, event_id=event.pk, assignee=assignee.pk if assignee else None)
        return conversation


NO_RESPONSE_NEEDED = "no_response_needed"  # a Message.flags entry; metrics.platform leaves such messages out


def _flag_no_response(message: Message) -> bool:
    """Add the flag; False when it was there already."""
    if NO_RESPONSE_NEEDED in (message.flags or []):
        return False
    message.flags = [*(message.flags or []), NO_RESPONSE_NEEDED]
    message.save(update_fields=["flags"])
    return True


def _mark_resolved(conversation: Conversation) -> None:
    conversation.status = Conversation.Status.RESOLVED
    conversation.snoozed_until = None
    sla.on_resolve(conversation, now=clock.now())
    conversation.save(update_fields=["status", "snoozed_until", "next_deadline_at", "deadline_kind"])


def mark_no_response_needed(message: Message, user) -> Message:
    """Leave a buyer message ("thanks!") out of the platforms' response metrics, as Amazon's checkbox does."""
    if message.direction != Message.Direction.INBOUND:
        raise ActionError("Only a buyer message can be marked as needing no response.")
    with transaction.atomic():
        _flag_no_response(message)
        record("no_response_needed", conversation=message.conversation, actor=user, message_id=message.pk)
        return message


def resolve_no_response_needed(conversation: Conversation, user) -> list[int]:
    """Resolve a thread that needs no answer ("thanks!"): its unanswered buyer messages are
    flagged no_response_needed, so the platform metrics leave them out, as Amazon's checkbox does."""
    with transaction.atomic():
        last_reply = (
            Message.objects.filter(conversation=conversation, direction=Message.Direction.OUTBOUND, is_automated=False)
            .order_by("-created_at", "-id").values_list("created_at", flat=True).first()
        )
        waiting = Message.objects.filter(conversation=conversation, direction=Message.Direction.INBOUND)
        if last_reply is not None:
            waiting = waiting.filter(created_at__gt=last_reply)
        marked = [message.pk for message in waiting.order_by("id") if _flag_no_response(message)]
        if not marked:
            raise ActionError("No buyer message is waiting for an answer.")
        _mark_resolved(conversation)
        event = record("resolved", conversation=conversation, actor=user, no_response_needed=marked)
        emit("conversation.resolved", conversation=conversation, event_id=event.pk)
        return marked


def resolve(conversation: Conversation, user) -> Conversation:
    with transaction.atomic():
        _mark_resolved(conversation)
        event = record("resolved", conversation=conversation, actor=user)
        emit("conversation.resolved", conversation=conversation, event_id=event.pk)
        _ask_satisfaction(conversation)
        return conversation


def _ask_satisfaction(conversation: Conversation) -> None:
    """After commit: a CSAT survey is queued for later, where the channel allows it (csat/)."""
    from sellerdesk.csat.tasks import queue_after_resolution

    pk = conversation.pk
    transaction.on_commit(lambda: queue_after_resolution(pk))


def reopen(conversation: Conversation, user) -> Conversation:
    with transaction.atomic():
        conversation.status = Conversation.Status.OPEN
        conversation.snoozed_until = None
        conversation.save(update_fields=["status", "snoozed_until"])
        event = record("conversation_reopened", conversation=conversation, actor=user, by="agent")
        emit("conversation.reopened", conversation=conversation, event_id=event.pk)
        return conversation


def snooze(conversation: Conversation, user, until: dt.datetime) -> Conversation:
    if until <= clock.now():
        raise ActionError("Snooze time must be in the future.")
    with transaction.atomic():
        conversation.status = Conversation.Status.SNOOZED
        conversation.snoozed_until = until
        conversation.save(update_fields=["status", "snoozed_until"])
        record("snoozed", conversation=conversation, actor=user, until=until.isoformat())
        return conversation


def wake_snoozed(now: dt.datetime | None = None) -> int:
    """Reopen conversations whose snooze has ended (run by the scheduler)."""
    now = now or clock.now()
    woken = 0
    for conv in Conversation.objects.filter(status=Conversation.Status.SNOOZED, snoozed_until__lte=now)[:500]:
        with transaction.atomic():
            conv.status = Conversation.Status.OPEN
            conv.snoozed_until = None
            conv.save(update_fields=["status", "snoozed_until"])
            record("snooze_ended", conversation=conv)
            woken += 1
    return woken
