"""Sending a survey (an automated message through the conversation's own channel) and recording
its answer. Amazon and eBay forbid surveys in their messages: never sent there."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction

from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.csat.models import Survey
from sellerdesk.csat.texts import language_of, text
from sellerdesk.lib import clock

# Channels whose rules let us send a link asking for a rating. Amazon and eBay forbid it in buyer
# messages; TikTok Shop and Walmart are left out until their rules are confirmed.
ALLOWED_CHANNELS = frozenset({"email", "shopify", "webchat", "whatsapp", "messenger", "instagram", "line", "wechat"})
SALT = "sellerdesk.csat"
ASK_AGAIN_AFTER = dt.timedelta(days=30)  # one survey per conversation per month at most


@dataclass
class SurveyResult:
    sent: bool
    reason: str = ""  # why not: "channel", "recent", "no_recipient"
    survey: Survey | None = None


def link(survey: Survey) -> str:
    signed = signing.TimestampSigner(salt=SALT).sign(survey.token)
    return f"{settings.BASE_URL.rstrip('/')}/csat/{signed}/"


def unsign(signed: str) -> Survey | None:
    try:
        token = signing.TimestampSigner(salt=SALT).unsign(signed, max_age=dt.timedelta(days=settings.CSAT_LINK_DAYS))
    except signing.BadSignature:
        return None
    return Survey.objects.select_related("conversation").filter(token=token).first()


def send_survey(conversation: Conversation, *, agent=None) -> SurveyResult:
    """Send the survey now, unless the channel forbids it or the buyer was asked this month."""
    if conversation.channel not in ALLOWED_CHANNELS:
        return SurveyResult(False, "channel")
    from sellerdesk.conversations.actions import _new_message_id
    from sellerdesk.conversations.tasks import deliver_message

    with transaction.atomic():
        conv = Conversation.objects.select_for_update().select_related("account", "customer").get(pk=conversation.pk)
        now = clock.now()
        if Survey.objects.filter(conversation=conv, sent_at__gt=now - ASK_AGAIN_AFTER).exists():
            return SurveyResult(False, "recent")
        last_in = conv.messages.filter(direction=Message.Direction.INBOUND).order_by("-id").first()
        if last_in is None or not last_in.sender:
            return SurveyResult(False, "no_recipient")
        language = language_of(conv.language or getattr(conv.customer, "language", ""))
        survey = Survey.objects.create(conversation=conv, agent=agent or conv.assignee, token=secrets.token_hex(16),
                                       language=language, sent_at=now)
        body = text(language, "message", url=link(survey))
        subject = conv.subject or ""
        message = Message.objects.create(
            conversation=conv, account=conv.account, direction=Message.Direction.OUTBOUND, sender=conv.account.address,
            sender_name=conv.account.name, recipients=[last_in.sender], subject=(f"Re: {subject}" if subject else "")[:500],
            body_text=body, body_full=body, external_id=_new_message_id(conv), in_reply_to=last_in.external_id or "",
            references=" ".join([*last_in.references.split(), last_in.external_id or ""]).strip()[-2000:],
            is_automated=True, delivery_status=Message.Delivery.QUEUED, sent_at=now, created_at=now,
        )
        survey.message = message
        survey.save(update_fields=["message"])
        record("csat_sent", conversation=conv, survey_id=survey.pk, message_id=message.pk, language=language)
        transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
        return SurveyResult(True, "", survey)


def answer(survey: Survey, rating: int, comment: str = "") -> Survey:
    """The buyer's answer (a later one replaces it). Automation hears of it when installed."""
    if rating not in (1, 2, 3, 4, 5):
        raise ValueError("rating: 1 to 5")
    with transaction.atomic():
        survey.rating, survey.comment, survey.answered_at = rating, (comment or "").strip()[:2000], clock.now()
        survey.save(update_fields=["rating", "comment", "answered_at"])
        record("csat_answered", conversation=survey.conversation, survey_id=survey.pk, rating=rating, has_comment=bool(survey.comment))
        transaction.on_commit(lambda: _tell_automation(survey))
    return survey


def _tell_automation(survey: Survey) -> None:
    from sellerdesk.automation import events as automation_events

    # survey_id makes the occurrence unique (an answer changed later is another occurrence).
    automation_events.emit("csat.answered", conversation=survey.conversation, survey_id=survey.pk,
                           rating=survey.rating, comment=survey.comment)
