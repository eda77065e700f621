"""The bot's turn after each visitor message: answer from the FAQ or the order's tracking, or hand
the chat to a person — when asked ("human", "人工"...), on a negative message, on a tier-1 intent
(triage), or when it has no answer. Runs in the worker right after the intake committed the message
(WebchatChannel.after_write), so it reads the triage the intake stored. The transcript is the conversation itself: the agent sees
every line the visitor and the bot wrote, and a note says why the bot handed over.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from sellerdesk.channels.models import RawDelivery
from sellerdesk.channels.webchat import faqsource, presence
from sellerdesk.channels.webchat.models import ChatEvent, ChatVisitor
from sellerdesk.channels.webchat.parse import read
from sellerdesk.channels.webchat.texts import HUMAN_SUBSTRINGS, HUMAN_WORDS, language_of, say
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Conversation, Event, Message
from sellerdesk.lib import clock
from sellerdesk.search import index as search_index
from sellerdesk.triage.taxonomy import TIER1_INTENTS

BOT_NAME = "Assistant"
# Why the bot handed a chat over: stored in English in the note's text (search, exports) and as a
# flag "handover:<code>[:<intent>]" from which the conversation page shows it in the agent's own
# language (handover_text).
HANDOVER_REASONS = {
    "photo": gettext_noop("the visitor sent a photo"),
    "asked": gettext_noop("the visitor asked for a person"),
    "unhappy": gettext_noop("the visitor sounds unhappy"),
    "urgent": gettext_noop("urgent topic (%(intent)s)"),
    "no_answer": gettext_noop("the bot has no answer"),
    "rules": gettext_noop("its answer did not pass the reply rules"),
}
HANDOVER_NOTE = gettext_noop("Chat bot: handed over, %(reason)s.")
HANDOVER_FLAG = "handover:"
_WORDS = re.compile(r"\b(" + "|".join(sorted({re.escape(w) for ws in HUMAN_WORDS.values() for w in ws}, key=len, reverse=True)) + r")\b",
                    re.IGNORECASE)


def asks_for_person(text: str) -> bool:
    return bool(_WORDS.search(text)) or any(s in text for s in HUMAN_SUBSTRINGS)


def turn(raw_id: int) -> str:
    """One bot turn for a stored visitor message; what happened ("waiting" until the intake wrote it)."""
    raw = RawDelivery.objects.select_related("account").filter(pk=raw_id).first()
    if raw is None:
        return "gone"
    if raw.status == RawDelivery.Status.RECEIVED:
        return "waiting"
    message = Message.objects.select_related("conversation").filter(raw_delivery=raw).first()
    if raw.status != RawDelivery.Status.PROCESSED or message is None:
        return raw.status
    delivery = read(raw.body)
    visitor = ChatVisitor.objects.filter(account=raw.account, key=delivery.visitor).first()
    if visitor is None:
        return "gone"
    conversation = message.conversation
    if with_a_person(visitor, conversation):
        return "person"
    language = language_of(delivery.language or message.language)
    triaged = (Event.objects.filter(conversation=conversation, kind="message_received", data__message_id=message.pk)
               .values_list("data", flat=True).first() or {})
    text = message.body_text
    if not text:
        return hand_over(visitor, conversation, language, "photo")
    if asks_for_person(text) or faqsource.asks_for_human(text):
        return hand_over(visitor, conversation, language, "asked")
    if triaged.get("sentiment") == "negative":
        return hand_over(visitor, conversation, language, "unhappy")
    if triaged.get("intent") in TIER1_INTENTS:
        return hand_over(visitor, conversation, language, "urgent", intent=triaged["intent"])
    answer = ""
    if triaged.get("intent") == "order_status":
        answer = tracking_answer(visitor, conversation, language)
    answer = answer or faqsource.answer(text, language)
    if not answer:
        return hand_over(visitor, conversation, language, "no_answer")
    if not passes_rules(conversation, answer):
        return hand_over(visitor, conversation, language, "rules")
    reply(conversation, visitor, answer, language)
    return "answered"


def passes_rules(conversation: Conversation, text: str) -> bool:
    """An automated answer passes the same reply rules as an agent's (docs/compliance.md)."""
    from sellerdesk.lib.errors import ActionError
    from sellerdesk.replies.compliance import assert_sendable

    try:
        assert_sendable(conversation, text, automated=True)
    except ActionError:
        return False
    return True


