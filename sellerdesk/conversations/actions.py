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

from sellerdesk import triage
from sellerdesk.channels.base import InboundMessage
from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Attachment, Conversation, Message
from sellerdesk.customers.actions import find_or_create_customer
from sellerdesk.lib import clock
from sellerdesk.orders.models import Claim, Order
from sellerdesk.routing import service as routing
from sellerdesk.sla import engine as sla

_SUBJECT_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg|tr|rv|sv|vs|antw|回复|答复|转发|件名)\s*(\[\d+\])?\s*[:：]\s*)+", re.IGNORECASE)
EMAIL_THREAD_WINDOW = dt.timedelta(days=30)


class ActionError(Exception):
    """A request that cannot be carried out (shown to the agent / returned as 4xx).

    ActionError("Text with %(name)s.", name=value): str() is the English text; localised() looks the
    message id up in the catalogue first, then fills in the same values.
    """

    def __init__(self, message: str = "", /, **params):
        self.msgid, self.params = message, params
        super().__init__(message % params if params else message)

    def localised(self, language: str) -> str:
        """The text for an agent whose UI speaks `language`."""
        return localise(self.msgid, self.params, language)


def localise(msgid: str, params: dict, language: str) -> str:
    """`msgid` from the catalogue in `language`, with `params` filled in."""
    from django.utils import translation

    with translation.override(language):
        text = translation.gettext(msgid)
    return text % params if params else text


def normalise_subject(subject: str) -> str:
    return _SUBJECT_PREFIX.sub("", subject or "").strip().lower()


# --- inbound ----------------------------------------------------------------------------


def _find_thread(account: ChannelAccount, msg: InboundMessage, customer) -> Conversation | None:
    ids = [i for i in [msg.in_reply_to, *reversed(msg.references)] if i]
    if ids:
        # The conversation of the latest message replied to. The few matching rows come from the
        # unique (account, external_id) index; ordering in SQL made SQLite scan the account's messages.
        replied = list(Message.objects.filter(account=account, external_id__in=ids).values_list("id", "conversation_id"))
        if replied:
            return Conversation.objects.get(pk=max(replied)[1])
    if msg.thread_key:
        conv = Conversation.objects.filter(account=account, thread_key=msg.thread_key).order_by("-id").first()
        if conv:
            return conv
    subject = normalise_subject(msg.subject)
    if subject and not msg.claim:
        since = (msg.sent_at or clock.now()) - EMAIL_THREAD_WINDOW
        recent = Conversation.objects.filter(account=account, customer=customer, last_message_at__gte=since)
        # Subjects only: a regular buyer has many recent threads and at most one is loaded.
        for pk, other in recent.order_by("-last_message_at").values_list("pk", "subject")[:20]:
            if normalise_subject(other) == subject:
                return Conversation.objects.get(pk=pk)
    return None


def _link_order(msg: InboundMessage, customer) -> Order | None:
    if not msg.order_number:
        return None
    order, _ = Order.objects.get_or_create(
        platform=msg.order_platform or msg.channel,
        number=msg.order_number,
        defaults={"marketplace": msg.marketplace, "customer": customer, "created_at": clock.now()},
    )
    return order


def triage_input(msg: InboundMessage) -> dict:
    """What triage reads of a message (besides the customer's VIP flag)."""
    return {"text": msg.body_text or msg.body_full, "subject": msg.subject, "claim_kind": msg.claim.kind if msg.claim else ""}


