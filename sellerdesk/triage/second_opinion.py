"""A language model's second opinion on messages the offline model is unsure of (off by default).

The offline model decides every message at once; this adds, after the intake has committed, one
question to an OpenAI-compatible endpoint for the messages whose intent confidence is under
`SELLERDESK_TRIAGE_LLM_BELOW`. Personal data (emails, phones, order and tracking numbers) is
replaced by placeholders before the text leaves. The answer can only:

- change the conversation's intent when the model's label was a guess (and no agent has
  corrected it meanwhile), with a reason saying who read it;
- make the tier stricter when the new intent is a tier-1 problem (the SLA clock moves forward,
  never back). A calmer reading never lowers a tier or a deadline.

It is recorded as a `triage_second_opinion` event, never as an agent's correction, so it does
not train the model. Uses the same endpoint as reply drafts (`SELLERDESK_LLM_URL`, `..._MODEL`,
`..._API_KEY`); switched on with `SELLERDESK_TRIAGE_LLM=on` (docs/triage.md).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django_tasks import task

from sellerdesk.triage.taxonomy import INTENTS, SENTIMENTS, TIER_OF_INTENT

log = logging.getLogger(__name__)

DESCRIPTIONS = {
    "order_status": "asks where the order is, for tracking, or when it ships or arrives",
    "delivery_issue": "reports a parcel late, lost, stuck, not received or held in customs",
    "damaged_defective": "received something broken or faulty, or it stopped working",
    "wrong_or_missing_item": "received the wrong item, size or colour, missing parts, an empty box",
    "return_exchange": "wants to return or exchange, asks for a return label or the return policy",
    "refund": "asks for a refund, or where the refund is",
    "cancel_order": "wants to cancel an order",
    "change_order": "wants to change an order's address, item, size, colour or quantity",
    "product_question": "asks about specifications, compatibility, use or stock, before or after buying",
    "payment_billing": "a failed payment, a double charge, an invoice, VAT, ways to pay",
    "account": "login, password, account data, privacy or deletion requests",
    "dispute_claim": "opened or threatens an A-to-z claim, a chargeback, a PayPal or eBay case, or to report the seller",
    "complaint": "is angry at the service, threatens a bad review, wants a manager",
    "feedback_thanks": "thanks or praises",
    "other": "anything else",
}
assert set(DESCRIPTIONS) == set(INTENTS)

SYSTEM = (
    "You classify one message a buyer sent to an online shop's customer service. The message may be in "
    "any language; ⟦n⟧ are placeholders for removed personal data. Choose the one intent that says what "
    "the buyer mainly needs:\n"
    + "\n".join(f"- {name}: {text}" for name, text in DESCRIPTIONS.items())
    + "\nAnd the buyer's tone: negative, neutral or positive.\n"
    'Answer with JSON only, like {"intent": "refund", "sentiment": "neutral"}.'
)
_JSON = re.compile(r"\{.*?\}", re.S)


class BadAnswer(ValueError):
    """The language model answered something that is not one of our labels."""


@dataclass(frozen=True)
class Opinion:
    intent: str
    sentiment: str  # "" when the answer named none we know


def enabled() -> bool:
    return settings.TRIAGE_LLM and bool(settings.LLM_URL and settings.LLM_MODEL)


def wanted(intent_confidence: float) -> bool:
    return enabled() and intent_confidence < settings.TRIAGE_LLM_BELOW


def stricter_tier(tier: int, intent: str) -> int:
    """The tier after the model's reading: stricter when its intent is, never calmer."""
    return min(tier, TIER_OF_INTENT[intent])


def parse(answer: str) -> Opinion:
    """The first JSON object of the answer (code fences and chatter around it are tolerated)."""
    match = _JSON.search(answer or "")
    if not match:
        raise BadAnswer(f"no JSON object in the answer: {answer[:80]!r}")
    try:
        data = json.loads(match.group(0))
    except ValueError:
        raise BadAnswer(f"not JSON: {match.group(0)[:80]!r}") from None
    intent = str(data.get("intent", "")).strip().lower().replace(" ", "_").replace("-", "_")
    if intent not in INTENTS:
        raise BadAnswer(f"unknown intent {intent!r}")
    sentiment = str(data.get("sentiment", "")).strip().lower()
    return Opinion(intent, sentiment if sentiment in SENTIMENTS else "")


