"""Every write to reply templates: save, review, count a use, load the starter library. One Event each."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from sellerdesk.conversations.actions import ActionError
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Event
from sellerdesk.lib import clock
from sellerdesk.replies.library.load import load_starter
from sellerdesk.replies.models import ReplyTemplate
from sellerdesk.replies.templating.render import validate

EDITABLE = ("key", "language", "channel", "category", "title", "body", "intents", "tags", "is_active")


class TemplateInvalid(ActionError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("The template cannot be used: " + "; ".join(problems))


def save_template(user, template: ReplyTemplate | None = None, **fields) -> ReplyTemplate:
    """Create (template=None) or update a template; refuses syntax errors and unknown variables."""
    problems = validate(fields.get("body", template.body if template else ""))
    if problems:
        raise TemplateInvalid(problems)
    stores = fields.pop("stores", None)  # channel accounts; None: left as they are
    with transaction.atomic():
        now = clock.now()
        created = template is None
        if created:
            template = ReplyTemplate(created_at=now)
        for name in EDITABLE:
            if name in fields:
                setattr(template, name, fields[name])
        template.updated_at = now
        duplicate = ReplyTemplate.objects.filter(key=template.key, language=template.language, channel=template.channel)
        if duplicate.exclude(pk=template.pk).exists():
            raise ActionError("A template with this key, language and channel exists already.")
        template.save()
        if stores is not None:
            template.stores.set(stores)
        record("template_created" if created else "template_changed", actor=user, template_id=template.pk, key=template.key,
               language=template.language, channel=template.channel, stores=sorted(s.pk for s in template.stores.all()))
    return template


def mark_reviewed(user, template: ReplyTemplate) -> ReplyTemplate:
    with transaction.atomic():
        template.last_reviewed_at = clock.now()
        template.save(update_fields=["last_reviewed_at"])
        record("template_reviewed", actor=user, template_id=template.pk, key=template.key, language=template.language)
    return template


def record_use(template: ReplyTemplate, conversation, user) -> None:
    """Counted when an agent inserts the template into a reply (the usage statistics)."""
    with transaction.atomic():
        now = clock.now()
        ReplyTemplate.objects.filter(pk=template.pk).update(usage_count=F("usage_count") + 1, last_used_at=now)
        record("template_inserted", conversation=conversation, actor=user, template_id=template.pk, key=template.key,
               language=template.language)


def load_starter_library() -> int:
    with transaction.atomic():
        return load_starter(ReplyTemplate, Event, clock.now())


def save_glossary_entry(user, *, source_language: str, term: str, target_language: str, translation: str):
    from sellerdesk.replies.models import GlossaryEntry

    values = [v.strip() for v in (source_language, term, target_language, translation)]
    if not all(values):
        raise ActionError("Fill in both languages, the term and its translation.")
    source_language, term, target_language, translation = values
    with transaction.atomic():
        entry, created = GlossaryEntry.objects.update_or_create(
            source_language=source_language.lower(), term=term, target_language=target_language.lower(),
            defaults={"translation": translation},
        )
        record("glossary_saved", actor=user, entry_id=entry.pk, term=term, translation=translation, created=created)
    return entry


def delete_glossary_entry(user, entry) -> None:
    with transaction.atomic():
        record("glossary_deleted", actor=user, entry_id=entry.pk, term=entry.term, translation=entry.translation)
        entry.delete()