def receive_message(
    account: ChannelAccount, msg: InboundMessage, raw: RawDelivery | None = None, triaged: triage.TriageResult | None = None
) -> Message:
    """Store one inbound message, threaded, linked, triaged, with its deadline and assignee.

    Idempotent: the same (account, external_id) returns the stored message unchanged.
    """
    with transaction.atomic():
        existing = Message.objects.filter(account=account, external_id=msg.external_id).first()
        if existing:
            return existing
        now = clock.now()
        sent_at = msg.sent_at or now
        if msg.identities:
            customer = find_or_create_customer(msg.identities, name=msg.sender_name, now=now)
            conversation = _find_thread(account, msg, customer)
            if conversation is not None and conversation.customer_id == customer.pk:
                conversation.customer = customer  # the same row, already loaded
        else:
            # Platform notifications (A-to-z claim, feedback) carry no buyer identity:
            # they belong to the buyer of the thread they join.
            conversation = _find_thread(account, msg, None)
            if conversation is not None:
                customer = conversation.customer
            else:
                customer = find_or_create_customer([], name=msg.sender_name, now=now)
        created = conversation is None
        if created:
            conversation = Conversation(
                channel=msg.channel,
                account=account,
                marketplace=msg.marketplace or account.marketplace,
                customer=customer,
                subject=msg.subject[:500],
                thread_key=msg.thread_key,
                created_at=now,
                last_message_at=now,
            )
        order = _link_order(msg, customer)
        if order and conversation.order_id is None:
            conversation.order = order
        claim = None
        if msg.claim:
            claim = _record_claim(msg, order, now)
        # Results triaged ahead (pipeline._parse_ahead) assume a customer who is not a VIP.
        result = triaged if triaged is not None and not customer.is_vip else triage.analyze(**triage_input(msg), is_vip=customer.is_vip)
        reopened = conversation.status == Conversation.Status.RESOLVED
        conversation.status = Conversation.Status.OPEN
        conversation.snoozed_until = None
        conversation.language = result.language or conversation.language
        if result.language and not customer.language:
            customer.language = result.language
            customer.save(update_fields=["language"])
        # A later message can raise the priority of a thread, never silently lower it.
        if created or result.tier <= conversation.tier:
            conversation.intent = result.intent
            conversation.intent_confidence = result.intent_confidence
        conversation.tier = min(conversation.tier, result.tier) if not created else result.tier
        conversation.sentiment = result.sentiment
        conversation.urgency = max(conversation.urgency, result.urgency) if not created else result.urgency
        conversation.urgency_reasons = result.reasons
        conversation.last_message_at = now
        conversation.last_inbound_at = min(sent_at, now)
        # Platforms count from when the buyer wrote (capped at now against skewed clocks).
        sla_plan = sla.on_buyer_message(conversation, received_at=min(sent_at, now), now=now, claim=claim, automated=msg.is_automated)
        # Routed before the first save, so a new conversation is written once.
        agent = routing.pick_assignee(conversation, claim=claim, now=now) if conversation.assignee_id is None else None
        if agent is not None:
            conversation.assignee = agent
        conversation.save()
        sla_plan.save()
        if claim and claim.conversation_id is None:
            claim.conversation = conversation
            claim.save(update_fields=["conversation"])
        message = Message.objects.create(
            conversation=conversation,
            account=account,
            direction=Message.Direction.INBOUND,
            sender=msg.sender,
            sender_name=msg.sender_name,
            recipients=msg.recipients,
            subject=msg.subject[:500],
            body_text=msg.body_text,
            body_full=msg.body_full,
            body_html=msg.body_html,
            external_id=msg.external_id,
            in_reply_to=msg.in_reply_to,
            references=" ".join(msg.references),
            raw_delivery=raw,
            language=result.language,
            is_automated=msg.is_automated,
            flags=msg.flags,
            sent_at=sent_at,
            created_at=now,
        )
        Attachment.objects.bulk_create(
            [
                Attachment(
                    message=message,
                    filename=a.filename[:255],
                    content_type=a.content_type[:120],
                    size=len(a.data),
                    content_id=a.content_id[:255],
                    is_inline=a.is_inline,
                    data=a.data,
                )
                for a in msg.attachments
            ]
        )
        if created:
            record("conversation_created", conversation=conversation, channel=conversation.channel)
        elif reopened:
            record("conversation_reopened", conversation=conversation, by="buyer")
        record(
            "message_received",
            conversation=conversation,
            message_id=message.pk,
            language=result.language,
            intent=result.intent,
            intent_confidence=round(result.intent_confidence, 3),
            sentiment=result.sentiment,
            tier=conversation.tier,
            urgency=conversation.urgency,
            deadline=conversation.next_deadline_at.isoformat() if conversation.next_deadline_at else None,
        )
        if agent is not None:
            record("assigned", conversation=conversation, assignee=agent.pk, by="routing")
        return message