def with_a_person(visitor: ChatVisitor, conversation: Conversation) -> bool:
    """Handed over, and not resolved since: the person answers, the bot stays quiet."""
    if visitor.handed_over_at is None:
        return False
    return not Event.objects.filter(conversation=conversation, kind="resolved", created_at__gt=visitor.handed_over_at).exists()


def tracking_answer(visitor: ChatVisitor, conversation: Conversation, language: str) -> str:
    """Only for an order whose buyer's email the visitor gave (order number + email, as on an
    order-status page): a number alone shows nothing of the order."""
    order = conversation.order
    if order is None or not visitor.order_verified or order.number != visitor.order_number:
        return ""
    shipped = [t for t in order.tracking or [] if t.get("number")]
    if not shipped:
        return say("not_shipped", language, order=order.number)
    last = shipped[-1]
    status = say("tracking_status", language, status=last["status"]) if last.get("status") else ""
    text = say("tracking", language, order=order.number, company=last.get("company") or "?", number=last["number"], status=status)
    return f"{text} {last['url']}" if last.get("url") else text


def reply(conversation: Conversation, visitor: ChatVisitor, text: str, language: str) -> Message:
    """The bot's answer: an automated outbound message, shown in the widget at once."""
    from sellerdesk.sla import engine as sla

    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        now = clock.now()
        message = Message.objects.create(
            conversation=conversation, account=conversation.account, direction=Message.Direction.OUTBOUND,
            sender_name=BOT_NAME, body_text=text, body_full=text, language=language, is_automated=True,
            delivery_status=Message.Delivery.SENT, sent_at=now, created_at=now,
        )
        ChatEvent.objects.create(visitor=visitor, kind=ChatEvent.Kind.BOT, text=text, name=BOT_NAME, message=message, created_at=now)
        search_index.index_messages([message])
        conversation.last_message_at = now
        conversation.status = Conversation.Status.PENDING  # answered; a new line from the visitor reopens it
        sla.on_reply(conversation, message, now=now)
        conversation.save()
        record("webchat_bot_answered", conversation=conversation, message_id=message.pk)
    return message


def handover_reason(code: str, intent: str = "", *, translate=str, intent_label=str) -> str:
    """Why the bot handed over, for a reason code: in English by default, or through `translate`
    (gettext) with the intent named by `intent_label`."""
    reason = translate(HANDOVER_REASONS[code])
    return reason % {"intent": intent_label(intent)} if code == "urgent" else reason


def handover_text(code: str, intent: str = "", *, translate=str, intent_label=str) -> str:
    """The note's whole text for a reason code (languages as handover_reason)."""
    return translate(HANDOVER_NOTE) % {"reason": handover_reason(code, intent, translate=translate, intent_label=intent_label)}


def handover_note_text(flags: list[str], intent_label=str) -> str | None:
    """The bot's hand-over note in the active language, from its flag; None for any other note."""
    for flag in flags:
        if flag.startswith(HANDOVER_FLAG):
            code, _, intent = flag[len(HANDOVER_FLAG):].partition(":")
            if code in HANDOVER_REASONS:
                return handover_text(code, intent, translate=gettext, intent_label=intent_label)
    return None


def hand_over(visitor: ChatVisitor, conversation: Conversation, language: str, code: str, intent: str = "") -> str:
    """The chat goes to a person: a note for the agent, a line for the visitor (offline: by email)."""
    reason = handover_reason(code, intent)
    note_text = HANDOVER_NOTE % {"reason": reason}
    flag = f"{HANDOVER_FLAG}{code}:{intent}" if intent else f"{HANDOVER_FLAG}{code}"
    online = presence.agents_online(fresh=True)
    if online:
        line = say("handover", language)
    elif visitor.email:
        line = say("handover_offline_email", language, email=visitor.email)
    else:
        line = say("handover_offline", language)
    with transaction.atomic():
        now = clock.now()
        ChatVisitor.objects.filter(pk=visitor.pk).update(handed_over_at=now)
        note = Message.objects.create(
            conversation=conversation, account=conversation.account, direction=Message.Direction.NOTE,
            sender_name=BOT_NAME, body_text=note_text, body_full=note_text, flags=[flag],
            delivery_status=Message.Delivery.SENT, sent_at=now, created_at=now,
        )
        ChatEvent.objects.create(visitor=visitor, kind=ChatEvent.Kind.SYSTEM, text=line, created_at=now)
        search_index.index_messages([note])
        record("webchat_handover", conversation=conversation, reason=reason, online=online, note_id=note.pk)
    return "handed over"
