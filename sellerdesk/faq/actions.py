"""Writes to the FAQ: each call is one action with one event (audited like rule changes)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from sellerdesk.conversations.events import record
from sellerdesk.faq.models import FaqEntry, FaqText
from sellerdesk.faq.starter import STARTER
from sellerdesk.lib import clock

MAX_TEXT = 2000


class FaqError(ValueError):
    """A text the FAQ cannot keep; the message names the field and the reason."""


@dataclass
class Wording:
    question: str
    answer: str
    wordings: str = ""


def _clean(language: str, w: Wording) -> Wording:
    question, answer = " ".join(w.question.split()), w.answer.strip()
    if not question:
        raise FaqError(f"{language}: the question is empty")
    if not answer:
        raise FaqError(f"{language}: the answer is empty")
    if len(question) > 300 or len(answer) > MAX_TEXT:
        raise FaqError(f"{language}: too long (question at most 300 characters, answer at most {MAX_TEXT})")
    return Wording(question, answer, "\n".join(line.strip() for line in w.wordings.splitlines() if line.strip()))


def save_entry(entry: FaqEntry | None, *, topic: str, is_active: bool, texts: dict[str, Wording], actor=None) -> FaqEntry:
    """Create or replace an entry with its texts per language (a language left out is removed)."""
    if topic not in FaqEntry.Topic.values:
        raise FaqError(f"topic: {topic!r} is not one of {', '.join(FaqEntry.Topic.values)}")
    if not texts:
        raise FaqError("texts: at least one language is needed")
    cleaned = {lang.strip().lower(): _clean(lang, w) for lang, w in texts.items()}
    now = clock.now()
    with transaction.atomic():
        created = entry is None
        if created:
            entry = FaqEntry(created_at=now)
        entry.topic, entry.is_active, entry.updated_at, entry.updated_by = topic, is_active, now, actor
        entry.save()
        entry.texts.exclude(language__in=list(cleaned)).delete()
        for lang, w in cleaned.items():
            FaqText.objects.update_or_create(entry=entry, language=lang, defaults={
                "question": w.question, "wordings": w.wordings, "answer": w.answer, "updated_at": now})
        record("faq_created" if created else "faq_updated", actor=actor, faq_id=entry.pk, topic=topic,
               active=is_active, languages=sorted(cleaned))
    return entry


def delete_entry(entry: FaqEntry, *, actor=None) -> None:
    with transaction.atomic():
        record("faq_deleted", actor=actor, faq_id=entry.pk, topic=entry.topic)
        entry.delete()


def load_starter(*, actor=None) -> int:
    """The starter entries whose topic the FAQ does not have yet; how many were added."""
    now = clock.now()
    with transaction.atomic():
        have = set(FaqEntry.objects.values_list("topic", flat=True))
        added = []
        for topic, languages in STARTER.items():
            if topic in have:
                continue
            entry = FaqEntry.objects.create(topic=topic, created_at=now, updated_at=now, updated_by=actor)
            FaqText.objects.bulk_create([
                FaqText(entry=entry, language=lang, question=q, wordings="\n".join(others), answer=a, updated_at=now)
                for lang, (q, others, a) in languages.items()])
            added.append(topic)
        if added:
            record("faq_starter_loaded", actor=actor, topics=added)
    return len(added)
