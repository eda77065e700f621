"""record_correction(): an agent fixes intent, tier, language or sentiment of a message.

The correction is stored, applied to the message's conversation and logged as
an event in one transaction; `sellerdesk triage-retrain` learns from the
intent corrections (the latest one per message wins).
"""

from __future__ import annotations

import re

from django.db import DatabaseError, transaction

from sellerdesk.lib.errors import ActionError
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.lib import clock
from sellerdesk.sla import engine as sla
from sellerdesk.triage.models import TriageCorrection
from sellerdesk.triage.relabel import BY_AGENT, relabelled_reasons
from sellerdesk.triage.taxonomy import INTENTS, SENTIMENTS, TIER_OF_INTENT

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


class CorrectionRefused(ActionError):
    """A correction with a field or value triage does not know; `field` names the refused field."""

    def __init__(self, msgid: str, *, field: str, **params):
        self.field = field
        super().__init__(msgid, **params)


def _clean(field: str, value) -> str:
    text = str(value).strip()
    if field == "intent" and text in INTENTS:
        return text
    if field == "tier" and text in ("1", "2", "3"):
        return text
    if field == "language" and _LANGUAGE.match(text.lower()):
        return text.lower()
    if field == "sentiment" and text in SENTIMENTS:
        return text
    if field not in TriageCorrection.Field.values:
        raise CorrectionRefused(
            "Cannot correct %(name)s: choose one of %(allowed)s.",
            field=field, name=repr(field), allowed=", ".join(TriageCorrection.Field.values),
        )
    allowed = {
        "intent": ", ".join(INTENTS),
        "tier": "1, 2, 3",
        "language": "ISO 639-1 (de, zh, ...)",
        "sentiment": ", ".join(SENTIMENTS),
    }[field]
    raise CorrectionRefused("%(value)s is not a valid %(name)s: use %(allowed)s.", field=field, value=repr(value), name=field, allowed=allowed)


def latest_buyer_message(conversation: Conversation) -> Message:
    """The message a correction of the conversation's triage is about: the latest inbound one."""
    message = (
        Message.objects.filter(conversation=conversation, direction=Message.Direction.INBOUND).order_by("-created_at", "-id").first()
    )
    if message is None:
        raise ActionError("There is no buyer message to correct.")
    return message


def record_corrections(message: Message, values: dict, user) -> list[TriageCorrection]:
    """One correction per field in `values`, all or none (CorrectionRefused names the field)."""
    with transaction.atomic():
        return [record_correction(message, field, value, user) for field, value in values.items()]


def record_correction(message: Message, field: str, new_value, user) -> TriageCorrection:
    value = _clean(field, new_value)
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=message.conversation_id)
        old = {
            "intent": conversation.intent,
            "tier": str(conversation.tier),
            "language": message.language or conversation.language,
            "sentiment": conversation.sentiment,
        }[field]
        correction = TriageCorrection.objects.create(
            message=message, field=field, old_value=old or "", new_value=value, user=user, created_at=clock.now()
        )
        changed = _apply(conversation, message, field, value)
        conversation.save(update_fields=changed)
        record(
            "triage_corrected",
            conversation=conversation,
            actor=user,
            message_id=message.pk,
            field=field,
            old=old or "",
            new=value,
        )
        return correction


def _apply(conversation: Conversation, message: Message, field: str, value: str) -> list[str]:
    if field == "sentiment":
        conversation.sentiment = value
        return ["sentiment"]
    if field == "language":
        message.language = value
        message.save(update_fields=["language"])
        conversation.language = value
        return ["language"]
    reasons = list(conversation.urgency_reasons or [])
    if field == "intent":
        calmer = TIER_OF_INTENT.get(value, 3) > TIER_OF_INTENT.get(conversation.intent, 3)
        conversation.intent, conversation.intent_confidence = value, 1.0
        # A person's reading has no confidence figure: the reason says who decided instead.
        reasons = relabelled_reasons(reasons, value, BY_AGENT)
        changed = ["intent", "intent_confidence"]
    else:
        calmer = int(value) > conversation.tier
        conversation.tier = int(value)
        reasons = [r for r in reasons if not r.startswith(("possible tier-1 problem", "tier set by an agent"))]
        reasons.append(f"tier set by an agent: {value}")
        changed = ["tier"]
    conversation.urgency_reasons = reasons
    changed.append("urgency_reasons")
    if calmer:
        # A calmer reading never moves a clock: the platform's own deadline (or the stricter
        # one already running) stays.
        return changed
    # A stricter policy may now apply: the SLA engine moves the open clock forward, never back.
    sla.on_priority_change(conversation, now=clock.now())
    return changed + ["next_deadline_at", "deadline_kind"]


def training_rows(*, optional: bool = False) -> list[dict]:
    """Intent and sentiment corrections as training rows, the latest per message and field.

    optional=True: a database without the table yet (at install) means no corrections.
    """
    try:
        latest: dict[int, dict] = {}
        fields = ("intent", "sentiment")
        for c in TriageCorrection.objects.filter(field__in=fields).select_related("message").order_by("created_at", "id"):
            text = c.message.body_text or c.message.body_full or c.message.subject
            row = latest.setdefault(
                c.message_id,
                {"id": f"correction:{c.message_id}", "text": text, "lang": c.message.language,
                 "intent": None, "sentiment": None, "source": "correction"},
            )
            row[c.field] = c.new_value
        return [r for r in latest.values() if (r["text"] or "").strip()]
    except DatabaseError:
        if optional:
            return []
        raise