def ask(text: str, complete=None) -> tuple[Opinion, list[str]]:
    """The model's opinion on a text, and the kinds of personal data removed before asking.
    `complete(system, user) -> str` defaults to the configured endpoint."""
    from sellerdesk.replies.translation.protect import protect
    from sellerdesk.replies.translation.providers import draft_provider

    shielded = protect((text or "")[:4000])
    complete = complete or draft_provider().complete
    return parse(complete(SYSTEM, shielded.text)), shielded.redacted


# --- in the product ------------------------------------------------------------------------


def after_intake(events: list) -> None:
    """The intake's written events: a question queued for each unsure buyer message, after the commit."""
    if not enabled():
        return
    ids = [
        e.data["message_id"]
        for e in events
        if e.kind == "message_received" and e.data.get("message_id") and wanted(float(e.data.get("intent_confidence", 1.0)))
    ]
    if ids:
        transaction.on_commit(lambda: [check_message.enqueue(pk) for pk in ids])


@task()
def check_message(message_id: int) -> str:
    return check(message_id)


def check(message_id: int, complete=None) -> str:
    """Ask about one buyer message and apply the answer; what happened, in a word."""
    from sellerdesk.conversations.models import Conversation, Message
    from sellerdesk.triage.models import TriageCorrection

    message = Message.objects.filter(pk=message_id, direction=Message.Direction.INBOUND).first()
    if message is None:
        return "gone"
    try:
        opinion, redacted = ask(message.body_text or message.body_full or message.subject, complete)
    except Exception as exc:  # an unreachable or confused model leaves the offline decision in place
        log.warning("triage second opinion on message %s failed: %s", message_id, exc)
        _record(message.conversation_id, message_id, {"error": str(exc)[:300]})
        return "failed"
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=message.conversation_id)
        latest = Message.objects.filter(conversation=conversation, direction=Message.Direction.INBOUND).order_by("-created_at", "-id").first()
        corrected = TriageCorrection.objects.filter(message__conversation=conversation, field="intent").exists()
        data = {"model_intent": conversation.intent, "intent": opinion.intent, "sentiment": opinion.sentiment, "redacted": redacted}
        if latest is None or latest.pk != message.pk or corrected:
            data["applied"] = False  # a newer message or a person's reading decides now
            _record(conversation.pk, message_id, data)
            return "stale"
        changed = _apply(conversation, opinion)
        data["applied"] = bool(changed)
        if changed:
            conversation.save(update_fields=changed)
        _record(conversation.pk, message_id, data)
        return "changed" if changed else "agreed"


def _apply(conversation, opinion: Opinion) -> list[str]:
    from sellerdesk.lib import clock
    from sellerdesk.triage.relabel import BY_LANGUAGE_MODEL, relabelled_reasons
    from sellerdesk.sla import engine as sla

    if opinion.intent == conversation.intent:
        return []
    conversation.intent = opinion.intent
    conversation.urgency_reasons = relabelled_reasons(conversation.urgency_reasons, opinion.intent, BY_LANGUAGE_MODEL)
    changed = ["intent", "urgency_reasons"]
    tier = stricter_tier(conversation.tier, opinion.intent)
    if tier < conversation.tier:
        conversation.tier = tier
        sla.on_priority_change(conversation, now=clock.now())
        changed += ["tier", "next_deadline_at", "deadline_kind"]
    return changed


def _record(conversation_id: int, message_id: int, data: dict) -> None:
    from sellerdesk.conversations.events import record
    from sellerdesk.conversations.models import Conversation

    record("triage_second_opinion", conversation=Conversation(pk=conversation_id), message_id=message_id, **data)