def _record_claim(msg: InboundMessage, order: Order | None, now: dt.datetime) -> Claim:
    c = msg.claim
    claim, created = Claim.objects.get_or_create(
        platform=msg.order_platform or msg.channel,
        kind=c.kind,
        external_id=c.external_id,
        defaults={
            "order": order,
            "amount": c.amount,
            "currency": c.currency,
            "reason": c.reason[:200],
            "respond_by": c.respond_by,
            "created_at": now,
        },
    )
    return claim


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
    from sellerdesk.conversations.tasks import deliver_message
    from sellerdesk.replies.compliance import assert_sendable

    files = list(files)
    too_big = [f.filename for f in files if len(f.data) > settings.REPLY_FILE_MAX_BYTES]
    if too_big:
        raise FileTooLarge(too_big, settings.REPLY_FILE_MAX_BYTES // 1048576)
    # The platform's rules are checked before anything is stored or sent; a hard rule raises.
    assert_sendable(conversation, text, attachments=[(f.filename, f.content_type, len(f.data)) for f in files])

    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
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
        Attachment.objects.bulk_create([
            Attachment(message=message, filename=f.filename[:255], content_type=f.content_type[:120], size=len(f.data), data=f.data)
            for f in files
        ])
        if conversation.first_response_at is None:
            conversation.first_response_at = now
        conversation.last_message_at = now
        conversation.status = Conversation.Status.RESOLVED if resolve else Conversation.Status.PENDING
        sla.on_reply(conversation, message, now=now)
        conversation.save()
        details = {"files": [f.filename for f in files]} if files else {}
        record("reply_sent", conversation=conversation, actor=user, message_id=message.pk, resolve=resolve, **details)
        transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
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
        record("note_added", conversation=conversation, actor=user, message_id=note.pk)
        return note


def assign(conversation: Conversation, user, assignee) -> Conversation:
    with transaction.atomic():
        previous = conversation.assignee_id
        conversation.assignee = assignee
        conversation.save(update_fields=["assignee"])
        record("assigned", conversation=conversation, actor=user, assignee=assignee.pk if assignee else None, previous=previous, by="agent")
        return conversation


def reassign(conversation: Conversation, assignee, *, reason: str) -> Conversation:
    """Routing moves a conversation to another agent (assignee away, or no reply in time)."""
    with transaction.atomic():
        previous = conversation.assignee_id
        updated = Conversation.objects.filter(pk=conversation.pk, assignee_id=previous).update(assignee=assignee)
        if not updated:
            return conversation  # someone assigned it meanwhile: their choice stands
        conversation.assignee = assignee
        record("assigned", conversation=conversation, assignee=assignee.pk, previous=previous, by="routing", reason=reason)
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
        record("resolved", conversation=conversation, actor=user, no_response_needed=marked)
        return marked


def resolve(conversation: Conversation, user) -> Conversation:
    with transaction.atomic():
        _mark_resolved(conversation)
        record("resolved", conversation=conversation, actor=user)
        return conversation


def reopen(conversation: Conversation, user) -> Conversation:
    with transaction.atomic():
        conversation.status = Conversation.Status.OPEN
        conversation.snoozed_until = None
        conversation.save(update_fields=["status", "snoozed_until"])
        record("conversation_reopened", conversation=conversation, actor=user, by="agent")
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
