"""Translate buyer messages for the agent and drafts for the buyer; ask a language model for a draft.

Before any text leaves: personal data (emails, phones, order and tracking
numbers, the buyer's name) become placeholders, restored in the answer; the
seller's glossary terms become placeholders restored as the seller's
translation. Drafts are checked against the platform rules and only ever go
into the reply box: sending stays with the agent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from sellerdesk.conversations.actions import ActionError
from sellerdesk.conversations.events import record
from sellerdesk.lib import clock
from sellerdesk.replies.compliance import Verdict, check, context_for
from sellerdesk.replies.models import GlossaryEntry, MessageTranslation
from sellerdesk.replies.templating.suggest import buyer_language
from sellerdesk.replies.translation.protect import protect
from sellerdesk.replies.translation.providers import LANGUAGE_NAMES, draft_provider, translation_provider


def agent_language(user) -> str:
    profile = getattr(user, "agent", None)
    ui = (profile.ui_language if profile else "") or "en"
    return "zh" if ui.startswith("zh") else ui.split("-")[0]


def _personal(conversation) -> list[str]:
    customer = conversation.customer
    names = [customer.name, *customer.name.split()] if customer.name else []
    return [n for n in names if len(n) >= 2] + ([customer.email] if customer.email else [])


def translate_message(message, user) -> MessageTranslation:
    """The buyer message in the agent's language, translated once and kept."""
    language = agent_language(user)
    kept = MessageTranslation.objects.filter(message=message, language=language).first()
    if kept:
        return kept
    if (message.language or "").split("-")[0] == language:
        raise ActionError("This message is already in your language.")
    provider = translation_provider()
    shielded = protect(message.body_text or message.body_full, personal=_personal(message.conversation))
    translated = shielded.restore(provider.translate([shielded.text], language, message.language)[0])
    with transaction.atomic():
        row, created = MessageTranslation.objects.get_or_create(
            message=message, language=language, defaults={"text": translated, "provider": provider.name, "created_at": clock.now()},
        )
        if created:
            record("message_translated", conversation=message.conversation, actor=user, message_id=message.pk,
                   language=language, provider=provider.name)
    return row


@dataclass(frozen=True)
class DraftTranslation:
    text: str
    source: str
    target: str
    lost: tuple[str, ...]  # glossary terms or personal data the provider dropped


def glossary_for(source: str, target: str) -> dict[str, str]:
    return dict(GlossaryEntry.objects.filter(source_language=source, target_language=target).values_list("term", "translation"))


def translate_draft(conversation, user, text: str) -> DraftTranslation:
    text = (text or "").strip()
    if not text:
        raise ActionError("Write the reply first, then translate it.")
    source, target = agent_language(user), buyer_language(conversation)
    if source == target:
        raise ActionError("The buyer writes in your language: nothing to translate.")
    shielded = protect(text, glossary=glossary_for(source, target), personal=_personal(conversation))
    answer = translation_provider().translate([shielded.text], target, source)[0]
    return DraftTranslation(shielded.restore(answer), source, target, tuple(shielded.lost(answer)))


@dataclass(frozen=True)
class Draft:
    text: str
    verdict: Verdict
    redacted: tuple[str, ...]  # kinds of personal data that were replaced before sending


DRAFT_SYSTEM = (
    "You write replies for the customer service of an online shop. Write the reply to the buyer's last message in {language}. "
    "Be brief, polite and concrete. Keep every placeholder like ⟦0⟧ exactly as it is. Never include links, email addresses "
    "or phone numbers, never ask for a review or feedback, never offer discounts. Answer with the reply text only."
)


def llm_draft(conversation, user) -> Draft:
    """A suggested reply from the configured language model; the agent edits and sends it (or not)."""
    provider = draft_provider()
    messages = list(conversation.messages.filter(direction="in").order_by("-id")[:3])[::-1]
    if not messages:
        raise ActionError("There is no buyer message to answer.")
    thread = "\n\n---\n\n".join(m.body_text or m.body_full for m in messages)
    shielded = protect(thread, personal=_personal(conversation))
    language = LANGUAGE_NAMES.get(buyer_language(conversation), "the buyer's language")
    answer = provider.complete(DRAFT_SYSTEM.format(language=language), shielded.text)
    text = shielded.restore(answer)
    verdict = check(text, channel=conversation.channel, context=context_for(conversation))
    with transaction.atomic():
        record("draft_generated", conversation=conversation, actor=user, provider=provider.name,
               redacted=sorted(set(shielded.redacted)), verdict=verdict.status)
    return Draft(text, verdict, tuple(shielded.redacted))
